import { describe, expect, it, vi, beforeEach } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MailboxesPanel } from './MailboxesPanel';
import * as backend from '../../lib/backend';
import { BackendError, type MailboxDto } from '../../lib/backend';
import { renderWith } from '../../test/render';

vi.mock('../../lib/backend', async (orig) => (await import('../../test/backendMock')).backendMock(orig));
const api = vi.mocked(backend);

const support: MailboxDto = {
  id: 7,
  name: 'Support',
  imapHost: 'imap.provider.example',
  imapPort: 993,
  imapSecurity: 'tls',
  imapUser: 'desk',
  imapFolder: 'INBOX',
  smtpHost: 'smtp.provider.example',
  smtpPort: 465,
  smtpSecurity: 'tls',
  smtpUser: null,
  fromAddress: 'desk@provider.example',
  direction: 'software',
  pollSeconds: 60,
  enabled: true,
  hasImapPassword: true,
  hasSmtpPassword: false,
  lastPolledAt: null,
  lastError: null,
};

describe('settings: mailboxes', () => {
  beforeEach(() => vi.clearAllMocks());

  it('adds a mailbox with its password and shows it without the password', async () => {
    api.listMailboxes.mockResolvedValueOnce([]).mockResolvedValue([support]);
    api.createMailbox.mockResolvedValue(support);
    renderWith(<MailboxesPanel />);
    await userEvent.click(await screen.findByTestId('mailbox-add'));
    await userEvent.type(screen.getByTestId('mailbox-name'), 'Support');
    await userEvent.type(screen.getByTestId('mailbox-fromAddress'), 'desk@provider.example');
    await userEvent.type(screen.getByTestId('mailbox-imapHost'), 'imap.provider.example');
    await userEvent.type(screen.getByTestId('mailbox-imapUser'), 'desk');
    await userEvent.type(screen.getByTestId('mailbox-imapPassword'), 'hunter2');
    await userEvent.type(screen.getByTestId('mailbox-smtpHost'), 'smtp.provider.example');
    expect((screen.getByTestId('mailbox-imapPassword') as HTMLInputElement).type).toBe('password');
    await userEvent.click(screen.getByTestId('mailbox-save'));
    expect(api.createMailbox).toHaveBeenCalledWith(
      expect.objectContaining({ name: 'Support', imapHost: 'imap.provider.example', imapPassword: 'hunter2', smtpUser: null, direction: 'software' }),
    );
    await waitFor(() => expect(screen.getByTestId('mailbox-7').textContent).toContain('Support'));
    expect(screen.getByTestId('mailboxes').textContent).not.toContain('hunter2');
  });

  it('shows a refusal under its field', async () => {
    api.createMailbox.mockRejectedValue(new BackendError('invalid_input', "'desk' is not an email address", 'fromAddress'));
    renderWith(<MailboxesPanel />);
    await userEvent.click(await screen.findByTestId('mailbox-add'));
    await userEvent.type(screen.getByTestId('mailbox-fromAddress'), 'desk');
    await userEvent.click(screen.getByTestId('mailbox-save'));
    await waitFor(() => expect(screen.getByTestId('field-error-fromAddress').textContent).toContain('not an email address'));
  });

  it('says exactly what is wrong with each server', async () => {
    api.listMailboxes.mockResolvedValue([support]);
    api.testMailbox.mockResolvedValue({
      imap: { ok: false, code: 'mail_login_refused', message: "refused the login of user 'desk'" },
      smtp: { ok: false, code: 'mail_unreachable', message: 'cannot reach the mail server' },
    });
    renderWith(<MailboxesPanel />);
    await userEvent.click(await screen.findByTestId('mailbox-test-7'));
    const result = await screen.findByTestId('mailbox-test-result-7');
    expect(result.textContent).toContain('IMAP: the login was refused');
    expect(result.textContent).toContain('SMTP: the server cannot be reached');
  });

  it('words the server check in the desk language, with the server words inside', async () => {
    api.listMailboxes.mockResolvedValue([support]);
    api.testMailbox.mockResolvedValue({
      imap: { ok: true, code: null, message: null },
      smtp: {
        ok: false,
        code: 'mail_login_refused',
        message: "smtp.example refused the login of user 'desk': 535 bad",
        msg: { id: 'mail-login-refused', args: { server: 'smtp.example', user: 'desk', detail: '535 bad' } },
      },
    });
    renderWith(<MailboxesPanel />, { language: 'ru' });
    await userEvent.click(await screen.findByTestId('mailbox-test-7'));
    const result = await screen.findByTestId('mailbox-test-result-7');
    expect(result.textContent).toContain('smtp.example не пустил пользователя «desk»: 535 bad');
  });

  it('words the last poll error in the desk language', async () => {
    api.listMailboxes.mockResolvedValue([
      { ...support, lastError: 'cannot reach the mail server', lastErrorMsg: { id: 'mail-unreachable', args: { server: 'smtp.provider.example:465', detail: 'connection refused' } } },
      { ...support, id: 8, name: 'Old', lastError: 'as written before', lastErrorMsg: null },
    ]);
    renderWith(<MailboxesPanel />, { language: 'ru' });
    expect(await screen.findByTestId('mailbox-error-7')).toHaveTextContent('не удаётся связаться с почтовым сервером smtp.provider.example:465: connection refused');
    expect(screen.getByTestId('mailbox-error-8')).toHaveTextContent('as written before');
  });

  it('polls now and reports what arrived', async () => {
    api.listMailboxes.mockResolvedValue([support]);
    api.pollMailbox.mockResolvedValue({ mailboxId: 7, fetched: 3, tickets: 2, comments: 1, triage: 0, quarantined: 0, duplicates: 0 });
    renderWith(<MailboxesPanel />);
    await userEvent.click(await screen.findByTestId('mailbox-poll-7'));
    expect(api.pollMailbox).toHaveBeenCalledWith(7);
    expect((await screen.findByTestId('mailbox-poll-result-7')).textContent).toContain('2 new tickets');
  });

  it('lists the public mail domains and edits them', async () => {
    api.listMailboxes.mockResolvedValue([]);
    api.addPublicMailDomain.mockResolvedValue(['corp.example', 'gmail.com', 'mail.ru']);
    api.removePublicMailDomain.mockResolvedValue(['corp.example', 'gmail.com']);
    renderWith(<MailboxesPanel />);
    await screen.findByTestId('public-domain-gmail.com');
    expect(screen.getByTestId('public-domains').textContent).toContain('Public mail domains (2)');
    await userEvent.type(screen.getByTestId('public-domain-input'), 'Corp.Example');
    await userEvent.click(screen.getByTestId('public-domain-add'));
    expect(api.addPublicMailDomain).toHaveBeenCalledWith('Corp.Example');
    await screen.findByTestId('public-domain-corp.example');
    await userEvent.click(screen.getByTestId('public-domain-remove-mail.ru'));
    expect(api.removePublicMailDomain).toHaveBeenCalledWith('mail.ru');
    await waitFor(() => expect(screen.queryByTestId('public-domain-mail.ru')).toBeNull());
  });

  it('shows the limits on incoming mail and sets one by its CLI name', async () => {
    api.listMailboxes.mockResolvedValue([]);
    renderWith(<MailboxesPanel />);
    const parts = (await screen.findByTestId('limit-mimeParts')) as HTMLInputElement;
    expect(parts.value).toBe('1000');
    await userEvent.clear(parts);
    await userEvent.type(parts, '2000');
    await userEvent.click(screen.getByTestId('limit-save-mimeParts'));
    expect(api.setInputLimit).toHaveBeenCalledWith('mime_parts', 2000);
  });

  it('sets the limits on files, text, HTML nesting and vendor answers as well', async () => {
    api.listMailboxes.mockResolvedValue([]);
    renderWith(<MailboxesPanel />);
    const answer = (await screen.findByTestId('limit-httpBodyBytes')) as HTMLInputElement;
    expect(answer.value).toBe(String(16 * 1024 * 1024));
    expect((screen.getByTestId('limit-htmlDepth') as HTMLInputElement).value).toBe('100');
    expect(screen.getByTestId('input-limits').textContent).toContain('Largest attached file (bytes)');
    await userEvent.clear(answer);
    await userEvent.type(answer, '1048576');
    await userEvent.click(screen.getByTestId('limit-save-httpBodyBytes'));
    expect(api.setInputLimit).toHaveBeenCalledWith('http_body_bytes', 1048576);
    const file = screen.getByTestId('limit-attachmentBytes') as HTMLInputElement;
    await userEvent.clear(file);
    await userEvent.type(file, '65536');
    await userEvent.click(screen.getByTestId('limit-save-attachmentBytes'));
    expect(api.setInputLimit).toHaveBeenCalledWith('attachment_bytes', 65536);
  });
});
