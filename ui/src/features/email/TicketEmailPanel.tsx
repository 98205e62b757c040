// The email side of a ticket card: where public comments go, the attachments (saved to the
// downloads folder and opened with the desktop's application; one that can run asks first),
// and replies not sent.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import type { AttachmentDto } from '../../lib/backend';
import { useT } from '../../lib/i18n';
import { Dialog, FormError } from '../../lib/ui';
import { mailNoteText, runnableText } from './mailWords';
import { useCardPainted } from '../ticket/firstPaint';
import { kept } from '../../lib/messages';

export const ticketEmailKey = (id: number) => ['ticket', id, 'email'] as const;

export function TicketEmailPanel({ ticketId }: { ticketId: number }) {
  const t = useT();
  const qc = useQueryClient();
  const painted = useCardPainted();
  const email = useQuery({
    queryKey: ticketEmailKey(ticketId),
    queryFn: () => backend.ticketEmail(ticketId),
    enabled: painted,
    // The outbox worker sends within seconds: follow a reply until it is sent or given up.
    refetchInterval: (q) => (q.state.data?.deliveries.some((d) => d.state === 'pending') ? 3000 : false),
  });
  const open = useMutation({
    mutationFn: ({ id, confirmed }: { id: number; confirmed: boolean }) => backend.openAttachment(id, confirmed),
  });
  const [asking, setAsking] = useState<AttachmentDto | null>(null);
  const openFile = (a: AttachmentDto) => (a.runnable ? setAsking(a) : open.mutate({ id: a.id, confirmed: false }));
  const download = useMutation({ mutationFn: (mailId: number) => backend.saveMailSource(mailId) });
  const retry = useMutation({
    mutationFn: (id: number) => backend.retryOutbox(id),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ticketEmailKey(ticketId) }),
  });
  const data = email.data;
  if (!data) return null;
  const dead = data.deliveries.filter((d) => d.state === 'dead');
  const pending = data.deliveries.filter((d) => d.state === 'pending').length;
  return (
    <section className="panel" data-testid="ticket-email">
      <h3 className="panel-title">{t('email.title')}</h3>
      <div data-testid="ticket-requester">
        {data.requester ? t('email.requester', { address: data.requester }) : <span className="muted">{t('email.noRequester')}</span>}
      </div>
      {data.opening ? (
        <div data-testid="ticket-mail-opening">
          {data.opening.notes.map((n, i) => (
            <div key={i} className="hint" data-testid="ticket-mail-note">
              {mailNoteText(t, n)}
            </div>
          ))}
          {data.opening.wholeSubject !== null || data.opening.wholeText !== null ? (
            <details data-testid="ticket-mail-whole">
              <summary>{t('email.wholeOriginal')}</summary>
              <pre className="mail-source">
                {data.opening.wholeSubject ?? ''}
                {data.opening.wholeSubject !== null ? '\n\n' : ''}
                {data.opening.wholeText ?? ''}
              </pre>
            </details>
          ) : null}
          <button
            type="button"
            className="link"
            data-testid="ticket-mail-download"
            onClick={() => data.opening && download.mutate(data.opening.mailId)}
          >
            {t('email.downloadSource')}
          </button>
          {download.data ? (
            <span className="hint" data-testid="ticket-mail-saved">
              {' '}
              {t('email.sourceSaved', { path: download.data.path })}
            </span>
          ) : null}
        </div>
      ) : null}
      {pending > 0 ? <div className="hint">{t('email.sending', { count: pending })}</div> : null}
      {dead.map((d) => (
        <div key={d.outboxId} className="form-error" data-testid={`ticket-dead-${d.outboxId}`}>
          {t('email.notSent')} {d.lastError === null ? null : kept(d.lastError, d.lastErrorMsg)}
          <button type="button" className="btn" onClick={() => retry.mutate(d.outboxId)}>
            {t('email.retry')}
          </button>
        </div>
      ))}
      {data.attachments.length > 0 ? (
        <ul className="attachments">
          {data.attachments.map((a) => (
            <li key={a.id}>
              <button type="button" className="link" data-testid={`attachment-${a.id}`} onClick={() => openFile(a)}>
                {a.fileName}
              </button>{' '}
              <span className="muted">{fileSize(a.size)}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {asking?.runnable ? (
        <Dialog title={t('email.runnableTitle', { name: asking.fileName })} onClose={() => setAsking(null)} testId="attachment-runnable">
          <p>{t('email.runnableWhy', { name: asking.fileName, why: runnableText(t, asking.runnable) })}</p>
          <div className="form-actions">
            <button type="button" className="btn" data-testid="attachment-runnable-cancel" onClick={() => setAsking(null)}>
              {t('common.cancel')}
            </button>
            <button
              type="button"
              className="btn btn-danger"
              data-testid="attachment-runnable-open"
              onClick={() => {
                open.mutate({ id: asking.id, confirmed: true });
                setAsking(null);
              }}
            >
              {t('email.runnableOpen')}
            </button>
          </div>
        </Dialog>
      ) : null}
      {open.data ? (
        <div className="hint" data-testid="attachment-saved">
          {t(open.data.opened ? 'email.attachmentOpened' : 'email.attachmentSaved', { path: open.data.path })}
        </div>
      ) : null}
      {data.emailComments.map((c) => (
        <details key={c.commentId} data-testid={`email-full-${c.commentId}`}>
          <summary>{t('email.fullMessage', { from: c.from })}</summary>
          {c.notes.map((n, i) => (
            <div key={i} className="hint">
              {mailNoteText(t, n)}
            </div>
          ))}
          <pre className="mail-source">{c.fullText}</pre>
        </details>
      ))}
      <FormError error={open.error ?? retry.error ?? download.error} />
    </section>
  );
}

/** A file's size as people read it: bytes under a kilobyte, else whole kilobytes. */
export function fileSize(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${Math.round(bytes / 1024)} KB`;
}
