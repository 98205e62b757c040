import { describe, expect, it, vi, beforeEach } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SettingsView } from './SettingsView';
import * as backend from '../../lib/backend';
import { BackendError, type MemberDto, type MemberState, type SetupState } from '../../lib/backend';
import { renderWith } from '../../test/render';

vi.mock('../../lib/backend', async (orig) => (await import('../../test/backendMock')).backendMock(orig));
const api = vi.mocked(backend);

const setup: SetupState = {
  profile: { id: 1, name: 'Olga Ivanova', role: 'engineer', duties: [] },
  hasClients: true,
  database: '/home/olga/.local/share/switchboard/switchboard.db',
  caFile: null,
  nextDatabase: null,
  language: 'en',
  backgroundWork: true,
};

describe('settings: the database for the next start', () => {
  beforeEach(() => vi.clearAllMocks());

  it('sends the choice and says a restart opens it', async () => {
    api.setDatabase.mockResolvedValue({ ...setup, nextDatabase: 'postgres://sb@db.local/desk' });
    const { unmount } = renderWith(<SettingsView setup={setup} />);
    await userEvent.type(screen.getByTestId('settings-database-input'), 'postgres://sb@db.local/desk');
    await userEvent.click(screen.getByTestId('settings-database-save'));
    expect(api.setDatabase).toHaveBeenCalledWith({ database: 'postgres://sb@db.local/desk', caFile: null, password: null });
    await waitFor(() => expect((screen.getByTestId('settings-database-input') as HTMLInputElement).value).toBe(''));
    unmount();
    renderWith(<SettingsView setup={{ ...setup, nextDatabase: 'postgres://sb@db.local/desk' }} />);
    expect(screen.getByTestId('settings-database-next').textContent).toContain('postgres://sb@db.local/desk');
  });

  it('shows a refusal under the field and keeps what was typed', async () => {
    api.setDatabase.mockRejectedValue(
      new BackendError('invalid_input', 'leave the password out of the URL: put it in ~/.pgpass', 'database'),
    );
    renderWith(<SettingsView setup={setup} />);
    const input = screen.getByTestId('settings-database-input');
    await userEvent.type(input, 'postgres://sb:pw@db.local/desk');
    await userEvent.click(screen.getByTestId('settings-database-save'));
    await waitFor(() => expect(screen.getByTestId('field-error-database').textContent).toContain('~/.pgpass'));
    expect((input as HTMLInputElement).value).toBe('postgres://sb:pw@db.local/desk');
  });
});

describe('settings: a team database over TLS', () => {
  beforeEach(() => vi.clearAllMocks());

  it('sends the CA file and the password beside the URL, never inside it, and forgets the password', async () => {
    api.setDatabase.mockResolvedValue({ ...setup, nextDatabase: 'postgres://desk@db.corp/team?sslrootcert=%2Fetc%2Fca.pem' });
    renderWith(<SettingsView setup={setup} />);
    await userEvent.type(screen.getByTestId('settings-database-input'), 'postgres://desk@db.corp/team');
    await userEvent.type(screen.getByTestId('settings-database-ca'), '/etc/ca.pem');
    await userEvent.type(screen.getByTestId('settings-database-password'), 's3cret');
    await userEvent.click(screen.getByTestId('settings-database-save'));
    expect(api.setDatabase).toHaveBeenCalledWith({
      database: 'postgres://desk@db.corp/team',
      caFile: '/etc/ca.pem',
      password: 's3cret',
    });
    await waitFor(() => expect((screen.getByTestId('settings-database-input') as HTMLInputElement).value).toBe(''));
    expect(screen.queryByDisplayValue('s3cret')).toBeNull();
  });

  it('shows an unknown CA refusal saying what to fix, and names the CA file in use', async () => {
    api.setDatabase.mockRejectedValue(
      new BackendError('database_unknown_ca', 'signed by an authority this computer does not trust; give the company CA file'),
    );
    renderWith(<SettingsView setup={{ ...setup, caFile: '/etc/ssl/company-ca.pem' }} />);
    expect(screen.getByTestId('settings-database-ca-in-use').textContent).toContain('/etc/ssl/company-ca.pem');
    await userEvent.type(screen.getByTestId('settings-database-input'), 'postgres://desk@db.corp/team');
    await userEvent.click(screen.getByTestId('settings-database-save'));
    await waitFor(() => expect(screen.getByTestId('form-error').textContent).toContain('CA file'));
  });
});

