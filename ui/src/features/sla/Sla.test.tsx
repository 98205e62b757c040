import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as backend from '../../lib/backend';
import type { CalendarDto, ClockDto, SlaNoticeDto } from '../../lib/backend';
import { translator } from '../../lib/i18n';
import { renderWith } from '../../test/render';
import { ClocksPanel, clockTone } from './ClocksPanel';
import { SlaToasts, slaNoticeText } from './SlaToasts';
import { SlaSettings } from './SlaSettings';
import { formatDuration } from '../../lib/format';
import { formatMinutes, parseMinutes } from './minutes';

vi.mock('../../lib/backend', async (orig) => (await import('../../test/backendMock')).backendMock(orig));
const api = vi.mocked(backend);

const clock = (patch: Partial<ClockDto>): ClockDto => ({
  goal: 'resolution',
  targetMinutes: 240,
  usedMinutes: 60,
  leftMinutes: 180,
  percent: 25,
  state: 'running',
  pausedBy: null,
  since: null,
  dueAt: Date.UTC(2026, 11, 7, 12, 0),
  breachedAt: null,
  calendarName: 'Office',
  ...patch,
});

const office: CalendarDto = {
  id: 1,
  name: 'Office',
  timeZone: 'Europe/Moscow',
  week: ['09:00-18:00', '09:00-18:00', '09:00-18:00', '09:00-18:00', '09:00-18:00', '', ''],
  days: [{ day: '2027-01-01', hours: '', note: 'New Year' }],
  always: false,
  updatedAt: 0,
};

