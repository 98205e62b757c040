// Log a ticket: client, direction, what is wrong, impact and urgency (priority follows), channel.
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import type { Channel, Level, TicketDto } from '../../lib/backend';
import { channelLabel, directionLabel, levelLabel, useT } from '../../lib/i18n';
import { priorityFrom } from '../../lib/format';
import { keys, useClientPicker, useDirections } from '../../lib/queries';
import { SuggestionsPanel } from '../kb/SuggestionsPanel';
import { Dialog, Field, FieldError, FormError, PriorityBadge } from '../../lib/ui';

const LEVELS: Level[] = ['high', 'medium', 'low'];
const CHANNELS: Channel[] = ['desktop', 'phone'];
const FIELDS = ['client', 'direction', 'subject', 'description', 'impact', 'urgency', 'channel'];

interface Draft {
  clientId: string;
  direction: string;
  subject: string;
  description: string;
  impact: Level;
  urgency: Level;
  channel: Channel;
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
  const clients = useClientPicker('');
  const directions = useDirections();
  const [draft, setDraft] = useState<Draft>({
    clientId: presetClientId ? String(presetClientId) : '',
    direction: '',
    subject: '',
    description: '',
    impact: 'medium',
    urgency: 'medium',
    channel: 'desktop',
  });
  const [localError, setLocalError] = useState<backend.BackendError | null>(null);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const direction = draft.direction || directions.data?.[0] || '';

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

  const priority = priorityFrom(draft.impact, draft.urgency);
  const clientRows = clients.data?.rows ?? [];

  return (
    <Dialog title={t('ticket.new')} onClose={onClose} wide>
      <form className="form ticket-form" data-testid="ticket-form" onSubmit={submit} noValidate>
        {clients.isSuccess && clientRows.length === 0 ? <p className="banner">{t('ticket.noClients')}</p> : null}
        <div className="form-grid">
          <Field label={t('ticket.client')} htmlFor="ticket-client" error={<FieldError field="client" message={fieldErr('client')} />}>
            <select
              id="ticket-client"
              data-testid="ticket-client"
              value={draft.clientId}
              aria-invalid={!!fieldErr('client')}
              onChange={(e) => set({ clientId: e.target.value })}
            >
              <option value="">{t('ticket.chooseClient')}</option>
              {clientRows.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.code} · {c.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('ticket.direction')} htmlFor="ticket-direction" error={<FieldError field="direction" message={fieldErr('direction')} />}>
            <select
              id="ticket-direction"
              data-testid="ticket-direction"
              value={direction}
              aria-invalid={!!fieldErr('direction')}
              onChange={(e) => set({ direction: e.target.value })}
            >
              {(directions.data ?? []).map((d) => (
                <option key={d} value={d}>
                  {directionLabel(t, d)}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <Field label={t('ticket.subject')} htmlFor="ticket-subject" error={<FieldError field="subject" message={fieldErr('subject')} />}>
          <input
            id="ticket-subject"
            data-testid="ticket-subject"
            value={draft.subject}
            placeholder={t('ticket.subjectPlaceholder')}
            aria-invalid={!!fieldErr('subject')}
            onChange={(e) => set({ subject: e.target.value })}
          />
        </Field>
        <SuggestionsPanel text={draft.subject} testId="ticket-suggestions" onOpen={onClose} />
        <Field
          label={t('ticket.description')}
          htmlFor="ticket-description"
          error={<FieldError field="description" message={fieldErr('description')} />}
        >
          <textarea
            id="ticket-description"
            data-testid="ticket-description"
            rows={5}
            value={draft.description}
            placeholder={t('ticket.descriptionPlaceholder')}
            aria-invalid={!!fieldErr('description')}
            onChange={(e) => set({ description: e.target.value })}
          />
        </Field>
        <div className="form-grid form-grid-4">
          <Field label={t('ticket.impact')} htmlFor="ticket-impact" error={<FieldError field="impact" message={fieldErr('impact')} />}>
            <select id="ticket-impact" data-testid="ticket-impact" value={draft.impact} onChange={(e) => set({ impact: e.target.value as Level })}>
              {LEVELS.map((l) => (
                <option key={l} value={l}>
                  {levelLabel(t, l)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('ticket.urgency')} htmlFor="ticket-urgency" error={<FieldError field="urgency" message={fieldErr('urgency')} />}>
            <select id="ticket-urgency" data-testid="ticket-urgency" value={draft.urgency} onChange={(e) => set({ urgency: e.target.value as Level })}>
              {LEVELS.map((l) => (
                <option key={l} value={l}>
                  {levelLabel(t, l)}
                </option>
              ))}
            </select>
          </Field>
          <div className="field priority-preview">
            <span className="label">{t('ticket.priorityPreview')}</span>
            <span className="preview-value" aria-live="polite">
              <PriorityBadge priority={priority} testId="ticket-priority-preview" />
            </span>
            <div className="hint">{t('ticket.priorityHint')}</div>
          </div>
          <Field label={t('ticket.channel')} htmlFor="ticket-channel" error={<FieldError field="channel" message={fieldErr('channel')} />}>
            <select id="ticket-channel" data-testid="ticket-channel" value={draft.channel} onChange={(e) => set({ channel: e.target.value as Channel })}>
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {channelLabel(t, c)}
                </option>
              ))}
            </select>
          </Field>
        </div>
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
