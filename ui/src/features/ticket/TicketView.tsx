// The ticket card: header, fields, actions, the conversation and the audit trail. It opens on
// the queue row's data at once and fills in the rest as it arrives: never a bare spinner.
import { useEffect, useLayoutEffect, useState, type ReactNode } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTicketChanged } from './useTicketChanged';
import * as backend from '../../lib/backend';
import type { Line, SatisfactionDto, TicketCard, TicketDto } from '../../lib/backend';
import { channelLabel, directionLabel, levelLabel, lineLabel, useI18n } from '../../lib/i18n';
import { formatDateTime, formatRelative } from '../../lib/format';
import { keys, useUsers } from '../../lib/queries';
import { BookIcon, FieldError, FormError, PriorityBadge, Skeleton, StatusPill, errorText } from '../../lib/ui';
import { useNavigation, type TicketHead } from '../../app/navigation';
import { StatusActions } from './StatusActions';
import { EditConflictNotice, isEditConflict, useReloadCard } from './EditConflictNotice';
import { CommentThread } from './CommentThread';
import { TimePanel } from '../hours/TimePanel';
import { RoutingPanel } from '../routing/RoutingPanel';
import { VendorPanel } from '../vendors/VendorPanel';
import { AuditTrail } from './AuditTrail';
import { EditTicketDialog } from './EditTicketDialog';
import { ClocksPanel } from '../sla/ClocksPanel';
import { MergedBanner, RelatedPanel } from './RelatedPanel';
import { TicketEmailPanel } from '../email/TicketEmailPanel';
import { AlertPanel } from '../monitoring/AlertPanel';
import { SuggestionsPanel } from '../kb/SuggestionsPanel';
import { afterPaint, mark, markPainted } from '../../lib/perf';
import { CardPaintedContext, noteCardShown, useFirstPaintDone } from './firstPaint';
import { kept } from '../../lib/messages';

/** `onRehearsed`: the card is rendered out of sight to warm the window up (`CardRehearsal`);
 *  called once it is painted. It marks nothing and its panels ask for nothing. */
export function TicketView({ id, head, me, onRehearsed }: { id: number; head?: TicketHead; me: number; onRehearsed?: () => void }) {
  const { t } = useI18n();
  const nav = useNavigation();
  // Replies by email and alert changes arrive through the background workers: an open card
  // looks again every half minute.
  // No polling: live updates (lib/live.ts) mark the card stale when anyone changes it.
  const card = useQuery({ queryKey: keys.ticket(id), queryFn: () => backend.ticketCard(id) });
  const ticket = card.data?.ticket;
  const shown: TicketHead | undefined = ticket ?? head;
  const number = ticket?.number;
  const painted = useFirstPaintDone();
  const rehearsal = onRehearsed !== undefined;
  // In the DOM (before the paint), then painted: the two tell script time from paint time.
  useLayoutEffect(() => {
    if (number && !rehearsal) mark('sb:card-rendered', number);
  }, [number, rehearsal]);
  useEffect(() => {
    if (!number) return;
    if (onRehearsed) return afterPaint(onRehearsed);
    noteCardShown();
    markPainted('sb:card-painted', number);
  }, [number, onRehearsed]);

  return (
    <article className="ticket-card" data-testid="ticket-card" aria-busy={card.isPending}>
      <header className="card-head">
        <button type="button" className="btn btn-ghost" data-testid="back-to-queue" onClick={() => nav.go({ kind: 'queue' })}>
          ← {t('card.back')} <kbd>{t('card.backHint')}</kbd>
        </button>
        <div className="card-title">
          <div className="card-title-line">
            {shown ? (
              <>
                <span className="mono card-number" data-testid="card-number">
                  {shown.number}
                </span>
                <PriorityBadge priority={shown.priority} testId="card-priority" />
                <StatusPill status={shown.status} testId="card-status" />
                {shown.clientCode ? (
                  <span className="muted" title={shown.clientName}>
                    {shown.clientCode} · {shown.clientName}
                  </span>
                ) : null}
              </>
            ) : (
              <Skeleton width={260} height={18} />
            )}
          </div>
          <h2 className="card-subject" data-testid="card-subject">
            {shown ? shown.subject : <Skeleton width="60%" height={22} />}
          </h2>
        </div>
      </header>
      {card.isError ? (
        <div className="banner banner-error" role="alert" data-testid="form-error">
          <strong>{t('card.failed')}</strong> {errorText(t, card.error)}
          <button type="button" className="btn btn-small" onClick={() => void card.refetch()}>
            {t('app.retry')}
          </button>
        </div>
      ) : null}
      {card.data ? (
        <CardPaintedContext.Provider value={painted && !rehearsal}>
          <CardBody card={card.data} me={me} />
        </CardPaintedContext.Provider>
      ) : card.isError ? null : (
        <CardBodySkeleton />
      )}
    </article>
  );
}