describe('settings: vendors by role', () => {
  beforeEach(() => vi.clearAllMocks());

  it('lets an account manager edit vendors, and shows them to an engineer read-only', async () => {
    const { unmount } = renderWith(<SettingsView setup={{ ...setup, profile: { id: 2, name: 'Maria Lebedeva', role: 'account_manager', duties: ['packages', 'approve_time', 'routing_rules', 'vendors', 'mailboxes', 'alert_sources'] } }} />);
    expect(await screen.findByTestId('vendor-add')).toBeInTheDocument();
    unmount();
    renderWith(<SettingsView setup={setup} />);
    expect(await screen.findByTestId('vendors-read-only')).toHaveTextContent('Only admins and account managers change vendors.');
    expect(screen.queryByTestId('vendor-add')).toBeNull();
  });
});

describe('settings: moving the local workspace into a team database', () => {
  beforeEach(() => vi.clearAllMocks());

  it('sends the team database and its password, then says what moved', async () => {
    api.moveWorkspace.mockResolvedValue({
      database: 'postgres://desk_owner@db.corp:5432/servicedesk',
      rows: 1234,
      tables: [
        { table: 'tickets', rows: 1000, checksum: '0f3a9c0d11aa22bb33cc44dd55ee66ff' },
        { table: 'change_log_unused', rows: 0, checksum: '0' },
      ],
      secrets: 2,
    });
    renderWith(<SettingsView setup={setup} />);
    await userEvent.click(screen.getByTestId('move-open'));
    await userEvent.type(screen.getByTestId('move-input'), 'postgres://desk_owner@db.corp:5432/servicedesk');
    await userEvent.type(screen.getByTestId('move-password'), 'owner secret');
    await userEvent.click(screen.getByTestId('move-save'));
    expect(api.moveWorkspace).toHaveBeenCalledWith({
      database: 'postgres://desk_owner@db.corp:5432/servicedesk',
      caFile: null,
      password: 'owner secret',
    });
    const done = await screen.findByTestId('move-done');
    expect(done.textContent).toContain('1234 rows');
    expect(done.textContent).toContain('tickets');
    expect(done.textContent).not.toContain('change_log_unused');
  });

  it('is not offered when the workspace is already on a server', () => {
    renderWith(<SettingsView setup={{ ...setup, database: 'postgres://ivan@db.corp/servicedesk' }} />);
    expect(screen.queryByTestId('move-open')).not.toBeInTheDocument();
  });
});

