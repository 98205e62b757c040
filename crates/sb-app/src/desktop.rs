//! The window as a desktop program: what this computer keeps for it (the theme, the window's
//! size and place, starting at login), the links it opens (`switchboard://ticket/SB-000123`),
//! the tray's words, and what the desk tells its person on its own (tickets someone else gave
//! them). One instance per data folder is in [`crate::instance`].
//!
//! The theme and the window's place are this computer's, not the workspace's: they live in
//! `desktop.json` beside the preferences file, written only by the window (the preferences file
//! belongs to the open workspace's `App`, which writes it whole).

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use sb_domain::{Priority, TicketNumber};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dto::Language;
use crate::{now_ms, ApiError, ApiResult, App, ErrorCode, Paths};
use sb_i18n::{msg, Lang};

/// Light, dark, or whatever the desktop says (the default).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

/// The window's place on the screen when it was last moved or resized, in physical pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowPlace {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
    #[serde(default)]
    pub maximized: bool,
}

impl WindowPlace {
    /// The smallest window kept: a place smaller than the window's own minimum (a broken file,
    /// a screen since removed) is not restored.
    pub const MIN_WIDTH: u32 = 480;
    pub const MIN_HEIGHT: u32 = 320;

    fn usable(&self) -> bool {
        self.width >= Self::MIN_WIDTH
            && self.height >= Self::MIN_HEIGHT
            && self.width <= 100_000
            && self.height <= 100_000
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
struct DesktopFile {
    theme: Theme,
    window: Option<WindowPlace>,
}

/// What the Settings screen shows under "This computer".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DesktopSettingsDto {
    pub theme: Theme,
    /// Whether the desktop starts Switchboard when the person logs in.
    pub start_at_login: bool,
    /// The entry the desktop reads at login (shown so the person can find it).
    pub autostart_file: String,
}

/// This computer's settings for the window.
#[derive(Debug)]
pub struct Desktop {
    file: PathBuf,
    kept: Mutex<DesktopFile>,
    autostart: Option<PathBuf>,
    /// How the autostart entry starts this program: by switchboard-start beside the running
    /// executable, as the menu entry does (after a boot the disk is cold), else the executable.
    exe: Option<PathBuf>,
    /// `SWITCHBOARD_HOME`, carried into the autostart entry so it opens the same desk.
    home: Option<PathBuf>,
}

impl Desktop {
    /// Reads `desktop.json` beside the preferences file; a missing or unreadable file is the
    /// defaults (it holds nothing that cannot be chosen again), and is rewritten on the next
    /// change.
    pub fn new(paths: &Paths) -> Desktop {
        let file = paths.preferences_file.with_file_name("desktop.json");
        let kept = match std::fs::read_to_string(&file) {
            Ok(text) => serde_json::from_str(&text).unwrap_or_else(|e| {
                tracing::warn!(
                    "{} is not valid ({e}); the defaults are used",
                    file.display()
                );
                DesktopFile::default()
            }),
            Err(_) => DesktopFile::default(),
        };
        Desktop {
            file,
            kept: Mutex::new(kept),
            autostart: autostart_file(),
            exe: std::env::current_exe().ok().map(starter_beside),
            home: sb_start::home(),
        }
    }

    pub fn settings(&self) -> DesktopSettingsDto {
        DesktopSettingsDto {
            theme: self.kept().theme,
            start_at_login: self.autostart.as_deref().is_some_and(is_ours),
            autostart_file: self
                .autostart
                .as_deref()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
        }
    }

    pub fn set_theme(&self, theme: Theme) -> ApiResult<DesktopSettingsDto> {
        self.change(|k| k.theme = theme)?;
        Ok(self.settings())
    }

