import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as backend from '../../lib/backend';
import type { AssignmentNoticeDto } from '../../lib/backend';
import { card, rows } from '../../test/fixtures';
import { renderWith } from '../../test/render';
import { App } from '../../app/App';
import { AssignmentToasts } from './AssignmentToasts';
import { matching, viewActions } from './palette';
import { resolveTheme } from './theme';

vi.mock('../../lib/backend', async (orig) => (await import('../../test/backendMock')).backendMock(orig));
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

beforeEach(() => {
  api.setupState.mockResolvedValue({ profile, hasClients: true, database: '/tmp/sb.db', nextDatabase: null, language: 'en', backgroundWork: true });
  api.queuePage.mockResolvedValue({ rows: rows(1, 5), nextCursor: null });
  api.takeLinks.mockResolvedValue([]);
  delete document.documentElement.dataset.theme;
});

describe('the command palette', () => {
  it('offers every action of the current view under its heading, and the desk’s own', async () => {
    const user = userEvent.setup();
    renderApp();
    await screen.findByTestId('queue-row-SB-000001');
    await user.keyboard('{Control>}{Shift>}P{/Shift}{/Control}');
    const palette = await screen.findByTestId('palette');
    const items = () => [...palette.querySelectorAll('[role="option"]')].map((o) => o.textContent);
    // The queue's own buttons are there without being listed anywhere, and so is the desk.
    expect(items().length).toBeGreaterThan(10);
    expect(items()).toContain('Clients');
    expect(items()).toContain('Dark');
    await user.type(screen.getByTestId('palette-input'), 'go clients');
    expect(items()[0]).toBe('Clients');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.queryByTestId('palette')).not.toBeInTheDocument());
    expect(await screen.findByRole('heading', { name: 'Clients' })).toBeInTheDocument();
  });

  it('runs a view’s button as a click, opens with F1 and closes with Escape', async () => {
    const user = userEvent.setup();
    renderApp();
    await screen.findByTestId('queue-row-SB-000001');
    await user.keyboard('{F1}');
    await user.type(await screen.findByTestId('palette-input'), 'new ticket');
    await user.keyboard('{Enter}');
    expect(await screen.findByTestId('ticket-form')).toBeInTheDocument();
    await user.keyboard('{Escape}');
    await user.click(screen.getByTestId('palette-button'));
    await user.type(screen.getByTestId('palette-input'), 'no such action at all');
    expect(screen.getByText('No action matches.')).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('palette')).not.toBeInTheDocument();
    // Escape closed the palette only: the queue is still the view.
    expect(screen.getByTestId('queue')).toBeInTheDocument();
  });

  it('reads names as a person sees them and groups by the nearest heading', () => {
    document.body.innerHTML = `
      <main class="main">
        <section><h2>Contacts</h2>
          <button>Add <kbd>A</kbd></button>
          <button aria-label="Remove Bob"></button>
          <button disabled>Save</button>
          <label for="f">Email</label><input id="f" type="text" />
          <label>Confirm new tickets<select><option>As the default (on)</option><option>off</option></select></label>
          <div hidden><button>Hidden</button></div>
        </section>
        <button title="Refresh"></button>
      </main>`;
    const root = document.querySelector<HTMLElement>('main')!;
    const got = viewActions(root, 'Client');
    expect(got.map((c) => [c.group, c.label])).toEqual([
      ['Client · Contacts', 'Add'],
      ['Client · Contacts', 'Remove Bob'],
      ['Client · Contacts', 'Email'],
      ['Client · Contacts', 'Confirm new tickets'],
      ['Client', 'Refresh'],
    ]);
    expect(matching(got, 'rem').map((c) => c.label)).toEqual(['Remove Bob']);
    expect(matching(got, 'contacts mail').map((c) => c.label)).toEqual(['Email']);
    // A label that starts with what was typed comes first.
    expect(matching(got, 'r').map((c) => c.label)).toEqual(['Remove Bob', 'Refresh', 'Confirm new tickets']);
  });
});

describe('this computer', () => {
  it('switches the theme at once and keeps it; "system" follows the desktop', async () => {
    const user = userEvent.setup();
    api.setupState.mockResolvedValue({ profile, hasClients: true, database: '/tmp/sb.db', nextDatabase: null, language: 'en', backgroundWork: true });
    renderApp();
    await screen.findByTestId('queue-row-SB-000001');
    expect(document.documentElement.dataset.theme).toBe('light');
    await user.click(screen.getByTestId('nav-settings'));
    await user.selectOptions(await screen.findByTestId('settings-theme'), 'dark');
    expect(api.setTheme).toHaveBeenCalledWith('dark');
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
    await user.click(screen.getByTestId('settings-start-at-login'));
    expect(api.setStartAtLogin).toHaveBeenCalledWith(true);
    expect(screen.getByText(/autostart\/switchboard.desktop at login/)).toBeInTheDocument();
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
  });
});

describe('links and notices', () => {
  it('opens the ticket a switchboard:// link names, and says why another cannot be opened', async () => {
    api.takeLinks.mockResolvedValueOnce([
      { text: 'switchboard://ticket/SB-000003', link: { kind: 'ticket', id: 3, number: 'SB-000003' }, error: null },
      {
        text: 'switchboard://client/ACME',
        link: null,
        error: { code: 'invalid_input', message: 'Switchboard cannot open "switchboard://client/ACME": a link looks like switchboard://ticket/SB-000123', field: 'link' },
      },
    ]);
    api.ticketCard.mockResolvedValue(card({ id: 3, number: 'SB-000003' }));
    renderApp();
    expect(await screen.findByTestId('link-refused')).toHaveTextContent('a link looks like switchboard://ticket/SB-000123');
    await waitFor(() => expect(api.ticketCard).toHaveBeenCalledWith(3));
  });

  it('shows a ticket someone gave me, and opens it on a click', async () => {
    const user = userEvent.setup();
    let tell: (n: AssignmentNoticeDto) => void = () => undefined;
    api.onAssignmentNotice.mockImplementation((f) => {
      tell = f;
      return () => undefined;
    });
    const { nav } = renderWith(<AssignmentToasts />);
    tell({
      id: 1,
      ticketId: 7,
      ticketNumber: 'SB-000007',
      subject: 'VPN down in Riga',
      clientCode: 'ACME',
      priority: 'p2',
      assignedBy: 'Lena Lead',
      createdAt: 0,
      title: 'SB-000007 · ACME · VPN down in Riga',
      body: 'Lena Lead gave you this ticket',
    });
    const toast = await screen.findByTestId('assigned-toast-7');
    expect(toast).toHaveTextContent('Lena Lead gave you this ticket');
    await user.click(toast);
    expect(nav.go).toHaveBeenCalledWith({ kind: 'ticket', id: 7 });
  });
});