describe('settings: background work on this desk', () => {
  beforeEach(() => vi.clearAllMocks());

  it('turns the background work off for this desk', async () => {
    api.setBackgroundWork.mockResolvedValue({ ...setup, backgroundWork: false });
    renderWith(<SettingsView setup={setup} />);
    const box = screen.getByTestId('settings-background-run') as HTMLInputElement;
    expect(box.checked).toBe(true);
    await userEvent.click(box);
    expect(api.setBackgroundWork).toHaveBeenCalledWith(false);
  });

  it('shows each unit: who does it, how it went, what waits, what this desk lacks', async () => {
    api.workStatus.mockResolvedValue({
      thisProcess: 'window on desk-1 (pid 100)',
      backgroundWork: true,
      leaseSeconds: 60,
      units: [
        {
          unit: 'mail-out:1', kind: 'mail_out', target: 'Support', holder: 'sb worker on srv (pid 7)', heldHere: false,
          heldSince: Date.now() - 120_000, lastSuccessAt: Date.now() - 5_000, lastError: 'the SMTP server refused: 550',
          lastErrorMsg: { id: 'as-written', args: { text: 'the SMTP server refused: 550' } }, lastErrorAt: Date.now() - 60_000, errors: 2, queueDepth: 3, notHere: null,
        },
        {
          unit: 'vendor-out:4', kind: 'vendor_out', target: 'Zendesk', holder: null, heldHere: false, heldSince: null,
          lastSuccessAt: null, lastError: null, lastErrorAt: null, errors: 0, queueDepth: 0,
          notHere: { id: 'work-no-secret-here', args: { secret: { id: 'vendor-secret-api-token', args: {} }, vendor: 'Zendesk' } },
        },
      ],
    });
    renderWith(<SettingsView setup={setup} />);
    const row = await screen.findByTestId('work-unit-mail-out:1');
    expect(row.textContent).toContain('Sending replies');
    expect(row.textContent).toContain('sb worker on srv (pid 7)');
    expect(row.textContent).toContain('the SMTP server refused: 550');
    expect(row.textContent).toContain('errors: 2');
    expect(row.textContent).toContain('3');
    const other = screen.getByTestId('work-unit-vendor-out:4');
    expect(other.textContent).toContain('nobody now');
    expect(other.textContent).toContain('keychain has no API token for Zendesk');
  });

  it('words the units in Russian: why a desk cannot do one, and its last failure', async () => {
    api.workStatus.mockResolvedValue({
      thisProcess: 'Anna · switchboard · desk-1 · pid 100',
      backgroundWork: true,
      leaseSeconds: 60,
      units: [
        {
          unit: 'vendor-out:4', kind: 'vendor_out', target: 'Zendesk', holder: null, heldHere: false, heldSince: null,
          lastSuccessAt: null, lastError: 'the vendor is unreachable: timed out', lastErrorAt: Date.now() - 60_000, errors: 1, queueDepth: 0,
          lastErrorMsg: { id: 'vendor-error-unreachable', args: { detail: 'timed out' } },
          notHere: { id: 'work-no-secret-here', args: { secret: { id: 'vendor-secret-api-token', args: {} }, vendor: 'Zendesk' } },
        },
      ],
    });
    renderWith(<SettingsView setup={setup} />, { language: 'ru' });
    const row = await screen.findByTestId('work-unit-vendor-out:4');
    expect(row.textContent).toContain('нет секрета «API-токен» для Zendesk');
    expect(row.textContent).toContain('сервер вендора недоступен: timed out');
  });
});

describe('settings: the team members', () => {
  beforeEach(() => vi.clearAllMocks());

  const member = (login: string, name: string, line: 'l2' | null, state: MemberState = 'active'): MemberDto => ({
    login,
    person: { id: login.length, name, role: 'engineer', line, duties: [] },
    mustChangePassword: state === 'invited',
    invitedAt: 0,
    removedAt: state === 'removed' ? 1 : null,
    state,
  });
  const signedIn = { ...setup, team: { login: 'olga_ivanova', owner: false, mustChangePassword: false } };

  it('shows the line each member works, any when none is set', async () => {
    api.teamMembers.mockResolvedValue([member('olga_ivanova', 'Olga Ivanova', 'l2'), member('petr', 'Petr Orlov', null)]);
    renderWith(<SettingsView setup={signedIn} />);
    expect(await screen.findByTestId('member-line-olga_ivanova')).toHaveTextContent('L2');
    expect(screen.getByTestId('member-line-petr')).toHaveTextContent('Any');
    expect(screen.getByTestId('team-members')).toHaveTextContent('Line');
  });

  it("shows each member's state as the back end gives it", async () => {
    api.teamMembers.mockResolvedValue([
      member('olga_ivanova', 'Olga Ivanova', 'l2'),
      member('petr', 'Petr Orlov', null, 'invited'),
      member('anna', 'Anna Petrova', null, 'removed'),
    ]);
    renderWith(<SettingsView setup={signedIn} />, { language: 'ru' });
    expect(await screen.findByTestId('member-state-olga_ivanova')).toHaveTextContent('Работает');
    expect(screen.getByTestId('member-state-petr')).toHaveTextContent('Приглашён');
    expect(screen.getByTestId('member-state-anna')).toHaveTextContent('Исключён');
    expect(screen.getByTestId('member-state-anna').closest('tr')).toHaveClass('muted');
  });
});
