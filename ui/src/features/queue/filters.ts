// The queue's filter state, and how it becomes the back end's QueueQuery.
import type { Channel, Line, QueueQuery, QueueSortDto, Status } from '../../lib/backend';
import { ACTIVE_STATUSES } from '../../lib/format';

/** `all`, `active`, or one status. */
export type StatusPreset = 'all' | 'active' | Status;
/** `any`, `unassigned`, `me`, or a person's id. */
export type AssigneeFilter = 'any' | 'unassigned' | 'me' | number;

export interface QueueFilters {
  status: StatusPreset;
  clientId: number | null;
  direction: string | null;
  assignee: AssigneeFilter;
  line: Line | null;
  channel: Channel | null;
  /** The queue a routing rule gave the ticket. */
  queue: string | null;
  /** SLA: any ticket, those due within the hour, or those breached. */
  sla: SlaFilter;
  sort: QueueSortDto;
}

export type SlaFilter = 'any' | 'soon' | 'breached';
/** "Due soon" is within this many minutes. */
export const SOON_MINUTES = 60;

export const DEFAULT_FILTERS: QueueFilters = {
  status: 'active',
  clientId: null,
  direction: null,
  assignee: 'any',
  line: null,
  channel: null,
  queue: null,
  sla: 'any',
  sort: 'updated',
};

export const PAGE_SIZE = 50;

export function isDefault(f: QueueFilters): boolean {
  return (
    f.status === DEFAULT_FILTERS.status &&
    f.clientId === null &&
    f.direction === null &&
    f.assignee === 'any' &&
    f.line === null &&
    f.channel === null &&
    f.queue === null &&
    f.sla === 'any'
  );
}

export function toQuery(f: QueueFilters, me: number, cursor: string | null): QueueQuery {
  const statuses: Status[] = f.status === 'all' ? [] : f.status === 'active' ? [...ACTIVE_STATUSES] : [f.status];
  return {
    statuses,
    clientId: f.clientId,
    direction: f.direction,
    assigneeId: f.assignee === 'me' ? me : typeof f.assignee === 'number' ? f.assignee : null,
    unassigned: f.assignee === 'unassigned',
    line: f.line,
    channel: f.channel,
    ...(f.queue ? { queue: f.queue } : {}),
    ...(f.sla === 'soon' ? { dueWithinMinutes: SOON_MINUTES } : f.sla === 'breached' ? { breached: true } : {}),
    sort: f.sort,
    cursor,
    limit: PAGE_SIZE,
  };
}

/** The filters that show a view's query (the inverse of `toQuery`). */
export function fromQuery(q: QueueQuery, me: number): QueueFilters {
  const active = q.statuses.length === ACTIVE_STATUSES.length && ACTIVE_STATUSES.every((s) => q.statuses.includes(s));
  const status: StatusPreset = q.statuses.length === 0 ? 'all' : active ? 'active' : q.statuses[0];
  const assignee: AssigneeFilter = q.unassigned ? 'unassigned' : q.assigneeId === null ? 'any' : q.assigneeId === me ? 'me' : q.assigneeId;
  return {
    status,
    clientId: q.clientId,
    direction: q.direction,
    assignee,
    line: q.line,
    channel: q.channel,
    queue: q.queue ?? null,
    sla: q.breached ? 'breached' : q.dueWithinMinutes != null ? 'soon' : 'any',
    sort: q.sort,
  };
}

/** Whether the filters show exactly this view (the sort aside). */
export function showsView(f: QueueFilters, q: QueueQuery, me: number): boolean {
  const v = fromQuery(q, me);
  return (
    v.status === f.status &&
    v.clientId === f.clientId &&
    v.direction === f.direction &&
    v.assignee === f.assignee &&
    v.line === f.line &&
    v.channel === f.channel &&
    v.queue === f.queue
  );
}
