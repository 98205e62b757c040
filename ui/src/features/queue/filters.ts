// The queue's filter state, and how it becomes the back end's QueueQuery.
import type { Line, QueueQuery, QueueSortDto, Status } from '../../lib/backend';
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
  sort: QueueSortDto;
}

export const DEFAULT_FILTERS: QueueFilters = {
  status: 'active',
  clientId: null,
  direction: null,
  assignee: 'any',
  line: null,
  sort: 'updated',
};

export const PAGE_SIZE = 50;

export function isDefault(f: QueueFilters): boolean {
  return (
    f.status === DEFAULT_FILTERS.status &&
    f.clientId === null &&
    f.direction === null &&
    f.assignee === 'any' &&
    f.line === null
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
    sort: f.sort,
    cursor,
    limit: PAGE_SIZE,
  };
}
