//! The TypeScript declarations of every DTO, as one file the UI imports. A test compares it
//! with the committed `ui/src/lib/backend/bindings.ts` and fails when they drift.

use ts_rs::TS;

use crate::dto::*;
use crate::kb::*;
use crate::ledger_dto::*;
use crate::monitoring_dto::*;
use crate::{ApiError, ErrorCode};
use sb_domain::{AlertRowState, Channel, Level, Line, Priority, Role, Status, Visibility};

/// The whole bindings file.
pub fn typescript() -> String {
    let decls = [
        ErrorCode::decl(),
        ApiError::decl(),
        Level::decl(),
        Line::decl(),
        Channel::decl(),
        Role::decl(),
        Priority::decl(),
        Status::decl(),
        Visibility::decl(),
        Language::decl(),
        UserDto::decl(),
        SetupState::decl(),
        NewProfile::decl(),
        ContactInput::decl(),
        ClientInput::decl(),
        ContactDto::decl(),
        ClientDto::decl(),
        ClientSummaryDto::decl(),
        ClientQuery::decl(),
        ClientPage::decl(),
        TicketInput::decl(),
        QueueSortDto::decl(),
        QueueQuery::decl(),
        QueueRowDto::decl(),
        QueuePage::decl(),
        QueueViewDto::decl(),
        SaveViewInput::decl(),
        TicketDto::decl(),
        CommentDto::decl(),
        RelatedTicketDto::decl(),
        AuditEntryDto::decl(),
        TicketCard::decl(),
        CommentInput::decl(),
        StatusInput::decl(),
        AssignInput::decl(),
        LineInput::decl(),
        MergeInput::decl(),
        SearchQuery::decl(),
        HitKindDto::decl(),
        SnippetPart::decl(),
        SearchHitDto::decl(),
        SearchPage::decl(),
        ArticleDto::decl(),
        ArticleSummaryDto::decl(),
        ArticleInput::decl(),
        ArticleUpdate::decl(),
        KbQuery::decl(),
        KbPage::decl(),
        SuggestQuery::decl(),
        SimilarTicketDto::decl(),
        Suggestions::decl(),
        LinkInput::decl(),
        MailSecurity::decl(),
        MailboxInput::decl(),
        MailboxDto::decl(),
        ConnectionCheck::decl(),
        ConnectionTest::decl(),
        MailPollReport::decl(),
        MailMessageDto::decl(),
        TriageInput::decl(),
        OutboxStateDto::decl(),
        OutboxItemDto::decl(),
        AttachmentDto::decl(),
        EmailCommentDto::decl(),
        OpenedAttachment::decl(),
        DeliveryDto::decl(),
        TicketEmailDto::decl(),
        AttachmentFile::decl(),
        AlertRowState::decl(),
        DirectionRule::decl(),
        SeverityRule::decl(),
        AlertMappingDto::decl(),
        AlertSourceInput::decl(),
        AlertSourceDto::decl(),
        AlertTestResult::decl(),
        PollReport::decl(),
        UnmatchedAlertDto::decl(),
        TicketAlertDto::decl(),
        DirectionMinutes::decl(),
        WorkTypeRate::decl(),
        OverageKind::decl(),
        RolloverKind::decl(),
        PackageInput::decl(),
        PackageBudgetDto::decl(),
        PackageDto::decl(),
        PackageChangeDto::decl(),
        BurnPointDto::decl(),
        PackageDetailDto::decl(),
        ClientDashboardDto::decl(),
        EntryStateDto::decl(),
        DrawDto::decl(),
        TimeEntryDto::decl(),
        TimeInput::decl(),
        LedgerWarningDto::decl(),
        TimePreviewDto::decl(),
        TimerDto::decl(),
        TicketTimeDto::decl(),
        AdjustInput::decl(),
        EntriesSelection::decl(),
        PortfolioRowDto::decl(),
        UncoveredClientDto::decl(),
        PortfolioDto::decl(),
        ThresholdNotice::decl(),
        StatementFormat::decl(),
        StatementInput::decl(),
    ];
    let mut out = String::from(
        "// Generated from the Rust DTOs in crates/sb-app by `make bindings`. Do not edit.\n\n",
    );
    for d in decls {
        // Ids and millisecond times are far below 2^53: plain numbers on the JS side.
        out += &format!("export {}\n\n", d.replace("bigint", "number"));
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}
