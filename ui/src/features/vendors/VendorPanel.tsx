// The card's vendor cases: each case the ticket has at a vendor (its number and link, state,
// the vendor's own status, the underpinning SLA's targets, messages still to deliver or given
// up on), "Reopen at vendor" once the vendor has resolved it, and "Escalate to vendor".
import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import { keys } from '../../lib/queries';
import type { BondDto, SlaTargetDto, TicketDto, VendorDto } from '../../lib/backend';
import { directionLabel, useI18n } from '../../lib/i18n';
import { say, kept } from '../../lib/messages';
import { formatDateTime, formatDuration, formatRelative, isFinished } from '../../lib/format';
import { Dialog, FieldError, FormError } from '../../lib/ui';
import { useTicketChanged } from '../ticket/useTicketChanged';
import { bondStateLabel, useVendors, vendorKeys } from './shared';
import { useCardPainted } from '../ticket/firstPaint';

/** A case still being opened, or with messages on their way, is followed closely (every 5 s);
 * a case the vendor still works on every 10 s (its replies come in with the sync); otherwise
 * the panel looks again as often as the card does. */
export function bondsRefetchInterval(bonds: BondDto[] | undefined): number {
  if (bonds?.some((b) => b.state === 'pending' || b.pendingMessages > 0)) return 5000;
  if (bonds?.some((b) => b.state === 'open' || b.state === 'suspended')) return 10_000;
  return 30_000;
}

/** What changes when the vendor sync brings something in: a case's state or its last sync. */
function syncSignature(bonds: BondDto[] | undefined): string | undefined {
  return bonds?.map((b) => `${b.id}:${b.state}:${b.lastSyncAt ?? ''}:${b.caseNumber ?? ''}`).join('|');
}

export function VendorPanel({ ticket }: { ticket: TicketDto }) {
  const { t } = useI18n();
  const [escalating, setEscalating] = useState(false);
  const painted = useCardPainted();
  const bonds = useQuery({
    queryKey: vendorKeys.bonds(ticket.id),
    queryFn: () => backend.ticketBonds(ticket.id),
    enabled: painted,
    // The vendor worker opens cases and delivers comments within seconds: follow them then.
    refetchInterval: (q) => bondsRefetchInterval(q.state.data),
  });
  // The sync brought the vendor's reply or status: the card's thread and status show it now,
  // not at the card's next look.
  const qc = useQueryClient();
  const signature = syncSignature(bonds.data);
  const seen = useRef(signature);
  useEffect(() => {
    if (signature !== undefined && seen.current !== undefined && signature !== seen.current) {
      void qc.invalidateQueries({ queryKey: keys.ticket(ticket.id), exact: true });
    }
    seen.current = signature;
  }, [signature, qc, ticket.id]);
  const list = bonds.data ?? [];
  const finished = isFinished(ticket.status);
  return (
    <section className="panel vendor-panel" data-testid="vendor-panel" aria-labelledby={`vendor-panel-title-${ticket.id}`}>
      <h3 className="panel-title" id={`vendor-panel-title-${ticket.id}`}>
        {t('vendors.cardTitle')} {list.length > 0 ? <span className="count">{list.length}</span> : null}
      </h3>
      <FormError error={bonds.error} />
      {bonds.data?.length === 0 ? <p className="muted">{t('vendors.noCases')}</p> : null}
      <ul className="bonds">
        {list.map((b) => (
          <BondRow key={b.id} bond={b} ticketId={ticket.id} />
        ))}
      </ul>
      <button
        type="button"
        className="btn btn-small"
        data-testid="escalate-open"
        disabled={finished}
        title={finished ? t('vendors.escalateFinished') : undefined}
        onClick={() => setEscalating(true)}
      >
        {t('vendors.escalate')}
      </button>
      {escalating ? <EscalateDialog ticket={ticket} onClose={() => setEscalating(false)} /> : null}
    </section>
  );
}

