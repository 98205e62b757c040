// Full-text search results: tickets and comments, newest first, the matched words marked.
// Rendered as text pieces (never HTML), paged by the back end's keyset cursor.
import { useEffect } from 'react';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import type { SearchHitDto } from '../../lib/backend';
import { useI18n } from '../../lib/i18n';
import { formatDateTime, formatRelative } from '../../lib/format';
import { FormError, StatusPill } from '../../lib/ui';
import { useNavigation } from '../../app/navigation';
import { markPainted } from '../../lib/perf';

export function SearchView({ text }: { text: string }) {
  const { t, language } = useI18n();
  const nav = useNavigation();
  const results = useInfiniteQuery({
    queryKey: ['search', text],
    queryFn: ({ pageParam }) => backend.search({ text, cursor: pageParam, limit: 50 }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // While the next keystroke's results come, the last ones stay on screen.
    placeholderData: keepPreviousData,
  });
  const shownFor = results.isSuccess && !results.isPlaceholderData ? text : null;
  useEffect(() => {
    if (shownFor !== null) markPainted('sb:search-painted', shownFor);
  }, [shownFor, results.dataUpdatedAt]);
  const hits = results.data?.pages.flatMap((p) => p.hits) ?? [];
  const terms = results.data?.pages[0]?.terms ?? [];

  return (
    <section className="page search-page" data-testid="search-results">
      <h2 className="page-title">
        {t('search.resultsFor')} <q>{text}</q>
      </h2>
      {results.isError ? <FormError error={results.error} /> : null}
      {results.isPending ? <p className="muted">{t('search.searching')}</p> : null}
      {results.isSuccess && hits.length === 0 ? (
        <p className="muted" data-testid="search-empty">
          {terms.length === 0 ? t('search.noWords') : t('search.nothing')}
        </p>
      ) : null}
      <ol className="search-hits">
        {/* Keys that stay the same while one types, so a hit being clicked is not replaced. */}
        {hits.map((h, i) => (
          <li key={`${h.kind}-${h.ticketId}-${h.at}-${i}`}>
            <button
              type="button"
              className="search-hit"
              data-testid={`search-hit-${h.number}`}
              onClick={() => nav.go({ kind: 'ticket', id: h.ticketId })}
            >
              <span className="search-hit-head">
                <span className="mono">{h.number}</span>
                <StatusPill status={h.status} />
                <span className="mono muted">{h.clientCode}</span>
                <span className="search-hit-subject">{h.subject}</span>
                <span className="muted search-hit-time" title={formatDateTime(h.at, language)}>
                  {formatRelative(h.at, language)}
                </span>
              </span>
              <Snippet hit={h} label={h.kind === 'comment' ? t('search.inComment') : t('search.inTicket')} />
            </button>
          </li>
        ))}
      </ol>
      {results.hasNextPage ? (
        <button
          type="button"
          className="btn"
          data-testid="search-more"
          disabled={results.isFetchingNextPage}
          onClick={() => void results.fetchNextPage()}
        >
          {t('search.more')}
        </button>
      ) : null}
    </section>
  );
}

function Snippet({ hit, label }: { hit: SearchHitDto; label: string }) {
  return (
    <span className="search-snippet">
      <span className="muted">{label}: </span>
      {hit.snippet.map((p, i) => (p.mark ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </span>
  );
}
