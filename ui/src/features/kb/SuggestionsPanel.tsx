// "Solved before": resolved tickets and articles about the same problem, offered while a
// ticket is written and on its card, so the first line can reuse a fix that worked.
import { useQuery } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import { useT } from '../../lib/i18n';
import { useDebounced } from '../../lib/hooks';
import { BookIcon } from '../../lib/ui';
import { useNavigation } from '../../app/navigation';
import { useCardPainted } from '../ticket/firstPaint';

export function SuggestionsPanel({
  text,
  exceptTicketId = null,
  testId,
  onOpen,
}: {
  text: string;
  exceptTicketId?: number | null;
  testId: string;
  /** Called before leaving for a suggestion (a dialog closes itself). */
  onOpen?: () => void;
}) {
  const t = useT();
  const nav = useNavigation();
  const debounced = useDebounced(text.trim(), 350);
  const painted = useCardPainted();
  const found = useQuery({
    queryKey: ['suggest', debounced, exceptTicketId],
    queryFn: () => backend.suggest({ text: debounced, exceptTicketId }),
    enabled: painted && debounced.length >= 3,
    staleTime: 30_000,
  });
  const data = found.data;
  if (!data || (data.tickets.length === 0 && data.articles.length === 0)) return null;
  const go = (view: Parameters<typeof nav.go>[0]) => {
    onOpen?.();
    nav.go(view);
  };
  return (
    <section className="suggestions" data-testid={testId} aria-label={t('suggest.title')}>
      <h4 className="suggestions-title">{t('suggest.title')}</h4>
      <ul>
        {data.articles.map((a) => (
          <li key={`a${a.id}`}>
            <button type="button" className="link-button" data-testid={`suggested-article-${a.id}`} onClick={() => go({ kind: 'article', id: a.id })}>
              <BookIcon /> {a.title}
            </button>
          </li>
        ))}
        {data.tickets.map((s) => (
          <li key={`t${s.id}`}>
            <button type="button" className="link-button" data-testid={`suggested-ticket-${s.number}`} onClick={() => go({ kind: 'ticket', id: s.id })}>
              <span className="mono">{s.number}</span> {s.subject}
            </button>
            {s.resolutionNote ? <div className="suggestion-fix">{s.resolutionNote}</div> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
