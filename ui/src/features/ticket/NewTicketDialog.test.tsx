import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as backend from '../../lib/backend';
import { BackendError, type Level, type Priority } from '../../lib/backend';
import { priorityFrom } from '../../lib/format';
import { renderWith } from '../../test/render';
import { ticket } from '../../test/fixtures';
import { NewTicketDialog } from './NewTicketDialog';

vi.mock('../../lib/backend', async (orig) => (await import('../../test/backendMock')).backendMock(orig));
const api = vi.mocked(backend);

// Rows: impact; columns: urgency high, medium, low.
const MATRIX: [Level, Priority[]][] = [
  ['high', ['p1', 'p2', 'p3']],
  ['medium', ['p2', 'p3', 'p4']],
  ['low', ['p3', 'p4', 'p4']],
];
const URGENCY: Level[] = ['high', 'medium', 'low'];

describe('new ticket', () => {
  beforeEach(() => {
    api.listClients.mockResolvedValue({
      rows: [{ id: 3, code: 'ACME', name: 'Acme Logistics', contactCount: 1, activeTickets: 0 }],
      nextCursor: null,
    });
  });

  it('computes priority from impact and urgency', () => {
    for (const [impact, row] of MATRIX) {
      URGENCY.forEach((urgency, i) => expect(priorityFrom(impact, urgency), `${impact}/${urgency}`).toBe(row[i]));
    }
  });

  it('previews the priority as impact and urgency change', async () => {
    const user = userEvent.setup();
    renderWith(<NewTicketDialog onClose={vi.fn()} onCreated={vi.fn()} />);
    const preview = screen.getByTestId('ticket-priority-preview');
    expect(preview).toHaveTextContent('P3');
    for (const [impact, row] of MATRIX) {
      for (const [i, urgency] of URGENCY.entries()) {
        await user.selectOptions(screen.getByTestId('ticket-impact'), impact);
        await user.selectOptions(screen.getByTestId('ticket-urgency'), urgency);
        expect(preview).toHaveTextContent(row[i].toUpperCase());
      }
    }
  });

  it('creates the ticket, and keeps what was typed when a field is refused', async () => {
    const user = userEvent.setup();
    const onCreated = vi.fn();
    api.createTicket.mockRejectedValueOnce(new BackendError('invalid_input', 'subject is required', 'subject'));
    renderWith(<NewTicketDialog onClose={vi.fn()} onCreated={onCreated} />);
    await screen.findByRole('option', { name: 'ACME · Acme Logistics' });
    await user.selectOptions(screen.getByTestId('ticket-client'), '3');
    await user.selectOptions(screen.getByTestId('ticket-direction'), 'network');
    await user.type(screen.getByTestId('ticket-description'), 'Switch reboots at night');
    await user.selectOptions(screen.getByTestId('ticket-impact'), 'high');
    await user.selectOptions(screen.getByTestId('ticket-urgency'), 'high');
    await user.selectOptions(screen.getByTestId('ticket-channel'), 'phone');
    await user.click(screen.getByTestId('ticket-save'));

    expect(await screen.findByTestId('field-error-subject')).toHaveTextContent('subject is required');
    expect(screen.getByTestId('ticket-description')).toHaveValue('Switch reboots at night');
    expect(screen.getByTestId('ticket-priority-preview')).toHaveTextContent('P1');

    const created = ticket({ id: 12, number: 'SB-000012' });
    api.createTicket.mockResolvedValueOnce(created);
    await user.type(screen.getByTestId('ticket-subject'), 'Core switch reboots');
    await user.click(screen.getByTestId('ticket-save'));
    expect(api.createTicket).toHaveBeenLastCalledWith({
      clientId: 3,
      direction: 'network',
      subject: 'Core switch reboots',
      description: 'Switch reboots at night',
      impact: 'high',
      urgency: 'high',
      channel: 'phone',
      contactId: null,
    });
    await waitFor(() => expect(onCreated).toHaveBeenCalledWith(created));
  });

  it('logs the ticket for the contact who asked, picked from the chosen client', async () => {
    const user = userEvent.setup();
    api.getClient.mockResolvedValue({
      id: 3,
      code: 'ACME',
      name: 'Acme Logistics',
      notes: null,
      contacts: [
        { id: 41, name: 'Anna Lee', email: 'anna@acme.example', phone: null },
        { id: 42, name: 'Boris Kim', email: null, phone: '+7 900 000 00 00' },
      ],
      language: null,
      createdAt: 0,
      updatedAt: 0,
    });
    api.createTicket.mockResolvedValueOnce(ticket({ id: 13, number: 'SB-000013' }));
    renderWith(<NewTicketDialog onClose={vi.fn()} onCreated={vi.fn()} />);
    await screen.findByRole('option', { name: 'ACME · Acme Logistics' });
    await user.selectOptions(screen.getByTestId('ticket-client'), '3');
    await screen.findByRole('option', { name: 'Anna Lee <anna@acme.example>' });
    expect(screen.getByRole('option', { name: 'Boris Kim (no email)' })).toBeInTheDocument();
    await user.selectOptions(screen.getByTestId('ticket-contact'), '41');
    await user.type(screen.getByTestId('ticket-subject'), 'Label printer offline');
    await user.click(screen.getByTestId('ticket-save'));
    expect(api.getClient).toHaveBeenCalledWith(3);
    await waitFor(() => expect(api.createTicket).toHaveBeenLastCalledWith(expect.objectContaining({ clientId: 3, contactId: 41 })));
  });

  it('asks for a client before sending', async () => {
    const user = userEvent.setup();
    renderWith(<NewTicketDialog onClose={vi.fn()} onCreated={vi.fn()} />);
    await user.click(screen.getByTestId('ticket-save'));
    expect(await screen.findByTestId('field-error-client')).toBeInTheDocument();
    expect(api.createTicket).not.toHaveBeenCalled();
  });
});
