// The lead's metrics: a period and filters; response and resolution times, SLA compliance,
// the backlog day by day, arrivals by weekday and hour, each engineer's load, satisfaction and
// the vendors' turnaround; CSV export. Loaded when first opened (it brings the chart library).
import { useMemo, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { ChartConfiguration } from 'chart.js';
import * as backend from '../../lib/backend';
import type { Channel, ComplianceDto, Line, MetricsDto, MetricsQuery, SpreadDto } from '../../lib/backend';
import { channelLabel, directionLabel, lineLabel, useT, type Translate } from '../../lib/i18n';
import { useClientPicker, useDirections, useUsers } from '../../lib/queries';
import { FilterSelect, FormError } from '../../lib/ui';
import { ChartCanvas } from './ChartCanvas';
import { formatDuration } from '../../lib/format';

const LINES: Line[] = ['l1', 'l2', 'l3'];
const CHANNELS: Channel[] = ['desktop', 'phone', 'email', 'monitoring', 'vendor'];
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** A local date as YYYY-MM-DD. */
export function localDay(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export default function ReportsView() {
  const t = useT();
  const now = new Date();
  const [query, setQuery] = useState<MetricsQuery>({
    from: localDay(new Date(now.getFullYear(), now.getMonth(), now.getDate() - 29)),
    to: localDay(now),
    clientId: null,
    direction: null,
    line: null,
    engineerId: null,
    channel: null,
  });
  const set = (patch: Partial<MetricsQuery>) => setQuery((q) => ({ ...q, ...patch }));
  const clients = useClientPicker('');
  const directions = useDirections();
  const users = useUsers();
  const metrics = useQuery({ queryKey: ['metrics', query], queryFn: () => backend.metrics(query), placeholderData: (prev) => prev });
  const exportCsv = useMutation({ mutationFn: () => backend.exportMetrics(query) });
  const m = metrics.data;
  return (
    <section className="page reports" data-testid="reports">
      <div className="toolbar reports-filters">
        <label className="filter filter-date">
          {t('hours.from')} <input type="date" data-testid="metrics-from" value={query.from} onChange={(e) => set({ from: e.target.value })} />
        </label>
        <label className="filter filter-date">
          {t('hours.to')} <input type="date" data-testid="metrics-to" value={query.to} onChange={(e) => set({ to: e.target.value })} />
        </label>
        <FilterSelect
          testId="metrics-client"
          label={t('card.client')}
          all={t('queue.client.all')}
          value={query.clientId}
          options={(clients.data?.rows ?? []).map((c) => ({ value: c.id, label: `${c.code} · ${c.name}` }))}
          onChange={(v) => set({ clientId: v ? Number(v) : null })}
        />
        <FilterSelect
          testId="metrics-direction"
          label={t('card.direction')}
          all={t('queue.direction.all')}
          value={query.direction}
          options={(directions.data ?? []).map((d) => ({ value: d, label: directionLabel(t, d) }))}
          onChange={(v) => set({ direction: v })}
        />
        <FilterSelect testId="metrics-line" label={t('card.line')} all={t('queue.line.all')} value={query.line} options={LINES.map((l) => ({ value: l, label: lineLabel(t, l) }))} onChange={(v) => set({ line: v as Line | null })} narrow />
        <FilterSelect
          testId="metrics-engineer"
          label={t('reports.engineer')}
          all={t('reports.everyone')}
          value={query.engineerId}
          options={(users.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
          onChange={(v) => set({ engineerId: v ? Number(v) : null })}
        />
        <FilterSelect
          testId="metrics-channel"
          label={t('card.channel')}
          all={t('queue.channel.all')}
          value={query.channel}
          options={CHANNELS.map((c) => ({ value: c, label: channelLabel(t, c) }))}
          onChange={(v) => set({ channel: v as Channel | null })}
        />
        <span className="toolbar-spacer" />
        <button type="button" className="btn" data-testid="metrics-export" disabled={exportCsv.isPending || !m} onClick={() => exportCsv.mutate()}>
          {t('reports.exportCsv')}
        </button>
      </div>
      {exportCsv.data ? (
        <p className="hint" data-testid="metrics-exported">
          {t(exportCsv.data.opened ? 'email.attachmentOpened' : 'email.attachmentSaved', { path: exportCsv.data.path })}
        </p>
      ) : null}
      <FormError error={metrics.error ?? exportCsv.error} />
      {m ? <Report m={m} t={t} /> : metrics.isLoading ? <p className="muted">{t('reports.loading')}</p> : null}
    </section>
  );
}

function Report({ m, t }: { m: MetricsDto; t: Translate }) {
  const backlog = useMemo<ChartConfiguration>(
    () => ({
      type: 'bar',
      data: {
        labels: m.backlog.map((d) => d.day.slice(5)),
        datasets: [
          { type: 'bar', label: t('reports.opened'), data: m.backlog.map((d) => d.opened), backgroundColor: '#3b6fd8' },
          { type: 'bar', label: t('reports.resolved'), data: m.backlog.map((d) => d.closed), backgroundColor: '#2f9e6a' },
          { type: 'line', label: t('reports.openAtEnd'), data: m.backlog.map((d) => d.open), borderColor: '#d9822b', backgroundColor: '#d9822b', yAxisID: 'open', pointRadius: 0 },
        ],
      },
      options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } }, open: { position: 'right', beginAtZero: true, ticks: { precision: 0 }, grid: { drawOnChartArea: false } } } },
    }),
    [m, t],
  );
  const load = useMemo<ChartConfiguration>(
    () => ({
      type: 'bar',
      data: {
        labels: m.engineers.map((e) => e.name),
        datasets: [
          { label: t('reports.openNow'), data: m.engineers.map((e) => e.openNow), backgroundColor: '#d9822b' },
          { label: t('reports.resolved'), data: m.engineers.map((e) => e.closed), backgroundColor: '#2f9e6a' },
          { label: t('reports.loggedHours'), data: m.engineers.map((e) => Math.round(e.loggedMinutes / 6) / 10), backgroundColor: '#8a6cd1' },
        ],
      },
      options: { indexAxis: 'y', scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
    }),
    [m, t],
  );
  const most = Math.max(1, ...m.arrivals.flat());
  return (
    <>
      <div className="tiles" data-testid="metrics-tiles">
        <Tile label={t('reports.opened')} value={String(m.opened)} testId="metric-opened" />
        <Tile label={t('reports.resolved')} value={String(m.closed)} testId="metric-resolved" />
        <Tile label={t('reports.openAtEnd')} value={String(m.openAtEnd)} testId="metric-open" />
        <Tile label={t('reports.firstResponse')} value={spreadText(t, m.firstResponse, m.rolledUp)} testId="metric-first-response" hint={m.rolledUp ? t('reports.approximate') : undefined} />
        <Tile label={t('reports.resolution')} value={spreadText(t, m.resolution, m.rolledUp)} testId="metric-resolution" hint={m.rolledUp ? t('reports.approximate') : undefined} />
        <Tile label={t('reports.responseSla')} value={complianceText(t, m.responseSla)} testId="metric-response-sla" tone={tone(m.responseSla)} />
        <Tile label={t('reports.resolutionSla')} value={complianceText(t, m.resolutionSla)} testId="metric-resolution-sla" tone={tone(m.resolutionSla)} />
        <Tile
          label={t('reports.satisfaction')}
          value={m.satisfaction.averageCenti === null ? '—' : t('reports.rating', { average: (m.satisfaction.averageCenti / 100).toFixed(2), count: m.satisfaction.count })}
          testId="metric-satisfaction"
        />
      </div>
      <div className="panel">
        <h3 className="panel-title">{t('reports.backlog')}</h3>
        <ChartCanvas config={backlog} label={t('reports.backlog')} testId="chart-backlog" />
      </div>
      <div className="reports-row">
        <div className="panel">
          <h3 className="panel-title">{t('reports.engineers')}</h3>
          {m.engineers.length === 0 ? (
            <p className="muted">{t('reports.none')}</p>
          ) : (
            <>
              <ChartCanvas config={load} label={t('reports.engineers')} testId="chart-load" height={Math.max(120, 40 * m.engineers.length)} />
              <table className="data-table" data-testid="metrics-engineers">
                <thead>
                  <tr>
                    <th>{t('reports.engineer')}</th>
                    <th>{t('reports.openNow')}</th>
                    <th>{t('reports.opened')}</th>
                    <th>{t('reports.resolved')}</th>
                    <th>{t('reports.loggedHours')}</th>
                  </tr>
                </thead>
                <tbody>
                  {m.engineers.map((e) => (
                    <tr key={e.userId}>
                      <td>{e.name}</td>
                      <td>{e.openNow}</td>
                      <td>{e.opened}</td>
                      <td>{e.closed}</td>
                      <td>{formatDuration(t, e.loggedMinutes)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </div>
        <div className="panel">
          <h3 className="panel-title">{t('reports.arrivals')}</h3>
          <table className="heatmap" data-testid="metrics-heatmap">
            <thead>
              <tr>
                <th />
                {Array.from({ length: 24 }, (_, h) => (
                  <th key={h}>{h % 3 === 0 ? h : ''}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {m.arrivals.map((hours, d) => (
                <tr key={d}>
                  <th>{t(`sla.day.${WEEKDAYS[d]}`)}</th>
                  {hours.map((n, h) => (
                    <td key={h} title={`${t(`sla.day.${WEEKDAYS[d]}`)} ${String(h).padStart(2, '0')}:00 · ${n}`} style={{ background: n ? `rgba(59, 111, 216, ${0.12 + (0.88 * n) / most})` : undefined }} />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <div className="panel">
        <h3 className="panel-title">{t('reports.vendors')}</h3>
        {m.vendors.length === 0 ? (
          <p className="muted">{t('reports.none')}</p>
        ) : (
          <table className="data-table" data-testid="metrics-vendors">
            <thead>
              <tr>
                <th>{t('reports.vendor')}</th>
                <th>{t('card.direction')}</th>
                <th>{t('reports.cases')}</th>
                <th>{t('reports.turnaround')}</th>
                <th>{t('reports.breaches')}</th>
              </tr>
            </thead>
            <tbody>
              {m.vendors.map((v) => (
                <tr key={`${v.vendorId}-${v.direction}`}>
                  <td>{v.vendorName}</td>
                  <td>{directionLabel(t, v.direction)}</td>
                  <td>
                    {v.resolved}/{v.cases}
                  </td>
                  <td>
                    {formatDuration(t, v.medianTurnaroundMinutes)} · p90 {formatDuration(t, v.p90TurnaroundMinutes)}
                  </td>
                  <td>{v.acknowledgeBreaches + v.resolveBreaches}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </>
  );
}

function Tile({ label, value, testId, tone, hint }: { label: string; value: string; testId: string; tone?: string; hint?: string }) {
  return (
    <div className={`tile ${tone ? `tile-${tone}` : ''}`} data-testid={testId} title={hint}>
      <span className="tile-label">{label}</span>
      <strong className="tile-value">{value}</strong>
    </div>
  );
}

export function spreadText(t: Translate, s: SpreadDto, approximate = false): string {
  if (s.medianMinutes === null) return '—';
  const text = t('reports.spread', { median: formatDuration(t, s.medianMinutes), p90: formatDuration(t, s.p90Minutes) });
  return approximate ? `≈ ${text}` : text;
}

export function complianceText(t: Translate, c: ComplianceDto): string {
  if (c.permille === null) return '—';
  return t('reports.kept', { percent: (c.permille / 10).toFixed(1), missed: c.missed });
}

function tone(c: ComplianceDto): string | undefined {
  if (c.permille === null) return undefined;
  return c.permille >= 950 ? 'ok' : c.permille >= 800 ? 'soon' : 'late';
}
