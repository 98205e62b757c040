// Query keys and the small shared queries (setup, people, directions, clients for pickers).
import { useQuery } from '@tanstack/react-query';
import * as backend from './backend';
import type { Duty, SetupState } from './backend';

export const keys = {
  setup: ['setup'] as const,
  users: ['users'] as const,
  team: ['team'] as const,
  directions: ['directions'] as const,
  clients: ['clients'] as const,
  clientList: (search: string) => ['clients', 'list', search] as const,
  clientPicker: (search: string) => ['clients', 'picker', search] as const,
  client: (id: number) => ['clients', 'one', id] as const,
  queue: ['queue'] as const,
  views: ['views'] as const,
  ticket: (id: number) => ['ticket', id] as const,
};

/** The workspace's setup; `enabled` is false until start-up has opened a workspace. `onArrive`
 * runs as the answer comes, before anything renders with it, and the setup is given to the
 * window once what it returns has settled (the start waits a moment for the queue's rows). */
export function useSetupState(enabled = true, onArrive?: (setup: SetupState) => Promise<unknown> | void) {
  return useQuery({
    queryKey: keys.setup,
    queryFn: onArrive
      ? async () => {
          const setup = await backend.setupState();
          await onArrive(setup);
          return setup;
        }
      : backend.setupState,
    staleTime: Infinity,
    enabled,
  });
}

/** Whether the person at this desk has `duty` (the back end's role table): the window shows
 * the action only then; the back end (and a team's database) refuses it anyway. */
export function useCan(duty: Duty): boolean {
  const setup = useSetupState();
  return setup.data?.profile?.duties.includes(duty) ?? false;
}

export const startupKey = ['startup'] as const;

/** Start-up: ready, or failed with the reason (the recovery screen sets it after each try). */
export function useStartupState() {
  return useQuery({ queryKey: startupKey, queryFn: backend.startupState, staleTime: Infinity });
}

export function useUsers() {
  return useQuery({ queryKey: keys.users, queryFn: backend.listUsers, staleTime: 60_000 });
}

export function useDirections() {
  return useQuery({ queryKey: keys.directions, queryFn: backend.listDirections, staleTime: 5 * 60_000 });
}

/** Clients for a select: the first 200 that match (pickers narrow with a search, never page). */
export function useClientPicker(search = '') {
  return useQuery({
    queryKey: keys.clientPicker(search),
    queryFn: () => backend.listClients({ search: search.trim() || null, cursor: null, limit: 200 }),
    staleTime: 30_000,
    placeholderData: (prev) => prev,
  });
}
