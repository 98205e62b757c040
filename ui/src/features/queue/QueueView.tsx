// The queue: one virtualized table over keyset pages, filters above, arrows + Enter to open.
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import {
  infiniteQueryOptions,
  keepPreviousData,
  useInfiniteQuery,
  useQuery,
  useQueryClient,
  type InfiniteData,
} from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import * as backend from '../../lib/backend';
import type { Channel, Line, QueuePage, QueueRowDto } from '../../lib/backend';
import { channelLabel, directionLabel, lineLabel, statusLabel, useI18n, type Translate } from '../../lib/i18n';
import { ALL_STATUSES, formatDateTime, formatDuration, formatRelative } from '../../lib/format';
import { isTyping, useDebounced, useWindowKeydown } from '../../lib/hooks';
import { keys, useClientPicker, useDirections, useUsers } from '../../lib/queries';
import { FilterSelect, PriorityBadge, StatusPill, errorText } from '../../lib/ui';
import { useNavigation } from '../../app/navigation';
import { StartChoices } from '../setup/FirstRun';
import { ViewsBar } from './ViewsBar';
import { BulkBar } from './BulkBar';
import { DEFAULT_FILTERS, isDefault, toQuery, type AssigneeFilter, type QueueFilters, type SlaFilter, type StatusPreset } from './filters';
import { mark, markOnce, markQueueReady } from '../../lib/perf';
import { preloadLikelyViews } from '../../app/views';
import { CardRehearsal, endRehearsal } from '../ticket/CardRehearsal';

const ROW_HEIGHT = 36;
/** How long a click waits for the card's data before opening the card on the row's data. */
const CARD_WAIT_MS = 50;
/** Ask for the next page when the last rendered row is this close to the end. */
const PREFETCH_ROWS = 15;
/** Pages kept when the queue is scrolled back to within `AT_TOP_ROWS` rows of its top. */
const KEEP_PAGES_AT_TOP = 2;
const AT_TOP_ROWS = 10;

/** The queue's pages for `filters` as `me` sees them: the view's query, and what the start
 * asks for as soon as it knows who is signed in (before the window renders the queue). */
export const queueQuery = (filters: QueueFilters, me: number) =>
  infiniteQueryOptions({
    queryKey: [...keys.queue, filters, me],
    queryFn: ({ pageParam }) => backend.queuePage(toQuery(filters, me, pageParam)),
    initialPageParam: null as string | null,
    getNextPageParam: (last: QueuePage) => last.nextCursor ?? undefined,
  });

interface Props {
  filters: QueueFilters;
  onFiltersChange: (f: QueueFilters) => void;
  highlight: number;
  onHighlight: (index: number) => void;
  me: number;
  hasClients: boolean;
}

