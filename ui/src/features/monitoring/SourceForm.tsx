// The add/edit form of an alert source: address, filter, and how labels map to client,
// direction and priority. "Test connection" checks what is typed, before saving.
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import { BackendError, type AlertSourceDto, type AlertSourceInput, type Level } from '../../lib/backend';
import { directionLabel, levelLabel, useT } from '../../lib/i18n';
import { useDirections } from '../../lib/queries';
import { FieldError, FormError } from '../../lib/ui';

const LEVELS: Level[] = ['high', 'medium', 'low'];

export const NEW_SOURCE: AlertSourceInput = {
  name: '',
  baseUrl: '',
  filter: [],
  mapping: {
    clientLabel: 'customer',
    directionLabel: 'service',
    directionMap: [],
    defaultDirection: null,
    severityLabel: 'severity',
    severityMap: [
      { value: 'critical', impact: 'high', urgency: 'high' },
      { value: 'warning', impact: 'medium', urgency: 'medium' },
      { value: 'info', impact: 'low', urgency: 'low' },
    ],
    unknownImpact: 'medium',
    unknownUrgency: 'medium',
  },
  pollSeconds: 60,
  enabled: true,
};

export function inputOf(s: AlertSourceDto): AlertSourceInput {
  return {
    name: s.name,
    baseUrl: s.baseUrl,
    filter: s.filter,
    mapping: s.mapping,
    pollSeconds: s.pollSeconds,
    enabled: s.enabled,
  };
}

