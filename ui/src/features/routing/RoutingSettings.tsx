// Settings -> Routing: the ordered rules (first match wins), each edited in a form; moving a
// rule up or down; the business hours; and a dry run of the rules as edited here against the
// newest tickets before they are saved.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import type { AssignKind, Channel, DraftRuleInput, HoursConditionDto, Line, Priority, RuleDto, RuleInput } from '../../lib/backend';
import { channelLabel, directionLabel, useI18n, type Translate } from '../../lib/i18n';
import { say } from '../../lib/messages';
import { useCan, useClientPicker, useDirections, useUsers } from '../../lib/queries';
import { FieldError, FormError } from '../../lib/ui';
import { useVendors } from '../vendors/shared';

const rulesKey = ['routing', 'rules'] as const;
const PRIORITIES: Priority[] = ['p1', 'p2', 'p3', 'p4'];
const CHANNELS: Channel[] = ['desktop', 'phone', 'email', 'monitoring'];
const LINES: Line[] = ['l1', 'l2', 'l3'];

export const blankRule = (): RuleInput => ({
  name: '',
  enabled: true,
  clientIds: [],
  directions: [],
  priorities: [],
  channels: [],
  keywords: [],
  hours: 'any',
  line: null,
  queue: null,
  assign: 'nobody',
  assignUsers: [],
  priority: null,
  tags: [],
  vendorId: null,
});

export function RoutingSettings() {
  const { t, language } = useI18n();
  const canRules = useCan('routing_rules');
  const qc = useQueryClient();
  const rules = useQuery({ queryKey: rulesKey, queryFn: backend.routingRules });
  const [editing, setEditing] = useState<RuleDto | 'new' | null>(null);
  const refresh = () => void qc.invalidateQueries({ queryKey: ['routing'] });
  const order = useMutation({ mutationFn: (ids: number[]) => backend.orderRules(ids), onSuccess: refresh });
  const remove = useMutation({ mutationFn: (id: number) => backend.deleteRule(id), onSuccess: refresh });
  const list = rules.data ?? [];
  const move = (i: number, by: number) => {
    const ids = list.map((r) => r.id);
    const j = i + by;
    if (j < 0 || j >= ids.length) return;
    [ids[i], ids[j]] = [ids[j], ids[i]];
    order.mutate(ids);
  };
  return (
    <div className="panel" data-testid="routing-settings">
      <h3 className="panel-title">{t('routing.title')}</h3>
      <p className="hint">{t('routing.hint')}</p>
      <FormError error={rules.error ?? order.error ?? remove.error} />
      {list.length === 0 ? <p className="muted">{t('routing.none')}</p> : null}
      <ol className="rules">
        {list.map((r, i) => (
          <li key={r.id} className={`rule ${r.rule.enabled ? '' : 'rule-off'}`} data-testid={`rule-${r.id}`}>
            <div className="rule-text">
              <strong>{r.rule.name}</strong>
              {r.rule.enabled ? null : <span className="muted"> · {t('routing.disabled')}</span>}
              <div className="muted">{say(r.summaryMsg, language)}</div>
            </div>
            {canRules ? (<div className="row-actions">
              <button type="button" className="btn btn-small" aria-label={t('routing.up')} disabled={i === 0} onClick={() => move(i, -1)} data-testid={`rule-up-${r.id}`}>
                ↑
              </button>
              <button type="button" className="btn btn-small" aria-label={t('routing.down')} disabled={i === list.length - 1} onClick={() => move(i, 1)}>
                ↓
              </button>
              <button type="button" className="btn btn-small" data-testid={`rule-edit-${r.id}`} onClick={() => setEditing(r)}>
                {t('hours.edit')}
              </button>
              <button type="button" className="btn btn-small btn-ghost" data-testid={`rule-delete-${r.id}`} onClick={() => remove.mutate(r.id)}>
                {t('time.delete')}
              </button>
            </div>) : null}
          </li>
        ))}
      </ol>
      {editing ? (
        <RuleForm
          existing={editing === 'new' ? null : editing}
          others={list}
          onDone={() => {
            setEditing(null);
            refresh();
          }}
        />
      ) : canRules ? (
        <button type="button" className="btn btn-primary" data-testid="rule-new" onClick={() => setEditing('new')}>
          + {t('routing.newRule')}
        </button>
      ) : null}
      <HoursForm t={t} />
    </div>
  );
}

