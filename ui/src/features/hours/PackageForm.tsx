// A support-hours package's terms: period, hours (one pool or per direction), stacking order,
// rounding and minimum, work types, overage, rollover, thresholds. Hours are typed as `40`,
// `1:30` or `90m`; the back end checks everything and names the field to fix.
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import type { OverageKind, PackageDto, PackageInput, RolloverKind } from '../../lib/backend';
import { directionLabel, useI18n } from '../../lib/i18n';
import { formatHours, parseHours } from '../../lib/hours';
import { useDirections } from '../../lib/queries';
import { FormError } from '../../lib/ui';

interface Draft {
  name: string;
  start: string;
  end: string;
  shared: boolean;
  sharedHours: string;
  directionHours: Record<string, string>;
  stackOrder: string;
  rounding: string;
  minimum: string;
  workTypes: string;
  overage: OverageKind;
  overageHours: string;
  overageRate: string;
  rollover: RolloverKind;
  rolloverLimit: string;
  rolloverExpires: string;
  thresholds: string;
  burnMargin: string;
}

function monthBounds(today: string): [string, string] {
  const [y, m] = today.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const mm = String(m).padStart(2, '0');
  return [`${y}-${mm}-01`, `${y}-${mm}-${String(last).padStart(2, '0')}`];
}

function draftOf(p: PackageInput | null, today: string): Draft {
  if (!p) {
    const [start, end] = monthBounds(today);
    return {
      name: '',
      start,
      end,
      shared: true,
      sharedHours: '',
      directionHours: {},
      stackOrder: '1',
      rounding: '15',
      minimum: '30',
      workTypes: 'remote=100, on_site=150, after_hours=200',
      overage: 'block',
      overageHours: '',
      overageRate: '',
      rollover: 'none',
      rolloverLimit: '',
      rolloverExpires: '',
      thresholds: '50, 75, 90, 100',
      burnMargin: '10',
    };
  }
  return {
    name: p.name,
    start: p.start,
    end: p.end,
    shared: p.sharedMinutes !== null,
    sharedHours: p.sharedMinutes !== null ? formatHours(p.sharedMinutes) : '',
    directionHours: Object.fromEntries(p.directions.map((d) => [d.direction, formatHours(d.minutes)])),
    stackOrder: String(p.stackOrder),
    rounding: String(p.rounding),
    minimum: String(p.minimum),
    workTypes: p.workTypes.map((w) => `${w.workType}=${w.percent}`).join(', '),
    overage: p.overage,
    overageHours: p.overageMinutes !== null ? formatHours(p.overageMinutes) : '',
    overageRate: p.overageRate !== null ? String(p.overageRate / 100) : '',
    rollover: p.rollover,
    rolloverLimit:
      p.rolloverLimit === null ? '' : p.rollover === 'up_to_minutes' ? formatHours(p.rolloverLimit) : String(p.rolloverLimit),
    rolloverExpires: p.rolloverExpiresDays !== null ? String(p.rolloverExpiresDays) : '',
    thresholds: p.thresholds.join(', '),
    burnMargin: String(p.burnMargin),
  };
}

