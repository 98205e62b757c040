// Layout preview only (preview.html, never the app build): a fake Tauri bridge answering the
// commands with sample data, so the window can be looked at in a plain browser.
// URL switches: ?firstrun=1 (no profile), ?noclients=1, ?lang=ru, ?keys=down,down,enter,
// ?then=resolve (press Resolve and Confirm on the card), ?slow=1 (slow card),
// ?click=nav-clients,client-row-ACME (click these test ids in turn).
import type {
  AuditEntryDto,
  ClientDto,
  ClientNoticesDto,
  NoticeDefaultsDto,
  NoticeKind,
  CommentDto,
  QueueQuery,
  QueueRowDto,
  SetupState,
  Status,
  TicketDto,
  UserDto,
} from './lib/backend/bindings';

const params = new URLSearchParams(location.search);
const now = Date.now();
const MIN = 60_000;

const users: UserDto[] = [
  { id: 1, name: 'Anna Petrova', role: 'engineer', duties: [] },
  { id: 2, name: 'Ivan Sokolov', role: 'engineer', duties: [] },
  { id: 3, name: 'Maria Lebedeva', role: 'account_manager', duties: ['packages', 'approve_time', 'routing_rules', 'vendors', 'mailboxes', 'alert_sources'] },
];
let setup: SetupState = {
  profile: params.get('firstrun') ? null : users[0],
  hasClients: !params.get('noclients'),
  database: '/home/anna/.local/share/switchboard/switchboard.db', nextDatabase: null,
  language: params.get('lang') === 'ru' ? 'ru' : 'en',
  backgroundWork: true,
};
const directions = ['hardware', 'software', 'network', 'database', 'telephony'];
let clients: ClientDto[] = [
  ['ACME', 'Acme Logistics LLC', 2],
  ['NORD-2', 'Nordstal Steelworks', 3],
  ['BLUE', 'Blue Lake Hotels', 1],
  ['MEDX', 'MedExpress Clinics', 2],
  ['ORBIT', 'Orbit Retail Group', 0],
  ['VOLGA', 'Volga Grain Terminal', 1],
].map(([code, name, n], i) => ({
  id: i + 1,
  code: code as string,
  name: name as string,
  notes: i === 0 ? '120 h/year package, on-site at two warehouses.' : null,
  language: null,
  contacts: Array.from({ length: n as number }, (_, j) => ({
    id: i * 10 + j,
    name: ['Oleg Smirnov', 'Elena Kuznetsova', 'Pavel Orlov'][j],
    email: `contact${j}@${(code as string).toLowerCase()}.example`,
    phone: j === 0 ? '+7 (495) 123-45-67' : null,
  })),
  createdAt: now - 90 * 24 * 60 * MIN,
  updatedAt: now - 3 * 24 * 60 * MIN,
}));
if (params.get('noclients')) clients = [];

const subjects = [
  'Warehouse scanner does not connect to Wi-Fi',
  'ERP client crashes on invoice export',
  'Core switch in server room reboots at night',
  'PostgreSQL replica lags behind by 2 hours',
  'New laptop for the accountant',
  'VPN drops every 15 minutes for remote staff',
  'Printer on the 3rd floor prints blank pages',
  'Backup job failed: disk quota exceeded on NAS',
  'Mail delivery to partner domain delayed',
  'Oracle license audit: need a usage report',
  'UPS in branch office beeps, battery warning',
  '1C database is locked after an update',
];
const statuses: Status[] = ['new', 'open', 'in_progress', 'pending_customer', 'pending_vendor', 'in_progress', 'open', 'resolved', 'closed'];
const pr = ['p1', 'p2', 'p3', 'p4', 'p3', 'p2', 'p3', 'p4'] as const;
const lv = ['high', 'medium', 'low'] as const;

