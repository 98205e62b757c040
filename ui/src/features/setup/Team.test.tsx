import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as backend from '../../lib/backend';
import { App } from '../../app/App';
import { teamUrl } from './JoinTeam';

vi.mock('../../lib/backend', async (orig) => (await import('../../test/backendMock')).backendMock(orig));
const api = vi.mocked(backend);

const ivan = { id: 7, name: 'Ivan Petrov', role: 'engineer' as const, duties: [] };
const signedIn = {
  profile: ivan,
  hasClients: true,
  database: 'postgres://ivan_petrov@desk.example:5432/servicedesk',
  nextDatabase: null,
  language: 'en' as const,
  backgroundWork: true,
  team: { login: 'ivan_petrov', owner: false, mustChangePassword: false },
};

function renderApp() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={qc}>
      <App />
    </QueryClientProvider>,
  );
}

describe('team mode in the window', () => {
  beforeEach(() => vi.clearAllMocks());

  it('builds the team URL without a password', () => {
    expect(teamUrl(' desk.example ', '', 'servicedesk', 'ivan_petrov')).toBe('postgres://ivan_petrov@desk.example:5432/servicedesk');
    expect(teamUrl('::1', '6432', 'sd', 'o')).toBe('postgres://o@[::1]:6432/sd');
  });

  it('joins a team from the first run: server, database, sign-in, password and CA file', async () => {
    const user = userEvent.setup();
    api.setupState.mockResolvedValue({ ...signedIn, profile: null, team: null, database: '/tmp/sb.db' });
    api.joinTeam.mockResolvedValue(undefined);
    renderApp();
    await user.click(await screen.findByTestId('join-open'));
    await user.type(screen.getByTestId('join-server'), 'desk.example');
    await user.type(screen.getByTestId('join-database'), 'servicedesk');
    await user.type(screen.getByTestId('join-login'), 'ivan_petrov');
    await user.type(screen.getByTestId('join-password'), 'one-time-pw');
    await user.type(screen.getByTestId('join-ca'), '/etc/ssl/company-ca.pem');
    await user.click(screen.getByTestId('join-save'));
    expect(api.joinTeam).toHaveBeenCalledWith({
      database: 'postgres://ivan_petrov@desk.example:5432/servicedesk',
      caFile: '/etc/ssl/company-ca.pem',
      password: 'one-time-pw',
    });
  });

  it('asks for a new password before anything else, and checks it before sending', async () => {
    const user = userEvent.setup();
    api.setupState.mockResolvedValue({ ...signedIn, team: { ...signedIn.team, mustChangePassword: true } });
    api.changePassword.mockResolvedValue(signedIn);
    renderApp();
    expect(await screen.findByTestId('choose-password')).toBeInTheDocument();
    expect(screen.queryByTestId('queue')).not.toBeInTheDocument();
    await user.type(screen.getByTestId('new-password'), 'short');
    expect(screen.getByTestId('password-save')).toBeDisabled();
    await user.clear(screen.getByTestId('new-password'));
    await user.type(screen.getByTestId('new-password'), 'a long pass phrase');
    await user.type(screen.getByTestId('repeat-password'), 'a long pass phrase');
    await user.click(screen.getByTestId('password-save'));
    expect(api.changePassword).toHaveBeenCalledWith('a long pass phrase');
    expect(await screen.findByTestId('queue')).toBeInTheDocument();
  });

  it('shows the owner what the owner does, and Sign out', async () => {
    const user = userEvent.setup();
    api.setupState.mockResolvedValue({ ...signedIn, profile: null, team: { login: 'desk_owner', owner: true, mustChangePassword: false } });
    api.signOut.mockResolvedValue(undefined);
    renderApp();
    expect(await screen.findByTestId('owner-screen')).toHaveTextContent('desk_owner');
    await user.click(screen.getByTestId('sign-out'));
    expect(api.signOut).toHaveBeenCalled();
  });
});
