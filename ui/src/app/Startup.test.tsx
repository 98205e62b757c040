import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as backend from '../lib/backend';
import { rows } from '../test/fixtures';
import { App } from './App';

vi.mock('../lib/backend', async (orig) => (await import('../test/backendMock')).backendMock(orig));
const api = vi.mocked(backend);

const profile = { id: 1, name: 'Anna Petrova', role: 'engineer' as const, duties: [] };
const team = 'postgres://desk@127.0.0.1:55432/team';
const failed = {
  phase: 'failed' as const,
  database: team,
  error: { code: 'database_unavailable' as const, message: 'cannot open the database: connection refused', field: null },
};

function renderApp(staleTime = 0) {
  // main.tsx keeps what was fetched for 10 s; most tests here want every look to ask again.
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime } } });
  return render(
    <QueryClientProvider client={qc}>
      <App />
    </QueryClientProvider>,
  );
}

describe('start-up that recovers', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    api.startupState.mockResolvedValue(failed);
    api.setupState.mockResolvedValue({ profile, hasClients: true, database: team, nextDatabase: null, language: 'en', backgroundWork: true });
    api.queuePage.mockResolvedValue({ rows: rows(1, 3), nextCursor: null });
  });

  it('shows why and which database, asks nothing of the workspace, and Try again opens the desk once it succeeds', async () => {
    api.retryStartup.mockResolvedValueOnce(failed).mockResolvedValueOnce({ phase: 'ready', database: team, error: null });
    renderApp();
    expect(await screen.findByTestId('startup-recovery')).toBeInTheDocument();
    expect(screen.getByTestId('startup-database').textContent).toContain(team);
    expect(screen.getByTestId('startup-error').textContent).toContain('connection refused');
    expect(api.setupState).not.toHaveBeenCalled();
    await userEvent.click(screen.getByTestId('startup-retry'));
    await waitFor(() => expect(api.retryStartup).toHaveBeenCalledTimes(1));
    expect(screen.getByTestId('startup-recovery')).toBeInTheDocument();
    await userEvent.click(screen.getByTestId('startup-retry'));
    await screen.findByTestId('queue-row-SB-000001');
    expect(api.setupState).toHaveBeenCalled();
  });

  it('opens the local database, or another one with its CA file and password', async () => {
    api.openDatabaseInstead.mockResolvedValue({ phase: 'ready', database: '/home/anna/switchboard.db', error: null });
    renderApp();
    await screen.findByTestId('startup-recovery');
    await userEvent.click(screen.getByTestId('startup-local'));
    expect(api.openDatabaseInstead).toHaveBeenCalledWith({ database: null, caFile: null, password: null });
    await screen.findByTestId('queue-row-SB-000001');
  });

  it('keeps the recovery screen with the refusal under the field when another database is refused', async () => {
    api.openDatabaseInstead.mockRejectedValue(
      new backend.BackendError('invalid_input', 'leave the password out of the URL', 'database'),
    );
    renderApp();
    await screen.findByTestId('startup-recovery');
    await userEvent.type(screen.getByTestId('startup-database-input'), 'postgres://desk@db.corp/team');
    await userEvent.type(screen.getByTestId('startup-database-ca'), '/etc/ca.pem');
    await userEvent.type(screen.getByTestId('startup-database-password'), 'pw');
    await userEvent.click(screen.getByTestId('startup-database-save'));
    expect(api.openDatabaseInstead).toHaveBeenCalledWith({
      database: 'postgres://desk@db.corp/team',
      caFile: '/etc/ca.pem',
      password: 'pw',
    });
    await waitFor(() => expect(screen.getByTestId('field-error-database').textContent).toContain('password'));
    expect(screen.getByTestId('startup-recovery')).toBeInTheDocument();
  });
});

describe('a start on a ready workspace', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    api.startupState.mockResolvedValue({ phase: 'ready', database: '/home/anna/switchboard.db', error: null });
    api.queuePage.mockResolvedValue({ rows: rows(1, 3), nextCursor: null });
  });

  /** The queue's first page, answered `ms` after it is asked for. */
  const queueAnsweredAfter = (ms: number) =>
    api.queuePage.mockImplementation(() => new Promise((answer) => setTimeout(() => answer({ rows: rows(1, 3), nextCursor: null }), ms)));

  it('asks for the queue as soon as the setup names who is signed in, before the shell renders', async () => {
    // Whether the window showed its shell yet when the queue was asked for.
    const shellShown: boolean[] = [];
    api.queuePage.mockImplementation(async () => {
      shellShown.push(document.querySelector('[data-testid="nav-queue"]') !== null);
      return { rows: rows(1, 3), nextCursor: null };
    });
    renderApp(10_000);
    await screen.findByTestId('queue-row-SB-000001');
    expect(shellShown).toEqual([false]);
    expect(api.queuePage.mock.calls[0][0]).toMatchObject({ cursor: null, assigneeId: null });
  });

  it('shows the desk with its rows in its first render when they come within a moment', async () => {
    queueAnsweredAfter(30);
    renderApp(10_000);
    await screen.findByTestId('nav-queue');
    // Never an empty desk first and its rows after: the same render brought both.
    expect(screen.getByTestId('queue-row-SB-000001')).toBeInTheDocument();
  });

  it('shows the desk without waiting longer for a slow queue, and its rows when they come', { timeout: 15_000 }, async () => {
    queueAnsweredAfter(5_000);
    renderApp(10_000);
    await screen.findByTestId('nav-queue', {}, { timeout: 4_000 });
    expect(screen.queryByTestId('queue-row-SB-000001')).toBeNull();
    expect(await screen.findByTestId('queue-row-SB-000001', {}, { timeout: 8_000 })).toBeInTheDocument();
  });
});
