// Vendors: what goes out to vendor systems (given up on with the error and Retry, waiting,
// sent), "Sync now" to fetch the vendors' changes at once, and the scorecard: how fast each
// vendor answers and resolves against its underpinning SLA.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import type { VendorMessageDto, OutboxState } from '../../lib/backend';
import { directionLabel, useI18n, type Translate } from '../../lib/i18n';
import { kept, say } from '../../lib/messages';
import { formatDateTime, formatDuration } from '../../lib/format';
import { FormError } from '../../lib/ui';
import { useNavigation } from '../../app/navigation';
import { checkClassLabel, messageKindLabel, useVendors, vendorKeys } from './shared';

const TABS: (OutboxState | null)[] = ['dead', 'pending', 'sent', null];

function tabLabel(t: Translate, s: OutboxState | null): string {
  switch (s) {
    case 'dead':
      return t('vendors.outbox.dead');
    case 'pending':
      return t('vendors.outbox.pending');
    case 'sent':
      return t('vendors.outbox.sent');
    default:
      return t('vendors.outbox.all');
  }
}

export function VendorsView() {
  return (
    <section className="page vendors-view" data-testid="vendors-view">
      <SyncPanel />
      <GonePanel />
      <OutboxPanel />
      <ScorecardPanel />
    </section>
  );
}

function SyncPanel() {
  const { t } = useI18n();
  const qc = useQueryClient();
  const sync = useMutation({
    mutationFn: backend.syncVendorsNow,
    onSettled: () => {
      // A sync may move tickets, add vendor comments and change cases.
      void qc.invalidateQueries({ queryKey: vendorKeys.all });
      void qc.invalidateQueries({ queryKey: ['ticket'] });
      void qc.invalidateQueries({ queryKey: ['queue'] });
      void qc.invalidateQueries({ queryKey: ['views'] });
    },
  });
  const r = sync.data;
  return (
    <div className="panel" data-testid="vendor-sync">
      <div className="page-head">
        <h3 className="panel-title">{t('vendors.viewTitle')}</h3>
        <span className="toolbar-spacer" />
        <button type="button" className="btn btn-small" data-testid="vendor-sync-now" disabled={sync.isPending} onClick={() => sync.mutate()}>
          {sync.isPending ? t('vendors.syncing') : t('vendors.syncNow')}
        </button>
      </div>
      <p className="hint">{t('vendors.viewLead')}</p>
      {r ? (
        <div className={r.error ? 'form-error' : 'notice'} role="status" data-testid="vendor-sync-result">
          {t('vendors.syncReport', { cases: r.casesChanged, comments: r.commentsAdded, tickets: r.ticketsMoved })}
          {r.commentsMended > 0 ? <> {t('vendors.syncMended', { count: r.commentsMended })}</> : null}
          {r.casesGone > 0 ? <div data-testid="vendor-sync-gone">{t('vendors.syncGone', { count: r.casesGone })}</div> : null}
          {r.refusals.length > 0 ? (
            <div data-testid="vendor-sync-refused">
              {t('vendors.syncRefused', { count: r.refusals.length })}
              <ul>
                {r.refusals.map((m, i) => (
                  <li key={i}>{say(m)}</li>
                ))}
              </ul>
            </div>
          ) : null}
          {r.error ? <div data-testid="vendor-sync-error">{kept(r.error, r.errorMsg)}</div> : null}
        </div>
      ) : null}
      <FormError error={sync.error} />
    </div>
  );
}

/** Vendors whose cases the sync found deleted at the vendor: the engineer decides what next. */
function GonePanel() {
  const { t } = useI18n();
  const vendors = useVendors();
  const gone = (vendors.data ?? []).filter((v) => v.goneCases > 0);
  if (gone.length === 0) return null;
  return (
    <div className="panel" data-testid="vendor-gone">
      <div className="field-error" role="alert">
        {gone.map((v) => (
          <div key={v.id} data-testid={`vendor-gone-${v.id}`}>
            <strong>{v.name}</strong>: {t('vendors.goneCases', { count: v.goneCases })}
          </div>
        ))}
      </div>
      <p className="hint">{t('vendors.goneHint')}</p>
    </div>
  );
}