describe('SLA', () => {
  beforeEach(() => {
    // A lead: keeps the SLA policies.
    api.setupState.mockResolvedValue(leadSetup());
  });

  it('reads and writes target times as people do', () => {
    expect(parseMinutes('30')).toBe(30);
    expect(parseMinutes('4h')).toBe(240);
    expect(parseMinutes(' 3d ')).toBe(3 * 24 * 60);
    expect(parseMinutes('')).toBeNull();
    expect(parseMinutes('soon')).toBeUndefined();
    expect(parseMinutes('4ч')).toBe(240);
    expect(parseMinutes('3 д')).toBe(3 * 24 * 60);
    expect(parseMinutes('30 мин')).toBe(30);
    expect(parseMinutes('4x')).toBeUndefined();
    expect(parseMinutes('4constructor')).toBeUndefined();
    expect(formatMinutes(90)).toBe('1h 30m');
    expect(formatMinutes(4320)).toBe('3d');
    expect(formatMinutes(-45)).toBe('-45m');
    expect(formatMinutes(null)).toBe('—');
  });

  it('shows times in the reader\'s words, as typed only in the form', () => {
    const [en, ru] = [translator('en'), translator('ru')];
    expect(formatDuration(en, 90)).toBe('1 h 30 min');
    expect(formatDuration(ru, 90)).toBe('1 ч 30 мин');
    expect(formatDuration(ru, 240)).toBe('4 ч');
    expect(formatDuration(ru, 4320)).toBe('3 д');
    expect(formatDuration(ru, 4320 + 240)).toBe('3 д 4 ч');
    expect(formatDuration(en, -45)).toBe('-45 min');
    expect(formatDuration(en, null)).toBe('—');
    expect(clockTone({ percent: 74, breachedAt: null })).toBe('ok');
    expect(clockTone({ percent: 75, breachedAt: null })).toBe('warn');
    expect(clockTone({ percent: 100, breachedAt: 1 })).toBe('late');
  });

  it('shows each clock with time left, why it is paused, or the overrun', async () => {
    api.ticketClocks.mockResolvedValue({
      ticketId: 7,
      policyName: 'Acme gold',
      clocks: [
        clock({ goal: 'first_response', targetMinutes: 30, usedMinutes: 45, leftMinutes: -15, percent: 150, breachedAt: 1 }),
        clock({ state: 'paused', pausedBy: 'pending_customer', dueAt: null, percent: 80, leftMinutes: 48 }),
      ],
    });
    renderWith(<ClocksPanel ticketId={7} />);
    const first = await screen.findByTestId('sla-clock-first_response');
    expect(first).toHaveTextContent('overrun by 15 min');
    expect(first).toHaveAttribute('data-tone', 'late');
    const resolution = screen.getByTestId('sla-clock-resolution');
    expect(resolution).toHaveTextContent('paused: Waiting for customer (48 min left)');
    expect(resolution).not.toHaveTextContent('due');
    expect(screen.getByText('Policy: Acme gold')).toBeInTheDocument();
  });

  it('imports the special dates of a calendar from an iCalendar file and says what it did', async () => {
    const user = userEvent.setup();
    api.calendars.mockResolvedValue([office]);
    api.importCalendarIcs.mockResolvedValue({ calendar: office, imported: 9, skipped: 1 });
    renderWith(<SlaSettings />);
    await user.click(await screen.findByTestId('sla-calendar-edit-1'));
    expect(screen.getByTestId('sla-day-2027-01-01')).toHaveTextContent('New Year');
    const ics = new File(['BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n'], 'ru-2027.ics', { type: 'text/calendar' });
    await user.upload(screen.getByTestId('sla-import-ics'), ics);
    expect(await screen.findByTestId('sla-imported')).toHaveTextContent('9 dates set; 1 events were not all-day dates');
    expect(api.importCalendarIcs).toHaveBeenCalledWith(1, 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n');
  });

  it('saves a policy with its targets parsed, and keeps the form when a field is refused', async () => {
    const user = userEvent.setup();
    api.calendars.mockResolvedValue([office]);
    api.slaPolicies.mockResolvedValue([]);
    api.createSlaPolicy.mockRejectedValueOnce(new backend.BackendError('invalid_input', 'a policy named Standard exists already', 'name'));
    renderWith(<SlaSettings />);
    await user.click(await screen.findByTestId('sla-policy-new'));
    await user.type(screen.getByTestId('sla-policy-name'), 'Standard');
    await user.clear(screen.getByTestId('sla-target-first-0'));
    await user.type(screen.getByTestId('sla-target-first-0'), '15m');
    expect(screen.getByTestId('sla-breach-notify_lead')).toBeChecked();
    await user.click(screen.getByTestId('sla-breach-raise_priority'));
    await user.click(screen.getByTestId('sla-policy-save'));
    expect(await screen.findByText('a policy named Standard exists already')).toBeInTheDocument();
    expect(screen.getByTestId('sla-policy-name')).toHaveValue('Standard');
    const input = api.createSlaPolicy.mock.calls[0][0];
    expect(input).toMatchObject({ name: 'Standard', isDefault: true, clientId: null, calendarId: 1, pauseStatuses: ['pending_customer'], breachActions: ['notify_lead', 'raise_priority'] });
    expect(input.targets[0]).toEqual({ priority: 'p1', direction: null, firstResponseMinutes: 15, resolutionMinutes: 240, calendarId: null });
    expect(input.targets[3]).toMatchObject({ priority: 'p4', resolutionMinutes: 5 * 24 * 60 });

    await user.clear(screen.getByTestId('sla-target-resolution-1'));
    await user.type(screen.getByTestId('sla-target-resolution-1'), 'tomorrow');
    await user.click(screen.getByTestId('sla-policy-save'));
    expect(await screen.findByText('A time of P2 is not 30, 4h or 3d.')).toBeInTheDocument();
    await waitFor(() => expect(api.createSlaPolicy).toHaveBeenCalledTimes(1));
  });
});

const notice = (patch: Partial<SlaNoticeDto>): SlaNoticeDto => ({
  id: 7,
  ticketId: 12,
  ticketNumber: 'SB-000012',
  subject: 'Core switch down',
  clientCode: 'ACME',
  priority: 'p1',
  line: 'l2',
  goal: 'first_response',
  threshold: 'breach',
  reason: 'assignee',
  crossedAt: 0,
  createdAt: 0,
  shownAt: null,
  actions: ['raise_priority', 'next_line', 'notify_lead'],
  title: '',
  body: '',
  ...patch,
});

describe('an SLA notice', () => {
  it("is worded from its parameters in the window's language, with what the policy did", () => {
    expect(slaNoticeText(translator('en'), notice({}))).toBe('First response: target breached; priority raised; moved to the next line');
    expect(slaNoticeText(translator('en'), notice({ threshold: 'warning', goal: 'resolution', actions: [], reason: 'line' }))).toBe(
      'Resolution: 75 % of the time used; nobody has the ticket',
    );
    expect(slaNoticeText(translator('ru'), notice({ reason: 'lead', actions: [] }))).toContain('вы уведомлены как руководитель');
  });

  it('shows as a toast the shell reports, and opens the ticket on a click', async () => {
    const user = userEvent.setup();
    let tell: ((n: SlaNoticeDto) => void) | undefined;
    api.onSlaNotice.mockImplementation((f) => {
      tell = f;
      return () => undefined;
    });
    renderWith(<SlaToasts />);
    await waitFor(() => expect(tell).toBeDefined());
    act(() => tell!(notice({})));
    const toast = await screen.findByTestId('sla-toast-12');
    expect(toast).toHaveTextContent('SB-000012 · ACME · Core switch down');
    expect(toast).toHaveTextContent('target breached');
    await user.click(toast);
    expect(screen.queryByTestId('sla-toast-12')).not.toBeInTheDocument();
  });
});

function leadSetup() {
  return {
    profile: { id: 1, name: 'Lena', role: 'lead' as const, duties: ['routing_rules' as const, 'sla_policies' as const] },
  } as unknown as Awaited<ReturnType<typeof backend.setupState>>;
}
