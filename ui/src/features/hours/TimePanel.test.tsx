import { describe, expect, it, vi, beforeEach } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import * as backend from '../../lib/backend';
import type { PackageDto, TicketTimeDto, TimeEntryDto } from '../../lib/backend';
import { renderWith } from '../../test/render';
import { TimePanel } from './TimePanel';

vi.mock('../../lib/backend', async (orig) => (await import('../../test/backendMock')).backendMock(orig));
const api = vi.mocked(backend);

const pkg = {
  id: 4,
  terms: { name: 'Support 2026', end: '2026-12-31' },
  leftMinutes: 150,
  budgets: [
    { direction: 'hardware', budgetMinutes: 60, rolledMinutes: 0, usedMinutes: 0, leftMinutes: 60 },
    { direction: 'network', budgetMinutes: 120, rolledMinutes: 0, usedMinutes: 30, leftMinutes: 90 },
  ],
} as unknown as PackageDto;

function entry(patch: Partial<TimeEntryDto>): TimeEntryDto {
  return {
    id: 1,
    ticketId: 7,
    ticketNumber: 'SB-000007',
    ticketSubject: 'VPN',
    direction: 'network',
    userName: 'Egor',
    workDate: '2026-11-23',
    actualMinutes: 20,
    billableMinutes: 30,
    coveredMinutes: 30,
    overageMinutes: 0,
    workType: 'remote',
    billable: true,
    note: 'Checked the switch',
    state: 'draft',
    adjustsId: null,
    movedFrom: null,
    approvedBy: null,
    draws: [],
    ...patch,
  };
}

function time(patch: Partial<TicketTimeDto> = {}): TicketTimeDto {
  return {
    direction: 'network',
    entries: [],
    timer: null,
    packages: [pkg],
    workTypes: ['after_hours', 'on_site', 'remote'],
    actualMinutes: 0,
    billableMinutes: 0,
    today: '2026-11-23',
    canApprove: false,
    ...patch,
  };
}

