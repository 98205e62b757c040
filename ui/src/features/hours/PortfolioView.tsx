// The account manager's portfolio: every active package, the ones that crossed a threshold this
// week on top, then by the days until they run out; a row opens the client's hours.
import { useQuery } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import type { BudgetThresholdDto } from '../../lib/backend';
import { directionLabel, useI18n } from '../../lib/i18n';
import { formatHours } from '../../lib/hours';
import { FormError, Skeleton } from '../../lib/ui';
import { useNavigation } from '../../app/navigation';
import { hoursKeys } from './ClientHoursView';

export function PortfolioView() {
  const { t } = useI18n();
  const nav = useNavigation();
  const portfolio = useQuery({ queryKey: hoursKeys.portfolio, queryFn: backend.portfolio });
  const rows = { data: portfolio.data?.rows, error: portfolio.error };
  const uncovered = portfolio.data?.uncovered ?? [];
  return (
    <section className="page" data-testid="portfolio">
      <div className="page-head">
        <h2>{t('hours.portfolio')}</h2>
        <span className="muted">{t('hours.portfolioHint')}</span>
      </div>
      <FormError error={rows.error} />
      {!rows.data && !rows.error ? <Skeleton height={120} /> : null}
      {rows.data?.length === 0 ? <p className="panel muted">{t('hours.noActivePackages')}</p> : null}
      {rows.data && rows.data.length > 0 ? (
        <table className="panel portfolio-table">
          <thead>
            <tr>
              <th>{t('hours.client')}</th>
              <th>{t('hours.package')}</th>
              <th className="num">{t('hours.used')}</th>
              <th>{t('hours.usedVsElapsed')}</th>
              <th className="num">{t('hours.left')}</th>
              <th>{t('hours.runsOut')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.data.map((r) => (
              <tr
                key={r.packageId}
                className={`clickable ${r.crossedThisWeek.length > 0 || r.budgetsCrossedThisWeek.length > 0 ? 'row-alert' : ''}`}
                data-testid={`portfolio-row-${r.packageId}`}
                onClick={() => nav.go({ kind: 'clientHours', id: r.clientId })}
              >
                <td>
                  <span className="mono">{r.clientCode}</span> <span className="muted">{r.clientName}</span>
                </td>
                <td>{r.packageName}</td>
                <td className="num mono">
                  {formatHours(r.usedMinutes)} / {formatHours(r.totalMinutes)}
                </td>
                <td className="bar-cell">
                  <span className="bar" title={`${r.usedPercent}% / ${r.elapsedPercent}%`}>
                    <span className={`bar-fill ${r.usedPercent >= 100 ? 'danger' : r.burningFast ? 'warn' : ''}`} style={{ width: `${Math.min(100, r.usedPercent)}%` }} />
                    <span className="bar-mark" style={{ left: `${r.elapsedPercent}%` }} />
                  </span>{' '}
                  <span className="muted">
                    {r.usedPercent}% / {r.elapsedPercent}%
                  </span>
                </td>
                <td className="num mono">{formatHours(r.leftMinutes)}</td>
                <td>
                  {r.runsOutOn ? (
                    <span className={r.runsOutOn <= r.end ? 'warn-text' : ''}>
                      {r.runsOutOn} · {t('hours.inDays', { count: r.daysLeft ?? 0 })}
                    </span>
                  ) : (
                    <span className="muted">{t('hours.lastsPeriod', { end: r.end })}</span>
                  )}
                </td>
                <td>
                  {r.crossedThisWeek.map((x) => (
                    <span key={x} className={`chip ${x >= 100 ? 'chip-danger' : x >= 90 ? 'chip-warn' : ''}`}>
                      {x}%
                    </span>
                  ))}
                  {highestPerDirection(r.budgetsCrossedThisWeek).map((c) => (
                    <span key={c.direction} className={`chip ${c.threshold >= 100 ? 'chip-danger' : c.threshold >= 90 ? 'chip-warn' : ''}`} data-testid={`portfolio-crossed-${r.packageId}-${c.direction}`}>
                      {directionLabel(t, c.direction)} {c.threshold}%
                    </span>
                  ))}
                  {r.burningFast ? <span className="chip chip-warn">{t('hours.fast')}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {uncovered.length > 0 ? (
        <div className="panel" data-testid="portfolio-uncovered">
          <h3 className="panel-title">{t('hours.uncovered')}</h3>
          <ul className="uncovered">
            {uncovered.map((c) => (
              <li key={c.clientId}>
                <button type="button" className="link-button" data-testid={`portfolio-uncovered-${c.clientCode}`} onClick={() => nav.go({ kind: 'clientHours', id: c.clientId })}>
                  <span className="mono">{c.clientCode}</span> {c.clientName}
                </button>{' '}
                <span className="muted">{c.lastEnd ? t('hours.lastEnded', { end: c.lastEnd }) : t('hours.neverHad')}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

/** A direction's budget crossing several thresholds in a week shows the highest. */
function highestPerDirection(list: BudgetThresholdDto[]): BudgetThresholdDto[] {
  const top = new Map<string, number>();
  for (const c of list) top.set(c.direction, Math.max(c.threshold, top.get(c.direction) ?? 0));
  return [...top.entries()].map(([direction, threshold]) => ({ direction, threshold }));
}
