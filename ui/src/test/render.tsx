// Renders a piece of the window with fresh queries, a language and a navigation to spy on.
import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { vi } from 'vitest';
import { I18nContext, translator } from '../lib/i18n';
import { setMessageLanguage } from '../lib/messages';
import type { Language } from '../lib/backend';
import { NavigationContext, type Navigation } from '../app/navigation';

export function renderWith(ui: ReactElement, { language = 'en' as Language } = {}) {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, gcTime: Infinity }, mutations: { retry: false } },
  });
  setMessageLanguage(language);
  const nav: Navigation = { view: { kind: 'queue' }, go: vi.fn(), openNewTicket: vi.fn() };
  const result = render(
    <QueryClientProvider client={queryClient}>
      <I18nContext.Provider value={{ language, t: translator(language) }}>
        <NavigationContext.Provider value={nav}>{ui}</NavigationContext.Provider>
      </I18nContext.Provider>
    </QueryClientProvider>,
  );
  return { ...result, nav, queryClient };
}
