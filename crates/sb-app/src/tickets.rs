//! Use cases for tickets: create, correct, the queue, the card, comments, status, assignee, line. A
//! change names the version the person saw and is refused when the ticket moved on since
//! (`crate::edits`).

use sb_domain::vendor::Audience;
use sb_domain::{
    check_line_change, check_merge, check_not_merged, check_transition, merge_note, required,
    Channel, Direction, Limits, Line, MergeSide, Priority, ReopenPolicy, TicketNumber, Visibility,
};
use sb_i18n::msg;
use sb_store::{
    Correction, Merge, NewTicket, QueueCursor, QueueFilter, QueueSort, StatusChange, Ticket,
};

use crate::dto::*;
use crate::{now_ms, ApiError, ApiResult, App, ErrorCode};

/// About one screen and a half: the queue's page size.
pub const QUEUE_PAGE: i64 = 50;

/// The most tickets one bulk action changes (ten pages of the queue).
pub const BULK_LIMIT: usize = 500;

impl App {
    pub async fn create_ticket(&self, input: TicketInput) -> ApiResult<TicketDto> {
        let actor = self.actor()?;
        if !input.channel.is_manual() {
            return Err(ApiError::invalid_said(
                "channel",
                msg!("ticket-manual-channel", channel = input.channel.as_str()),
            ));
        }
        let client = self.known_client(input.client_id).await?;
        let ticket = NewTicket {
            client_id: client.id,
            direction: self.known_direction(&input.direction).await?,
            subject: required("subject", &input.subject, Limits::SUBJECT)?,
            description: description(&input.description)?,
            impact: input.impact,
            urgency: input.urgency,
            priority: Priority::from_matrix(input.impact, input.urgency),
            channel: input.channel,
            line: Line::L1,
            created_by: actor.id,
        };
        let requester = match input.contact_id {
            Some(contact) => self.requester_of(&client, contact, &ticket).await?,
            None => None,
        };
        let now = now_ms();
        let id = self
            .store
            .create_ticket_for(&ticket, requester.as_ref(), now)
            .await?;
        // The routing rules take it from here (nothing happens when there are none).
        let facts = crate::routing::facts_of_new(&ticket, now);
        self.route_new(id, &facts, actor.id).await?;
        self.refresh_clocks(id).await;
        if requester.is_some() {
            // The ticket is made: a failure to write its acknowledgement is logged, not the
            // person's (a retry would log the ticket twice).
            if let Err(e) = self.acknowledge_logged(id, now).await {
                tracing::error!(ticket = id, error = %e.message, "the acknowledgement of a logged ticket was not written");
            }
        }
        self.ticket(id).await
    }

    /// Whom the mails about a ticket logged for `contact` go to: the contact's address, from
    /// the mailbox of the ticket's direction; `None` when the contact has no address or the
    /// workspace no mailbox (nobody can be written to).
    async fn requester_of(
        &self,
        client: &sb_store::Client,
        contact: i64,
        ticket: &NewTicket,
    ) -> ApiResult<Option<sb_store::Requester>> {
        let Some(c) = client.contacts.iter().find(|c| c.id == contact) else {
            return Err(ApiError::invalid_said(
                "contact",
                msg!(
                    "ticket-contact-not-of-client",
                    contact = contact.to_string(),
                    client = client.name.as_str(),
                    code = client.code.as_str()
                ),
            ));
        };
        let Some(email) = c.email.clone() else {
            return Ok(None);
        };
        let Some(mailbox_id) = self
            .store
            .mailbox_for_direction(ticket.direction.as_str())
            .await?
        else {
            return Ok(None);
        };
        Ok(Some(sb_store::Requester {
            ticket_id: 0,
            mailbox_id,
            email,
            name: Some(c.name.clone()),
        }))
    }

