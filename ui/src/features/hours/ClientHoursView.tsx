// One client's hours, for the account manager: every package with used and left per direction,
// the burn-down and the day it runs out, thresholds crossed, its history and the entries behind
// it; approving a period's drafts; the statement (PDF or CSV) for a period.
import { useCan } from '../../lib/queries';
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import type { PackageDetailDto, PackageDto } from '../../lib/backend';
import { directionLabel, en, useI18n, type MessageKey, type Translate } from '../../lib/i18n';
import { formatDateTime } from '../../lib/format';
import { formatHours } from '../../lib/hours';
import { say } from '../../lib/messages';
import { FormError, Skeleton } from '../../lib/ui';
import { useNavigation } from '../../app/navigation';
import { BurnDown } from './BurnDown';
import { PackageForm } from './PackageForm';
import { workTypeLabel } from './TimePanel';

export const hoursKeys = {
  dashboard: (clientId: number) => ['hours', 'client', clientId] as const,
  portfolio: ['hours', 'portfolio'] as const,
  entries: (packageId: number) => ['hours', 'package', packageId, 'entries'] as const,
};

function firstOfMonth(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

export function ClientHoursView({ clientId }: { clientId: number }) {
  const { t } = useI18n();
  const canPackages = useCan('packages');
  const nav = useNavigation();
  const dash = useQuery({ queryKey: hoursKeys.dashboard(clientId), queryFn: () => backend.clientDashboard(clientId) });
  const [editing, setEditing] = useState<PackageDto | 'new' | null>(null);
  const d = dash.data;
  return (
    <section className="page" data-testid="client-hours">
      <div className="page-head">
        <button type="button" className="btn btn-ghost" onClick={() => nav.go({ kind: 'hours' })}>
          ← {t('nav.hours')}
        </button>
        <h2>{d ? t('hours.clientTitle', { code: d.clientCode, name: d.clientName }) : <Skeleton width={240} />}</h2>
        <span className="toolbar-spacer" />
        <button type="button" className="btn" onClick={() => nav.go({ kind: 'client', id: clientId })}>
          {t('hours.clientCard')}
        </button>
        {canPackages ? (
          <button type="button" className="btn btn-primary" data-testid="package-new" onClick={() => setEditing('new')}>
            + {t('hours.newPackage')}
          </button>
        ) : null}
      </div>
      <FormError error={dash.error} />
      {d && editing ? (
        <PackageForm clientId={clientId} existing={editing === 'new' ? null : editing} today={d.today} onDone={() => setEditing(null)} />
      ) : null}
      {d ? <PeriodActions clientId={clientId} today={d.today} drafts={d.drafts} t={t} /> : null}
      {d && d.packages.length === 0 ? <p className="panel muted">{t('hours.noPackages')}</p> : null}
      {d?.packages.map((p) => (
        <PackagePanel key={p.package.id} detail={p} t={t} onEdit={() => setEditing(p.package)} />
      ))}
    </section>
  );
}

function PeriodActions({ clientId, today, drafts, t }: { clientId: number; today: string; drafts: number; t: Translate }) {
  const qc = useQueryClient();
  const [from, setFrom] = useState(firstOfMonth(today));
  const [to, setTo] = useState(today);
  const [leaveOutDrafts, setLeaveOutDrafts] = useState(false);
  const approve = useMutation({
    mutationFn: () => backend.approveTime({ ids: [], clientId, from, to }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['hours'] }),
  });
  const invoice = useMutation({
    mutationFn: () => backend.invoiceTime({ ids: [], clientId, from, to }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['hours'] }),
  });
  const exportAs = useMutation({
    mutationFn: (format: 'pdf' | 'csv') => backend.exportStatement({ clientId, from, to, format, leaveOutDrafts }),
  });
  return (
    <div className="panel period-actions" data-testid="period-actions">
      <label>
        {t('hours.from')} <input type="date" data-testid="period-from" value={from} onChange={(e) => setFrom(e.target.value)} />
      </label>
      <label>
        {t('hours.to')} <input type="date" data-testid="period-to" value={to} onChange={(e) => setTo(e.target.value)} />
      </label>
      <button type="button" className="btn" data-testid="approve-period" disabled={approve.isPending} onClick={() => approve.mutate()}>
        {t('hours.approvePeriod')} {drafts > 0 ? <span className="count">{t('hours.draftsWaiting', { count: drafts })}</span> : null}
      </button>
      <button type="button" className="btn" data-testid="invoice-period" disabled={invoice.isPending} onClick={() => invoice.mutate()}>
        {t('hours.invoicePeriod')}
      </button>
      <label className="check" title={t('hours.leaveOutDraftsHint')}>
        <input type="checkbox" data-testid="export-leave-out-drafts" checked={leaveOutDrafts} onChange={(e) => setLeaveOutDrafts(e.target.checked)} />{' '}
        {t('hours.leaveOutDrafts')}
      </label>
      <button type="button" className="btn" data-testid="export-pdf" disabled={exportAs.isPending} onClick={() => exportAs.mutate('pdf')}>
        {t('hours.exportPdf')}
      </button>
      <button type="button" className="btn" data-testid="export-csv" disabled={exportAs.isPending} onClick={() => exportAs.mutate('csv')}>
        {t('hours.exportCsv')}
      </button>
      {approve.data !== undefined ? (
        <span className="hint" data-testid="approved-count">
          {t('hours.approved', { count: approve.data })}
        </span>
      ) : null}
      {invoice.data !== undefined ? (
        <span className="hint" data-testid="invoiced-count">
          {t('hours.invoiced', { count: invoice.data })}
        </span>
      ) : null}
      {exportAs.data ? (
        <span className="hint" data-testid="export-saved">
          {t(exportAs.data.opened ? 'email.attachmentOpened' : 'email.attachmentSaved', { path: exportAs.data.path })}
        </span>
      ) : null}
      <FormError error={approve.error ?? invoice.error ?? exportAs.error} />
    </div>
  );
}

