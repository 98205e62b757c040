import { describe, expect, it, vi, beforeEach } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import * as backend from '../../lib/backend';
import { BackendError, type QueueQuery, type QueueViewDto } from '../../lib/backend';
import { ViewsBar } from './ViewsBar';
import { DEFAULT_FILTERS } from './filters';
import { renderWith } from '../../test/render';

vi.mock('../../lib/backend', async (orig) => (await import('../../test/backendMock')).backendMock(orig));
const api = vi.mocked(backend);

const ACTIVE = ['new', 'open', 'in_progress', 'pending_customer', 'pending_vendor'] as const;
const query = (patch: Partial<QueueQuery>): QueueQuery => ({
  statuses: [...ACTIVE],
  clientId: null,
  direction: null,
  assigneeId: null,
  unassigned: false,
  line: null,
  channel: null,
  sort: 'updated',
  cursor: null,
  limit: null,
  ...patch,
});
const view = (key: string, q: Partial<QueueQuery>, count: number, patch: Partial<QueueViewDto> = {}): QueueViewDto => ({
  key,
  name: '',
  builtIn: true,
  id: null,
  query: query(q),
  count,
  more: false,
  ...patch,
});

describe('queue views', () => {
  beforeEach(() => vi.clearAllMocks());

  it('shows each view with its bounded count and applies its filters', async () => {
    const user = userEvent.setup();
    api.queueViews.mockResolvedValue([
      view('my_open', { assigneeId: 1 }, 3),
      view('monitoring', { channel: 'monitoring' }, 1000, { more: true }),
      view('waiting_vendor', { statuses: ['pending_vendor'] }, 2),
    ]);
    const onApply = vi.fn();
    renderWith(<ViewsBar filters={DEFAULT_FILTERS} onApply={onApply} me={1} />);
    expect(await screen.findByTestId('view-my_open')).toHaveTextContent('My open tickets 3');
    expect(screen.getByTestId('view-monitoring')).toHaveTextContent('1000+');
    await user.click(screen.getByTestId('view-my_open'));
    expect(onApply).toHaveBeenCalledWith({ ...DEFAULT_FILTERS, assignee: 'me' });
    await user.click(screen.getByTestId('view-waiting_vendor'));
    expect(onApply).toHaveBeenLastCalledWith({ ...DEFAULT_FILTERS, status: 'pending_vendor' });
  });

  it('marks the view the queue shows', async () => {
    api.queueViews.mockResolvedValue([view('monitoring', { channel: 'monitoring' }, 4)]);
    renderWith(<ViewsBar filters={{ ...DEFAULT_FILTERS, channel: 'monitoring' }} onApply={vi.fn()} me={1} />);
    expect(await screen.findByTestId('view-monitoring')).toHaveAttribute('aria-pressed', 'true');
  });

  it('saves the current filters under a name, and says when the name is taken', async () => {
    const user = userEvent.setup();
    api.queueViews.mockResolvedValue([]);
    api.saveView.mockRejectedValueOnce(new BackendError('conflict', "you already have a view named 'Volga'; choose another name", 'name'));
    renderWith(<ViewsBar filters={{ ...DEFAULT_FILTERS, clientId: 2 }} onApply={vi.fn()} me={1} />);
    await user.click(await screen.findByTestId('view-save'));
    await user.type(screen.getByTestId('view-name'), 'Volga');
    await user.click(screen.getByTestId('view-save-confirm'));
    expect(api.saveView).toHaveBeenCalledWith({ name: 'Volga', query: query({ clientId: 2 }) });
    await waitFor(() => expect(screen.getByTestId('field-error-name')).toHaveTextContent('already have'));
    expect(screen.getByTestId('view-name')).toHaveValue('Volga');
  });
});
