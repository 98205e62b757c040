// On a monitoring ticket's card: the alert it follows (fingerprint, firing or resolved, how
// many repeats, first and last seen).
import type { ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import { formatDateTime } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useCardPainted } from '../ticket/firstPaint';

export function AlertPanel({ ticketId }: { ticketId: number }) {
  const { t, language } = useI18n();
  const painted = useCardPainted();
  const alert = useQuery({ queryKey: ['monitoring', 'ticket', ticketId], queryFn: () => backend.ticketAlert(ticketId), enabled: painted });
  const a = alert.data;
  if (!a) return null;
  const rows: [string, ReactNode][] = [
    [t('monitoring.alertSource'), a.sourceName],
    [t('monitoring.fingerprint'), <code data-testid="monitoring-alert-fingerprint">{a.fingerprint}</code>],
    [
      t('monitoring.state'),
      <span className={`pill ${a.state === 'firing' ? 'pill-new' : 'pill-resolved'}`} data-testid="monitoring-alert-state" data-state={a.state}>
        {t(`monitoring.state.${a.state}`)}
      </span>,
    ],
    [t('monitoring.repeats'), <span data-testid="monitoring-alert-repeats">{a.repeatCount}</span>],
    [t('monitoring.firstSeen'), formatDateTime(a.firstSeen, language)],
    [t('monitoring.lastSeen'), formatDateTime(a.lastSeen, language)],
  ];
  return (
    <section className="panel" data-testid="monitoring-alert">
      <h3 className="panel-title">{t('monitoring.alert')}</h3>
      <dl className="fields">
        {rows.map(([label, value]) => (
          <div key={label} className="field-row">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
