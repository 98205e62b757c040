// The status buttons the state machine allows now; resolve and close ask for a note first.
// A change names the version of the card shown; a stale one shows who changed what meanwhile
// and can be applied again on the reloaded card (the note typed is kept).
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import type { Status, TicketDto } from '../../lib/backend';
import { useT, type MessageKey } from '../../lib/i18n';
import { isFinished } from '../../lib/format';
import { FieldError, FormError } from '../../lib/ui';
import { useTicketChanged } from './useTicketChanged';
import { EditConflictNotice, isEditConflict, useReloadCard } from './EditConflictNotice';

const NEEDS_NOTE: readonly Status[] = ['resolved', 'closed'];

/** The words on the button for a move from `from` to `to`. */
export function moveLabelKey(from: Status, to: Status): MessageKey {
  const reopening = isFinished(from);
  switch (to) {
    case 'open':
      return reopening ? 'card.moveTo.reopen' : from === 'new' ? 'card.moveTo.open' : 'card.moveTo.open.back';
    case 'in_progress':
      return reopening ? 'card.moveTo.in_progress.reopen' : from === 'new' || from === 'open' ? 'card.moveTo.in_progress' : 'card.moveTo.in_progress.resume';
    default:
      return `card.moveTo.${to}`;
  }
}

function buttonClass(to: Status, from: Status): string {
  if (to === 'resolved') return 'btn btn-success';
  if (isFinished(from) && (to === 'open' || to === 'in_progress')) return 'btn btn-primary';
  if (to === 'in_progress') return 'btn btn-primary';
  return 'btn';
}

export function StatusActions({ ticket }: { ticket: TicketDto }) {
  const t = useT();
  const changed = useTicketChanged(ticket.id);
  const [asking, setAsking] = useState<Status | null>(null);
  // The version the person decided on: the card may update live while they write the note,
  // and a change made meanwhile must come back as a conflict, not be overwritten.
  const [askedAt, setAskedAt] = useState<number | null>(null);
  const [note, setNote] = useState('');

  const move = useMutation({
    mutationFn: (input: { to: Status; note: string | null; version: number }) =>
      backend.changeStatus({ ticketId: ticket.id, to: input.to, note: input.note, version: input.version }),
    onSuccess: (updated) => {
      setAsking(null);
      setNote('');
      changed(updated);
    },
  });
  const err = move.error ? backend.BackendError.from(move.error) : null;
  const noteErr = err && err.field === 'note' && (err.code === 'transition_refused' || err.code === 'invalid_input') ? err : null;
  const conflict = isEditConflict(err) ? err : null;
  const refresh = useMutation({ mutationFn: useReloadCard(ticket.id) });
  const reapply = () => {
    const last = move.variables;
    if (!last) return;
    refresh.mutate(undefined, { onSuccess: (version) => move.mutate({ ...last, version }) });
  };

  const click = (to: Status) => {
    move.reset();
    if (NEEDS_NOTE.includes(to)) {
      setAsking(to);
      setAskedAt(ticket.version);
    } else {
      setAsking(null);
      move.mutate({ to, note: null, version: ticket.version });
    }
  };

  return (
    <section className="panel actions-panel" aria-label={t('card.actions')}>
      <div className="status-buttons">
        {ticket.nextStatuses.length === 0 ? <span className="muted">{t('card.noMoves')}</span> : null}
        {ticket.nextStatuses.map((to) => (
          <button
            key={to}
            type="button"
            className={`${buttonClass(to, ticket.status)} ${asking === to ? 'is-active' : ''}`}
            data-testid={`status-to-${to}`}
            disabled={move.isPending}
            aria-expanded={NEEDS_NOTE.includes(to) ? asking === to : undefined}
            onClick={() => click(to)}
          >
            {t(moveLabelKey(ticket.status, to))}
          </button>
        ))}
      </div>
      {asking ? (
        <form
          className="note-form"
          onSubmit={(e) => {
            e.preventDefault();
            move.mutate({ to: asking, note: note.trim() ? note : null, version: askedAt ?? ticket.version });
          }}
        >
          <label htmlFor="status-note">{t(asking === 'closed' ? 'card.noteFor.closed' : 'card.noteFor.resolved')}</label>
          <textarea
            id="status-note"
            data-testid="status-note"
            rows={3}
            autoFocus
            value={note}
            aria-invalid={!!noteErr}
            aria-required="true"
            onChange={(e) => setNote(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                move.mutate({ to: asking, note: note.trim() ? note : null, version: askedAt ?? ticket.version });
              }
            }}
          />
          <FieldError field="note" message={noteErr?.message} />
          <div className="form-actions">
            <button type="submit" className="btn btn-success" data-testid="status-confirm" disabled={move.isPending}>
              {t(asking === 'closed' ? 'card.confirm.closed' : 'card.confirm.resolved')}
            </button>
            <button
              type="button"
              className="btn btn-ghost"
              onClick={() => {
                setAsking(null);
                move.reset();
              }}
            >
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : null}
      {conflict ? (
        <EditConflictNotice
          error={conflict}
          reapplyLabel={t('conflict.reapply')}
          busy={refresh.isPending || move.isPending}
          onReapply={reapply}
          onReload={() => refresh.mutate(undefined, { onSuccess: () => move.reset() })}
        />
      ) : err && !noteErr ? (
        <FormError error={err} />
      ) : null}
    </section>
  );
}
