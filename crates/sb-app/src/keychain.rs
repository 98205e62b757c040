//! Secrets in the OS keychain through the `keyring` crate: macOS Keychain, Windows Credential
//! Manager, and on Linux the Secret Service (GNOME Keyring, KWallet) of the desktop session.
//! A Linux machine without a Secret Service (a headless server, the tests) uses the kernel's
//! keyutils session keyring instead, which lasts until logout.
//!
//! Architecture Invariant: a password is written here and read here only; it is never in the
//! database, a log, an export or an error message, and travels as `Sensitive<String>`.

use std::sync::Once;

use sb_domain::Sensitive;

use crate::{ApiError, ErrorCode};

const SERVICE: &str = "switchboard";

/// Chooses the Linux store once: the Secret Service when one answers, else keyutils.
fn choose_store() {
    static CHOSEN: Once = Once::new();
    CHOSEN.call_once(|| {
        #[cfg(target_os = "linux")]
        {
            let secret_service = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
                && keyring::Entry::new(SERVICE, "probe")
                    .and_then(|e| e.get_password())
                    .map_or_else(|e| matches!(e, keyring::Error::NoEntry), |_| true);
            if !secret_service {
                keyring::set_default_credential_builder(
                    keyring::keyutils::default_credential_builder(),
                );
            }
        }
    });
}

fn entry(account: &str) -> Result<keyring::Entry, ApiError> {
    choose_store();
    keyring::Entry::new(SERVICE, account).map_err(unavailable)
}

/// The secret stored for `account`, if any.
pub(crate) fn get(account: &str) -> Result<Option<Sensitive<String>>, ApiError> {
    match entry(account)?.get_password() {
        Ok(p) => Ok(Some(Sensitive::new(p))),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(unavailable(e)),
    }
}

pub(crate) fn set(account: &str, secret: &Sensitive<String>) -> Result<(), ApiError> {
    entry(account)?
        .set_password(secret.expose())
        .map_err(unavailable)?;
    remove(&forgotten_account(account))
}

/// Forgets the secret; forgetting one that is not there is fine.
pub(crate) fn delete(account: &str) -> Result<(), ApiError> {
    remove(account)?;
    remove(&forgotten_account(account))
}

/// Forgets a stored secret because the server it was typed for changed, and keeps `why` (no
/// secret: which setting changed) beside it, so the next poll or delivery says why it asks
/// for the secret again. Nothing is kept when no secret was stored.
pub(crate) fn forget(account: &str, why: &str) -> Result<(), ApiError> {
    if get(account)?.is_none() {
        return Ok(());
    }
    remove(account)?;
    entry(&forgotten_account(account))?
        .set_password(why)
        .map_err(unavailable)
}

/// Why the secret of `account` was forgotten, when [`forget`] forgot it and none was typed
/// since.
pub(crate) fn forgotten(account: &str) -> Result<Option<String>, ApiError> {
    Ok(get(&forgotten_account(account))?.map(|why| why.expose().clone()))
}

/// [`forget`] with the reason as a message, kept as its JSON so the reader words it.
pub(crate) fn forget_said(account: &str, why: &sb_i18n::Msg) -> Result<(), ApiError> {
    let json = serde_json::to_string(why).unwrap_or_else(|_| why.english());
    forget(account, &json)
}

/// [`forgotten`] as a message argument: the message [`forget_said`] kept, or the text kept
/// before there were messages.
pub(crate) fn forgotten_why(account: &str) -> Result<Option<sb_i18n::Arg>, ApiError> {
    Ok(
        forgotten(account)?.map(|why| match serde_json::from_str::<sb_i18n::Msg>(&why) {
            Ok(m) => m.into(),
            Err(_) => why.into(),
        }),
    )
}

fn forgotten_account(account: &str) -> String {
    format!("{account}#forgotten")
}

fn remove(account: &str) -> Result<(), ApiError> {
    match entry(account)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(unavailable(e)),
    }
}

/// The keyring error says which store failed and why; it never holds the secret.
fn unavailable(e: keyring::Error) -> ApiError {
    ApiError::said(
        ErrorCode::KeychainUnavailable,
        sb_i18n::msg!("keychain-unavailable", error = e.to_string()),
    )
}
