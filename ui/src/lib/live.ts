import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type { ChangeBatchDto } from './backend/bindings';

/**
 * The queries a batch of committed changes makes stale (another desk's, the CLI's, a worker's):
 * the window reads them again, in place. `null`: some changes may be missing, read everything.
 */
export function keysToRefresh(batch: ChangeBatchDto): QueryKey[] | null {
  if (batch.everything) return null;
  const keys = new Map<string, QueryKey>();
  const add = (key: QueryKey) => keys.set(JSON.stringify(key), key);
  for (const c of batch.changes) {
    const ticket = c.ticketId;
    switch (c.kind) {
      case 'ticket':
        add(['queue']);
        add(['views']);
        add(['search']);
        add(['ticket', c.id]);
        break;
      case 'comment':
        add(['search']);
        if (ticket !== null) add(['ticket', ticket]);
        break;
      case 'time_entry':
        add(['hours']);
        if (ticket !== null) add(['ticket', ticket]);
        break;
      case 'package':
        add(['hours']);
        break;
      case 'bond':
        add(['vendors']);
        if (ticket !== null) add(['ticket', ticket]);
        break;
    }
  }
  return [...keys.values()];
}

/** Marks what `batch` touched as stale; shown queries are read again at once. A form's draft
 * lives in its component's state, which a refresh of the data does not reset. */
export function applyChanges(qc: QueryClient, batch: ChangeBatchDto): void {
  const keys = keysToRefresh(batch);
  if (keys === null) {
    void qc.invalidateQueries();
    return;
  }
  for (const queryKey of keys) void qc.invalidateQueries({ queryKey });
}
