// On a monitoring ticket's card: the alert it follows (fingerprint, firing or resolved, how
// many repeats, first and last seen).
import { useQuery } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import { formatDateTime } from '../../lib/format';
import { useI18n } from '../../lib/i18n';

export function AlertPanel({ ticketId }: { ticketId: number }) {
  const { t, language } = useI18n();
  const alert = useQuery({ queryKey: ['monitoring', 'ticket', ticketId], queryFn: () => backend.ticketAlert(ticketId) });
  const a = alert.data;
  if (!a) return null;
  return (
    <section className="panel" data-testid="monitoring-alert">
      <h3 className="panel-title">{t('monitoring.alert')}</h3>
      <dl className="fields">
        <dt>{t('monitoring.alertSource')}</dt>
        <dd>{a.sourceName}</dd>
        <dt>{t('monitoring.fingerprint')}</dt>
        <dd>
          <code data-testid="monitoring-alert-fingerprint">{a.fingerprint}</code>
        </dd>
        <dt>{t('monitoring.state')}</dt>
        <dd>
          <span className={`pill ${a.state === 'firing' ? 'pill-new' : 'pill-resolved'}`} data-testid="monitoring-alert-state" data-state={a.state}>
            {t(`monitoring.state.${a.state}`)}
          </span>
        </dd>
        <dt>{t('monitoring.repeats')}</dt>
        <dd data-testid="monitoring-alert-repeats">{a.repeatCount}</dd>
        <dt>{t('monitoring.firstSeen')}</dt>
        <dd>{formatDateTime(a.firstSeen, language)}</dd>
        <dt>{t('monitoring.lastSeen')}</dt>
        <dd>{formatDateTime(a.lastSeen, language)}</dd>
      </dl>
    </section>
  );
}
