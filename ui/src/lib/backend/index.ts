// The one door to the Rust back end: a typed function per Tauri command, and BackendError for
// every refusal. API Boundary: nothing outside src/lib/backend/ imports @tauri-apps/api.
import { invoke } from '@tauri-apps/api/core';
import { mark } from '../perf';
import { listen } from '@tauri-apps/api/event';
import type {
  AssignmentNoticeDto,
  DesktopSettingsDto,
  LinkDto,
  Theme,
  MoveDone,
  MemberDto,
  AlertSourceDto,
  AlertSourceInput,
  AlertTestResult,
  ArticleDto,
  ArticleInput,
  ArticleUpdate,
  KbPage,
  KbQuery,
  SuggestQuery,
  Suggestions,
  ApiError,
  Audience,
  AssignInput,
  ClientDto,
  ClientNoticesDto,
  ClientNoticesInput,
  MailLanguage,
  NoticeDefaultsDto,
  NoticeKind,
  NoticeTemplateInput,
  ClientInput,
  ClientPage,
  ClientQuery,
  CommentDto,
  CommentInput,
  EditConflict,
  ErrorCode,
  Language,
  LineInput,
  TicketEditInput,
  BulkInput,
  CalendarDto,
  CalendarInput,
  CalendarDaysInput,
  CalendarImportDto,
  SlaPolicyDto,
  SlaPolicyInput,
  TicketClocksDto,
  SlaNoticeDto,
  MetricsDto,
  MetricsQuery,
  BulkReport,
  LinkInput,
  MergeInput,
  NewProfile,
  QueuePage,
  QueueQuery,
  QueueViewDto,
  SaveViewInput,
  SearchPage,
  SearchQuery,
  SetupState,
  WorkStatusDto,
  DatabaseChoice,
  StartupState,
  StatusInput,
  TicketAlertDto,
  TicketCard,
  TicketDto,
  TicketInput,
  UnmatchedAlertDto,
  UserDto,
  ConnectionTest,
  InputLimits,
  MailboxDto,
  MailboxInput,
  MailMessageDto,
  OpenedAttachment,
  OutboxItemDto,
  OutboxState,
  PollReport,
  TicketEmailDto,
  MailPollReport,
  TriageInput,
  QuarantineInput,
  MailReadingDto,
  AdjustInput,
  ClientDashboardDto,
  EntriesSelection,
  PackageDetailDto,
  PackageDto,
  PackageInput,
  PortfolioDto,
  StatementInput,
  TicketTimeDto,
  TimeEntryDto,
  TimeInput,
  TimePreviewDto,
  TimerDto,
  ThresholdNotice,
  ChangeBatchDto,
  BusinessHoursDto,
  DryRunDto,
  DryRunInput,
  RuleDto,
  RuleInput,
  TicketRoutingDto,
  BondDto,
  ConnectorKindDto,
  EscalateInput,
  ScorecardRowDto,
  VendorCheckDto,
  VendorDto,
  VendorInput,
  VendorMessageDto,
  VendorSyncReport,
} from './bindings';
import { say } from '../messages';

export type * from './bindings';

const ERROR_CODES = [
  'invalid_input',
  'not_found',
  'conflict',
  'edit_conflict',
  'already_taken',
  'transition_refused',
  'no_profile',
  'password_change_required',
  'database_too_new',
  'database_needs_upgrade',
  'database_corrupt',
  'database_unavailable',
  'database_wrong_host',
  'database_unknown_ca',
  'database_no_tls',
  'database_sign_in',
  'keychain_unavailable',
  'secret_missing',
  'mail_server',
  'connection_failed',
  'taken_over',
  'busy',
  'not_allowed',
  'package_blocked',
  'ledger_refused',
  'internal',
] as const satisfies readonly ErrorCode[];