    /// Writes or removes the XDG autostart entry (`~/.config/autostart/switchboard.desktop`).
    pub fn set_start_at_login(&self, on: bool) -> ApiResult<DesktopSettingsDto> {
        let Some(file) = &self.autostart else {
            return Err(ApiError::said(
                ErrorCode::Internal,
                msg!("autostart-no-config-folder"),
            ));
        };
        let fail = |e: std::io::Error| {
            ApiError::said(
                ErrorCode::Internal,
                msg!(
                    "file-cannot-change",
                    path = file.display().to_string(),
                    error = e.to_string()
                ),
            )
        };
        if on {
            let exe = self.exe.as_deref().ok_or_else(|| {
                ApiError::said(ErrorCode::Internal, msg!("autostart-no-program-path"))
            })?;
            let entry = autostart_entry(exe, self.home.as_deref());
            if let Some(dir) = file.parent() {
                std::fs::create_dir_all(dir).map_err(fail)?;
            }
            let tmp = file.with_extension("desktop.tmp");
            std::fs::write(&tmp, entry).map_err(fail)?;
            std::fs::rename(&tmp, file).map_err(fail)?;
        } else if is_ours(file) {
            std::fs::remove_file(file).map_err(fail)?;
        }
        Ok(self.settings())
    }

    /// Where the window was, when that place is still usable.
    pub fn window_place(&self) -> Option<WindowPlace> {
        self.kept().window.filter(WindowPlace::usable)
    }

    /// Keeps the window's place (the window calls it when moved, resized or closed).
    pub fn keep_window_place(&self, place: WindowPlace) -> ApiResult<()> {
        if !place.usable() || self.kept().window == Some(place) {
            return Ok(());
        }
        self.change(|k| k.window = Some(place))
    }

    fn kept(&self) -> DesktopFile {
        self.kept.lock().expect("desktop settings lock").clone()
    }

    fn change(&self, change: impl FnOnce(&mut DesktopFile)) -> ApiResult<()> {
        let mut kept = self.kept.lock().expect("desktop settings lock");
        let mut next = kept.clone();
        change(&mut next);
        crate::prefs::save_json(&self.file, &next, msg!("prefs-what-window"))?;
        *kept = next;
        Ok(())
    }
}

/// The XDG autostart entry's path (`$XDG_CONFIG_HOME/autostart`, else `~/.config/autostart`).
fn autostart_file() -> Option<PathBuf> {
    dirs::config_dir().map(|c| c.join("autostart").join("switchboard.desktop"))
}

/// `switchboard-start` beside the window's program `exe` when it is there (the package and a
/// build put it there), else `exe` itself.
fn starter_beside(exe: PathBuf) -> PathBuf {
    let starter = exe.with_file_name("switchboard-start");
    if starter.is_file() {
        starter
    } else {
        exe
    }
}

/// An entry this program wrote (a person's own entry of that name is left alone).
fn is_ours(file: &Path) -> bool {
    std::fs::read_to_string(file).is_ok_and(|t| t.contains(AUTOSTART_MARK))
}

const AUTOSTART_MARK: &str = "X-Switchboard-Autostart=true";

/// The desktop entry that starts this program at login (Desktop Entry Specification: an
/// argument with spaces or reserved characters is quoted, `"`, `` ` ``, `$` and `\` escaped).
fn autostart_entry(exe: &Path, home: Option<&Path>) -> String {
    let mut exec = Vec::new();
    if let Some(home) = home {
        exec.push("env".to_string());
        exec.push(format!("SWITCHBOARD_HOME={}", home.display()));
    }
    exec.push(exe.display().to_string());
    let exec = exec
        .iter()
        .map(|a| quote_exec_arg(a))
        .collect::<Vec<_>>()
        .join(" ");
    format!(
        "[Desktop Entry]\nType=Application\nName=Switchboard\n\
         Comment=One queue for every IT support channel\nIcon=switchboard\nExec={exec}\n\
         Terminal=false\nX-GNOME-Autostart-enabled=true\n{AUTOSTART_MARK}\n"
    )
}

fn quote_exec_arg(arg: &str) -> String {
    let reserved = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '"' | '\''
                    | '\\'
                    | '>'
                    | '<'
                    | '~'
                    | '|'
                    | '&'
                    | ';'
                    | '$'
                    | '*'
                    | '?'
                    | '#'
                    | '('
                    | ')'
                    | '`'
            )
    };
    if !arg.is_empty() && !arg.contains(reserved) {
        // `%` is a field code in Exec; a literal one is doubled.
        return arg.replace('%', "%%");
    }
    let mut quoted = String::from("\"");
    for c in arg.chars() {
        match c {
            '"' | '`' | '$' | '\\' => {
                // Escaped once for the quoting, and the backslash again for the string value.
                quoted.push_str("\\\\");
                quoted.push(c);
            }
            '%' => quoted.push_str("%%"),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// What a `switchboard://` link asks the window to open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum DeskLink {
    /// `switchboard://ticket/SB-000123` (the number as people write it, any case).
    Ticket { id: i64, number: String },
}

/// The scheme the package registers with the desktop.
pub const LINK_SCHEME: &str = "switchboard";

impl DeskLink {
    /// Reads a link; anything else is an error that says what a link looks like.
    pub fn parse(text: &str) -> ApiResult<DeskLink> {
        let wrong = || {
            ApiError::invalid_said(
                "link",
                msg!("link-cannot-open", link = format!("{:?}", clip(text))),
            )
        };
        let rest = text
            .trim()
            .strip_prefix(LINK_SCHEME)
            .and_then(|r| r.strip_prefix("://"))
            .ok_or_else(wrong)?;
        let rest = rest.trim_end_matches('/');
        let (what, which) = rest.split_once('/').ok_or_else(wrong)?;
        match what.to_ascii_lowercase().as_str() {
            "ticket" => {
                let number: TicketNumber = which.to_ascii_uppercase().parse().map_err(|_| {
                    ApiError::invalid_said(
                        "link",
                        msg!(
                            "link-not-ticket-number",
                            value = format!("{:?}", clip(which))
                        ),
                    )
                })?;
                Ok(DeskLink::Ticket {
                    id: number.0,
                    number: number.to_string(),
                })
            }
            _ => Err(wrong()),
        }
    }

    /// Whether a command-line argument is meant as a link (the desktop passes it as `%u`).
    pub fn looks_like_one(arg: &str) -> bool {
        arg.trim()
            .get(..LINK_SCHEME.len() + 1)
            .is_some_and(|p| p.eq_ignore_ascii_case("switchboard:"))
    }
}

fn clip(text: &str) -> String {
    text.chars().take(120).collect()
}

/// A link as the window receives it: read, or refused with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LinkDto {
    pub text: String,
    pub link: Option<DeskLink>,
    pub error: Option<ApiError>,
}

