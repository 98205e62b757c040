import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import * as backend from '../../lib/backend';
import { renderWith } from '../../test/render';
import { card, ticket } from '../../test/fixtures';
import { resetVendorDb } from '../../test/backendMock';
import { CommentThread } from '../ticket/CommentThread';
import { TicketView } from '../ticket/TicketView';
import { AuditTrail } from '../ticket/AuditTrail';
import { bond, vendor } from './fixtures';
import { bondsRefetchInterval, VendorPanel, vendorChoices } from './VendorPanel';

vi.mock('../../lib/backend', async (orig) => (await import('../../test/backendMock')).backendMock(orig));
const api = vi.mocked(backend);

describe('the card: vendor cases', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    resetVendorDb();
  });

  it('shows a case with its link, states and SLA targets', async () => {
    resetVendorDb(
      [vendor()],
      [
        bond({
          pendingMessages: 1,
          deadMessages: 1,
          lastError: 'RT answered 403: no right to comment',
          resolve: { state: 'breached', dueAt: Date.UTC(2025, 0, 10, 18, 1), tookMinutes: null },
        }),
      ],
    );
    renderWith(<VendorPanel ticket={ticket()} />);
    const row = await screen.findByTestId('bond-11');
    const link = within(row).getByRole('link', { name: 'case 4521' });
    expect(link).toHaveAttribute('href', 'https://rt.acme.example/Ticket/Display.html?id=4521');
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveAttribute('rel', expect.stringContaining('noopener'));
    expect(within(row).getByTestId('bond-state-11')).toHaveTextContent('Open at vendor');
    expect(within(row).getByTestId('bond-vendor-status-11')).toHaveTextContent('vendor: “stalled”');
    expect(within(row).getByTestId('bond-ack-11')).toHaveTextContent('met in 39 min');
    const resolve = within(row).getByTestId('bond-resolve-11');
    expect(resolve).toHaveTextContent('breached');
    expect(resolve).toHaveClass('sla-breached');
    expect(within(row).getByTestId('bond-delivery-11')).toHaveTextContent('1 to deliver / 1 failed');
    expect(within(row).getByTestId('bond-delivery-11')).toHaveTextContent('no right to comment');
    expect(within(row).queryByRole('button', { name: 'Reopen at vendor' })).toBeNull();
    expect(within(row).queryByTestId('bond-resolved-hint-11')).toBeNull();
  });

  it('escalates to a vendor serving the direction, with a note', async () => {
    const user = userEvent.setup();
    resetVendorDb([
      vendor({ id: 2, name: 'NetCo', directions: ['network'], kindLabel: { id: 'vendor-kind-redmine', args: {} } }),
      vendor({ id: 1, name: 'Acme Storage', directions: ['database'] }),
      vendor({ id: 3, name: 'Old Corp', directions: [], enabled: false }),
    ]);
    renderWith(<VendorPanel ticket={ticket({ direction: 'database' })} />);
    expect(await screen.findByText('Not escalated to a vendor.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Escalate to vendor' }));
    const dialog = await screen.findByRole('dialog');
    const select = within(dialog).getByLabelText('Vendor');
    await waitFor(() => expect(select.querySelectorAll('option')).toHaveLength(2));
    // The vendor serving the ticket's direction comes first and is chosen; disabled ones are left out.
    expect([...select.querySelectorAll('option')].map((o) => o.textContent)).toEqual(['Acme Storage · Request Tracker 5', 'NetCo · Redmine']);
    expect(select).toHaveValue('1');
    await user.type(within(dialog).getByLabelText('Note to the vendor (optional)'), 'Replica on array B');
    await user.click(within(dialog).getByRole('button', { name: 'Escalate' }));
    expect(api.escalateTicket).toHaveBeenCalledWith({ ticketId: 7, vendorId: 1, note: 'Replica on array B' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const row = await screen.findByTestId('bond-101');
    expect(row).toHaveTextContent('Acme Storage');
    expect(row).toHaveTextContent('Opening the case');
    expect(row).toHaveTextContent('case not opened yet');
    expect(row).toHaveTextContent('1 to deliver / 0 failed');
  });

  it('polls every 5 s while a case is being opened or messages wait, 10 s while the vendor works, else with the card', () => {
    expect(bondsRefetchInterval([bond({ state: 'pending' })])).toBe(5000);
    expect(bondsRefetchInterval([bond(), bond({ id: 12, pendingMessages: 2 })])).toBe(5000);
    expect(bondsRefetchInterval([bond({ state: 'open', deadMessages: 1 })])).toBe(10_000);
    expect(bondsRefetchInterval([bond({ state: 'suspended' })])).toBe(10_000);
    expect(bondsRefetchInterval([bond({ state: 'resolved' })])).toBe(30_000);
    expect(bondsRefetchInterval([])).toBe(30_000);
  });

  it('orders vendor choices: serving the direction (or all) first, then the rest', () => {
    const all = [vendor({ id: 1, directions: ['network'] }), vendor({ id: 2, directions: [] }), vendor({ id: 3, directions: ['database'] }), vendor({ id: 4, enabled: false })];
    const { serving, others } = vendorChoices(all, 'database');
    expect(serving.map((v) => v.id)).toEqual([2, 3]);
    expect(others.map((v) => v.id)).toEqual([1]);
  });

  it('offers "Reopen at vendor" only for a resolved or closed case, and asks why', async () => {
    const user = userEvent.setup();
    resetVendorDb(
      [vendor()],
      [
        bond({ id: 11, state: 'open' }),
        bond({ id: 12, caseNumber: '4600', state: 'resolved', vendorStatusRaw: 'resolved', resolvedAt: Date.UTC(2025, 0, 11), resolve: { state: 'met', dueAt: null, tookMinutes: 125 } }),
      ],
    );
    renderWith(<VendorPanel ticket={ticket()} />);
    const open = await screen.findByTestId('bond-11');
    const resolved = screen.getByTestId('bond-12');
    expect(within(open).queryByRole('button', { name: 'Reopen at vendor' })).toBeNull();
    expect(within(resolved).getByTestId('bond-resolved-hint-12')).toHaveTextContent('The vendor resolved its case: confirm the fix with the client');
    expect(within(resolved).getByTestId('bond-resolve-12')).toHaveTextContent('met in 2 h 5 min');
    await user.click(within(resolved).getByRole('button', { name: 'Reopen at vendor' }));
    const confirm = within(resolved).getByRole('button', { name: 'Reopen' });
    expect(confirm).toBeDisabled();
    await user.type(within(resolved).getByLabelText('What is still wrong (sent to the vendor)'), 'Lag is back after the reboot');
    await user.click(confirm);
    expect(api.reopenBond).toHaveBeenCalledWith(12, 'Lag is back after the reboot');
    await waitFor(() => expect(screen.getByTestId('bond-state-12')).toHaveTextContent('Open at vendor'));
    expect(screen.queryByRole('button', { name: 'Reopen at vendor' })).toBeNull();
  });

  it('is on the card, and the card offers no escalation once the ticket is closed', async () => {
    resetVendorDb([vendor()], [bond()]);
    api.ticketCard.mockResolvedValue(card({ status: 'closed', nextStatuses: ['open', 'in_progress'] }));
    renderWith(<TicketView id={7} me={1} />);
    expect(await screen.findByTestId('bond-11')).toHaveTextContent('case 4521');
    expect(api.ticketBonds).toHaveBeenCalledWith(7);
    expect(screen.getByRole('button', { name: 'Escalate to vendor' })).toBeDisabled();
  });
});