export function SourceForm({
  source,
  onSaved,
  onCancel,
}: {
  source: AlertSourceDto | null;
  onSaved: (saved: AlertSourceDto) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const directions = useDirections().data ?? [];
  const [form, setForm] = useState<AlertSourceInput>(source ? inputOf(source) : NEW_SOURCE);
  const [filterText, setFilterText] = useState((source?.filter ?? []).join('\n'));
  const m = form.mapping;
  const setMapping = (patch: Partial<AlertSourceInput['mapping']>) => setForm({ ...form, mapping: { ...m, ...patch } });
  const input = (): AlertSourceInput => ({
    ...form,
    filter: filterText
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  });

  const save = useMutation({
    mutationFn: (i: AlertSourceInput) => (source ? backend.updateAlertSource(source.id, i) : backend.createAlertSource(i)),
    onSuccess: onSaved,
  });
  const test = useMutation({ mutationFn: (i: AlertSourceInput) => backend.testAlertSource(i) });
  const error = save.error ?? test.error;
  const fieldError = (field: string) => {
    const e = error ? BackendError.from(error) : null;
    return e?.field === field ? <FieldError field={field} message={e.message} /> : null;
  };
  const anyFieldError = error ? BackendError.from(error).field : null;

  return (
    <form
      className="form panel"
      data-testid="monitoring-form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(input());
      }}
    >
      <h3 className="panel-title">{source ? t('monitoring.editSource', { name: source.name }) : t('monitoring.newSource')}</h3>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="monitoring-name">{t('monitoring.name')}</label>
          <input id="monitoring-name" data-testid="monitoring-name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
          {fieldError('name')}
        </div>
        <div className="field">
          <label htmlFor="monitoring-url">{t('monitoring.url')}</label>
          <input
            id="monitoring-url"
            data-testid="monitoring-url"
            value={form.baseUrl}
            placeholder="http://alertmanager:9093"
            onChange={(e) => setForm({ ...form, baseUrl: e.target.value })}
          />
          <div className="hint">{t('monitoring.urlHint')}</div>
          {fieldError('baseUrl')}
        </div>
      </div>
      <div className="field">
        <label htmlFor="monitoring-filter">{t('monitoring.filter')}</label>
        <textarea id="monitoring-filter" data-testid="monitoring-filter" rows={2} value={filterText} onChange={(e) => setFilterText(e.target.value)} />
        <div className="hint">{t('monitoring.filterHint')}</div>
        {fieldError('filter')}
      </div>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="monitoring-client-label">{t('monitoring.clientLabel')}</label>
          <input id="monitoring-client-label" data-testid="monitoring-client-label" value={m.clientLabel} onChange={(e) => setMapping({ clientLabel: e.target.value })} />
          <div className="hint">{t('monitoring.clientLabelHint')}</div>
          {fieldError('clientLabel')}
        </div>
        <div className="field">
          <label htmlFor="monitoring-direction-label">{t('monitoring.directionLabel')}</label>
          <input
            id="monitoring-direction-label"
            data-testid="monitoring-direction-label"
            value={m.directionLabel}
            onChange={(e) => setMapping({ directionLabel: e.target.value })}
          />
          {fieldError('directionLabel')}
        </div>
      </div>
      <fieldset className="field">
        <legend>{t('monitoring.directionTable')}</legend>
        {m.directionMap.map((row, i) => (
          <div className="toolbar" key={i}>
            <input
              aria-label={t('monitoring.value')}
              data-testid={`monitoring-direction-value-${i}`}
              value={row.value}
              onChange={(e) => setMapping({ directionMap: m.directionMap.map((r, j) => (j === i ? { ...r, value: e.target.value } : r)) })}
            />
            <span aria-hidden="true">→</span>
            <select
              aria-label={t('ticket.direction')}
              data-testid={`monitoring-direction-direction-${i}`}
              value={row.direction}
              onChange={(e) => setMapping({ directionMap: m.directionMap.map((r, j) => (j === i ? { ...r, direction: e.target.value } : r)) })}
            >
              {directions.map((d) => (
                <option key={d} value={d}>
                  {directionLabel(t, d)}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="btn btn-ghost btn-small"
              aria-label={t('monitoring.removeRow')}
              onClick={() => setMapping({ directionMap: m.directionMap.filter((_, j) => j !== i) })}
            >
              ×
            </button>
          </div>
        ))}
        <div className="toolbar">
          <button
            type="button"
            className="btn btn-small"
            data-testid="monitoring-direction-add"
            onClick={() => setMapping({ directionMap: [...m.directionMap, { value: '', direction: directions[0] ?? 'hardware' }] })}
          >
            + {t('monitoring.addRow')}
          </button>
          <label htmlFor="monitoring-default-direction" className="hint">
            {t('monitoring.defaultDirection')}
          </label>
          <select
            id="monitoring-default-direction"
            data-testid="monitoring-default-direction"
            value={m.defaultDirection ?? ''}
            onChange={(e) => setMapping({ defaultDirection: e.target.value || null })}
          >
            <option value="">{t('monitoring.noDefault')}</option>
            {directions.map((d) => (
              <option key={d} value={d}>
                {directionLabel(t, d)}
              </option>
            ))}
          </select>
        </div>
        {fieldError('directionMap')}
        {fieldError('defaultDirection')}
      </fieldset>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="monitoring-severity-label">{t('monitoring.severityLabel')}</label>
          <input
            id="monitoring-severity-label"
            data-testid="monitoring-severity-label"
            value={m.severityLabel}
            onChange={(e) => setMapping({ severityLabel: e.target.value })}
          />
          {fieldError('severityLabel')}
        </div>
        <div className="field">
          <label htmlFor="monitoring-poll-seconds">{t('monitoring.pollSeconds')}</label>
          <input
            id="monitoring-poll-seconds"
            data-testid="monitoring-poll-seconds"
            type="number"
            min={10}
            value={form.pollSeconds}
            onChange={(e) => setForm({ ...form, pollSeconds: Number(e.target.value) })}
          />
          {fieldError('pollSeconds')}
        </div>
      </div>
      <fieldset className="field">
        <legend>{t('monitoring.severityTable')}</legend>
        {m.severityMap.map((row, i) => (
          <div className="toolbar" key={i}>
            <input
              aria-label={t('monitoring.value')}
              data-testid={`monitoring-severity-value-${i}`}
              value={row.value}
              onChange={(e) => setMapping({ severityMap: m.severityMap.map((r, j) => (j === i ? { ...r, value: e.target.value } : r)) })}
            />
            <span aria-hidden="true">→</span>
            {(['impact', 'urgency'] as const).map((k) => (
              <select
                key={k}
                aria-label={t(`ticket.${k}`)}
                data-testid={`monitoring-severity-${k}-${i}`}
                value={row[k]}
                onChange={(e) =>
                  setMapping({ severityMap: m.severityMap.map((r, j) => (j === i ? { ...r, [k]: e.target.value as Level } : r)) })
                }
              >
                {LEVELS.map((l) => (
                  <option key={l} value={l}>
                    {levelLabel(t, l)}
                  </option>
                ))}
              </select>
            ))}
            <button
              type="button"
              className="btn btn-ghost btn-small"
              aria-label={t('monitoring.removeRow')}
              onClick={() => setMapping({ severityMap: m.severityMap.filter((_, j) => j !== i) })}
            >
              ×
            </button>
          </div>
        ))}
        <div className="toolbar">
          <button
            type="button"
            className="btn btn-small"
            data-testid="monitoring-severity-add"
            onClick={() => setMapping({ severityMap: [...m.severityMap, { value: '', impact: 'medium', urgency: 'medium' }] })}
          >
            + {t('monitoring.addRow')}
          </button>
          <span className="hint">{t('monitoring.unknownSeverity')}</span>
          {(['unknownImpact', 'unknownUrgency'] as const).map((k) => (
            <select
              key={k}
              aria-label={`${t('monitoring.unknownSeverity')} ${t(k === 'unknownImpact' ? 'ticket.impact' : 'ticket.urgency')}`}
              data-testid={`monitoring-${k === 'unknownImpact' ? 'unknown-impact' : 'unknown-urgency'}`}
              value={m[k]}
              onChange={(e) => setMapping({ [k]: e.target.value as Level })}
            >
              {LEVELS.map((l) => (
                <option key={l} value={l}>
                  {levelLabel(t, l)}
                </option>
              ))}
            </select>
          ))}
        </div>
        {fieldError('severityMap')}
      </fieldset>
      <label className="toolbar">
        <input type="checkbox" data-testid="monitoring-enabled" checked={form.enabled} onChange={(e) => setForm({ ...form, enabled: e.target.checked })} />
        {t('monitoring.enabled')}
      </label>
      {anyFieldError ? null : <FormError error={error} />}
      {test.data && !test.error ? (
        <div className="notice" data-testid="monitoring-test-result">
          {t('monitoring.testOk', { version: test.data.version, alerts: test.data.alerts })}
        </div>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" data-testid="monitoring-save" disabled={save.isPending}>
          {t('monitoring.save')}
        </button>
        <button
          type="button"
          className="btn"
          data-testid="monitoring-test"
          disabled={test.isPending}
          onClick={() => {
            save.reset();
            test.mutate(input());
          }}
        >
          {test.isPending ? t('monitoring.testing') : t('monitoring.test')}
        </button>
        <button type="button" className="btn btn-ghost" data-testid="monitoring-cancel" onClick={onCancel}>
          {t('monitoring.cancel')}
        </button>
      </div>
    </form>
  );
}
