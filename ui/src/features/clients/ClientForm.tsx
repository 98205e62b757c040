// A client's code, name, notes and contacts. The back end checks everything and names the field.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import type { ClientDto, ClientInput, MailLanguage } from '../../lib/backend';
import { useT } from '../../lib/i18n';
import { keys } from '../../lib/queries';
import { Field, FieldError, FormError, Skeleton } from '../../lib/ui';
import { useNavigation } from '../../app/navigation';
import { ClientNotices } from './ClientNotices';

interface ContactRow {
  key: number;
  name: string;
  email: string;
  phone: string;
}

interface Draft {
  code: string;
  name: string;
  notes: string;
  contacts: ContactRow[];
  /** '' is the workspace's default. */
  language: MailLanguage | '';
}

let nextKey = 1;
const blankContact = (): ContactRow => ({ key: nextKey++, name: '', email: '', phone: '' });

function draftFrom(c: ClientDto | undefined): Draft {
  if (!c) return { code: '', name: '', notes: '', contacts: [], language: '' };
  return {
    code: c.code,
    name: c.name,
    notes: c.notes ?? '',
    language: c.language ?? '',
    contacts: c.contacts.map((x) => ({ key: nextKey++, name: x.name, email: x.email ?? '', phone: x.phone ?? '' })),
  };
}

function toInput(d: Draft): ClientInput {
  const orNull = (s: string) => (s.trim() ? s : null);
  return {
    code: d.code,
    name: d.name,
    notes: orNull(d.notes),
    contacts: d.contacts.map((c) => ({ name: c.name, email: orNull(c.email), phone: orNull(c.phone) })),
    language: d.language === '' ? null : d.language,
  };
}

export function ClientForm({ id }: { id: number | null }) {
  const t = useT();
  const client = useQuery({ queryKey: keys.client(id ?? 0), queryFn: () => backend.getClient(id!), enabled: id !== null });
  if (id !== null && !client.data) {
    return (
      <section className="page narrow">
        {client.isError ? (
          <FormError error={client.error} />
        ) : (
          <div className="panel" aria-label={t('common.loading')}>
            <Skeleton width="30%" height={18} />
            <div className="gap" />
            <Skeleton />
            <div className="gap" />
            <Skeleton width="70%" />
          </div>
        )}
      </section>
    );
  }
  return <ClientEditor id={id} initial={draftFrom(client.data)} />;
}

/** Which contact row a contact error belongs to: the first row that is wrong in that way. */
function contactRowFor(field: string, contacts: ContactRow[]): number {
  const emailOk = (e: string) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(e.trim()) && !e.trim().endsWith('.');
  const phoneOk = (p: string) => /^[0-9 +\-()./]+$/.test(p.trim()) && (p.match(/\d/g)?.length ?? 0) >= 3;
  const index = contacts.findIndex((c) => {
    if (field === 'contact name') return !c.name.trim();
    if (field === 'contact email') return c.email.trim() !== '' && !emailOk(c.email);
    if (field === 'contact phone') return c.phone.trim() !== '' && !phoneOk(c.phone);
    return false;
  });
  return index >= 0 ? index : 0;
}

