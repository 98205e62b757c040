// The shared mock of src/lib/backend: every command a vi.fn, BackendError the real class.
import { vi } from 'vitest';
import type * as Backend from '../lib/backend';
import type {
  BondDto,
  ConnectorKindDto,
  EscalateInput,
  InputLimits,
  VendorDto,
  VendorInput,
  VendorMessageDto,
  OutboxState,
} from '../lib/backend';

const limits: InputLimits = {
  mailBytes: 50 * 1024 * 1024,
  mailHeaders: 10000,
  headerBytes: 1024 * 1024,
  mimeParts: 1000,
  mimeDepth: 50,
  attachmentBytes: 50 * 1024 * 1024,
  textBytes: 4 * 1024 * 1024,
  htmlDepth: 100,
  httpBodyBytes: 16 * 1024 * 1024,
};

// --- vendors: a small in-memory back end (vendors, bonds, the vendor outbox), so a test can
// create, escalate, reopen and retry and see the result on the next read. resetVendorDb()
// between tests; a test can still override any of these with mockResolvedValue.

// The kinds as the back end sends them: words as message ids (vendor-fields.ftl).
const word = (id: string) => ({ id, args: {} });
const example = (text: string) => ({ id: 'vendor-hint-example', args: { example: text } });

export const CONNECTOR_KINDS: ConnectorKindDto[] = [
  {
    kind: 'request_tracker',
    label: word('vendor-kind-request-tracker'),
    fields: [
      { key: 'base_url', label: word('vendor-field-request-tracker-base-url'), required: true, hint: example('https://rt.vendor.example') },
      { key: 'queue', label: word('vendor-field-request-tracker-queue'), required: true, hint: example('General') },
      { key: 'correlation_field', label: word('vendor-field-request-tracker-correlation-field'), required: false, hint: word('vendor-hint-request-tracker-correlation-field') },
    ],
    secret: word('vendor-secret-auth-token'),
  },
  {
    kind: 'jira_service_management',
    label: word('vendor-kind-jira-service-management'),
    fields: [
      { key: 'base_url', label: word('vendor-field-jira-service-management-base-url'), required: true, hint: example('https://yourcompany.atlassian.example') },
      { key: 'email', label: word('vendor-field-jira-service-management-email'), required: true, hint: word('vendor-hint-jira-service-management-email') },
      { key: 'project_key', label: word('vendor-field-jira-service-management-project-key'), required: true, hint: word('vendor-hint-jira-service-management-project-key') },
      { key: 'request_type_id', label: word('vendor-field-jira-service-management-request-type-id'), required: true, hint: word('vendor-hint-jira-service-management-request-type-id') },
    ],
    secret: word('vendor-secret-api-token'),
  },
];

interface VendorDb {
  vendors: VendorDto[];
  secrets: Map<number, string>;
  bonds: BondDto[];
  messages: VendorMessageDto[];
  seq: number;
}

export const vendorDb: VendorDb = { vendors: [], secrets: new Map(), bonds: [], messages: [], seq: 100 };

export function resetVendorDb(vendors: VendorDto[] = [], bonds: BondDto[] = [], messages: VendorMessageDto[] = []) {
  vendorDb.vendors = vendors.map((v) => ({ ...v }));
  vendorDb.secrets = new Map(vendors.filter((v) => v.hasSecret).map((v) => [v.id, 'stored']));
  vendorDb.bonds = bonds.map((b) => ({ ...b }));
  vendorDb.messages = messages.map((m) => ({ ...m }));
  vendorDb.seq = 100;
}

function invalid(actual: typeof Backend, field: string, message: string): never {
  throw new actual.BackendError('invalid_input', message, field);
}