// A code the back end has and the list above lacks fails to compile (it would read as `internal`).
type Holds<T extends true> = T;
export type EveryErrorCodeListed = Holds<[Exclude<ErrorCode, (typeof ERROR_CODES)[number]>] extends [never] ? true : false>;

/**
 * A command the back end refused. Switch on `code` (and `field`), never on `message`: that is the
 * back end's sentence, worded in the desk's language when it came as a message id (`msg`).
 */
export class BackendError extends Error {
  readonly code: ErrorCode;
  readonly field: string | null;
  /** With `edit_conflict` and `already_taken`: who changed what since the version sent. */
  readonly conflict: EditConflict | null;

  constructor(code: ErrorCode, message: string, field: string | null = null, conflict: EditConflict | null = null) {
    super(message);
    this.name = 'BackendError';
    this.code = code;
    this.field = field;
    this.conflict = conflict;
  }

  static from(raw: unknown): BackendError {
    if (raw instanceof BackendError) return raw;
    if (isApiError(raw)) {
      const message = raw.msg ? say(raw.msg) : raw.message;
      return new BackendError(raw.code, message, raw.field ?? null, raw.conflict ?? null);
    }
    // The bridge itself failed (no command, bad arguments): not something the user can fix.
    const message = raw instanceof Error ? raw.message : String(raw);
    return new BackendError('internal', message, null);
  }
}

function isApiError(raw: unknown): raw is ApiError {
  if (typeof raw !== 'object' || raw === null) return false;
  const r = raw as Record<string, unknown>;
  return typeof r.code === 'string' && (ERROR_CODES as readonly string[]).includes(r.code) && typeof r.message === 'string';
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  // Each call's ask and answer on the window's timeline (`make bench-window` reads where a
  // start's time goes).
  mark('sb:call', command);
  try {
    return await invoke<T>(command, args);
  } catch (raw) {
    throw BackendError.from(raw);
  } finally {
    mark('sb:answer', command);
  }
}

export const setupState = (): Promise<SetupState> => call('setup_state');
export const createProfile = (input: NewProfile): Promise<UserDto> => call('create_profile', { input });
export const loadDemo = (): Promise<SetupState> => call('load_demo');
export const listUsers = (): Promise<UserDto[]> => call('list_users');
export const listDirections = (): Promise<string[]> => call('list_directions');
export const listClients = (query: ClientQuery): Promise<ClientPage> => call('list_clients', { query });
export const getClient = (id: number): Promise<ClientDto> => call('get_client', { id });
export const createClient = (input: ClientInput): Promise<ClientDto> => call('create_client', { input });
export const updateClient = (id: number, input: ClientInput): Promise<ClientDto> =>
  call('update_client', { id, input });
export const noticeDefaults = (): Promise<NoticeDefaultsDto> => call('notice_defaults');
export const setNoticeDefaults = (input: NoticeDefaultsDto): Promise<NoticeDefaultsDto> => call('set_notice_defaults', { input });
/** What the client is told automatically: its own settings, what applies, every template. */
export const clientNotices = (id: number): Promise<ClientNoticesDto> => call('client_notices', { id });
export const setClientNotices = (input: ClientNoticesInput): Promise<ClientNoticesDto> => call('set_client_notices', { input });
export const setNoticeTemplate = (input: NoticeTemplateInput): Promise<ClientNoticesDto> => call('set_notice_template', { input });
export const resetNoticeTemplate = (id: number, kind: NoticeKind, language: MailLanguage): Promise<ClientNoticesDto> =>
  call('reset_notice_template', { id, kind, language });
export const createTicket = (input: TicketInput): Promise<TicketDto> => call('create_ticket', { input });
export const queuePage = (query: QueueQuery): Promise<QueuePage> => call('queue_page', { query });
export const ticketCard = (id: number): Promise<TicketCard> => call('ticket_card', { id });
/** A comment; a public one goes to `audience` (null: the default, see sb-domain's `Audience::default_for`). */
export const addComment = (input: CommentInput, audience: Audience | null = null): Promise<CommentDto> =>
  call('add_comment', { input, audience });
