import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as backend from '../../lib/backend';
import { BackendError, type EditConflict } from '../../lib/backend';
import { renderWith } from '../../test/render';
import { card, ticket } from '../../test/fixtures';
import { TicketView } from './TicketView';

vi.mock('../../lib/backend', async (orig) => (await import('../../test/backendMock')).backendMock(orig));
const api = vi.mocked(backend);

const IVAN_AT = Date.UTC(2025, 0, 10, 12, 5);

function conflict(patch: Partial<EditConflict> = {}): EditConflict {
  return {
    ticketId: 7,
    number: 'SB-000007',
    seenVersion: 3,
    currentVersion: 4,
    assigneeName: 'Anna Petrova',
    changes: [{ id: 9, actorName: 'Ivan Sokolov', at: IVAN_AT, field: 'status', oldValue: 'in_progress', newValue: 'pending_vendor', version: 4 }],
    ...patch,
  };
}

describe('a change made on a stale card', () => {
  beforeEach(() => {
    api.listUsers.mockResolvedValue([
      { id: 1, name: 'Anna Petrova', role: 'engineer', duties: [] },
      { id: 2, name: 'Ivan Sokolov', role: 'engineer', duties: [] },
    ]);
  });

  it('shows who changed what and when, keeps the note typed, and applies it again on the reloaded card', async () => {
    const user = userEvent.setup();
    api.ticketCard.mockResolvedValue(card());
    api.changeStatus.mockRejectedValueOnce(
      new BackendError('edit_conflict', 'SB-000007 changed after you saw it', null, conflict()),
    );
    renderWith(<TicketView id={7} me={1} />);
    await user.click(await screen.findByTestId('status-to-resolved'));
    await user.type(screen.getByTestId('status-note'), 'Restarted the replication slot');
    await user.click(screen.getByTestId('status-confirm'));
    expect(api.changeStatus).toHaveBeenCalledWith({ ticketId: 7, to: 'resolved', note: 'Restarted the replication slot', version: 3 });

    const notice = await screen.findByTestId('edit-conflict');
    expect(notice).toHaveTextContent('SB-000007 was changed after you opened it.');
    expect(notice).toHaveTextContent('Nothing of yours was saved');
    const change = within(notice).getByTestId('conflict-change');
    expect(change).toHaveTextContent('Ivan Sokolov');
    expect(change).toHaveTextContent('changed status');
    expect(change).toHaveTextContent('In progress → Waiting for vendor');
    expect(change).toHaveTextContent(new Intl.DateTimeFormat('en', { dateStyle: 'short', timeStyle: 'short' }).format(new Date(IVAN_AT)));
    // The person's text is still there.
    expect(screen.getByTestId('status-note')).toHaveValue('Restarted the replication slot');
    expect(screen.queryByTestId('form-error')).not.toBeInTheDocument();

    // Reload (the card is now at version 4, waiting for the vendor) and apply again.
    api.ticketCard.mockResolvedValue(card({ status: 'pending_vendor', version: 4 }));
    api.changeStatus.mockResolvedValueOnce(ticket({ status: 'resolved', version: 5, nextStatuses: ['open', 'in_progress', 'closed'] }));
    await user.click(within(notice).getByTestId('conflict-reapply'));
    await waitFor(() =>
      expect(api.changeStatus).toHaveBeenLastCalledWith({ ticketId: 7, to: 'resolved', note: 'Restarted the replication slot', version: 4 }),
    );
    await waitFor(() => expect(screen.queryByTestId('edit-conflict')).not.toBeInTheDocument());
    expect(api.changeStatus).toHaveBeenCalledTimes(2);
  });

  it('just reloads when asked, without sending the change again', async () => {
    const user = userEvent.setup();
    api.ticketCard.mockResolvedValue(card());
    api.changeStatus.mockRejectedValueOnce(new BackendError('edit_conflict', 'stale', null, conflict()));
    renderWith(<TicketView id={7} me={1} />);
    await user.click(await screen.findByTestId('status-to-pending_customer'));
    const notice = await screen.findByTestId('edit-conflict');
    api.ticketCard.mockResolvedValue(card({ status: 'pending_vendor', version: 4 }));
    const reads = api.ticketCard.mock.calls.length;
    await user.click(within(notice).getByTestId('conflict-reload'));
    await waitFor(() => expect(screen.queryByTestId('edit-conflict')).not.toBeInTheDocument());
    expect(api.ticketCard.mock.calls.length).toBeGreaterThan(reads);
    expect(api.changeStatus).toHaveBeenCalledTimes(1);
    expect(await screen.findByTestId('card-status')).toHaveTextContent('Waiting for vendor');
  });

  it('names who took the ticket first and offers an explicit reassignment', async () => {
    const user = userEvent.setup();
    api.ticketCard.mockResolvedValue(card({ assigneeId: null, assigneeName: null }));
    api.takeTicket.mockRejectedValueOnce(
      new BackendError(
        'already_taken',
        'Ivan Sokolov took SB-000007 at 2025-01-10 12:05:00 UTC',
        null,
        conflict({
          assigneeName: 'Ivan Sokolov',
          changes: [{ id: 9, actorName: 'Ivan Sokolov', at: IVAN_AT, field: 'assignee', oldValue: null, newValue: 'Ivan Sokolov', version: 4 }],
        }),
      ),
    );
    renderWith(<TicketView id={7} me={1} />);
    await user.click(await screen.findByTestId('assign-self'));
    expect(api.takeTicket).toHaveBeenCalledWith(7, 3);
    const notice = await screen.findByTestId('edit-conflict');
    expect(notice).toHaveTextContent('Ivan Sokolov took this ticket first.');
    expect(within(notice).getByTestId('conflict-change')).toHaveTextContent('Ivan Sokolov');

    api.ticketCard.mockResolvedValue(card({ assigneeId: 2, assigneeName: 'Ivan Sokolov', version: 4 }));
    api.assignTicket.mockResolvedValue(ticket({ version: 5 }));
    const reassign = within(notice).getByTestId('conflict-reapply');
    expect(reassign).toHaveTextContent('Reload and give it to me anyway');
    await user.click(reassign);
    await waitFor(() => expect(api.assignTicket).toHaveBeenCalledWith({ ticketId: 7, assigneeId: 1, version: 4 }));
    expect(api.takeTicket).toHaveBeenCalledTimes(1);
  });
});
