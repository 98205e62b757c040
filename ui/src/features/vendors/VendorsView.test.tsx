import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import * as backend from '../../lib/backend';
import { renderWith } from '../../test/render';
import { resetVendorDb } from '../../test/backendMock';
import { bond, vendor, vendorMessage } from './fixtures';
import { VendorsView } from './VendorsView';

vi.mock('../../lib/backend', async (orig) => (await import('../../test/backendMock')).backendMock(orig));
const api = vi.mocked(backend);

describe('the Vendors view', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    resetVendorDb(
      [vendor()],
      [bond({ deadMessages: 1 })],
      [vendorMessage(), vendorMessage({ id: 32, state: 'sent', kind: 'create', attempts: 1, lastError: null, errorClass: null, sentAt: Date.UTC(2025, 0, 10, 10, 1) })],
    );
  });

  it('lists dead letters with what went wrong, and retries one', async () => {
    const user = userEvent.setup();
    const { nav } = renderWith(<VendorsView />);
    expect(api.vendorOutbox).toHaveBeenCalledWith('dead');
    expect(screen.getByRole('tab', { name: 'Dead letters' })).toHaveAttribute('aria-selected', 'true');
    const row = await screen.findByTestId('vendor-message-31');
    expect(row).toHaveTextContent('SB-000007');
    expect(row).toHaveTextContent('Acme Storage');
    expect(row).toHaveTextContent('Comment');
    expect(row).toHaveTextContent('8');
    expect(within(row).getByTestId('vendor-message-error-31')).toHaveTextContent('a permission is missing: RT answered 403');
    expect(screen.queryByTestId('vendor-message-32')).toBeNull();

    await user.click(within(row).getByRole('button', { name: 'Retry' }));
    expect(api.retryVendorMessage).toHaveBeenCalledWith(31);
    await waitFor(() => expect(screen.queryByTestId('vendor-message-31')).toBeNull());
    expect(screen.getByText(/No dead letters/)).toBeInTheDocument();

    await user.click(screen.getByRole('tab', { name: 'Waiting' }));
    expect(api.vendorOutbox).toHaveBeenCalledWith('pending');
    expect(await screen.findByTestId('vendor-message-31')).toHaveAttribute('data-state', 'pending');
    await user.click(within(screen.getByTestId('vendor-message-31')).getByRole('button', { name: 'SB-000007' }));
    expect(nav.go).toHaveBeenCalledWith({ kind: 'ticket', id: 7 });
  });

  it('shows sent messages and all of them under their tabs', async () => {
    const user = userEvent.setup();
    renderWith(<VendorsView />);
    await screen.findByTestId('vendor-message-31');
    await user.click(screen.getByRole('tab', { name: 'Sent' }));
    expect(await screen.findByTestId('vendor-message-32')).toHaveTextContent('Open case');
    expect(screen.queryByTestId('vendor-message-31')).toBeNull();
    await user.click(screen.getByRole('tab', { name: 'All' }));
    expect(api.vendorOutbox).toHaveBeenCalledWith(null);
    expect(await screen.findByTestId('vendor-message-31')).toBeInTheDocument();
    expect(screen.getByTestId('vendor-message-32')).toBeInTheDocument();
  });

  it('syncs now and says what changed', async () => {
    const user = userEvent.setup();
    api.syncVendorsNow.mockResolvedValueOnce({ casesChanged: 2, commentsAdded: 3, commentsMended: 0, ticketsMoved: 1, casesGone: 0, refusals: [], error: 'NetCo: the vendor cannot be reached' });
    renderWith(<VendorsView />);
    await user.click(screen.getByRole('button', { name: 'Sync now' }));
    const result = await screen.findByTestId('vendor-sync-result');
    expect(result).toHaveTextContent('2 case(s) changed, 3 comment(s) added, 1 ticket(s) moved.');
    expect(screen.getByTestId('vendor-sync-error')).toHaveTextContent('NetCo: the vendor cannot be reached');
  });

  it('words a failed sync in the desk language', async () => {
    const user = userEvent.setup();
    api.syncVendorsNow.mockResolvedValueOnce({
      casesChanged: 0, commentsAdded: 0, commentsMended: 0, ticketsMoved: 0, casesGone: 0, refusals: [],
      error: 'NetCo: the vendor did not answer in time: read',
      errorMsg: { id: 'vendor-sync-failed', args: { vendor: 'NetCo', error: { id: 'vendor-error-timeout', args: { detail: 'read' } } } },
    });
    renderWith(<VendorsView />, { language: 'ru' });
    await user.click(screen.getByTestId('vendor-sync-now'));
    expect(await screen.findByTestId('vendor-sync-error')).toHaveTextContent(/^NetCo: вендор не ответил/);
  });

  it('counts the refused case changes and words each in the desk language', async () => {
    const user = userEvent.setup();
    const refused = (caseId: string) => ({
      id: 'vendor-sync-refused-at',
      args: { vendor: 'NetCo', refusal: { id: 'vendor-sync-refused-case', args: { case: caseId, error: { id: 'as-written', args: { text: 'disk full' } } } } },
    });
    api.syncVendorsNow.mockResolvedValueOnce({
      casesChanged: 1, commentsAdded: 1, commentsMended: 0, ticketsMoved: 0, casesGone: 0, refusals: [refused('4521'), refused('4522')], error: null,
    });
    renderWith(<VendorsView />, { language: 'ru' });
    await user.click(screen.getByTestId('vendor-sync-now'));
    const r = await screen.findByTestId('vendor-sync-refused');
    expect(r).toHaveTextContent(/^Рабочее пространство не приняло 2 изменения обращений/);
    expect(r).toHaveTextContent('NetCo: обращение 4521: disk full');
    expect(r).toHaveTextContent('NetCo: обращение 4522: disk full');
  });

  it('shows the scorecard against the targets', async () => {
    api.vendorScorecard.mockResolvedValueOnce([
      {
        vendorId: 1,
        vendorName: 'Acme Storage',
        direction: 'database',
        cases: 12,
        resolved: 10,
        medianTurnaroundMinutes: 300,
        p90TurnaroundMinutes: 1620,
        medianAcknowledgeMinutes: 35,
        acknowledgeBreaches: 0,
        resolveBreaches: 2,
        acknowledgeTargetMinutes: 60,
        resolveTargetMinutes: null,
      },
    ]);
    renderWith(<VendorsView />);
    const row = await screen.findByTestId('scorecard-1-database');
    const cells = within(row).getAllByRole('cell').map((c) => c.textContent);
    expect(cells).toEqual(['Acme Storage', 'Database', '12', '10', '5 h', '1 d 3 h', '35 min', '0 / target 1 h', '2 / no target']);
    expect(within(row).getByText('2')).toHaveClass('danger-text');
  });
});