    /// Corrects a ticket after intake: client, direction, impact and urgency (hence the
    /// priority), subject and description, each change in the audit trail with the old and the
    /// new value. Refused as `edit_conflict` when the ticket moved on since `version`; nothing
    /// is written when nothing differs. With `reroute`, the routing rules take it again.
    pub async fn edit_ticket(&self, input: TicketEditInput) -> ApiResult<TicketDto> {
        let actor = self.actor()?;
        let t = self.load_seen(input.ticket_id, input.version).await?;
        check_not_merged(t.id, t.merged_into_id)?;
        let mut c = Correction::default();
        if let Some(id) = input.client_id.filter(|&id| id != t.client_id) {
            let client = self.known_client(id).await?;
            c.client = Some((client.id, client.code));
        }
        if let Some(d) = &input.direction {
            let d = self.known_direction(d).await?;
            c.direction = (d.as_str() != t.direction).then(|| d.as_str().to_string());
        }
        c.impact = input.impact.filter(|&l| l != t.impact);
        c.urgency = input.urgency.filter(|&l| l != t.urgency);
        let priority = Priority::from_matrix(
            input.impact.unwrap_or(t.impact),
            input.urgency.unwrap_or(t.urgency),
        );
        c.priority = (priority != t.priority).then_some(priority);
        if let Some(subject) = &input.subject {
            let subject = required("subject", subject, Limits::SUBJECT)?;
            c.subject = (subject != t.subject).then_some(subject);
        }
        if let Some(text) = &input.description {
            let text = description(text)?;
            c.description = (text != t.description).then_some(text);
        }
        if !c.is_empty() {
            self.store
                .correct_ticket(&t, &c, Some(input.version), actor.id, now_ms())
                .await?;
        }
        self.refresh_clocks(t.id).await;
        if input.reroute {
            match self.route_ticket(t.id).await {
                // No rule takes it: it stays where it is.
                Ok(_) => {}
                Err(e) if e.code == ErrorCode::Conflict => {}
                Err(e) => return Err(e),
            }
        }
        self.ticket(t.id).await
    }

    /// One change to each ticket of a selection, each on the version its row showed: the
    /// tickets that moved on since, or that the change does not suit (a note missing, a status
    /// they cannot move to), are refused one by one with the reason, and the others change.
    pub async fn bulk_change(&self, input: BulkInput) -> ApiResult<BulkReport> {
        self.actor()?;
        if input.tickets.is_empty() || input.tickets.len() > BULK_LIMIT {
            return Err(ApiError::invalid_said(
                "tickets",
                msg!("bulk-selection-size", max = BULK_LIMIT),
            ));
        }
        if let BulkChange::Direction { direction } = &input.change {
            // Checked once: a direction that does not exist is the whole action's mistake.
            self.known_direction(direction).await?;
        }
        let mut report = BulkReport {
            changed: Vec::new(),
            refused: Vec::new(),
        };
        for seen in &input.tickets {
            let (ticket_id, version) = (seen.ticket_id, seen.version);
            let done = match &input.change {
                BulkChange::Assign { assignee_id } => {
                    self.assign(AssignInput {
                        ticket_id,
                        assignee_id: *assignee_id,
                        version,
                    })
                    .await
                }
                BulkChange::Status { to, note } => {
                    self.change_status(StatusInput {
                        ticket_id,
                        to: *to,
                        note: note.clone(),
                        version,
                    })
                    .await
                }
                BulkChange::Priority { impact, urgency } => {
                    self.edit_ticket(TicketEditInput {
                        ticket_id,
                        version,
                        impact: Some(*impact),
                        urgency: Some(*urgency),
                        ..TicketEditInput::default()
                    })
                    .await
                }
                BulkChange::Direction { direction } => {
                    self.edit_ticket(TicketEditInput {
                        ticket_id,
                        version,
                        direction: Some(direction.clone()),
                        ..TicketEditInput::default()
                    })
                    .await
                }
                BulkChange::Line { line, note } => {
                    self.set_line(LineInput {
                        ticket_id,
                        line: *line,
                        note: note.clone(),
                        version,
                    })
                    .await
                }
            };
            match done {
                Ok(t) => report.changed.push(t),
                // The workspace itself failing is not one ticket's refusal.
                Err(e)
                    if matches!(
                        e.code,
                        ErrorCode::Internal
                            | ErrorCode::DatabaseUnavailable
                            | ErrorCode::DatabaseCorrupt
                            | ErrorCode::NoProfile
                            | ErrorCode::PasswordChangeRequired
                    ) =>
                {
                    return Err(e)
                }
                Err(e) => report.refused.push(BulkRefusal {
                    ticket_id,
                    number: TicketNumber(ticket_id).to_string(),
                    code: e.code,
                    message: e.message,
                    msg: e.msg,
                }),
            }
        }
        Ok(report)
    }

