// A click during the card's rehearsal (CardRehearsal): the rehearsal is let go at once.
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import * as backend from '../../lib/backend';
import type { TicketCard } from '../../lib/backend';
import { renderWith } from '../../test/render';
import { card, rows } from '../../test/fixtures';
import { QueueView } from '../queue/QueueView';
import { DEFAULT_FILTERS } from '../queue/filters';

vi.mock('../../lib/backend', async (orig) => (await import('../../test/backendMock')).backendMock(orig));
const api = vi.mocked(backend);

describe('a click during the card’s rehearsal', () => {
  it('lets the rehearsed card go in the same moment and opens the clicked one', async () => {
    api.queuePage.mockResolvedValue({ rows: rows(1, 3), nextCursor: null });
    // The rehearsed card's answer never comes; the clicked one's does.
    api.ticketCard.mockImplementation((id) =>
      id === 1 ? new Promise<TicketCard>(() => undefined) : Promise.resolve(card({ id, number: `SB-00000${id}` })),
    );
    const user = userEvent.setup();
    const { nav } = renderWith(
      <QueueView filters={DEFAULT_FILTERS} onFiltersChange={() => undefined} highlight={0} onHighlight={() => undefined} me={42} hasClients />,
    );
    await screen.findByTestId('card-rehearsal', {}, { timeout: 3_000 });
    await user.click(screen.getByTestId('queue-row-SB-000003'));
    expect(screen.queryByTestId('card-rehearsal')).not.toBeInTheDocument();
    await waitFor(() => expect(nav.go).toHaveBeenCalledWith(expect.objectContaining({ kind: 'ticket', id: 3 })));
    // Not rehearsed again later in this window.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(screen.queryByTestId('card-rehearsal')).not.toBeInTheDocument();
  });
});
