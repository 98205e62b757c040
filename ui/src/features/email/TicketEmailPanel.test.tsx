import { describe, expect, it, vi, beforeEach } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TicketEmailPanel, fileSize } from './TicketEmailPanel';
import * as backend from '../../lib/backend';
import { renderWith } from '../../test/render';

vi.mock('../../lib/backend', async (orig) => (await import('../../test/backendMock')).backendMock(orig));
const api = vi.mocked(backend);

describe('the card tells what email intake did to read the message', () => {
  beforeEach(() => vi.clearAllMocks());

  it('shows the notes in words, the whole original when cut, and downloads the source', async () => {
    api.ticketEmail.mockResolvedValue({
      requester: 'Irina <glavbuh@zavod.example>',
      attachments: [],
      emailComments: [],
      deliveries: [],
      opening: {
        mailId: 7,
        notes: [
          { code: 'charset_guessed', charset: 'windows-1251', declared: null },
          { code: 'description_cut', kept: 20000, total: 25000 },
        ],
        wholeSubject: null,
        wholeText: 'Очень длинный текст целиком',
      },
    });
    api.saveMailSource.mockResolvedValue({ path: '/home/olga/Downloads/Printer.eml', opened: false });
    renderWith(<TicketEmailPanel ticketId={1} />);
    const opening = await screen.findByTestId('ticket-mail-opening');
    expect(opening.textContent).toContain('read as windows-1251 (a guess)');
    expect(opening.textContent).toContain('cut to 20000 of its 25000 characters');
    expect(screen.getByTestId('ticket-mail-whole').textContent).toContain('Очень длинный текст целиком');
    await userEvent.click(screen.getByTestId('ticket-mail-download'));
    expect(api.saveMailSource).toHaveBeenCalledWith(7);
    await waitFor(() => expect(screen.getByTestId('ticket-mail-saved').textContent).toContain('Printer.eml'));
  });
});

describe('an attachment that can run asks first', () => {
  beforeEach(() => vi.clearAllMocks());

  it('names the file and why, and opens only on yes', async () => {
    api.ticketEmail.mockResolvedValue({
      requester: null,
      attachments: [
        { id: 3, commentId: null, fileName: 'invoicefdp.exe', contentType: 'application/pdf', size: 2048, runnable: { code: 'extension', extension: 'exe' } },
        { id: 4, commentId: null, fileName: 'report.pdf', contentType: 'application/pdf', size: 2048, runnable: null },
      ],
      emailComments: [],
      deliveries: [],
      opening: null,
    });
    api.openAttachment.mockResolvedValue({ path: '/home/olga/Downloads/report.pdf', opened: true });
    renderWith(<TicketEmailPanel ticketId={1} />);
    await userEvent.click(await screen.findByTestId('attachment-4'));
    expect(api.openAttachment).toHaveBeenCalledWith(4, false);
    await userEvent.click(screen.getByTestId('attachment-3'));
    const ask = screen.getByTestId('attachment-runnable');
    expect(ask.textContent).toContain('invoicefdp.exe');
    expect(ask.textContent).toContain('.exe');
    await userEvent.click(screen.getByTestId('attachment-runnable-cancel'));
    expect(api.openAttachment).toHaveBeenCalledTimes(1);
    await userEvent.click(screen.getByTestId('attachment-3'));
    await userEvent.click(screen.getByTestId('attachment-runnable-open'));
    expect(api.openAttachment).toHaveBeenCalledWith(3, true);
  });
});

describe('an attachment says its size as people read it', () => {
  it('in bytes under a kilobyte, else in whole kilobytes', () => {
    expect(fileSize(12)).toBe('12 B');
    expect(fileSize(1023)).toBe('1023 B');
    expect(fileSize(1024)).toBe('1 KB');
    expect(fileSize(150_000)).toBe('146 KB');
  });
});