function checkVendor(actual: typeof Backend, input: VendorInput) {
  if (!input.name.trim()) invalid(actual, 'name', 'the name is required');
  const kind = CONNECTOR_KINDS.find((k) => k.kind === input.kind);
  if (!kind) invalid(actual, 'settings', `there is no connector kind "${input.kind}"`);
  for (const f of kind.fields.filter((f) => f.required)) {
    if (!input.settings[f.key]?.trim()) invalid(actual, 'settings', `${kind.label}: fill in ${f.label} (${f.key}), e.g. ${f.hint}`);
  }
  if (input.perMinute < 1 || input.perMinute > 100_000) invalid(actual, 'perMinute', 'requests per minute is 1 to 100000');
  if (input.contacts.some((c) => !c.name.trim())) invalid(actual, 'contacts', 'every contact needs a name');
  return kind;
}

function bondState(id: number): void {
  const b = vendorDb.bonds.find((x) => x.id === id);
  if (!b) return;
  const mine = vendorDb.messages.filter((m) => m.bondId === id);
  b.pendingMessages = mine.filter((m) => m.state === 'pending').length;
  b.deadMessages = mine.filter((m) => m.state === 'dead').length;
  b.lastError = mine.find((m) => m.state === 'dead')?.lastError ?? null;
}