const NEXT: Record<Status, Status[]> = {
  new: ['open', 'in_progress', 'pending_customer', 'pending_vendor', 'resolved', 'closed'],
  open: ['in_progress', 'pending_customer', 'pending_vendor', 'resolved', 'closed'],
  in_progress: ['open', 'pending_customer', 'pending_vendor', 'resolved', 'closed'],
  pending_customer: ['open', 'in_progress', 'pending_vendor', 'resolved', 'closed'],
  pending_vendor: ['open', 'in_progress', 'pending_customer', 'resolved', 'closed'],
  resolved: ['open', 'in_progress', 'closed'],
  closed: ['open', 'in_progress'],
};

const tickets: TicketDto[] = params.get('noclients')
  ? []
  : Array.from({ length: 137 }, (_, i) => {
      const c = clients[i % clients.length];
      const status = statuses[(i * 5) % statuses.length];
      const assignee = i % 4 === 3 ? null : users[i % 2];
      const finished = status === 'resolved' || status === 'closed';
      return {
        id: 137 - i,
        number: `SB-${String(137 - i).padStart(6, '0')}`,
        clientId: c.id,
        clientCode: c.code,
        clientName: c.name,
        direction: directions[i % directions.length],
        subject: subjects[i % subjects.length],
        description: 'Since Monday morning the device drops off the network every few minutes.\nThe customer tried rebooting; the issue persists. Two warehouses affected.',
        impact: lv[i % 3],
        urgency: lv[(i + 1) % 3],
        priority: pr[i % pr.length],
        status,
        line: (['l1', 'l1', 'l2', 'l3'] as const)[i % 4],
        channel: i % 3 === 0 ? 'phone' : 'desktop',
        assigneeId: assignee?.id ?? null,
        assigneeName: assignee?.name ?? null,
        createdByName: users[(i + 1) % 3].name,
        createdAt: now - (i * 97 + 300) * MIN,
        updatedAt: now - (i * 41 + 4) * MIN,
        resolvedAt: finished ? now - (i * 41 + 4) * MIN : null,
        closedAt: status === 'closed' ? now - (i * 41 + 4) * MIN : null,
        closedByName: status === 'closed' ? users[0].name : null,
        resolutionNote: finished ? 'Replaced the access point firmware; confirmed with the customer.' : null,
        nextStatuses: NEXT[status],
        mergedIntoId: null,
        mergedInto: null,
        version: 7,
      } satisfies TicketDto;
    });

const comments = new Map<number, CommentDto[]>();
const audits = new Map<number, AuditEntryDto[]>();
let seq = 1000;
function thread(t: TicketDto): CommentDto[] {
  if (!comments.has(t.id)) {
    comments.set(t.id, [
      { id: seq++, authorId: 1, authorName: 'Anna Petrova', body: 'Hello Oleg, we are looking into it. Could you send a photo of the device label?', visibility: 'public', channel: 'desktop', createdAt: t.createdAt + 20 * MIN, movedFrom: null, sender: null, vendor: null, audience: null, notice: null },
      { id: seq++, authorId: 2, authorName: 'Ivan Sokolov', body: 'Looks like the known firmware bug in 4.2.1: vendor case may be needed.', visibility: 'internal', channel: 'desktop', createdAt: t.createdAt + 45 * MIN, movedFrom: null, sender: null, vendor: null, audience: null, notice: null },
      { id: seq++, authorId: 9, authorName: 'Email', body: 'Photo attached. The label says model WX-220, serial 77A-1943.', visibility: 'public', channel: 'email', createdAt: t.createdAt + 80 * MIN, movedFrom: null, sender: 'Oleg Smirnov <o.smirnov@northwind.example>', vendor: null, audience: null, notice: null },
    ]);
  }
  return comments.get(t.id)!;
}
function trail(t: TicketDto): AuditEntryDto[] {
  if (!audits.has(t.id)) {
    audits.set(t.id, [
      { id: seq++, actorName: t.createdByName, at: t.createdAt, field: 'created', oldValue: null, newValue: t.number, version: null },
      { id: seq++, actorName: 'Anna Petrova', at: t.createdAt + 10 * MIN, field: 'assignee', oldValue: null, newValue: 'Anna Petrova', version: null },
      { id: seq++, actorName: 'Anna Petrova', at: t.createdAt + 12 * MIN, field: 'status', oldValue: 'new', newValue: 'in_progress', version: null },
      { id: seq++, actorName: 'Anna Petrova', at: t.createdAt + 20 * MIN, field: 'comment', oldValue: null, newValue: 'public', version: null },
      { id: seq++, actorName: 'Ivan Sokolov', at: t.createdAt + 40 * MIN, field: 'line', oldValue: 'l1', newValue: 'l2', version: null },
      { id: seq++, actorName: 'Ivan Sokolov', at: t.createdAt + 40 * MIN, field: 'note', oldValue: null, newValue: 'Firmware 4.2.1 suspected; logs attached to the comment.', version: null },
    ]);
  }
  return audits.get(t.id)!;
}

