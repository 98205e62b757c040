// Targets as people write them: 30 or 30m (minutes), 4h (working hours), 3d (days of 24
// working hours), or empty for no target; in Russian 30м, 4ч, 3д too.

const UNITS = new Map<string, number>([
  ['m', 1], ['min', 1], ['м', 1], ['мин', 1],
  ['h', 60], ['ч', 60],
  ['d', 24 * 60], ['д', 24 * 60],
]);

/** Minutes, `null` for no target, `undefined` for text that is not a time. */
export function parseMinutes(text: string): number | null | undefined {
  const t = text.trim().toLowerCase();
  if (t === '' || t === '-' || t === '—') return null;
  const m = /^(\d+)\s*([a-zа-яё]*)$/.exec(t);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2] === '' ? 1 : UNITS.get(m[2]);
  if (unit === undefined) return undefined;
  return n > 0 ? n * unit : undefined;
}

/** A target as it is typed in the form (240 -> "4h", 90 -> "1h 30m", 4320 -> "3d"); shown in words by `formatDuration`. */
export function formatMinutes(minutes: number | null, none = '—'): string {
  if (minutes === null) return none;
  const sign = minutes < 0 ? '-' : '';
  let left = Math.abs(minutes);
  if (left > 0 && left % (24 * 60) === 0) return `${sign}${left / (24 * 60)}d`;
  const h = Math.floor(left / 60);
  left -= h * 60;
  if (h === 0) return `${sign}${left}m`;
  return left ? `${sign}${h}h ${left}m` : `${sign}${h}h`;
}
