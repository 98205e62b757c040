//! What crosses the boundary for vendors, bonds, the vendor outbox and the scorecard.

use sb_domain::delivery::{FailureClass, OutboxState};
use std::collections::BTreeMap;

use sb_i18n::Msg;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Whom an engineer's public comment is for (the window's comment form, `sb ticket comment --to`).
pub use sb_domain::vendor::Audience;

/// One setting of a connector kind, for the vendor form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectorFieldDto {
    pub key: String,
    pub label: Msg,
    pub required: bool,
    /// What to put there: a word of explanation, or an example shown as it is.
    pub hint: Msg,
}

/// A kind of vendor system Switchboard can talk to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectorKindDto {
    pub kind: String,
    pub label: Msg,
    pub fields: Vec<ConnectorFieldDto>,
    /// What the secret is called ("API token"); `None`: the kind needs none.
    pub secret: Option<Msg>,
}

/// The vendor's underpinning SLA for a direction (`*`: every direction without its own).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VendorSlaDto {
    pub direction: String,
    pub acknowledge_minutes: Option<i64>,
    pub resolve_minutes: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VendorContactDto {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VendorDto {
    pub id: i64,
    pub name: String,
    pub directions: Vec<String>,
    pub kind: String,
    pub kind_label: Msg,
    pub settings: BTreeMap<String, String>,
    pub sla: Vec<VendorSlaDto>,
    pub contacts: Vec<VendorContactDto>,
    /// Requests a minute the vendor allows.
    pub per_minute: i64,
    pub enabled: bool,
    /// A secret is in the OS keychain (never the secret itself).
    pub has_secret: bool,
    pub last_sync_at: Option<i64>,
    /// In English.
    pub last_sync_error: Option<String>,
    /// The same, worded by the reader; `None` for one recorded before messages.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub last_sync_error_msg: Option<Msg>,
    pub open_cases: i64,
    /// Who the credentials were found to sign in as at the vendor (learnt at the first check
    /// or delivery; a key that signs in as someone else is refused as bad credentials).
    pub account: Option<String>,
    /// Cases the sync found gone at the vendor (deleted there), not escalated again since.
    pub gone_cases: i64,
}

/// A vendor as the form sends it. `secret`: `None` keeps the stored one, `""` forgets it.
/// Its `Debug` says whether a secret came, never what it is.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VendorInput {
    pub name: String,
    pub directions: Vec<String>,
    pub kind: String,
    pub settings: BTreeMap<String, String>,
    pub sla: Vec<VendorSlaDto>,
    pub contacts: Vec<VendorContactDto>,
    pub per_minute: i64,
    pub enabled: bool,
    pub secret: Option<String>,
}

impl std::fmt::Debug for VendorInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VendorInput")
            .field("name", &self.name)
            .field("directions", &self.directions)
            .field("kind", &self.kind)
            .field("settings", &self.settings)
            .field("sla", &self.sla)
            .field("contacts", &self.contacts)
            .field("per_minute", &self.per_minute)
            .field("enabled", &self.enabled)
            .field("secret", &self.secret.as_ref().map(|_| "***"))
            .finish()
    }
}

/// "Test connection": ok with who we are at the vendor, or what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VendorCheckDto {
    pub ok: bool,
    /// `ok`, `unreachable`, `tls`, `timeout`, `bad_credentials`, `missing_permission`,
    /// `not_found`, `rejected`, `rate_limited`, `server_error`, `protocol`, `settings`.
    pub class: String,
    /// In English (the vendor's own words after the class's sentence).
    pub message: String,
    /// The same, worded by the reader.
    pub msg: Msg,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EscalateInput {
    pub ticket_id: i64,
    pub vendor_id: i64,
    /// A word to the vendor, put first in the case's description.
    pub note: Option<String>,
}

/// One target of the vendor's SLA on a bond.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SlaTargetDto {
    /// `none`, `running`, `met`, `breached`.
    pub state: String,
    pub due_at: Option<i64>,
    pub took_minutes: Option<i64>,
}

