// Correct a ticket after intake: client, direction, impact and urgency (the priority follows),
// subject, description; optionally run the routing rules again. Only what differs is sent, on
// the version shown; a change someone made meanwhile is shown and can be re-applied.
import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import type { TicketDto } from '../../lib/backend';
import { useT } from '../../lib/i18n';
import { Dialog, FormError } from '../../lib/ui';
import { TicketFields, useDraftDirection, type TicketDraft } from './TicketFields';
import { EditConflictNotice, isEditConflict, useReloadCard } from './EditConflictNotice';
import { useTicketChanged } from './useTicketChanged';

const FIELDS = ['client', 'direction', 'subject', 'description', 'impact', 'urgency'];

export function EditTicketDialog({ ticket, onClose }: { ticket: TicketDto; onClose: () => void }) {
  const t = useT();
  const changed = useTicketChanged(ticket.id);
  const reload = useReloadCard(ticket.id);
  const [draft, setDraft] = useState<TicketDraft>({
    clientId: String(ticket.clientId),
    direction: ticket.direction,
    subject: ticket.subject,
    description: ticket.description,
    impact: ticket.impact,
    urgency: ticket.urgency,
  });
  const [reroute, setReroute] = useState(false);
  const set = (patch: Partial<TicketDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const direction = useDraftDirection(draft);

  const save = useMutation({
    mutationFn: (version: number) => {
      const differs = <T,>(now: T, was: T) => (now !== was ? now : null);
      return backend.editTicket({
        ticketId: ticket.id,
        version,
        clientId: differs(Number(draft.clientId), ticket.clientId),
        direction: differs(direction, ticket.direction),
        impact: differs(draft.impact, ticket.impact),
        urgency: differs(draft.urgency, ticket.urgency),
        subject: differs(draft.subject, ticket.subject),
        description: differs(draft.description, ticket.description),
        reroute,
      });
    },
    onSuccess: (updated) => {
      changed(updated);
      onClose();
    },
  });
  const refresh = useMutation({ mutationFn: reload });
  const err = save.error ? backend.BackendError.from(save.error) : null;
  const fieldErr = (f: string) => (err?.code === 'invalid_input' && err.field === f ? err.message : null);
  const general = err && !(err.code === 'invalid_input' && err.field && FIELDS.includes(err.field)) ? err : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(ticket.version);
  };

  return (
    <Dialog title={t('ticket.editTitle', { number: ticket.number })} onClose={onClose} wide>
      <form className="form ticket-form" data-testid="edit-ticket-form" onSubmit={submit} noValidate>
        <p className="muted">{t('ticket.editHint')}</p>
        <TicketFields draft={draft} set={set} fieldErr={fieldErr} idPrefix="edit" />
        <label className="check">
          <input type="checkbox" data-testid="edit-reroute" checked={reroute} onChange={(e) => setReroute(e.target.checked)} />{' '}
          {t('ticket.reroute')}
        </label>
        {isEditConflict(general) ? (
          <EditConflictNotice
            error={general}
            reapplyLabel={t('conflict.reapply')}
            busy={refresh.isPending || save.isPending}
            onReapply={() => refresh.mutate(undefined, { onSuccess: (version) => save.mutate(version) })}
            onReload={() => refresh.mutate(undefined, { onSuccess: onClose })}
          />
        ) : general ? (
          <FormError error={general} />
        ) : null}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" data-testid="edit-save" disabled={save.isPending}>
            {save.isPending ? t('common.saving') : t('ticket.editSave')}
          </button>
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
