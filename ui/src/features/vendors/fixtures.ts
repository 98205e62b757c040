// Sample vendor DTOs for the tests.
import type { BondDto, VendorDto, VendorMessageDto } from '../../lib/backend';

export function vendor(patch: Partial<VendorDto> = {}): VendorDto {
  return {
    id: 1,
    name: 'Acme Storage',
    directions: ['database', 'hardware'],
    kind: 'request_tracker',
    kindLabel: { id: 'vendor-kind-request-tracker', args: {} },
    settings: { base_url: 'https://rt.acme.example', queue: 'Storage' },
    sla: [{ direction: '*', acknowledgeMinutes: 60, resolveMinutes: 480 }],
    contacts: [{ name: 'Dmitry Volkov', email: 'dv@acme.example', phone: null }],
    perMinute: 60,
    enabled: true,
    hasSecret: true,
    lastSyncAt: null,
    lastSyncError: null,
    openCases: 0,
    account: null,
    goneCases: 0,
    ...patch,
  };
}

export function bond(patch: Partial<BondDto> = {}): BondDto {
  return {
    id: 11,
    ticketId: 7,
    vendorId: 1,
    vendorName: 'Acme Storage',
    correlation: 'SB-000007#11',
    caseNumber: '4521',
    caseUrl: 'https://rt.acme.example/Ticket/Display.html?id=4521',
    vendorStatusRaw: 'stalled',
    vendorStatus: 'suspended',
    state: 'open',
    escalatedBy: 'Anna Petrova',
    createdAt: Date.UTC(2025, 0, 10, 10),
    escalatedAt: Date.UTC(2025, 0, 10, 10, 1),
    acknowledgedAt: Date.UTC(2025, 0, 10, 10, 40),
    resolvedAt: null,
    lastSyncAt: Date.UTC(2025, 0, 10, 11),
    pendingMessages: 0,
    deadMessages: 0,
    lastError: null,
    acknowledge: { state: 'met', dueAt: null, tookMinutes: 39 },
    resolve: { state: 'running', dueAt: Date.UTC(2025, 0, 10, 18, 1), tookMinutes: null },
    goneAt: null,
    takesComments: true,
    ...patch,
  };
}

export function vendorMessage(patch: Partial<VendorMessageDto> = {}): VendorMessageDto {
  return {
    id: 31,
    bondId: 11,
    ticketId: 7,
    ticketNumber: 'SB-000007',
    vendorName: 'Acme Storage',
    kind: 'comment',
    state: 'dead',
    attempts: 8,
    nextAttemptAt: 0,
    lastError: 'RT answered 403: no right to comment on ticket 4521',
    errorClass: 'missing_permission',
    createdAt: Date.UTC(2025, 0, 10, 12),
    sentAt: null,
    caseNumber: '4521',
    ...patch,
  };
}
