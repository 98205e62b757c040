// The clients: a search box and keyset pages, newest matches first as the back end orders them.
import { useState } from 'react';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import { useT } from '../../lib/i18n';
import { useDebounced } from '../../lib/hooks';
import { keys } from '../../lib/queries';
import { Skeleton, errorText } from '../../lib/ui';
import { useNavigation } from '../../app/navigation';

export function ClientsList() {
  const t = useT();
  const nav = useNavigation();
  const [search, setSearch] = useState('');
  const query = useDebounced(search.trim(), 200);
  const list = useInfiniteQuery({
    queryKey: keys.clientList(query),
    queryFn: ({ pageParam }) => backend.listClients({ search: query || null, cursor: pageParam, limit: 50 }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const rows = list.data?.pages.flatMap((p) => p.rows) ?? [];
  const open = (id: number) => nav.go({ kind: 'client', id });

  return (
    <section className="page">
      <div className="toolbar">
        <input
          type="search"
          className="quick-filter wide"
          placeholder={t('clients.search')}
          aria-label={t('clients.search')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <span className="toolbar-spacer" />
        <button type="button" className="btn btn-primary" data-testid="client-new" onClick={() => nav.go({ kind: 'client', id: null })}>
          + {t('clients.new')}
        </button>
      </div>
      {list.isError ? (
        <div className="banner banner-error" role="alert" data-testid="form-error">
          <strong>{t('clients.failed')}</strong> {errorText(t, list.error)}
        </div>
      ) : null}
      <div className="list-wrap">
        <table className="data-table" data-testid="clients-list">
          <thead>
            <tr>
              <th scope="col" className="w-code">
                {t('clients.col.code')}
              </th>
              <th scope="col">{t('clients.col.name')}</th>
              <th scope="col" className="num">
                {t('clients.col.contacts')}
              </th>
              <th scope="col" className="num">
                {t('clients.col.active')}
              </th>
            </tr>
          </thead>
          <tbody>
            {list.isPending
              ? Array.from({ length: 5 }, (_, i) => (
                  <tr key={i} aria-hidden="true">
                    <td colSpan={4}>
                      <Skeleton width={`${50 + i * 8}%`} height={10} />
                    </td>
                  </tr>
                ))
              : null}
            {rows.map((c) => (
              <tr
                key={c.id}
                className="clickable"
                data-testid={`client-row-${c.code}`}
                tabIndex={0}
                onClick={() => open(c.id)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') open(c.id);
                }}
              >
                <td>
                  <span className="client-code">{c.code}</span>
                </td>
                <td>{c.name}</td>
                <td className="num">{c.contactCount}</td>
                <td className="num">{c.activeTickets > 0 ? <strong>{c.activeTickets}</strong> : <span className="muted">0</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {list.isSuccess && rows.length === 0 ? (
          <div className="empty">
            <p className="muted">{query ? t('clients.noMatch', { search: query }) : t('clients.empty')}</p>
          </div>
        ) : null}
        {list.hasNextPage ? (
          <div className="list-foot">
            <button type="button" className="btn" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
              {list.isFetchingNextPage ? t('common.loading') : t('common.loadMore')}
            </button>
          </div>
        ) : null}
      </div>
    </section>
  );
}