    /// A direction the workspace has.
    async fn known_direction(&self, text: &str) -> ApiResult<Direction> {
        let direction = Direction::parse(text)?;
        if !self
            .store
            .directions()
            .await?
            .iter()
            .any(|d| d == direction.as_str())
        {
            return Err(ApiError::invalid_said(
                "direction",
                msg!("ticket-direction-unknown", direction = direction.as_str()),
            ));
        }
        Ok(direction)
    }

    async fn known_client(&self, id: i64) -> ApiResult<sb_store::Client> {
        self.store.client(id).await?.ok_or_else(|| {
            ApiError::invalid_said("client", msg!("client-no-id", id = id.to_string()))
        })
    }

    pub async fn queue(&self, q: QueueQuery) -> ApiResult<QueuePage> {
        let limit = q.limit.unwrap_or(QUEUE_PAGE).clamp(1, 500);
        let filter = store_filter(&q);
        let after = q.cursor.as_deref().map(QueueCursor::decode).transpose()?;
        let mut rows = self.store.queue_page(&filter, after, limit + 1).await?;
        let more = rows.len() as i64 > limit;
        rows.truncate(limit as usize);
        let next_cursor = more
            .then(|| rows.last().map(|r| QueueCursor::after(r).encode()))
            .flatten();
        Ok(QueuePage {
            rows: rows
                .into_iter()
                .map(|r| QueueRowDto {
                    id: r.id,
                    number: number(r.id),
                    priority: r.priority,
                    subject: r.subject,
                    client_id: r.client_id,
                    client_code: r.client_code,
                    client_name: r.client_name,
                    direction: r.direction,
                    status: r.status,
                    line: r.line,
                    assignee_id: r.assignee_id,
                    assignee_name: r.assignee_name,
                    updated_at: r.updated_at,
                    version: r.version,
                    sla_due: r.sla_due,
                    sla_breached: r.sla_breached,
                })
                .collect(),
            next_cursor,
        })
    }

    /// The card: the ticket, its thread and its audit trail, read side by side.
    pub async fn card(&self, ticket_id: i64) -> ApiResult<TicketCard> {
        let (ticket, comments, audit, related, crossed, satisfaction) = tokio::try_join!(
            self.store.ticket(ticket_id),
            self.store.comments(ticket_id),
            self.store.audit_trail(ticket_id),
            self.store.related_tickets(ticket_id),
            self.store.bond_comments(ticket_id),
            self.store.satisfaction(ticket_id),
        )?;
        // Comments a vendor wrote: which vendor and case, and who there.
        let from_vendor: std::collections::HashMap<i64, String> = crossed
            .into_iter()
            .filter(|(_, _, _, _, direction)| direction == "in")
            .map(|(comment, vendor, case, author, _)| {
                let mut label = vendor;
                if let Some(case) = case {
                    label.push_str(&format!(", case {case}"));
                }
                if let Some(a) = author.filter(|a| !a.is_empty()) {
                    label = format!("{a} ({label})");
                }
                (comment, label)
            })
            .collect();
        let ticket = ticket.ok_or_else(|| missing(ticket_id))?;
        Ok(TicketCard {
            ticket: ticket_dto(ticket),
            comments: comments
                .into_iter()
                .map(|c| CommentDto {
                    id: c.id,
                    author_id: c.author_id,
                    author_name: c.author_name,
                    body: c.body,
                    body_msg: c
                        .body_msg
                        .as_deref()
                        .and_then(|j| serde_json::from_str(j).ok()),
                    visibility: c.visibility,
                    channel: c.channel,
                    created_at: c.created_at,
                    moved_from: c.moved_from_ticket_id.map(number),
                    sender: c
                        .sender_email
                        .as_deref()
                        .map(|email| crate::email::sender(c.sender_name.as_deref(), Some(email))),
                    vendor: from_vendor.get(&c.id).cloned(),
                    audience: c.audience,
                    notice: c.notice,
                })
                .collect(),
            related: related
                .into_iter()
                .map(|r| RelatedTicketDto {
                    id: r.id,
                    number: number(r.id),
                    subject: r.subject,
                    status: r.status,
                })
                .collect(),
            audit: audit.into_iter().map(crate::edits::audit_dto).collect(),
            satisfaction: satisfaction.map(|s| crate::notices::SatisfactionDto {
                requested_at: s.requested_at,
                rating: s.rating,
                comment: s.comment,
                rated_at: s.rated_at,
            }),
        })
    }

