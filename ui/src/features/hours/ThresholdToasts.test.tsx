import { describe, expect, it } from 'vitest';
import type { ThresholdNotice } from '../../lib/backend';
import { translator } from '../../lib/i18n';
import { noticeText } from './ThresholdToasts';

const notice = (patch: Partial<ThresholdNotice>): ThresholdNotice => ({
  packageId: 4,
  clientId: 3,
  title: 'NORD · Nord Logistics',
  body: '',
  packageName: 'Support 2026',
  direction: null,
  threshold: 90,
  leftMinutes: 600,
  ...patch,
});

describe('a threshold notice', () => {
  it("names the direction whose own budget crossed it, in the window's language", () => {
    const t = translator('en');
    expect(noticeText(t, notice({ direction: 'database', threshold: 100, leftMinutes: 0 }))).toBe(
      'Support 2026: 100% of the Database hours used; 0:00 left of them',
    );
    expect(noticeText(t, notice({}))).toBe('Support 2026: 90% of the hours used; 10:00 left');
    expect(noticeText(t, notice({ threshold: 0 }))).toContain('faster than the calendar');
    expect(noticeText(translator('ru'), notice({ direction: 'database', threshold: 100, leftMinutes: 0 }))).toContain('«Базы данных»');
  });
});

describe('a ledger warning', () => {
  it('is worded from its parameters in either language', async () => {
    const { warningText } = await import('./TimePanel');
    const w = { kind: 'not_started' as const, message: '', packageName: 'Q1', direction: null, minutes: null, day: '2027-01-01' };
    expect(warningText(translator('en'), w)).toBe('Package “Q1” starts on 2027-01-01: time on an earlier day is not covered.');
    expect(warningText(translator('ru'), w)).toContain('начинается 2027-01-01');
  });
});