/** What the form sends; a value it cannot read goes as -1 so that the back end names it. */
function inputOf(clientId: number, d: Draft): PackageInput {
  const minutes = (s: string) => parseHours(s) ?? -1;
  const int = (s: string) => (/^-?\d+$/.test(s.trim()) ? Number(s.trim()) : -1);
  return {
    clientId,
    name: d.name,
    start: d.start,
    end: d.end,
    sharedMinutes: d.shared ? minutes(d.sharedHours) : null,
    directions: d.shared
      ? []
      : Object.entries(d.directionHours)
          .filter(([, h]) => h.trim() !== '')
          .map(([direction, h]) => ({ direction, minutes: minutes(h) })),
    stackOrder: int(d.stackOrder),
    rounding: int(d.rounding),
    minimum: int(d.minimum),
    workTypes: d.workTypes
      .split(/[,;\n]/)
      .map((x) => x.trim())
      .filter(Boolean)
      .map((x) => {
        const [workType, percent] = x.split('=').map((y) => y.trim());
        return { workType, percent: percent && /^\d+%?$/.test(percent) ? Number(percent.replace('%', '')) : 0 };
      }),
    overage: d.overage,
    overageMinutes: d.overage === 'allow_up_to' ? minutes(d.overageHours) : null,
    overageRate: d.overage === 'bill' ? Math.round(Number(d.overageRate.replace(',', '.') || 'NaN') * 100) || -1 : null,
    rollover: d.rollover,
    rolloverLimit: d.rollover === 'up_to_minutes' ? minutes(d.rolloverLimit) : d.rollover === 'up_to_percent' ? int(d.rolloverLimit) : null,
    rolloverExpiresDays: d.rolloverExpires.trim() ? int(d.rolloverExpires) : null,
    thresholds: d.thresholds
      .split(/[,;\s]+/)
      .filter(Boolean)
      .map((x) => (/^\d+%?$/.test(x) ? Number(x.replace('%', '')) : 0)),
    burnMargin: Math.max(0, int(d.burnMargin)),
  };
}