    pub async fn ticket(&self, ticket_id: i64) -> ApiResult<TicketDto> {
        Ok(ticket_dto(self.load(ticket_id).await?))
    }

    /// Resolves `SB-000123`, `sb-123` or `123` to a ticket id: what people type in the CLI.
    pub fn ticket_ref(reference: &str) -> ApiResult<i64> {
        Ok(reference.parse::<TicketNumber>()?.0)
    }

    /// A comment for the default audience (see [`App::add_comment_to`]).
    pub async fn add_comment(&self, input: CommentInput) -> ApiResult<CommentDto> {
        self.add_comment_to(input, None).await
    }

    /// A comment; a public one goes to `audience`: the client (by email on an emailed ticket),
    /// the vendors still working the ticket's cases, or both. Without a choice, sb-domain's
    /// rule: both while a vendor works a case, the client alone once every case is resolved.
    pub async fn add_comment_to(
        &self,
        input: CommentInput,
        audience: Option<Audience>,
    ) -> ApiResult<CommentDto> {
        let actor = self.actor()?;
        let body = required("body", &input.body, Limits::LONG_TEXT)?;
        self.load(input.ticket_id).await?;
        let now = now_ms();
        let audience = match input.visibility {
            Visibility::Internal => {
                if audience.is_some() {
                    return Err(ApiError::invalid_said(
                        "audience",
                        msg!("comment-internal-has-no-audience"),
                    ));
                }
                None
            }
            Visibility::Public => Some(self.comment_audience(input.ticket_id, audience).await?),
        };
        // A public comment on an emailed ticket goes to its requester through the outbox.
        let outbox = match audience {
            Some(a) if a.reaches_client() => self.reply_outbox(input.ticket_id, &body, now).await?,
            _ => None,
        };
        let id = self
            .store
            .add_comment_for(
                input.ticket_id,
                actor.id,
                &body,
                input.visibility,
                Channel::Desktop,
                audience,
                outbox.as_ref(),
                now,
            )
            .await?;
        if audience.is_some_and(Audience::reaches_vendor) {
            self.vendors_nudge();
        }
        // A public reply to the client by a person: the first response, if it is the first.
        if audience.is_some_and(Audience::reaches_client) {
            self.store
                .record_first_response(input.ticket_id, now)
                .await?;
            self.refresh_clocks(input.ticket_id).await;
        }
        Ok(CommentDto {
            id,
            author_id: actor.id,
            author_name: actor.name,
            body,
            body_msg: None,
            visibility: input.visibility,
            channel: Channel::Desktop,
            created_at: now,
            moved_from: None,
            sender: None,
            vendor: None,
            audience,
            notice: None,
        })
    }

    pub async fn change_status(&self, input: StatusInput) -> ApiResult<TicketDto> {
        let actor = self.actor()?;
        let t = self.load_seen(input.ticket_id, input.version).await?;
        // A merged duplicate never moves again: no reopening it to wait, remind or close.
        check_not_merged(t.id, t.merged_into_id)?;
        let now = now_ms();
        let note = input.note.as_deref();
        let effect = check_transition(
            t.status,
            input.to,
            note,
            t.finished_at(),
            now,
            ReopenPolicy::default(),
        )?;
        if let Some(n) = note {
            sb_domain::text::optional("note", Some(n), Limits::LONG_TEXT)?;
        }
        // What the client is told of it goes in the same transaction.
        let notices = self.status_notices(&t, input.to, now).await?;
        self.store
            .change_status_with_notices(
                &StatusChange {
                    ticket_id: t.id,
                    from: t.status,
                    to: input.to,
                    effect,
                    note,
                    note_msg: None,
                    actor: actor.id,
                    now,
                    seen: Some(input.version),
                },
                &notices,
            )
            .await?;
        self.refresh_clocks(t.id).await;
        self.ticket(t.id).await
    }