export const changeStatus = (input: StatusInput): Promise<TicketDto> => call('change_status', { input });
export const assignTicket = (input: AssignInput): Promise<TicketDto> => call('assign_ticket', { input });
/** Assign to me, on the version the card shows: first come, first served (`already_taken`). */
export const takeTicket = (id: number, version: number): Promise<TicketDto> => call('take_ticket', { id, version });
export const setLine = (input: LineInput): Promise<TicketDto> => call('set_line', { input });
export const calendars = (): Promise<CalendarDto[]> => call('calendars');
export const createCalendar = (input: CalendarInput): Promise<CalendarDto> => call('create_calendar', { input });
export const updateCalendar = (id: number, input: CalendarInput): Promise<CalendarDto> => call('update_calendar', { id, input });
export const deleteCalendar = (id: number): Promise<void> => call('delete_calendar', { id });
export const setCalendarDays = (input: CalendarDaysInput): Promise<CalendarDto> => call('set_calendar_days', { input });
export const importCalendarIcs = (id: number, ics: string): Promise<CalendarImportDto> => call('import_calendar_ics', { id, ics });
export const slaPolicies = (): Promise<SlaPolicyDto[]> => call('sla_policies');
export const createSlaPolicy = (input: SlaPolicyInput): Promise<SlaPolicyDto> => call('create_sla_policy', { input });
export const updateSlaPolicy = (id: number, input: SlaPolicyInput): Promise<SlaPolicyDto> => call('update_sla_policy', { id, input });
export const deleteSlaPolicy = (id: number): Promise<void> => call('delete_sla_policy', { id });
export const ticketClocks = (id: number): Promise<TicketClocksDto> => call('ticket_clocks', { id });
export const bulkChange = (input: BulkInput): Promise<BulkReport> => call('bulk_change', { input });
export const editTicket = (input: TicketEditInput): Promise<TicketDto> => call('edit_ticket', { input });
export const mergeTicket = (input: MergeInput): Promise<TicketDto> => call('merge_ticket', { input });
export const linkTicket = (input: LinkInput): Promise<TicketCard> => call('link_ticket', { input });
export const unlinkTicket = (input: LinkInput): Promise<TicketCard> => call('unlink_ticket', { input });
export const setLanguage = (language: Language): Promise<Language> => call('set_language', { language });
export const queueViews = (): Promise<QueueViewDto[]> => call('queue_views');
export const saveView = (input: SaveViewInput): Promise<QueueViewDto> => call('save_view', { input });
export const deleteView = (id: number): Promise<void> => call('delete_view', { id });
export const kbArticles = (query: KbQuery): Promise<KbPage> => call('kb_articles', { query });
export const kbArticle = (id: number): Promise<ArticleDto> => call('kb_article', { id });
export const createArticle = (input: ArticleInput): Promise<ArticleDto> => call('create_article', { input });
export const updateArticle = (update: ArticleUpdate): Promise<ArticleDto> => call('update_article', { update });
export const articleDraft = (ticketId: number): Promise<ArticleInput> => call('article_draft', { ticketId });
export const suggest = (query: SuggestQuery): Promise<Suggestions> => call('suggest', { query });
export const search = (query: SearchQuery): Promise<SearchPage> => call('search', { query });
export const setDatabase = (choice: DatabaseChoice): Promise<SetupState> => call('set_database', { choice });

// Team mode: join (the window starts again on the team's database), your password, sign out
// (the window starts again on the local one), the team's members.
export const joinTeam = (choice: DatabaseChoice): Promise<void> => call('join_team', { choice });
export const changePassword = (password: string): Promise<SetupState> => call('change_password', { password });
export const signOut = (): Promise<void> => call('sign_out');
export const setBackgroundWork = (run: boolean): Promise<SetupState> => call('set_background_work', { run });
export const workStatus = (): Promise<WorkStatusDto> => call('work_status');
export const moveWorkspace = (to: DatabaseChoice): Promise<MoveDone> => call('move_workspace', { to });
export const teamMembers = (): Promise<MemberDto[]> => call('team_members');