describe('the conversation: comments by a vendor', () => {
  const vendorComment = {
    id: 9,
    authorId: 12,
    authorName: 'Vendor sync',
    body: 'Firmware 5.1 fixes it; please update.',
    visibility: 'public' as const,
    channel: 'vendor' as const,
    createdAt: Date.UTC(2025, 0, 11),
    movedFrom: null,
    sender: null,
    vendor: 'Dmitry Volkov (Acme Storage, case 4521)',
    audience: null,
      notice: null,
  };

  it('shows the vendor instead of the author, with a badge', () => {
    renderWith(<CommentThread ticketId={7} comments={[...card().comments, vendorComment]} />);
    const c = screen.getByTestId('comment-9');
    expect(within(c).getByTestId('comment-vendor-9')).toHaveTextContent('Dmitry Volkov (Acme Storage, case 4521)');
    expect(within(c).getByTestId('comment-vendor-badge-9')).toHaveTextContent('Vendor');
    expect(c).not.toHaveTextContent('Vendor sync');
    expect(within(screen.getByTestId('comment-1')).queryByTestId('comment-vendor-badge-1')).toBeNull();
  });

  it('calls it a vendor in Russian too', () => {
    renderWith(<CommentThread ticketId={7} comments={[vendorComment]} />, { language: 'ru' });
    expect(screen.getByTestId('comment-vendor-badge-9')).toHaveTextContent('Вендор');
  });
});