    /// Gives the ticket to someone (or nobody): an explicit reassignment, which may take it
    /// from whoever has it, but only as the person saw it (`input.version`).
    pub async fn assign(&self, input: AssignInput) -> ApiResult<TicketDto> {
        let actor = self.actor()?;
        let t = self.load_seen(input.ticket_id, input.version).await?;
        if t.assignee_id == input.assignee_id {
            return Ok(ticket_dto(t));
        }
        if let Some(id) = input.assignee_id {
            if self.store.user(id).await?.is_none() {
                return Err(ApiError::invalid_said(
                    "assignee",
                    msg!("person-no-id", id = id.to_string()),
                ));
            }
        }
        self.store
            .set_assignee(
                t.id,
                t.assignee_id,
                input.assignee_id,
                Some(input.version),
                actor.id,
                now_ms(),
            )
            .await?;
        self.ticket(t.id).await
    }

    /// Assign to me, first come first served: a ticket someone else has (or takes a moment
    /// before) is refused as `already_taken`, naming them; taking it anyway is an explicit
    /// [`App::assign`].
    pub async fn take(&self, ticket_id: i64, version: i64) -> ApiResult<TicketDto> {
        let me = self.actor()?;
        let t = self.load(ticket_id).await?;
        if t.assignee_id == Some(me.id) {
            return Ok(ticket_dto(t));
        }
        if let (Some(_), Some(holder)) = (t.assignee_id, t.assignee_name.clone()) {
            let trail = self.store.audit_trail(t.id).await?;
            let since = trail.into_iter().rev().find(|e| e.field == "assignee");
            let conflict = EditConflict {
                ticket_id: t.id,
                number: number(t.id),
                seen_version: version,
                current_version: t.version,
                assignee_name: Some(holder.clone()),
                changes: since.iter().cloned().map(crate::edits::audit_dto).collect(),
            };
            return Err(crate::edits::taken(
                t.id,
                &holder,
                since.as_ref(),
                Some(conflict),
            ));
        }
        let taken = self
            .store
            .set_assignee(t.id, None, Some(me.id), Some(version), me.id, now_ms())
            .await;
        match taken {
            Ok(()) => self.ticket(t.id).await,
            // Lost the race (or the person's view was already stale and someone has it now).
            Err(sb_store::StoreError::Stale(s)) if s.assignee_id.is_some_and(|a| a != me.id) => {
                let holder = s.assignee_name.clone().unwrap_or_default();
                let since = s
                    .changes
                    .iter()
                    .rev()
                    .find(|e| e.field == "assignee")
                    .cloned();
                Err(crate::edits::taken(
                    t.id,
                    &holder,
                    since.as_ref(),
                    Some(crate::edits::conflict_of(*s)),
                ))
            }
            Err(e) => Err(e.into()),
        }
    }

    pub async fn set_line(&self, input: LineInput) -> ApiResult<TicketDto> {
        let actor = self.actor()?;
        let t = self.load_seen(input.ticket_id, input.version).await?;
        let note = sb_domain::text::optional("note", input.note.as_deref(), Limits::LONG_TEXT)?;
        check_line_change(t.line, input.line, note.as_deref())?;
        self.store
            .set_line(
                t.id,
                t.line,
                input.line,
                note.as_deref(),
                Some(input.version),
                actor.id,
                now_ms(),
            )
            .await?;
        self.ticket(t.id).await
    }

    /// Closes a duplicate as merged into the ticket that stays; its comments move over.
    pub async fn merge(&self, input: MergeInput) -> ApiResult<TicketDto> {
        let actor = self.actor()?;
        let survivor_id = Self::ticket_ref(&input.into).map_err(|e| ApiError {
            field: Some("into".into()),
            ..e
        })?;
        let dup = self.load_seen(input.ticket_id, input.version).await?;
        let survivor = self.store.ticket(survivor_id).await?.ok_or_else(|| {
            ApiError::invalid_said(
                "into",
                msg!(
                    "ticket-missing",
                    ticket = TicketNumber(survivor_id).to_string()
                ),
            )
        })?;
        check_merge(merge_side(&dup), merge_side(&survivor))?;
        let note = merge_note(TicketNumber(survivor.id), input.note.as_deref());
        self.store
            .merge_tickets(&Merge {
                duplicate_id: dup.id,
                duplicate_status: dup.status,
                duplicate_version: Some(input.version),
                survivor_id: survivor.id,
                note: &note.english(),
                note_msg: &crate::said::keep(&note),
                actor: actor.id,
                now: now_ms(),
            })
            .await?;
        self.ticket(survivor.id).await
    }

