import { describe, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import type { ChangeDto } from './backend/bindings';
import { applyChanges, keysToRefresh } from './live';

const change = (c: Partial<ChangeDto>): ChangeDto => ({
  kind: 'ticket',
  ticketId: null,
  clientId: null,
  id: 1,
  version: null,
  ...c,
});

describe('live updates', () => {
  it('a ticket change refreshes the queue, the view counts and that card only', () => {
    const keys = keysToRefresh({ everything: false, changes: [change({ kind: 'ticket', id: 7, ticketId: 7, version: 3 })] });
    expect(keys).toEqual([['queue'], ['views'], ['search'], ['ticket', 7]]);
  });

  it('comments, time, packages and vendor cases refresh what shows them, once each', () => {
    const keys = keysToRefresh({
      everything: false,
      changes: [
        change({ kind: 'comment', id: 40, ticketId: 7 }),
        change({ kind: 'comment', id: 41, ticketId: 7 }),
        change({ kind: 'time_entry', id: 5, ticketId: 8, clientId: 2 }),
        change({ kind: 'package', id: 3, clientId: 2 }),
        change({ kind: 'bond', id: 9, ticketId: 9 }),
      ],
    });
    expect(keys).toEqual([['search'], ['ticket', 7], ['hours'], ['ticket', 8], ['vendors'], ['ticket', 9]]);
  });

  it('a batch that may miss changes refreshes everything', () => {
    expect(keysToRefresh({ everything: true, changes: [] })).toBeNull();
  });

  it('marks the touched queries stale and leaves the others', () => {
    const qc = new QueryClient();
    qc.setQueryData(['ticket', 7], { subject: 'VPN' });
    qc.setQueryData(['ticket', 8], { subject: 'Printer' });
    qc.setQueryData(['queue', { statuses: [] }, 1], { rows: [] });
    applyChanges(qc, { everything: false, changes: [change({ kind: 'ticket', id: 7, ticketId: 7 })] });
    expect(qc.getQueryState(['ticket', 7])?.isInvalidated).toBe(true);
    expect(qc.getQueryState(['queue', { statuses: [] }, 1])?.isInvalidated).toBe(true);
    expect(qc.getQueryState(['ticket', 8])?.isInvalidated).toBe(false);
    applyChanges(qc, { everything: true, changes: [] });
    expect(qc.getQueryState(['ticket', 8])?.isInvalidated).toBe(true);
  });
});
