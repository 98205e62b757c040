// The add/edit form of a vendor: its kind of system and that kind's settings, the secret (to
// the OS keychain, never shown again), the directions it serves, its underpinning SLA, its
// contacts and how hard its API may be called. "Test connection" and "Remove" act on the saved
// vendor.
import { say } from '../../lib/messages';
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import { BackendError, type ConnectorKindDto, type VendorDto, type VendorInput } from '../../lib/backend';
import { directionLabel, useI18n } from '../../lib/i18n';
import { useDirections } from '../../lib/queries';
import { FieldError, FormError } from '../../lib/ui';
import { useConnectorKinds, vendorKeys } from './shared';
import { VendorTest } from './VendorTest';

interface SlaRow {
  direction: string;
  acknowledge: string;
  resolve: string;
}

interface ContactRow {
  name: string;
  email: string;
  phone: string;
}

interface Draft {
  name: string;
  kind: string;
  settings: Record<string, string>;
  directions: string[];
  sla: SlaRow[];
  contacts: ContactRow[];
  perMinute: string;
  enabled: boolean;
}

const FIELDS_WITH_ERRORS = ['name', 'settings', 'perMinute', 'sla', 'contacts', 'secret', 'directions'];

function draftOf(v: VendorDto | null): Draft {
  if (!v) {
    return { name: '', kind: '', settings: {}, directions: [], sla: [], contacts: [], perMinute: '60', enabled: true };
  }
  const settings: Record<string, string> = {};
  for (const [k, value] of Object.entries(v.settings)) if (value !== undefined) settings[k] = value;
  return {
    name: v.name,
    kind: v.kind,
    settings,
    directions: [...v.directions],
    sla: v.sla.map((s) => ({
      direction: s.direction,
      acknowledge: s.acknowledgeMinutes === null ? '' : String(s.acknowledgeMinutes),
      resolve: s.resolveMinutes === null ? '' : String(s.resolveMinutes),
    })),
    contacts: v.contacts.map((c) => ({ name: c.name, email: c.email ?? '', phone: c.phone ?? '' })),
    perMinute: String(v.perMinute),
    enabled: v.enabled,
  };
}

const minutes = (text: string): number | null => (text.trim() === '' ? null : Number(text));
const orNull = (text: string): string | null => (text.trim() === '' ? null : text.trim());

/** What the back end gets: only the settings the kind knows, and none left empty. */
function inputOf(d: Draft, kind: ConnectorKindDto | undefined, secret: string, forget: boolean): VendorInput {
  const settings: Record<string, string> = {};
  for (const f of kind?.fields ?? []) {
    const value = d.settings[f.key]?.trim();
    if (value) settings[f.key] = value;
  }
  return {
    name: d.name,
    kind: d.kind,
    settings,
    directions: d.directions,
    sla: d.sla.map((s) => ({ direction: s.direction || '*', acknowledgeMinutes: minutes(s.acknowledge), resolveMinutes: minutes(s.resolve) })),
    contacts: d.contacts.map((c) => ({ name: c.name.trim(), email: orNull(c.email), phone: orNull(c.phone) })),
    perMinute: Number(d.perMinute),
    enabled: d.enabled,
    // Empty keeps the stored secret (null); "forget" sends "" to remove it from the keychain.
    secret: !kind?.secret ? null : secret !== '' ? secret : forget ? '' : null,
  };
}