function OutboxPanel() {
  const { t } = useI18n();
  const [state, setState] = useState<OutboxState | null>('dead');
  const list = useQuery({
    queryKey: vendorKeys.outbox(state),
    queryFn: () => backend.vendorOutbox(state),
    // Waiting messages leave within seconds: follow them while that tab is open.
    refetchInterval: state === 'pending' ? 3000 : false,
  });
  const rows = list.data ?? [];
  return (
    <div className="panel" data-testid="vendor-outbox">
      <h3 className="panel-title" id="vendor-outbox-title">
        {t('vendors.outbox.title')}
      </h3>
      <div className="tabs" role="tablist" aria-labelledby="vendor-outbox-title">
        {TABS.map((s) => (
          <button
            key={s ?? 'all'}
            type="button"
            role="tab"
            id={`vendor-outbox-tab-${s ?? 'all'}`}
            aria-selected={state === s}
            aria-controls="vendor-outbox-panel"
            className={`tab${state === s ? ' active' : ''}`}
            data-testid={`vendor-outbox-tab-${s ?? 'all'}`}
            onClick={() => setState(s)}
          >
            {tabLabel(t, s)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="vendor-outbox-panel" aria-labelledby={`vendor-outbox-tab-${state ?? 'all'}`}>
        <FormError error={list.error} />
        {list.data?.length === 0 ? <p className="muted">{state === 'dead' ? t('vendors.outbox.noDead') : t('vendors.outbox.none')}</p> : null}
        {rows.length > 0 ? (
          <table className="data-table vendor-messages">
            <thead>
              <tr>
                <th scope="col">{t('vendors.col.ticket')}</th>
                <th scope="col">{t('vendors.col.vendor')}</th>
                <th scope="col">{t('vendors.col.kind')}</th>
                <th scope="col" className="num">
                  {t('vendors.col.attempts')}
                </th>
                <th scope="col">{t('vendors.col.outcome')}</th>
                <th scope="col">
                  <span className="sr-only">{t('vendors.col.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((m) => (
                <MessageRow key={m.id} message={m} />
              ))}
            </tbody>
          </table>
        ) : null}
      </div>
    </div>
  );
}

function MessageRow({ message: m }: { message: VendorMessageDto }) {
  const { t, language } = useI18n();
  const qc = useQueryClient();
  const nav = useNavigation();
  const retry = useMutation({
    mutationFn: () => backend.retryVendorMessage(m.id),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: vendorKeys.all });
      void qc.invalidateQueries({ queryKey: ['ticket'] });
    },
  });
  return (
    <tr data-testid={`vendor-message-${m.id}`} data-state={m.state}>
      <td>
        <button type="button" className="link-button mono" onClick={() => nav.go({ kind: 'ticket', id: m.ticketId })}>
          {m.ticketNumber}
        </button>
      </td>
      <td>
        {m.vendorName}
        {m.caseNumber ? <span className="muted"> · {t('vendors.caseNumber', { number: m.caseNumber })}</span> : null}
      </td>
      <td>{messageKindLabel(t, m.kind)}</td>
      <td className="num">{m.attempts}</td>
      <td>
        {m.state === 'sent' && m.sentAt !== null ? (
          <span className="muted">{t('vendors.outbox.sentAt', { when: formatDateTime(m.sentAt, language) })}</span>
        ) : m.state === 'pending' ? (
          <span className="muted">{t('vendors.outbox.nextAttempt', { when: formatDateTime(m.nextAttemptAt, language) })}</span>
        ) : null}
        {m.lastError ? (
          <div className={m.state === 'dead' ? 'field-error' : 'hint'} data-testid={`vendor-message-error-${m.id}`}>
            {m.errorClass ? <strong>{checkClassLabel(t, m.errorClass)}: </strong> : null}
            {kept(m.lastError ?? '', m.lastErrorMsg, language)}
          </div>
        ) : null}
        <FormError error={retry.error} />
      </td>
      <td>
        {m.state === 'dead' ? (
          <button type="button" className="btn btn-small" data-testid={`vendor-retry-${m.id}`} disabled={retry.isPending} onClick={() => retry.mutate()}>
            {t('vendors.retry')}
          </button>
        ) : null}
      </td>
    </tr>
  );
}

function ScorecardPanel() {
  const { t } = useI18n();
  const card = useQuery({ queryKey: vendorKeys.scorecard, queryFn: backend.vendorScorecard });
  const rows = card.data ?? [];
  const breaches = (n: number, target: number | null) => (
    <>
      <span className={n > 0 ? 'danger-text' : undefined}>{n}</span>
      <span className="muted"> / {target !== null ? t('vendors.score.target', { target: formatDuration(t, target) }) : t('vendors.score.noTarget')}</span>
    </>
  );
  return (
    <div className="panel" data-testid="vendor-scorecard">
      <h3 className="panel-title" id="vendor-scorecard-title">
        {t('vendors.score.title')}
      </h3>
      <p className="hint">{t('vendors.score.hint')}</p>
      <FormError error={card.error} />
      {card.data?.length === 0 ? <p className="muted">{t('vendors.score.none')}</p> : null}
      {rows.length > 0 ? (
        <table className="data-table scorecard" aria-labelledby="vendor-scorecard-title">
          <thead>
            <tr>
              <th scope="col">{t('vendors.col.vendor')}</th>
              <th scope="col">{t('vendors.col.direction')}</th>
              <th scope="col" className="num">
                {t('vendors.score.cases')}
              </th>
              <th scope="col" className="num">
                {t('vendors.score.resolved')}
              </th>
              <th scope="col" className="num">
                {t('vendors.score.median')}
              </th>
              <th scope="col" className="num">
                {t('vendors.score.p90')}
              </th>
              <th scope="col" className="num">
                {t('vendors.score.firstAnswer')}
              </th>
              <th scope="col">{t('vendors.score.ackBreaches')}</th>
              <th scope="col">{t('vendors.score.resolveBreaches')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.vendorId}-${r.direction}`} data-testid={`scorecard-${r.vendorId}-${r.direction}`}>
                <td>{r.vendorName}</td>
                <td>{r.direction === '*' ? t('vendors.sla.anyDirection') : directionLabel(t, r.direction)}</td>
                <td className="num">{r.cases}</td>
                <td className="num">{r.resolved}</td>
                <td className="num">{formatDuration(t, r.medianTurnaroundMinutes)}</td>
                <td className="num">{formatDuration(t, r.p90TurnaroundMinutes)}</td>
                <td className="num">{formatDuration(t, r.medianAcknowledgeMinutes)}</td>
                <td>{breaches(r.acknowledgeBreaches, r.acknowledgeTargetMinutes)}</td>
                <td>{breaches(r.resolveBreaches, r.resolveTargetMinutes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
