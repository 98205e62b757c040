import { describe, expect, it, vi, beforeEach } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import * as backend from '../../lib/backend';
import { BackendError, type ArticleDto } from '../../lib/backend';
import { ArticleEditor } from './ArticleEditor';
import { SuggestionsPanel } from './SuggestionsPanel';
import { renderWith } from '../../test/render';

vi.mock('../../lib/backend', async (orig) => (await import('../../test/backendMock')).backendMock(orig));
const api = vi.mocked(backend);

const saved: ArticleDto = {
  id: 4,
  title: 'Резервное копирование архива SCADA',
  problem: 'Задание упало: нет места',
  fix: 'Освободили место',
  direction: 'database',
  tags: ['backup'],
  sourceTicketId: 13,
  sourceTicket: 'SB-000013',
  createdByName: 'Olga Ivanova',
  createdAt: 0,
  updatedAt: 1,
};

describe('knowledge base', () => {
  beforeEach(() => vi.clearAllMocks());

  it('drafts an article from a resolved ticket and saves it', async () => {
    const user = userEvent.setup();
    api.articleDraft.mockResolvedValue({
      title: saved.title,
      problem: saved.problem,
      fix: saved.fix,
      direction: 'database',
      tags: '',
      sourceTicketId: 13,
    });
    api.createArticle.mockResolvedValue(saved);
    const { nav } = renderWith(<ArticleEditor id={null} draftFrom={13} />);
    await waitFor(() => expect(screen.getByTestId('kb-title')).toHaveValue(saved.title));
    expect(screen.getByTestId('kb-fix')).toHaveValue('Освободили место');
    await user.type(screen.getByTestId('kb-tags'), 'backup');
    await user.click(screen.getByTestId('kb-save'));
    expect(api.createArticle).toHaveBeenCalledWith({
      title: saved.title,
      problem: saved.problem,
      fix: saved.fix,
      direction: 'database',
      tags: 'backup',
      sourceTicketId: 13,
    });
    await waitFor(() => expect(nav.go).toHaveBeenCalledWith({ kind: 'article', id: 4 }));
  });

  it('shows a refused field under it and keeps the text', async () => {
    const user = userEvent.setup();
    api.createArticle.mockRejectedValue(new BackendError('invalid_input', 'fix: is required', 'fix'));
    renderWith(<ArticleEditor id={null} />);
    await user.type(screen.getByTestId('kb-title'), 'Zebra jams');
    await user.click(screen.getByTestId('kb-save'));
    await waitFor(() => expect(screen.getByTestId('field-error-fix')).toHaveTextContent('required'));
    expect(screen.getByTestId('kb-title')).toHaveValue('Zebra jams');
  });

  it('suggests what was solved before and opens it', async () => {
    const user = userEvent.setup();
    api.suggest.mockResolvedValue({
      tickets: [{ id: 13, number: 'SB-000013', subject: 'Бэкап не завершился', status: 'resolved', resolutionNote: 'Освободили место' }],
      articles: [{ id: 4, title: saved.title, direction: 'database', tags: [], updatedAt: 1 }],
    });
    const onOpen = vi.fn();
    const { nav } = renderWith(<SuggestionsPanel text="Резервное копирование упало" testId="s" onOpen={onOpen} />);
    expect(await screen.findByTestId('suggested-ticket-SB-000013')).toHaveTextContent('Бэкап');
    expect(screen.getByTestId('s')).toHaveTextContent('Освободили место');
    expect(api.suggest).toHaveBeenCalledWith({ text: 'Резервное копирование упало', exceptTicketId: null });
    await user.click(screen.getByTestId('suggested-article-4'));
    expect(onOpen).toHaveBeenCalled();
    expect(nav.go).toHaveBeenCalledWith({ kind: 'article', id: 4 });
  });
});