// Start-up: ready, or failed with a way out (retry, another database, the local one).
export const startupState = (): Promise<StartupState> => call('startup_state');
export const retryStartup = (): Promise<StartupState> => call('retry_startup');
export const openDatabaseInstead = (choice: DatabaseChoice): Promise<StartupState> =>
  call('open_database_instead', { choice });

// The email channel.
export const listMailboxes = (): Promise<MailboxDto[]> => call('list_mailboxes');
export const createMailbox = (input: MailboxInput): Promise<MailboxDto> => call('create_mailbox', { input });
export const updateMailbox = (id: number, input: MailboxInput): Promise<MailboxDto> => call('update_mailbox', { id, input });
export const removeMailbox = (id: number): Promise<void> => call('remove_mailbox', { id });
export const publicMailDomains = (): Promise<string[]> => call('public_mail_domains');
export const inputLimits = (): Promise<InputLimits> => call('input_limits');
export const setInputLimit = (name: string, value: number): Promise<InputLimits> =>
  call('set_input_limit', { name, value });
export const addPublicMailDomain = (domain: string): Promise<string[]> => call('add_public_mail_domain', { domain });
export const removePublicMailDomain = (domain: string): Promise<string[]> => call('remove_public_mail_domain', { domain });
export const testMailbox = (id: number): Promise<ConnectionTest> => call('test_mailbox', { id });
export const pollMailbox = (id: number): Promise<MailPollReport> => call('poll_mailbox', { id });
export const listTriage = (): Promise<MailMessageDto[]> => call('list_triage');
export const acceptTriage = (input: TriageInput): Promise<TicketDto> => call('accept_triage', { input });
export const dismissTriage = (id: number): Promise<void> => call('dismiss_triage', { id });
export const acceptOntoTicket = (id: number): Promise<TicketDto> => call('accept_onto_ticket', { id });
export const listQuarantine = (): Promise<MailMessageDto[]> => call('list_quarantine');
export const mailSource = (id: number): Promise<string> => call('mail_source', { id });
export const saveMailSource = (id: number): Promise<OpenedAttachment> => call('save_mail_source', { id });
export const readMail = (id: number, charset: string | null): Promise<MailReadingDto> => call('read_mail', { id, charset });
export const acceptQuarantine = (input: QuarantineInput): Promise<TicketDto> => call('accept_quarantine', { input });
export const dismissQuarantine = (id: number): Promise<void> => call('dismiss_quarantine', { id });
export const listOutbox = (state: OutboxState | null): Promise<OutboxItemDto[]> => call('list_outbox', { state });
export const retryOutbox = (id: number): Promise<OutboxItemDto> => call('retry_outbox', { id });
export const ticketEmail = (id: number): Promise<TicketEmailDto> => call('ticket_email', { id });
export const openAttachment = (id: number, confirmed = false): Promise<OpenedAttachment> => call('open_attachment', { id, confirmed });

// The monitoring channel (Settings -> Monitoring, and the alert on a monitoring ticket's card).
export const listAlertSources = (): Promise<AlertSourceDto[]> => call('list_alert_sources');
export const createAlertSource = (input: AlertSourceInput): Promise<AlertSourceDto> =>
  call('create_alert_source', { input });
export const updateAlertSource = (id: number, input: AlertSourceInput): Promise<AlertSourceDto> =>
  call('update_alert_source', { id, input });
export const deleteAlertSource = (id: number): Promise<void> => call('delete_alert_source', { id });
export const testAlertSource = (input: AlertSourceInput): Promise<AlertTestResult> =>
  call('test_alert_source', { input });
