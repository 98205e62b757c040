import { describe, expect, it, vi, beforeEach } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import * as backend from '../../lib/backend';
import type { ClientDashboardDto, PackageDto, PortfolioRowDto } from '../../lib/backend';
import { renderWith } from '../../test/render';
import { ClientHoursView } from './ClientHoursView';
import { PortfolioView } from './PortfolioView';

vi.mock('../../lib/backend', async (orig) => (await import('../../test/backendMock')).backendMock(orig));
const api = vi.mocked(backend);

const pkg: PackageDto = {
  id: 4,
  clientId: 3,
  clientCode: 'NORD',
  clientName: 'Nord Logistics',
  terms: {
    clientId: 3,
    name: 'Support 2026',
    start: '2026-11-01',
    end: '2026-11-30',
    sharedMinutes: null,
    directions: [
      { direction: 'hardware', minutes: 60 },
      { direction: 'network', minutes: 120 },
    ],
    stackOrder: 1,
    rounding: 15,
    minimum: 30,
    workTypes: [{ workType: 'remote', percent: 100 }],
    overage: 'block',
    overageMinutes: null,
    overageRate: null,
    rollover: 'none',
    rolloverLimit: null,
    rolloverExpiresDays: null,
    thresholds: [50, 75, 90, 100],
    burnMargin: 10,
  },
  closed: false,
  renewedFromId: null,
  rolledUntil: null,
  budgets: [
    { direction: 'hardware', budgetMinutes: 60, rolledMinutes: 0, usedMinutes: 0, leftMinutes: 60, overageMinutes: 0, usedPercent: 0, thresholdsCrossed: [] },
    { direction: 'network', budgetMinutes: 120, rolledMinutes: 0, usedMinutes: 120, leftMinutes: 0, overageMinutes: 0, usedPercent: 100, thresholdsCrossed: [50, 75, 90, 100] },
  ],
  totalMinutes: 180,
  usedMinutes: 120,
  leftMinutes: 60,
  overageMinutes: 0,
  usedPercent: 66,
  elapsedPercent: 76,
  burningFast: false,
  runsOutOn: '2026-11-28',
  usedLast30: 120,
  thresholdsCrossed: [50],
  active: true,
};

const dash: ClientDashboardDto = {
  clientId: 3,
  clientCode: 'NORD',
  clientName: 'Nord Logistics',
  today: '2026-11-23',
  drafts: 2,
  packages: [
    {
      package: pkg,
      burnDown: [
        { day: '2026-11-01', left: 180, ideal: 174 },
        { day: '2026-11-02', left: 60, ideal: 168 },
        { day: '2026-11-03', left: null, ideal: 162 },
      ],
      history: [{ actorName: 'Mira', at: 1_700_000_000_000, change: 'created', summary: '2026-11-01 – 2026-11-30, 3:00' }],
    },
  ],
};

