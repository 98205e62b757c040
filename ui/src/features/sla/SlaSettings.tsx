// Settings -> SLA: the working calendars (hours per weekday in a time zone, holidays, shortened
// and moved working days) and the SLA policies (the default and one per client contract):
// first-response and resolution targets per priority, optionally per direction, and the
// statuses that pause the client's clocks.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import type { BreachAction, CalendarDto, CalendarInput, PolicyTargetDto, Priority, SlaPolicyDto, SlaPolicyInput, Status } from '../../lib/backend';
import { directionLabel, statusLabel, useI18n } from '../../lib/i18n';
import { useCan, useClientPicker, useDirections } from '../../lib/queries';
import { Dialog, FieldError, FormError } from '../../lib/ui';
import { formatDuration } from '../../lib/format';
import { formatMinutes, parseMinutes } from './minutes';

export const slaKeys = {
  calendars: ['sla', 'calendars'] as const,
  policies: ['sla', 'policies'] as const,
};
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const PRIORITIES: Priority[] = ['p1', 'p2', 'p3', 'p4'];
const PAUSABLE: Status[] = ['pending_customer', 'pending_vendor', 'in_progress'];
const BREACH_ACTIONS: BreachAction[] = ['notify_lead', 'raise_priority', 'next_line'];

export function SlaSettings() {
  const { t } = useI18n();
  const canEdit = useCan('sla_policies');
  const calendars = useQuery({ queryKey: slaKeys.calendars, queryFn: backend.calendars });
  const policies = useQuery({ queryKey: slaKeys.policies, queryFn: backend.slaPolicies });
  const [calendar, setCalendar] = useState<CalendarDto | 'new' | null>(null);
  const [policy, setPolicy] = useState<SlaPolicyDto | 'new' | null>(null);
  const cals = calendars.data ?? [];
  return (
    <div className="panel" data-testid="sla-settings">
      <h3 className="panel-title">{t('sla.title')}</h3>
      <p className="hint">{t('sla.hint')}</p>
      <FormError error={calendars.error ?? policies.error} />
      <h4 className="subhead">{t('sla.policies')}</h4>
      {(policies.data ?? []).length === 0 ? <p className="muted">{t('sla.noPolicies')}</p> : null}
      <ul className="sla-list">
        {(policies.data ?? []).map((p) => (
          <li key={p.id} data-testid={`sla-policy-${p.id}`}>
            <div>
              <strong>{p.name}</strong>{' '}
              <span className="muted">
                · {p.isDefault ? t('sla.default') : t('sla.contractOf', { client: p.clientCode ?? '' })} · {p.calendarName}
              </span>
              <div className="muted">
                {p.targets
                  .map(
                    (tg) =>
                      `${tg.priority.toUpperCase()}${tg.direction ? ` ${directionLabel(t, tg.direction)}` : ''}: ${formatDuration(t, tg.firstResponseMinutes)} / ${formatDuration(t, tg.resolutionMinutes)}`,
                  )
                  .join(' · ')}
              </div>
            </div>
            {canEdit ? (
              <button type="button" className="btn btn-small" data-testid={`sla-policy-edit-${p.id}`} onClick={() => setPolicy(p)}>
                {t('hours.edit')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {canEdit ? (
        <button type="button" className="btn btn-small" data-testid="sla-policy-new" disabled={cals.length === 0} onClick={() => setPolicy('new')}>
          {t('sla.newPolicy')}
        </button>
      ) : null}
      {canEdit && cals.length === 0 ? <span className="hint"> {t('sla.calendarFirst')}</span> : null}

      <h4 className="subhead">{t('sla.calendars')}</h4>
      {cals.length === 0 ? <p className="muted">{t('sla.noCalendars')}</p> : null}
      <ul className="sla-list">
        {cals.map((c) => (
          <li key={c.id} data-testid={`sla-calendar-${c.id}`}>
            <div>
              <strong>{c.name}</strong> <span className="muted">· {c.timeZone}</span>
              <div className="muted">
                {c.always
                  ? t('sla.always')
                  : c.week.map((h, i) => `${t(`sla.day.${WEEKDAYS[i]}`)} ${h || t('sla.off')}`).join(' · ')}
                {c.days.length ? ` · ${t('sla.specialDays', { count: c.days.length })}` : ''}
              </div>
            </div>
            {canEdit ? (
              <button type="button" className="btn btn-small" data-testid={`sla-calendar-edit-${c.id}`} onClick={() => setCalendar(c)}>
                {t('hours.edit')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {canEdit ? (
        <button type="button" className="btn btn-small" data-testid="sla-calendar-new" onClick={() => setCalendar('new')}>
          {t('sla.newCalendar')}
        </button>
      ) : null}
      {calendar ? <CalendarForm calendar={calendar === 'new' ? null : calendar} onClose={() => setCalendar(null)} /> : null}
      {policy ? <PolicyForm policy={policy === 'new' ? null : policy} calendars={cals} onClose={() => setPolicy(null)} /> : null}
    </div>
  );
}

function CalendarForm({ calendar, onClose }: { calendar: CalendarDto | null; onClose: () => void }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [draft, setDraft] = useState<CalendarInput>(
    calendar
      ? { name: calendar.name, timeZone: calendar.timeZone, week: [...calendar.week] }
      : { name: '', timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC', week: ['09:00-18:00', '09:00-18:00', '09:00-18:00', '09:00-18:00', '09:00-18:00', '', ''] },
  );
  const [day, setDay] = useState({ day: '', hours: '', note: '' });
  const refresh = () => void qc.invalidateQueries({ queryKey: ['sla'] });
  const save = useMutation({
    mutationFn: () => (calendar ? backend.updateCalendar(calendar.id, draft) : backend.createCalendar(draft)),
    onSuccess: () => {
      refresh();
      onClose();
    },
  });
  const days = useMutation({
    mutationFn: (input: { put?: { day: string; hours: string; note: string | null }[]; remove?: string[] }) =>
      backend.setCalendarDays({ calendarId: calendar!.id, put: input.put ?? [], remove: input.remove ?? [] }),
    onSuccess: () => {
      setDay({ day: '', hours: '', note: '' });
      refresh();
    },
  });
  const [imported, setImported] = useState<string | null>(null);
  const importIcs = useMutation({
    mutationFn: async (file: File) => backend.importCalendarIcs(calendar!.id, await readText(file)),
    onSuccess: (done) => {
      setImported(t('sla.imported', { imported: done.imported, skipped: done.skipped }));
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: () => backend.deleteCalendar(calendar!.id),
    onSuccess: () => {
      refresh();
      onClose();
    },
  });
  const shown = useQuery({ queryKey: slaKeys.calendars, queryFn: backend.calendars }).data?.find((c) => c.id === calendar?.id) ?? calendar;
  const err = save.error ? backend.BackendError.from(save.error) : null;
  const fieldErr = (f: string) => (err?.field === f ? err.message : null);
  return (
    <Dialog title={calendar ? calendar.name : t('sla.newCalendar')} onClose={onClose} wide>
      <form
        className="form"
        data-testid="sla-calendar-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <div className="form-grid">
          <label className="field">
            <span>{t('sla.name')}</span>
            <input data-testid="sla-calendar-name" value={draft.name} aria-invalid={!!fieldErr('name')} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
            <FieldError field="name" message={fieldErr('name')} />
          </label>
          <label className="field">
            <span>{t('sla.timeZone')}</span>
            <input data-testid="sla-calendar-zone" value={draft.timeZone} placeholder="Europe/Moscow" aria-invalid={!!fieldErr('timeZone')} onChange={(e) => setDraft({ ...draft, timeZone: e.target.value })} />
            <FieldError field="timeZone" message={fieldErr('timeZone')} />
          </label>
        </div>
        <div className="sla-week">
          {WEEKDAYS.map((d, i) => (
            <label key={d} className="field">
              <span>{t(`sla.day.${d}`)}</span>
              <input
                data-testid={`sla-week-${d}`}
                value={draft.week[i]}
                placeholder={t('sla.off')}
                onChange={(e) => setDraft({ ...draft, week: draft.week.map((h, j) => (j === i ? e.target.value : h)) })}
              />
            </label>
          ))}
        </div>
        <div className="hint">{t('sla.hoursHint')}</div>
        <FieldError field="week" message={fieldErr('week')} />
        {err && !['name', 'timeZone', 'week'].includes(err.field ?? '') ? <FormError error={err} /> : null}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" data-testid="sla-calendar-save" disabled={save.isPending}>
            {t('common.save')}
          </button>
          {calendar ? (
            <button type="button" className="btn btn-ghost" data-testid="sla-calendar-delete" onClick={() => remove.mutate()}>
              {t('time.delete')}
            </button>
          ) : null}
        </div>
        <FormError error={remove.error} />
      </form>
      {calendar && shown ? (
        <section className="sla-days" data-testid="sla-days">
          <h4 className="subhead">{t('sla.days')}</h4>
          <p className="hint">{t('sla.daysHint')}</p>
          <ul className="sla-list">
            {shown.days.map((d) => (
              <li key={d.day} data-testid={`sla-day-${d.day}`}>
                <span>
                  <span className="mono">{d.day}</span> {d.hours || t('sla.off')} {d.note ? <span className="muted">· {d.note}</span> : null}
                </span>
                <button type="button" className="btn btn-small btn-ghost" onClick={() => days.mutate({ remove: [d.day] })}>
                  {t('time.delete')}
                </button>
              </li>
            ))}
          </ul>
          <div className="inline">
            <input type="date" data-testid="sla-day-date" aria-label={t('sla.date')} value={day.day} onChange={(e) => setDay({ ...day, day: e.target.value })} />
            <input data-testid="sla-day-hours" aria-label={t('sla.dayHours')} placeholder={t('sla.off')} value={day.hours} onChange={(e) => setDay({ ...day, hours: e.target.value })} />
            <input data-testid="sla-day-note" aria-label={t('sla.note')} placeholder={t('sla.note')} value={day.note} onChange={(e) => setDay({ ...day, note: e.target.value })} />
            <button type="button" className="btn btn-small" data-testid="sla-day-add" disabled={!day.day} onClick={() => days.mutate({ put: [{ ...day, note: day.note || null }] })}>
              {t('sla.addDay')}
            </button>
          </div>
          <FormError error={days.error} />
          <label className="field sla-import">
            <span>{t('sla.importIcs')}</span>
            <input
              type="file"
              accept=".ics,text/calendar"
              data-testid="sla-import-ics"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) importIcs.mutate(file);
                e.target.value = '';
              }}
            />
            <span className="hint">{t('sla.importHint')}</span>
          </label>
          {imported ? (
            <p className="notice" data-testid="sla-imported">
              {imported}
            </p>
          ) : null}
          <FormError error={importIcs.error} />
        </section>
      ) : null}
    </Dialog>
  );
}

interface TargetRow {
  priority: Priority;
  direction: string;
  first: string;
  resolution: string;
  calendarId: string;
}

function PolicyForm({ policy, calendars, onClose }: { policy: SlaPolicyDto | null; calendars: CalendarDto[]; onClose: () => void }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const clients = useClientPicker('');
  const directions = useDirections();
  const [name, setName] = useState(policy?.name ?? '');
  const [isDefault, setIsDefault] = useState(policy ? policy.isDefault : true);
  const [clientId, setClientId] = useState(policy?.clientId ? String(policy.clientId) : '');
  const [calendarId, setCalendarId] = useState(String(policy?.calendarId ?? calendars[0]?.id ?? ''));
  const [pause, setPause] = useState<Status[]>(policy?.pauseStatuses ?? ['pending_customer']);
  const [onBreach, setOnBreach] = useState<BreachAction[]>(policy?.breachActions ?? ['notify_lead']);
  const [rows, setRows] = useState<TargetRow[]>(
    policy
      ? policy.targets.map((tg) => ({
          priority: tg.priority,
          direction: tg.direction ?? '',
          first: formatMinutes(tg.firstResponseMinutes, ''),
          resolution: formatMinutes(tg.resolutionMinutes, ''),
          calendarId: tg.calendarId ? String(tg.calendarId) : '',
        }))
      : PRIORITIES.map((p, i) => ({ priority: p, direction: '', first: ['30m', '1h', '4h', '8h'][i], resolution: ['4h', '8h', '3d', '5d'][i], calendarId: '' })),
  );
  const [localError, setLocalError] = useState<string | null>(null);
  const setRow = (i: number, patch: Partial<TargetRow>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const refresh = () => void qc.invalidateQueries({ queryKey: ['sla'] });
  const save = useMutation({
    mutationFn: (input: SlaPolicyInput) => (policy ? backend.updateSlaPolicy(policy.id, input) : backend.createSlaPolicy(input)),
    onSuccess: () => {
      refresh();
      onClose();
    },
  });
  const remove = useMutation({
    mutationFn: () => backend.deleteSlaPolicy(policy!.id),
    onSuccess: () => {
      refresh();
      onClose();
    },
  });
  const submit = () => {
    const targets: PolicyTargetDto[] = [];
    for (const r of rows) {
      const first = parseMinutes(r.first);
      const resolution = parseMinutes(r.resolution);
      if (first === undefined || resolution === undefined) {
        setLocalError(t('sla.badTime', { priority: r.priority.toUpperCase() }));
        return;
      }
      targets.push({
        priority: r.priority,
        direction: r.direction || null,
        firstResponseMinutes: first,
        resolutionMinutes: resolution,
        calendarId: r.calendarId ? Number(r.calendarId) : null,
      });
    }
    setLocalError(null);
    save.mutate({
      name,
      isDefault,
      clientId: isDefault || !clientId ? null : Number(clientId),
      calendarId: Number(calendarId),
      pauseStatuses: pause,
      targets,
      breachActions: onBreach,
    });
  };
  const err = save.error ? backend.BackendError.from(save.error) : null;
  const fieldErr = (f: string) => (err?.field === f ? err.message : null);
  return (
    <Dialog title={policy ? policy.name : t('sla.newPolicy')} onClose={onClose} wide>
      <form
        className="form"
        data-testid="sla-policy-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <div className="form-grid">
          <label className="field">
            <span>{t('sla.name')}</span>
            <input data-testid="sla-policy-name" value={name} aria-invalid={!!fieldErr('name')} onChange={(e) => setName(e.target.value)} />
            <FieldError field="name" message={fieldErr('name')} />
          </label>
          <label className="field">
            <span>{t('sla.calendar')}</span>
            <select data-testid="sla-policy-calendar" value={calendarId} onChange={(e) => setCalendarId(e.target.value)}>
              {calendars.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="form-grid">
          <label className="check">
            <input type="checkbox" data-testid="sla-policy-default" checked={isDefault} onChange={(e) => setIsDefault(e.target.checked)} /> {t('sla.isDefault')}
          </label>
          {isDefault ? null : (
            <label className="field">
              <span>{t('sla.client')}</span>
              <select data-testid="sla-policy-client" value={clientId} aria-invalid={!!fieldErr('clientId')} onChange={(e) => setClientId(e.target.value)}>
                <option value="">{t('ticket.chooseClient')}</option>
                {(clients.data?.rows ?? []).map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.code} · {c.name}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
        <FieldError field="clientId" message={fieldErr('clientId')} />
        <fieldset className="sla-pause">
          <legend>{t('sla.pausedWhile')}</legend>
          {PAUSABLE.map((s) => (
            <label key={s} className="check">
              <input
                type="checkbox"
                data-testid={`sla-pause-${s}`}
                checked={pause.includes(s)}
                onChange={(e) => setPause(e.target.checked ? [...pause, s] : pause.filter((x) => x !== s))}
              />{' '}
              {statusLabel(t, s)}
            </label>
          ))}
        </fieldset>
        <fieldset className="sla-pause">
          <legend>{t('sla.onBreach')}</legend>
          {BREACH_ACTIONS.map((a) => (
            <label key={a} className="check">
              <input
                type="checkbox"
                data-testid={`sla-breach-${a}`}
                checked={onBreach.includes(a)}
                onChange={(e) => setOnBreach(e.target.checked ? [...onBreach, a] : onBreach.filter((x) => x !== a))}
              />{' '}
              {t(`sla.breach.${a}`)}
            </label>
          ))}
        </fieldset>
        <table className="sla-targets">
          <thead>
            <tr>
              <th>{t('sla.priority')}</th>
              <th>{t('sla.direction')}</th>
              <th>{t('sla.firstResponse')}</th>
              <th>{t('sla.resolution')}</th>
              <th>{t('sla.calendar')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i} data-testid={`sla-target-${i}`}>
                <td>
                  <select aria-label={t('sla.priority')} value={r.priority} onChange={(e) => setRow(i, { priority: e.target.value as Priority })}>
                    {PRIORITIES.map((p) => (
                      <option key={p} value={p}>
                        {p.toUpperCase()}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <select aria-label={t('sla.direction')} value={r.direction} onChange={(e) => setRow(i, { direction: e.target.value })}>
                    <option value="">{t('sla.everyDirection')}</option>
                    {(directions.data ?? []).map((d) => (
                      <option key={d} value={d}>
                        {directionLabel(t, d)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <input aria-label={t('sla.firstResponse')} data-testid={`sla-target-first-${i}`} value={r.first} placeholder="—" onChange={(e) => setRow(i, { first: e.target.value })} />
                </td>
                <td>
                  <input aria-label={t('sla.resolution')} data-testid={`sla-target-resolution-${i}`} value={r.resolution} placeholder="—" onChange={(e) => setRow(i, { resolution: e.target.value })} />
                </td>
                <td>
                  <select aria-label={t('sla.calendar')} data-testid={`sla-target-calendar-${i}`} value={r.calendarId} onChange={(e) => setRow(i, { calendarId: e.target.value })}>
                    <option value="">{t('sla.policyCalendar')}</option>
                    {calendars.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.name}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <button type="button" className="btn btn-small btn-ghost" aria-label={t('time.delete')} onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" className="btn btn-small sla-add-target" data-testid="sla-target-add" onClick={() => setRows([...rows, { priority: 'p1', direction: '', first: '', resolution: '', calendarId: '' }])}>
          {t('sla.addTarget')}
        </button>
        <div className="hint">{t('sla.timeHint')}</div>
        {localError ? <p className="field-error" role="alert">{localError}</p> : null}
        <FieldError field="targets" message={fieldErr('targets')} />
        <FieldError field="pauseStatuses" message={fieldErr('pauseStatuses')} />
        {err && !['name', 'clientId', 'targets', 'pauseStatuses'].includes(err.field ?? '') ? <FormError error={err} /> : null}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" data-testid="sla-policy-save" disabled={save.isPending}>
            {t('common.save')}
          </button>
          {policy ? (
            <button type="button" className="btn btn-ghost" data-testid="sla-policy-delete" onClick={() => remove.mutate()}>
              {t('time.delete')}
            </button>
          ) : null}
        </div>
        <FormError error={remove.error} />
      </form>
    </Dialog>
  );
}

/** A chosen file's text (FileReader: what every WebView has). */
function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error ?? new Error(`cannot read ${file.name}`));
    reader.readAsText(file);
  });
}
