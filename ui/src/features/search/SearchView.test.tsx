import { describe, expect, it, vi, beforeEach } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import * as backend from '../../lib/backend';
import type { SearchHitDto } from '../../lib/backend';
import { SearchView } from './SearchView';
import { renderWith } from '../../test/render';

vi.mock('../../lib/backend', async (orig) => (await import('../../test/backendMock')).backendMock(orig));
const api = vi.mocked(backend);

const hit = (n: number, patch: Partial<SearchHitDto> = {}): SearchHitDto => ({
  kind: 'comment',
  ticketId: n,
  number: `SB-${String(n).padStart(6, '0')}`,
  subject: `Ticket ${n}`,
  status: 'open',
  clientCode: 'VOLGA',
  at: Date.now() - n * 60_000,
  snippet: [
    { text: 'Заменили ', mark: false },
    { text: 'ПРИНТЕР', mark: true },
    { text: ' в кассе', mark: false },
  ],
  ...patch,
});

describe('search results', () => {
  beforeEach(() => vi.clearAllMocks());

  it('marks the matched words as text, not HTML, and opens the ticket', async () => {
    const user = userEvent.setup();
    api.search.mockResolvedValue({
      hits: [hit(5, { snippet: [{ text: '<b>x</b> ', mark: false }, { text: 'принтер', mark: true }] })],
      nextCursor: null,
      terms: ['принтер'],
    });
    const { nav } = renderWith(<SearchView text="принтер" />);
    const found = await screen.findByTestId('search-hit-SB-000005');
    expect(found.querySelector('mark')?.textContent).toBe('принтер');
    expect(found.querySelector('b')).toBeNull();
    expect(found).toHaveTextContent('<b>x</b>');
    expect(api.search).toHaveBeenCalledWith({ text: 'принтер', cursor: null, limit: 50 });
    await user.click(found);
    expect(nav.go).toHaveBeenCalledWith({ kind: 'ticket', id: 5 });
  });

  it('asks for the next page with the cursor it was given', async () => {
    const user = userEvent.setup();
    api.search
      .mockResolvedValueOnce({ hits: [hit(9)], nextCursor: 'c1', terms: ['принтер'] })
      .mockResolvedValueOnce({ hits: [hit(3)], nextCursor: null, terms: ['принтер'] });
    renderWith(<SearchView text="принтер" />);
    await user.click(await screen.findByTestId('search-more'));
    await screen.findByTestId('search-hit-SB-000003');
    expect(api.search).toHaveBeenLastCalledWith({ text: 'принтер', cursor: 'c1', limit: 50 });
    await waitFor(() => expect(screen.queryByTestId('search-more')).not.toBeInTheDocument());
  });

  it('says when nothing matched', async () => {
    api.search.mockResolvedValue({ hits: [], nextCursor: null, terms: ['zzz'] });
    renderWith(<SearchView text="zzz" />);
    expect(await screen.findByTestId('search-empty')).toHaveTextContent('Nothing found');
  });
});