function vendorMocks(actual: typeof Backend) {
  const now = () => Date.now();
  const saveVendor = (id: number, input: VendorInput): VendorDto => {
    const kind = checkVendor(actual, input);
    if (input.secret === '') vendorDb.secrets.delete(id);
    else if (input.secret !== null) vendorDb.secrets.set(id, input.secret);
    const before = vendorDb.vendors.find((v) => v.id === id);
    const v: VendorDto = {
      id,
      name: input.name.trim(),
      directions: [...new Set(input.directions)].sort(),
      kind: input.kind,
      kindLabel: kind.label,
      settings: { ...input.settings },
      sla: input.sla.map((s) => ({ ...s, direction: s.direction.trim() || '*' })),
      contacts: input.contacts.map((c) => ({ ...c })),
      perMinute: input.perMinute,
      enabled: input.enabled,
      hasSecret: vendorDb.secrets.has(id),
      lastSyncAt: before?.lastSyncAt ?? null,
      lastSyncError: before?.lastSyncError ?? null,
      openCases: before?.openCases ?? 0,
      account: before?.account ?? null,
      goneCases: before?.goneCases ?? 0,
    };
    vendorDb.vendors = before ? vendorDb.vendors.map((x) => (x.id === id ? v : x)) : [...vendorDb.vendors, v];
    return { ...v };
  };
  return {
    connectorKinds: vi.fn(async () => CONNECTOR_KINDS),
    listVendors: vi.fn(async () => vendorDb.vendors.map((v) => ({ ...v }))),
    createVendor: vi.fn(async (input: VendorInput) => saveVendor(++vendorDb.seq, input)),
    updateVendor: vi.fn(async (id: number, input: VendorInput) => {
      if (!vendorDb.vendors.some((v) => v.id === id)) throw new actual.BackendError('not_found', `there is no vendor with id ${id}`);
      return saveVendor(id, input);
    }),
    removeVendor: vi.fn(async (id: number) => {
      if (vendorDb.bonds.some((b) => b.vendorId === id)) {
        vendorDb.vendors = vendorDb.vendors.map((v) => (v.id === id ? { ...v, enabled: false } : v));
        return false;
      }
      vendorDb.vendors = vendorDb.vendors.filter((v) => v.id !== id);
      vendorDb.secrets.delete(id);
      return true;
    }),
    testVendor: vi.fn(async (id: number) => {
      const v = vendorDb.vendors.find((x) => x.id === id);
      if (!v) throw new actual.BackendError('not_found', `there is no vendor with id ${id}`);
      return vendorDb.secrets.has(id)
        ? { ok: true, class: 'ok', message: `signed in to ${v.name} as switchboard`, msg: { id: 'vendor-check-ok', args: { who: `signed in to ${v.name} as switchboard` } } }
        : {
            ok: false,
            class: 'bad_credentials',
            message: `${v.name} refused the credentials: the keychain has no secret for it`,
            msg: { id: 'vendor-error-bad-credentials', args: { detail: `the keychain has no secret for ${v.name}` } },
          };
    }),
    escalateTicket: vi.fn(async (input: EscalateInput) => {
      const v = vendorDb.vendors.find((x) => x.id === input.vendorId);
      if (!v) throw new actual.BackendError('not_found', `there is no vendor with id ${input.vendorId}`);
      if (!v.enabled) invalid(actual, 'vendor', `${v.name} is disabled; enable it in Settings → Vendors first`);
      const id = ++vendorDb.seq;
      const at = now();
      const bond: BondDto = {
        id,
        ticketId: input.ticketId,
        vendorId: v.id,
        vendorName: v.name,
        correlation: `SB-${String(input.ticketId).padStart(6, '0')}#${id}`,
        caseNumber: null,
        caseUrl: null,
        vendorStatusRaw: null,
        vendorStatus: null,
        state: 'pending',
        escalatedBy: 'Anna Petrova',
        createdAt: at,
        escalatedAt: null,
        acknowledgedAt: null,
        resolvedAt: null,
        lastSyncAt: null,
        pendingMessages: 0,
        deadMessages: 0,
        lastError: null,
        acknowledge: { state: 'none', dueAt: null, tookMinutes: null },
        resolve: { state: 'none', dueAt: null, tookMinutes: null },
        goneAt: null,
        takesComments: true,
      };
      vendorDb.bonds.push(bond);
      vendorDb.vendors = vendorDb.vendors.map((x) => (x.id === v.id ? { ...x, openCases: x.openCases + 1 } : x));
      vendorDb.messages.push(message(bond, 'create', at));
      bondState(id);
      return { ...bond };
    }),
    ticketBonds: vi.fn(async (ticketId: number) => vendorDb.bonds.filter((b) => b.ticketId === ticketId).map((b) => ({ ...b }))),
    reopenBond: vi.fn(async (id: number, comment: string) => {
      const b = vendorDb.bonds.find((x) => x.id === id);
      if (!b) throw new actual.BackendError('not_found', `there is no vendor case ${id}`);
      if (!comment.trim()) invalid(actual, 'comment', 'the comment is required');
      if (b.state !== 'resolved' && b.state !== 'closed') invalid(actual, 'bond', `the case at ${b.vendorName} is ${b.state}, not resolved; comment on it instead`);
      b.state = 'open';
      b.resolvedAt = null;
      vendorDb.messages.push(message(b, 'reopen', now()));
      bondState(id);
      return { ...b };
    }),
    vendorOutbox: vi.fn(async (state: OutboxState | null) =>
      vendorDb.messages.filter((m) => state === null || m.state === state).map((m) => ({ ...m })),
    ),
    retryVendorMessage: vi.fn(async (id: number) => {
      const m = vendorDb.messages.find((x) => x.id === id);
      if (!m) throw new actual.BackendError('not_found', `there is no vendor message ${id}`);
      if (m.state !== 'dead') invalid(actual, 'id', 'only a message that was given up on can be retried');
      Object.assign(m, { state: 'pending', attempts: 0, nextAttemptAt: now(), lastError: null, errorClass: null });
      bondState(m.bondId);
      return { ...m };
    }),
    syncVendorsNow: vi.fn(async () => ({ casesChanged: 0, commentsAdded: 0, ticketsMoved: 0, error: null })),
    vendorScorecard: vi.fn(async () => []),
  };
}

function message(b: BondDto, kind: string, at: number): VendorMessageDto {
  return {
    id: ++vendorDb.seq,
    bondId: b.id,
    ticketId: b.ticketId,
    ticketNumber: `SB-${String(b.ticketId).padStart(6, '0')}`,
    vendorName: b.vendorName,
    kind,
    state: 'pending',
    attempts: 0,
    nextAttemptAt: at,
    lastError: null,
    errorClass: null,
    createdAt: at,
    sentAt: null,
    caseNumber: b.caseNumber,
  };
}