impl LinkDto {
    pub fn read(text: &str) -> LinkDto {
        match DeskLink::parse(text) {
            Ok(link) => LinkDto {
                text: clip(text),
                link: Some(link),
                error: None,
            },
            Err(e) => LinkDto {
                text: clip(text),
                link: None,
                error: Some(e),
            },
        }
    }
}

/// The tray menu's words, in the desk's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrayWords {
    pub open: String,
    pub new_ticket: String,
    pub my_open: String,
    pub quit: String,
    /// Beside the icon: the count, or nothing at none.
    pub label: String,
}

impl TrayWords {
    pub fn of(language: Language, my_open: i64) -> TrayWords {
        let lang = Lang::from(language);
        let label = if my_open > 0 {
            my_open.to_string()
        } else {
            String::new()
        };
        TrayWords {
            open: msg!("tray-open").render(lang),
            new_ticket: msg!("tray-new-ticket").render(lang),
            my_open: msg!("tray-my-open", count = my_open).render(lang),
            quit: msg!("tray-quit").render(lang),
            label,
        }
    }
}

/// A ticket someone else gave the person signed in here: a desktop notification (`title`,
/// `body`, in the desk's language) and a notice in the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AssignmentNoticeDto {
    pub id: i64,
    pub ticket_id: i64,
    pub ticket_number: String,
    pub subject: String,
    pub client_code: String,
    pub priority: Priority,
    pub assigned_by: Option<String>,
    pub created_at: i64,
    pub title: String,
    pub body: String,
}

/// Tells the person signed in here of each ticket someone else gives them, once, on one of
/// their desks: `tell` shows it.
pub async fn watch_assignment_notices(
    app: std::sync::Arc<App>,
    tell: impl Fn(AssignmentNoticeDto) + Send + 'static,
) {
    crate::sla::watch_notices(
        app,
        |app| async move { app.take_assignment_notices().await },
        tell,
    )
    .await
}

