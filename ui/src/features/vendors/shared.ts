// What the vendor features share: query keys, the vendors list and kinds, words for the
// back end's codes (bond states, check classes, message kinds).
import { useQuery } from '@tanstack/react-query';
import * as backend from '../../lib/backend';
import type { MessageKey, Translate } from '../../lib/i18n';

export const vendorKeys = {
  all: ['vendors'] as const,
  list: ['vendors', 'list'] as const,
  kinds: ['vendors', 'kinds'] as const,
  outbox: (state: backend.OutboxState | null) => ['vendors', 'outbox', state ?? 'all'] as const,
  scorecard: ['vendors', 'scorecard'] as const,
  /** Under the card's key: whatever refreshes the card refreshes its vendor cases too. */
  bonds: (ticketId: number) => ['ticket', ticketId, 'vendors'] as const,
};

export function useVendors() {
  return useQuery({ queryKey: vendorKeys.list, queryFn: backend.listVendors, staleTime: 10_000 });
}

export function useConnectorKinds() {
  return useQuery({ queryKey: vendorKeys.kinds, queryFn: backend.connectorKinds, staleTime: Infinity });
}

/** A code the back end sends, in words when there is a translation; else the code itself. */
function known(t: Translate, key: string, code: string): string {
  const text = t(key as MessageKey);
  return text === key ? code : text;
}

export const bondStateLabel = (t: Translate, state: string) => known(t, `vendors.state.${state}`, state);
export const checkClassLabel = (t: Translate, cls: string) => known(t, `vendors.class.${cls}`, cls);
export const messageKindLabel = (t: Translate, kind: string) => known(t, `vendors.message.${kind}`, kind);

