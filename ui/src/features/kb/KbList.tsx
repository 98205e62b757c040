// The knowledge base: newest articles first, or those matching the search (every word).
import { useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import { directionLabel, useI18n } from '../../lib/i18n';
import { formatRelative } from '../../lib/format';
import { useDebounced } from '../../lib/hooks';
import { FormError } from '../../lib/ui';
import { useNavigation } from '../../app/navigation';

export function KbList() {
  const { t, language } = useI18n();
  const nav = useNavigation();
  const [search, setSearch] = useState('');
  const debounced = useDebounced(search.trim(), 250);
  const list = useInfiniteQuery({
    queryKey: ['kb', debounced],
    queryFn: ({ pageParam }) => backend.kbArticles({ search: debounced || null, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = list.data?.pages.flatMap((p) => p.rows) ?? [];
  return (
    <section className="page kb-page">
      <div className="toolbar">
        <input
          type="search"
          data-testid="kb-search"
          className="kb-search"
          placeholder={t('kb.search')}
          aria-label={t('kb.search')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <span className="toolbar-spacer" />
        <button type="button" className="btn btn-primary" data-testid="kb-new" onClick={() => nav.go({ kind: 'article', id: null })}>
          + {t('kb.new')}
        </button>
      </div>
      <FormError error={list.error} />
      {list.isSuccess && rows.length === 0 ? (
        <p className="muted" data-testid="kb-empty">
          {debounced ? t('kb.nothing') : t('kb.empty')}
        </p>
      ) : null}
      <ul className="kb-list" data-testid="kb-list">
        {rows.map((a) => (
          <li key={a.id}>
            <button type="button" className="kb-row" data-testid={`kb-row-${a.id}`} onClick={() => nav.go({ kind: 'article', id: a.id })}>
              <span className="kb-row-title">{a.title}</span>
              <span className="muted">{a.direction ? directionLabel(t, a.direction) : ''}</span>
              <span className="kb-tags">
                {a.tags.map((tag) => (
                  <span key={tag} className="tag">
                    {tag}
                  </span>
                ))}
              </span>
              <span className="muted">{formatRelative(a.updatedAt, language)}</span>
            </button>
          </li>
        ))}
      </ul>
      {list.hasNextPage ? (
        <button type="button" className="btn" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {t('kb.more')}
        </button>
      ) : null}
    </section>
  );
}