function ClientEditor({ id, initial }: { id: number | null; initial: Draft }) {
  const t = useT();
  const nav = useNavigation();
  const qc = useQueryClient();
  const [draft, setDraft] = useState<Draft>(initial);
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const set = (patch: Partial<Draft>) => {
    setSavedAt(null);
    setDraft((d) => ({ ...d, ...patch }));
  };
  const setContact = (i: number, patch: Partial<ContactRow>) =>
    set({ contacts: draft.contacts.map((c, j) => (j === i ? { ...c, ...patch } : c)) });

  const save = useMutation({
    mutationFn: () => (id === null ? backend.createClient(toInput(draft)) : backend.updateClient(id, toInput(draft))),
    onSuccess: (saved) => {
      qc.setQueryData(keys.client(saved.id), saved);
      void qc.invalidateQueries({ queryKey: keys.clients });
      void qc.invalidateQueries({ queryKey: keys.setup });
      void qc.invalidateQueries({ queryKey: keys.queue });
      if (id === null) {
        nav.go({ kind: 'clients' });
      } else {
        setDraft(draftFrom(saved));
        setSavedAt(Date.now());
      }
    },
  });

  const err = save.error ? backend.BackendError.from(save.error) : null;
  const fieldOf = (f: string) =>
    err && err.field === f && (err.code === 'invalid_input' || (err.code === 'conflict' && f === 'code')) ? err : null;
  const codeErr = fieldOf('code');
  const contactField = err?.field?.startsWith('contact ') && err.code === 'invalid_input' ? err.field : null;
  const contactRow = contactField ? contactRowFor(contactField, draft.contacts) : -1;
  const known = codeErr || fieldOf('name') || fieldOf('notes') || contactField;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };

  return (
    <section className="page narrow">
      <div className="page-head">
        <button type="button" className="btn btn-ghost" onClick={() => nav.go({ kind: 'clients' })}>
          ← {t('nav.clients')}
        </button>
        <h2>{id === null ? t('client.newTitle') : t('client.editTitle', { code: initial.code })}</h2>
        {id !== null ? (
          <>
            <span className="toolbar-spacer" />
            <button type="button" className="btn" data-testid="client-hours-link" onClick={() => nav.go({ kind: 'clientHours', id })}>
              {t('hours.packagesAndHours')}
            </button>
          </>
        ) : null}
      </div>
      <form className="form panel" onSubmit={submit} noValidate>
        <div className="form-grid form-grid-code">
          <Field
            label={t('client.code')}
            htmlFor="client-code"
            hint={t('client.codeHint')}
            error={<FieldError field="code" message={codeErr ? (codeErr.code === 'conflict' ? t('client.codeTaken') : codeErr.message) : null} />}
          >
            <input
              id="client-code"
              data-testid="client-code"
              className="mono upper"
              value={draft.code}
              maxLength={16}
              autoFocus={id === null}
              aria-invalid={!!codeErr}
              onChange={(e) => set({ code: e.target.value.toUpperCase() })}
            />
          </Field>
          <Field label={t('client.name')} htmlFor="client-name" error={<FieldError field="name" message={fieldOf('name')?.message} />}>
            <input
              id="client-name"
              data-testid="client-name"
              value={draft.name}
              aria-invalid={!!fieldOf('name')}
              onChange={(e) => set({ name: e.target.value })}
            />
          </Field>
        </div>
        <Field label={t('client.notes')} htmlFor="client-notes" error={<FieldError field="notes" message={fieldOf('notes')?.message} />}>
          <textarea
            id="client-notes"
            data-testid="client-notes"
            rows={3}
            value={draft.notes}
            placeholder={t('client.notesPlaceholder')}
            onChange={(e) => set({ notes: e.target.value })}
          />
        </Field>
        <Field label={t('client.language')} htmlFor="client-language" hint={t('client.languageHint')}>
          <select
            id="client-language"
            data-testid="client-language"
            value={draft.language}
            onChange={(e) => set({ language: e.target.value as MailLanguage | '' })}
          >
            <option value="">{t('client.languageDefault')}</option>
            <option value="en">English</option>
            <option value="ru">Русский</option>
          </select>
        </Field>
        <fieldset className="contacts">
          <legend>{t('client.contacts')}</legend>
          {draft.contacts.length === 0 ? <p className="muted">{t('client.noContacts')}</p> : null}
          {draft.contacts.map((c, i) => {
            const rowErr = i === contactRow ? contactField : null;
            return (
              <div key={c.key} className="contact-row">
                <div className="contact-fields">
                  <input
                    data-testid={`contact-name-${i}`}
                    aria-label={`${t('client.contactName')} ${i + 1}`}
                    placeholder={t('client.contactName')}
                    value={c.name}
                    aria-invalid={rowErr === 'contact name'}
                    onChange={(e) => setContact(i, { name: e.target.value })}
                  />
                  <input
                    data-testid={`contact-email-${i}`}
                    type="email"
                    aria-label={`${t('client.contactEmail')} ${i + 1}`}
                    placeholder={t('client.contactEmail')}
                    value={c.email}
                    aria-invalid={rowErr === 'contact email'}
                    onChange={(e) => setContact(i, { email: e.target.value })}
                  />
                  <input
                    data-testid={`contact-phone-${i}`}
                    type="tel"
                    aria-label={`${t('client.contactPhone')} ${i + 1}`}
                    placeholder={t('client.contactPhone')}
                    value={c.phone}
                    aria-invalid={rowErr === 'contact phone'}
                    onChange={(e) => setContact(i, { phone: e.target.value })}
                  />
                  <button
                    type="button"
                    className="btn btn-ghost btn-icon"
                    aria-label={`${t('client.contactRemove')} ${i + 1}`}
                    title={t('client.contactRemove')}
                    onClick={() => set({ contacts: draft.contacts.filter((_, j) => j !== i) })}
                  >
                    ×
                  </button>
                </div>
                {rowErr ? <FieldError field={`${rowErr}-${i}`} message={err?.message} /> : null}
              </div>
            );
          })}
          <button type="button" className="btn btn-small" data-testid="contact-add" onClick={() => set({ contacts: [...draft.contacts, blankContact()] })}>
            + {t('client.contactAdd')}
          </button>
        </fieldset>
        {err && !known ? <FormError error={err} /> : null}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" data-testid="client-save" disabled={save.isPending}>
            {save.isPending ? t('common.saving') : t('common.save')}
          </button>
          {savedAt ? <span className="saved">✓ {t('client.saved')}</span> : null}
        </div>
      </form>
      {id !== null ? <ClientNotices clientId={id} /> : null}
    </section>
  );
}