export const pollAlertSource = (id: number): Promise<PollReport> => call('poll_alert_source', { id });
export const listUnmatchedAlerts = (): Promise<UnmatchedAlertDto[]> => call('list_unmatched_alerts');
export const ticketAlert = (id: number): Promise<TicketAlertDto | null> => call('ticket_alert', { id });

// --- the hours ledger
export const listPackages = (clientId: number): Promise<PackageDto[]> => call('list_packages', { clientId });
export const getPackage = (id: number): Promise<PackageDetailDto> => call('get_package', { id });
export const createPackage = (input: PackageInput): Promise<PackageDto> => call('create_package', { input });
export const updatePackage = (id: number, input: PackageInput): Promise<PackageDto> => call('update_package', { id, input });
export const renewPackage = (id: number): Promise<PackageDto> => call('renew_package', { id });
export const closePackage = (id: number): Promise<PackageDto> => call('close_package', { id });
export const clientDashboard = (clientId: number): Promise<ClientDashboardDto> => call('client_dashboard', { clientId });
export const portfolio = (): Promise<PortfolioDto> => call('portfolio');
export const packageEntries = (packageId: number, before: number | null): Promise<TimeEntryDto[]> =>
  call('package_entries', { packageId, before });
export const ticketTime = (ticketId: number): Promise<TicketTimeDto> => call('ticket_time', { ticketId });
export const previewTime = (input: TimeInput): Promise<TimePreviewDto> => call('preview_time', { input });
export const logTime = (input: TimeInput): Promise<TimeEntryDto> => call('log_time', { input });
export const deleteTime = (id: number): Promise<void> => call('delete_time', { id });
export const adjustTime = (input: AdjustInput): Promise<TimeEntryDto> => call('adjust_time', { input });
export const approveTime = (selection: EntriesSelection): Promise<number> => call('approve_time', { selection });
export const invoiceTime = (selection: EntriesSelection): Promise<number> => call('invoice_time', { selection });
export const startTimer = (ticketId: number): Promise<TimerDto> => call('start_timer', { ticketId });
export const stopTimer = (ticketId: number, workType: string, billable: boolean, note: string): Promise<TimeEntryDto> =>
  call('stop_timer', { ticketId, workType, billable, note });
export const discardTimer = (ticketId: number): Promise<void> => call('discard_timer', { ticketId });
export const exportStatement = (input: StatementInput): Promise<OpenedAttachment> => call('export_statement', { input });
export const metrics = (query: MetricsQuery): Promise<MetricsDto> => call('metrics', { query });
export const exportMetrics = (query: MetricsQuery): Promise<OpenedAttachment> => call('export_metrics', { query });

/** Calls `handle` with each `event` the shell emits; returns the unsubscribe function. */
function onEvent<T>(event: string, handle: (payload: T) => void): () => void {
  let stop: (() => void) | null = null;
  let stopped = false;
  void listen<T>(event, (e) => handle(e.payload))
    .then((unlisten) => {
      if (stopped) unlisten();
      else stop = unlisten;
    })
    .catch(() => undefined);
  return () => {
    stopped = true;
    stop?.();
  };
}

/** Calls `onNotice` for each threshold a package crosses (the shell also shows a desktop
 * notification); returns the unsubscribe function. */
export const onThresholdNotice = (onNotice: (notice: ThresholdNotice) => void): (() => void) =>
  onEvent('threshold-notice', onNotice);

/** Calls `onNotice` for each SLA warning or breach told to the person signed in here (the
 * shell also shows a desktop notification); returns the unsubscribe function. */
export const onSlaNotice = (onNotice: (notice: SlaNoticeDto) => void): (() => void) => onEvent('sla-notice', onNotice);

/** Calls `onNotice` for each ticket someone else gives the person signed in here (the shell
 * also shows a desktop notification); returns the unsubscribe function. */
export const onAssignmentNotice = (onNotice: (notice: AssignmentNoticeDto) => void): (() => void) =>
  onEvent('assignment-notice', onNotice);

