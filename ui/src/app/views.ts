// The views past the queue, each in a script of its own loaded when first shown, so the start
// reads and runs only what the queue needs. Once the queue is on screen the likely next ones
// (a card, search results, a new ticket) are fetched while the window is idle, so the first
// click does not wait for a script.
import { lazy, type ComponentType } from 'react';

type Loader<P> = () => Promise<ComponentType<P>>;

function view<P>(load: Loader<P>) {
  let loading: Promise<ComponentType<P>> | null = null;
  const once = () => (loading ??= load());
  return Object.assign(
    lazy(() => once().then((c) => ({ default: c }))),
    { preload: once },
  );
}

export const TicketView = view(() => import('../features/ticket/TicketView').then((m) => m.TicketView));
export const NewTicketDialog = view(() => import('../features/ticket/NewTicketDialog').then((m) => m.NewTicketDialog));
export const SearchView = view(() => import('../features/search/SearchView').then((m) => m.SearchView));
export const ClientsList = view(() => import('../features/clients/ClientsList').then((m) => m.ClientsList));
export const ClientForm = view(() => import('../features/clients/ClientForm').then((m) => m.ClientForm));
export const SettingsView = view(() => import('../features/settings/SettingsView').then((m) => m.SettingsView));
export const EmailView = view(() => import('../features/email/EmailView').then((m) => m.EmailView));
export const VendorsView = view(() => import('../features/vendors/VendorsView').then((m) => m.VendorsView));
export const KbList = view(() => import('../features/kb/KbList').then((m) => m.KbList));
export const ArticleEditor = view(() => import('../features/kb/ArticleEditor').then((m) => m.ArticleEditor));
export const PortfolioView = view(() => import('../features/hours/PortfolioView').then((m) => m.PortfolioView));
export const ClientHoursView = view(() => import('../features/hours/ClientHoursView').then((m) => m.ClientHoursView));
export const ReportsView = view(() => import('../features/reports/ReportsView').then((m) => m.default));

/** Fetches the scripts of the views a person opens first from the queue, while idle. */
export function preloadLikelyViews(): void {
  window.setTimeout(() => {
    void TicketView.preload();
    void SearchView.preload();
    void NewTicketDialog.preload();
  }, 300);
}
