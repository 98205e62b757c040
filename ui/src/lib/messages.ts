// Sentences the back end sends as a message id with arguments (`Msg`), worded in the reader's
// language from the same Fluent files the Rust side words them from (crates/sb-i18n/locales).
// Fluent's plural selectors give Russian its three forms; numbers follow the language's format.
import { FluentBundle, FluentResource, type FluentVariable } from '@fluent/bundle';
import type { Language, Msg } from './backend';

// The command line's own words (cli*.ftl: its labels, errors and --help, over half of the text)
// never reach the window and stay out of its script.
const sources = import.meta.glob(['../../../crates/sb-i18n/locales/*/*.ftl', '!../../../crates/sb-i18n/locales/*/cli*.ftl'], {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

const bundles = new Map<Language, FluentBundle>();

function bundle(language: Language): FluentBundle {
  let b = bundles.get(language);
  if (!b) {
    b = new FluentBundle(language, { useIsolating: false });
    for (const [path, text] of Object.entries(sources)) {
      if (path.includes(`/locales/${language}/`)) b.addResource(new FluentResource(text));
    }
    bundles.set(language, b);
  }
  return b;
}

/** Every message id with words in `language` (for the tests). */
export function messageIds(language: Language): string[] {
  const ids: string[] = [];
  for (const [path, text] of Object.entries(sources)) {
    if (!path.includes(`/locales/${language}/`)) continue;
    for (const line of text.split('\n')) {
      const m = /^([a-z][a-z0-9-]*) =/.exec(line);
      if (m) ids.push(m[1]);
    }
  }
  return ids;
}

let current: Language = 'en';

/** The language back-end messages are worded in when no language is given: the desk's. */
export function setMessageLanguage(language: Language): void {
  current = language;
}

/** `msg` in `language` (English when that language lacks it; the id when nothing has it). */
export function say(msg: Msg, language: Language = current): string {
  const own = bundle(language);
  const b = own.hasMessage(msg.id) ? own : bundle('en');
  const pattern = b.getMessage(msg.id)?.value;
  if (!pattern) return unknown(msg);
  const args: Record<string, FluentVariable> = {};
  for (const [name, value] of Object.entries(msg.args)) {
    if (value === undefined) continue;
    args[name] = typeof value === 'object' ? say(value, language) : value;
  }
  return b.formatPattern(pattern, args, []);
}

function unknown(msg: Msg): string {
  const parts = Object.entries(msg.args).map(([k, v]) => `${k}=${typeof v === 'object' ? unknown(v) : String(v)}`);
  return [msg.id, ...parts].join(' ');
}

/**
 * A sentence the back end kept for later readers (a last error, a system's note): its message
 * worded in `language` when it has one, else its text as it was written (kept before messages,
 * or a server's own words).
 */
export function kept(text: string, msg: Msg | null | undefined, language: Language = current): string {
  return msg ? say(msg, language) : text;
}
