// The fields of a ticket a person writes: client, direction, subject, description, impact and
// urgency (the priority follows). Shared by "New ticket" and "Correct ticket".
import type { ReactNode } from 'react';
import type { Level } from '../../lib/backend';
import { directionLabel, levelLabel, useT } from '../../lib/i18n';
import { priorityFrom } from '../../lib/format';
import { useClientPicker, useDirections } from '../../lib/queries';
import { Field, FieldError, PriorityBadge } from '../../lib/ui';

export const LEVELS: Level[] = ['high', 'medium', 'low'];

export interface TicketDraft {
  clientId: string;
  direction: string;
  subject: string;
  description: string;
  impact: Level;
  urgency: Level;
}

export function TicketFields({
  draft,
  set,
  fieldErr,
  afterSubject,
  extra,
  idPrefix = 'ticket',
}: {
  draft: TicketDraft;
  set: (patch: Partial<TicketDraft>) => void;
  fieldErr: (field: string) => string | null;
  /** Shown under the subject (the knowledge base's suggestions). */
  afterSubject?: ReactNode;
  /** More fields in the last row (the channel). */
  extra?: ReactNode;
  idPrefix?: string;
}) {
  const t = useT();
  const clients = useClientPicker('');
  const directions = useDirections();
  const direction = draft.direction || directions.data?.[0] || '';
  const clientRows = clients.data?.rows ?? [];
  const id = (f: string) => `${idPrefix}-${f}`;
  return (
    <>
      {clients.isSuccess && clientRows.length === 0 ? <p className="banner">{t('ticket.noClients')}</p> : null}
      <div className="form-grid">
        <Field label={t('ticket.client')} htmlFor={id('client')} error={<FieldError field="client" message={fieldErr('client')} />}>
          <select
            id={id('client')}
            data-testid={id('client')}
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
        <Field label={t('ticket.direction')} htmlFor={id('direction')} error={<FieldError field="direction" message={fieldErr('direction')} />}>
          <select
            id={id('direction')}
            data-testid={id('direction')}
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
      <Field label={t('ticket.subject')} htmlFor={id('subject')} error={<FieldError field="subject" message={fieldErr('subject')} />}>
        <input
          id={id('subject')}
          data-testid={id('subject')}
          value={draft.subject}
          placeholder={t('ticket.subjectPlaceholder')}
          aria-invalid={!!fieldErr('subject')}
          onChange={(e) => set({ subject: e.target.value })}
        />
      </Field>
      {afterSubject}
      <Field label={t('ticket.description')} htmlFor={id('description')} error={<FieldError field="description" message={fieldErr('description')} />}>
        <textarea
          id={id('description')}
          data-testid={id('description')}
          rows={5}
          value={draft.description}
          placeholder={t('ticket.descriptionPlaceholder')}
          aria-invalid={!!fieldErr('description')}
          onChange={(e) => set({ description: e.target.value })}
        />
      </Field>
      <div className="form-grid form-grid-4">
        {(['impact', 'urgency'] as const).map((f) => (
          <Field key={f} label={t(`ticket.${f}`)} htmlFor={id(f)} error={<FieldError field={f} message={fieldErr(f)} />}>
            <select id={id(f)} data-testid={id(f)} value={draft[f]} onChange={(e) => set({ [f]: e.target.value as Level })}>
              {LEVELS.map((l) => (
                <option key={l} value={l}>
                  {levelLabel(t, l)}
                </option>
              ))}
            </select>
          </Field>
        ))}
        <div className="field priority-preview">
          <span className="label">{t('ticket.priorityPreview')}</span>
          <span className="preview-value" aria-live="polite">
            <PriorityBadge priority={priorityFrom(draft.impact, draft.urgency)} testId={id('priority-preview')} />
          </span>
          <div className="hint">{t('ticket.priorityHint')}</div>
        </div>
        {extra}
      </div>
    </>
  );
}

/** The direction the form will send: the chosen one, else the first the workspace has. */
export function useDraftDirection(draft: TicketDraft): string {
  const directions = useDirections();
  return draft.direction || directions.data?.[0] || '';
}