function CardBodySkeleton() {
  const { t } = useI18n();
  return (
    <div className="card-body" aria-label={t('card.loading')}>
      <div className="card-main">
        <section className="panel">
          <Skeleton width="40%" />
          <div className="gap" />
          <Skeleton />
          <div className="gap" />
          <Skeleton width="85%" />
        </section>
        <section className="panel">
          <Skeleton width="30%" />
          <div className="gap" />
          <Skeleton width="90%" height={40} />
        </section>
      </div>
      <aside className="card-side">
        <section className="panel">
          {Array.from({ length: 8 }, (_, i) => (
            <div key={i} className="skeleton-field">
              <Skeleton width="35%" />
              <Skeleton width="50%" />
            </div>
          ))}
        </section>
      </aside>
    </div>
  );
}

function CardBody({ card, me }: { card: TicketCard; me: number }) {
  const { t } = useI18n();
  const nav = useNavigation();
  const { ticket } = card;
  return (
    <div className="card-body">
      <div className="card-main">
        {ticket.mergedInto && ticket.mergedIntoId !== null ? <MergedBanner number={ticket.mergedInto} id={ticket.mergedIntoId} /> : null}
        <StatusActions ticket={ticket} />
        <section className="panel">
          <h3 className="panel-title">{t('card.description')}</h3>
          {ticket.description ? <p className="description">{ticket.description}</p> : <p className="muted">{t('card.noDescription')}</p>}
        </section>
        <CommentThread ticketId={ticket.id} comments={card.comments} />
        <TimePanel ticketId={ticket.id} />
      </div>
      <aside className="card-side">
        <WorkPanel ticket={ticket} me={me} />
        {card.satisfaction ? <SatisfactionPanel satisfaction={card.satisfaction} /> : null}
        <ClocksPanel ticketId={ticket.id} />
        <FieldsPanel ticket={ticket} />
        <RoutingPanel ticketId={ticket.id} />
        <VendorPanel ticket={ticket} />
        <TicketEmailPanel ticketId={ticket.id} />
        {ticket.channel === 'monitoring' ? <AlertPanel ticketId={ticket.id} /> : null}
        {ticket.status === 'resolved' || ticket.status === 'closed' ? (
          <button
            type="button"
            className="btn"
            data-testid="kb-from-ticket"
            onClick={() => nav.go({ kind: 'article', id: null, draftFrom: ticket.id })}
          >
            <BookIcon /> {t('kb.fromTicketAction')}
          </button>
        ) : (
          <SuggestionsPanel text={ticket.subject} exceptTicketId={ticket.id} testId="card-suggestions" />
        )}
        <RelatedPanel card={card} />
        <AuditTrail audit={card.audit} />
      </aside>
    </div>
  );
}

