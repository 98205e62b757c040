import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as backend from '../../lib/backend';
import { BackendError } from '../../lib/backend';
import { renderWith } from '../../test/render';
import { ticket } from '../../test/fixtures';
import { EditTicketDialog } from './EditTicketDialog';
import { AuditLine } from './AuditTrail';

vi.mock('../../lib/backend', async (orig) => (await import('../../test/backendMock')).backendMock(orig));
const api = vi.mocked(backend);

describe('correcting a ticket', () => {
  beforeEach(() => {
    api.listClients.mockResolvedValue({
      rows: [
        { id: 1, code: 'ACME', name: 'Acme Logistics', contactCount: 1, activeTickets: 2 },
        { id: 4, code: 'NORD', name: 'Nord Energy', contactCount: 0, activeTickets: 0 },
      ],
      nextCursor: null,
    });
  });

  it('sends only what differs, on the version shown, and closes', async () => {
    const user = userEvent.setup();
    const onClose = vi.fn();
    const shown = ticket({ direction: 'software', impact: 'medium', urgency: 'low', priority: 'p4', version: 5 });
    api.editTicket.mockResolvedValue({ ...shown, direction: 'database', clientId: 4, version: 6 });
    renderWith(<EditTicketDialog ticket={shown} onClose={onClose} />);
    await screen.findByRole('option', { name: 'NORD · Nord Energy' });
    expect(screen.getByTestId('edit-subject')).toHaveValue(shown.subject);
    await user.selectOptions(screen.getByTestId('edit-client'), '4');
    await user.selectOptions(screen.getByTestId('edit-direction'), 'database');
    await user.selectOptions(screen.getByTestId('edit-impact'), 'high');
    await user.selectOptions(screen.getByTestId('edit-urgency'), 'high');
    expect(screen.getByTestId('edit-priority-preview')).toHaveTextContent('P1');
    await user.click(screen.getByTestId('edit-reroute'));
    await user.click(screen.getByTestId('edit-save'));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(api.editTicket).toHaveBeenCalledWith({
      ticketId: shown.id,
      version: 5,
      clientId: 4,
      direction: 'database',
      impact: 'high',
      urgency: 'high',
      subject: null,
      description: null,
      reroute: true,
    });
  });

  it('keeps what was typed when a field is refused', async () => {
    const user = userEvent.setup();
    const onClose = vi.fn();
    api.editTicket.mockRejectedValueOnce(new BackendError('invalid_input', 'subject is required', 'subject'));
    renderWith(<EditTicketDialog ticket={ticket()} onClose={onClose} />);
    await user.clear(screen.getByTestId('edit-subject'));
    await user.click(screen.getByTestId('edit-save'));
    expect(await screen.findByText('subject is required')).toBeInTheDocument();
    expect(screen.getByTestId('edit-subject')).toHaveAttribute('aria-invalid', 'true');
    expect(onClose).not.toHaveBeenCalled();
  });

  it('shows a correction in the history in words', () => {
    renderWith(
      <ol>
        <AuditLine entry={{ id: 9, actorName: 'Anna', at: Date.UTC(2026, 11, 4), field: 'direction', oldValue: 'software', newValue: 'database', version: 4 }} />
        <AuditLine entry={{ id: 10, actorName: 'Anna', at: Date.UTC(2026, 11, 4), field: 'priority', oldValue: 'p3', newValue: 'p1', version: 4 }} />
      </ol>,
    );
    const lines = screen.getAllByTestId('audit-entry');
    expect(lines[0]).toHaveTextContent('changed the direction');
    expect(lines[0]).toHaveTextContent('Software → Database');
    expect(lines[1]).toHaveTextContent('P3 → P1');
  });
});