function BondRow({ bond: b, ticketId }: { bond: BondDto; ticketId: number }) {
  const { t, language } = useI18n();
  const changed = useTicketChanged(ticketId);
  const [asking, setAsking] = useState(false);
  const [comment, setComment] = useState('');
  const reopen = useMutation({
    mutationFn: () => backend.reopenBond(b.id, comment),
    onSuccess: () => {
      setAsking(false);
      setComment('');
      changed();
    },
  });
  const reopenErr = reopen.error ? backend.BackendError.from(reopen.error) : null;
  const commentErr = reopenErr?.field === 'comment' ? reopenErr.message : null;
  const gone = b.goneAt !== null;
  const canReopen = (b.state === 'resolved' || b.state === 'closed') && !gone;
  const caseLabel = b.caseNumber ? t('vendors.caseNumber', { number: b.caseNumber }) : null;
  return (
    <li className={`bond bond-${b.state}`} data-testid={`bond-${b.id}`} data-state={b.state}>
      <div className="bond-head">
        <strong data-testid={`bond-vendor-${b.id}`}>{b.vendorName}</strong>
        {caseLabel && b.caseUrl ? (
          <a href={b.caseUrl} target="_blank" rel="noopener noreferrer" data-testid={`bond-case-${b.id}`} title={t('vendors.openCase')}>
            {caseLabel}
          </a>
        ) : caseLabel ? (
          <span data-testid={`bond-case-${b.id}`}>{caseLabel}</span>
        ) : (
          <span className="muted">{t('vendors.noCaseYet')}</span>
        )}
      </div>
      <div className="bond-state">
        <span className={`pill bond-pill bond-pill-${gone ? 'gone' : b.state}`} data-testid={`bond-state-${b.id}`}>
          {gone ? t('vendors.gone') : bondStateLabel(t, b.state)}
        </span>
        {b.vendorStatusRaw ? (
          <span className="muted" data-testid={`bond-vendor-status-${b.id}`}>
            {' '}
            {t('vendors.vendorSays', { status: b.vendorStatusRaw })}
          </span>
        ) : null}
      </div>
      {gone ? (
        <div className="field-error" role="alert" data-testid={`bond-gone-${b.id}`}>
          {t('vendors.goneHint')}
        </div>
      ) : null}
      {b.state === 'resolved' ? (
        <div className="notice" role="status" data-testid={`bond-resolved-hint-${b.id}`}>
          {t('vendors.resolvedHint')}
        </div>
      ) : null}
      <dl className="bond-sla">
        <Target label={t('vendors.target.acknowledge')} target={b.acknowledge} testId={`bond-ack-${b.id}`} />
        <Target label={t('vendors.target.resolve')} target={b.resolve} testId={`bond-resolve-${b.id}`} />
      </dl>
      {b.pendingMessages > 0 || b.deadMessages > 0 ? (
        <div className={b.deadMessages > 0 ? 'field-error' : 'hint'} data-testid={`bond-delivery-${b.id}`}>
          {t('vendors.delivery', { pending: b.pendingMessages, dead: b.deadMessages })}
          {b.lastError ? <div className="bond-error">{kept(b.lastError, b.lastErrorMsg, language)}</div> : null}
        </div>
      ) : b.lastError ? (
        <div className="field-error" data-testid={`bond-delivery-${b.id}`}>
          {kept(b.lastError ?? '', b.lastErrorMsg, language)}
        </div>
      ) : null}
      <div className="hint">
        {t('vendors.escalatedBy', { name: b.escalatedBy })} · <span title={formatDateTime(b.escalatedAt ?? b.createdAt, language)}>{formatRelative(b.escalatedAt ?? b.createdAt, language)}</span>
      </div>
      {canReopen && !asking ? (
        <button type="button" className="btn btn-small" data-testid={`bond-reopen-${b.id}`} onClick={() => setAsking(true)}>
          {t('vendors.reopen')}
        </button>
      ) : null}
      {canReopen && asking ? (
        <form
          className="bond-reopen"
          data-testid={`bond-reopen-form-${b.id}`}
          onSubmit={(e) => {
            e.preventDefault();
            if (comment.trim()) reopen.mutate();
          }}
        >
          <label htmlFor={`bond-reopen-comment-${b.id}`}>{t('vendors.reopenComment')}</label>
          <textarea
            id={`bond-reopen-comment-${b.id}`}
            data-testid={`bond-reopen-comment-${b.id}`}
            rows={3}
            value={comment}
            aria-invalid={commentErr !== null}
            onChange={(e) => setComment(e.target.value)}
          />
          <FieldError field="comment" message={commentErr} />
          <div className="row-actions">
            <button type="submit" className="btn btn-primary btn-small" data-testid={`bond-reopen-confirm-${b.id}`} disabled={!comment.trim() || reopen.isPending}>
              {t('vendors.reopenConfirm')}
            </button>
            <button
              type="button"
              className="btn btn-small"
              onClick={() => {
                setAsking(false);
                reopen.reset();
              }}
            >
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : null}
      {commentErr ? null : <FormError error={reopen.error} />}
    </li>
  );
}

function Target({ label, target, testId }: { label: string; target: SlaTargetDto; testId: string }) {
  const { t, language } = useI18n();
  let text: string;
  switch (target.state) {
    case 'running':
      text = target.dueAt !== null ? t('vendors.target.running', { due: formatDateTime(target.dueAt, language) }) : t('vendors.target.runningNoDue');
      break;
    case 'met':
      text = target.tookMinutes !== null ? t('vendors.target.met', { took: formatDuration(t, target.tookMinutes) }) : t('vendors.target.metPlain');
      break;
    case 'breached':
      text = target.dueAt !== null ? t('vendors.target.breached', { due: formatDateTime(target.dueAt, language) }) : t('vendors.target.breachedPlain');
      break;
    default:
      text = t('vendors.target.none');
  }
  return (
    <div className="field-row">
      <dt>{label}</dt>
      <dd className={`sla-target sla-${target.state}`} data-testid={testId} data-state={target.state}>
        {text}
      </dd>
    </div>
  );
}

/** Vendors that serve `direction` (or every direction) first, then the other enabled ones. */
export function vendorChoices(vendors: VendorDto[], direction: string): { serving: VendorDto[]; others: VendorDto[] } {
  const enabled = vendors.filter((v) => v.enabled);
  const serves = (v: VendorDto) => v.directions.length === 0 || v.directions.includes(direction);
  return { serving: enabled.filter(serves), others: enabled.filter((v) => !serves(v)) };
}

function EscalateDialog({ ticket, onClose }: { ticket: TicketDto; onClose: () => void }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const changed = useTicketChanged(ticket.id);
  const vendors = useVendors();
  const { serving, others } = vendorChoices(vendors.data ?? [], ticket.direction);
  const [picked, setPicked] = useState<number | null>(null);
  const [note, setNote] = useState('');
  const vendorId = picked ?? serving[0]?.id ?? others[0]?.id ?? null;
  const escalate = useMutation({
    mutationFn: () => backend.escalateTicket({ ticketId: ticket.id, vendorId: vendorId ?? 0, note: note.trim() || null }),
    onSuccess: () => {
      changed();
      void qc.invalidateQueries({ queryKey: vendorKeys.all });
      onClose();
    },
  });
  const err = escalate.error ? backend.BackendError.from(escalate.error) : null;
  const none = vendors.data !== undefined && serving.length === 0 && others.length === 0;
  return (
    <Dialog title={t('vendors.escalateTitle', { number: ticket.number })} onClose={onClose} testId="escalate-dialog">
      <form
        className="form"
        data-testid="escalate-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (vendorId !== null) escalate.mutate();
        }}
      >
        {none ? (
          <p className="muted" data-testid="escalate-no-vendors">
            {t('vendors.escalateNone')}
          </p>
        ) : (
          <div className="field">
            <label htmlFor="escalate-vendor">{t('vendors.vendor')}</label>
            <select
              id="escalate-vendor"
              data-testid="escalate-vendor"
              value={vendorId ?? ''}
              aria-invalid={err?.field === 'vendor'}
              onChange={(e) => setPicked(Number(e.target.value))}
            >
              {serving.length > 0 ? (
                <optgroup label={t('vendors.serving', { direction: directionLabel(t, ticket.direction) })}>
                  {serving.map((v) => (
                    <option key={v.id} value={v.id}>
                      {v.name} · {say(v.kindLabel)}
                    </option>
                  ))}
                </optgroup>
              ) : null}
              {others.length > 0 ? (
                <optgroup label={t('vendors.otherVendors')}>
                  {others.map((v) => (
                    <option key={v.id} value={v.id}>
                      {v.name} · {say(v.kindLabel)}
                    </option>
                  ))}
                </optgroup>
              ) : null}
            </select>
            {serving.length === 0 && others.length > 0 ? <div className="hint">{t('vendors.noneServing', { direction: directionLabel(t, ticket.direction) })}</div> : null}
            <FieldError field="vendor" message={err?.field === 'vendor' ? err.message : null} />
          </div>
        )}
        <div className="field">
          <label htmlFor="escalate-note">{t('vendors.note')}</label>
          <textarea id="escalate-note" data-testid="escalate-note" rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
          <div className="hint">{t('vendors.noteHint')}</div>
        </div>
        {err?.field === 'vendor' ? null : <FormError error={escalate.error ?? vendors.error} />}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" data-testid="escalate-submit" disabled={vendorId === null || escalate.isPending}>
            {t('vendors.escalateSubmit')}
          </button>
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
