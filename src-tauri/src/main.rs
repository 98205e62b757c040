//! The Switchboard window: a thin Tauri shell. Each command is a one-line forward to `sb-app`.
//!
//! Architecture Invariant: no business logic here, and every command is `async` so the UI
//! thread never waits on the database.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::sync::{Arc, Mutex};

use sb_app::instance::{Claim, Handover};
use sb_app::*;
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{TrayIcon, TrayIconBuilder};
use tauri::{AppHandle, Emitter, Manager, State, WebviewWindow, WindowEvent};
use tauri_plugin_notification::NotificationExt;

/// The open workspace. Managed only once it is open, whole: at start, or when the recovery
/// screen's Retry or choice succeeds; the window calls the workspace's commands only then.
struct Desk(Arc<App>);

impl Desk {
    /// A `Result` so every forward reads as the `sb-app` call it is (`desk.app()?.x().await`).
    fn app(&self) -> Result<&App, ApiError> {
        Ok(&self.0)
    }
}

/// Start-up, apart from the workspace: opening, failed (and why), or ready. The recovery screen
/// asks it to try again, to open another database, or the local one.
struct Startup {
    paths: Result<Paths, ApiError>,
    /// The database this start was asked to open (`SB_DB`), else the preferences' choice.
    requested: Option<String>,
    /// One attempt at a time; holds the state the window is shown.
    state: tauri::async_runtime::Mutex<StartupState>,
}

impl Startup {
    fn new(paths: Result<Paths, ApiError>, requested: Option<String>) -> Startup {
        let database = paths
            .as_ref()
            .ok()
            .and_then(|p| App::database_to_open(p, requested.as_deref()).ok())
            .unwrap_or_default();
        Startup {
            paths,
            requested,
            state: tauri::async_runtime::Mutex::new(StartupState {
                phase: StartupPhase::Opening,
                database,
                error: None,
            }),
        }
    }

    /// Opens the workspace (`choice`: another database, else the one asked for); when it opens,
    /// the ready `Desk` is managed and the background workers start. Trying again records the
    /// new reason; another database that is refused is the form's error, and the start-up's
    /// reason stays.
    async fn attempt(
        &self,
        handle: &AppHandle,
        choice: Option<DatabaseChoice>,
    ) -> Reply<StartupState> {
        let mut state = self.state.lock().await;
        if state.phase == StartupPhase::Ready {
            return Ok(state.clone());
        }
        let paths = self.paths.clone()?;
        let opened = match choice {
            None => App::open(paths, self.requested.as_deref()).await,
            Some(choice) => Ok(App::open_chosen(paths, choice).await?),
        };
        *state = self.settle(opened.map(Arc::new), Some(handle));
        Ok(state.clone())
    }

    /// The state after an attempt; a ready workspace is handed to the window.
    fn settle(
        &self,
        opened: Result<Arc<App>, ApiError>,
        handle: Option<&AppHandle>,
    ) -> StartupState {
        match opened {
            Ok(app) => {
                let database = app.location().to_string();
                if let Some(handle) = handle {
                    handle.manage(Desk(app.clone()));
                    start_workers(handle, app);
                }
                StartupState {
                    phase: StartupPhase::Ready,
                    database,
                    error: None,
                }
            }
            Err(e) => {
                eprintln!("switchboard: {}", e.message);
                let database = self
                    .paths
                    .as_ref()
                    .ok()
                    .and_then(|p| App::database_to_open(p, self.requested.as_deref()).ok())
                    .unwrap_or_default();
                StartupState {
                    phase: StartupPhase::Failed,
                    database,
                    error: Some(e),
                }
            }
        }
    }
}

#[tauri::command]
async fn startup_state(startup: State<'_, Startup>) -> Reply<StartupState> {
    Ok(startup.state.lock().await.clone())
}

#[tauri::command]
async fn retry_startup(handle: AppHandle, startup: State<'_, Startup>) -> Reply<StartupState> {
    startup.attempt(&handle, None).await
}

#[tauri::command]
async fn open_database_instead(
    handle: AppHandle,
    startup: State<'_, Startup>,
    choice: DatabaseChoice,
) -> Reply<StartupState> {
    startup.attempt(&handle, Some(choice)).await
}

/// The background work of an open workspace, for as long as the app runs: the units of work
/// (mail readers and replies, alert polls, vendor sync and deliveries) this window takes when
/// no other process holds them (`SB_VENDOR_SYNC_SECONDS`: how often vendors are read back,
/// default 60), live updates and threshold notices.
fn start_workers(handle: &AppHandle, app: Arc<App>) {
    // A desk told to leave the background work to others (Settings, `sb background off`)
    // takes no unit; live updates and notices still run.
    if app.runs_background_work() {
        app.set_process_name("switchboard");
        let (stop_tx, stop) = tokio::sync::watch::channel(false);
        // Kept for the life of the app: the work stops with the process, and its leases run
        // out for another process to take.
        handle.manage(BackgroundWork(stop_tx));
        drop(tauri::async_runtime::spawn(
            app.clone().run_background_work(stop),
        ));
    } else {
        tracing::info!("background work is left to other desks (Settings -> Background work)");
    }
    // Live updates: each batch of committed changes (any desk's, any process's) goes to the
    // window, which reads again what they touch.
    let live = handle.clone();
    let watched = app.clone();
    drop(tauri::async_runtime::spawn(async move {
        match watched.changes().await {
            Ok(mut feed) => {
                refresh_tray(&live, &watched).await;
                while let Some(batch) = feed.next().await {
                    if let Err(e) = live.emit("workspace-changes", &batch) {
                        eprintln!("switchboard: changes not sent to the window: {e}");
                    }
                    // The tray's count of my open tickets, counted again after each batch.
                    refresh_tray(&live, &watched).await;
                }
            }
            Err(e) => eprintln!("switchboard: live updates are off: {}", e.message),
        }
    }));
    // A clock of a ticket passing 75 % of its target or the target, for the person signed in
    // here: a desktop notification and a notice in the window, once.
    let told = handle.clone();
    drop(tauri::async_runtime::spawn(sb_app::watch_sla_notices(
        app.clone(),
        move |n| tell(&told, "sla-notice", &n.title, &n.body, &n),
    )));
    // A ticket someone else gave the person signed in here: a desktop notification and a
    // notice in the window, once, on one of their desks.
    let given = handle.clone();
    drop(tauri::async_runtime::spawn(watch_assignment_notices(
        app.clone(),
        move |n| tell(&given, "assignment-notice", &n.title, &n.body, &n),
    )));
    // A package crossing a threshold, told to the people who keep the packages: a desktop
    // notification and a notice in the window (where no notification service runs, the notice
    // still shows), once, on one of their desks.
    let handle = handle.clone();
    drop(tauri::async_runtime::spawn(watch_thresholds(
        app,
        move |n| tell(&handle, "threshold-notice", &n.title, &n.body, &n),
    )));
}