describe('the card: time', () => {
  beforeEach(() => vi.clearAllMocks());

  it('previews where the time goes, then logs it', async () => {
    api.ticketTime.mockResolvedValue(time());
    api.previewTime.mockResolvedValue({
      billableMinutes: 30,
      coveredMinutes: 30,
      overageMinutes: 0,
      draws: [{ packageId: 4, packageName: 'Support 2026', direction: 'network', kind: 'base', minutes: 30, ratePerHour: null }],
      warnings: [
        {
          kind: 'exhausts',
          message: "this entry uses the last of the network hours of 'Support 2026'",
          msg: {
            id: 'ledger-warning-exhausts-direction',
            args: { direction: { id: 'direction-name', args: { direction: 'network' } }, package: 'Support 2026' },
          },
          packageName: 'Support 2026',
          direction: 'network',
          minutes: 600,
          day: null,
        },
      ],
      refused: null,
    });
    api.logTime.mockResolvedValue(entry({}));
    renderWith(<TimePanel ticketId={7} />);
    expect(await screen.findByTestId('time-packages')).toHaveTextContent('Draws from Support 2026: 1:30 left, until 2026-12-31');
    await userEvent.type(screen.getByTestId('time-duration'), '20m');
    expect(await screen.findByTestId('time-preview')).toHaveTextContent('Bills 0:30 · 0:30 from Support 2026');
    // Only the network budget runs out: the warning names it, in the window's words.
    expect(screen.getByTestId('time-warning-exhausts')).toHaveTextContent(
      'This entry uses the last of the Network hours of “Support 2026” (10:00 left in its other directions',
    );
    await userEvent.click(screen.getByTestId('time-log'));
    await waitFor(() =>
      expect(api.logTime).toHaveBeenCalledWith({ ticketId: 7, workDate: '2026-11-23', minutes: 20, workType: 'remote', billable: true, note: '' }),
    );
  });

  it('refuses before logging when the package blocks', async () => {
    api.ticketTime.mockResolvedValue(time());
    api.previewTime.mockResolvedValue({
      billableMinutes: 0,
      coveredMinutes: 0,
      overageMinutes: 0,
      draws: [],
      warnings: [],
      refused: "package 'Support 2026' is used up (90 minutes left) and blocks further logging",
    });
    renderWith(<TimePanel ticketId={7} />);
    await userEvent.type(await screen.findByTestId('time-duration'), '3:00');
    expect(await screen.findByTestId('time-refused')).toHaveTextContent('blocks further logging');
    expect(screen.getByTestId('time-log')).toBeDisabled();
  });

  it('says what to type when the duration is not one', async () => {
    api.ticketTime.mockResolvedValue(time({ packages: [] }));
    renderWith(<TimePanel ticketId={7} />);
    expect(await screen.findByTestId('time-no-package')).toBeInTheDocument();
    await userEvent.type(screen.getByTestId('time-duration'), 'two hours');
    expect(screen.getByText('Write hours as 1:30 or 1.5, or minutes as 90m.')).toBeInTheDocument();
    expect(screen.getByTestId('time-log')).toBeDisabled();
  });

  it('runs a timer and stops it into an entry', async () => {
    api.ticketTime.mockResolvedValue(time({ timer: { ticketId: 7, startedAt: Date.now() - 65_000 } }));
    api.stopTimer.mockResolvedValue(entry({}));
    renderWith(<TimePanel ticketId={7} />);
    expect(await screen.findByTestId('timer-elapsed')).toHaveTextContent('0:01:0');
    await userEvent.click(screen.getByTestId('timer-stop'));
    await waitFor(() => expect(api.stopTimer).toHaveBeenCalledWith(7, 'remote', true, ''));
  });

  it('lets an account manager approve a draft from the card', async () => {
    api.ticketTime.mockResolvedValue(time({ entries: [entry({ id: 1 })], canApprove: true }));
    api.approveTime.mockResolvedValue(1);
    renderWith(<TimePanel ticketId={7} />);
    await userEvent.click(await screen.findByTestId('time-approve-1'));
    await waitFor(() => expect(api.approveTime).toHaveBeenCalledWith({ ids: [1], clientId: null, from: null, to: null }));
  });

  it('lists entries: a draft is deleted, an approved one corrected', async () => {
    api.ticketTime.mockResolvedValue(
      time({
        entries: [entry({ id: 1 }), entry({ id: 2, state: 'approved', overageMinutes: 15, coveredMinutes: 15 })],
        actualMinutes: 40,
        billableMinutes: 60,
      }),
    );
    api.deleteTime.mockResolvedValue(undefined);
    api.adjustTime.mockResolvedValue(entry({ id: 3, adjustsId: 2, billableMinutes: -15 }));
    renderWith(<TimePanel ticketId={7} />);
    expect(await screen.findByTestId('time-total')).toHaveTextContent('0:40 logged · 1:00 billable');
    expect(screen.queryByTestId('time-approve-1')).toBeNull();
    expect(screen.getByTestId('time-entry-2')).toHaveTextContent('approved');
    expect(screen.getByTestId('time-entry-2')).toHaveTextContent('overage');
    await userEvent.click(screen.getByTestId('time-delete-1'));
    await waitFor(() => expect(api.deleteTime).toHaveBeenCalledWith(1));
    await userEvent.click(screen.getByTestId('time-correct-2'));
    await userEvent.type(screen.getByTestId('time-fix-2'), '-0:15');
    await userEvent.type(screen.getByTestId('time-fix-note-2'), 'Travel is not billed');
    await userEvent.click(screen.getAllByText('Correct').at(-1)!);
    await waitFor(() => expect(api.adjustTime).toHaveBeenCalledWith({ entryId: 2, minutes: -15, note: 'Travel is not billed' }));
  });
});