describe('the conversation: whom a comment is for', () => {
  beforeEach(() => {
    vi.clearAllMocks();
  });

  it('goes to the client alone once the vendor resolved its case, unless the engineer chooses', async () => {
    const user = userEvent.setup();
    resetVendorDb([vendor()], [bond({ state: 'resolved', takesComments: false })]);
    renderWith(<CommentThread ticketId={7} comments={card().comments} />);
    const audience = await screen.findByTestId('comment-audience');
    await waitFor(() => expect(audience).toHaveValue('client'));
    expect(screen.getByText("The client sees it; the vendor's case is left alone")).toBeInTheDocument();
    await user.type(screen.getByTestId('comment-body'), 'The vendor fixed it; please check');
    await user.click(screen.getByTestId('comment-submit'));
    expect(api.addComment).toHaveBeenLastCalledWith({ ticketId: 7, body: 'The vendor fixed it; please check', visibility: 'public' }, 'client');
    await user.selectOptions(screen.getByTestId('comment-audience'), 'vendor');
    await user.type(screen.getByTestId('comment-body'), 'Still slow here');
    await user.click(screen.getByTestId('comment-submit'));
    expect(api.addComment).toHaveBeenLastCalledWith({ ticketId: 7, body: 'Still slow here', visibility: 'public' }, 'vendor');
  });

  it('goes to both while the vendor works the case; no choice without a case or for an internal note', async () => {
    const user = userEvent.setup();
    resetVendorDb([vendor()], [bond({ state: 'open', takesComments: true })]);
    const { unmount } = renderWith(<CommentThread ticketId={7} comments={card().comments} />);
    await waitFor(() => expect(screen.getByTestId('comment-audience')).toHaveValue('both'));
    await user.selectOptions(screen.getByTestId('comment-visibility'), 'internal');
    expect(screen.queryByTestId('comment-audience')).toBeNull();
    unmount();
    resetVendorDb([vendor()], []);
    renderWith(<CommentThread ticketId={7} comments={card().comments} />);
    await waitFor(() => expect(api.ticketBonds).toHaveBeenCalled());
    expect(screen.queryByTestId('comment-audience')).toBeNull();
  });

  it('shows whom a comment went to', () => {
    resetVendorDb();
    const c = { ...card().comments[0], audience: 'client' as const, visibility: 'public' as const };
    renderWith(<CommentThread ticketId={7} comments={[c]} />);
    expect(screen.getByTestId(`comment-audience-${c.id}`)).toHaveTextContent('to the client');
  });

  it('says when a case is gone at the vendor, and offers no reopen', async () => {
    resetVendorDb([vendor({ goneCases: 1 })], [bond({ state: 'closed', goneAt: Date.UTC(2025, 0, 12), takesComments: false })]);
    renderWith(<VendorPanel ticket={ticket()} />);
    const gone = await screen.findByTestId('bond-gone-11');
    expect(gone).toHaveTextContent('The vendor no longer has this case (deleted there)');
    expect(screen.getByTestId('bond-state-11')).toHaveTextContent('Gone at vendor');
    expect(screen.queryByRole('button', { name: 'Reopen at vendor' })).toBeNull();
  });
});

describe('the audit trail: the vendor case', () => {
  it('names the vendor case and its states, gone included', () => {
    renderWith(
      <AuditTrail
        audit={[{ id: 1, actorName: 'Vendor', at: Date.UTC(2025, 0, 12), field: 'vendor_case', oldValue: 'open', newValue: 'gone', version: 7 }]}
      />,
    );
    const entry = screen.getByTestId('audit-entry');
    expect(entry).toHaveTextContent('changed the vendor case');
    expect(entry).toHaveTextContent('Open at vendor');
    expect(entry).toHaveTextContent('Gone at vendor');
  });
});
