// The card's SLA clocks: each target with time left or overrun, coloured as it nears, or why
// the clock is paused, or when it was met. Counted by the back end from the ticket's events;
// looked at again every minute while the card is open.
import { useQuery } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import type { ClockDto } from '../../lib/backend';
import { statusLabel, useI18n } from '../../lib/i18n';
import { formatDateTime, formatDuration } from '../../lib/format';
import { keys } from '../../lib/queries';
import { useCardPainted } from '../ticket/firstPaint';

export const clocksKey = (id: number) => [...keys.ticket(id), 'clocks'] as const;

/** ok below 75 %, warn from 75 %, late at 100 %. */
export function clockTone(c: Pick<ClockDto, 'percent' | 'breachedAt'>): 'ok' | 'warn' | 'late' {
  if (c.breachedAt !== null || c.percent >= 100) return 'late';
  return c.percent >= 75 ? 'warn' : 'ok';
}

export function ClocksPanel({ ticketId }: { ticketId: number }) {
  const { t, language } = useI18n();
  const painted = useCardPainted();
  const clocks = useQuery({
    queryKey: clocksKey(ticketId),
    queryFn: () => backend.ticketClocks(ticketId),
    refetchInterval: 60_000,
    enabled: painted,
  });
  if (!clocks.data) return null;
  const { policyName, clocks: list } = clocks.data;
  return (
    <section className="panel sla-panel" data-testid="sla-panel">
      <h3 className="panel-title">{t('sla.cardTitle')}</h3>
      {policyName === null ? <p className="muted">{t('sla.noPolicy')}</p> : null}
      {policyName !== null && list.length === 0 ? <p className="muted">{t('sla.noTarget', { policy: policyName })}</p> : null}
      {list.map((c) => {
        const tone = c.state === 'met' ? (c.breachedAt !== null ? 'late' : 'ok') : clockTone(c);
        let what: string;
        if (c.state === 'met') {
          what = t(c.breachedAt !== null ? 'sla.metLate' : 'sla.met', { used: formatDuration(t, c.usedMinutes) });
        } else if (c.state === 'paused') {
          what = t('sla.paused', { why: c.pausedBy ? statusLabel(t, c.pausedBy) : '', left: formatDuration(t, Math.max(c.leftMinutes, 0)) });
        } else if (c.breachedAt !== null) {
          what = t('sla.overrun', { over: formatDuration(t, -c.leftMinutes) });
        } else {
          what = t('sla.left', { left: formatDuration(t, c.leftMinutes) });
        }
        return (
          <div key={c.goal} className={`sla-clock tone-${tone}`} data-testid={`sla-clock-${c.goal}`} data-state={c.state} data-tone={tone}>
            <div className="sla-clock-head">
              <strong>{t(c.goal === 'first_response' ? 'sla.firstResponse' : 'sla.resolution')}</strong>
              <span className="sla-clock-what">{what}</span>
            </div>
            <div className="sla-bar" aria-hidden="true">
              <span style={{ width: `${Math.min(c.percent, 100)}%` }} />
            </div>
            <div className="muted sla-clock-due">
              {t('sla.target', { target: formatDuration(t, c.targetMinutes), calendar: c.calendarName })}
              {c.dueAt !== null && c.state !== 'met' ? ` · ${t('sla.due', { at: formatDateTime(c.dueAt, language) })}` : ''}
            </div>
          </div>
        );
      })}
      {policyName !== null && list.length ? <div className="hint">{t('sla.policyName', { policy: policyName })}</div> : null}
    </section>
  );
}