    /// Links two tickets as related; `link: false` removes the link.
    pub async fn link(&self, input: LinkInput, link: bool) -> ApiResult<TicketCard> {
        let actor = self.actor()?;
        let other = Self::ticket_ref(&input.related).map_err(|e| ApiError {
            field: Some("related".into()),
            ..e
        })?;
        if other == input.ticket_id {
            return Err(ApiError::invalid_said(
                "related",
                msg!("ticket-related-to-itself"),
            ));
        }
        self.load_seen(input.ticket_id, input.version).await?;
        if self.store.ticket(other).await?.is_none() {
            return Err(ApiError::invalid_said(
                "related",
                msg!("ticket-missing", ticket = TicketNumber(other).to_string()),
            ));
        }
        self.store
            .set_link(
                input.ticket_id,
                other,
                link,
                Some(input.version),
                actor.id,
                now_ms(),
            )
            .await?;
        self.card(input.ticket_id).await
    }

    /// The ticket as it is now, when it still is at the version the person saw (otherwise
    /// `edit_conflict`, saying who changed what since).
    async fn load_seen(&self, ticket_id: i64, seen: i64) -> ApiResult<Ticket> {
        let t = self.load(ticket_id).await?;
        if t.version != seen {
            self.store.check_seen(ticket_id, seen).await?;
        }
        Ok(t)
    }

    pub(crate) async fn load(&self, ticket_id: i64) -> ApiResult<Ticket> {
        self.store
            .ticket(ticket_id)
            .await?
            .ok_or_else(|| missing(ticket_id))
    }
}

/// The store's filter for a queue query.
pub(crate) fn store_filter(q: &QueueQuery) -> QueueFilter {
    let now = now_ms();
    QueueFilter {
        statuses: q.statuses.clone(),
        client_id: q.client_id,
        direction: q.direction.clone().filter(|d| !d.is_empty()),
        assignee_id: q.assignee_id,
        unassigned: q.unassigned,
        line: q.line,
        channel: q.channel,
        queue: q.queue.clone().filter(|x| !x.trim().is_empty()),
        due_after: q.due_within_minutes.map(|_| now),
        due_before: q
            .due_within_minutes
            .map(|m| now.saturating_add(m.clamp(0, 366 * 24 * 60) * 60_000)),
        breached_at: q.breached.filter(|b| *b).map(|_| now),
        sort: match q.sort {
            QueueSortDto::Updated => QueueSort::Updated,
            QueueSortDto::Priority => QueueSort::Priority,
            QueueSortDto::Due => QueueSort::Due,
        },
    }
}

fn missing(ticket_id: i64) -> ApiError {
    ApiError::said(
        ErrorCode::NotFound,
        msg!(
            "ticket-missing",
            ticket = TicketNumber(ticket_id).to_string()
        ),
    )
}

fn merge_side(t: &Ticket) -> MergeSide {
    MergeSide {
        id: t.id,
        client_id: t.client_id,
        status: t.status,
        merged_into: t.merged_into_id,
    }
}

fn ticket_dto(t: Ticket) -> TicketDto {
    TicketDto {
        merged_into_id: t.merged_into_id,
        merged_into: t.merged_into_id.map(number),
        id: t.id,
        number: number(t.id),
        next_statuses: t.status.next(),
        client_id: t.client_id,
        client_code: t.client_code,
        client_name: t.client_name,
        direction: t.direction,
        subject: t.subject,
        description: t.description,
        impact: t.impact,
        urgency: t.urgency,
        priority: t.priority,
        status: t.status,
        line: t.line,
        channel: t.channel,
        assignee_id: t.assignee_id,
        assignee_name: t.assignee_name,
        created_by_name: t.created_by_name,
        created_at: t.created_at,
        updated_at: t.updated_at,
        resolved_at: t.resolved_at,
        closed_at: t.closed_at,
        closed_by_name: t.closed_by_name,
        resolution_note_msg: t.resolution_note_msg.as_deref().and_then(crate::said::read),
        resolution_note: t.resolution_note,
        version: t.version,
    }
}

/// A ticket's description, trimmed, within the length a description may have.
fn description(text: &str) -> ApiResult<String> {
    let text = text.trim().to_string();
    if text.chars().count() > Limits::LONG_TEXT {
        return Err(sb_domain::FieldError::new(
            "description",
            sb_i18n::msg!("ticket-description-too-long"),
        )
        .into());
    }
    Ok(text)
}