function refuse(code: string, message: string, field: string | null = null) {
  return Promise.reject({ code, message, field });
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const PRIO_ORDER = { p1: 0, p2: 1, p3: 2, p4: 3 };

async function handle(cmd: string, args: Record<string, unknown> = {}): Promise<unknown> {
  await sleep(40);
  switch (cmd) {
    case 'startup_state':
      return { phase: 'ready', database: setup.database, error: null };
    case 'setup_state':
      return setup;
    case 'create_profile': {
      const input = args.input as { name: string; role: UserDto['role'] };
      if (!input.name.trim()) return refuse('invalid_input', 'name is required', 'name');
      setup = { ...setup, profile: { id: 1, name: input.name, role: input.role, duties: input.role === 'engineer' ? [] : input.role === 'lead' ? ['routing_rules'] : ['packages', 'approve_time', 'routing_rules', 'vendors', 'mailboxes', 'alert_sources'] } };
      return setup.profile;
    }
    case 'load_demo':
      setup = { ...setup, hasClients: true };
      return setup;
    case 'list_users':
      return users;
    case 'list_directions':
      return directions;
    case 'list_clients': {
      const q = args.query as { search: string | null };
      const s = (q.search ?? '').toLowerCase();
      const rows = clients
        .filter((c) => !s || c.code.toLowerCase().includes(s) || c.name.toLowerCase().includes(s))
        .map((c) => ({ id: c.id, code: c.code, name: c.name, contactCount: c.contacts.length, activeTickets: tickets.filter((t) => t.clientId === c.id && t.status !== 'resolved' && t.status !== 'closed').length }));
      return { rows, nextCursor: null };
    }
    case 'get_client':
      return clients.find((c) => c.id === args.id) ?? refuse('not_found', 'no such client');
    case 'create_client':
    case 'update_client': {
      const input = args.input as ClientDto;
      if (!/^[A-Z0-9][A-Z0-9-]{1,15}$/.test(input.code)) return refuse('invalid_input', `'${input.code}' is not a short code: use 2-16 Latin letters, digits or '-', such as ACME`, 'code');
      if (clients.some((c) => c.code === input.code && c.id !== args.id)) return refuse('conflict', 'code taken', 'code');
      const c: ClientDto = { ...input, id: (args.id as number) ?? clients.length + 1, contacts: input.contacts.map((x, i) => ({ ...x, id: i })), createdAt: now, updatedAt: Date.now() };
      clients = [...clients.filter((x) => x.id !== c.id), c];
      return c;
    }
    case 'queue_page': {
      const q = args.query as QueueQuery;
      let rows = tickets.filter(
        (t) =>
          (q.statuses.length === 0 || q.statuses.includes(t.status)) &&
          (q.clientId === null || t.clientId === q.clientId) &&
          (!q.direction || t.direction === q.direction) &&
          (q.assigneeId === null || t.assigneeId === q.assigneeId) &&
          (!q.unassigned || t.assigneeId === null) &&
          (!q.line || t.line === q.line),
      );
      rows = [...rows].sort((a, b) => (q.sort === 'priority' ? PRIO_ORDER[a.priority] - PRIO_ORDER[b.priority] : 0) || b.updatedAt - a.updatedAt);
      const start = q.cursor ? Number(q.cursor) : 0;
      const limit = q.limit ?? 50;
      const page: QueueRowDto[] = rows.slice(start, start + limit).map((t) => ({
        id: t.id, number: t.number, priority: t.priority, subject: t.subject, clientId: t.clientId, clientCode: t.clientCode,
        clientName: t.clientName, direction: t.direction, status: t.status, line: t.line, assigneeId: t.assigneeId,
        assigneeName: t.assigneeName, updatedAt: t.updatedAt, version: t.version, slaDue: null, slaBreached: false,
      }));
      return { rows: page, nextCursor: start + limit < rows.length ? String(start + limit) : null };
    }
    case 'ticket_card': {
      if (params.get('slow')) await sleep(60_000);
      const t = tickets.find((x) => x.id === args.id);
      if (!t) return refuse('not_found', 'no such ticket');
      return { ticket: t, comments: thread(t), audit: trail(t), related: [], satisfaction: null };
    }
    case 'change_status': {
      const input = args.input as { ticketId: number; to: Status; note: string | null };
      const t = tickets.find((x) => x.id === input.ticketId)!;
      if ((input.to === 'resolved' || input.to === 'closed') && !input.note?.trim())
        return refuse('transition_refused', `to mark a ticket ${input.to}, write a resolution note: what was done and by whom`, 'note');
      trail(t).push({ id: seq++, actorName: setup.profile!.name, at: Date.now(), field: 'status', oldValue: t.status, newValue: input.to, version: null });
      Object.assign(t, { status: input.to, nextStatuses: NEXT[input.to], updatedAt: Date.now(), version: t.version + 1 });
      return t;
    }
    case 'add_comment': {
      const input = args.input as { ticketId: number; body: string; visibility: 'public' | 'internal' };
      const t = tickets.find((x) => x.id === input.ticketId)!;
      const c: CommentDto = { id: seq++, authorId: 1, authorName: setup.profile!.name, body: input.body, visibility: input.visibility, channel: 'desktop', createdAt: Date.now(), movedFrom: null, sender: null, vendor: null, audience: null, notice: null };
      thread(t).push(c);
      return c;
    }
    case 'take_ticket':
    case 'assign_ticket': {
      const id = cmd === 'take_ticket' ? (args.id as number) : (args.input as { ticketId: number }).ticketId;
      const who = cmd === 'take_ticket' ? 1 : (args.input as { assigneeId: number | null }).assigneeId;
      const t = tickets.find((x) => x.id === id)!;
      const u = users.find((x) => x.id === who) ?? null;
      Object.assign(t, { assigneeId: u?.id ?? null, assigneeName: u?.name ?? null });
      return t;
    }
    case 'bulk_change': {
      const input = args.input as { tickets: { ticketId: number }[]; change: { kind: string; assigneeId?: number | null; to?: TicketDto['status']; line?: TicketDto['line'] } };
      const changed = input.tickets.map(({ ticketId }) => {
        const t = tickets.find((x) => x.id === ticketId)!;
        if (input.change.kind === 'assign') {
          const u = users.find((x) => x.id === input.change.assigneeId) ?? null;
          Object.assign(t, { assigneeId: u?.id ?? null, assigneeName: u?.name ?? null });
        }
        if (input.change.kind === 'status' && input.change.to) t.status = input.change.to;
        if (input.change.kind === 'line' && input.change.line) t.line = input.change.line;
        return t;
      });
      return { changed, refused: [] };
    }
    case 'edit_ticket': {
      const input = args.input as { ticketId: number; subject?: string | null; description?: string | null };
      const t = tickets.find((x) => x.id === input.ticketId)!;
      if (input.subject != null && !input.subject.trim()) return refuse('invalid_input', 'subject is required', 'subject');
      if (input.subject != null) t.subject = input.subject;
      if (input.description != null) t.description = input.description;
      return t;
    }
    case 'set_line': {
      const input = args.input as { ticketId: number; line: TicketDto['line'] };
      const t = tickets.find((x) => x.id === input.ticketId)!;
      t.line = input.line;
      return t;
    }
    case 'create_ticket': {
      const input = args.input as { clientId: number; subject: string; impact: TicketDto['impact']; urgency: TicketDto['urgency'] } & Partial<TicketDto>;
      if (!input.subject.trim()) return refuse('invalid_input', 'subject is required', 'subject');
      const c = clients.find((x) => x.id === input.clientId)!;
      const id = tickets.length + 1;
      const t: TicketDto = {
        ...tickets[0], ...input, id, number: `SB-${String(id).padStart(6, '0')}`, clientCode: c.code, clientName: c.name,
        status: 'new', nextStatuses: NEXT.new, priority: 'p2', line: 'l1', assigneeId: null, assigneeName: null,
        createdByName: setup.profile!.name, createdAt: Date.now(), updatedAt: Date.now(), resolvedAt: null, closedAt: null,
        closedByName: null, resolutionNote: null,
      };
      tickets.unshift(t);
      return t;
    }
    case 'set_language':
      setup = { ...setup, language: args.language as SetupState['language'] };
      return setup.language;
    case 'list_mailboxes':
    case 'list_triage':
    case 'list_quarantine':
    case 'list_outbox':
    case 'list_vendors':
    case 'connector_kinds':
    case 'ticket_bonds':
    case 'vendor_outbox':
    case 'vendor_scorecard':
      return [];
    case 'ticket_email':
      return { requester: null, attachments: [], emailComments: [], deliveries: [] };
    case 'calendars':
    case 'sla_policies':
      return [];
    case 'notice_defaults':
      return noticeDefaults;
    case 'set_notice_defaults':
      noticeDefaults = args.input as NoticeDefaultsDto;
      return noticeDefaults;
    case 'client_notices':
    case 'reset_notice_template':
      return clientNotices((args.id as number) ?? 0);
    case 'set_client_notices':
    case 'set_notice_template':
      return clientNotices((args.input as { clientId: number }).clientId);
    case 'ticket_clocks':
      return { ticketId: args.id, policyName: null, clocks: [] };
    default:
      return refuse('internal', `unknown command ${cmd}`);
  }
}

(window as unknown as { __TAURI_INTERNALS__: unknown }).__TAURI_INTERNALS__ = {
  invoke: (cmd: string, args?: Record<string, unknown>) => handle(cmd, args),
  transformCallback: () => 0,
};

const press = (key: string) => window.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
const steps = (params.get('keys') ?? '').split(',').filter(Boolean);
steps.forEach((k, i) =>
  setTimeout(() => press(k === 'down' ? 'ArrowDown' : k === 'up' ? 'ArrowUp' : k === 'enter' ? 'Enter' : k === 'esc' ? 'Escape' : k), 800 + i * 150),
);
if (params.get('then') === 'resolve') {
  setTimeout(() => document.querySelector<HTMLButtonElement>('[data-testid="status-to-resolved"]')?.click(), 1800);
  setTimeout(() => document.querySelector<HTMLButtonElement>('[data-testid="status-confirm"]')?.click(), 2200);
}

const clicks = (params.get('click') ?? '').split(',').filter(Boolean);
clicks.forEach((id, i) =>
  setTimeout(() => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)?.click(), 900 + i * 400),
);

void import('./main');

let noticeDefaults: NoticeDefaultsDto = { language: 'en', acknowledge: true, remind: true, satisfaction: true, remindAfterDays: 3, closeAfterDays: 4 };
const NOTICE_KINDS: NoticeKind[] = ['acknowledgement', 'waiting', 'reminder', 'closed_no_reply', 'resolved', 'satisfaction_request'];
function clientNotices(clientId: number): ClientNoticesDto {
  return {
    clientId,
    language: null,
    acknowledge: null,
    remind: null,
    satisfaction: null,
    remindAfterDays: null,
    closeAfterDays: null,
    applied: noticeDefaults,
    templates: (['en', 'ru'] as const).flatMap((language) =>
      NOTICE_KINDS.map((kind) => ({ kind, language, subject: `{subject}`, body: `Hello {requester},\n\nabout {ticket}: ${kind}.`, own: false })),
    ),
  };
}