/// A ticket's case at a vendor, for the card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BondDto {
    pub id: i64,
    pub ticket_id: i64,
    pub vendor_id: i64,
    pub vendor_name: String,
    pub correlation: String,
    pub case_number: Option<String>,
    pub case_url: Option<String>,
    pub vendor_status_raw: Option<String>,
    pub vendor_status: Option<String>,
    /// `pending`, `open`, `suspended`, `resolved`, `closed`, `failed`.
    pub state: String,
    pub escalated_by: String,
    pub created_at: i64,
    pub escalated_at: Option<i64>,
    pub acknowledged_at: Option<i64>,
    pub resolved_at: Option<i64>,
    pub last_sync_at: Option<i64>,
    pub pending_messages: i64,
    pub dead_messages: i64,
    /// In English.
    pub last_error: Option<String>,
    /// The same, worded by the reader; `None` for one recorded before messages.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub last_error_msg: Option<Msg>,
    pub acknowledge: SlaTargetDto,
    pub resolve: SlaTargetDto,
    /// When the sync found the case gone at the vendor (deleted there, or no longer found).
    pub gone_at: Option<i64>,
    /// The vendor still works the case: public comments for the vendor go to it.
    pub takes_comments: bool,
}

/// One message of the vendor outbox (the dead letters are those in `dead`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VendorMessageDto {
    pub id: i64,
    pub bond_id: i64,
    pub ticket_id: i64,
    pub ticket_number: String,
    pub vendor_name: String,
    /// `create`, `comment`, `reopen`.
    pub kind: String,
    pub state: OutboxState,
    pub attempts: i64,
    pub next_attempt_at: i64,
    /// In English.
    pub last_error: Option<String>,
    /// The same, worded by the reader; `None` for one recorded before messages.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub last_error_msg: Option<Msg>,
    pub error_class: Option<FailureClass>,
    pub created_at: i64,
    pub sent_at: Option<i64>,
    pub case_number: Option<String>,
}

/// What one delivery round did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryReport {
    pub sent: i64,
    pub retried: i64,
    pub dead: i64,
}

/// What one sync of a vendor found.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VendorSyncReport {
    /// Cases whose sync changed something of ours (a repeat read changes nothing).
    pub cases_changed: i64,
    pub comments_added: i64,
    /// Replies taken in empty before (HTML-only) that now have their text.
    pub comments_mended: i64,
    pub tickets_moved: i64,
    /// Cases found gone at the vendor.
    pub cases_gone: i64,
    /// Each case change the workspace refused to store (read again at the next sync) while
    /// the others were applied: which case and why (and at which vendor, when every vendor was
    /// synced), worded by the reader. Their number is the count of refused changes.
    #[serde(default)]
    pub refusals: Vec<Msg>,
    /// Why the sync (of the vendor named, when several were synced) failed, in English.
    pub error: Option<String>,
    /// The same, worded by the reader.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub error_msg: Option<Msg>,
}

impl VendorSyncReport {
    /// The refused changes said at once, their number and each reason; `None` when none was.
    /// Kept on the vendor as its last sync error, and printed by `sb vendor sync`.
    pub fn refused(&self) -> Option<Msg> {
        (!self.refusals.is_empty()).then(|| {
            sb_i18n::msg!(
                "vendor-sync-refused",
                count = self.refusals.len(),
                reasons = sb_domain::ticket::list(self.refusals.iter().cloned())
            )
        })
    }
}

/// The vendor scorecard: one row per vendor and direction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScorecardRowDto {
    pub vendor_id: i64,
    pub vendor_name: String,
    pub direction: String,
    pub cases: i64,
    pub resolved: i64,
    pub median_turnaround_minutes: Option<i64>,
    pub p90_turnaround_minutes: Option<i64>,
    pub median_acknowledge_minutes: Option<i64>,
    pub acknowledge_breaches: i64,
    pub resolve_breaches: i64,
    pub acknowledge_target_minutes: Option<i64>,
    pub resolve_target_minutes: Option<i64>,
}
