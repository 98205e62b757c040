//! Live updates: what other desks (and other processes on this machine) changed, as they
//! commit it. The window turns each batch into the queries it must read again; `sb changes`
//! prints them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use sb_store::{Change, ChangeBatch, ChangeFeed, ChangeKind};

use crate::{ApiResult, App};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKindDto {
    Ticket,
    Comment,
    TimeEntry,
    Package,
    Bond,
}

/// One committed change: which row, and the ticket and client it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChangeDto {
    pub kind: ChangeKindDto,
    pub ticket_id: Option<i64>,
    pub client_id: Option<i64>,
    /// The changed row's id.
    pub id: i64,
    /// A ticket's version after the change.
    pub version: Option<i64>,
}

/// Changes that came together; `everything`: some may be missing, read everything shown again.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChangeBatchDto {
    pub changes: Vec<ChangeDto>,
    pub everything: bool,
}

impl From<Change> for ChangeDto {
    fn from(c: Change) -> ChangeDto {
        ChangeDto {
            kind: match c.kind {
                ChangeKind::Ticket => ChangeKindDto::Ticket,
                ChangeKind::Comment => ChangeKindDto::Comment,
                ChangeKind::TimeEntry => ChangeKindDto::TimeEntry,
                ChangeKind::Package => ChangeKindDto::Package,
                ChangeKind::Bond => ChangeKindDto::Bond,
            },
            ticket_id: c.ticket,
            client_id: c.client,
            id: c.id,
            version: c.version,
        }
    }
}

impl From<ChangeBatch> for ChangeBatchDto {
    fn from(b: ChangeBatch) -> ChangeBatchDto {
        ChangeBatchDto {
            changes: b.changes.into_iter().map(ChangeDto::from).collect(),
            everything: b.everything,
        }
    }
}

/// The workspace's changes as they are committed; watching stops when this is dropped.
#[derive(Debug)]
pub struct LiveFeed(ChangeFeed);

impl LiveFeed {
    /// The next batch; `None` once the feed stopped for good.
    pub async fn next(&mut self) -> Option<ChangeBatchDto> {
        self.0.next().await.map(ChangeBatchDto::from)
    }
}

impl App {
    /// Starts watching the workspace for committed changes, this desk's and every other's.
    pub async fn changes(&self) -> ApiResult<LiveFeed> {
        Ok(LiveFeed(self.store().changes().await?))
    }
}