// --- the window as a desktop program ------------------------------------------------------

/// This computer's settings for the window (theme, place, start at login).
struct DesktopState(Desktop);

/// Links handed to the window (its own command line, or a second start's) that the window has
/// not taken yet.
#[derive(Default)]
struct Links(Mutex<Vec<LinkDto>>);

impl Links {
    fn add(&self, args: &[String]) -> bool {
        let mut waiting = self.0.lock().expect("links lock");
        let before = waiting.len();
        waiting.extend(
            args.iter()
                .filter(|a| DeskLink::looks_like_one(a))
                .map(|a| LinkDto::read(a)),
        );
        waiting.len() > before
    }
}

/// The tray icon and the menu items whose words change.
struct Tray {
    icon: TrayIcon,
    open: MenuItem<tauri::Wry>,
    new_ticket: MenuItem<tauri::Wry>,
    my_open: MenuItem<tauri::Wry>,
    quit: MenuItem<tauri::Wry>,
}

#[tauri::command]
fn take_links(links: State<'_, Links>) -> Reply<Vec<LinkDto>> {
    Ok(std::mem::take(&mut *links.0.lock().expect("links lock")))
}

#[tauri::command]
fn desktop_settings(desktop: State<'_, DesktopState>) -> Reply<DesktopSettingsDto> {
    Ok(desktop.0.settings())
}

#[tauri::command]
fn set_theme(desktop: State<'_, DesktopState>, theme: Theme) -> Reply<DesktopSettingsDto> {
    desktop.0.set_theme(theme)
}

#[tauri::command]
fn set_start_at_login(desktop: State<'_, DesktopState>, on: bool) -> Reply<DesktopSettingsDto> {
    desktop.0.set_start_at_login(on)
}

/// Brings the window to the front: shown, not minimised, focused.
fn to_front(window: &WebviewWindow) {
    let _ = window.show();
    let _ = window.unminimize();
    if let Err(e) = window.set_focus() {
        eprintln!("switchboard: the window could not take the focus: {e}");
    }
}

/// A second start's arguments: the window comes to the front and opens its links.
fn handed_over(handle: &AppHandle, handover: Handover) {
    if let Some(window) = handle.get_webview_window("main") {
        to_front(&window);
    }
    if handle.state::<Links>().add(&handover.args) {
        if let Err(e) = handle.emit("links-waiting", ()) {
            eprintln!("switchboard: links not sent to the window: {e}");
        }
    }
}

/// Puts the window where it was last time, once it exists.
fn restore_place(window: &WebviewWindow, place: WindowPlace) {
    let _ = window.set_size(tauri::PhysicalSize::new(place.width, place.height));
    let _ = window.set_position(tauri::PhysicalPosition::new(place.x, place.y));
    if place.maximized {
        let _ = window.maximize();
    }
}

/// Keeps the window's place, half a second after it stops moving (and at once on close).
fn keep_place(window: &tauri::Window, event: &WindowEvent) {
    let at_once = matches!(event, WindowEvent::CloseRequested { .. });
    if !at_once && !matches!(event, WindowEvent::Moved(_) | WindowEvent::Resized(_)) {
        return;
    }
    let window = window.clone();
    let save = move || {
        let (Ok(pos), Ok(size)) = (window.outer_position(), window.inner_size()) else {
            return;
        };
        if window.is_minimized().unwrap_or(false) {
            return;
        }
        let place = WindowPlace {
            x: pos.x,
            y: pos.y,
            width: size.width,
            height: size.height,
            maximized: window.is_maximized().unwrap_or(false),
        };
        if let Err(e) = window.state::<DesktopState>().0.keep_window_place(place) {
            eprintln!("switchboard: {}", e.message);
        }
    };
    if at_once {
        save();
        return;
    }
    static MOVES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let mine = MOVES.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
    drop(tauri::async_runtime::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        if MOVES.load(std::sync::atomic::Ordering::SeqCst) == mine {
            save();
        }
    }));
}

/// The tray icon with its menu: open the window, a new ticket, my open tickets (the count,
/// also shown beside the icon), quit. Where the desktop has no tray (no StatusNotifier host,
/// no appindicator library), the window goes on without it.
fn build_tray(handle: &AppHandle) -> tauri::Result<Tray> {
    let words = TrayWords::of(Language::En, 0);
    let open = MenuItem::with_id(handle, "open", &words.open, true, None::<&str>)?;
    let new_ticket =
        MenuItem::with_id(handle, "new-ticket", &words.new_ticket, true, None::<&str>)?;
    let my_open = MenuItem::with_id(handle, "my-open", &words.my_open, true, None::<&str>)?;
    let quit = MenuItem::with_id(handle, "quit", &words.quit, true, None::<&str>)?;
    let separator = PredefinedMenuItem::separator(handle)?;
    let menu = Menu::with_items(handle, &[&open, &new_ticket, &my_open, &separator, &quit])?;
    let mut builder = TrayIconBuilder::with_id("main")
        .menu(&menu)
        .show_menu_on_left_click(true)
        .on_menu_event(|handle, event| {
            let window = handle.get_webview_window("main");
            match event.id.as_ref() {
                "open" => window.iter().for_each(to_front),
                "new-ticket" | "my-open" => {
                    window.iter().for_each(to_front);
                    let _ = handle.emit("tray-action", event.id.as_ref());
                }
                "quit" => handle.exit(0),
                _ => {}
            }
        });
    if let Some(icon) = handle.default_window_icon() {
        builder = builder.icon(icon.clone());
    }
    let icon = builder.build(handle)?;
    Ok(Tray {
        icon,
        open,
        new_ticket,
        my_open,
        quit,
    })
}

/// Sets the tray's words and count for the person signed in here.
async fn refresh_tray(handle: &AppHandle, app: &App) {
    let Some(tray) = handle.try_state::<Tray>() else {
        return;
    };
    let count = match app.my_open_ticket_count().await {
        Ok(n) => n,
        Err(e) => {
            eprintln!("switchboard: the tray's count: {}", e.message);
            return;
        }
    };
    let words = TrayWords::of(app.language(), count);
    let _ = tray.open.set_text(&words.open);
    let _ = tray.new_ticket.set_text(&words.new_ticket);
    let _ = tray.my_open.set_text(&words.my_open);
    let _ = tray.quit.set_text(&words.quit);
    let _ = tray.icon.set_title(Some(&words.label));
    let _ = tray.icon.set_tooltip(Some(&words.my_open));
}

