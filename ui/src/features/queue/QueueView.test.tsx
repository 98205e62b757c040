import { useState } from 'react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as backend from '../../lib/backend';
import { renderWith } from '../../test/render';
import { queueRow, rows } from '../../test/fixtures';
import { QueueView } from './QueueView';
import { DEFAULT_FILTERS, type QueueFilters } from './filters';

vi.mock('../../lib/backend', async (orig) => (await import('../../test/backendMock')).backendMock(orig));
const api = vi.mocked(backend);

function Harness({ hasClients = true }: { hasClients?: boolean }) {
  const [filters, setFilters] = useState<QueueFilters>(DEFAULT_FILTERS);
  const [highlight, setHighlight] = useState(0);
  return (
    <QueueView
      filters={filters}
      onFiltersChange={setFilters}
      highlight={highlight}
      onHighlight={setHighlight}
      me={42}
      hasClients={hasClients}
    />
  );
}

const lastQuery = () => api.queuePage.mock.calls[api.queuePage.mock.calls.length - 1][0];

describe('queue', () => {
  beforeEach(() => {
    api.listUsers.mockResolvedValue([
      { id: 42, name: 'Me Myself', role: 'engineer', duties: [] },
      { id: 5, name: 'Ivan Sokolov', role: 'engineer', duties: [] },
    ]);
    api.listClients.mockResolvedValue({
      rows: [{ id: 3, code: 'NORD', name: 'Nordstal', contactCount: 1, activeTickets: 2 }],
      nextCursor: null,
    });
  });

  it('changes the picked rows at once, each at the version its row showed, and lists the refused', async () => {
    const user = userEvent.setup();
    api.queuePage.mockResolvedValue({ rows: [queueRow(1, { version: 4 }), queueRow(2, { version: 9 }), queueRow(3)], nextCursor: null });
    api.bulkChange.mockResolvedValue({
      changed: [],
      refused: [{ ticketId: 2, number: 'SB-000002', code: 'edit_conflict', message: 'SB-000002 changed after you saw it' }],
    });
    renderWith(<Harness />);
    await user.click(await screen.findByTestId('pick-SB-000001'));
    await user.click(screen.getByTestId('pick-SB-000002'));
    expect(screen.getByTestId('bulk-count')).toHaveTextContent('Picked: 2');
    expect(screen.queryByTestId('ticket-card')).not.toBeInTheDocument();
    await user.selectOptions(screen.getByTestId('bulk-kind'), 'status');
    await user.selectOptions(screen.getByTestId('bulk-status'), 'resolved');
    await user.type(screen.getByTestId('bulk-note'), 'Fixed by the firmware update');
    await user.click(screen.getByTestId('bulk-apply'));
    expect(api.bulkChange).toHaveBeenCalledWith({
      tickets: [
        { ticketId: 1, version: 4 },
        { ticketId: 2, version: 9 },
      ],
      change: { kind: 'status', to: 'resolved', note: 'Fixed by the firmware update' },
    });
    expect(await screen.findByTestId('bulk-refused-SB-000002')).toHaveTextContent('changed after you saw it');
    expect(screen.getByTestId('bulk-result')).toHaveTextContent('Changed: 0; refused: 1');
    expect(screen.queryByTestId('bulk-bar')).not.toBeInTheDocument();
    // The whole loaded page at once, and Space on the highlighted row.
    await user.click(screen.getByTestId('pick-all'));
    expect(screen.getByTestId('bulk-count')).toHaveTextContent('Picked: 3');
    await user.click(screen.getByTestId('pick-all'));
    expect(screen.queryByTestId('bulk-bar')).not.toBeInTheDocument();
    fireEvent.keyDown(window, { key: ' ' });
    expect(screen.getByTestId('bulk-count')).toHaveTextContent('Picked: 1');
  });

  it('shows time left to the SLA due, coloured as it nears, and filters and sorts by it', async () => {
    const user = userEvent.setup();
    const now = Date.now();
    api.queuePage.mockResolvedValue({
      rows: [
        queueRow(1, { slaDue: now - 30 * 60_000, slaBreached: true }),
        queueRow(2, { slaDue: now + 40 * 60_000 + 20_000 }),
        queueRow(3, { slaDue: now + 5 * 60 * 60_000 + 20_000 }),
        queueRow(4),
      ],
      nextCursor: null,
    });
    renderWith(<Harness />);
    const due = async (n: number) => within(await screen.findByTestId(`queue-row-SB-00000${n}`)).getByText(/left|over|—/);
    expect(await due(1)).toHaveTextContent('30 min over');
    expect(await due(1)).toHaveAttribute('data-tone', 'late');
    // A narrow column may cut it: the whole label, and its moment, on hover.
    expect((await due(1)).getAttribute('title')).toMatch(/^30 min over · .+/);
    expect(await due(2)).toHaveTextContent('40 min left');
    expect(await due(2)).toHaveAttribute('data-tone', 'soon');
    expect(await due(3)).toHaveAttribute('data-tone', 'ok');
    expect(await due(4)).toHaveTextContent('—');
    await user.selectOptions(screen.getByTestId('filter-sla'), 'soon');
    await waitFor(() => expect(lastQuery()).toMatchObject({ dueWithinMinutes: 60 }));
    await user.selectOptions(screen.getByTestId('filter-sla'), 'breached');
    await waitFor(() => expect(lastQuery()).toMatchObject({ breached: true }));
    await user.selectOptions(screen.getByTestId('queue-sort'), 'due');
    await waitFor(() => expect(lastQuery()).toMatchObject({ sort: 'due', breached: true }));
  });

  it('renders the rows of the first page, asking for active tickets 50 at a time', async () => {
    api.queuePage.mockResolvedValue({ rows: rows(1, 50), nextCursor: 'after-50' });
    renderWith(<Harness />);
    const row = await screen.findByTestId('queue-row-SB-000001');
    expect(within(row).getByText('Ticket number 1')).toBeInTheDocument();
    expect(within(row).getByText('ACME')).toHaveAttribute('title', 'Acme Logistics');
    expect(within(row).getByText('Network')).toBeInTheDocument();
    expect(within(row).getByText('Unassigned')).toBeInTheDocument();
    expect(api.queuePage).toHaveBeenCalledTimes(1);
    expect(lastQuery()).toMatchObject({
      statuses: ['new', 'open', 'in_progress', 'pending_customer', 'pending_vendor'],
      cursor: null,
      limit: 50,
      sort: 'updated',
    });
  });

  it('asks for the next page with the returned cursor when scrolled to the end', async () => {
    api.queuePage.mockImplementation(async (q) =>
      q.cursor === null ? { rows: rows(1, 50), nextCursor: 'after-50' } : { rows: rows(51, 10), nextCursor: null },
    );
    renderWith(<Harness />);
    await screen.findByTestId('queue-row-SB-000001');
    expect(api.queuePage).toHaveBeenCalledTimes(1);

    const scroller = screen.getByTestId('queue');
    Object.defineProperty(scroller, 'scrollTop', { configurable: true, value: 50 * 36 - 600 });
    fireEvent.scroll(scroller);

    await waitFor(() => expect(api.queuePage).toHaveBeenCalledTimes(2));
    expect(lastQuery().cursor).toBe('after-50');
    expect(await screen.findByTestId('queue-row-SB-000060')).toBeInTheDocument();
  });

  it('lets the pages far below go when scrolled back to the top, and asks for them again going down', async () => {
    // Four pages of 50 rows, each page's cursor the number of rows before it.
    api.queuePage.mockImplementation(async (q) => {
      const from = q.cursor === null ? 0 : Number(q.cursor);
      return { rows: rows(from + 1, 50), nextCursor: from + 50 < 200 ? String(from + 50) : null };
    });
    renderWith(<Harness />);
    await screen.findByTestId('queue-row-SB-000001');
    const scroller = screen.getByTestId('queue');
    const scrollTo = (row: number) => {
      Object.defineProperty(scroller, 'scrollTop', { configurable: true, value: row * 36 });
      fireEvent.scroll(scroller);
    };
    for (const [row, pages] of [[40, 2], [90, 3], [140, 4]] as const) {
      scrollTo(row);
      await waitFor(() => expect(api.queuePage).toHaveBeenCalledTimes(pages));
    }
    expect(await screen.findByTestId('queue-row-SB-000160')).toBeInTheDocument();
    expect(screen.getByRole('grid')).toHaveAttribute('aria-rowcount', '200');

    scrollTo(0);
    await waitFor(() => expect(screen.getByRole('grid')).toHaveAttribute('aria-rowcount', '100'));
    expect(screen.getByTestId('queue-row-SB-000001')).toBeInTheDocument();
    scrollTo(90);
    await waitFor(() => expect(api.queuePage).toHaveBeenCalledTimes(5));
    expect(lastQuery().cursor).toBe('100');
  });

  it('keeps its pages when it comes back from a card, which starts at the top for a moment', async () => {
    api.queuePage.mockImplementation(async (q) => {
      const from = q.cursor === null ? 0 : Number(q.cursor);
      return { rows: rows(from + 1, 50), nextCursor: from + 50 < 200 ? String(from + 50) : null };
    });
    // The window shows either the queue or a card; the queue's pages stay in the query cache.
    function Away() {
      const [away, setAway] = useState(false);
      return (
        <>
          <button onClick={() => setAway((a) => !a)}>{away ? 'back' : 'open card'}</button>
          {away ? <div data-testid="card-stand-in" /> : <Harness />}
        </>
      );
    }
    const user = userEvent.setup();
    const { queryClient } = renderWith(<Away />);
    // As in the window: pages fetched a moment ago are not fetched again on coming back.
    queryClient.setDefaultOptions({ queries: { ...queryClient.getDefaultOptions().queries, staleTime: 10_000 } });
    await screen.findByTestId('queue-row-SB-000001');
    const scrollTo = (row: number) => {
      const scroller = screen.getByTestId('queue');
      Object.defineProperty(scroller, 'scrollTop', { configurable: true, value: row * 36 });
      fireEvent.scroll(scroller);
    };
    for (const [row, pages] of [[40, 2], [90, 3], [140, 4]] as const) {
      scrollTo(row);
      await waitFor(() => expect(api.queuePage).toHaveBeenCalledTimes(pages));
    }
    expect(screen.getByRole('grid')).toHaveAttribute('aria-rowcount', '200');

    await user.click(screen.getByRole('button', { name: 'open card' }));
    expect(screen.getByTestId('card-stand-in')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'back' }));
    // Back at the top for a moment: the four pages are still there, nothing is asked again.
    expect(await screen.findByTestId('queue-row-SB-000001')).toBeInTheDocument();
    expect(screen.getByRole('grid')).toHaveAttribute('aria-rowcount', '200');
    scrollTo(140);
    expect(await screen.findByTestId('queue-row-SB-000160')).toBeInTheDocument();
    expect(screen.getByRole('grid')).toHaveAttribute('aria-rowcount', '200');
    expect(api.queuePage).toHaveBeenCalledTimes(4);
  });

  it('sends the filters in the query', async () => {
    const user = userEvent.setup();
    api.queuePage.mockResolvedValue({ rows: rows(1, 3), nextCursor: null });
    renderWith(<Harness />);
    await screen.findByTestId('queue-row-SB-000001');

    await user.selectOptions(screen.getByTestId('filter-status'), 'resolved');
    await waitFor(() => expect(lastQuery().statuses).toEqual(['resolved']));

    await user.selectOptions(screen.getByTestId('filter-assignee'), 'unassigned');
    await waitFor(() => expect(lastQuery()).toMatchObject({ unassigned: true, assigneeId: null }));

    await user.selectOptions(screen.getByTestId('filter-assignee'), 'me');
    await waitFor(() => expect(lastQuery()).toMatchObject({ unassigned: false, assigneeId: 42 }));

    await user.selectOptions(screen.getByTestId('filter-direction'), 'database');
    await waitFor(() => expect(lastQuery().direction).toBe('database'));

    await user.selectOptions(screen.getByTestId('filter-line'), 'l2');
    await waitFor(() => expect(lastQuery().line).toBe('l2'));

    await screen.findByRole('option', { name: 'NORD · Nordstal' });
    await user.selectOptions(screen.getByTestId('filter-client'), '3');
    await waitFor(() => expect(lastQuery().clientId).toBe(3));

    await user.selectOptions(screen.getByTestId('queue-sort'), 'priority');
    await waitFor(() => expect(lastQuery().sort).toBe('priority'));

    await user.selectOptions(screen.getByTestId('filter-status'), 'all');
    await waitFor(() => expect(lastQuery().statuses).toEqual([]));
    expect(lastQuery().cursor).toBeNull();
  });

  it('moves the highlight with the arrow keys and opens the card with Enter', async () => {
    const user = userEvent.setup();
    const page = [queueRow(1), queueRow(2, { subject: 'Second' }), queueRow(3)];
    api.queuePage.mockResolvedValue({ rows: page, nextCursor: null });
    const { nav } = renderWith(<Harness />);
    await screen.findByTestId('queue-row-SB-000001');
    expect(screen.getByTestId('queue-row-SB-000001')).toHaveAttribute('aria-selected', 'true');

    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowUp}');
    expect(screen.getByTestId('queue-row-SB-000002')).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByTestId('queue-row-SB-000001')).toHaveAttribute('aria-selected', 'false');

    await user.keyboard('{Enter}');
    expect(nav.go).toHaveBeenCalledWith({ kind: 'ticket', id: 2, head: page[1] });
  });

  it('opens a card when a row is clicked', async () => {
    const user = userEvent.setup();
    api.queuePage.mockResolvedValue({ rows: rows(1, 3), nextCursor: null });
    const { nav } = renderWith(<Harness />);
    await user.click(await screen.findByTestId('queue-row-SB-000003'));
    expect(nav.go).toHaveBeenCalledWith(expect.objectContaining({ kind: 'ticket', id: 3 }));
  });

  it('says what to do when the queue is empty', async () => {
    api.queuePage.mockResolvedValue({ rows: [], nextCursor: null });
    renderWith(<Harness />);
    const empty = await screen.findByTestId('queue-empty');
    expect(empty).toHaveTextContent('The queue is empty');
    expect(within(empty).getByRole('button', { name: /New ticket/ })).toBeInTheDocument();
  });

  it('offers the first client or the demo when there are no clients', async () => {
    api.queuePage.mockResolvedValue({ rows: [], nextCursor: null });
    renderWith(<Harness hasClients={false} />);
    await screen.findByTestId('queue-empty');
    expect(screen.getByTestId('first-client')).toBeInTheDocument();
    expect(screen.getByTestId('load-demo')).toBeInTheDocument();
  });

  it('offers to clear filters when they match nothing', async () => {
    const user = userEvent.setup();
    api.queuePage.mockResolvedValue({ rows: [], nextCursor: null });
    renderWith(<Harness />);
    await screen.findByTestId('queue-empty');
    await user.selectOptions(screen.getByTestId('filter-line'), 'l3');
    await waitFor(() => expect(screen.getByTestId('queue-empty')).toHaveTextContent('No tickets match these filters'));
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(lastQuery().line).toBeNull());
  });
});