impl App {
    /// The notices of tickets given to the person signed in here not shown yet; each is
    /// returned once, to one desk.
    pub async fn take_assignment_notices(&self) -> ApiResult<Vec<AssignmentNoticeDto>> {
        let Some(me) = self.profile() else {
            return Ok(Vec::new());
        };
        let lang = self.lang();
        Ok(self
            .store
            .take_assignment_notices(me.id, now_ms())
            .await?
            .into_iter()
            .map(|n| {
                let number = TicketNumber(n.ticket_id).to_string();
                let body = match &n.assigned_by {
                    Some(by) => msg!("assignment-given-by", name = by),
                    None => msg!("assignment-yours"),
                }
                .render(lang);
                AssignmentNoticeDto {
                    id: n.id,
                    ticket_id: n.ticket_id,
                    title: format!("{number} · {} · {}", n.client_code, n.subject),
                    ticket_number: number,
                    subject: n.subject,
                    client_code: n.client_code,
                    priority: n.priority,
                    assigned_by: n.assigned_by,
                    created_at: n.created_at,
                    body,
                }
            })
            .collect())
    }

    /// How many open tickets the person signed in here holds (the tray's count); none
    /// without a profile.
    pub async fn my_open_ticket_count(&self) -> ApiResult<i64> {
        match self.profile() {
            Some(me) => Ok(self.store.open_tickets_of(me.id).await?),
            None => Ok(0),
        }
    }
}

/// Whether this machine has a GPU that programs may draw with: a DRM render node
/// (`/dev/dri/renderD*`). Without one, GL is Mesa drawing on the CPU, and the window leaves it
/// to WebKit's web process (src-tauri `choose_web_engine`).
#[cfg(target_os = "linux")]
pub fn has_render_node() -> bool {
    std::fs::read_dir("/dev/dri").is_ok_and(|dir| {
        dir.flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
    })
}

/// Elsewhere the desktop's GL is left as it is.
#[cfg(not(target_os = "linux"))]
pub fn has_render_node() -> bool {
    true
}

/// The variables the window set for its own web engine (src-tauri `choose_web_engine`: no GPU
/// compositing, JavaScriptCore's compilers and heap, no GL in GTK), which the programs it opens
/// for its person must not take: a viewer or a browser started for an attachment runs as the
/// desktop set it up.
static ENGINE_VARIABLES: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();

/// Names the variables the window set for its web engine; once, at its start.
pub fn keep_from_opened_programs(names: Vec<&'static str>) {
    let _ = ENGINE_VARIABLES.set(names);
}

