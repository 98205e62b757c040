import { describe, expect, it, vi, beforeEach } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import * as backend from '../../lib/backend';
import { BackendError } from '../../lib/backend';
import { TicketView } from './TicketView';
import { renderWith } from '../../test/render';
import { card, ticket } from '../../test/fixtures';

vi.mock('../../lib/backend', async (orig) => (await import('../../test/backendMock')).backendMock(orig));
const api = vi.mocked(backend);

describe('card: related tickets and merging a duplicate', () => {
  beforeEach(() => vi.clearAllMocks());

  it('links a ticket by its number and lists it', async () => {
    const user = userEvent.setup();
    const linked = { ...card(), related: [{ id: 9, number: 'SB-000009', subject: 'Firewall firmware', status: 'open' as const }] };
    api.ticketCard.mockResolvedValueOnce(card()).mockResolvedValue(linked);
    api.linkTicket.mockResolvedValue(linked);
    renderWith(<TicketView id={7} me={1} />);
    await user.type(await screen.findByTestId('link-target'), 'SB-9');
    await user.click(screen.getByTestId('link-add'));
    expect(api.linkTicket).toHaveBeenCalledWith({ ticketId: 7, related: 'SB-9', version: 3 });
    expect(await screen.findByTestId('related-SB-000009')).toHaveTextContent('Firewall firmware');
  });

  it('shows a refused merge under the field and keeps what was typed', async () => {
    const user = userEvent.setup();
    api.ticketCard.mockResolvedValue(card());
    api.mergeTicket.mockRejectedValue(
      new BackendError('invalid_input', 'SB-000009 belongs to another client; only a duplicate from the same client can be merged', 'into'),
    );
    renderWith(<TicketView id={7} me={1} />);
    await user.click(await screen.findByText('Merge as a duplicate…'));
    await user.type(screen.getByTestId('merge-target'), 'SB-000009');
    await user.click(screen.getByTestId('merge-confirm'));
    expect(api.mergeTicket).toHaveBeenCalledWith({ ticketId: 7, into: 'SB-000009', note: null, version: 3 });
    await waitFor(() => expect(screen.getByTestId('field-error-into')).toHaveTextContent('another client'));
    expect(screen.getByTestId('merge-target')).toHaveValue('SB-000009');
  });

  it('a merged duplicate says where it went and offers no second merge', async () => {
    api.ticketCard.mockResolvedValue({
      ...card({ status: 'closed', mergedIntoId: 3, mergedInto: 'SB-000003', nextStatuses: ['open', 'in_progress'] }),
    });
    renderWith(<TicketView id={7} me={1} />);
    expect(await screen.findByTestId('merged-banner')).toHaveTextContent('SB-000003');
    expect(screen.queryByTestId('merge')).not.toBeInTheDocument();
    expect(ticket().mergedInto).toBeNull();
  });
});
