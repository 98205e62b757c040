import { describe, expect, it, vi, beforeEach } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EmailView } from './EmailView';
import * as backend from '../../lib/backend';
import type { MailMessageDto, TicketDto } from '../../lib/backend';
import { renderWith } from '../../test/render';

vi.mock('../../lib/backend', async (orig) => (await import('../../test/backendMock')).backendMock(orig));
const api = vi.mocked(backend);

const stranger: MailMessageDto = {
  id: 11,
  mailboxName: 'Support',
  messageId: 'x1@nowhere.example',
  fromEmail: 'eve@nowhere.example',
  fromName: 'Eve Park',
  subject: 'Scanner is offline',
  reason: null,
  problem: null,
  size: 900,
  receivedAt: 1_700_000_000_000,
};

describe('email: unknown senders, quarantine, dead letters', () => {
  beforeEach(() => vi.clearAllMocks());

  it('makes a ticket of an unknown sender once the client is picked', async () => {
    api.listTriage.mockResolvedValue([stranger]);
    api.listClients.mockResolvedValue({
      rows: [{ id: 3, code: 'ACME', name: 'Acme Ltd', contactCount: 1, activeTickets: 0 }],
      nextCursor: null,
    });
    api.acceptTriage.mockResolvedValue({ id: 42 } as TicketDto);
    renderWith(<EmailView />);
    const accept = await screen.findByTestId('triage-accept-11');
    expect(screen.getByTestId('triage-11').textContent).toContain('Scanner is offline');
    expect((accept as HTMLButtonElement).disabled).toBe(true);
    await waitFor(() => expect(screen.getByTestId('triage-client-11').querySelectorAll('option').length).toBe(2));
    await userEvent.selectOptions(screen.getByTestId('triage-client-11'), '3');
    await userEvent.selectOptions(screen.getByTestId('triage-direction-11'), 'network');
    await userEvent.click(accept);
    expect(api.acceptTriage).toHaveBeenCalledWith({ messageId: 11, clientId: 3, direction: 'network', addContact: true });
  });

  it('shows why a message is in quarantine, and retries a dead letter', async () => {
    api.listQuarantine.mockResolvedValue([{ ...stranger, id: 12, fromEmail: null, fromName: null, reason: 'it has no From header' }]);
    api.listOutbox.mockResolvedValue([
      {
        id: 5,
        kind: 'email',
        ticketId: 9,
        ticketNumber: 'SB-000009',
        commentId: 1,
        to: 'ann@acme.example',
        subject: 'Re: [SB-000009] Printer',
        state: 'dead',
        attempts: 6,
        nextAttemptAt: 0,
        lastError: 'cannot reach the mail server',
        createdAt: 0,
        sentAt: null,
      },
    ]);
    api.retryOutbox.mockResolvedValue({} as never);
    renderWith(<EmailView />);
    expect((await screen.findByTestId('quarantine-reason-12')).textContent).toBe('it has no From header');
    expect(api.listOutbox).toHaveBeenCalledWith('dead');
    expect((await screen.findByTestId('dead-letter-5')).textContent).toContain('cannot reach the mail server');
    await userEvent.click(screen.getByTestId('dead-letter-retry-5'));
    expect(api.retryOutbox).toHaveBeenCalledWith(5);
  });

  it('lists sent replies under their own tab', async () => {
    api.listOutbox.mockImplementation(async (state) =>
      state === 'sent'
        ? [
            {
              id: 6,
              kind: 'email',
              ticketId: 9,
              ticketNumber: 'SB-000009',
              commentId: 2,
              to: 'ann@acme.example',
              subject: 'Re: [SB-000009] Printer',
              state: 'sent',
              attempts: 1,
              nextAttemptAt: 0,
              lastError: null,
              createdAt: 0,
              sentAt: Date.UTC(2026, 10, 23, 9),
            },
          ]
        : [],
    );
    renderWith(<EmailView />);
    await userEvent.click(await screen.findByTestId('outbox-tab-sent'));
    expect(api.listOutbox).toHaveBeenCalledWith('sent');
    const row = await screen.findByTestId('outbox-6');
    expect(row.textContent).toContain('ann@acme.example');
    expect(row.textContent).toContain('Sent');
    expect(screen.getByTestId('outbox-tab-sent')).toHaveAttribute('aria-selected', 'true');
  });
});
