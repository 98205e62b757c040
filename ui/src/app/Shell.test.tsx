import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as backend from '../lib/backend';
import { card, rows } from '../test/fixtures';
import { App } from './App';

vi.mock('../lib/backend', async (orig) => (await import('../test/backendMock')).backendMock(orig));
const api = vi.mocked(backend);

const profile = { id: 1, name: 'Anna Petrova', role: 'engineer' as const, duties: [] };

function renderApp() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={qc}>
      <App />
    </QueryClientProvider>,
  );
}

describe('the desk', () => {
  beforeEach(() => {
    api.setupState.mockResolvedValue({ profile, hasClients: true, database: '/tmp/sb.db', nextDatabase: null, language: 'en', backgroundWork: true });
    api.queuePage.mockResolvedValue({ rows: rows(1, 5), nextCursor: null });
  });

  it('opens the new ticket dialog with n, and Esc closes it before leaving a view', async () => {
    const user = userEvent.setup();
    renderApp();
    await screen.findByTestId('queue-row-SB-000001');
    await user.keyboard('n');
    expect(await screen.findByTestId('ticket-form')).toBeInTheDocument();
    // Typing n inside the form types, it does not open another dialog.
    await user.type(screen.getByTestId('ticket-subject'), 'nn');
    expect(screen.getByTestId('ticket-subject')).toHaveValue('nn');
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('ticket-form')).not.toBeInTheDocument();
    expect(screen.getByTestId('queue')).toBeInTheDocument();
  });

  it('shows search results as one types, from the second character, and marks when they are painted', async () => {
    const user = userEvent.setup();
    api.search.mockImplementation(async ({ text }) => ({
      hits: [
        {
          kind: 'ticket',
          ticketId: 3,
          number: 'SB-000003',
          status: 'new',
          clientCode: 'ACME',
          subject: `About ${text}`,
          at: 0,
          snippet: [{ text, mark: true }],
        },
      ],
      terms: [text],
      nextCursor: null,
    }));
    renderApp();
    await screen.findByTestId('queue-row-SB-000001');
    await user.type(screen.getByTestId('search-input'), 'p');
    expect(screen.getByTestId('queue')).toBeInTheDocument();
    await user.type(screen.getByTestId('search-input'), 'ri');
    await waitFor(() => expect(screen.getByTestId('search-hit-SB-000003').textContent).toContain('About pri'));
    expect(api.search).toHaveBeenLastCalledWith(expect.objectContaining({ text: 'pri' }));
    await waitFor(() => expect(performance.getEntriesByName('sb:search-painted').some((m) => (m as PerformanceMark).detail === 'pri')).toBe(true));
    expect(performance.getEntriesByName('sb:search-key').map((m) => (m as PerformanceMark).detail)).toEqual(expect.arrayContaining(['p', 'pr', 'pri']));
  });

  it('closes a dialog on a card with Esc and stays on the card', async () => {
    const user = userEvent.setup();
    api.ticketCard.mockResolvedValue(card({ id: 2, number: 'SB-000002' }));
    renderApp();
    await user.click(await screen.findByTestId('queue-row-SB-000002'));
    expect(await screen.findByTestId('ticket-card')).toBeInTheDocument();
    await user.click(await screen.findByTestId('edit-ticket'));
    expect(await screen.findByTestId('edit-ticket-form')).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('edit-ticket-form')).not.toBeInTheDocument();
    expect(await screen.findByTestId('ticket-card')).toBeInTheDocument();
    // A second Esc, with no dialog, goes back to the queue.
    await user.keyboard('{Escape}');
    expect(await screen.findByTestId('queue')).toBeInTheDocument();
  });

  it('goes back to the queue with Esc, and / focuses the queue filter', async () => {
    const user = userEvent.setup();
    renderApp();
    await screen.findByTestId('queue-row-SB-000001');
    await user.click(screen.getByTestId('nav-clients'));
    expect(await screen.findByTestId('clients-list')).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.getByTestId('queue')).toBeInTheDocument();
    await user.keyboard('/');
    await waitFor(() => expect(screen.getByTestId('queue-filter')).toHaveFocus());
  });

  it('opens a card from the queue and comes back', async () => {
    const user = userEvent.setup();
    api.ticketCard.mockResolvedValue(card({ id: 2, number: 'SB-000002' }));
    renderApp();
    await user.click(await screen.findByTestId('queue-row-SB-000002'));
    expect(await screen.findByTestId('ticket-card')).toBeInTheDocument();
    expect(screen.getByTestId('card-number')).toHaveTextContent('SB-000002');
    await user.click(screen.getByTestId('back-to-queue'));
    expect(await screen.findByTestId('queue-row-SB-000002')).toHaveAttribute('aria-selected', 'true');
  });

  it('walks the first run: profile, then the first client or the demo', async () => {
    const user = userEvent.setup();
    api.setupState.mockResolvedValueOnce({ profile: null, hasClients: false, database: '/tmp/sb.db', nextDatabase: null, language: 'en', backgroundWork: true });
    api.setupState.mockResolvedValue({ profile, hasClients: false, database: '/tmp/sb.db', nextDatabase: null, language: 'en', backgroundWork: true });
    api.createProfile.mockResolvedValue(profile);
    api.loadDemo.mockResolvedValue({ profile, hasClients: true, database: '/tmp/sb.db', nextDatabase: null, language: 'en', backgroundWork: true });
    renderApp();
    expect(await screen.findByTestId('first-run')).toBeInTheDocument();
    await user.type(screen.getByTestId('profile-name'), 'Anna Petrova');
    await user.selectOptions(screen.getByTestId('profile-role'), 'account_manager');
    await user.click(screen.getByTestId('profile-save'));
    expect(api.createProfile).toHaveBeenCalledWith({ name: 'Anna Petrova', role: 'account_manager' });
    expect(await screen.findByTestId('load-demo')).toBeInTheDocument();
    expect(screen.getByTestId('first-client')).toBeInTheDocument();
    await user.click(screen.getByTestId('load-demo'));
    expect(await screen.findByTestId('queue')).toBeInTheDocument();
    expect(screen.queryByTestId('first-run')).not.toBeInTheDocument();
  });

  it('reaches the Vendors view from the main navigation', async () => {
    const user = userEvent.setup();
    renderApp();
    await screen.findByTestId('queue-row-SB-000001');
    await user.click(screen.getByRole('button', { name: 'Vendors' }));
    expect(await screen.findByTestId('vendors-view')).toBeInTheDocument();
    expect(screen.getByTestId('nav-vendors')).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Vendors');
    expect(screen.getByRole('tab', { name: 'Dead letters' })).toBeInTheDocument();
  });
});
