import { describe, expect, it } from 'vitest';
import type { ThresholdNotice } from '../../lib/backend';
import { translator } from '../../lib/i18n';
import { noticeText } from './ThresholdToasts';

// As the back end sends it: the notice as a message id with arguments.
const used = (percent: number, left: string, direction: string | null) => ({
  id: 'ledger-notice-used',
  args: {
    package: 'Support 2026',
    percent,
    left,
    whose: direction
      ? { id: 'ledger-notice-direction-hours', args: { direction: { id: 'direction-label', args: { direction } } } }
      : { id: 'ledger-notice-package-hours', args: {} },
  },
});

const notice = (patch: Partial<ThresholdNotice>): ThresholdNotice => ({
  packageId: 4,
  clientId: 3,
  title: 'NORD · Nord Logistics',
  body: '',
  msg: used(90, '10:00', null),
  packageName: 'Support 2026',
  direction: null,
  threshold: 90,
  leftMinutes: 600,
  crossedAt: Date.UTC(2026, 11, 1, 9, 0),
  shownAt: null,
  ...patch,
});

describe('a threshold notice', () => {
  it("names the direction whose own budget crossed it, in the window's language", () => {
    const database = notice({ direction: 'database', threshold: 100, leftMinutes: 0, msg: used(100, '0:00', 'database') });
    expect(noticeText(database, 'en')).toBe('Support 2026: 100% of the Database hours used; 0:00 left');
    expect(noticeText(notice({}), 'en')).toBe('Support 2026: 90% of the hours used; 10:00 left');
    const fast = notice({ threshold: 0, msg: { id: 'ledger-notice-fast', args: { package: 'Support 2026', left: '10:00' } } });
    expect(noticeText(fast, 'en')).toContain('faster than the calendar');
    expect(noticeText(fast, 'ru')).toBe('Support 2026: часы расходуются быстрее, чем идёт период; осталось 10:00');
    expect(noticeText(database, 'ru')).toBe('Support 2026: израсходовано 100% (часы «Базы данных»); осталось 0:00');
  });
});

describe('a ledger warning', () => {
  it('is worded from its parameters in either language', async () => {
    const { warningText } = await import('./TimePanel');
    const w = { kind: 'not_started' as const, message: '', msg: { id: 'ledger-warning-not-started', args: {} }, packageName: 'Q1', direction: null, minutes: null, day: '2027-01-01' };
    expect(warningText(translator('en'), w)).toBe('Package “Q1” starts on 2027-01-01: time on an earlier day is not covered.');
    expect(warningText(translator('ru'), w)).toContain('начинается 2027-01-01');
  });
});
