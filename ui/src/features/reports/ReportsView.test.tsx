import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as backend from '../../lib/backend';
import type { MetricsDto } from '../../lib/backend';
import { translator } from '../../lib/i18n';
import { renderWith } from '../../test/render';
import ReportsView, { complianceText, localDay, spreadText } from './ReportsView';

vi.mock('../../lib/backend', async (orig) => (await import('../../test/backendMock')).backendMock(orig));
// jsdom has no canvas: the chart is Chart.js's to draw; its place and label are ours.
vi.mock('./ChartCanvas', () => ({
  ChartCanvas: ({ label, testId }: { label: string; testId: string }) => <div role="img" aria-label={label} data-testid={testId} />,
}));
const api = vi.mocked(backend);

const metrics = (patch: Partial<MetricsDto>): MetricsDto => ({
  from: '2026-11-05',
  to: '2026-12-04',
  opened: 42,
  closed: 37,
  openAtEnd: 11,
  firstResponse: { count: 40, medianMinutes: 18, p90Minutes: 95 },
  resolution: { count: 37, medianMinutes: 300, p90Minutes: 2 * 24 * 60 },
  responseSla: { kept: 38, missed: 2, permille: 950 },
  resolutionSla: { kept: 30, missed: 7, permille: 811 },
  backlog: [{ day: '2026-12-04', opened: 3, closed: 2, open: 11 }],
  arrivals: Array.from({ length: 7 }, (_, d) => Array.from({ length: 24 }, (_, h) => (d === 0 && h === 9 ? 5 : 0))),
  engineers: [{ userId: 2, name: 'Ivan Sokolov', openNow: 4, opened: 20, closed: 18, loggedMinutes: 600 }],
  satisfaction: { ratings: [0, 0, 1, 2, 5], count: 8, averageCenti: 450 },
  vendors: [],
  rolledUp: false,
  ...patch,
});

describe('the Reports view', () => {
  beforeEach(() => {
    api.listUsers.mockResolvedValue([{ id: 2, name: 'Ivan Sokolov', role: 'engineer', duties: [] }] as unknown as Awaited<ReturnType<typeof backend.listUsers>>);
    api.listDirections.mockResolvedValue(['network', 'database']);
  });

  it('shows the figures of the last 30 days and asks again when a filter changes', async () => {
    const user = userEvent.setup();
    api.metrics.mockResolvedValue(metrics({}));
    renderWith(<ReportsView />);
    expect(await screen.findByTestId('metric-opened')).toHaveTextContent('42');
    expect(screen.getByTestId('metric-first-response')).toHaveTextContent('median 18 min · p90 1 h 35 min');
    expect(screen.getByTestId('metric-first-response')).not.toHaveTextContent('≈');
    expect(screen.getByTestId('metric-response-sla')).toHaveTextContent('95.0 % kept · 2 missed');
    expect(screen.getByTestId('metric-resolution-sla')).toHaveClass('tile-soon');
    expect(screen.getByTestId('metric-satisfaction')).toHaveTextContent('4.50 of 5 (8 ratings)');
    expect(within(screen.getByTestId('metrics-engineers')).getByText('Ivan Sokolov')).toBeInTheDocument();
    expect(screen.getByTestId('chart-backlog')).toBeInTheDocument();
    const first = api.metrics.mock.calls[0][0];
    expect(first.to).toBe(localDay(new Date()));
    expect(first).toMatchObject({ clientId: null, engineerId: null, channel: null });
    await user.selectOptions(screen.getByTestId('metrics-engineer'), '2');
    await waitFor(() => expect(api.metrics).toHaveBeenLastCalledWith(expect.objectContaining({ engineerId: 2 })));
    await user.selectOptions(screen.getByTestId('metrics-channel'), 'email');
    await waitFor(() => expect(api.metrics).toHaveBeenLastCalledWith(expect.objectContaining({ engineerId: 2, channel: 'email' })));
  });

  it('exports the CSV and says where it went; a refused period says why', async () => {
    const user = userEvent.setup();
    api.metrics.mockResolvedValue(metrics({}));
    api.exportMetrics.mockResolvedValue({ path: '/home/lena/Downloads/switchboard-metrics.csv', opened: true });
    renderWith(<ReportsView />);
    await user.click(await screen.findByTestId('metrics-export'));
    expect(await screen.findByTestId('metrics-exported')).toHaveTextContent('switchboard-metrics.csv');
    api.metrics.mockRejectedValue(new backend.BackendError('invalid_input', 'the period ends (2026-12-01) before it starts (2026-12-04); swap the dates', 'to'));
    await user.clear(screen.getByTestId('metrics-to'));
    await user.type(screen.getByTestId('metrics-to'), '2026-12-01');
    expect(await screen.findByText(/swap the dates/)).toBeInTheDocument();
  });

  it('marks the times read from the hourly rollup as approximate', async () => {
    api.metrics.mockResolvedValue(metrics({ rolledUp: true }));
    renderWith(<ReportsView />);
    expect(await screen.findByTestId('metric-resolution')).toHaveTextContent('≈ median 5 h · p90 2 d');
  });

  it('words spreads and compliance in either language', () => {
    expect(spreadText(translator('ru'), { count: 3, medianMinutes: 90, p90Minutes: 240 })).toBe('медиана 1 ч 30 мин · p90 4 ч');
    expect(complianceText(translator('en'), { kept: 0, missed: 0, permille: null })).toBe('—');
  });
});