export function QueueView({ filters, onFiltersChange, highlight, onHighlight, me, hasClients }: Props) {
  const { t, language } = useI18n();
  const nav = useNavigation();

  const qc = useQueryClient();
  const queue = useInfiniteQuery({ ...queueQuery(filters, me), placeholderData: keepPreviousData });
  const rows = useMemo(() => queue.data?.pages.flatMap((p) => p.rows) ?? [], [queue.data]);
  if (rows.length) markOnce('sb:queue-rows-render');
  // The start's trace (SB_BENCH_WINDOW_TRACE): the rows in the DOM, then the next frame begins;
  // most of the time between the two is the desk's first style and layout.
  const traced = useRef(false);
  useLayoutEffect(() => {
    if (!rows.length || traced.current) return;
    traced.current = true;
    markOnce('sb:queue-rows-committed');
    requestAnimationFrame(() => markOnce('sb:queue-rows-frame'));
  }, [rows.length]);
  useEffect(() => {
    if (queue.isSuccess) {
      markQueueReady();
      preloadLikelyViews();
    }
  }, [queue.isSuccess]);

  // The columns render the rows in view only: a table library's row model built an object
  // with its methods for every row loaded (ten thousand after a long scroll), again for each
  // page that came, and the window's memory grew by hundreds of megabytes.
  const columns = useMemo(() => queueColumns(t, language), [t, language]);

  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    initialRect: { width: 1000, height: 600 },
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1].index : -1;

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = queue;
  // Back at the top after a long scroll: the pages far below are let go (they come again if
  // the scroll goes back down), so a window left open does not keep ten thousand rows.
  const firstIndex = items.length ? items[0].index : 0;
  const queueKey = useMemo(() => [...keys.queue, filters, me], [filters, me]);
  // Only after a scroll back up in this view: coming back from a card starts at the top for a
  // moment before its row is brought into view again, and must find its rows still there.
  const deepest = useRef(0);
  useEffect(() => {
    deepest.current = Math.max(deepest.current, firstIndex);
    if (firstIndex > AT_TOP_ROWS || deepest.current <= AT_TOP_ROWS * 2 || isFetchingNextPage) return;
    deepest.current = firstIndex;
    const data = qc.getQueryData<InfiniteData<QueuePage, string | null>>(queueKey);
    if (!data || data.pages.length <= KEEP_PAGES_AT_TOP) return;
    qc.setQueryData<InfiniteData<QueuePage, string | null>>(queueKey, {
      pages: data.pages.slice(0, KEEP_PAGES_AT_TOP),
      pageParams: data.pageParams.slice(0, KEEP_PAGES_AT_TOP),
    });
  }, [firstIndex, isFetchingNextPage, qc, queueKey]);
  useEffect(() => {
    if (lastIndex >= 0 && lastIndex >= rows.length - PREFETCH_ROWS && hasNextPage && !isFetchingNextPage) {
      void fetchNextPage();
    }
  }, [lastIndex, rows.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  // Rows picked for a bulk action, each with the version it showed.
  const [picked, setPicked] = useState<Map<number, number>>(() => new Map());
  const togglePick = (row: QueueRowDto) =>
    setPicked((m) => {
      const next = new Map(m);
      if (next.has(row.id)) next.delete(row.id);
      else next.set(row.id, row.version);
      return next;
    });
  const allPicked = rows.length > 0 && rows.every((r) => picked.has(r.id));
  const pickAll = () => setPicked(allPicked ? new Map() : new Map(rows.map((r) => [r.id, r.version])));
  const seen = useMemo(() => [...picked].map(([ticketId, version]) => ({ ticketId, version })), [picked]);

  const current = Math.min(highlight, Math.max(rows.length - 1, 0));
  // Back from a card: bring the row that was open into view again.
  const restored = useRef(false);
  useEffect(() => {
    if (restored.current || rows.length === 0) return;
    restored.current = true;
    if (current > 0) virtualizer.scrollToIndex(current, { align: 'center' });
  }, [rows.length, current, virtualizer]);
  // The card's data is asked for first (a millisecond or two over the bridge) and the view
  // changes when it is there, so the card is painted whole in one frame instead of its head
  // first; if the answer is slow, the card opens on the row's data at once as before.
  // The row is highlighted (for the way back) in the same render as the view changes: one
  // paint, not a paint of the highlight first.
  const open = (row: QueueRowDto, index: number) => {
    endRehearsal();
    let opened = false;
    const go = () => {
      if (opened) return;
      opened = true;
      onHighlight(index);
      nav.go({ kind: 'ticket', id: row.id, head: row });
    };
    const slow = window.setTimeout(go, CARD_WAIT_MS);
    void qc
      .prefetchQuery({ queryKey: keys.ticket(row.id), queryFn: () => backend.ticketCard(row.id) })
      .finally(() => {
        window.clearTimeout(slow);
        go();
      });
  };

  useWindowKeydown((e) => {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    if (isTyping(e.target) || document.querySelector('[role="dialog"]')) return;
    if (!rows.length) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = e.key === 'ArrowDown' ? Math.min(current + 1, rows.length - 1) : Math.max(current - 1, 0);
      onHighlight(next);
      virtualizer.scrollToIndex(next, { align: 'auto' });
    } else if (e.key === ' ' || e.key === 'x') {
      const row = rows[current];
      if (row) {
        e.preventDefault();
        togglePick(row);
      }
    } else if (e.key === 'Enter') {
      const row = rows[current];
      if (row) {
        e.preventDefault();
        open(row, current);
      }
    }
  });

  const set = (patch: Partial<QueueFilters>) => onFiltersChange({ ...filters, ...patch });
  const initialLoading = queue.isPending;
  const empty = !initialLoading && !queue.isError && rows.length === 0;

  const virtualRows = items;
  const padTop = virtualRows.length ? virtualRows[0].start : 0;
  const padBottom = virtualRows.length ? virtualizer.getTotalSize() - virtualRows[virtualRows.length - 1].end : 0;

  return (
    <section className="queue-view">
      <ViewsBar filters={filters} onApply={onFiltersChange} me={me} />
      <QueueToolbar filters={filters} set={set} me={me} />
      <BulkBar picked={seen} me={me} onClear={() => setPicked(new Map())} />
      {queue.isError ? (
        <div className="banner banner-error" role="alert" data-testid="form-error">
          <strong>{t('queue.failed')}</strong> {errorText(t, queue.error)}
          <button type="button" className="btn btn-small" onClick={() => void queue.refetch()}>
            {t('app.retry')}
          </button>
        </div>
      ) : null}
      <div
        className={`queue-table-wrap ${queue.isPlaceholderData ? 'is-stale' : ''}`}
        ref={scroller}
        data-testid="queue"
        tabIndex={0}
        aria-label={t('queue.title')}
        aria-busy={queue.isFetching}
      >
        <table className="queue-table" role="grid" aria-rowcount={rows.length}>
          <colgroup>
            <col className="col-pick" />
            {columns.map((c) => (
              <col key={c.id} className={`col-${c.id}`} />
            ))}
          </colgroup>
          <thead>
            <tr>
              <th scope="col" className="cell-pick">
                <input type="checkbox" data-testid="pick-all" aria-label={t('bulk.pickAll')} checked={allPicked} onChange={pickAll} />
              </th>
              {columns.map((c) => (
                <th key={c.id} scope="col" className={`cell-${c.id}`}>
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {initialLoading ? <SkeletonRows /> : null}
            {padTop > 0 ? (
              <tr aria-hidden="true" className="pad">
                <td colSpan={columns.length + 1} style={{ height: padTop }} />
              </tr>
            ) : null}
            {virtualRows.map((vr) => {
              const row = rows[vr.index];
              const selected = vr.index === current;
              return (
                <tr
                  key={row.id}
                  data-testid={`queue-row-${row.number}`}
                  data-index={vr.index}
                  aria-selected={selected}
                  className={`queue-row ${selected ? 'highlighted' : ''} ${picked.has(row.id) ? 'picked' : ''} status-${row.status}`}
                  style={{ height: ROW_HEIGHT }}
                  onClick={() => {
                    mark('sb:row-click', row.number);
                    open(row, vr.index);
                  }}
                >
                  <td className="cell-pick" onClick={(e) => e.stopPropagation()}>
                    <input
                      type="checkbox"
                      data-testid={`pick-${row.number}`}
                      aria-label={t('bulk.pick', { number: row.number })}
                      checked={picked.has(row.id)}
                      onChange={() => togglePick(row)}
                    />
                  </td>
                  {columns.map((c) => (
                    <td key={c.id} className={`cell-${c.id}`}>
                      {c.cell(row)}
                    </td>
                  ))}
                </tr>
              );
            })}
            {padBottom > 0 ? (
              <tr aria-hidden="true" className="pad">
                <td colSpan={columns.length + 1} style={{ height: padBottom }} />
              </tr>
            ) : null}
          </tbody>
        </table>
        {empty ? <QueueEmpty filtered={!isDefault(filters)} hasClients={hasClients} onClear={() => onFiltersChange({ ...DEFAULT_FILTERS, sort: filters.sort })} /> : null}
        {rows.length > 0 ? (
          <div className="queue-foot" aria-live="polite">
            {isFetchingNextPage ? t('queue.loadingMore') : !hasNextPage ? t('queue.end') : ''}
          </div>
        ) : null}
      </div>
      <div className="queue-hint">{t('queue.keyboardHint')}</div>
      <CardRehearsal id={rows[0]?.id} me={me} />
    </section>
  );
}

/** A column of the queue: its header and how it shows a row. */
interface QueueColumn {
  id: string;
  header: string;
  cell: (row: QueueRowDto) => ReactNode;
}

function queueColumns(t: Translate, language: 'en' | 'ru'): QueueColumn[] {
  return [
    { id: 'number', header: t('queue.col.number'), cell: (r) => <span className="mono">{r.number}</span> },
    { id: 'priority', header: t('queue.col.priority'), cell: (r) => <PriorityBadge priority={r.priority} /> },
    {
      id: 'subject',
      header: t('queue.col.subject'),
      cell: (r) => (
        <span className="ellipsis subject" title={r.subject}>
          {r.subject}
        </span>
      ),
    },
    {
      id: 'client',
      header: t('queue.col.client'),
      cell: (r) => (
        <span className="client-code" title={r.clientName}>
          {r.clientCode}
        </span>
      ),
    },
    { id: 'direction', header: t('queue.col.direction'), cell: (r) => <span className="ellipsis">{directionLabel(t, r.direction)}</span> },
    { id: 'status', header: t('queue.col.status'), cell: (r) => <StatusPill status={r.status} /> },
    { id: 'line', header: t('queue.col.line'), cell: (r) => <span className="line-tag">{lineLabel(t, r.line)}</span> },
    {
      id: 'assignee',
      header: t('queue.col.assignee'),
      cell: (r) => (r.assigneeName ? <span className="ellipsis">{r.assigneeName}</span> : <span className="muted">{t('queue.unassigned')}</span>),
    },
    { id: 'due', header: t('queue.col.due'), cell: (r) => <DueCell due={r.slaDue} breached={r.slaBreached} /> },
    {
      id: 'updated',
      header: t('queue.col.updated'),
      cell: (r) => (
        <span className="muted nowrap" title={formatDateTime(r.updatedAt, language)}>
          {formatRelative(r.updatedAt, language)}
        </span>
      ),
    },
  ];
}

/** Time left to the next SLA target, coloured as it nears: amber within the hour, red once over. */
function DueCell({ due, breached }: { due: number | null; breached: boolean }) {
  const { t, language } = useI18n();
  if (due === null) {
    return breached ? <span className="due due-late">{t('queue.due.breached')}</span> : <span className="muted">{t('queue.due.none')}</span>;
  }
  const ms = due - Date.now();
  if (breached && ms >= 0) return <span className="due due-late">{t('queue.due.breached')}</span>;
  // Past the due moment is overrun, however little (never "0m left" on a breached ticket).
  const left = ms < 0 ? -Math.max(1, Math.floor(-ms / 60_000)) : Math.round(ms / 60_000);
  const tone = ms < 0 ? 'late' : left <= 60 ? 'soon' : 'ok';
  const label = left < 0 ? t('queue.due.over', { over: formatDuration(t, -left) }) : t('queue.due.left', { left: formatDuration(t, left) });
  // A narrow column may cut the label short: the whole of it, and the moment, on hover.
  return (
    <span className={`due due-${tone} nowrap`} data-tone={tone} title={`${label} · ${formatDateTime(due, language)}`}>
      {label}
    </span>
  );
}

function SkeletonRows() {
  return (
    <>
      {Array.from({ length: 8 }, (_, i) => (
        <tr key={i} className="skeleton-row" aria-hidden="true" style={{ height: ROW_HEIGHT }}>
          <td colSpan={11}>
            <span className="skeleton" style={{ width: `${60 + ((i * 7) % 30)}%`, height: 10 }} />
          </td>
        </tr>
      ))}
    </>
  );
}

function QueueToolbar({ filters, set, me }: { filters: QueueFilters; set: (p: Partial<QueueFilters>) => void; me: number }) {
  const { t } = useI18n();
  const [clientSearch, setClientSearch] = useState('');
  const search = useDebounced(clientSearch, 200);
  const clients = useClientPicker(search);
  const directions = useDirections();
  const users = useUsers();
  const queues = useQuery({ queryKey: ['routing', 'queues'], queryFn: backend.listQueues, staleTime: 30_000 });

  const clientRows = clients.data?.rows ?? [];
  const selectedMissing = filters.clientId !== null && !clientRows.some((c) => c.id === filters.clientId);
  const selected = useQuery({
    queryKey: keys.client(filters.clientId ?? 0),
    queryFn: () => backend.getClient(filters.clientId!),
    enabled: selectedMissing,
  });

  const assigneeValue = typeof filters.assignee === 'number' ? String(filters.assignee) : filters.assignee;
  const parseAssignee = (v: string): AssigneeFilter => (v === 'any' || v === 'unassigned' || v === 'me' ? v : Number(v));

  return (
    <div className="toolbar" role="search">
      <input
        type="search"
        className="quick-filter"
        data-testid="queue-filter"
        placeholder={t('queue.findClient')}
        aria-label={t('queue.findClientLabel')}
        value={clientSearch}
        onChange={(e) => setClientSearch(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && clientRows.length > 0 && clientSearch.trim()) {
            e.preventDefault();
            set({ clientId: clientRows[0].id });
          } else if (e.key === 'Escape' && clientSearch) {
            e.preventDefault();
            setClientSearch('');
          }
        }}
      />
      <label className="filter">
        <span className="sr-only">{t('queue.filter.status')}</span>
        <select data-testid="filter-status" value={filters.status} onChange={(e) => set({ status: e.target.value as StatusPreset })}>
          <option value="all">{t('queue.status.all')}</option>
          <option value="active">{t('queue.status.active')}</option>
          {ALL_STATUSES.map((s) => (
            <option key={s} value={s}>
              {statusLabel(t, s)}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        <span className="sr-only">{t('queue.filter.client')}</span>
        <select
          data-testid="filter-client"
          value={filters.clientId ?? ''}
          onChange={(e) => set({ clientId: e.target.value ? Number(e.target.value) : null })}
        >
          <option value="">{t('queue.client.all')}</option>
          {selectedMissing ? (
            <option value={filters.clientId!}>{selected.data ? `${selected.data.code} · ${selected.data.name}` : `#${filters.clientId}`}</option>
          ) : null}
          {clientRows.map((c) => (
            <option key={c.id} value={c.id}>
              {c.code} · {c.name}
            </option>
          ))}
        </select>
      </label>
      <FilterSelect
        testId="filter-direction"
        label={t('queue.filter.direction')}
        all={t('queue.direction.all')}
        value={filters.direction}
        options={(directions.data ?? []).map((d) => ({ value: d, label: directionLabel(t, d) }))}
        onChange={(v) => set({ direction: v })}
      />
      <label className="filter">
        <span className="sr-only">{t('queue.filter.assignee')}</span>
        <select data-testid="filter-assignee" value={assigneeValue} onChange={(e) => set({ assignee: parseAssignee(e.target.value) })}>
          <option value="any">{t('queue.assignee.any')}</option>
          <option value="unassigned">{t('queue.assignee.unassigned')}</option>
          <option value="me">{t('queue.assignee.me')}</option>
          {(users.data ?? [])
            .filter((u) => u.id !== me)
            .map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
        </select>
      </label>
      <FilterSelect
        testId="filter-channel"
        label={t('queue.filter.channel')}
        all={t('queue.channel.all')}
        value={filters.channel}
        options={(['desktop', 'phone', 'email', 'monitoring'] as const).map((c) => ({ value: c, label: channelLabel(t, c) }))}
        onChange={(v) => set({ channel: v as Channel | null })}
        narrow
      />
      {queues.data && queues.data.length > 0 ? (
        <label className="filter filter-narrow">
          <span className="sr-only">{t('queue.filter.queue')}</span>
          <select data-testid="filter-queue" value={filters.queue ?? ''} onChange={(e) => set({ queue: e.target.value || null })}>
            <option value="">{t('queue.queue.all')}</option>
            {queues.data.map((q) => (
              <option key={q} value={q}>
                {q}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <FilterSelect
        testId="filter-line"
        label={t('queue.filter.line')}
        all={t('queue.line.all')}
        value={filters.line}
        options={(['l1', 'l2', 'l3'] as const).map((l) => ({ value: l, label: lineLabel(t, l) }))}
        onChange={(v) => set({ line: v as Line | null })}
        narrow
      />
      <label className="filter">
        <span className="sr-only">{t('queue.filter.sla')}</span>
        <select data-testid="filter-sla" value={filters.sla} onChange={(e) => set({ sla: e.target.value as SlaFilter })}>
          {(['any', 'soon', 'breached'] as const).map((s) => (
            <option key={s} value={s}>
              {t(`queue.sla.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <span className="toolbar-spacer" />
      <label className="filter">
        <span className="sr-only">{t('queue.filter.sort')}</span>
        <select data-testid="queue-sort" value={filters.sort} onChange={(e) => set({ sort: e.target.value as QueueFilters['sort'] })}>
          <option value="updated">{t('queue.sort.updated')}</option>
          <option value="priority">{t('queue.sort.priority')}</option>
          <option value="due">{t('queue.sort.due')}</option>
        </select>
      </label>
    </div>
  );
}

function QueueEmpty({ filtered, hasClients, onClear }: { filtered: boolean; hasClients: boolean; onClear: () => void }) {
  const { t } = useI18n();
  const nav = useNavigation();
  if (!hasClients && !filtered) {
    return (
      <div className="empty" data-testid="queue-empty">
        <StartChoices onFirstClient={() => nav.go({ kind: 'client', id: null })} onDemoLoaded={() => nav.go({ kind: 'queue' })} />
      </div>
    );
  }
  if (filtered) {
    return (
      <div className="empty" data-testid="queue-empty">
        <h2>{t('queue.emptyFiltered')}</h2>
        <p className="muted">{t('queue.emptyFilteredHint')}</p>
        <button type="button" className="btn" onClick={onClear}>
          {t('queue.clearFilters')}
        </button>
      </div>
    );
  }
  return (
    <div className="empty" data-testid="queue-empty">
      <h2>{t('queue.emptyTitle')}</h2>
      <p className="muted">{t('queue.emptyHint')}</p>
      <button type="button" className="btn btn-primary" onClick={nav.openNewTicket}>
        + {t('ticket.new')}
      </button>
    </div>
  );
}
