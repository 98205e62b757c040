// One change to the tickets picked in the queue: assign, status, priority (impact x urgency),
// direction or line. Each ticket goes at the version its row showed; the ones that moved on or
// that the change does not suit are listed with the reason, the others change.
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import type { BulkChange, BulkReport, Level, Line, SeenTicket, Status } from '../../lib/backend';
import { directionLabel, levelLabel, lineLabel, statusLabel, useI18n } from '../../lib/i18n';
import { ALL_STATUSES, priorityFrom } from '../../lib/format';
import { keys, useDirections, useUsers } from '../../lib/queries';
import { FormError, PriorityBadge } from '../../lib/ui';
import { say } from '../../lib/messages';

type Kind = BulkChange['kind'];
const KINDS: Kind[] = ['assign', 'status', 'priority', 'direction', 'line'];
const LEVELS: Level[] = ['high', 'medium', 'low'];
const LINES: Line[] = ['l1', 'l2', 'l3'];

export function BulkBar({ picked, me, onClear }: { picked: SeenTicket[]; me: number; onClear: () => void }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const users = useUsers();
  const directions = useDirections();
  const [kind, setKind] = useState<Kind>('assign');
  const [assignee, setAssignee] = useState<string>(String(me));
  const [status, setStatus] = useState<Status>('in_progress');
  const [impact, setImpact] = useState<Level>('medium');
  const [urgency, setUrgency] = useState<Level>('medium');
  const [direction, setDirection] = useState('');
  const [line, setLine] = useState<Line>('l2');
  const [note, setNote] = useState('');
  const [report, setReport] = useState<BulkReport | null>(null);

  const change = (): BulkChange => {
    const n = note.trim() || null;
    switch (kind) {
      case 'assign':
        return { kind, assigneeId: assignee ? Number(assignee) : null };
      case 'status':
        return { kind, to: status, note: n };
      case 'priority':
        return { kind, impact, urgency };
      case 'direction':
        return { kind, direction: direction || directions.data?.[0] || '' };
      case 'line':
        return { kind, line, note: n };
    }
  };
  const apply = useMutation({
    mutationFn: () => backend.bulkChange({ tickets: picked, change: change() }),
    onSuccess: (r) => {
      setReport(r);
      setNote('');
      onClear();
      void qc.invalidateQueries({ queryKey: keys.queue });
      void qc.invalidateQueries({ queryKey: keys.views });
      for (const ticket of r.changed) void qc.invalidateQueries({ queryKey: keys.ticket(ticket.id) });
    },
  });
  const wantsNote = (kind === 'status' && (status === 'resolved' || status === 'closed')) || kind === 'line';

  if (picked.length === 0) {
    return report ? <BulkResult report={report} onClose={() => setReport(null)} /> : null;
  }
  return (
    <div className="bulk-bar" data-testid="bulk-bar" role="region" aria-label={t('bulk.title')}>
      <strong data-testid="bulk-count">{t('bulk.picked', { count: picked.length })}</strong>
      <select aria-label={t('bulk.what')} data-testid="bulk-kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
        {KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`bulk.kind.${k}`)}
          </option>
        ))}
      </select>
      {kind === 'assign' ? (
        <select aria-label={t('bulk.kind.assign')} data-testid="bulk-assignee" value={assignee} onChange={(e) => setAssignee(e.target.value)}>
          <option value="">{t('common.nobody')}</option>
          {(users.data ?? []).map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
      ) : null}
      {kind === 'status' ? (
        <select aria-label={t('bulk.kind.status')} data-testid="bulk-status" value={status} onChange={(e) => setStatus(e.target.value as Status)}>
          {ALL_STATUSES.filter((s) => s !== 'new').map((s) => (
            <option key={s} value={s}>
              {statusLabel(t, s)}
            </option>
          ))}
        </select>
      ) : null}
      {kind === 'priority' ? (
        <>
          {([
            ['impact', impact, setImpact],
            ['urgency', urgency, setUrgency],
          ] as const).map(([f, value, setValue]) => (
            <select key={f} aria-label={t(`ticket.${f}`)} data-testid={`bulk-${f}`} value={value} onChange={(e) => setValue(e.target.value as Level)}>
              {LEVELS.map((l) => (
                <option key={l} value={l}>
                  {t(`ticket.${f}`)}: {levelLabel(t, l)}
                </option>
              ))}
            </select>
          ))}
          <PriorityBadge priority={priorityFrom(impact, urgency)} testId="bulk-priority" />
        </>
      ) : null}
      {kind === 'direction' ? (
        <select aria-label={t('bulk.kind.direction')} data-testid="bulk-direction" value={direction || directions.data?.[0] || ''} onChange={(e) => setDirection(e.target.value)}>
          {(directions.data ?? []).map((d) => (
            <option key={d} value={d}>
              {directionLabel(t, d)}
            </option>
          ))}
        </select>
      ) : null}
      {kind === 'line' ? (
        <select aria-label={t('bulk.kind.line')} data-testid="bulk-line" value={line} onChange={(e) => setLine(e.target.value as Line)}>
          {LINES.map((l) => (
            <option key={l} value={l}>
              {lineLabel(t, l)}
            </option>
          ))}
        </select>
      ) : null}
      {wantsNote ? (
        <input className="bulk-note" data-testid="bulk-note" aria-label={t('bulk.note')} placeholder={t('bulk.note')} value={note} onChange={(e) => setNote(e.target.value)} />
      ) : null}
      <button type="button" className="btn btn-primary btn-small" data-testid="bulk-apply" disabled={apply.isPending} onClick={() => apply.mutate()}>
        {t('bulk.apply', { count: picked.length })}
      </button>
      <button type="button" className="btn btn-ghost btn-small" data-testid="bulk-clear" onClick={onClear}>
        {t('bulk.clear')}
      </button>
      <FormError error={apply.error} />
    </div>
  );
}

function BulkResult({ report, onClose }: { report: BulkReport; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <div className={`bulk-bar ${report.refused.length ? 'bulk-refused' : ''}`} data-testid="bulk-result" role="status">
      <strong>{t('bulk.done', { changed: report.changed.length, refused: report.refused.length })}</strong>
      {report.refused.length ? (
        <ul className="bulk-refusals">
          {report.refused.map((r) => (
            <li key={r.ticketId} data-testid={`bulk-refused-${r.number}`}>
              <span className="mono">{r.number}</span>: {r.msg ? say(r.msg) : r.message}
            </li>
          ))}
        </ul>
      ) : null}
      <button type="button" className="btn btn-ghost btn-small" onClick={onClose}>
        {t('common.close')}
      </button>
    </div>
  );
}
