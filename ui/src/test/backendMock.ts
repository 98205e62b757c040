// The shared mock of src/lib/backend: every command a vi.fn, BackendError the real class.
import { vi } from 'vitest';
import type * as Backend from '../lib/backend';

export async function backendMock(importOriginal: () => Promise<typeof Backend>) {
  const actual = await importOriginal();
  return {
    ...actual,
    setupState: vi.fn(),
    createProfile: vi.fn(),
    loadDemo: vi.fn(),
    listUsers: vi.fn(async () => []),
    listDirections: vi.fn(async () => ['hardware', 'software', 'network', 'database']),
    listClients: vi.fn(async () => ({ rows: [], nextCursor: null })),
    getClient: vi.fn(),
    createClient: vi.fn(),
    updateClient: vi.fn(),
    createTicket: vi.fn(),
    queuePage: vi.fn(async () => ({ rows: [], nextCursor: null })),
    ticketCard: vi.fn(),
    addComment: vi.fn(),
    changeStatus: vi.fn(),
    assignTicket: vi.fn(),
    takeTicket: vi.fn(),
    setLine: vi.fn(),
    mergeTicket: vi.fn(),
    linkTicket: vi.fn(),
    unlinkTicket: vi.fn(),
    setLanguage: vi.fn(),
    setDatabase: vi.fn(),
    search: vi.fn(),
    kbArticles: vi.fn(async () => ({ rows: [], nextCursor: null })),
    kbArticle: vi.fn(),
    createArticle: vi.fn(),
    updateArticle: vi.fn(),
    articleDraft: vi.fn(),
    suggest: vi.fn(async () => ({ tickets: [], articles: [] })),
    queueViews: vi.fn(async () => []),
    saveView: vi.fn(),
    deleteView: vi.fn(),
  };
}
