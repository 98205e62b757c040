// Tickets someone else gave the person signed in here, as the shell reports them (it also shows
// a desktop notification): a toast in the corner for a while; a click opens the ticket.
import { useQueryClient } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import type { AssignmentNoticeDto } from '../../lib/backend';
import { useNavigation } from '../../app/navigation';
import { useT } from '../../lib/i18n';
import { useEventNotices } from '../../lib/hooks';

export function AssignmentToasts() {
  const t = useT();
  const qc = useQueryClient();
  const nav = useNavigation();
  const { notices, dismiss } = useEventNotices<AssignmentNoticeDto>(backend.onAssignmentNotice, () =>
    void qc.invalidateQueries({ queryKey: ['queue'] }),
  );
  if (notices.length === 0) return null;
  return (
    <div className="toasts toasts-assigned" role="status" aria-live="polite">
      {notices.map((n) => (
        <button
          type="button"
          key={n.id}
          className="toast toast-assigned"
          data-testid={`assigned-toast-${n.ticketId}`}
          onClick={() => {
            dismiss(n.id);
            nav.go({ kind: 'ticket', id: n.ticketId });
          }}
        >
          <strong>
            {n.ticketNumber} · {n.clientCode} · {n.subject}
          </strong>
          <span>{n.assignedBy ? t('desk.assignedBy', { name: n.assignedBy }) : t('desk.assignedToYou')}</span>
        </button>
      ))}
    </div>
  );
}
