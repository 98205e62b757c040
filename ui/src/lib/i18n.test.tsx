import { screen, waitFor } from '@testing-library/react';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import * as backend from './backend';
import { directionLabel, en, isFluent, ru, translator } from './i18n';
import { App } from '../app/App';

vi.mock('./backend', async (orig) => (await import('../test/backendMock')).backendMock(orig));
const api = vi.mocked(backend);

describe('i18n', () => {
  it('has every English key in Russian, with text', () => {
    expectTypeOf(ru).toEqualTypeOf<typeof en>();
    const missing = Object.keys(en).filter((k) => !(k in ru) || !(ru as Record<string, string>)[k].trim());
    expect(missing).toEqual([]);
    expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort());
  });

  it('keeps the placeholders of each message (short {name} or Fluent { $name })', () => {
    const holes = (s: string) => [...new Set((s.match(/\{ ?\$?\w+/g) ?? []).map((h) => h.replace(/[{ $]/g, '')))].sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(holes(ru[key]), key).toEqual(holes(en[key]));
    }
  });

  it('words counts with the plural forms of each language (Russian has three)', () => {
    const ruT = translator('ru');
    const enT = translator('en');
    expect(ruT('hours.inDays', { count: 1 })).toBe('через 1 день');
    expect(ruT('hours.inDays', { count: 3 })).toBe('через 3 дня');
    expect(ruT('hours.inDays', { count: 5 })).toBe('через 5 дней');
    expect(ruT('hours.inDays', { count: 22 })).toBe('через 22 дня');
    expect(enT('hours.inDays', { count: 1 })).toBe('in 1 day');
    expect(enT('vendors.openCases', { count: 2 })).toBe('2 open cases');
    expect(ruT('team.passwordTooShort', { n: 21 })).toBe('Не короче 21 символа.');
  });

  it('parses every value written in Fluent syntax, in both languages', () => {
    for (const language of ['en', 'ru'] as const) {
      const t = translator(language);
      const dict: Record<string, string> = language === 'en' ? en : ru;
      for (const [key, text] of Object.entries(dict)) {
        if (!isFluent(text)) continue;
        const vars = Object.fromEntries((text.match(/\$\w+/g) ?? []).map((v) => [v.slice(1), 2]));
        const out = t(key as keyof typeof en, vars);
        expect(out, `${language} ${key}`).not.toBe(key);
        expect(out, `${language} ${key}`).not.toMatch(/[{}$]/);
      }
    }
  });

  it('names directions, and shows an unknown direction as its code', () => {
    const t = translator('ru');
    expect(directionLabel(t, 'hardware')).toBe('Оборудование');
    expect(directionLabel(t, 'software')).toBe('ПО');
    expect(directionLabel(t, 'network')).toBe('Сети');
    expect(directionLabel(t, 'database')).toBe('Базы данных');
    expect(directionLabel(t, 'telephony')).toBe('telephony');
  });

  it('switches the language from Settings at once', async () => {
    const user = userEvent.setup();
    api.setupState.mockResolvedValue({
      profile: { id: 1, name: 'Anna Petrova', role: 'engineer', duties: [] },
      hasClients: true,
      database: '/tmp/switchboard.db', nextDatabase: null,
      language: 'en',
      backgroundWork: true,
    });
    api.setLanguage.mockResolvedValue('ru');
    const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    render(
      <QueryClientProvider client={qc}>
        <App />
      </QueryClientProvider>,
    );
    expect(await screen.findByTestId('nav-queue')).toHaveTextContent('Queue');
    await user.click(screen.getByTestId('nav-settings'));
    expect(await screen.findByTestId('settings-database')).toHaveTextContent('/tmp/switchboard.db');
    await user.selectOptions(screen.getByTestId('settings-language'), 'ru');
    expect(api.setLanguage).toHaveBeenCalledWith('ru');
    await waitFor(() => expect(screen.getByTestId('nav-queue')).toHaveTextContent('Очередь'));
    expect(screen.getByTestId('nav-settings')).toHaveTextContent('Настройки');
    expect(document.documentElement.lang).toBe('ru');
  });
});
