// Dates in the reader's language, and the priority matrix the back end also applies.
import type { Language, Level, Priority, Status } from './backend';
import type { Translate } from './i18n';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// Intl formatters are slow to make (a millisecond or more each in WebKit) and a queue or a
// card formats hundreds of dates: one of each kind per language, made once.
const dateTimes = new Map<Language, Intl.DateTimeFormat>();
const relatives = new Map<string, Intl.RelativeTimeFormat>();

function dateTimeFormat(language: Language): Intl.DateTimeFormat {
  let f = dateTimes.get(language);
  if (!f) {
    f = new Intl.DateTimeFormat(language, { dateStyle: 'short', timeStyle: 'short' });
    dateTimes.set(language, f);
  }
  return f;
}

function relativeFormat(language: Language, style: 'long' | 'short'): Intl.RelativeTimeFormat {
  const key = `${language}/${style}`;
  let f = relatives.get(key);
  if (!f) {
    f = new Intl.RelativeTimeFormat(language, { numeric: 'auto', style });
    relatives.set(key, f);
  }
  return f;
}

/** Short local date and time, such as "12/03/2025, 14:05" or "12.03.2025, 14:05". */
export function formatDateTime(ms: number, language: Language): string {
  return dateTimeFormat(language).format(new Date(ms));
}

/** "5 minutes ago" within a week, the short date and time after that. */
export function formatRelative(ms: number, language: Language, now: number = Date.now()): string {
  const diff = ms - now;
  const abs = Math.abs(diff);
  if (abs < MINUTE) {
    return relativeFormat(language, 'long').format(0, 'second');
  }
  if (abs >= 7 * DAY) return formatDateTime(ms, language);
  const rtf = relativeFormat(language, 'short');
  if (abs < HOUR) return rtf.format(Math.round(diff / MINUTE), 'minute');
  if (abs < DAY) return rtf.format(Math.round(diff / HOUR), 'hour');
  return rtf.format(Math.round(diff / DAY), 'day');
}

// Rows: impact; columns: urgency high, medium, low.
const MATRIX: Record<Level, Record<Level, Priority>> = {
  high: { high: 'p1', medium: 'p2', low: 'p3' },
  medium: { high: 'p2', medium: 'p3', low: 'p4' },
  low: { high: 'p3', medium: 'p4', low: 'p4' },
};

export function priorityFrom(impact: Level, urgency: Level): Priority {
  return MATRIX[impact][urgency];
}

export const ALL_STATUSES: readonly Status[] = [
  'new',
  'open',
  'in_progress',
  'pending_customer',
  'pending_vendor',
  'resolved',
  'closed',
];

export const ACTIVE_STATUSES: readonly Status[] = ['new', 'open', 'in_progress', 'pending_customer', 'pending_vendor'];

export const isFinished = (s: Status) => s === 'resolved' || s === 'closed';

/**
 * A span of minutes in the reader's words, the parts that are not zero: "45 min", "1 h 30 min",
 * "4 h", "3 d", "3 d 4 h" ("45 мин", "1 ч 30 мин"…); a span past its end keeps its minus.
 */
export function formatDuration(t: Translate, minutes: number | null, none = '—'): string {
  if (minutes === null) return none;
  const sign = minutes < 0 ? '-' : '';
  const all = Math.abs(Math.round(minutes));
  const d = Math.floor(all / (24 * 60));
  const h = Math.floor((all % (24 * 60)) / 60);
  const m = all % 60;
  if (d > 0) return sign + (h ? t('duration.dh', { d, h }) : t('duration.d', { d }));
  if (h > 0) return sign + (m ? t('duration.hm', { h, m }) : t('duration.h', { h }));
  return sign + t('duration.m', { m });
}
