// The desk's frame: sidebar navigation, the top bar, the current view, the global keys.
import { Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import * as backend from '../lib/backend';
import type { Language, SetupState } from '../lib/backend';
import { applyChanges } from '../lib/live';
import { roleLabel, useT, type MessageKey } from '../lib/i18n';
import { keys } from '../lib/queries';
import { errorText } from '../lib/ui';
import { isTyping, useWindowKeydown } from '../lib/hooks';
import { QueueView } from '../features/queue/QueueView';
import { DEFAULT_FILTERS, type QueueFilters } from '../features/queue/filters';
import {
  ArticleEditor,
  ClientForm,
  ClientHoursView,
  ClientsList,
  EmailView,
  KbList,
  NewTicketDialog,
  PortfolioView,
  ReportsView,
  SearchView,
  SettingsView,
  TicketView,
  VendorsView,
} from './views';
import { ThresholdToasts } from '../features/hours/ThresholdToasts';
import { SlaToasts } from '../features/sla/SlaToasts';
import { AssignmentToasts } from '../features/desk/AssignmentToasts';
import { CommandPalette } from '../features/desk/CommandPalette';
import { viewActions, type PaletteCommand } from '../features/desk/palette';
import { useDeskLinks } from '../features/desk/links';
import { THEMES, useSetTheme } from '../features/desk/DesktopSettings';
import { NavigationContext, type Navigation, type View } from './navigation';
import { mark } from '../lib/perf';
import { markOnce } from '../lib/perf';

export function Shell({ setup, startView }: { setup: SetupState; startView: View }) {
  markOnce('sb:shell-render');
  const t = useT();
  // Live updates: what any desk commits marks the queries showing it stale, read again in place.
  const qc = useQueryClient();
  useEffect(() => backend.onWorkspaceChanges((batch) => applyChanges(qc, batch)), [qc]);
  const [view, setView] = useState<View>(startView);
  const [newTicketOpen, setNewTicketOpen] = useState(false);
  // Kept here so the queue comes back as it was left after a card.
  const [filters, setFilters] = useState<QueueFilters>(DEFAULT_FILTERS);
  const [highlight, setHighlight] = useState(0);
  const [searchText, setSearchText] = useState('');

  const go = useCallback((next: View) => setView(next), []);
  const openNewTicket = useCallback(() => setNewTicketOpen(true), []);
  const nav = useMemo<Navigation>(() => ({ view, go, openNewTicket }), [view, go, openNewTicket]);
  // switchboard:// links (this start's, a second start's): a ticket's opens its card.
  const links = useDeskLinks(go);
  const showMine = useCallback(() => {
    setFilters({ ...DEFAULT_FILTERS, assignee: 'me' });
    setHighlight(0);
    setView({ kind: 'queue' });
  }, []);
  // The tray menu's choices the window acts on.
  useEffect(
    () =>
      backend.onTrayAction((action) => {
        if (action === 'new-ticket') setNewTicketOpen(true);
        else if (action === 'my-open') showMine();
      }),
    [showMine],
  );
  const [palette, setPalette] = useState<PaletteCommand[] | null>(null);
  const setTheme = useSetTheme();
  const setLanguage = (language: Language) =>
    void backend
      .setLanguage(language)
      .then((saved) => qc.setQueryData<SetupState>(keys.setup, (old) => (old ? { ...old, language: saved } : old)));
  const openPalette = () => {
    const sections: [View['kind'], MessageKey][] = [
      ['queue', 'nav.queue'],
      ['clients', 'nav.clients'],
      ['hours', 'nav.hours'],
      ['reports', 'nav.reports'],
      ['email', 'nav.email'],
      ['vendors', 'nav.vendors'],
      ['kb', 'nav.kb'],
      ['settings', 'nav.settings'],
    ];
    const desk: PaletteCommand[] = [
      { id: 'new-ticket', group: t('palette.desk'), label: t('top.newTicket'), keys: 'N', run: () => setNewTicketOpen(true) },
      {
        id: 'search',
        group: t('palette.desk'),
        label: t('palette.search'),
        keys: 'Ctrl+K',
        run: () => document.querySelector<HTMLElement>('[data-testid="search-input"]')?.focus(),
      },
      { id: 'mine', group: t('palette.desk'), label: t('palette.mine'), run: showMine },
      ...sections.map(([kind, label]) => ({
        id: `go-${kind}`,
        group: t('palette.goTo'),
        label: t(label),
        run: () => setView({ kind } as View),
      })),
      ...THEMES.map((o) => ({
        id: `theme-${o.value}`,
        group: t('palette.theme'),
        label: t(o.label),
        run: () => setTheme.mutate(o.value),
      })),
      ...(['en', 'ru'] as Language[]).map((l) => ({
        id: `language-${l}`,
        group: t('palette.language'),
        label: l === 'en' ? 'English' : 'Русский',
        run: () => setLanguage(l),
      })),
    ];
    const main = document.querySelector<HTMLElement>('main.main');
    const here = main ? viewActions(main, t('palette.thisView', { view: title })) : [];
    setPalette([...here, ...desk]);
  };

  useWindowKeydown((e) => {
    if (newTicketOpen || palette || e.defaultPrevented) return; // the dialogs handle their own keys
    if (e.key === 'F1' || ((e.ctrlKey || e.metaKey) && e.shiftKey && e.code === 'KeyP')) {
      e.preventDefault();
      openPalette();
      return;
    }
    if ((e.ctrlKey || e.metaKey) && (e.key === 'k' || e.key === 'K' || e.key === 'л' || e.key === 'Л')) {
      e.preventDefault();
      document.querySelector<HTMLElement>('[data-testid="search-input"]')?.focus();
      return;
    }
    if (e.key === 'Escape') {
      if (view.kind !== 'queue') {
        e.preventDefault();
        setView({ kind: 'queue' });
      }
      return;
    }
    if (isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === 'n' || e.key === 'N' || e.key === 'т' || e.key === 'Т') {
      e.preventDefault();
      setNewTicketOpen(true);
    } else if (e.key === '/') {
      e.preventDefault();
      setView({ kind: 'queue' });
      // The filter exists once the queue is on screen.
      window.setTimeout(() => document.querySelector<HTMLElement>('[data-testid="queue-filter"]')?.focus(), 0);
    }
  });

  const profile = setup.profile!;
  const section =
    view.kind === 'ticket' || view.kind === 'search'
      ? 'queue'
      : view.kind === 'client'
        ? 'clients'
        : view.kind === 'article'
          ? 'kb'
          : view.kind === 'clientHours'
            ? 'hours'
            : view.kind;
  const navItem = (kind: 'queue' | 'clients' | 'hours' | 'reports' | 'email' | 'vendors' | 'kb' | 'settings', label: string, icon: string) => (
    <button
      type="button"
      className={`nav-item ${section === kind ? 'active' : ''}`}
      aria-current={section === kind ? 'page' : undefined}
      data-testid={`nav-${kind}`}
      onClick={() => setView({ kind })}
    >
      <svg className="nav-icon" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
        <path d={icon} fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      <span>{label}</span>
    </button>
  );

  let main;
  switch (view.kind) {
    case 'queue':
      main = (
        <QueueView
          filters={filters}
          onFiltersChange={(f) => {
            setFilters(f);
            setHighlight(0);
          }}
          highlight={highlight}
          onHighlight={setHighlight}
          me={profile.id}
          hasClients={setup.hasClients}
        />
      );
      break;
    case 'ticket':
      main = <TicketView key={view.id} id={view.id} head={view.head} me={profile.id} />;
      break;
    case 'clients':
      main = <ClientsList />;
      break;
    case 'client':
      main = <ClientForm key={view.id ?? 'new'} id={view.id} />;
      break;
    case 'settings':
      main = <SettingsView setup={setup} />;
      break;
    case 'email':
      main = <EmailView />;
      break;
    case 'vendors':
      main = <VendorsView />;
      break;
    case 'search':
      main = <SearchView text={view.text} />;
      break;
    case 'kb':
      main = <KbList />;
      break;
    case 'article':
      main = <ArticleEditor key={`${view.id}-${view.draftFrom}`} id={view.id} draftFrom={view.draftFrom} />;
      break;
    case 'hours':
      main = <PortfolioView />;
      break;
    case 'clientHours':
      main = <ClientHoursView key={view.id} clientId={view.id} />;
      break;
    case 'reports':
      main = <ReportsView />;
      break;
  }

  const title =
    view.kind === 'search'
      ? t('search.title')
      : view.kind === 'kb' || view.kind === 'article'
      ? t('nav.kb')
      : view.kind === 'hours' || view.kind === 'clientHours'
      ? t('nav.hours')
      : view.kind === 'reports'
      ? t('nav.reports')
      : view.kind === 'ticket' || view.kind === 'queue'
      ? t('nav.queue')
      : view.kind === 'settings'
        ? t('nav.settings')
        : view.kind === 'email'
        ? t('nav.email')
        : view.kind === 'vendors'
        ? t('nav.vendors')
        : t('nav.clients');

  return (
    <NavigationContext.Provider value={nav}>
      <div className="shell">
        <aside className="sidebar">
          <div className="brand">
            <span className="brand-mark" aria-hidden="true">
              SB
            </span>
            <span className="brand-name">{t('app.name')}</span>
          </div>
          <nav aria-label={t('nav.main')} className="nav">
            {navItem('queue', t('nav.queue'), ICONS.queue)}
            {navItem('clients', t('nav.clients'), ICONS.clients)}
            {navItem('hours', t('nav.hours'), ICONS.hours)}
            {navItem('reports', t('nav.reports'), ICONS.reports)}
            {navItem('email', t('nav.email'), ICONS.email)}
            {navItem('vendors', t('nav.vendors'), ICONS.vendors)}
            {navItem('kb', t('nav.kb'), ICONS.kb)}
            {navItem('settings', t('nav.settings'), ICONS.settings)}
          </nav>
          <div className="profile" title={profile.name}>
            <span className="avatar" aria-hidden="true">
              {initials(profile.name)}
            </span>
            <span className="profile-text">
              <span className="profile-name">{profile.name}</span>
              <span className="profile-role">{roleLabel(t, profile.role)}</span>
            </span>
          </div>
        </aside>
        <div className="workspace">
          <header className="topbar">
            <h1 className="topbar-title">{title}</h1>
            <form
              className="topbar-search"
              role="search"
              onSubmit={(e) => {
                e.preventDefault();
                if (searchText.trim()) setView({ kind: 'search', text: searchText.trim() });
              }}
            >
              <input
                type="search"
                data-testid="search-input"
                aria-label={t('search.placeholder')}
                placeholder={t('search.placeholder')}
                value={searchText}
                onChange={(e) => {
                  setSearchText(e.target.value);
                  // Results as one types, from the second character on (Enter shows them too).
                  const text = e.target.value.trim();
                  mark('sb:search-key', text);
                  if (text.length >= SEARCH_FROM) setView({ kind: 'search', text });
                }}
              />
            </form>
            <button
              type="button"
              className="btn"
              data-testid="palette-button"
              title={t('palette.hint')}
              onClick={openPalette}
            >
              {t('palette.open')}
              <kbd>Ctrl+Shift+P</kbd>
            </button>
            <button
              type="button"
              className="btn btn-primary"
              data-testid="new-ticket-button"
              title={t('top.newTicketHint')}
              onClick={() => setNewTicketOpen(true)}
            >
              + {t('top.newTicket')}
              <kbd className="kbd-on-primary">N</kbd>
            </button>
          </header>
          <main className="main">
            <Suspense fallback={<p className="muted">{t('app.loading')}</p>}>{main}</Suspense>
          </main>
          <ThresholdToasts />
          <SlaToasts />
          <AssignmentToasts />
          {links.refused ? (
            <div className="toasts toasts-link" role="alert">
              <button type="button" className="toast toast-refused" data-testid="link-refused" onClick={links.dismiss}>
                <strong>{t('desk.linkRefused')}</strong>
                <span>{errorText(t, links.refused)}</span>
              </button>
            </div>
          ) : null}
        </div>
      </div>
      {newTicketOpen ? (
        <Suspense fallback={null}>
        <NewTicketDialog
          onClose={() => setNewTicketOpen(false)}
          presetClientId={filters.clientId}
          onCreated={(ticket) => {
            setNewTicketOpen(false);
            setView({ kind: 'ticket', id: ticket.id, head: ticket });
          }}
        />
        </Suspense>
      ) : null}
      {palette ? <CommandPalette commands={palette} onClose={() => setPalette(null)} /> : null}
    </NavigationContext.Provider>
  );
}

/** Characters typed before results show as one types. */
const SEARCH_FROM = 2;

const ICONS = {
  email: 'M2 4h12v8H2zM2 4l6 5 6-5',
  vendors: 'M1.5 5.5h7v6h-7zM8.5 7.5h3l2.5 2.5v1.5h-5.5M4 13.5a1 1 0 1 0 0-.01M11.5 13.5a1 1 0 1 0 0-.01',
  hours: 'M8 2a6 6 0 1 0 0 12a6 6 0 1 0 0-12M8 4.5V8l2.5 1.5',
  queue: 'M2.5 4h11M2.5 8h11M2.5 12h7',
  reports: 'M2.5 13.5h11M4 11V7.5M7 11V4M10 11V8.5M13 11V5.5',
  clients: 'M2.5 13.5v-9l5-2 5 2v9M5.5 7h1M9.5 7h1M5.5 10h1M9.5 10h1M1.5 13.5h13',
  kb: 'M3 2.5h7.5l2.5 2.5v8.5H3zM5.5 6.5h5M5.5 9h5M5.5 11.5h3',
  settings: 'M8 5.5a2.5 2.5 0 1 0 0 5a2.5 2.5 0 1 0 0-5M8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4',
};

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts[1]?.[0] ?? '')).toUpperCase() || '?';
}