export function VendorForm({ vendor, onDone }: { vendor: VendorDto | null; onDone: (notice?: string) => void }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const kinds = useConnectorKinds().data ?? [];
  const directions = useDirections().data ?? [];
  const [draft, setDraft] = useState<Draft>(() => draftOf(vendor));
  const [secret, setSecret] = useState('');
  const [forget, setForget] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  // A new vendor starts on the first kind once the kinds are known.
  const kindCode = draft.kind || kinds[0]?.kind || '';
  const kind = kinds.find((k) => k.kind === kindCode);
  const d = { ...draft, kind: kindCode };

  const refresh = () => void qc.invalidateQueries({ queryKey: vendorKeys.all });
  const save = useMutation({
    mutationFn: (input: VendorInput) => (vendor ? backend.updateVendor(vendor.id, input) : backend.createVendor(input)),
    onSuccess: () => {
      refresh();
      onDone();
    },
  });
  const remove = useMutation({
    mutationFn: (id: number) => backend.removeVendor(id),
    onSuccess: (removed) => {
      refresh();
      onDone(removed ? t('vendors.removed', { name: vendor?.name ?? '' }) : t('vendors.disabledInstead', { name: vendor?.name ?? '' }));
    },
  });
  const err = save.error ? BackendError.from(save.error) : null;
  const fieldErr = (field: string) => (err?.field === field ? <FieldError field={field} message={err.message} /> : null);
  const formLevelError = err && !(err.field && FIELDS_WITH_ERRORS.includes(err.field)) ? save.error : null;

  const slaDirections = ['*', ...directions, ...d.sla.map((s) => s.direction).filter((x) => x !== '*' && !directions.includes(x))];
  const setSla = (i: number, patch: Partial<SlaRow>) => set({ sla: d.sla.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
  const setContact = (i: number, patch: Partial<ContactRow>) => set({ contacts: d.contacts.map((r, j) => (j === i ? { ...r, ...patch } : r)) });

  return (
    <form
      className="form vendor-form"
      data-testid="vendor-form"
      aria-labelledby="vendor-form-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(inputOf(d, kind, secret, forget));
      }}
    >
      <h3 className="panel-title" id="vendor-form-title">
        {vendor ? t('vendors.editTitle', { name: vendor.name }) : t('vendors.newTitle')}
      </h3>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="vendor-name">{t('vendors.name')}</label>
          <input id="vendor-name" data-testid="vendor-name" value={d.name} aria-invalid={err?.field === 'name'} onChange={(e) => set({ name: e.target.value })} />
          {fieldErr('name')}
        </div>
        <div className="field">
          <label htmlFor="vendor-kind">{t('vendors.kind')}</label>
          <select id="vendor-kind" data-testid="vendor-kind" value={d.kind} onChange={(e) => set({ kind: e.target.value })}>
            {kinds.map((k) => (
              <option key={k.kind} value={k.kind}>
                {say(k.label)}
              </option>
            ))}
            {vendor && !kinds.some((k) => k.kind === vendor.kind) ? <option value={vendor.kind}>{say(vendor.kindLabel)}</option> : null}
          </select>
        </div>
      </div>

      <fieldset className="vendor-fieldset" data-testid="vendor-settings">
        <legend>{t('vendors.settings', { kind: kind ? say(kind.label) : d.kind })}</legend>
        <div className="form-grid">
          {(kind?.fields ?? []).map((f) => (
            <div className="field" key={f.key}>
              <div className="label-row">
                <label htmlFor={`vendor-setting-${f.key}`}>{say(f.label)}</label>
                {f.required ? (
                  <span className="required-mark" title={t('common.required')} aria-hidden="true">
                    *
                  </span>
                ) : null}
              </div>
              {f.key.endsWith('_body') ? (
                // A JSON template (the generic connector): room for a few lines.
                <textarea
                  id={`vendor-setting-${f.key}`}
                  data-testid={`vendor-setting-${f.key}`}
                  className="mono"
                  rows={3}
                  value={d.settings[f.key] ?? ''}
                  placeholder={say(f.hint)}
                  title={say(f.hint)}
                  required={f.required}
                  aria-required={f.required}
                  onChange={(e) => set({ settings: { ...d.settings, [f.key]: e.target.value } })}
                />
              ) : (
                <input
                  id={`vendor-setting-${f.key}`}
                  data-testid={`vendor-setting-${f.key}`}
                  value={d.settings[f.key] ?? ''}
                  placeholder={say(f.hint)}
                  title={say(f.hint)}
                  required={f.required}
                  aria-required={f.required}
                  onChange={(e) => set({ settings: { ...d.settings, [f.key]: e.target.value } })}
                />
              )}
            </div>
          ))}
          {kind?.secret ? (
            <div className="field">
              <label htmlFor="vendor-secret">{say(kind.secret)}</label>
              <input
                id="vendor-secret"
                data-testid="vendor-secret"
                type="password"
                autoComplete="new-password"
                value={secret}
                placeholder={vendor?.hasSecret && !forget ? t('vendors.secretKeep') : ''}
                aria-describedby="vendor-secret-hint"
                onChange={(e) => setSecret(e.target.value)}
              />
              <div className="hint" id="vendor-secret-hint" data-testid="vendor-secret-state">
                {vendor?.hasSecret && !forget ? (
                  <>
                    {t('vendors.secretStored')}{' '}
                    <button type="button" className="link-button" data-testid="vendor-secret-clear" onClick={() => setForget(true)}>
                      {t('vendors.secretClear', { secret: say(kind.secret) })}
                    </button>
                  </>
                ) : forget ? (
                  <>
                    {t('vendors.secretForgotten')}{' '}
                    <button type="button" className="link-button" data-testid="vendor-secret-undo" onClick={() => setForget(false)}>
                      {t('vendors.secretUndo')}
                    </button>
                  </>
                ) : (
                  t('vendors.secretHint')
                )}
              </div>
              {fieldErr('secret')}
            </div>
          ) : null}
        </div>
        {fieldErr('settings')}
      </fieldset>

      <fieldset className="vendor-fieldset" data-testid="vendor-directions">
        <legend>{t('vendors.directions')}</legend>
        <div className="chips-pick">
          {directions.map((dir) => (
            <label key={dir} className="check">
              <input
                type="checkbox"
                data-testid={`vendor-direction-${dir}`}
                checked={d.directions.includes(dir)}
                onChange={() => set({ directions: d.directions.includes(dir) ? d.directions.filter((x) => x !== dir) : [...d.directions, dir] })}
              />{' '}
              {directionLabel(t, dir)}
            </label>
          ))}
        </div>
        <div className="hint">{t('vendors.directionsHint')}</div>
        {fieldErr('directions')}
      </fieldset>

      <fieldset className="vendor-fieldset" data-testid="vendor-sla">
        <legend>{t('vendors.sla')}</legend>
        {d.sla.length > 0 ? (
          // Column heads: the numbers say nothing by themselves once filled in.
          <div className="toolbar sla-head muted" aria-hidden="true">
            <span>{t('vendors.sla.direction')}</span>
            <span>{t('vendors.sla.acknowledge')}</span>
            <span>{t('vendors.sla.resolve')}</span>
          </div>
        ) : null}
        {d.sla.map((row, i) => (
          <div className="toolbar sla-row" key={i} data-testid={`vendor-sla-row-${i}`}>
            <select aria-label={t('vendors.sla.direction')} data-testid={`vendor-sla-direction-${i}`} value={row.direction} onChange={(e) => setSla(i, { direction: e.target.value })}>
              {slaDirections.map((dir) => (
                <option key={dir} value={dir}>
                  {dir === '*' ? t('vendors.sla.anyDirection') : directionLabel(t, dir)}
                </option>
              ))}
            </select>
            <input
              type="number"
              min={1}
              className="minutes"
              aria-label={t('vendors.sla.acknowledge')}
              placeholder={t('vendors.sla.acknowledge')}
              data-testid={`vendor-sla-acknowledge-${i}`}
              value={row.acknowledge}
              onChange={(e) => setSla(i, { acknowledge: e.target.value })}
            />
            <input
              type="number"
              min={1}
              className="minutes"
              aria-label={t('vendors.sla.resolve')}
              placeholder={t('vendors.sla.resolve')}
              data-testid={`vendor-sla-resolve-${i}`}
              value={row.resolve}
              onChange={(e) => setSla(i, { resolve: e.target.value })}
            />
            <button type="button" className="btn btn-ghost btn-small" aria-label={t('vendors.removeRow')} onClick={() => set({ sla: d.sla.filter((_, j) => j !== i) })}>
              ×
            </button>
          </div>
        ))}
        <div className="toolbar">
          <button
            type="button"
            className="btn btn-small"
            data-testid="vendor-sla-add"
            onClick={() => set({ sla: [...d.sla, { direction: d.sla.some((s) => s.direction === '*') ? (directions[0] ?? '*') : '*', acknowledge: '', resolve: '' }] })}
          >
            + {t('vendors.sla.add')}
          </button>
          <span className="hint">{t('vendors.sla.hint')}</span>
        </div>
        {fieldErr('sla')}
      </fieldset>

      <fieldset className="vendor-fieldset" data-testid="vendor-contacts">
        <legend>{t('vendors.contacts')}</legend>
        {d.contacts.map((c, i) => (
          <div className="toolbar" key={i} data-testid={`vendor-contact-row-${i}`}>
            <input aria-label={t('vendors.contact.name')} placeholder={t('vendors.contact.name')} data-testid={`vendor-contact-name-${i}`} value={c.name} onChange={(e) => setContact(i, { name: e.target.value })} />
            <input
              type="email"
              aria-label={t('vendors.contact.email')}
              placeholder={t('vendors.contact.email')}
              data-testid={`vendor-contact-email-${i}`}
              value={c.email}
              onChange={(e) => setContact(i, { email: e.target.value })}
            />
            <input aria-label={t('vendors.contact.phone')} placeholder={t('vendors.contact.phone')} data-testid={`vendor-contact-phone-${i}`} value={c.phone} onChange={(e) => setContact(i, { phone: e.target.value })} />
            <button type="button" className="btn btn-ghost btn-small" aria-label={t('vendors.removeRow')} onClick={() => set({ contacts: d.contacts.filter((_, j) => j !== i) })}>
              ×
            </button>
          </div>
        ))}
        <div className="toolbar">
          <button type="button" className="btn btn-small" data-testid="vendor-contact-add" onClick={() => set({ contacts: [...d.contacts, { name: '', email: '', phone: '' }] })}>
            + {t('vendors.contact.add')}
          </button>
        </div>
        {fieldErr('contacts')}
      </fieldset>

      <div className="form-grid">
        <div className="field">
          <label htmlFor="vendor-per-minute">{t('vendors.perMinute')}</label>
          <input
            id="vendor-per-minute"
            data-testid="vendor-per-minute"
            type="number"
            min={1}
            value={d.perMinute}
            aria-invalid={err?.field === 'perMinute'}
            onChange={(e) => set({ perMinute: e.target.value })}
          />
          <div className="hint">{t('vendors.perMinuteHint')}</div>
          {fieldErr('perMinute')}
        </div>
        <label className="check">
          <input type="checkbox" data-testid="vendor-enabled" checked={d.enabled} onChange={(e) => set({ enabled: e.target.checked })} /> {t('vendors.enabled')}
        </label>
      </div>

      <FormError error={formLevelError ?? remove.error} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" data-testid="vendor-save" disabled={save.isPending || !kind}>
          {save.isPending ? t('common.saving') : t('vendors.save')}
        </button>
        <button type="button" className="btn btn-ghost" data-testid="vendor-cancel" onClick={() => onDone()}>
          {t('common.cancel')}
        </button>
        <span className="toolbar-spacer" />
        {vendor ? (
          confirmRemove ? (
            <span className="inline" role="group" aria-label={t('vendors.removeConfirm', { name: vendor.name })}>
              <span className="hint">{t('vendors.removeConfirm', { name: vendor.name })}</span>{' '}
              <button type="button" className="btn btn-danger btn-small" data-testid="vendor-remove-confirm" disabled={remove.isPending} onClick={() => remove.mutate(vendor.id)}>
                {t('vendors.remove')}
              </button>{' '}
              <button type="button" className="btn btn-small" onClick={() => setConfirmRemove(false)}>
                {t('common.cancel')}
              </button>
            </span>
          ) : (
            <button type="button" className="btn btn-ghost" data-testid="vendor-remove" onClick={() => setConfirmRemove(true)}>
              {t('vendors.remove')}
            </button>
          )
        ) : null}
      </div>
      {vendor ? (
        <div className="vendor-form-test">
          <VendorTest vendorId={vendor.id} />
          <div className="hint">{t('vendors.testHint')}</div>
        </div>
      ) : null}
    </form>
  );
}
