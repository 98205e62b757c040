import { describe, expect, it } from 'vitest';
import { formatElapsed, formatHours, parseHours } from './hours';

describe('hours as people write them', () => {
  it('formats minutes as h:mm', () => {
    expect(formatHours(0)).toBe('0:00');
    expect(formatHours(75)).toBe('1:15');
    expect(formatHours(-15)).toBe('-0:15');
    expect(formatHours(6000)).toBe('100:00');
  });

  it('reads 1:30, 1.5, 1,5 and 90m (90м)', () => {
    for (const [text, want] of [
      ['1:30', 90],
      ['1.5', 90],
      ['1,5', 90],
      ['90m', 90],
      ['90м', 90],
      ['90 мин', 90],
      ['40', 2400],
      [' 0:05 ', 5],
    ] as const) {
      expect(parseHours(text)).toBe(want);
    }
    for (const bad of ['', '1:75', 'abc', '1h', '-1']) expect(parseHours(bad)).toBeNull();
    expect(parseHours('-0:15', true)).toBe(-15);
  });

  it('shows a running timer as h:mm:ss', () => {
    expect(formatElapsed(3_723_000)).toBe('1:02:03');
    expect(formatElapsed(-5)).toBe('0:00:00');
  });
});
