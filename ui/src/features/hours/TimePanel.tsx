// The card's time: a timer that survives restarts, time logged by hand with a live preview of
// which package it draws from (and a refusal before logging when the package blocks), and the
// entries with their state; drafts are deleted, approved ones corrected.
import { useEffect, useState } from 'react';
import { useDebounced } from '../../lib/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import type { LedgerWarningDto, TicketTimeDto, TimeEntryDto, TimeInput } from '../../lib/backend';
import { directionLabel, useI18n, type Translate, type MessageKey, en } from '../../lib/i18n';
import { formatElapsed, formatHours, parseHours } from '../../lib/hours';
import { FormError } from '../../lib/ui';
import { keys } from '../../lib/queries';
import { useCardPainted } from '../ticket/firstPaint';

export const ticketTimeKey = (id: number) => ['ticket', id, 'time'] as const;

export function workTypeLabel(t: Translate, w: string): string {
  const key = `time.type.${w}`;
  return key in en ? t(key as MessageKey) : w.replace(/_/g, ' ');
}

export function TimePanel({ ticketId }: { ticketId: number }) {
  const { t } = useI18n();
  const painted = useCardPainted();
  const time = useQuery({ queryKey: ticketTimeKey(ticketId), queryFn: () => backend.ticketTime(ticketId), enabled: painted });
  if (!time.data) return <FormError error={time.error} />;
  return <TimeBody ticketId={ticketId} data={time.data} t={t} />;
}

function TimeBody({ ticketId, data, t }: { ticketId: number; data: TicketTimeDto; t: Translate }) {
  const qc = useQueryClient();
  const [date, setDate] = useState(data.today);
  const [duration, setDuration] = useState('');
  const [workType, setWorkType] = useState(data.workTypes.includes('remote') ? 'remote' : (data.workTypes[0] ?? 'remote'));
  const [billable, setBillable] = useState(true);
  const [note, setNote] = useState('');
  const minutes = parseHours(duration);
  const input: TimeInput | null =
    minutes !== null && minutes > 0 ? { ticketId, workDate: date, minutes, workType, billable, note } : null;
  const debounced = useDebounced(input, 250);
  const preview = useQuery({
    queryKey: ['ticket', ticketId, 'time-preview', debounced],
    queryFn: () => backend.previewTime(debounced!),
    enabled: debounced !== null,
  });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ticketTimeKey(ticketId) });
    void qc.invalidateQueries({ queryKey: ['hours'] });
    void qc.invalidateQueries({ queryKey: keys.ticket(ticketId) });
  };
  const log = useMutation({
    mutationFn: () => backend.logTime(input!),
    onSuccess: () => {
      setDuration('');
      setNote('');
      refresh();
    },
  });
  const start = useMutation({ mutationFn: () => backend.startTimer(ticketId), onSuccess: refresh });
  const stop = useMutation({
    mutationFn: () => backend.stopTimer(ticketId, workType, billable, note),
    onSuccess: () => {
      setNote('');
      refresh();
    },
  });
  const discard = useMutation({ mutationFn: () => backend.discardTimer(ticketId), onSuccess: refresh });
  const refused = preview.data?.refused ?? null;
  const durationBad = duration.trim() !== '' && (minutes === null || minutes <= 0);

  return (
    <section className="panel" data-testid="time-panel">
      <h3 className="panel-title">
        {t('time.title')}{' '}
        <span className="count" data-testid="time-total">
          {t('time.totals', { actual: formatHours(data.actualMinutes), billable: formatHours(data.billableMinutes) })}
        </span>
      </h3>
      <PackagesLine data={data} t={t} />
      <TimerRow
        data={data}
        t={t}
        busy={start.isPending || stop.isPending || discard.isPending}
        onStart={() => start.mutate()}
        onStop={() => stop.mutate()}
        onDiscard={() => discard.mutate()}
      />
      <FormError error={start.error ?? stop.error ?? discard.error} />
      <form
        className="time-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (input && !refused && !log.isPending) log.mutate();
        }}
      >
        <input type="date" aria-label={t('time.date')} data-testid="time-date" value={date} max={data.today} onChange={(e) => setDate(e.target.value)} />
        <input
          aria-label={t('time.duration')}
          data-testid="time-duration"
          placeholder={t('time.durationPlaceholder')}
          value={duration}
          aria-invalid={durationBad}
          className="time-duration"
          onChange={(e) => setDuration(e.target.value)}
        />
        <select aria-label={t('time.workType')} data-testid="time-type" value={workType} onChange={(e) => setWorkType(e.target.value)}>
          {data.workTypes.map((w) => (
            <option key={w} value={w}>
              {workTypeLabel(t, w)}
            </option>
          ))}
        </select>
        <label className="check">
          <input type="checkbox" data-testid="time-billable" checked={billable} onChange={(e) => setBillable(e.target.checked)} /> {t('time.billable')}
        </label>
        <input aria-label={t('time.note')} data-testid="time-note" placeholder={t('time.note')} value={note} onChange={(e) => setNote(e.target.value)} className="time-note" />
        <button type="submit" className="btn btn-primary" data-testid="time-log" disabled={!input || !!refused || log.isPending}>
          {t('time.log')}
        </button>
      </form>
      {durationBad ? <div className="field-error">{t('time.durationHint')}</div> : null}
      {input && preview.data && !refused ? (
        <div className="hint" data-testid="time-preview">
          {t('time.bills', { billable: formatHours(preview.data.billableMinutes) })}
          {preview.data.draws.map((d, i) => (
            <span key={i}>
              {' · '}
              {formatHours(d.minutes)} {d.packageName ? t('time.from', { name: d.packageName }) : t('time.uncovered')}
              {d.kind === 'overage' ? ` (${t('time.overage')})` : ''}
            </span>
          ))}
        </div>
      ) : null}
      {input && preview.data
        ? preview.data.warnings.map((w) => (
            <div key={w.kind} className="banner banner-warn" data-testid={`time-warning-${w.kind}`}>
              {warningText(t, w)}
            </div>
          ))
        : null}
      {input && refused ? (
        <div className="form-error" data-testid="time-refused">
          {refused}
        </div>
      ) : null}
      <FormError error={log.error} />
      <EntryList entries={data.entries} ticketId={ticketId} t={t} onChanged={refresh} canApprove={data.canApprove} />
    </section>
  );
}

