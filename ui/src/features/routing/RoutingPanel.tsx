// The card's routing: the queue and tags rules gave the ticket, which rule routed it and why,
// and "Route now" to apply the current rules again.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import { useI18n } from '../../lib/i18n';
import { say } from '../../lib/messages';
import { formatDateTime } from '../../lib/format';
import { FormError } from '../../lib/ui';
import { keys } from '../../lib/queries';
import { useCardPainted } from '../ticket/firstPaint';

export function RoutingPanel({ ticketId }: { ticketId: number }) {
  const { t, language } = useI18n();
  const qc = useQueryClient();
  const painted = useCardPainted();
  const routing = useQuery({ queryKey: ['ticket', ticketId, 'routing'], queryFn: () => backend.ticketRouting(ticketId), enabled: painted });
  const route = useMutation({
    mutationFn: () => backend.routeTicket(ticketId),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['ticket', ticketId] });
      void qc.invalidateQueries({ queryKey: keys.ticket(ticketId) });
      void qc.invalidateQueries({ queryKey: keys.queue });
    },
  });
  const r = routing.data;
  if (!r) return <FormError error={routing.error} />;
  return (
    <section className="panel" data-testid="routing-panel">
      <h3 className="panel-title">{t('routing.cardTitle')}</h3>
      {r.decision ? (
        <div data-testid="routing-decision">
          <div>
            {t('routing.routedBy', { rule: r.decision.ruleName })} <span className="muted">· {formatDateTime(r.decision.at, language)}</span>
          </div>
          <ul className="why">
            {r.decision.reasons.map((w, i) => (
              <li key={i}>{say(w, language)}</li>
            ))}
          </ul>
          {r.decision.did ? <div className="muted">{say(r.decision.didMsg, language)}</div> : null}
        </div>
      ) : (
        <p className="muted">{t('routing.notRouted')}</p>
      )}
      {r.queue ? (
        <div data-testid="routing-queue">
          {t('routing.queue')}: <strong>{r.queue}</strong>
        </div>
      ) : null}
      {r.tags.length > 0 ? (
        <div className="chips" data-testid="routing-tags">
          {r.tags.map((x) => (
            <span key={x} className="chip">
              {x}
            </span>
          ))}
        </div>
      ) : null}
      <button type="button" className="btn btn-small" data-testid="route-now" disabled={route.isPending} onClick={() => route.mutate()}>
        {t('routing.routeNow')}
      </button>
      <FormError error={route.error} />
    </section>
  );
}
