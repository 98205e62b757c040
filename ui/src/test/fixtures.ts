// Sample DTOs for the tests.
import type { QueueRowDto, TicketCard, TicketDto } from '../lib/backend';

export function queueRow(n: number, patch: Partial<QueueRowDto> = {}): QueueRowDto {
  return {
    id: n,
    number: `SB-${String(n).padStart(6, '0')}`,
    priority: 'p3',
    subject: `Ticket number ${n}`,
    clientId: 1,
    clientCode: 'ACME',
    clientName: 'Acme Logistics',
    direction: 'network',
    status: 'open',
    line: 'l1',
    assigneeId: null,
    assigneeName: null,
    updatedAt: Date.now() - n * 60_000,
    version: 1,
    slaDue: null,
    slaBreached: false,
    ...patch,
  };
}

export const rows = (from: number, count: number) => Array.from({ length: count }, (_, i) => queueRow(from + i));

export function ticket(patch: Partial<TicketDto> = {}): TicketDto {
  return {
    id: 7,
    number: 'SB-000007',
    clientId: 1,
    clientCode: 'ACME',
    clientName: 'Acme Logistics',
    direction: 'database',
    subject: 'Replica lags behind',
    description: 'The reporting replica is two hours behind.',
    impact: 'high',
    urgency: 'medium',
    priority: 'p2',
    status: 'in_progress',
    line: 'l2',
    channel: 'phone',
    assigneeId: 1,
    assigneeName: 'Anna Petrova',
    createdByName: 'Ivan Sokolov',
    createdAt: Date.UTC(2025, 0, 10, 9, 30),
    updatedAt: Date.UTC(2025, 0, 10, 11, 0),
    resolvedAt: null,
    closedAt: null,
    closedByName: null,
    resolutionNote: null,
    nextStatuses: ['open', 'pending_customer', 'pending_vendor', 'resolved', 'closed'],
    mergedIntoId: null,
    mergedInto: null,
    version: 3,
    ...patch,
  };
}

export function card(patch: Partial<TicketDto> = {}): TicketCard {
  return {
    ticket: ticket(patch),
    comments: [
      { id: 1, authorId: 1, authorName: 'Anna Petrova', body: 'We are on it.', visibility: 'public', channel: 'desktop', createdAt: Date.UTC(2025, 0, 10, 10), movedFrom: null, sender: null, vendor: null, audience: null, notice: null },
      { id: 2, authorId: 2, authorName: 'Ivan Sokolov', body: 'Vendor bug, probably.', visibility: 'internal', channel: 'desktop', createdAt: Date.UTC(2025, 0, 10, 10, 30), movedFrom: null, sender: null, vendor: null, audience: null, notice: null },
    ],
    audit: [
      { id: 1, actorName: 'Ivan Sokolov', at: Date.UTC(2025, 0, 10, 9, 30), field: 'created', oldValue: null, newValue: 'SB-000007', version: 1 },
      { id: 2, actorName: 'Anna Petrova', at: Date.UTC(2025, 0, 10, 9, 40), field: 'status', oldValue: 'new', newValue: 'in_progress', version: 2 },
      { id: 3, actorName: 'Anna Petrova', at: Date.UTC(2025, 0, 10, 9, 50), field: 'line', oldValue: 'l1', newValue: 'l2', version: 3 },
    ],
    related: [],
    satisfaction: null,
  };
}
