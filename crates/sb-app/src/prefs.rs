//! This desktop's preferences: interface language, which database to open, and which profile
//! is "me" in each database. Kept in a small JSON file, never in the shared database (several
//! desktops share a PostgreSQL workspace, each with its own person and language).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use sb_i18n::{msg, Msg};

use crate::dto::Language;
use crate::{ApiError, ErrorCode};

/// Where this desktop keeps its files. `SWITCHBOARD_HOME` puts everything in one folder
/// (tests and portable installs); otherwise the platform's data and config folders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    pub data_dir: PathBuf,
    pub preferences_file: PathBuf,
    /// Where opened attachments are saved: the person's downloads folder, or the data
    /// folder's `attachments` (with `SWITCHBOARD_HOME`, or without a downloads folder).
    pub attachments_dir: PathBuf,
}

impl Paths {
    pub fn from_env() -> Result<Paths, ApiError> {
        if let Some(home) = sb_start::home() {
            return Ok(Paths::in_folder(home));
        }
        let data = sb_start::data_dir().ok_or_else(no_home)?;
        let config = dirs::config_dir().ok_or_else(no_home)?.join("switchboard");
        Ok(Paths {
            attachments_dir: dirs::download_dir().unwrap_or_else(|| data.join("attachments")),
            data_dir: data,
            preferences_file: config.join("preferences.json"),
        })
    }

    pub fn in_folder(folder: PathBuf) -> Paths {
        Paths {
            preferences_file: folder.join("preferences.json"),
            attachments_dir: folder.join("attachments"),
            data_dir: folder,
        }
    }

    /// The embedded database the app opens when nothing else is chosen.
    pub fn default_database(&self) -> PathBuf {
        self.data_dir.join("switchboard.db")
    }
}

/// Which language words are said in, the one order everywhere (the window, `sb`, the desk's
/// notifications): the one asked for now (`sb --lang`, SB_LANG), else the one this desk chose,
/// else the locale's (LC_ALL, LC_MESSAGES, LANG), else English.
pub fn speaking(asked: Option<Language>, chosen: Option<Language>) -> Language {
    asked
        .or(chosen)
        .or_else(locale_language)
        .unwrap_or_default()
}

/// The locale's language (the first of LC_ALL, LC_MESSAGES, LANG that is set), when it is one
/// Switchboard speaks.
pub fn locale_language() -> Option<Language> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty())
        .and_then(|v| sb_i18n::Lang::parse(&v))
        .map(Language::from)
}

fn no_home() -> ApiError {
    ApiError::said(ErrorCode::DatabaseUnavailable, msg!("prefs-no-home"))
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Preferences {
    /// The language a person chose on this desk (Settings, `sb language`); `None` until one
    /// does, and then the locale decides ([`speaking`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
    /// A file path or a `postgres://` URL; the embedded default when absent.
    pub database: Option<String>,
    /// Profile id per database, keyed by the database as shown to people.
    pub profiles: BTreeMap<String, i64>,
    /// This desk leaves the background work (mail readers, the outboxes, alert polls, vendor
    /// sync) to others: a team's server running `sb worker`, or another desk.
    pub no_background_work: bool,
}

impl Preferences {
    /// The language this desk speaks: the one chosen here, else the locale's, else English.
    pub fn speaks(&self) -> Language {
        speaking(None, self.language)
    }

    /// Reads the file; a missing file is the defaults. A file that cannot be read is an error
    /// that names it, and it is never overwritten.
    pub fn load(path: &Path) -> Result<Preferences, ApiError> {
        match std::fs::read_to_string(path) {
            Ok(text) => serde_json::from_str(&text).map_err(|e| {
                ApiError::invalid_said(
                    "preferences",
                    msg!(
                        "prefs-file-invalid",
                        path = path.display().to_string(),
                        error = e.to_string()
                    ),
                )
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Preferences::default()),
            Err(e) => Err(ApiError::said(
                ErrorCode::Internal,
                msg!(
                    "file-cannot-read",
                    path = path.display().to_string(),
                    error = e.to_string()
                ),
            )),
        }
    }

    /// Writes the file whole (to a temporary file first, then renamed over the old one).
    pub fn save(&self, path: &Path) -> Result<(), ApiError> {
        save_json(path, self, msg!("prefs-what-preferences"))
    }
}

/// Writes `value` to `path` as JSON, whole: to a temporary file first, then renamed over the
/// old one, so a crash leaves the old file or the new, never half of one. `what` names it in
/// the error.
pub(crate) fn save_json(path: &Path, value: &impl Serialize, what: Msg) -> Result<(), ApiError> {
    let fail = |e: std::io::Error| {
        ApiError::said(
            ErrorCode::Internal,
            msg!(
                "file-cannot-save-what",
                what = what.clone(),
                path = path.display().to_string(),
                error = e.to_string()
            ),
        )
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    let tmp = path.with_extension("json.tmp");
    let text = serde_json::to_string_pretty(value)
        .map_err(std::io::Error::other)
        .map_err(fail)?;
    std::fs::write(&tmp, text).map_err(fail)?;
    std::fs::rename(&tmp, path).map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_asked_for_comes_before_the_desks_choice() {
        assert_eq!(
            speaking(Some(Language::Ru), Some(Language::En)),
            Language::Ru
        );
        assert_eq!(speaking(None, Some(Language::Ru)), Language::Ru);
        assert_eq!(speaking(Some(Language::En), None), Language::En);
    }

    #[test]
    fn a_desk_that_never_chose_writes_no_language() {
        let prefs = Preferences {
            database: Some("/tmp/work.db".into()),
            ..Preferences::default()
        };
        let text = serde_json::to_string(&prefs).unwrap();
        assert!(!text.contains("language"), "{text}");
        let back: Preferences = serde_json::from_str(&text).unwrap();
        assert_eq!(back.language, None);
        // A file from before kept its language: it reads as chosen.
        let old: Preferences = serde_json::from_str(r#"{"language":"ru"}"#).unwrap();
        assert_eq!(old.language, Some(Language::Ru));
        assert_eq!(old.speaks(), Language::Ru);
    }
}
