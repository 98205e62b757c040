// No lost edits: a change refused because the card was stale says who changed what and when,
// and offers to reload the card and apply the person's change again (their text is kept).
import { useQueryClient } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import type { BackendError } from '../../lib/backend';
import { useT } from '../../lib/i18n';
import { keys } from '../../lib/queries';
import { AuditLine } from './AuditTrail';

/** Is this refusal one the notice explains (a stale card, or a ticket someone took first)? */
export function isEditConflict(e: BackendError | null): e is BackendError {
  return !!e && (e.code === 'edit_conflict' || e.code === 'already_taken');
}

/** Reads the card again and returns the version it is at now (what a re-applied change names). */
export function useReloadCard(ticketId: number) {
  const qc = useQueryClient();
  return async (): Promise<number> => {
    const fresh = await qc.fetchQuery({ queryKey: keys.ticket(ticketId), queryFn: () => backend.ticketCard(ticketId), staleTime: 0 });
    void qc.invalidateQueries({ queryKey: keys.queue });
    void qc.invalidateQueries({ queryKey: keys.views });
    return fresh.ticket.version;
  };
}

export function EditConflictNotice({
  error,
  reapplyLabel,
  onReapply,
  onReload,
  busy,
}: {
  error: BackendError;
  /** What the re-apply button does, in words ("Reload and apply my change again"). */
  reapplyLabel: string;
  onReapply: () => void;
  onReload: () => void;
  busy: boolean;
}) {
  const t = useT();
  const c = error.conflict;
  const holder = c?.assigneeName ?? null;
  const taken = error.code === 'already_taken' && holder !== null;
  return (
    <div className="banner banner-warning edit-conflict" role="alert" data-testid="edit-conflict" data-code={error.code}>
      <strong>
        {taken ? t('conflict.taken', { name: holder }) : c ? t('conflict.title', { number: c.number }) : error.message}
      </strong>{' '}
      {c ? <span>{t('conflict.nothingSaved')}</span> : null}
      {c && c.changes.length > 0 ? (
        <ol className="audit conflict-changes" aria-label={t('conflict.changes')}>
          {c.changes.map((a) => (
            <AuditLine key={a.id} entry={a} absolute testId="conflict-change" />
          ))}
        </ol>
      ) : null}
      <div className="form-actions">
        <button type="button" className="btn btn-primary btn-small" data-testid="conflict-reapply" disabled={busy} onClick={onReapply}>
          {reapplyLabel}
        </button>
        <button type="button" className="btn btn-small" data-testid="conflict-reload" disabled={busy} onClick={onReload}>
          {t('conflict.reload')}
        </button>
      </div>
    </div>
  );
}
