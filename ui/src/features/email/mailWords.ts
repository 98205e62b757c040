// The email intake's codes in words: why a message waits in quarantine, and what was done to
// read one (told on its ticket).
import type { MailNote, MailProblem, Runnable } from '../../lib/backend';
import type { MessageKey, Translate } from '../../lib/i18n';

const megabytes = (bytes: number) => (bytes / (1024 * 1024)).toFixed(1);

// What a limit counts; a limit this window does not know yet is named by itself.
function limitWords(limit: string): MessageKey {
  switch (limit) {
    case 'mail_headers':
    case 'header_bytes':
    case 'mime_parts':
    case 'mime_depth':
    case 'attachment_bytes':
    case 'text_bytes':
    case 'html_depth':
      return `email.limit.${limit}`;
    default:
      return 'email.limit.other';
  }
}

export function mailProblemText(t: Translate, p: MailProblem): string {
  switch (p.code) {
    case 'no_sender_address':
      return t('email.problem.no_sender_address', { from: p.from });
    case 'charset_unsure':
      return t('email.problem.charset_unsure', { guess: p.guess ?? '—' });
    case 'charset_unknown':
      return t('email.problem.charset_unknown', { charset: p.charset });
    case 'refused':
      return t('email.problem.refused', { detail: p.detail });
    case 'possible_spoof':
      return t('email.problem.possible_spoof', { ticket: p.ticket, sender: p.sender });
    case 'too_large':
      return t('email.problem.too_large', { size: megabytes(p.size), limit: megabytes(p.limit) });
    case 'over_limit':
      return t('email.problem.over_limit', {
        what: t(limitWords(p.limit)),
        found: p.found,
        allowed: p.allowed,
        limit: p.limit,
      });
    default:
      return t(`email.problem.${p.code}`);
  }
}

export function mailNoteText(t: Translate, n: MailNote): string {
  switch (n.code) {
    case 'charset_guessed':
      return n.declared
        ? t('email.note.charset_guessed_declared', { charset: n.charset, declared: n.declared })
        : t('email.note.charset_guessed', { charset: n.charset });
    case 'charset_chosen':
      return t('email.note.charset_chosen', { charset: n.charset });
    case 'subject_cut':
      return t('email.note.subject_cut', { kept: n.kept, total: n.total });
    case 'description_cut':
      return t('email.note.description_cut', { kept: n.kept, total: n.total });
    default:
      return t(`email.note.${n.code}`);
  }
}

/** Why an attachment can run, in words (the confirm before opening it). */
export function runnableText(t: Translate, r: Runnable): string {
  return r.code === 'extension'
    ? t('email.runnable.extension', { extension: r.extension })
    : t('email.runnable.content_type', { contentType: r.content_type });
}