function PackagePanel({ detail, t, onEdit }: { detail: PackageDetailDto; t: Translate; onEdit: () => void }) {
  const qc = useQueryClient();
  const canPackages = useCan('packages');
  const p = detail.package;
  const [showEntries, setShowEntries] = useState(false);
  const [showHistory, setShowHistory] = useState(false);
  const refresh = () => void qc.invalidateQueries({ queryKey: ['hours'] });
  const renew = useMutation({ mutationFn: () => backend.renewPackage(p.id), onSuccess: refresh });
  const close = useMutation({ mutationFn: () => backend.closePackage(p.id), onSuccess: refresh });
  const state = p.closed ? t('hours.closed') : p.active ? t('hours.active') : t('hours.notActive');
  return (
    <article className={`panel package ${p.active ? '' : 'package-inactive'}`} data-testid={`package-${p.id}`}>
      <header className="package-head">
        <h3>
          {p.terms.name} <span className="muted">· {p.terms.start} – {p.terms.end} · {state}</span>
        </h3>
        <span className="toolbar-spacer" />
        {!p.closed && canPackages ? (
          <>
            <button type="button" className="btn btn-small" data-testid={`package-edit-${p.id}`} onClick={onEdit}>
              {t('hours.edit')}
            </button>
            <button type="button" className="btn btn-small" data-testid={`package-renew-${p.id}`} onClick={() => renew.mutate()}>
              {t('hours.renew')}
            </button>
            <button type="button" className="btn btn-small btn-ghost" data-testid={`package-close-${p.id}`} onClick={() => close.mutate()}>
              {t('hours.close')}
            </button>
          </>
        ) : null}
      </header>
      <FormError error={renew.error ?? close.error} />
      <div className="package-figures">
        <Figure label={t('hours.used')} value={`${formatHours(p.usedMinutes)} / ${formatHours(p.totalMinutes)}`} testId={`package-used-${p.id}`} />
        <Figure label={t('hours.left')} value={formatHours(p.leftMinutes)} testId={`package-left-${p.id}`} tone={p.leftMinutes <= 0 ? 'danger' : undefined} />
        <Figure
          label={t('hours.usedVsElapsed')}
          value={`${p.usedPercent}% / ${p.elapsedPercent}%`}
          tone={p.burningFast ? 'warn' : undefined}
          testId={`package-burn-${p.id}`}
        />
        <Figure
          label={t('hours.runsOut')}
          value={p.runsOutOn ?? (!p.active ? '—' : p.usedLast30 > 0 ? t('hours.lastsPeriod', { end: p.terms.end }) : t('hours.notLately'))}
          tone={p.runsOutOn && p.runsOutOn <= p.terms.end ? 'warn' : undefined}
          testId={`package-runs-out-${p.id}`}
        />
        {p.overageMinutes !== 0 ? <Figure label={t('time.overage')} value={formatHours(p.overageMinutes)} tone="danger" /> : null}
      </div>
      {p.burningFast ? <div className="banner banner-warn">{t('hours.burningFast')}</div> : null}
      {p.thresholdsCrossed.length > 0 ? (
        <div className="chips" data-testid={`package-thresholds-${p.id}`}>
          {t('hours.thresholdsCrossed')}{' '}
          {p.thresholdsCrossed.map((x) => (
            <span key={x} className={`chip ${x >= 100 ? 'chip-danger' : x >= 90 ? 'chip-warn' : ''}`}>
              {x}%
            </span>
          ))}
        </div>
      ) : null}
      <div className="package-body">
        <table className="budgets">
          <thead>
            <tr>
              <th>{t('hours.direction')}</th>
              <th className="num">{t('hours.budget')}</th>
              <th className="num">{t('hours.used')}</th>
              <th className="num">{t('hours.left')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {p.budgets.map((b) => {
              // The back end's percent: overage counts as used, as in the thresholds.
              const pct = Math.min(100, b.usedPercent);
              return (
                <tr key={b.direction} data-testid={`budget-${p.id}-${b.direction || 'shared'}`}>
                  <td>{b.direction ? directionLabel(t, b.direction) : t('hours.sharedPool')}</td>
                  <td className="num mono">
                    {formatHours(b.budgetMinutes)}
                    {b.rolledMinutes > 0 ? <span className="muted"> +{formatHours(b.rolledMinutes)}</span> : null}
                  </td>
                  <td className="num mono">{formatHours(b.usedMinutes)}</td>
                  <td className="num mono">{formatHours(b.leftMinutes)}</td>
                  <td className="bar-cell">
                    <span className="bar" title={`${b.usedPercent}%`}>
                      <span className={`bar-fill ${pct >= 100 ? 'danger' : pct >= 90 ? 'warn' : ''}`} style={{ width: `${pct}%` }} />
                    </span>{' '}
                    {b.thresholdsCrossed.length > 0 ? (
                      <span className="chip chip-danger" data-testid={`budget-crossed-${p.id}-${b.direction}`}>
                        {Math.max(...b.thresholdsCrossed)}%
                      </span>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <BurnDown points={detail.burnDown} total={p.totalMinutes} t={t} testId={`burn-down-${p.id}`} />
      </div>
      <div className="row-actions">
        <button type="button" className="btn btn-ghost btn-small" data-testid={`package-entries-toggle-${p.id}`} onClick={() => setShowEntries((s) => !s)}>
          {showEntries ? '▾' : '▸'} {t('hours.entriesBehind')}
        </button>
        <button type="button" className="btn btn-ghost btn-small" onClick={() => setShowHistory((s) => !s)}>
          {showHistory ? '▾' : '▸'} {t('hours.history')} ({detail.history.length})
        </button>
      </div>
      {showHistory ? (
        <ul className="history">
          {detail.history.map((h, i) => (
            <li key={i}>
              <HistoryLine at={h.at} who={h.actorName} change={h.change} summary={h.msg ? say(h.msg) : h.summary} t={t} />
            </li>
          ))}
        </ul>
      ) : null}
      {showEntries ? <PackageEntries packageId={p.id} t={t} /> : null}
    </article>
  );
}

function HistoryLine({ at, who, change, summary, t }: { at: number; who: string; change: string; summary: string; t: Translate }) {
  const { language } = useI18n();
  const key = `hours.change.${change}`;
  return (
    <span>
      <span className="muted">{formatDateTime(at, language)}</span> {who}: {key in en ? t(key as MessageKey) : change} {summary ? `— ${summary}` : ''}
    </span>
  );
}

function PackageEntries({ packageId, t }: { packageId: number; t: Translate }) {
  const entries = useQuery({ queryKey: hoursKeys.entries(packageId), queryFn: () => backend.packageEntries(packageId, null) });
  const nav = useNavigation();
  if (!entries.data) return <FormError error={entries.error} />;
  if (entries.data.length === 0) return <p className="muted">{t('time.none')}</p>;
  return (
    <table className="entries" data-testid={`package-entries-${packageId}`}>
      <tbody>
        {entries.data.map((e) => (
          <tr key={e.id}>
            <td className="mono">{e.workDate}</td>
            <td>
              <button type="button" className="link-button mono" onClick={() => nav.go({ kind: 'ticket', id: e.ticketId })}>
                {e.ticketNumber}
              </button>{' '}
              {e.ticketSubject}
            </td>
            <td>{e.userName}</td>
            <td>{workTypeLabel(t, e.workType)}</td>
            <td className="num mono">{formatHours(e.billableMinutes)}</td>
            <td>{t(`time.stateName.${e.state}` as MessageKey)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Figure({ label, value, tone, testId }: { label: string; value: string; tone?: 'warn' | 'danger'; testId?: string }) {
  return (
    <div className={`figure ${tone ?? ''}`} data-testid={testId}>
      <div className="figure-label">{label}</div>
      <div className="figure-value mono">{value}</div>
    </div>
  );
}