describe('a client’s hours', () => {
  beforeEach(() => vi.clearAllMocks());

  it('shows each package: figures, budgets, thresholds and the burn-down', async () => {
    api.clientDashboard.mockResolvedValue(dash);
    renderWith(<ClientHoursView clientId={3} />);
    expect(await screen.findByTestId('package-used-4')).toHaveTextContent('2:00 / 3:00');
    expect(screen.getByTestId('package-left-4')).toHaveTextContent('1:00');
    expect(screen.getByTestId('package-runs-out-4')).toHaveTextContent('2026-11-28');
    expect(screen.getByTestId('package-thresholds-4')).toHaveTextContent('50%');
    expect(within(screen.getByTestId('budget-4-network')).getByText('Network')).toBeInTheDocument();
    // The network budget's own thresholds, its highest shown on its row.
    expect(screen.getByTestId('budget-crossed-4-network')).toHaveTextContent('100%');
    expect(screen.queryByTestId('budget-crossed-4-hardware')).toBeNull();
    expect(screen.getByTestId('burn-down-4-actual')).toBeInTheDocument();
    expect(screen.getByTestId('burn-down-4-ideal').getAttribute('d')!.split('L')).toHaveLength(3);
  });

  it('approves a period and exports the statement', async () => {
    api.clientDashboard.mockResolvedValue(dash);
    api.approveTime.mockResolvedValue(2);
    api.exportStatement.mockResolvedValue({ path: '/home/mira/Downloads/NORD-hours.pdf', opened: true });
    renderWith(<ClientHoursView clientId={3} />);
    await userEvent.click(await screen.findByTestId('approve-period'));
    await waitFor(() => expect(api.approveTime).toHaveBeenCalledWith({ ids: [], clientId: 3, from: '2026-11-01', to: '2026-11-23' }));
    expect(await screen.findByTestId('approved-count')).toHaveTextContent('2 entries approved');
    await userEvent.click(screen.getByTestId('export-pdf'));
    await waitFor(() =>
      expect(api.exportStatement).toHaveBeenCalledWith({ clientId: 3, from: '2026-11-01', to: '2026-11-23', format: 'pdf', leaveOutDrafts: false }),
    );
    expect(await screen.findByTestId('export-saved')).toHaveTextContent('NORD-hours.pdf');
    // Drafts are in (marked) unless left out when exporting.
    await userEvent.click(screen.getByTestId('export-leave-out-drafts'));
    await userEvent.click(screen.getByTestId('export-csv'));
    await waitFor(() =>
      expect(api.exportStatement).toHaveBeenLastCalledWith({ clientId: 3, from: '2026-11-01', to: '2026-11-23', format: 'csv', leaveOutDrafts: true }),
    );
  });

  it('creates a package from the form, and names the field the back end refuses', async () => {
    api.clientDashboard.mockResolvedValue({ ...dash, packages: [] });
    api.createPackage.mockRejectedValueOnce(new backend.BackendError('invalid_input', 'the period ends before it starts', 'end'));
    api.createPackage.mockResolvedValueOnce(pkg);
    renderWith(<ClientHoursView clientId={3} />);
    await userEvent.click(await screen.findByTestId('package-new'));
    await userEvent.type(screen.getByTestId('package-name'), 'Support 2026');
    await userEvent.type(screen.getByTestId('package-shared-hours'), '40');
    await userEvent.click(screen.getByTestId('package-save'));
    expect(await screen.findByText('the period ends before it starts')).toBeInTheDocument();
    expect(screen.getByTestId('package-end')).toHaveAttribute('aria-invalid', 'true');
    await userEvent.click(screen.getByTestId('package-save'));
    await waitFor(() => expect(api.createPackage).toHaveBeenCalledTimes(2));
    const input = api.createPackage.mock.calls[1][0];
    expect(input).toMatchObject({ clientId: 3, name: 'Support 2026', sharedMinutes: 2400, start: '2026-11-01', end: '2026-11-30', rounding: 15, minimum: 30 });
    expect(input.workTypes).toEqual([
      { workType: 'remote', percent: 100 },
      { workType: 'on_site', percent: 150 },
      { workType: 'after_hours', percent: 200 },
    ]);
    await waitFor(() => expect(screen.queryByTestId('package-form')).toBeNull());
  });
});

describe('the portfolio', () => {
  it('lists packages as the back end orders them and opens a client', async () => {
    const row = (patch: Partial<PortfolioRowDto>): PortfolioRowDto => ({
      clientId: 3,
      clientCode: 'NORD',
      clientName: 'Nord Logistics',
      packageId: 4,
      packageName: 'Support 2026',
      end: '2026-11-30',
      totalMinutes: 180,
      usedMinutes: 120,
      leftMinutes: 60,
      usedPercent: 66,
      elapsedPercent: 76,
      burningFast: false,
      runsOutOn: '2026-11-28',
      daysLeft: 5,
      crossedThisWeek: [50],
      budgetsCrossedThisWeek: [],
      ...patch,
    });
    api.portfolio.mockResolvedValue({
      rows: [
        row({}),
        row({ packageId: 5, clientId: 8, clientCode: 'VOLGA', crossedThisWeek: [], runsOutOn: null, daysLeft: 40 }),
        // Only the database budget crossed: the row is on top with the direction named.
        row({
          packageId: 6,
          clientId: 9,
          clientCode: 'KAMA',
          crossedThisWeek: [],
          usedPercent: 9,
          budgetsCrossedThisWeek: [
            { direction: 'database', threshold: 90 },
            { direction: 'database', threshold: 100 },
          ],
        }),
      ],
      uncovered: [{ clientId: 9, clientCode: 'SEVER', clientName: 'Sever', lastEnd: '2026-10-31' }],
    });
    const { nav } = renderWith(<PortfolioView />);
    const first = await screen.findByTestId('portfolio-row-4');
    expect(first).toHaveTextContent('NORD');
    expect(first).toHaveTextContent('2026-11-28 · in 5 days');
    expect(first).toHaveTextContent('50%');
    expect(first.className).toContain('row-alert');
    expect(screen.getByTestId('portfolio-row-5')).toHaveTextContent('lasts until 2026-11-30');
    expect(screen.getByTestId('portfolio-row-6').className).toContain('row-alert');
    expect(screen.getByTestId('portfolio-crossed-6-database')).toHaveTextContent('Database 100%');
    await userEvent.click(screen.getByTestId('portfolio-row-5'));
    expect(nav.go).toHaveBeenCalledWith({ kind: 'clientHours', id: 8 });
    expect(screen.getByTestId('portfolio-uncovered')).toHaveTextContent('the last one ended 2026-10-31');
    await userEvent.click(screen.getByTestId('portfolio-uncovered-SEVER'));
    expect(nav.go).toHaveBeenCalledWith({ kind: 'clientHours', id: 9 });
  });
});
