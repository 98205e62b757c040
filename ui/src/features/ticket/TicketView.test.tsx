import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as backend from '../../lib/backend';
import { BackendError } from '../../lib/backend';
import { renderWith } from '../../test/render';
import { card, queueRow, ticket } from '../../test/fixtures';
import { TicketView } from './TicketView';

vi.mock('../../lib/backend', async (orig) => (await import('../../test/backendMock')).backendMock(orig));
const api = vi.mocked(backend);

describe('ticket card', () => {
  beforeEach(() => {
    api.listUsers.mockResolvedValue([
      { id: 1, name: 'Anna Petrova', role: 'engineer', duties: [] },
      { id: 2, name: 'Ivan Sokolov', role: 'engineer', duties: [] },
    ]);
  });

  it('shows the header and the fields', async () => {
    api.ticketCard.mockResolvedValue(card());
    renderWith(<TicketView id={7} me={1} />);
    expect(await screen.findByTestId('card-number')).toHaveTextContent('SB-000007');
    expect(screen.getByTestId('card-subject')).toHaveTextContent('Replica lags behind');
    expect(screen.getByTestId('card-status')).toHaveTextContent('In progress');
    expect(screen.getByTestId('card-priority')).toHaveTextContent('P2');
    await screen.findByText('The reporting replica is two hours behind.');
    const fields = screen.getByText('Direction').closest('dl')!;
    expect(within(fields).getByText('Database')).toBeInTheDocument();
    expect(within(fields).getByText('Logged call')).toBeInTheDocument();
    expect(within(fields).getByText('High')).toBeInTheDocument();
    expect(within(fields).getByText('Medium')).toBeInTheDocument();
    expect(within(fields).getByText('Anna Petrova')).toBeInTheDocument();
    expect(api.ticketCard).toHaveBeenCalledWith(7);

    const trail = screen.getByTestId('audit-trail');
    const entries = within(trail).getAllByTestId('audit-entry');
    expect(entries).toHaveLength(3);
    expect(entries[1]).toHaveTextContent('changed status');
    expect(entries[1]).toHaveTextContent('New → In progress');
    expect(entries[2]).toHaveTextContent('L1 → L2');
  });

  it('paints the card first: its side panels ask for their data after its first frame', async () => {
    api.ticketCard.mockResolvedValue(card());
    const frames: FrameRequestCallback[] = [];
    const raf = vi.spyOn(window, 'requestAnimationFrame').mockImplementation((cb) => frames.push(cb));
    try {
      renderWith(<TicketView id={7} me={1} />);
      await screen.findByText('The reporting replica is two hours behind.');
      // The card's body is in the DOM; its frame has not come yet: no panel has asked.
      for (const call of [api.ticketTime, api.ticketRouting, api.ticketClocks, api.ticketBonds, api.ticketEmail]) {
        expect(call).not.toHaveBeenCalled();
      }
      act(() => frames.splice(0).forEach((f) => f(performance.now())));
      await waitFor(() => expect(api.ticketTime).toHaveBeenCalledWith(7));
      expect(api.ticketRouting).toHaveBeenCalledWith(7);
      expect(api.ticketClocks).toHaveBeenCalledWith(7);
      expect(api.ticketBonds).toHaveBeenCalledWith(7);
      expect(api.ticketEmail).toHaveBeenCalledWith(7);
    } finally {
      raf.mockRestore();
    }
  });

  it('shows the queue row at once while the card loads', async () => {
    api.ticketCard.mockReturnValue(new Promise(() => undefined));
    const head = queueRow(9, { subject: 'Printer is jammed', status: 'new', priority: 'p1' });
    renderWith(<TicketView id={9} head={head} me={1} />);
    expect(screen.getByTestId('card-number')).toHaveTextContent('SB-000009');
    expect(screen.getByTestId('card-subject')).toHaveTextContent('Printer is jammed');
    expect(screen.getByTestId('card-status')).toHaveTextContent('New');
    expect(screen.getByTestId('card-priority')).toHaveTextContent('P1');
  });

  it('names the sender of an emailed comment, not the channel user', async () => {
    const c = card();
    c.comments.push({
      id: 5,
      authorId: 9,
      authorName: 'Email',
      body: 'It prints now.',
      visibility: 'public',
      channel: 'email',
      createdAt: Date.UTC(2025, 0, 11),
      movedFrom: null,
      sender: 'Ann Lee <ann.lee@example.com>',
      vendor: null,
      audience: null,
      notice: null,
    });
    api.ticketCard.mockResolvedValue(c);
    renderWith(<TicketView id={7} me={1} />);
    const comment = await screen.findByTestId('comment-5');
    expect(within(comment).getByTestId('comment-sender-5')).toHaveTextContent('Ann Lee <ann.lee@example.com>');
    expect(comment).toHaveTextContent('via Email');
  });

  it('words a note the system left in the desk language; an older one shows its text', async () => {
    const c = card();
    const note = (id: number, body: string, bodyMsg: backend.Msg | null) => ({
      id,
      authorId: 1,
      authorName: 'Anna Petrova',
      body,
      bodyMsg,
      visibility: 'internal' as const,
      channel: 'desktop' as const,
      createdAt: Date.UTC(2025, 0, 11),
      movedFrom: null,
      sender: null,
      vendor: null,
      audience: null,
      notice: null,
    });
    const problem = { id: 'vendor-escalation-vendor-disabled', args: { ticket: 'SB-000007', vendor: 'NetCo' } };
    c.comments.push(
      note(5, 'Routing could not escalate this ticket to a vendor: ...', { id: 'routing-escalation-failed-note', args: { problem } }),
      note(6, 'Routing could not escalate this ticket to a vendor: as written before', null),
    );
    api.ticketCard.mockResolvedValue(c);
    renderWith(<TicketView id={7} me={1} />, { language: 'ru' });
    expect(await screen.findByTestId('comment-5')).toHaveTextContent(
      'Маршрутизации не удалось передать заявку вендору: SB-000007: вендор NetCo отключён',
    );
    expect(screen.getByTestId('comment-6')).toHaveTextContent('as written before');
  });

  it('words a merged duplicate’s resolution note in the desk language; a person’s note shows as written', async () => {
    api.ticketCard.mockResolvedValueOnce(
      card({
        status: 'closed',
        resolutionNote: 'Duplicate of SB-000001: same outage',
        resolutionNoteMsg: { id: 'merge-note', args: { ticket: 'SB-000001', note: 'same outage' } },
      }),
    );
    const first = renderWith(<TicketView id={7} me={1} />, { language: 'ru' });
    expect(await screen.findByTestId('resolution-note')).toHaveTextContent('Дубликат заявки SB-000001: same outage');
    first.unmount();
    api.ticketCard.mockResolvedValueOnce(card({ status: 'closed', resolutionNote: 'Заменили блок питания', resolutionNoteMsg: null }));
    renderWith(<TicketView id={8} me={1} />, { language: 'ru' });
    expect(await screen.findByTestId('resolution-note')).toHaveTextContent('Заменили блок питания');
  });

  it('marks what the client was told automatically, and shows the client’s rating', async () => {
    const c = card({ status: 'closed' });
    c.comments.push({
      id: 6,
      authorId: 12,
      authorName: 'Switchboard',
      body: 'Please rate how we handled SB-000007.',
      visibility: 'public',
      channel: 'email',
      createdAt: Date.UTC(2025, 0, 12),
      movedFrom: null,
      sender: null,
      vendor: null,
      audience: 'client',
      notice: 'satisfaction_request',
    });
    c.satisfaction = { requestedAt: Date.UTC(2025, 0, 12), rating: 4, comment: 'Quick, but call first.', ratedAt: Date.UTC(2025, 0, 13) };
    api.ticketCard.mockResolvedValue(c);
    renderWith(<TicketView id={7} me={1} />);
    expect(await screen.findByTestId('comment-notice-6')).toHaveTextContent('Automatic mail: Satisfaction request');
    expect(screen.queryByTestId('comment-notice-1')).toBeNull();
    expect(screen.getByTestId('satisfaction-rating')).toHaveTextContent('4/5');
    expect(screen.getByTestId('satisfaction-comment')).toHaveTextContent('Quick, but call first.');
  });

  it('shows internal comments apart from public ones', async () => {
    api.ticketCard.mockResolvedValue(card());
    renderWith(<TicketView id={7} me={1} />);
    const pub = await screen.findByTestId('comment-1');
    const internal = screen.getByTestId('comment-2');
    expect(pub).toHaveAttribute('data-visibility', 'public');
    expect(internal).toHaveAttribute('data-visibility', 'internal');
    expect(internal).toHaveClass('comment-internal');
    expect(within(internal).getByText('Internal')).toBeInTheDocument();
    expect(within(pub).queryByText('Internal')).not.toBeInTheDocument();
  });

  it('asks for a note to resolve and shows the refusal under the note', async () => {
    const user = userEvent.setup();
    api.ticketCard.mockResolvedValue(card());
    api.changeStatus.mockRejectedValue(
      new BackendError('transition_refused', 'to mark a ticket resolved, write a resolution note', 'note'),
    );
    renderWith(<TicketView id={7} me={1} />);
    expect(screen.queryByTestId('status-note')).not.toBeInTheDocument();
    await user.click(await screen.findByTestId('status-to-resolved'));
    expect(api.changeStatus).not.toHaveBeenCalled();
    expect(screen.getByTestId('status-note')).toBeInTheDocument();

    await user.click(screen.getByTestId('status-confirm'));
    expect(api.changeStatus).toHaveBeenCalledWith({ ticketId: 7, to: 'resolved', note: null, version: 3 });
    expect(await screen.findByTestId('field-error-note')).toHaveTextContent('write a resolution note');

    api.changeStatus.mockResolvedValue(ticket({ status: 'resolved', nextStatuses: ['open', 'in_progress', 'closed'] }));
    await user.type(screen.getByTestId('status-note'), 'Restarted the replication slot');
    await user.click(screen.getByTestId('status-confirm'));
    expect(api.changeStatus).toHaveBeenLastCalledWith({ ticketId: 7, to: 'resolved', note: 'Restarted the replication slot', version: 3 });
    await waitFor(() => expect(screen.queryByTestId('status-note')).not.toBeInTheDocument());
  });

  it('moves without a note where none is needed', async () => {
    const user = userEvent.setup();
    api.ticketCard.mockResolvedValue(card());
    api.changeStatus.mockResolvedValue(ticket({ status: 'pending_customer' }));
    renderWith(<TicketView id={7} me={1} />);
    await user.click(await screen.findByTestId('status-to-pending_customer'));
    expect(api.changeStatus).toHaveBeenCalledWith({ ticketId: 7, to: 'pending_customer', note: null, version: 3 });
  });

  it('offers Reopen for a resolved ticket', async () => {
    api.ticketCard.mockResolvedValue(
      card({ status: 'resolved', nextStatuses: ['open', 'in_progress', 'closed'], resolvedAt: Date.UTC(2025, 0, 11), resolutionNote: 'Fixed' }),
    );
    renderWith(<TicketView id={7} me={1} />);
    expect(await screen.findByTestId('status-to-open')).toHaveTextContent('Reopen');
    expect(screen.getByTestId('status-to-in_progress')).toHaveTextContent('Reopen');
    expect(screen.getByTestId('status-to-closed')).toHaveTextContent('Close');
    expect(screen.queryByTestId('status-to-resolved')).not.toBeInTheDocument();
  });

  it('sends a comment with the chosen visibility', async () => {
    const user = userEvent.setup();
    api.ticketCard.mockResolvedValue(card());
    api.addComment.mockResolvedValue({ id: 3, authorId: 1, authorName: 'Anna Petrova', body: 'x', visibility: 'internal', channel: 'desktop', createdAt: 0, movedFrom: null, sender: null, vendor: null, audience: null, notice: null });
    renderWith(<TicketView id={7} me={1} />);
    await user.type(await screen.findByTestId('comment-body'), 'Checked the logs');
    await user.selectOptions(screen.getByTestId('comment-visibility'), 'internal');
    await user.click(screen.getByTestId('comment-submit'));
    expect(api.addComment).toHaveBeenCalledWith({ ticketId: 7, body: 'Checked the logs', visibility: 'internal' }, null);
    await waitFor(() => expect(screen.getByTestId('comment-body')).toHaveValue(''));
  });

  it('sends a public comment with Ctrl+Enter', async () => {
    const user = userEvent.setup();
    api.ticketCard.mockResolvedValue(card());
    api.addComment.mockResolvedValue({ id: 3, authorId: 1, authorName: 'Anna Petrova', body: 'x', visibility: 'public', channel: 'desktop', createdAt: 0, movedFrom: null, sender: null, vendor: null, audience: null, notice: null });
    renderWith(<TicketView id={7} me={1} />);
    await user.type(await screen.findByTestId('comment-body'), 'On my way{Control>}{Enter}{/Control}');
    expect(api.addComment).toHaveBeenCalledWith({ ticketId: 7, body: 'On my way', visibility: 'public' }, null);
  });

  it('takes the ticket, assigns it and hands it to another line', async () => {
    const user = userEvent.setup();
    api.ticketCard.mockResolvedValue(card({ assigneeId: null, assigneeName: null }));
    api.takeTicket.mockResolvedValue(ticket());
    api.assignTicket.mockResolvedValue(ticket({ assigneeId: 2, assigneeName: 'Ivan Sokolov' }));
    api.setLine.mockResolvedValue(ticket({ line: 'l3' }));
    renderWith(<TicketView id={7} me={1} />);
    await user.click(await screen.findByTestId('assign-self'));
    expect(api.takeTicket).toHaveBeenCalledWith(7, 3);

    await screen.findByRole('option', { name: 'Ivan Sokolov' });
    await user.selectOptions(screen.getByTestId('assignee-select'), '2');
    expect(api.assignTicket).toHaveBeenCalledWith({ ticketId: 7, assigneeId: 2, version: 3 });

    await user.selectOptions(screen.getByTestId('line-select'), 'l3');
    await user.type(screen.getByTestId('line-note'), 'Needs the DBA');
    await user.click(screen.getByTestId('line-apply'));
    expect(api.setLine).toHaveBeenCalledWith({ ticketId: 7, line: 'l3', note: 'Needs the DBA', version: 3 });
  });
});
