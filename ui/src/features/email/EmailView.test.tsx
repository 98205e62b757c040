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

  it('words why a reply was not delivered in the desk language', async () => {
    api.listQuarantine.mockResolvedValue([]);
    api.listOutbox.mockResolvedValue([
      {
        id: 6,
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
        lastErrorMsg: { id: 'mail-unreachable', args: { server: 'smtp.provider.example:465', detail: 'connection refused' } },
        createdAt: 0,
        sentAt: null,
      },
    ]);
    renderWith(<EmailView />, { language: 'ru' });
    expect((await screen.findByTestId('dead-letter-6')).textContent).toContain('не удаётся связаться с почтовым сервером smtp.provider.example:465');
  });

  it('re-reads a quarantined message in a picked charset, accepts it, or dismisses another', async () => {
    api.listQuarantine.mockResolvedValue([
      { ...stranger, id: 21, problem: { code: 'charset_unsure', guess: 'windows-1252' }, reason: 'unsure' },
      { ...stranger, id: 22, problem: { code: 'no_headers' }, reason: 'no headers' },
    ]);
    api.listClients.mockResolvedValue({
      rows: [{ id: 3, code: 'ACME', name: 'Acme Ltd', contactCount: 1, activeTickets: 0 }],
      nextCursor: null,
    });
    const charsets = ['utf-8', 'windows-1251', 'koi8-r'];
    api.readMail.mockImplementation(async (id, charset) => ({
      messageId: id,
      from: 'Eve Park <eve@nowhere.example>',
      subject: 'Printer',
      text: charset === 'windows-1251' ? 'Не печатает.' : 'Íå ïå÷àòàåò.',
      problem: charset ? null : { code: 'charset_unsure', guess: 'windows-1252' },
      notes: charset ? [{ code: 'charset_chosen', charset }] : [],
      charsets,
    }));
    api.acceptQuarantine.mockResolvedValue({ id: 43 } as TicketDto);
    api.dismissQuarantine.mockResolvedValue(undefined);
    renderWith(<EmailView />);
    // The reason in words from its code, not the English text.
    expect((await screen.findByTestId('quarantine-reason-21')).textContent).toContain('windows-1252');
    await waitFor(() => expect(screen.getByTestId('quarantine-text-21').textContent).toContain('Íå ïå÷àòàåò.'));
    await waitFor(() => expect(screen.getByTestId('quarantine-charset-21').querySelectorAll('option').length).toBe(4));
    await userEvent.selectOptions(screen.getByTestId('quarantine-charset-21'), 'windows-1251');
    await waitFor(() => expect(screen.getByTestId('quarantine-text-21').textContent).toContain('Не печатает.'));
    expect(screen.getByTestId('quarantine-reading-21').textContent).toContain('windows-1251, as a person chose');
    expect((screen.getByTestId('quarantine-accept-21') as HTMLButtonElement).disabled).toBe(true);
    await waitFor(() => expect(screen.getByTestId('quarantine-client-21').querySelectorAll('option').length).toBe(2));
    await userEvent.selectOptions(screen.getByTestId('quarantine-client-21'), '3');
    await userEvent.selectOptions(screen.getByTestId('quarantine-direction-21'), 'hardware');
    await userEvent.click(screen.getByTestId('quarantine-accept-21'));
    expect(api.acceptQuarantine).toHaveBeenCalledWith({ messageId: 21, clientId: 3, direction: 'hardware', charset: 'windows-1251' });
    await userEvent.click(screen.getByTestId('quarantine-dismiss-22'));
    expect(api.dismissQuarantine).toHaveBeenCalledWith(22);
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

  it('marks a possible spoof with the reason and puts it onto the ticket it names', async () => {
    api.listTriage.mockResolvedValue([
      {
        ...stranger,
        subject: 'Re: [SB-000042] VPN drops',
        reason: 'it names ticket SB-000042, but eve@nowhere.example is neither ...',
        problem: { code: 'possible_spoof', ticket: 'SB-000042', sender: 'eve@nowhere.example' },
      },
    ]);
    api.acceptOntoTicket.mockResolvedValue({ id: 42 } as TicketDto);
    renderWith(<EmailView />);
    const reason = await screen.findByTestId('triage-reason-11');
    expect(reason.textContent).toContain('eve@nowhere.example is neither its requester nor a contact of its client');
    // Not made a contact unless a person ticks it.
    expect(screen.getByTestId('triage-add-contact-11')).not.toBeChecked();
    await userEvent.click(screen.getByTestId('triage-onto-ticket-11'));
    expect(api.acceptOntoTicket).toHaveBeenCalledWith(11);
  });
});