function toggle<T>(list: T[], v: T): T[] {
  return list.includes(v) ? list.filter((x) => x !== v) : [...list, v];
}

function RuleForm({ existing, others, onDone }: { existing: RuleDto | null; others: RuleDto[]; onDone: () => void }) {
  const { t, language } = useI18n();
  const directions = useDirections();
  const clients = useClientPicker();
  const users = useUsers();
  const vendors = useVendors();
  const [r, setR] = useState<RuleInput>(existing?.rule ?? blankRule());
  const [keywords, setKeywords] = useState((existing?.rule.keywords ?? []).join(', '));
  const [tags, setTags] = useState((existing?.rule.tags ?? []).join(', '));
  const set = (patch: Partial<RuleInput>) => setR((x) => ({ ...x, ...patch }));
  const input = (): RuleInput => ({
    ...r,
    // A blank keyword is sent as typed, so the back end refuses it: dropped here, the rule
    // would silently take every ticket.
    keywords: keywords === '' ? [] : keywords.split(',').map((k) => k.trim()),
    tags: tags.split(',').map((k) => k.trim()).filter(Boolean),
  });
  const save = useMutation({
    mutationFn: () => (existing ? backend.updateRule(existing.id, input()) : backend.createRule(input())),
    onSuccess: onDone,
  });
  // The rules as they would be with this one saved: in its place, or last. Saved rules keep
  // their ids, so a round-robin's turn carries into the dry run.
  const draftSet = (): DraftRuleInput[] => {
    const mine = input();
    const list = others.map((o) => ({ id: o.id, rule: existing && o.id === existing.id ? mine : o.rule }));
    return existing ? list : [...list, { id: null, rule: mine }];
  };
  const dry = useMutation({ mutationFn: () => backend.dryRunRules({ rules: draftSet(), limit: 200 }) });
  const failed = save.error ?? dry.error;
  const err = failed ? backend.BackendError.from(failed) : null;
  const fieldErr = (field: string) => (err?.field === field ? <FieldError field={field} message={err.message} /> : null);
  return (
    <form
      className="form package-form rule-form"
      data-testid="rule-form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
      noValidate
    >
      <h3 className="panel-title">{existing ? existing.rule.name : t('routing.newRule')}</h3>
      <div className="form-grid">
        <label className="wide">
          {t('routing.name')}
          <input data-testid="rule-name" value={r.name} aria-invalid={err?.field === 'name'} onChange={(e) => set({ name: e.target.value })} />
        </label>
        <label className="check">
          <input type="checkbox" checked={r.enabled} onChange={(e) => set({ enabled: e.target.checked })} /> {t('routing.enabled')}
        </label>
      </div>
      <fieldset>
        <legend>{t('routing.when')}</legend>
        <div className="chips-pick">
          {(directions.data ?? []).map((d) => (
            <label key={d} className="check">
              <input type="checkbox" data-testid={`rule-direction-${d}`} checked={r.directions.includes(d)} onChange={() => set({ directions: toggle(r.directions, d) })} />{' '}
              {directionLabel(t, d)}
            </label>
          ))}
        </div>
        <div className="chips-pick">
          {PRIORITIES.map((p) => (
            <label key={p} className="check">
              <input type="checkbox" checked={r.priorities.includes(p)} onChange={() => set({ priorities: toggle(r.priorities, p) })} /> {p.toUpperCase()}
            </label>
          ))}
          {CHANNELS.map((c) => (
            <label key={c} className="check">
              <input type="checkbox" checked={r.channels.includes(c)} onChange={() => set({ channels: toggle(r.channels, c) })} /> {channelLabel(t, c)}
            </label>
          ))}
        </div>
        <div className="form-grid">
          <label className="wide">
            {t('routing.keywords')}
            <input
              data-testid="rule-keywords"
              placeholder="vpn, туннель"
              value={keywords}
              aria-invalid={err?.field === 'keywords'}
              onChange={(e) => setKeywords(e.target.value)}
            />
            {fieldErr('keywords')}
          </label>
          <label>
            {t('routing.clients')}
            <select
              multiple
              data-testid="rule-clients"
              value={r.clientIds.map(String)}
              onChange={(e) => set({ clientIds: [...e.target.selectedOptions].map((o) => Number(o.value)) })}
            >
              {(clients.data?.rows ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.code} · {c.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('routing.hours')}
            <select data-testid="rule-hours" value={r.hours} onChange={(e) => set({ hours: e.target.value as HoursConditionDto })}>
              <option value="any">{t('routing.hours.any')}</option>
              <option value="within">{t('routing.hours.within')}</option>
              <option value="outside">{t('routing.hours.outside')}</option>
            </select>
          </label>
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('routing.then')}</legend>
        <div className="form-grid">
          <label>
            {t('routing.line')}
            <select data-testid="rule-line" value={r.line ?? ''} onChange={(e) => set({ line: (e.target.value || null) as Line | null })}>
              <option value="">—</option>
              {LINES.map((l) => (
                <option key={l} value={l}>
                  {l.toUpperCase()}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('routing.queue')}
            <input data-testid="rule-queue" value={r.queue ?? ''} onChange={(e) => set({ queue: e.target.value || null })} />
          </label>
          <label>
            {t('routing.priority')}
            <select data-testid="rule-priority" value={r.priority ?? ''} onChange={(e) => set({ priority: (e.target.value || null) as Priority | null })}>
              <option value="">—</option>
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {p.toUpperCase()}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('routing.tags')}
            <input data-testid="rule-tags" value={tags} onChange={(e) => setTags(e.target.value)} />
          </label>
          <label>
            {t('routing.assign')}
            <select data-testid="rule-assign" value={r.assign} onChange={(e) => set({ assign: e.target.value as AssignKind })}>
              <option value="nobody">{t('routing.assign.nobody')}</option>
              <option value="person">{t('routing.assign.person')}</option>
              <option value="round_robin">{t('routing.assign.round_robin')}</option>
              <option value="least_loaded">{t('routing.assign.least_loaded')}</option>
            </select>
          </label>
          <label>
            {t('routing.vendor')}
            <select
              data-testid="rule-vendor"
              value={r.vendorId ?? ''}
              aria-invalid={err?.field === 'vendorId'}
              onChange={(e) => set({ vendorId: e.target.value ? Number(e.target.value) : null })}
            >
              <option value="">{t('routing.vendor.none')}</option>
              {r.vendorId !== null && !(vendors.data ?? []).some((v) => v.id === r.vendorId) ? (
                <option value={r.vendorId}>#{r.vendorId}</option>
              ) : null}
              {(vendors.data ?? []).map((v) => (
                <option key={v.id} value={v.id}>
                  {v.name}
                  {v.enabled ? '' : ` (${t('vendors.disabled')})`}
                </option>
              ))}
            </select>
          </label>
          {r.assign === 'person' ? (
            <label>
              {t('routing.people')}
              <select
                data-testid="rule-people"
                value={String(r.assignUsers[0] ?? '')}
                aria-invalid={err?.field === 'assignUsers'}
                onChange={(e) => set({ assignUsers: e.target.value ? [Number(e.target.value)] : [] })}
              >
                <option value="">—</option>
                {(users.data ?? []).map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          {r.assign === 'round_robin' || r.assign === 'least_loaded' ? (
            <PeopleInOrder
              people={r.assignUsers}
              users={users.data ?? []}
              invalid={err?.field === 'assignUsers'}
              onChange={(assignUsers) => set({ assignUsers })}
            />
          ) : null}
        </div>
      </fieldset>
      {err?.field === 'keywords' ? null : <FormError error={failed} />}
      <div className="row-actions">
        <button type="submit" className="btn btn-primary" data-testid="rule-save" disabled={save.isPending}>
          {t('common.save')}
        </button>
        <button type="button" className="btn" data-testid="rule-dry-run" disabled={dry.isPending} onClick={() => dry.mutate()}>
          {t('routing.dryRun')}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
      {dry.data ? (
        <div className="dry-run" data-testid="rule-dry-run-result">
          <strong>{t('routing.dryRunResult', { changed: dry.data.changed, total: dry.data.rows.length })}</strong>
          <ul>
            {dry.data.rows
              .filter((x) => x.changed)
              .slice(0, 20)
              .map((x) => (
                <li key={x.ticketId}>
                  <span className="mono">{x.number}</span> {x.subject}: <span className="muted">{say(x.currentMsg, language)}</span> →{' '}
                  <strong>{x.draftMsg ? say(x.draftMsg, language) : t('routing.noRule')}</strong>
                </li>
              ))}
          </ul>
        </div>
      ) : null}
    </form>
  );
}

/** A round-robin's or least-loaded group: the people in the order their turns come. */
function PeopleInOrder({
  people,
  users,
  invalid,
  onChange,
}: {
  people: number[];
  users: { id: number; name: string }[];
  invalid: boolean;
  onChange: (people: number[]) => void;
}) {
  const { t } = useI18n();
  const name = (id: number) => users.find((u) => u.id === id)?.name ?? `#${id}`;
  const swap = (i: number, j: number) => {
    const next = [...people];
    [next[i], next[j]] = [next[j], next[i]];
    onChange(next);
  };
  const rest = users.filter((u) => !people.includes(u.id));
  return (
    <div className="wide people-in-order" data-testid="rule-people-order">
      <span>{t('routing.peopleInOrder')}</span>
      <ol>
        {people.map((id, i) => (
          <li key={id} data-testid={`rule-person-${id}`}>
            {name(id)}{' '}
            <button type="button" className="btn btn-small" aria-label={t('routing.up')} disabled={i === 0} onClick={() => swap(i, i - 1)}>
              ↑
            </button>
            <button type="button" className="btn btn-small" aria-label={t('routing.down')} disabled={i === people.length - 1} onClick={() => swap(i, i + 1)}>
              ↓
            </button>
            <button type="button" className="btn btn-small btn-ghost" aria-label={t('routing.removePerson')} onClick={() => onChange(people.filter((p) => p !== id))}>
              ✕
            </button>
          </li>
        ))}
      </ol>
      <select
        data-testid="rule-people"
        aria-label={t('routing.addPerson')}
        aria-invalid={invalid}
        value=""
        onChange={(e) => e.target.value && onChange([...people, Number(e.target.value)])}
      >
        <option value="">{t('routing.addPerson')}</option>
        {rest.map((u) => (
          <option key={u.id} value={u.id}>
            {u.name}
          </option>
        ))}
      </select>
    </div>
  );
}

const DAYS = [1, 2, 3, 4, 5, 6, 7];

function HoursForm({ t }: { t: Translate }) {
  const qc = useQueryClient();
  const hours = useQuery({ queryKey: ['routing', 'hours'], queryFn: backend.businessHours });
  const [draft, setDraft] = useState<backend.BusinessHoursDto | null>(null);
  const h = draft ?? hours.data;
  const save = useMutation({
    mutationFn: () => backend.setBusinessHours(h!),
    onSuccess: () => {
      setDraft(null);
      void qc.invalidateQueries({ queryKey: ['routing', 'hours'] });
    },
  });
  if (!h) return null;
  const set = (patch: Partial<backend.BusinessHoursDto>) => setDraft({ ...h, ...patch });
  return (
    <form
      className="hours-form"
      data-testid="business-hours"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <span className="setting-label">{t('routing.businessHours')}</span>
      {DAYS.map((d) => (
        <label key={d} className="check">
          <input type="checkbox" checked={h.weekdays.includes(d)} onChange={() => set({ weekdays: toggle(h.weekdays, d).sort() })} /> {t(`routing.day.${d}` as never)}
        </label>
      ))}
      <input aria-label={t('routing.start')} data-testid="hours-start" value={h.start} onChange={(e) => set({ start: e.target.value })} className="time-duration" />
      –
      <input aria-label={t('routing.end')} data-testid="hours-end" value={h.end} onChange={(e) => set({ end: e.target.value })} className="time-duration" />
      <label>
        UTC
        <input
          aria-label={t('routing.offset')}
          data-testid="hours-offset"
          value={String(h.utcOffsetMinutes / 60)}
          onChange={(e) => set({ utcOffsetMinutes: Math.round(Number(e.target.value || 0) * 60) })}
          className="time-duration"
        />
      </label>
      <button type="submit" className="btn btn-small" disabled={!draft || save.isPending}>
        {t('common.save')}
      </button>
      <FormError error={save.error} />
    </form>
  );
}