function PackagesLine({ data, t }: { data: TicketTimeDto; t: Translate }) {
  if (data.packages.length === 0) {
    return (
      <div className="banner banner-warn" data-testid="time-no-package">
        {t('time.noPackage')}
      </div>
    );
  }
  return (
    <div className="time-packages" data-testid="time-packages">
      {data.packages.map((p) => {
        // What is left for this ticket: its direction's budget, or the shared pool.
        const budget = p.budgets.find((b) => b.direction === data.direction) ?? p.budgets.find((b) => b.direction === '');
        const left = budget ? budget.leftMinutes : p.leftMinutes;
        return (
          <div key={p.id} className={left <= 0 ? 'form-error' : 'muted'}>
            {t('time.drawsFrom', { name: p.terms.name, left: formatHours(left), end: p.terms.end })}
          </div>
        );
      })}
    </div>
  );
}

function TimerRow(p: {
  data: TicketTimeDto;
  t: Translate;
  busy: boolean;
  onStart: () => void;
  onStop: () => void;
  onDiscard: () => void;
}) {
  const [now, setNow] = useState(Date.now());
  const running = p.data.timer;
  useEffect(() => {
    if (!running) return;
    const h = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(h);
  }, [running]);
  if (!running) {
    return (
      <div className="timer-row">
        <button type="button" className="btn" data-testid="timer-start" disabled={p.busy} onClick={p.onStart}>
          ▶ {p.t('time.startTimer')}
        </button>
      </div>
    );
  }
  return (
    <div className="timer-row running" data-testid="timer-running">
      <span className="timer-clock mono" data-testid="timer-elapsed">
        ⏱ {formatElapsed(now - running.startedAt)}
      </span>
      <button type="button" className="btn btn-primary" data-testid="timer-stop" disabled={p.busy} onClick={p.onStop}>
        ■ {p.t('time.stopTimer')}
      </button>
      <button type="button" className="btn btn-ghost" data-testid="timer-discard" disabled={p.busy} onClick={p.onDiscard}>
        {p.t('time.discardTimer')}
      </button>
    </div>
  );
}

function EntryList({
  entries,
  t,
  onChanged,
  canApprove,
}: {
  entries: TimeEntryDto[];
  ticketId: number;
  t: Translate;
  onChanged: () => void;
  canApprove: boolean;
}) {
  if (entries.length === 0) return <p className="muted">{t('time.none')}</p>;
  return (
    <table className="entries" data-testid="time-entries">
      <thead>
        <tr>
          <th>{t('time.date')}</th>
          <th>{t('time.who')}</th>
          <th className="num">{t('time.actual')}</th>
          <th className="num">{t('time.billableShort')}</th>
          <th>{t('time.workType')}</th>
          <th>{t('time.state')}</th>
          <th>{t('time.note')}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <EntryRow key={e.id} e={e} t={t} onChanged={onChanged} canApprove={canApprove} />
        ))}
      </tbody>
    </table>
  );
}