function FieldsPanel({ ticket }: { ticket: TicketDto }) {
  const { t, language } = useI18n();
  const [editing, setEditing] = useState(false);
  const when = (ms: number) => (
    <span title={formatRelative(ms, language)}>{formatDateTime(ms, language)}</span>
  );
  const rows: [string, ReactNode][] = [
    [t('card.client'), <span title={ticket.clientName}><span className="client-code">{ticket.clientCode}</span> {ticket.clientName}</span>],
    [t('card.direction'), directionLabel(t, ticket.direction)],
    [t('card.impact'), levelLabel(t, ticket.impact)],
    [t('card.urgency'), levelLabel(t, ticket.urgency)],
    [t('card.priority'), <PriorityBadge priority={ticket.priority} />],
    [t('card.channel'), <span data-testid="card-channel" data-channel={ticket.channel}>{channelLabel(t, ticket.channel)}</span>],
    [t('card.line'), <span className="line-tag">{lineLabel(t, ticket.line)}</span>],
    [t('card.assignee'), ticket.assigneeName ?? <span className="muted">{t('queue.unassigned')}</span>],
    [t('card.created'), <>{when(ticket.createdAt)} · {ticket.createdByName}</>],
    [t('card.updated'), when(ticket.updatedAt)],
  ];
  if (ticket.resolvedAt !== null) rows.push([t('card.resolved'), when(ticket.resolvedAt)]);
  if (ticket.closedAt !== null) rows.push([t('card.closed'), when(ticket.closedAt)]);
  if (ticket.closedByName) rows.push([t('card.closedBy'), ticket.closedByName]);
  return (
    <section className="panel">
      <div className="panel-head">
        <h3 className="panel-title">{t('card.fields')}</h3>
        {ticket.mergedIntoId === null ? (
          <button type="button" className="btn btn-small" data-testid="edit-ticket" onClick={() => setEditing(true)}>
            {t('ticket.edit')}
          </button>
        ) : null}
      </div>
      {editing ? <EditTicketDialog ticket={ticket} onClose={() => setEditing(false)} /> : null}
      <dl className="fields">
        {rows.map(([label, value]) => (
          <div key={label} className="field-row">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {ticket.resolutionNote ? (
        <div className="resolution">
          <div className="resolution-label">{t('card.resolutionNote')}</div>
          <p data-testid="resolution-note">{kept(ticket.resolutionNote, ticket.resolutionNoteMsg, language)}</p>
        </div>
      ) : null}
    </section>
  );
}

/** Who works on it and on which line: take it, give it, hand it over. Each change names the
 * version shown; "Assign to me" is first come, first served. */
function WorkPanel({ ticket, me }: { ticket: TicketDto; me: number }) {
  const { t } = useI18n();
  const users = useUsers();
  const changed = useTicketChanged(ticket.id);
  const [line, setLine] = useState<Line>(ticket.line);
  const [lineNote, setLineNote] = useState('');

  const take = useMutation({ mutationFn: (version: number) => backend.takeTicket(ticket.id, version), onSuccess: changed });
  const assign = useMutation({
    mutationFn: (input: { assigneeId: number | null; version: number }) =>
      backend.assignTicket({ ticketId: ticket.id, assigneeId: input.assigneeId, version: input.version }),
    onSuccess: changed,
  });
  const moveLine = useMutation({
    mutationFn: (version: number) => backend.setLine({ ticketId: ticket.id, line, note: lineNote.trim() || null, version }),
    onSuccess: (updated) => {
      setLineNote('');
      changed(updated);
    },
  });
  const refresh = useMutation({ mutationFn: useReloadCard(ticket.id) });
  const lineErr = moveLine.error ? backend.BackendError.from(moveLine.error) : null;
  const lineFieldErr = lineErr?.code === 'invalid_input' && (lineErr.field === 'line' || lineErr.field === 'note') ? lineErr : null;
  const error = take.error ?? assign.error ?? (lineFieldErr ? null : moveLine.error);
  const conflict = error ? backend.BackendError.from(error) : null;
  // Re-applies the refused change on the reloaded card; "Assign to me" lost to someone else
  // becomes an explicit reassignment, which the person asks for with this button.
  const reapply = () =>
    refresh.mutate(undefined, {
      onSuccess: (version) => {
        if (take.error) {
          take.reset();
          assign.mutate({ assigneeId: me, version });
        } else if (assign.error && assign.variables) {
          assign.mutate({ assigneeId: assign.variables.assigneeId, version });
        } else if (moveLine.error) {
          moveLine.mutate(version);
        }
      },
    });
  const reloadOnly = () =>
    refresh.mutate(undefined, {
      onSuccess: () => {
        take.reset();
        assign.reset();
        moveLine.reset();
      },
    });

  return (
    <section className="panel work-panel">
      <div className="work-row">
        <label htmlFor="assignee-select">{t('card.assignTo')}</label>
        <div className="inline">
          <select
            id="assignee-select"
            data-testid="assignee-select"
            value={ticket.assigneeId ?? ''}
            disabled={assign.isPending}
            onChange={(e) => assign.mutate({ assigneeId: e.target.value ? Number(e.target.value) : null, version: ticket.version })}
          >
            <option value="">{t('common.nobody')}</option>
            {ticket.assigneeId !== null && !(users.data ?? []).some((u) => u.id === ticket.assigneeId) ? (
              <option value={ticket.assigneeId}>{ticket.assigneeName}</option>
            ) : null}
            {(users.data ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="btn btn-small"
            data-testid="assign-self"
            disabled={ticket.assigneeId === me || take.isPending}
            onClick={() => take.mutate(ticket.version)}
          >
            {t('card.assignSelf')}
          </button>
        </div>
      </div>
      <div className="work-row">
        <label htmlFor="line-select">{t('card.lineTo')}</label>
        <div className="inline">
          <select id="line-select" data-testid="line-select" value={line} onChange={(e) => setLine(e.target.value as Line)}>
            {(['l1', 'l2', 'l3'] as const).map((l) => (
              <option key={l} value={l}>
                {lineLabel(t, l)}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="btn btn-small"
            data-testid="line-apply"
            disabled={line === ticket.line || moveLine.isPending}
            onClick={() => moveLine.mutate(ticket.version)}
          >
            {t('card.lineApply')}
          </button>
        </div>
        <textarea
            className="line-note"
            data-testid="line-note"
            rows={2}
            aria-label={t('card.lineNote')}
            placeholder={t('card.lineNote')}
            value={lineNote}
            onChange={(e) => setLineNote(e.target.value)}
          />
        <FieldError field={lineFieldErr?.field ?? 'line'} message={lineFieldErr?.message} />
      </div>
      {isEditConflict(conflict) ? (
        <EditConflictNotice
          error={conflict}
          reapplyLabel={t(take.error ? 'conflict.takeAnyway' : 'conflict.reapply')}
          busy={refresh.isPending || take.isPending || assign.isPending || moveLine.isPending}
          onReapply={reapply}
          onReload={reloadOnly}
        />
      ) : (
        <FormError error={error} />
      )}
    </section>
  );
}


/** The client's answer to the satisfaction request: the rating and what they wrote below it. */
function SatisfactionPanel({ satisfaction }: { satisfaction: SatisfactionDto }) {
  const { t, language } = useI18n();
  return (
    <section className="panel" data-testid="satisfaction">
      <h3 className="panel-title">{t('notices.satisfaction')}</h3>
      {satisfaction.rating !== null ? (
        <>
          <p className="rating" data-testid="satisfaction-rating" aria-label={t('notices.ratingOf', { rating: satisfaction.rating })}>
            {'★'.repeat(satisfaction.rating)}
            {'☆'.repeat(5 - satisfaction.rating)} <strong>{satisfaction.rating}/5</strong>
          </p>
          {satisfaction.comment ? <p className="description" data-testid="satisfaction-comment">{satisfaction.comment}</p> : null}
        </>
      ) : (
        <p className="muted" data-testid="satisfaction-waiting">
          {t('notices.ratingAsked', { when: formatDateTime(satisfaction.requestedAt, language) })}
        </p>
      )}
    </section>
  );
}