/** Calls `onWaiting` when links wait to be opened (a second start handed them over, or a
 * `switchboard://` link was clicked); `takeLinks` reads them. */
export const onLinksWaiting = (onWaiting: () => void): (() => void) => onEvent('links-waiting', onWaiting);

/** Calls `onAction` with the tray menu's choice the window acts on ("new-ticket", "my-open"). */
export const onTrayAction = (onAction: (action: string) => void): (() => void) => onEvent('tray-action', onAction);

// --- the window as a desktop program
/** The links handed to the window not opened yet (its own start's, or a second start's). */
export const takeLinks = (): Promise<LinkDto[]> => call('take_links');
export const desktopSettings = (): Promise<DesktopSettingsDto> => call('desktop_settings');
export const setTheme = (theme: Theme): Promise<DesktopSettingsDto> => call('set_theme', { theme });
export const setStartAtLogin = (on: boolean): Promise<DesktopSettingsDto> => call('set_start_at_login', { on });

/** Calls `onBatch` with each batch of changes committed to the workspace (by any desk or
 * process); returns the unsubscribe function. */
export const onWorkspaceChanges = (onBatch: (batch: ChangeBatchDto) => void): (() => void) =>
  onEvent('workspace-changes', onBatch);

// --- routing
export const routingRules = (): Promise<RuleDto[]> => call('routing_rules');
export const createRule = (input: RuleInput): Promise<RuleDto> => call('create_rule', { input });
export const updateRule = (id: number, input: RuleInput): Promise<RuleDto> => call('update_rule', { id, input });
export const deleteRule = (id: number): Promise<void> => call('delete_rule', { id });
export const orderRules = (ids: number[]): Promise<RuleDto[]> => call('order_rules', { ids });
export const businessHours = (): Promise<BusinessHoursDto> => call('business_hours');
export const setBusinessHours = (input: BusinessHoursDto): Promise<BusinessHoursDto> => call('set_business_hours', { input });
export const ticketRouting = (ticketId: number): Promise<TicketRoutingDto> => call('ticket_routing', { ticketId });
export const routeTicket = (ticketId: number): Promise<TicketRoutingDto> => call('route_ticket', { ticketId });
export const listQueues = (): Promise<string[]> => call('list_queues');
export const dryRunRules = (input: DryRunInput): Promise<DryRunDto> => call('dry_run_rules', { input });

// --- vendors: the vendor systems, a ticket's cases at them ("bonds"), the vendor outbox
export const connectorKinds = (): Promise<ConnectorKindDto[]> => call('connector_kinds');
export const listVendors = (): Promise<VendorDto[]> => call('list_vendors');
export const createVendor = (input: VendorInput): Promise<VendorDto> => call('create_vendor', { input });
export const updateVendor = (id: number, input: VendorInput): Promise<VendorDto> => call('update_vendor', { id, input });
/** True: removed; false: it had cases, so it was disabled instead (its history stays). */
export const removeVendor = (id: number): Promise<boolean> => call('remove_vendor', { id });
export const testVendor = (id: number): Promise<VendorCheckDto> => call('test_vendor', { id });
export const escalateTicket = (input: EscalateInput): Promise<BondDto> => call('escalate_ticket', { input });
export const ticketBonds = (ticketId: number): Promise<BondDto[]> => call('ticket_bonds', { ticketId });
export const reopenBond = (id: number, comment: string): Promise<BondDto> => call('reopen_bond', { id, comment });
export const vendorOutbox = (state: OutboxState | null): Promise<VendorMessageDto[]> => call('vendor_outbox', { state });
export const retryVendorMessage = (id: number): Promise<VendorMessageDto> => call('retry_vendor_message', { id });
export const syncVendorsNow = (): Promise<VendorSyncReport> => call('sync_vendors_now');
export const vendorScorecard = (): Promise<ScorecardRowDto[]> => call('vendor_scorecard');