export async function backendMock(importOriginal: () => Promise<typeof Backend>) {
  const actual = await importOriginal();
  return {
    ...actual,
    // An admin, who may do everything, unless a test says otherwise.
    setupState: vi.fn(async () => ({
      profile: { id: 1, name: 'Anna Admin', role: 'admin', duties: ['packages', 'approve_time', 'routing_rules', 'vendors', 'mailboxes', 'alert_sources'] },
      hasClients: true,
      database: '/tmp/switchboard.db',
      nextDatabase: null,
      language: 'en',
      team: null,
      backgroundWork: true,
    })),
    joinTeam: vi.fn(),
    changePassword: vi.fn(),
    signOut: vi.fn(),
    setBackgroundWork: vi.fn(),
    workStatus: vi.fn(async () => ({ thisProcess: 'window on desk-1 (pid 100)', backgroundWork: true, leaseSeconds: 60, units: [] })),
    moveWorkspace: vi.fn(),
    teamMembers: vi.fn(async () => []),
    startupState: vi.fn(async () => ({ phase: 'ready', database: '/tmp/switchboard.db', error: null })),
    retryStartup: vi.fn(),
    openDatabaseInstead: vi.fn(),
    createProfile: vi.fn(),
    loadDemo: vi.fn(),
    listUsers: vi.fn(async () => []),
    listDirections: vi.fn(async () => ['hardware', 'software', 'network', 'database']),
    listClients: vi.fn(async () => ({ rows: [], nextCursor: null })),
    getClient: vi.fn(),
    createClient: vi.fn(),
    updateClient: vi.fn(),
    noticeDefaults: vi.fn(async () => ({ language: 'en' as const, acknowledge: true, remind: true, satisfaction: true, remindAfterDays: 3, closeAfterDays: 4 })),
    setNoticeDefaults: vi.fn(),
    clientNotices: vi.fn(),
    setClientNotices: vi.fn(),
    setNoticeTemplate: vi.fn(),
    resetNoticeTemplate: vi.fn(),
    createTicket: vi.fn(),
    queuePage: vi.fn(async () => ({ rows: [], nextCursor: null })),
    ticketCard: vi.fn(),
    addComment: vi.fn(),
    changeStatus: vi.fn(),
    assignTicket: vi.fn(),
    takeTicket: vi.fn(),
    setLine: vi.fn(),
    editTicket: vi.fn(),
    bulkChange: vi.fn(),
    calendars: vi.fn(async () => []),
    createCalendar: vi.fn(),
    updateCalendar: vi.fn(),
    deleteCalendar: vi.fn(),
    setCalendarDays: vi.fn(),
    importCalendarIcs: vi.fn(),
    slaPolicies: vi.fn(async () => []),
    createSlaPolicy: vi.fn(),
    updateSlaPolicy: vi.fn(),
    deleteSlaPolicy: vi.fn(),
    ticketClocks: vi.fn(async (id: number) => ({ ticketId: id, policyName: null, clocks: [] })),
    mergeTicket: vi.fn(),
    linkTicket: vi.fn(),
    unlinkTicket: vi.fn(),
    setLanguage: vi.fn(),
    setDatabase: vi.fn(),
    search: vi.fn(),
    listAlertSources: vi.fn(async () => []),
    createAlertSource: vi.fn(),
    updateAlertSource: vi.fn(),
    deleteAlertSource: vi.fn(),
    testAlertSource: vi.fn(),
    pollAlertSource: vi.fn(),
    listUnmatchedAlerts: vi.fn(async () => []),
    ticketAlert: vi.fn(async () => null),
    kbArticles: vi.fn(async () => ({ rows: [], nextCursor: null })),
    kbArticle: vi.fn(),
    createArticle: vi.fn(),
    updateArticle: vi.fn(),
    articleDraft: vi.fn(),
    suggest: vi.fn(async () => ({ tickets: [], articles: [] })),
    queueViews: vi.fn(async () => []),
    saveView: vi.fn(),
    deleteView: vi.fn(),
    listMailboxes: vi.fn(async () => []),
    createMailbox: vi.fn(),
    updateMailbox: vi.fn(),
    removeMailbox: vi.fn(),
    publicMailDomains: vi.fn(async () => ['gmail.com', 'mail.ru']),
    inputLimits: vi.fn(async () => limits),
    setInputLimit: vi.fn(async () => limits),
    addPublicMailDomain: vi.fn(),
    removePublicMailDomain: vi.fn(),
    testMailbox: vi.fn(),
    pollMailbox: vi.fn(),
    listTriage: vi.fn(async () => []),
    acceptTriage: vi.fn(),
    dismissTriage: vi.fn(),
    acceptOntoTicket: vi.fn(),
    listQuarantine: vi.fn(async () => []),
    mailSource: vi.fn(),
    saveMailSource: vi.fn(),
    readMail: vi.fn(async (id: number) => ({ messageId: id, from: null, subject: '', text: '', problem: null, notes: [], charsets: [] })),
    acceptQuarantine: vi.fn(),
    dismissQuarantine: vi.fn(),
    listOutbox: vi.fn(async () => []),
    retryOutbox: vi.fn(),
    ticketEmail: vi.fn(async () => ({ requester: null, attachments: [], emailComments: [], deliveries: [], opening: null })),
    openAttachment: vi.fn(),
    listPackages: vi.fn(async () => []),
    getPackage: vi.fn(),
    createPackage: vi.fn(),
    updatePackage: vi.fn(),
    renewPackage: vi.fn(),
    closePackage: vi.fn(),
    clientDashboard: vi.fn(),
    portfolio: vi.fn(async () => ({ rows: [], uncovered: [] })),
    packageEntries: vi.fn(async () => []),
    ticketTime: vi.fn(async () => ({
      direction: 'network',
      entries: [],
      timer: null,
      packages: [],
      workTypes: ['after_hours', 'on_site', 'remote'],
      actualMinutes: 0,
      billableMinutes: 0,
      today: '2026-11-23',
      canApprove: false,
    })),
    previewTime: vi.fn(async () => ({ billableMinutes: 0, coveredMinutes: 0, overageMinutes: 0, draws: [], warnings: [], refused: null })),
    logTime: vi.fn(),
    deleteTime: vi.fn(),
    adjustTime: vi.fn(),
    approveTime: vi.fn(),
    invoiceTime: vi.fn(),
    startTimer: vi.fn(),
    stopTimer: vi.fn(),
    discardTimer: vi.fn(),
    exportStatement: vi.fn(),
    metrics: vi.fn(),
    exportMetrics: vi.fn(),
    onThresholdNotice: vi.fn(() => () => undefined),
    onSlaNotice: vi.fn(() => () => undefined),
    onAssignmentNotice: vi.fn(() => () => undefined),
    onLinksWaiting: vi.fn(() => () => undefined),
    onTrayAction: vi.fn(() => () => undefined),
    takeLinks: vi.fn(async () => []),
    desktopSettings: vi.fn(async () => ({ theme: 'system' as const, startAtLogin: false, autostartFile: '/home/olga/.config/autostart/switchboard.desktop' })),
    setTheme: vi.fn(async (theme: 'system' | 'light' | 'dark') => ({ theme, startAtLogin: false, autostartFile: '/home/olga/.config/autostart/switchboard.desktop' })),
    setStartAtLogin: vi.fn(async (on: boolean) => ({ theme: 'system' as const, startAtLogin: on, autostartFile: '/home/olga/.config/autostart/switchboard.desktop' })),
    onWorkspaceChanges: vi.fn(() => () => undefined),
    routingRules: vi.fn(async () => []),
    createRule: vi.fn(),
    updateRule: vi.fn(),
    deleteRule: vi.fn(),
    orderRules: vi.fn(),
    businessHours: vi.fn(async () => ({ weekdays: [1, 2, 3, 4, 5], start: '09:00', end: '18:00', utcOffsetMinutes: 0 })),
    setBusinessHours: vi.fn(),
    ticketRouting: vi.fn(async () => ({ queue: null, tags: [], decision: null })),
    routeTicket: vi.fn(),
    dryRunRules: vi.fn(),
    listQueues: vi.fn(async () => []),
    ...vendorMocks(actual),
  };
}
