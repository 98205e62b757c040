// Where the window is: one view at a time in the main area, no URL router (a desktop app).
import { createContext, useContext } from 'react';
import type { Priority, Status } from '../lib/backend';

/** What the card can show at once, before it has loaded: taken from the queue row. */
export interface TicketHead {
  id: number;
  number: string;
  subject: string;
  priority: Priority;
  status: Status;
  clientCode?: string;
  clientName?: string;
}

export type View =
  | { kind: 'queue' }
  | { kind: 'ticket'; id: number; head?: TicketHead }
  | { kind: 'clients' }
  | { kind: 'client'; id: number | null }
  | { kind: 'settings' }
  | { kind: 'email' }
  | { kind: 'vendors' }
  | { kind: 'search'; text: string }
  | { kind: 'kb' }
  | { kind: 'article'; id: number | null; draftFrom?: number }
  | { kind: 'hours' }
  | { kind: 'reports' }
  | { kind: 'clientHours'; id: number };

export interface Navigation {
  view: View;
  go: (view: View) => void;
  openNewTicket: () => void;
}

export const NavigationContext = createContext<Navigation>({
  view: { kind: 'queue' },
  go: () => undefined,
  openNewTicket: () => undefined,
});

export function useNavigation(): Navigation {
  return useContext(NavigationContext);
}