export function PackageForm({
  clientId,
  existing,
  today,
  onDone,
}: {
  clientId: number;
  existing: PackageDto | null;
  today: string;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const directions = useDirections();
  const [d, setD] = useState<Draft>(() => draftOf(existing?.terms ?? null, today));
  const set = (patch: Partial<Draft>) => setD((x) => ({ ...x, ...patch }));
  const save = useMutation({
    mutationFn: () => (existing ? backend.updatePackage(existing.id, inputOf(clientId, d)) : backend.createPackage(inputOf(clientId, d))),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['hours'] });
      onDone();
    },
  });
  const err = save.error ? backend.BackendError.from(save.error) : null;
  const bad = (field: string) => err?.field === field;
  return (
    <form
      className="panel form package-form"
      data-testid="package-form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
      noValidate
    >
      <h3 className="panel-title">{existing ? t('hours.editPackage', { name: existing.terms.name }) : t('hours.newPackage')}</h3>
      <div className="form-grid">
        <label>
          {t('hours.name')}
          <input data-testid="package-name" value={d.name} aria-invalid={bad('name')} onChange={(e) => set({ name: e.target.value })} />
        </label>
        <label>
          {t('hours.start')}
          <input type="date" data-testid="package-start" value={d.start} aria-invalid={bad('start')} onChange={(e) => set({ start: e.target.value })} />
        </label>
        <label>
          {t('hours.end')}
          <input type="date" data-testid="package-end" value={d.end} aria-invalid={bad('end')} onChange={(e) => set({ end: e.target.value })} />
        </label>
        <label>
          {t('hours.stackOrder')}
          <input data-testid="package-order" value={d.stackOrder} onChange={(e) => set({ stackOrder: e.target.value })} />
        </label>
      </div>
      <fieldset>
        <legend>{t('hours.budget')}</legend>
        <label className="check">
          <input type="radio" name="budget" data-testid="package-shared" checked={d.shared} onChange={() => set({ shared: true })} /> {t('hours.sharedPool')}
        </label>
        <label className="check">
          <input type="radio" name="budget" data-testid="package-split" checked={!d.shared} onChange={() => set({ shared: false })} /> {t('hours.perDirection')}
        </label>
        {d.shared ? (
          <label>
            {t('hours.hours')}
            <input data-testid="package-shared-hours" placeholder="40" value={d.sharedHours} aria-invalid={bad('budget')} onChange={(e) => set({ sharedHours: e.target.value })} />
          </label>
        ) : (
          <div className="form-grid">
            {(directions.data ?? []).map((dir) => (
              <label key={dir}>
                {directionLabel(t, dir)}
                <input
                  data-testid={`package-hours-${dir}`}
                  placeholder="0"
                  value={d.directionHours[dir] ?? ''}
                  aria-invalid={bad('budget') || bad('directions')}
                  onChange={(e) => set({ directionHours: { ...d.directionHours, [dir]: e.target.value } })}
                />
              </label>
            ))}
          </div>
        )}
      </fieldset>
      <fieldset>
        <legend>{t('hours.rules')}</legend>
        <div className="form-grid">
          <label>
            {t('hours.rounding')}
            <input data-testid="package-rounding" value={d.rounding} aria-invalid={bad('rounding')} onChange={(e) => set({ rounding: e.target.value })} />
          </label>
          <label>
            {t('hours.minimum')}
            <input data-testid="package-minimum" value={d.minimum} aria-invalid={bad('minimum')} onChange={(e) => set({ minimum: e.target.value })} />
          </label>
          <label className="wide">
            {t('hours.workTypes')}
            <input data-testid="package-work-types" value={d.workTypes} aria-invalid={bad('multipliers')} onChange={(e) => set({ workTypes: e.target.value })} />
          </label>
        </div>
        <div className="form-grid">
          <label>
            {t('hours.overage')}
            <select data-testid="package-overage" value={d.overage} onChange={(e) => set({ overage: e.target.value as OverageKind })}>
              <option value="block">{t('hours.overage.block')}</option>
              <option value="allow_up_to">{t('hours.overage.allow_up_to')}</option>
              <option value="bill">{t('hours.overage.bill')}</option>
            </select>
          </label>
          {d.overage === 'allow_up_to' ? (
            <label>
              {t('hours.overageHours')}
              <input data-testid="package-overage-hours" value={d.overageHours} aria-invalid={bad('overageMinutes') || bad('overage')} onChange={(e) => set({ overageHours: e.target.value })} />
            </label>
          ) : null}
          {d.overage === 'bill' ? (
            <label>
              {t('hours.overageRate')}
              <input data-testid="package-overage-rate" value={d.overageRate} aria-invalid={bad('overageRate') || bad('overage')} onChange={(e) => set({ overageRate: e.target.value })} />
            </label>
          ) : null}
          <label>
            {t('hours.rollover')}
            <select data-testid="package-rollover" value={d.rollover} onChange={(e) => set({ rollover: e.target.value as RolloverKind })}>
              <option value="none">{t('hours.rollover.none')}</option>
              <option value="all">{t('hours.rollover.all')}</option>
              <option value="up_to_minutes">{t('hours.rollover.up_to_minutes')}</option>
              <option value="up_to_percent">{t('hours.rollover.up_to_percent')}</option>
            </select>
          </label>
          {d.rollover === 'up_to_minutes' || d.rollover === 'up_to_percent' ? (
            <label>
              {d.rollover === 'up_to_minutes' ? t('hours.hours') : '%'}
              <input data-testid="package-rollover-limit" value={d.rolloverLimit} aria-invalid={bad('rolloverLimit') || bad('rollover')} onChange={(e) => set({ rolloverLimit: e.target.value })} />
            </label>
          ) : null}
          {d.rollover !== 'none' ? (
            <label>
              {t('hours.rolloverExpires')}
              <input data-testid="package-rollover-expires" value={d.rolloverExpires} aria-invalid={bad('rolloverExpiresDays')} onChange={(e) => set({ rolloverExpires: e.target.value })} />
            </label>
          ) : null}
        </div>
        <div className="form-grid">
          <label>
            {t('hours.thresholds')}
            <input data-testid="package-thresholds" value={d.thresholds} aria-invalid={bad('thresholds')} onChange={(e) => set({ thresholds: e.target.value })} />
          </label>
          <label>
            {t('hours.burnMargin')}
            <input data-testid="package-burn-margin" value={d.burnMargin} aria-invalid={bad('burnMargin')} onChange={(e) => set({ burnMargin: e.target.value })} />
          </label>
        </div>
      </fieldset>
      <FormError error={save.error} />
      <div className="row-actions">
        <button type="submit" className="btn btn-primary" data-testid="package-save" disabled={save.isPending}>
          {t('common.save')}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