function EntryRow({ e, t, onChanged, canApprove }: { e: TimeEntryDto; t: Translate; onChanged: () => void; canApprove: boolean }) {
  const [correcting, setCorrecting] = useState(false);
  const [fix, setFix] = useState('');
  const [why, setWhy] = useState('');
  const remove = useMutation({ mutationFn: () => backend.deleteTime(e.id), onSuccess: onChanged });
  const approve = useMutation({
    mutationFn: () => backend.approveTime({ ids: [e.id], clientId: null, from: null, to: null }),
    onSuccess: onChanged,
  });
  const adjust = useMutation({
    mutationFn: () => backend.adjustTime({ entryId: e.id, minutes: parseHours(fix, true) ?? 0, note: why }),
    onSuccess: () => {
      setCorrecting(false);
      setFix('');
      setWhy('');
      onChanged();
    },
  });
  return (
    <>
      <tr data-testid={`time-entry-${e.id}`} data-state={e.state}>
        <td className="mono">{e.workDate}</td>
        <td>{e.userName}</td>
        <td className="num mono">{formatHours(e.actualMinutes)}</td>
        <td className="num mono" title={t('time.coveredTitle', { covered: formatHours(e.coveredMinutes), overage: formatHours(e.overageMinutes) })}>
          {formatHours(e.billableMinutes)}
          {e.overageMinutes !== 0 ? <span className="overage-tag"> +{t('time.overage')}</span> : null}
        </td>
        <td>{workTypeLabel(t, e.workType)}</td>
        <td>
          <span className={`entry-state entry-${e.state}`}>{t(`time.stateName.${e.state}` as MessageKey)}</span>
        </td>
        <td className="entry-note">
          {e.note}
          {e.adjustsId !== null ? <span className="muted"> {t('time.corrects', { id: e.adjustsId })}</span> : null}
          {e.movedFrom ? <span className="muted"> {t('comment.movedFrom', { number: e.movedFrom })}</span> : null}
        </td>
        <td className="row-actions">
          {e.state === 'draft' ? (
            <>
              {canApprove ? (
                <button type="button" className="btn btn-small" data-testid={`time-approve-${e.id}`} onClick={() => approve.mutate()}>
                  {t('time.approve')}
                </button>
              ) : null}
              <button type="button" className="btn btn-ghost btn-small" data-testid={`time-delete-${e.id}`} onClick={() => remove.mutate()}>
                {t('time.delete')}
              </button>
            </>
          ) : (
            <button type="button" className="btn btn-ghost btn-small" data-testid={`time-correct-${e.id}`} onClick={() => setCorrecting((c) => !c)}>
              {t('time.correct')}
            </button>
          )}
        </td>
      </tr>
      {correcting ? (
        <tr>
          <td colSpan={8}>
            <form
              className="time-form"
              onSubmit={(ev) => {
                ev.preventDefault();
                adjust.mutate();
              }}
            >
              <input data-testid={`time-fix-${e.id}`} placeholder="-0:15" aria-label={t('time.fix')} value={fix} onChange={(ev) => setFix(ev.target.value)} />
              <input data-testid={`time-fix-note-${e.id}`} placeholder={t('time.fixWhy')} aria-label={t('time.fixWhy')} value={why} onChange={(ev) => setWhy(ev.target.value)} className="time-note" />
              <button type="submit" className="btn" disabled={parseHours(fix, true) === null || adjust.isPending}>
                {t('time.correct')}
              </button>
            </form>
            <FormError error={adjust.error} />
          </td>
        </tr>
      ) : null}
      {remove.error || approve.error ? (
        <tr>
          <td colSpan={8}>
            <FormError error={remove.error ?? approve.error} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

/** A ledger warning in the window's language, from its parameters: the budget is named. */
export function warningText(t: Translate, w: LedgerWarningDto): string {
  const name = w.packageName ?? '';
  const direction = w.direction ? directionLabel(t, w.direction) : '';
  switch (w.kind) {
    case 'no_package':
      return t('time.warning.no_package');
    case 'expired':
      return t('time.warning.expired', { name, day: w.day ?? '' });
    case 'not_started':
      return t('time.warning.not_started', { name, day: w.day ?? '' });
    case 'closed':
      return t('time.warning.closed', { name });
    case 'exhausts':
      if (!w.direction) return t('time.warning.exhausts', { name });
      return (w.minutes ?? 0) > 0
        ? t('time.warning.exhaustsDirectionOthersLeft', { name, direction, left: formatHours(w.minutes ?? 0) })
        : t('time.warning.exhaustsDirection', { name, direction });
    case 'overage':
      return t('time.warning.overage', { name, minutes: formatHours(w.minutes ?? 0) });
  }
}
