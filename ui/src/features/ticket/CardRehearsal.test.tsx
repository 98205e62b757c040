// The card rehearsed out of sight after the start (CardRehearsal). Its once-per-window state
// lives in the module, so the click's case is in CardRehearsalClick.test.tsx.
import { useState } from 'react';
import { screen, waitFor, within } from '@testing-library/react';
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

function Queue() {
  return <QueueView filters={DEFAULT_FILTERS} onFiltersChange={() => undefined} highlight={0} onHighlight={() => undefined} me={42} hasClients />;
}

describe('the card rehearsed after the start', () => {
  it('renders the first row’s card once out of sight, asks for nothing else, and lets it go', async () => {
    api.queuePage.mockResolvedValue({ rows: rows(1, 3), nextCursor: null });
    let answer: (c: TicketCard) => void = () => undefined;
    api.ticketCard.mockImplementation(() => new Promise<TicketCard>((r) => (answer = r)));
    function Away() {
      const [away, setAway] = useState(false);
      return (
        <>
          <button onClick={() => setAway((a) => !a)}>{away ? 'back' : 'away'}</button>
          {away ? null : <Queue />}
        </>
      );
    }
    const user = userEvent.setup();
    renderWith(<Away />);
    await screen.findByTestId('queue-row-SB-000001');
    expect(screen.queryByTestId('card-rehearsal')).not.toBeInTheDocument();

    // A moment after the queue shows: the first row's card, hidden from people and readers.
    const rehearsal = await screen.findByTestId('card-rehearsal', {}, { timeout: 3_000 });
    expect(rehearsal).toHaveAttribute('aria-hidden', 'true');
    expect(rehearsal).toHaveAttribute('inert');
    await waitFor(() => expect(api.ticketCard).toHaveBeenCalledExactlyOnceWith(1));
    answer(card({ id: 1, number: 'SB-000001', subject: 'Ticket number 1' }));
    expect(await within(rehearsal).findByTestId('card-number')).toHaveTextContent('SB-000001');
    // Painted once, then let go; its side panels asked for nothing.
    await waitFor(() => expect(screen.queryByTestId('card-rehearsal')).not.toBeInTheDocument());
    for (const panel of [api.ticketTime, api.ticketRouting, api.ticketClocks, api.ticketBonds, api.ticketEmail, api.suggest]) {
      expect(panel).not.toHaveBeenCalled();
    }
    // Once in a window: the queue shown again does not rehearse again.
    await user.click(screen.getByRole('button', { name: 'away' }));
    await user.click(screen.getByRole('button', { name: 'back' }));
    await screen.findByTestId('queue-row-SB-000001');
    await new Promise((r) => setTimeout(r, 1_500));
    expect(screen.queryByTestId('card-rehearsal')).not.toBeInTheDocument();
    expect(api.ticketCard).toHaveBeenCalledTimes(1);
  });
});
