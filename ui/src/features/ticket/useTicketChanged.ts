// What every change on a card does afterwards.
import { useQueryClient } from '@tanstack/react-query';
import type { TicketCard, TicketDto } from '../../lib/backend';
import { keys } from '../../lib/queries';

/** After a change: show the returned ticket at once, then reload the thread and the trail. */
export function useTicketChanged(id: number) {
  const qc = useQueryClient();
  return (ticket?: TicketDto) => {
    if (ticket) {
      qc.setQueryData<TicketCard>(keys.ticket(id), (old) => (old ? { ...old, ticket } : old));
    }
    void qc.invalidateQueries({ queryKey: keys.ticket(id) });
    void qc.invalidateQueries({ queryKey: keys.queue });
    void qc.invalidateQueries({ queryKey: keys.views });
    void qc.invalidateQueries({ queryKey: keys.clients });
  };
}