/// A program the desk starts for its person (the desktop's opener), without the variables the
/// window set for its own web engine.
pub(crate) fn opened_program(program: &str) -> std::process::Command {
    let mut command = std::process::Command::new(program);
    for name in ENGINE_VARIABLES.get().into_iter().flatten() {
        command.env_remove(name);
    }
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_to_tickets_are_read_and_others_refused_with_the_form() {
        for (text, id) in [
            ("switchboard://ticket/SB-000123", 123),
            ("switchboard://ticket/sb-000123/", 123),
            ("  switchboard://TICKET/SB-1000000 ", 1_000_000),
        ] {
            assert_eq!(
                DeskLink::parse(text).unwrap(),
                DeskLink::Ticket {
                    id,
                    number: TicketNumber(id).to_string()
                },
                "{text}"
            );
        }
        for text in [
            "",
            "switchboard://",
            "switchboard://ticket/",
            "switchboard://ticket/123abc",
            "switchboard://client/ACME",
            "https://ticket/SB-000001",
            "switchboard:ticket/SB-000001",
        ] {
            let e = DeskLink::parse(text).unwrap_err();
            assert_eq!(e.field.as_deref(), Some("link"), "{text}");
            assert!(
                e.message.contains("switchboard://ticket/SB-000123"),
                "{text}: {}",
                e.message
            );
        }
        assert!(DeskLink::looks_like_one("SwitchBoard://ticket/1"));
        assert!(!DeskLink::looks_like_one("--verbose"));
        // A long hostile link is clipped in the message.
        let long = format!("switchboard://{}", "x".repeat(10_000));
        assert!(DeskLink::parse(&long).unwrap_err().message.len() < 300);
    }

    #[test]
    fn the_autostart_entry_quotes_what_the_spec_says() {
        let entry = autostart_entry(
            Path::new("/opt/my apps/switchboard"),
            Some(Path::new("/home/o/100% desk")),
        );
        assert!(
            entry.contains(
                "Exec=env \"SWITCHBOARD_HOME=/home/o/100%% desk\" \"/opt/my apps/switchboard\"\n"
            ),
            "{entry}"
        );
        assert!(entry.contains(AUTOSTART_MARK));
        let plain = autostart_entry(Path::new("/usr/bin/switchboard"), None);
        assert!(plain.contains("Exec=/usr/bin/switchboard\n"), "{plain}");
        assert_eq!(quote_exec_arg("a\"b$c"), "\"a\\\\\"b\\\\$c\"");
    }

    #[test]
    fn the_autostart_entry_starts_the_window_by_switchboard_start_when_it_is_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let exe = dir.path().join("switchboard");
        std::fs::write(&exe, "").unwrap();
        assert_eq!(
            starter_beside(exe.clone()),
            exe,
            "no starter: the window itself"
        );
        std::fs::write(dir.path().join("switchboard-start"), "").unwrap();
        assert_eq!(starter_beside(exe), dir.path().join("switchboard-start"));
    }

    #[test]
    fn theme_window_place_and_autostart_are_kept_on_this_computer() {
        let dir = tempfile::tempdir().unwrap();
        let paths = Paths::in_folder(dir.path().to_path_buf());
        let mut desktop = Desktop::new(&paths);
        desktop.autostart = Some(dir.path().join("autostart/switchboard.desktop"));
        desktop.exe = Some(PathBuf::from("/usr/bin/switchboard"));
        assert_eq!(desktop.settings().theme, Theme::System);
        desktop.set_theme(Theme::Dark).unwrap();
        let place = WindowPlace {
            x: 40,
            y: 30,
            width: 1100,
            height: 700,
            maximized: false,
        };
        desktop.keep_window_place(place).unwrap();
        // Too small to be a window someone chose: not kept.
        desktop
            .keep_window_place(WindowPlace { width: 10, ..place })
            .unwrap();
        assert!(desktop.set_start_at_login(true).unwrap().start_at_login);

        let again = Desktop::new(&paths);
        assert_eq!(again.settings().theme, Theme::Dark);
        assert_eq!(again.window_place(), Some(place));

        assert!(!desktop.set_start_at_login(false).unwrap().start_at_login);
        assert!(!dir.path().join("autostart/switchboard.desktop").exists());
        // Someone's own entry of that name is not removed.
        std::fs::write(
            dir.path().join("autostart/switchboard.desktop"),
            "[Desktop Entry]\nExec=mine\n",
        )
        .unwrap();
        assert!(!desktop.set_start_at_login(false).unwrap().start_at_login);
        assert!(dir.path().join("autostart/switchboard.desktop").exists());

        // A damaged file is the defaults, and is written whole again on the next change.
        std::fs::write(dir.path().join("desktop.json"), "{not json").unwrap();
        let damaged = Desktop::new(&paths);
        assert_eq!(damaged.settings().theme, Theme::System);
        damaged.set_theme(Theme::Light).unwrap();
        assert_eq!(Desktop::new(&paths).settings().theme, Theme::Light);
    }

    #[test]
    fn tray_words_count_in_both_languages() {
        assert_eq!(TrayWords::of(Language::En, 0).label, "");
        assert_eq!(
            TrayWords::of(Language::En, 1).my_open,
            "1 open ticket of mine"
        );
        assert_eq!(TrayWords::of(Language::En, 3).label, "3");
        assert_eq!(
            TrayWords::of(Language::Ru, 5).my_open,
            "5 моих открытых заявок"
        );
        assert_eq!(
            TrayWords::of(Language::Ru, 22).my_open,
            "22 мои открытые заявки"
        );
        assert_eq!(
            TrayWords::of(Language::Ru, 0).my_open,
            "Моих открытых заявок нет"
        );
    }
}
