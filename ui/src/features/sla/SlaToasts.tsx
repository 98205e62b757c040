// SLA warnings and breaches told to the person signed in here, as the shell reports them (it
// also shows a desktop notification): a toast in the corner for a while; a click opens the
// ticket.
import { useQueryClient } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import type { SlaNoticeDto } from '../../lib/backend';
import { useNavigation } from '../../app/navigation';
import { useT, type Translate } from '../../lib/i18n';
import { useEventNotices } from '../../lib/hooks';

export function SlaToasts() {
  const t = useT();
  const qc = useQueryClient();
  const nav = useNavigation();
  const { notices, dismiss } = useEventNotices<SlaNoticeDto>(backend.onSlaNotice, () => void qc.invalidateQueries({ queryKey: ['queue'] }));
  if (notices.length === 0) return null;
  return (
    <div className="toasts toasts-sla" role="status" aria-live="polite">
      {notices.map((n) => (
        <button
          type="button"
          key={n.id}
          className={`toast toast-sla toast-${n.threshold}`}
          data-testid={`sla-toast-${n.ticketId}`}
          onClick={() => {
            dismiss(n.id);
            nav.go({ kind: 'ticket', id: n.ticketId });
          }}
        >
          <strong>
            {n.ticketNumber} · {n.clientCode} · {n.subject}
          </strong>
          <span>{slaNoticeText(t, n)}</span>
        </button>
      ))}
    </div>
  );
}

/** The notice in the window's language, from its parameters. */
export function slaNoticeText(t: Translate, n: SlaNoticeDto): string {
  const goal = n.goal === 'first_response' ? t('sla.firstResponse') : t('sla.resolution');
  const parts = [n.threshold === 'warning' ? t('sla.notice.warning', { goal }) : t('sla.notice.breach', { goal })];
  if (n.actions.includes('raise_priority')) parts.push(t('sla.notice.raised'));
  if (n.actions.includes('next_line')) parts.push(t('sla.notice.moved'));
  if (n.reason === 'lead') parts.push(t('sla.notice.asLead'));
  if (n.reason === 'line') parts.push(t('sla.notice.unassigned'));
  return parts.join('; ');
}
