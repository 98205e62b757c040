// Log a ticket: client, direction, what is wrong, impact and urgency (priority follows), channel,
// and the client's contact who asked (with an address, they are sent the acknowledgement and the
// later mails).
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import type { Channel, TicketDto } from '../../lib/backend';
import { channelLabel, useT } from '../../lib/i18n';
import { keys } from '../../lib/queries';
import { SuggestionsPanel } from '../kb/SuggestionsPanel';
import { Dialog, Field, FieldError, FormError } from '../../lib/ui';
import { TicketFields, useDraftDirection, type TicketDraft } from './TicketFields';

const CHANNELS: Channel[] = ['desktop', 'phone'];
const FIELDS = ['client', 'direction', 'subject', 'description', 'impact', 'urgency', 'channel', 'contact'];

interface Draft extends TicketDraft {
  channel: Channel;
  /** A contact's id, or '' for none. */
  contactId: string;
}

export function NewTicketDialog({
  onClose,
  onCreated,
  presetClientId,
}: {
  onClose: () => void;
  onCreated: (ticket: TicketDto) => void;
  presetClientId?: number | null;
}) {
  const t = useT();
  const qc = useQueryClient();
  const [draft, setDraft] = useState<Draft>({
    clientId: presetClientId ? String(presetClientId) : '',
    direction: '',
    subject: '',
    description: '',
    impact: 'medium',
    urgency: 'medium',
    channel: 'desktop',
    contactId: '',
  });
  const [localError, setLocalError] = useState<backend.BackendError | null>(null);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const direction = useDraftDirection(draft);
  const clientId = draft.clientId ? Number(draft.clientId) : null;
  const client = useQuery({
    queryKey: keys.client(clientId ?? 0),
    queryFn: () => backend.getClient(clientId!),
    enabled: clientId !== null,
  });
  // The contacts of the client chosen now: a contact picked for another client is none.
  const contacts = client.data && client.data.id === clientId ? client.data.contacts : [];
  const contactId = contacts.some((c) => String(c.id) === draft.contactId) ? Number(draft.contactId) : null;

  const save = useMutation({
    mutationFn: () =>
      backend.createTicket({
        clientId: Number(draft.clientId),
        direction,
        subject: draft.subject,
        description: draft.description,
        impact: draft.impact,
        urgency: draft.urgency,
        channel: draft.channel,
        contactId,
      }),
    onSuccess: (ticket) => {
      void qc.invalidateQueries({ queryKey: keys.queue });
      void qc.invalidateQueries({ queryKey: keys.clients });
      onCreated(ticket);
    },
  });

  const err = localError ?? (save.error ? backend.BackendError.from(save.error) : null);
  const fieldErr = (f: string) => (err?.code === 'invalid_input' && err.field === f ? err.message : null);
  const general = err && !(err.code === 'invalid_input' && err.field && FIELDS.includes(err.field)) ? err : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!draft.clientId) {
      setLocalError(new backend.BackendError('invalid_input', t('ticket.chooseClient'), 'client'));
      return;
    }
    setLocalError(null);
    save.mutate();
  };


  return (
    <Dialog title={t('ticket.new')} onClose={onClose} wide>
      <form className="form ticket-form" data-testid="ticket-form" onSubmit={submit} noValidate>
        <TicketFields
          draft={draft}
          set={set}
          fieldErr={fieldErr}
          afterSubject={<SuggestionsPanel text={draft.subject} testId="ticket-suggestions" onOpen={onClose} />}
          extra={
            <>
              <Field label={t('ticket.channel')} htmlFor="ticket-channel" error={<FieldError field="channel" message={fieldErr('channel')} />}>
                <select id="ticket-channel" data-testid="ticket-channel" value={draft.channel} onChange={(e) => set({ channel: e.target.value as Channel })}>
                  {CHANNELS.map((c) => (
                    <option key={c} value={c}>
                      {channelLabel(t, c)}
                    </option>
                  ))}
                </select>
              </Field>
              <Field label={t('ticket.contact')} htmlFor="ticket-contact" error={<FieldError field="contact" message={fieldErr('contact')} />}>
                <select
                  id="ticket-contact"
                  data-testid="ticket-contact"
                  value={contactId === null ? '' : String(contactId)}
                  title={t('ticket.contactHint')}
                  onChange={(e) => set({ contactId: e.target.value })}
                >
                  <option value="">{t('ticket.contactNone')}</option>
                  {contacts.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.email ? `${c.name} <${c.email}>` : `${c.name} (${t('ticket.contactNoEmail')})`}
                    </option>
                  ))}
                </select>
              </Field>
            </>
          }
        />
        {general ? <FormError error={general} /> : null}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" data-testid="ticket-save" disabled={save.isPending}>
            {save.isPending ? t('common.saving') : t('ticket.create')}
          </button>
          <button type="button" className="btn btn-ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