/// A desktop notification, and the notice to the window as `event`.
fn tell(handle: &AppHandle, event: &str, title: &str, body: &str, notice: &impl serde::Serialize) {
    if let Err(e) = handle
        .notification()
        .builder()
        .title(title)
        .body(body)
        .show()
    {
        eprintln!("switchboard: desktop notification not shown: {e}");
    }
    if let Err(e) = handle.emit(event, notice) {
        eprintln!("switchboard: {event} not sent to the window: {e}");
    }
}

/// Keeps the background work running (dropping it would stop the work).
struct BackgroundWork(#[allow(dead_code)] tokio::sync::watch::Sender<bool>);

type Reply<T> = Result<T, ApiError>;

#[tauri::command]
async fn setup_state(desk: State<'_, Desk>) -> Reply<SetupState> {
    desk.app()?.setup_state().await
}

#[tauri::command]
async fn create_profile(desk: State<'_, Desk>, input: NewProfile) -> Reply<UserDto> {
    desk.app()?.create_profile(input).await
}

#[tauri::command]
async fn load_demo(desk: State<'_, Desk>) -> Reply<SetupState> {
    desk.app()?.load_demo().await
}

#[tauri::command]
async fn list_users(desk: State<'_, Desk>) -> Reply<Vec<UserDto>> {
    desk.app()?.users().await
}

#[tauri::command]
async fn list_directions(desk: State<'_, Desk>) -> Reply<Vec<String>> {
    desk.app()?.directions().await
}

#[tauri::command]
async fn list_clients(desk: State<'_, Desk>, query: ClientQuery) -> Reply<ClientPage> {
    desk.app()?.clients(query).await
}

#[tauri::command]
async fn get_client(desk: State<'_, Desk>, id: i64) -> Reply<ClientDto> {
    desk.app()?.client(id).await
}

#[tauri::command]
async fn create_client(desk: State<'_, Desk>, input: ClientInput) -> Reply<ClientDto> {
    desk.app()?.create_client(input).await
}

#[tauri::command]
async fn update_client(desk: State<'_, Desk>, id: i64, input: ClientInput) -> Reply<ClientDto> {
    desk.app()?.update_client(id, input).await
}

#[tauri::command]
async fn notice_defaults(desk: State<'_, Desk>) -> Reply<NoticeDefaultsDto> {
    desk.app()?.notice_defaults().await
}

#[tauri::command]
async fn set_notice_defaults(
    desk: State<'_, Desk>,
    input: NoticeDefaultsDto,
) -> Reply<NoticeDefaultsDto> {
    desk.app()?.set_notice_defaults(input).await
}

#[tauri::command]
async fn client_notices(desk: State<'_, Desk>, id: i64) -> Reply<ClientNoticesDto> {
    desk.app()?.client_notices(id).await
}

#[tauri::command]
async fn set_client_notices(
    desk: State<'_, Desk>,
    input: ClientNoticesInput,
) -> Reply<ClientNoticesDto> {
    desk.app()?.set_client_notices(input).await
}

#[tauri::command]
async fn set_notice_template(
    desk: State<'_, Desk>,
    input: NoticeTemplateInput,
) -> Reply<ClientNoticesDto> {
    desk.app()?.set_notice_template(input).await
}

#[tauri::command]
async fn reset_notice_template(
    desk: State<'_, Desk>,
    id: i64,
    kind: sb_domain::inform::NoticeKind,
    language: sb_domain::inform::MailLanguage,
) -> Reply<ClientNoticesDto> {
    desk.app()?.reset_notice_template(id, kind, language).await
}

#[tauri::command]
async fn create_ticket(desk: State<'_, Desk>, input: TicketInput) -> Reply<TicketDto> {
    desk.app()?.create_ticket(input).await
}

#[tauri::command]
async fn queue_page(desk: State<'_, Desk>, query: QueueQuery) -> Reply<QueuePage> {
    desk.app()?.queue(query).await
}

#[tauri::command]
async fn ticket_card(desk: State<'_, Desk>, id: i64) -> Reply<TicketCard> {
    desk.app()?.card(id).await
}

#[tauri::command]
async fn add_comment(
    desk: State<'_, Desk>,
    input: CommentInput,
    audience: Option<Audience>,
) -> Reply<CommentDto> {
    desk.app()?.add_comment_to(input, audience).await
}

#[tauri::command]
async fn change_status(desk: State<'_, Desk>, input: StatusInput) -> Reply<TicketDto> {
    desk.app()?.change_status(input).await
}

#[tauri::command]
async fn assign_ticket(desk: State<'_, Desk>, input: AssignInput) -> Reply<TicketDto> {
    desk.app()?.assign(input).await
}

#[tauri::command]
async fn take_ticket(desk: State<'_, Desk>, id: i64, version: i64) -> Reply<TicketDto> {
    desk.app()?.take(id, version).await
}

#[tauri::command]
async fn set_line(desk: State<'_, Desk>, input: LineInput) -> Reply<TicketDto> {
    desk.app()?.set_line(input).await
}

#[tauri::command]
async fn calendars(desk: State<'_, Desk>) -> Reply<Vec<CalendarDto>> {
    desk.app()?.calendars().await
}

#[tauri::command]
async fn create_calendar(desk: State<'_, Desk>, input: CalendarInput) -> Reply<CalendarDto> {
    desk.app()?.create_calendar(input).await
}

#[tauri::command]
async fn update_calendar(
    desk: State<'_, Desk>,
    id: i64,
    input: CalendarInput,
) -> Reply<CalendarDto> {
    desk.app()?.update_calendar(id, input).await
}

#[tauri::command]
async fn delete_calendar(desk: State<'_, Desk>, id: i64) -> Reply<()> {
    desk.app()?.delete_calendar(id).await
}

#[tauri::command]
async fn set_calendar_days(desk: State<'_, Desk>, input: CalendarDaysInput) -> Reply<CalendarDto> {
    desk.app()?.set_calendar_days(input).await
}

#[tauri::command]
async fn import_calendar_ics(
    desk: State<'_, Desk>,
    id: i64,
    ics: String,
) -> Reply<CalendarImportDto> {
    desk.app()?.import_calendar_ics(id, &ics).await
}

#[tauri::command]
async fn sla_policies(desk: State<'_, Desk>) -> Reply<Vec<SlaPolicyDto>> {
    desk.app()?.sla_policies().await
}

#[tauri::command]
async fn create_sla_policy(desk: State<'_, Desk>, input: SlaPolicyInput) -> Reply<SlaPolicyDto> {
    desk.app()?.create_sla_policy(input).await
}

#[tauri::command]
async fn update_sla_policy(
    desk: State<'_, Desk>,
    id: i64,
    input: SlaPolicyInput,
) -> Reply<SlaPolicyDto> {
    desk.app()?.update_sla_policy(id, input).await
}

#[tauri::command]
async fn delete_sla_policy(desk: State<'_, Desk>, id: i64) -> Reply<()> {
    desk.app()?.delete_sla_policy(id).await
}

#[tauri::command]
async fn ticket_clocks(desk: State<'_, Desk>, id: i64) -> Reply<TicketClocksDto> {
    desk.app()?.ticket_clocks(id).await
}

#[tauri::command]
async fn bulk_change(desk: State<'_, Desk>, input: BulkInput) -> Reply<BulkReport> {
    desk.app()?.bulk_change(input).await
}

#[tauri::command]
async fn edit_ticket(desk: State<'_, Desk>, input: TicketEditInput) -> Reply<TicketDto> {
    desk.app()?.edit_ticket(input).await
}

#[tauri::command]
async fn merge_ticket(desk: State<'_, Desk>, input: MergeInput) -> Reply<TicketDto> {
    desk.app()?.merge(input).await
}

#[tauri::command]
async fn link_ticket(desk: State<'_, Desk>, input: LinkInput) -> Reply<TicketCard> {
    desk.app()?.link(input, true).await
}

#[tauri::command]
async fn unlink_ticket(desk: State<'_, Desk>, input: LinkInput) -> Reply<TicketCard> {
    desk.app()?.link(input, false).await
}

#[tauri::command]
async fn queue_views(desk: State<'_, Desk>) -> Reply<Vec<QueueViewDto>> {
    desk.app()?.queue_views().await
}

#[tauri::command]
async fn save_view(desk: State<'_, Desk>, input: SaveViewInput) -> Reply<QueueViewDto> {
    desk.app()?.save_view(input).await
}

#[tauri::command]
async fn delete_view(desk: State<'_, Desk>, id: i64) -> Reply<()> {
    desk.app()?.delete_view(id).await
}

#[tauri::command]
async fn kb_articles(desk: State<'_, Desk>, query: KbQuery) -> Reply<KbPage> {
    desk.app()?.kb_articles(query).await
}

#[tauri::command]
async fn kb_article(desk: State<'_, Desk>, id: i64) -> Reply<ArticleDto> {
    desk.app()?.kb_article(id).await
}

#[tauri::command]
async fn create_article(desk: State<'_, Desk>, input: ArticleInput) -> Reply<ArticleDto> {
    desk.app()?.create_article(input).await
}

#[tauri::command]
async fn update_article(desk: State<'_, Desk>, update: ArticleUpdate) -> Reply<ArticleDto> {
    desk.app()?.update_article(update).await
}

#[tauri::command]
async fn article_draft(desk: State<'_, Desk>, ticket_id: i64) -> Reply<ArticleInput> {
    desk.app()?.article_draft(ticket_id).await
}

#[tauri::command]
async fn suggest(desk: State<'_, Desk>, query: SuggestQuery) -> Reply<Suggestions> {
    desk.app()?.suggest(query).await
}

#[tauri::command]
async fn search(desk: State<'_, Desk>, query: SearchQuery) -> Reply<SearchPage> {
    desk.app()?.search(query).await
}

#[tauri::command]
async fn set_database(desk: State<'_, Desk>, choice: DatabaseChoice) -> Reply<SetupState> {
    desk.app()?.set_database(choice).await
}

/// Joins a team workspace: the sign-in is checked and kept (password in the OS keychain), then
/// the app starts again on it, so every worker and screen belongs to the team's workspace.
#[tauri::command]
async fn join_team(handle: AppHandle, desk: State<'_, Desk>, choice: DatabaseChoice) -> Reply<()> {
    desk.app()?.set_database(choice).await?;
    handle.restart()
}

/// Signs out of the team workspace; the app starts again on the local one.
#[tauri::command]
async fn sign_out(handle: AppHandle, desk: State<'_, Desk>) -> Reply<()> {
    desk.app()?.sign_out().await?;
    handle.restart()
}

#[tauri::command]
async fn move_workspace(desk: State<'_, Desk>, to: DatabaseChoice) -> Reply<MoveDone> {
    desk.app()?.move_workspace(to).await
}

#[tauri::command]
async fn set_background_work(desk: State<'_, Desk>, run: bool) -> Reply<SetupState> {
    desk.app()?.set_background_work(run).await
}

#[tauri::command]
async fn work_status(desk: State<'_, Desk>) -> Reply<WorkStatusDto> {
    desk.app()?.work_status().await
}

#[tauri::command]
async fn change_password(desk: State<'_, Desk>, password: String) -> Reply<SetupState> {
    desk.app()?.change_password(&password).await
}

#[tauri::command]
async fn team_members(desk: State<'_, Desk>) -> Reply<Vec<MemberDto>> {
    desk.app()?.team_members().await
}

#[tauri::command]
async fn set_language(desk: State<'_, Desk>, language: Language) -> Reply<Language> {
    desk.app()?.set_language(language)
}

// --- the email channel ------------------------------------------------------------------

#[tauri::command]
async fn list_mailboxes(desk: State<'_, Desk>) -> Reply<Vec<MailboxDto>> {
    desk.app()?.mailboxes().await
}

#[tauri::command]
async fn create_mailbox(desk: State<'_, Desk>, input: MailboxInput) -> Reply<MailboxDto> {
    desk.app()?.create_mailbox(input).await
}

#[tauri::command]
async fn update_mailbox(desk: State<'_, Desk>, id: i64, input: MailboxInput) -> Reply<MailboxDto> {
    desk.app()?.update_mailbox(id, input).await
}

#[tauri::command]
async fn remove_mailbox(desk: State<'_, Desk>, id: i64) -> Reply<()> {
    desk.app()?.remove_mailbox(id).await
}

#[tauri::command]
async fn input_limits(desk: State<'_, Desk>) -> Reply<InputLimits> {
    desk.app()?.input_limits().await
}

#[tauri::command]
async fn set_input_limit(desk: State<'_, Desk>, name: String, value: u64) -> Reply<InputLimits> {
    desk.app()?.set_input_limit(&name, value).await
}

#[tauri::command]
async fn public_mail_domains(desk: State<'_, Desk>) -> Reply<Vec<String>> {
    desk.app()?.public_mail_domains().await
}

#[tauri::command]
async fn add_public_mail_domain(desk: State<'_, Desk>, domain: String) -> Reply<Vec<String>> {
    desk.app()?.add_public_mail_domain(&domain).await
}

#[tauri::command]
async fn remove_public_mail_domain(desk: State<'_, Desk>, domain: String) -> Reply<Vec<String>> {
    desk.app()?.remove_public_mail_domain(&domain).await
}

#[tauri::command]
async fn test_mailbox(desk: State<'_, Desk>, id: i64) -> Reply<ConnectionTest> {
    desk.app()?.test_mailbox(id).await
}

#[tauri::command]
async fn poll_mailbox(desk: State<'_, Desk>, id: i64) -> Reply<MailPollReport> {
    desk.app()?.poll_mailbox(id).await
}

#[tauri::command]
async fn list_triage(desk: State<'_, Desk>) -> Reply<Vec<MailMessageDto>> {
    desk.app()?.triage().await
}

#[tauri::command]
async fn accept_triage(desk: State<'_, Desk>, input: TriageInput) -> Reply<TicketDto> {
    desk.app()?.accept_triage(input).await
}

#[tauri::command]
async fn dismiss_triage(desk: State<'_, Desk>, id: i64) -> Reply<()> {
    desk.app()?.dismiss_triage(id).await
}

#[tauri::command]
async fn accept_onto_ticket(desk: State<'_, Desk>, id: i64) -> Reply<TicketDto> {
    desk.app()?.accept_onto_ticket(id).await
}

#[tauri::command]
async fn list_quarantine(desk: State<'_, Desk>) -> Reply<Vec<MailMessageDto>> {
    desk.app()?.quarantine().await
}

#[tauri::command]
async fn mail_source(desk: State<'_, Desk>, id: i64) -> Reply<String> {
    desk.app()?.mail_source(id).await
}

#[tauri::command]
async fn save_mail_source(desk: State<'_, Desk>, id: i64) -> Reply<OpenedAttachment> {
    desk.app()?.save_mail_source(id).await
}

#[tauri::command]
async fn read_mail(
    desk: State<'_, Desk>,
    id: i64,
    charset: Option<String>,
) -> Reply<MailReadingDto> {
    desk.app()?.read_mail(id, charset).await
}

#[tauri::command]
async fn accept_quarantine(desk: State<'_, Desk>, input: QuarantineInput) -> Reply<TicketDto> {
    desk.app()?.accept_quarantine(input).await
}

#[tauri::command]
async fn dismiss_quarantine(desk: State<'_, Desk>, id: i64) -> Reply<()> {
    desk.app()?.dismiss_quarantine(id).await
}

#[tauri::command]
async fn list_outbox(
    desk: State<'_, Desk>,
    state: Option<OutboxState>,
) -> Reply<Vec<OutboxItemDto>> {
    desk.app()?.outbox(state).await
}

#[tauri::command]
async fn retry_outbox(desk: State<'_, Desk>, id: i64) -> Reply<OutboxItemDto> {
    desk.app()?.retry_outbox(id).await
}

#[tauri::command]
async fn ticket_email(desk: State<'_, Desk>, id: i64) -> Reply<TicketEmailDto> {
    desk.app()?.ticket_email(id).await
}

#[tauri::command]
async fn open_attachment(
    desk: State<'_, Desk>,
    id: i64,
    confirmed: bool,
) -> Reply<OpenedAttachment> {
    desk.app()?.open_attachment(id, confirmed).await
}

#[tauri::command]
async fn list_packages(desk: State<'_, Desk>, client_id: i64) -> Reply<Vec<PackageDto>> {
    desk.app()?.packages(client_id).await
}

#[tauri::command]
async fn get_package(desk: State<'_, Desk>, id: i64) -> Reply<PackageDetailDto> {
    desk.app()?.package(id).await
}

#[tauri::command]
async fn create_package(desk: State<'_, Desk>, input: PackageInput) -> Reply<PackageDto> {
    desk.app()?.create_package(input).await
}

#[tauri::command]
async fn update_package(desk: State<'_, Desk>, id: i64, input: PackageInput) -> Reply<PackageDto> {
    desk.app()?.update_package(id, input).await
}

#[tauri::command]
async fn renew_package(desk: State<'_, Desk>, id: i64) -> Reply<PackageDto> {
    desk.app()?.renew_package(id).await
}

#[tauri::command]
async fn close_package(desk: State<'_, Desk>, id: i64) -> Reply<PackageDto> {
    desk.app()?.close_package(id).await
}

#[tauri::command]
async fn client_dashboard(desk: State<'_, Desk>, client_id: i64) -> Reply<ClientDashboardDto> {
    desk.app()?.client_dashboard(client_id).await
}

#[tauri::command]
async fn portfolio(desk: State<'_, Desk>) -> Reply<PortfolioDto> {
    desk.app()?.portfolio().await
}

#[tauri::command]
async fn package_entries(
    desk: State<'_, Desk>,
    package_id: i64,
    before: Option<i64>,
) -> Reply<Vec<TimeEntryDto>> {
    desk.app()?.package_entries(package_id, before).await
}

#[tauri::command]
async fn ticket_time(desk: State<'_, Desk>, ticket_id: i64) -> Reply<TicketTimeDto> {
    desk.app()?.ticket_time(ticket_id).await
}

#[tauri::command]
async fn preview_time(desk: State<'_, Desk>, input: TimeInput) -> Reply<TimePreviewDto> {
    desk.app()?.preview_time(input).await
}

#[tauri::command]
async fn log_time(desk: State<'_, Desk>, input: TimeInput) -> Reply<TimeEntryDto> {
    desk.app()?.log_time(input).await
}

#[tauri::command]
async fn delete_time(desk: State<'_, Desk>, id: i64) -> Reply<()> {
    desk.app()?.delete_time(id).await
}

#[tauri::command]
async fn adjust_time(desk: State<'_, Desk>, input: AdjustInput) -> Reply<TimeEntryDto> {
    desk.app()?.adjust_time(input).await
}

#[tauri::command]
async fn approve_time(desk: State<'_, Desk>, selection: EntriesSelection) -> Reply<i64> {
    desk.app()?.approve_time(selection).await
}

#[tauri::command]
async fn invoice_time(desk: State<'_, Desk>, selection: EntriesSelection) -> Reply<i64> {
    desk.app()?.invoice_time(selection).await
}

#[tauri::command]
async fn start_timer(desk: State<'_, Desk>, ticket_id: i64) -> Reply<TimerDto> {
    desk.app()?.start_timer(ticket_id).await
}

#[tauri::command]
async fn stop_timer(
    desk: State<'_, Desk>,
    ticket_id: i64,
    work_type: String,
    billable: bool,
    note: String,
) -> Reply<TimeEntryDto> {
    desk.app()?
        .stop_timer(ticket_id, work_type, billable, note)
        .await
}

#[tauri::command]
async fn discard_timer(desk: State<'_, Desk>, ticket_id: i64) -> Reply<()> {
    desk.app()?.discard_timer(ticket_id).await
}

#[tauri::command]
async fn export_statement(desk: State<'_, Desk>, input: StatementInput) -> Reply<OpenedAttachment> {
    desk.app()?.export_statement(input).await
}

#[tauri::command]
async fn metrics(desk: State<'_, Desk>, query: MetricsQuery) -> Reply<MetricsDto> {
    desk.app()?.metrics(query).await
}

#[tauri::command]
async fn export_metrics(desk: State<'_, Desk>, query: MetricsQuery) -> Reply<OpenedAttachment> {
    desk.app()?.export_metrics(query).await
}

#[tauri::command]
async fn routing_rules(desk: State<'_, Desk>) -> Reply<Vec<RuleDto>> {
    desk.app()?.routing_rules().await
}

#[tauri::command]
async fn create_rule(desk: State<'_, Desk>, input: RuleInput) -> Reply<RuleDto> {
    desk.app()?.create_rule(input).await
}

#[tauri::command]
async fn update_rule(desk: State<'_, Desk>, id: i64, input: RuleInput) -> Reply<RuleDto> {
    desk.app()?.update_rule(id, input).await
}

#[tauri::command]
async fn delete_rule(desk: State<'_, Desk>, id: i64) -> Reply<()> {
    desk.app()?.delete_rule(id).await
}

#[tauri::command]
async fn order_rules(desk: State<'_, Desk>, ids: Vec<i64>) -> Reply<Vec<RuleDto>> {
    desk.app()?.order_rules(ids).await
}

#[tauri::command]
async fn business_hours(desk: State<'_, Desk>) -> Reply<BusinessHoursDto> {
    desk.app()?.business_hours().await
}

#[tauri::command]
async fn set_business_hours(
    desk: State<'_, Desk>,
    input: BusinessHoursDto,
) -> Reply<BusinessHoursDto> {
    desk.app()?.set_business_hours(input).await
}

#[tauri::command]
async fn ticket_routing(desk: State<'_, Desk>, ticket_id: i64) -> Reply<TicketRoutingDto> {
    desk.app()?.ticket_routing(ticket_id).await
}

#[tauri::command]
async fn route_ticket(desk: State<'_, Desk>, ticket_id: i64) -> Reply<TicketRoutingDto> {
    desk.app()?.route_ticket(ticket_id).await
}

#[tauri::command]
async fn dry_run_rules(desk: State<'_, Desk>, input: DryRunInput) -> Reply<DryRunDto> {
    desk.app()?.dry_run_rules(input).await
}

#[tauri::command]
async fn list_queues(desk: State<'_, Desk>) -> Reply<Vec<String>> {
    desk.app()?.queues().await
}

#[tauri::command]
async fn list_alert_sources(desk: State<'_, Desk>) -> Reply<Vec<AlertSourceDto>> {
    desk.app()?.alert_sources().await
}

#[tauri::command]
async fn create_alert_source(
    desk: State<'_, Desk>,
    input: AlertSourceInput,
) -> Reply<AlertSourceDto> {
    desk.app()?.create_alert_source(input).await
}

#[tauri::command]
async fn update_alert_source(
    desk: State<'_, Desk>,
    id: i64,
    input: AlertSourceInput,
) -> Reply<AlertSourceDto> {
    desk.app()?.update_alert_source(id, input).await
}

#[tauri::command]
async fn delete_alert_source(desk: State<'_, Desk>, id: i64) -> Reply<()> {
    desk.app()?.delete_alert_source(id).await
}

#[tauri::command]
async fn test_alert_source(
    desk: State<'_, Desk>,
    input: AlertSourceInput,
) -> Reply<AlertTestResult> {
    desk.app()?.test_alert_source(input).await
}

#[tauri::command]
async fn poll_alert_source(desk: State<'_, Desk>, id: i64) -> Reply<PollReport> {
    desk.app()?.poll_alert_source(id).await
}

#[tauri::command]
async fn list_unmatched_alerts(desk: State<'_, Desk>) -> Reply<Vec<UnmatchedAlertDto>> {
    desk.app()?.unmatched_alerts().await
}

#[tauri::command]
async fn ticket_alert(desk: State<'_, Desk>, id: i64) -> Reply<Option<TicketAlertDto>> {
    desk.app()?.ticket_alert(id).await
}

#[tauri::command]
fn connector_kinds(desk: State<'_, Desk>) -> Reply<Vec<ConnectorKindDto>> {
    Ok(desk.app()?.connector_kinds())
}

#[tauri::command]
async fn list_vendors(desk: State<'_, Desk>) -> Reply<Vec<VendorDto>> {
    desk.app()?.vendors().await
}

#[tauri::command]
async fn create_vendor(desk: State<'_, Desk>, input: VendorInput) -> Reply<VendorDto> {
    desk.app()?.create_vendor(input).await
}

#[tauri::command]
async fn update_vendor(desk: State<'_, Desk>, id: i64, input: VendorInput) -> Reply<VendorDto> {
    desk.app()?.update_vendor(id, input).await
}

#[tauri::command]
async fn remove_vendor(desk: State<'_, Desk>, id: i64) -> Reply<bool> {
    desk.app()?.remove_vendor(id).await
}

#[tauri::command]
async fn test_vendor(desk: State<'_, Desk>, id: i64) -> Reply<VendorCheckDto> {
    desk.app()?.test_vendor(id).await
}

#[tauri::command]
async fn escalate_ticket(desk: State<'_, Desk>, input: EscalateInput) -> Reply<BondDto> {
    desk.app()?.escalate(input).await
}

#[tauri::command]
async fn ticket_bonds(desk: State<'_, Desk>, ticket_id: i64) -> Reply<Vec<BondDto>> {
    desk.app()?.ticket_bonds(ticket_id).await
}

#[tauri::command]
async fn reopen_bond(desk: State<'_, Desk>, id: i64, comment: String) -> Reply<BondDto> {
    desk.app()?.reopen_bond(id, &comment).await
}

#[tauri::command]
async fn vendor_outbox(
    desk: State<'_, Desk>,
    state: Option<OutboxState>,
) -> Reply<Vec<VendorMessageDto>> {
    desk.app()?.vendor_outbox(state).await
}

#[tauri::command]
async fn retry_vendor_message(desk: State<'_, Desk>, id: i64) -> Reply<VendorMessageDto> {
    desk.app()?.retry_vendor_message(id).await
}

#[tauri::command]
async fn sync_vendors_now(desk: State<'_, Desk>) -> Reply<VendorSyncReport> {
    desk.app()?.sync_vendors().await
}

#[tauri::command]
async fn vendor_scorecard(desk: State<'_, Desk>) -> Reply<Vec<ScorecardRowDto>> {
    desk.app()?.vendor_scorecard().await
}

/// How the web engine draws the window and runs its scripts, chosen before GTK and WebKit start
/// (the web process takes this process's environment). Switchboard's screens are
/// tables and forms, with no 3D and no animation that needs the GPU: WebKit's compositing
/// (its GPU layers, which on a machine without a GPU are drawn by a software GL) doubled the
/// web process's memory and slowed each paint (`make bench-window`, BENCHMARKS.md). Drawn on
/// the CPU unless `SWITCHBOARD_GPU=1`, or unless WebKit's own variable says otherwise. A
/// variable already set is left as it is. The names of those it set, which the programs the
/// desk opens for its person do not take.
fn choose_web_engine() -> Vec<&'static str> {
    let mut set = Vec::new();
    let mut set_unless_set = |name: &'static str, value: &str| {
        if std::env::var_os(name).is_none() {
            std::env::set_var(name, value);
            set.push(name);
        }
    };
    let gpu = std::env::var("SWITCHBOARD_GPU").is_ok_and(|v| v == "1");
    if !gpu {
        set_unless_set("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    // JavaScriptCore's optimizing compiler (DFG) kept about 55 MB of the web process's memory
    // after a day's clicks, for screens whose scripts spend their time in rendering, not in
    // hot loops; the baseline compiler stays (`make bench-window`, BENCHMARKS.md). The web
    // process reads JSC's options from its environment, which it takes from this process.
    set_unless_set("JSC_useDFGJIT", "false");
    // JavaScriptCore sizes its heap by the machine's memory: on a desk with many gigabytes it
    // lets the heap double before each collection, and a day's clicks and scrolling left some
    // 85 MB more in the web process at rest than when it counts on 128 MB. That is only what
    // its collector plans by, not a limit: a heap that needs more still grows. Clicks, search
    // and scrolling measured no slower (`make bench-window`, BENCHMARKS.md).
    set_unless_set("JSC_forceRAMSize", &(128u64 << 20).to_string());
    // On a desk without a GPU (a virtual machine, a remote session), GL is Mesa drawing on the
    // CPU, and GTK's probe for GLX and WebKit's EGL display loaded Mesa and its LLVM into this
    // process, which then never draws with it: the web process draws the page and hands this
    // one its pictures in shared memory. Left out, the window held 17 MB less at rest (this
    // process 24 less) and started 240-290 ms sooner from a cold disk (BENCHMARKS.md). The web
    // process needs its EGL display and keeps Mesa. Where a GPU is, GL is left as it is.
    if !gpu && !sb_app::desktop::has_render_node() {
        set_unless_set("GDK_GL", "disable");
        gl::no_egl_in_this_process();
    }
    set
}

/// GL in the window's own process (choose_web_engine).
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
mod gl {
    /// The variable that names libglvnd's EGL vendors (the GL drivers' EGL libraries).
    const VENDORS: &str = "__EGL_VENDOR_LIBRARY_FILENAMES";

    /// libglvnd reads its EGL vendors once per process, at the first EGL call, from the
    /// environment. Called with none named, then the variable taken away again before any
    /// other thread or process starts: this process finds no EGL (WebKit then hands pictures
    /// over in shared memory), and the web process, which takes the environment as it is when
    /// it starts, finds Mesa's. Left alone where someone chose the vendors themselves.
    pub fn no_egl_in_this_process() {
        if std::env::var_os(VENDORS).is_some()
            || std::env::var_os("__EGL_VENDOR_LIBRARY_DIRS").is_some()
        {
            return;
        }
        std::env::set_var(VENDORS, "/dev/null");
        const EGL_EXTENSIONS: i32 = 0x3055;
        // SAFETY: libEGL.so.1 is already loaded (WebKit links it) and is never closed, so the
        // symbol stays valid; eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS) takes no pointer
        // of ours and returns a static string or null, which is not read.
        unsafe {
            let lib = libc::dlopen(c"libEGL.so.1".as_ptr(), libc::RTLD_NOW);
            let query = if lib.is_null() {
                std::ptr::null_mut()
            } else {
                libc::dlsym(lib, c"eglQueryString".as_ptr())
            };
            if !query.is_null() {
                let query: unsafe extern "C" fn(*mut libc::c_void, i32) -> *const libc::c_char =
                    std::mem::transmute(query);
                query(std::ptr::null_mut(), EGL_EXTENSIONS);
            }
        }
        std::env::remove_var(VENDORS);
    }
}

#[cfg(not(target_os = "linux"))]
mod gl {
    pub fn no_egl_in_this_process() {}
}

/// The C allocator's memory (glibc's malloc: SQLite's pages and statements, GTK), which kept
/// what the window's many threads freed: one arena per thread that ever allocated, each
/// holding its freed pages. Two arenas, and what is free given back to the system every minute,
/// kept the window's own process tens of megabytes smaller after a day's clicks
/// (`make bench-window`, BENCHMARKS.md).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
mod allocator {
    pub fn few_arenas() {
        // SAFETY: mallopt sets a tuning parameter of glibc's allocator; it takes no pointer and
        // is safe to call from any thread at any time (here, first in main).
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, 2);
        }
    }

    pub fn give_back_what_is_free() {
        // SAFETY: malloc_trim releases free memory of glibc's heaps to the system; it takes
        // no pointer and locks each arena itself.
        unsafe {
            libc::malloc_trim(0);
        }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
mod allocator {
    pub fn few_arenas() {}
    pub fn give_back_what_is_free() {}
}

/// Asks for the pages the last start read (`record`), on a thread of its own: from a cold disk
/// they are read while GTK and WebKit start (`sb_start::pages`; BENCHMARKS.md).
fn read_ahead_the_start(record: std::path::PathBuf) {
    let spawned = std::thread::Builder::new()
        .name("read-ahead".into())
        .spawn(move || {
            let began = std::time::Instant::now();
            match sb_start::pages::read_ahead(&record) {
                Ok(bytes) => tracing::info!(
                    mb = bytes >> 20,
                    ms = began.elapsed().as_millis(),
                    "start: the last start's pages asked for"
                ),
                Err(e) => tracing::warn!("the start's pages could not be read ahead: {e}"),
            }
        });
    if let Err(e) = spawned {
        tracing::warn!("the start's pages are not read ahead: {e}");
    }
}

/// Notes the pages this start read, for the next one: once per process, when the page has
/// loaded and the queue has had time to show (a reloaded page notes nothing again).
fn note_the_start(record: std::path::PathBuf) {
    static NOTED: std::sync::Once = std::sync::Once::new();
    NOTED.call_once(|| {
        let spawned = std::thread::Builder::new()
            .name("note-start".into())
            .spawn(move || {
                std::thread::sleep(std::time::Duration::from_secs(10));
                match sb_start::pages::record(std::process::id(), &record) {
                    Ok(s) => tracing::info!(
                        processes = s.processes,
                        files = s.files,
                        mb = s.bytes >> 20,
                        "the start's pages noted for the next start"
                    ),
                    Err(e) => tracing::warn!("the start's pages could not be noted: {e}"),
                }
            });
        if let Err(e) = spawned {
            tracing::warn!("the start's pages are not noted: {e}");
        }
    });
}

/// When this process began, for the start's stages in the log.
static BEGAN: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// A stage of the start, logged with the milliseconds since the process began: where a slow
/// start spends its time, on any desk.
fn start_stage(stage: &str) {
    let ms = BEGAN.get().map_or(0, |t| t.elapsed().as_millis());
    tracing::info!(ms, "start: {stage}");
}

fn main() {
    BEGAN.get_or_init(std::time::Instant::now);
    // First, while this is the only thread: what switchboard-start asked for before this
    // program was loaded (sb_start), if it started this one, is taken out of the environment
    // (the web process and the programs this window starts are not told); the web process
    // takes the engine's variables with it; the allocator is tuned before the threads that
    // would each take an arena.
    let asked_before = std::env::var(sb_start::ASKED_VAR).ok();
    std::env::remove_var(sb_start::ASKED_VAR);
    let engine_variables = choose_web_engine();
    sb_app::desktop::keep_from_opened_programs(engine_variables);
    allocator::few_arenas();
    drop(tauri::async_runtime::spawn(async {
        loop {
            tokio::time::sleep(std::time::Duration::from_secs(60)).await;
            allocator::give_back_what_is_free();
        }
    }));
    let paths = Paths::from_env();
    // One window per data folder: a second start hands its links to the open window and ends.
    let args: Vec<String> = std::env::args().skip(1).collect();
    let listener = match paths
        .as_ref()
        .map(|p| sb_app::instance::claim(&p.data_dir, &args))
    {
        Ok(Ok(Claim::Handed)) => {
            eprintln!("switchboard: the window already open takes it");
            return;
        }
        Ok(Ok(Claim::First(listener))) => Some(listener),
        Ok(Err(e)) => {
            eprintln!("switchboard: a second start will open a second window: {e}");
            None
        }
        Err(_) => None,
    };
    // From a cold disk, the pages the last start read are asked for at once (by
    // switchboard-start before this program was loaded, else beside the window's own thread:
    // sb_start::pages), and noted again once this start is over.
    let start_pages = paths
        .as_ref()
        .ok()
        .map(|p| p.data_dir.join(sb_start::pages::FILE));
    let links = Links::default();
    links.add(&args);
    let desktop = paths.as_ref().ok().map(Desktop::new);
    // The log of the background work, in the data folder; kept until the window closes.
    let _log = paths.as_ref().ok().and_then(|p| start_log(p, "window"));
    // After the log has started, which then says what was asked for.
    match (asked_before, start_pages.clone()) {
        (Some(asked), _) => {
            let asked = sb_start::Asked::read(&asked);
            tracing::info!(
                mb = asked.bytes >> 20,
                ms = asked.ms,
                "start: the last start's pages asked for by switchboard-start"
            );
        }
        (None, Some(record)) => read_ahead_the_start(record),
        (None, None) => {}
    }
    // The workspace opens on a thread of its own while GTK and WebKit make the window, and the
    // window waits for it before its page can ask for anything: a reachable database shows no
    // flash of a start-up screen; one that cannot be opened leaves the start-up failed, to
    // recover from.
    let mut startup = Startup::new(paths.clone(), std::env::var("SB_DB").ok());
    let requested = startup.requested.clone();
    let opening = std::thread::spawn(move || {
        let opened = tauri::async_runtime::block_on(async {
            App::open(paths?, requested.as_deref()).await.map(Arc::new)
        });
        start_stage("the workspace opened");
        opened
    });
    let mut builder = tauri::Builder::default()
        .plugin(tauri_plugin_notification::init())
        .manage(links);
    let place = desktop.as_ref().and_then(Desktop::window_place);
    if let Some(desktop) = desktop {
        builder = builder.manage(DesktopState(desktop));
    }
    builder
        .setup(move |tauri_app| {
            start_stage("the window made");
            let opened = opening.join().unwrap_or_else(|_| {
                Err(ApiError::new(
                    ErrorCode::Internal,
                    "opening the workspace failed unexpectedly (see the log)",
                ))
            });
            let ready = opened.as_ref().ok().map(Arc::clone);
            let settled = startup.settle(opened, None);
            *startup.state.get_mut() = settled;
            let handle = tauri_app.handle();
            handle.manage(startup);
            if let Some(app) = &ready {
                handle.manage(Desk(app.clone()));
            }
            start_stage("the workspace taken");
            if let (Some(window), Some(place)) = (handle.get_webview_window("main"), place) {
                restore_place(&window, place);
            }
            if let Some(listener) = listener {
                let handed = handle.clone();
                listener.serve(move |h| handed_over(&handed, h));
            }
            match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| build_tray(handle))) {
                Ok(Ok(tray)) => {
                    handle.manage(tray);
                }
                Ok(Err(e)) => eprintln!("switchboard: no tray icon: {e}"),
                Err(_) => eprintln!("switchboard: no tray icon (this desktop has no tray library)"),
            }
            if let Some(app) = ready {
                start_workers(handle, app);
            }
            start_stage("the tray and the work set up");
            Ok(())
        })
        .on_page_load(move |_, load| {
            start_stage(match load.event() {
                tauri::webview::PageLoadEvent::Started => "the page asked for",
                tauri::webview::PageLoadEvent::Finished => "the page loaded",
            });
            if load.event() == tauri::webview::PageLoadEvent::Finished {
                if let Some(record) = &start_pages {
                    note_the_start(record.clone());
                }
            }
        })
        .on_window_event(|window, event| {
            if window.try_state::<DesktopState>().is_some() {
                keep_place(window, event);
            }
        })
        // Every #[tauri::command] in this crate, listed by build.rs.
        .invoke_handler(include!(concat!(env!("OUT_DIR"), "/handler.rs")))
        .run(tauri::generate_context!())
        .expect("the Switchboard window failed to start");
}
