// Hours as people read and type them: minutes in, `h:mm` out; `1:30`, `1.5` or `90m` (`90м`) in.

/** `h:mm` (`-0:15` for a correction). */
export function formatHours(minutes: number): string {
  const sign = minutes < 0 ? '-' : '';
  const m = Math.abs(Math.round(minutes));
  return `${sign}${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}`;
}

/** Minutes from `1:30`, `1.5`/`1,5` (hours) or `90m` (`90м`, `90 мин`); `null` when it is none of those. */
export function parseHours(text: string, signed = false): number | null {
  let t = text.trim();
  let negative = false;
  if (t.startsWith('-')) {
    if (!signed) return null;
    negative = true;
    t = t.slice(1).trim();
  }
  let minutes: number | null = null;
  let m: RegExpMatchArray | null;
  if ((m = t.match(/^(\d+)\s*(?:m|min|м|мин)$/i))) minutes = Number(m[1]);
  else if ((m = t.match(/^(\d+):([0-5]\d)$/))) minutes = Number(m[1]) * 60 + Number(m[2]);
  else if ((m = t.match(/^(\d+(?:[.,]\d+)?)$/))) minutes = Math.round(Number(m[1].replace(',', '.')) * 60);
  if (minutes === null) return null;
  return negative ? -minutes : minutes;
}

/** Elapsed time of a running timer, `h:mm:ss`. */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}
