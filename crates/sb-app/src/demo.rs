//! The demo workspace: a few realistic clients with contacts, colleagues on every line (and an
//! account manager and a lead), tickets in every status and direction with their threads, in
//! English and Russian; packages of hours with the engineers' time on them (Medix's past 75 %,
//! running out within days), office hours and 24x7 calendars with the default SLA policy and
//! Nord's own, two routing rules, and a vendor with a case that has the vendor's reply.

use sb_domain::sla::BreachAction;
use sb_domain::vendor::{BondState, VendorStatus};
use sb_domain::{
    check_transition, Channel, ClientCode, ContactDraft, Direction, Level, Line, Priority,
    ReopenPolicy, Role, Status, Visibility,
};
use sb_store::{BondUpdate, ClientWrite, NewTicket, StatusChange, User};

use crate::dto::SetupState;
use crate::{
    now_ms, ApiError, ApiResult, App, AssignKind, CalendarInput, DirectionMinutes, ErrorCode,
    HoursConditionDto, OverageKind, PackageInput, PolicyTargetDto, RolloverKind, RuleInput,
    SlaPolicyInput, TimeInput, VendorContactDto, VendorInput, VendorSlaDto, WorkTypeRate,
};

const HOUR: i64 = 60 * 60 * 1000;

struct DemoClient {
    code: &'static str,
    name: &'static str,
    notes: &'static str,
    contacts: &'static [(&'static str, &'static str, &'static str)],
    /// The note the desk leaves when it hands this client's ticket to another line, in the
    /// language the desk writes to this client in.
    handover: &'static str,
}

/// The handover note, as the desk writes it to a client in English and to one in Russian.
const HANDOVER_EN: &str =
    "Needs deeper analysis than first line can do; all findings are in the thread.";
const HANDOVER_RU: &str =
    "Нужен разбор глубже, чем может первая линия; всё найденное — в переписке.";

const CLIENTS: &[DemoClient] = &[
    DemoClient {
        code: "NORDLOG",
        name: "Nord Logistics",
        notes: "Warehouse network in three cities. Support window 24/7 for the WMS database.",
        handover: HANDOVER_EN,
        contacts: &[
            (
                "Emma Lindqvist",
                "emma.lindqvist@nordlog.example",
                "+46 8 555 010 20",
            ),
            ("Jonas Berg", "it@nordlog.example", "+46 8 555 010 21"),
        ],
    },
    DemoClient {
        code: "VOLGA",
        name: "ООО «Волга-Ритейл»",
        notes: "Сеть магазинов, 40 касс. Кассы и сервер 1С — приоритет в часы работы магазинов.",
        handover: HANDOVER_RU,
        contacts: &[
            (
                "Анна Петрова",
                "a.petrova@volga-retail.example",
                "+7 (495) 123-45-67",
            ),
            (
                "Сергей Ким",
                "helpdesk@volga-retail.example",
                "+7 (495) 123-45-68",
            ),
        ],
    },
    DemoClient {
        code: "MEDIX",
        name: "Medix Clinics",
        notes: "Five clinics; the PACS archive is on a vendor-supported storage array.",
        handover: HANDOVER_EN,
        contacts: &[("Dr. Priya Nair", "p.nair@medix.example", "+44 20 7946 0018")],
    },
    DemoClient {
        code: "SEVERSTAL-IT",
        name: "АО «Северная энергосеть»",
        notes: "Диспетчерская SCADA — только плановые работы, согласование за 48 часов.",
        handover: HANDOVER_RU,
        contacts: &[(
            "Дмитрий Орлов",
            "d.orlov@sever-energo.example",
            "+7 (812) 600-11-22",
        )],
    },
];

struct DemoTicket {
    client: usize,
    direction: &'static str,
    subject: &'static str,
    description: &'static str,
    impact: Level,
    urgency: Level,
    channel: Channel,
    line: Line,
    /// Index into the colleagues, or none.
    assignee: Option<usize>,
    status: Status,
    comments: &'static [(Visibility, &'static str)],
    age_hours: i64,
}

const COLLEAGUES: &[(&str, Role)] = &[
    ("Olga Ivanova", Role::Engineer),
    ("Ivan Sokolov", Role::Engineer),
    ("Maria Chen", Role::Engineer),
    ("Pavel Smirnov", Role::AccountManager),
    ("Lena Orlova", Role::Lead),
];

/// The account manager (keeps packages, vendors, rules and SLA in the demo) and the lead.
const MANAGER: usize = 3;
const LEAD: usize = 4;

use Level::{High, Low, Medium};
use Status::*;
use Visibility::{Internal, Public};

const TICKETS: &[DemoTicket] = &[
    DemoTicket { client: 0, direction: "database", subject: "WMS database replica lagging 40 minutes",
        description: "Monitoring shows replication lag on the standby of the WMS PostgreSQL cluster growing since 03:00.",
        impact: High, urgency: High, channel: Channel::Phone, line: Line::L2, assignee: Some(1), status: InProgress,
        comments: &[(Internal, "Checked pg_stat_replication: WAL sender stuck on a long transaction from the nightly export."),
                    (Public, "We found the cause and are working on it; the primary is not affected.")], age_hours: 5 },
    DemoTicket { client: 0, direction: "network", subject: "Wi-Fi drops in warehouse B, aisle 12-18",
        description: "Scanners lose the network for 10-20 seconds several times an hour.",
        impact: Medium, urgency: High, channel: Channel::Desktop, line: Line::L1, assignee: Some(0), status: Open,
        comments: &[(Public, "Could you tell us which scanner models are affected?")], age_hours: 20 },
    DemoTicket { client: 0, direction: "hardware", subject: "Label printer Zebra ZT410 jams on every 5th label",
        description: "Printer in dispatch area. Already cleaned the print head.",
        impact: Low, urgency: Medium, channel: Channel::Phone, line: Line::L1, assignee: None, status: New,
        comments: &[], age_hours: 2 },
    DemoTicket { client: 0, direction: "software", subject: "New hire needs access to the WMS reporting module",
        description: "Jonas asked for read-only reporting access for a new shift lead.",
        impact: Low, urgency: Low, channel: Channel::Desktop, line: Line::L1, assignee: Some(0), status: Resolved,
        comments: &[(Public, "Access granted; the user can sign in from tomorrow morning.")], age_hours: 60 },
    DemoTicket { client: 1, direction: "hardware", subject: "Касса №14 не печатает чеки",
        description: "Фискальный регистратор выдаёт ошибку «Нет бумаги», хотя бумага заправлена.",
        impact: Medium, urgency: High, channel: Channel::Phone, line: Line::L1, assignee: Some(0), status: PendingCustomer,
        comments: &[(Public, "Пожалуйста, пришлите фото экрана с ошибкой и серийный номер ФР."),
                    (Internal, "Похоже на датчик бумаги; если фото подтвердит — выезд инженера.")], age_hours: 26 },
    DemoTicket { client: 1, direction: "database", subject: "Сервер 1С: медленное закрытие месяца",
        description: "Закрытие месяца идёт 6 часов вместо обычных двух. База на MS SQL.",
        impact: High, urgency: Medium, channel: Channel::Desktop, line: Line::L3, assignee: Some(2), status: PendingVendor,
        comments: &[(Internal, "Передано вендору СУБД, ждём анализ планов запросов."),
                    (Public, "Мы передали анализ производителю СУБД и держим вас в курсе.")], age_hours: 70 },
    DemoTicket { client: 1, direction: "network", subject: "Нет связи с магазином на Ленина, 5",
        description: "Магазин не выходит на связь с утра, кассы работают офлайн.",
        impact: High, urgency: High, channel: Channel::Phone, line: Line::L2, assignee: Some(1), status: Closed,
        comments: &[(Public, "Провайдер восстановил канал, связь есть, кассы выгрузили чеки.")], age_hours: 120 },
    DemoTicket { client: 1, direction: "software", subject: "Обновить прошивку ККТ до версии 5.8",
        description: "Требование ФНС, до конца месяца.",
        impact: Medium, urgency: Low, channel: Channel::Desktop, line: Line::L1, assignee: None, status: New,
        comments: &[], age_hours: 8 },
    DemoTicket { client: 2, direction: "hardware", subject: "PACS storage array reports a failed disk",
        description: "Array in clinic 2 shows one failed disk in RAID group 3; hot spare is rebuilding.",
        impact: High, urgency: Medium, channel: Channel::Desktop, line: Line::L2, assignee: Some(2), status: PendingVendor,
        comments: &[(Internal, "Vendor case opened by phone; replacement disk due tomorrow."),
                    (Public, "The archive is fully available; a replacement disk arrives tomorrow.")], age_hours: 30 },
    DemoTicket { client: 2, direction: "software", subject: "Radiology viewer crashes when opening CT series",
        description: "Viewer 7.2 closes without a message on series over 1,000 images.",
        impact: Medium, urgency: Medium, channel: Channel::Phone, line: Line::L2, assignee: Some(1), status: InProgress,
        comments: &[(Internal, "Reproduced on a test workstation; memory limit of the 32-bit build.")], age_hours: 44 },
    DemoTicket { client: 2, direction: "network", subject: "VPN between clinics 3 and 5 is slow",
        description: "File copies between the clinics run at 2 Mbit/s.",
        impact: Low, urgency: Low, channel: Channel::Desktop, line: Line::L1, assignee: None, status: Open,
        comments: &[], age_hours: 50 },
    DemoTicket { client: 3, direction: "network", subject: "Замена коммутатора в диспетчерской",
        description: "Плановая замена ядра сети, окно работ согласовано на субботу.",
        impact: Medium, urgency: Low, channel: Channel::Desktop, line: Line::L3, assignee: Some(2), status: Open,
        comments: &[(Internal, "Конфигурацию нового коммутатора проверили на стенде.")], age_hours: 90 },
    DemoTicket { client: 3, direction: "database", subject: "Резервное копирование архива SCADA не завершилось",
        description: "Задание бэкапа упало с ошибкой нехватки места на томе.",
        impact: Medium, urgency: High, channel: Channel::Phone, line: Line::L1, assignee: Some(0), status: Resolved,
        comments: &[(Public, "Освободили место и перезапустили задание; копия создана успешно.")], age_hours: 36 },
];

impl App {
    /// Fills an empty workspace with the demo. Refused when it already has clients, so that
    /// nobody's real data is mixed with made-up data.
    pub async fn load_demo(&self) -> ApiResult<SetupState> {
        self.not_in_team(sb_i18n::msg!("demo-what"))?;
        let me = self.actor()?;
        if self.store.has_clients().await? {
            return Err(ApiError::said(
                ErrorCode::Conflict,
                sb_i18n::msg!("demo-not-empty"),
            ));
        }
        let start = now_ms() - 7 * 24 * HOUR;
        let mut colleagues = Vec::new();
        for (name, role) in COLLEAGUES {
            colleagues.push(self.store.create_user(name, *role, start).await?);
        }
        let people: Vec<i64> = colleagues.iter().map(|u| u.id).collect();
        let mut ticket_ids = Vec::new();
        let mut clients = Vec::new();
        for c in CLIENTS {
            let contacts = c
                .contacts
                .iter()
                .map(|(name, email, phone)| {
                    ContactDraft {
                        name: name.to_string(),
                        email: Some(email.to_string()),
                        phone: Some(phone.to_string()),
                    }
                    .check()
                })
                .collect::<Result<Vec<_>, _>>()?;
            let write = ClientWrite {
                code: ClientCode::parse(c.code)?.as_str().to_string(),
                name: c.name.to_string(),
                notes: Some(c.notes.to_string()),
                contacts,
                language: None,
            };
            clients.push(self.store.create_client(&write, start).await?);
        }
        let now = now_ms();
        for t in TICKETS {
            let created = now - t.age_hours * HOUR;
            let id = self
                .store
                .create_ticket(
                    &NewTicket {
                        client_id: clients[t.client],
                        direction: Direction::parse(t.direction)?,
                        subject: t.subject.to_string(),
                        description: t.description.to_string(),
                        impact: t.impact,
                        urgency: t.urgency,
                        priority: Priority::from_matrix(t.impact, t.urgency),
                        channel: t.channel,
                        line: Line::L1,
                        created_by: me.id,
                    },
                    created,
                )
                .await?;
            ticket_ids.push(id);
            let mut at = created;
            let mut step = || {
                at += (t.age_hours * HOUR / 8).max(60_000);
                at
            };
            if t.line != Line::L1 {
                let note = CLIENTS[t.client].handover;
                self.store
                    .set_line(id, Line::L1, t.line, Some(note), None, me.id, step())
                    .await?;
            }
            if let Some(a) = t.assignee {
                self.store
                    .set_assignee(id, None, Some(people[a]), None, me.id, step())
                    .await?;
            }
            for (i, (visibility, body)) in t.comments.iter().enumerate() {
                let author = t.assignee.map_or(me.id, |a| people[a]);
                let author = if i % 2 == 1 { me.id } else { author };
                self.store
                    .add_comment(id, author, body, *visibility, Channel::Desktop, step())
                    .await?;
            }
            let path: &[Status] = match t.status {
                New => &[],
                Open => &[Open],
                InProgress => &[InProgress],
                PendingCustomer => &[InProgress, PendingCustomer],
                PendingVendor => &[InProgress, PendingVendor],
                Resolved => &[InProgress, Resolved],
                Closed => &[InProgress, Resolved, Closed],
            };
            let mut from = New;
            for &to in path {
                let note = to
                    .is_finished()
                    .then_some(t.comments.last().map_or("Done.", |c| c.1));
                let when = step();
                let effect =
                    check_transition(from, to, note, Some(when), when, ReopenPolicy::default())?;
                self.store
                    .change_status(&StatusChange {
                        seen: None,
                        ticket_id: id,
                        from,
                        to,
                        effect,
                        note,
                        note_msg: None,
                        actor: t.assignee.map_or(me.id, |a| people[a]),
                        now: when,
                    })
                    .await?;
                from = to;
            }
        }
        // The rest is the colleagues' work, done as each of them through the same checks a
        // person meets; the desk is given back to its person after, whatever happened.
        let done = self
            .demo_workspace_around(&colleagues, &clients, &ticket_ids)
            .await;
        *self.profile.write().expect("profile lock") = Some(me);
        done?;
        self.setup_state().await
    }

    /// Acts as `user` from now on (the demo's colleagues).
    fn act_as(&self, user: &User) {
        *self.profile.write().expect("profile lock") = Some(user.clone());
    }

    /// Packages of hours with time logged against them (one client past its 75 % threshold),
    /// a business-hours calendar with the default SLA policy and a client's own contract,
    /// routing rules, and a vendor with cases: one waiting for the vendor with its reply.
    async fn demo_workspace_around(
        &self,
        colleagues: &[User],
        clients: &[i64],
        tickets: &[i64],
    ) -> ApiResult<()> {
        let today = crate::today();
        let manager = &colleagues[MANAGER];
        self.act_as(manager);
        let package =
            |client: usize, name: &str, shared: Option<i64>, split: &[(&str, i64)]| PackageInput {
                client_id: clients[client],
                name: name.to_string(),
                start: today.plus_days(-20).to_string(),
                end: today.plus_days(10).to_string(),
                shared_minutes: shared,
                directions: split
                    .iter()
                    .map(|(d, m)| DirectionMinutes {
                        direction: d.to_string(),
                        minutes: *m,
                    })
                    .collect(),
                stack_order: 1,
                rounding: 15,
                minimum: 30,
                work_types: vec![
                    WorkTypeRate {
                        work_type: "remote".into(),
                        percent: 100,
                    },
                    WorkTypeRate {
                        work_type: "on_site".into(),
                        percent: 150,
                    },
                ],
                overage: OverageKind::Block,
                overage_minutes: None,
                overage_rate: None,
                rollover: RolloverKind::None,
                rollover_limit: None,
                rollover_expires_days: None,
                thresholds: vec![50, 75, 90, 100],
                burn_margin: 10,
            };
        self.create_package(package(0, "Nord 24/7 support", Some(40 * 60), &[]))
            .await?;
        self.create_package(package(
            1,
            "Волга: кассы и 1С",
            None,
            &[("hardware", 20 * 60), ("database", 10 * 60)],
        ))
        .await?;
        self.create_package(package(2, "Medix PACS care", Some(7 * 60), &[]))
            .await?;

        // Time the engineers logged on their tickets, over the last days.
        for (i, t) in TICKETS.iter().enumerate() {
            let Some(who) = t.assignee else { continue };
            self.act_as(&colleagues[who]);
            for (days_ago, minutes, work_type, note) in [
                (2, 90, "remote", "Diagnosis and first fix"),
                (1, 60, "on_site", "On site with the client's IT"),
            ] {
                let logged = self
                    .log_time(TimeInput {
                        ticket_id: tickets[i],
                        work_date: Some(today.plus_days(-days_ago).to_string()),
                        minutes: minutes + (i as i64 % 3) * 15,
                        work_type: work_type.into(),
                        billable: true,
                        note: note.into(),
                    })
                    .await;
                // A ticket whose package is used up refuses more: the demo shows that too.
                if let Err(e) = logged {
                    if e.code != ErrorCode::PackageBlocked {
                        return Err(e);
                    }
                }
            }
        }

        // When the desk works and what it promises.
        self.act_as(&colleagues[LEAD]);
        let hours = |from: &str, to: &str| format!("{from}-{to}");
        let mut week = vec![hours("09:00", "18:00"); 5];
        week.extend([String::new(), String::new()]);
        let office = self
            .create_calendar(CalendarInput {
                name: "Office hours".into(),
                time_zone: "Europe/Berlin".into(),
                week,
            })
            .await?;
        let round = self
            .create_calendar(CalendarInput {
                name: "24x7".into(),
                time_zone: "UTC".into(),
                week: vec![hours("00:00", "24:00"); 7],
            })
            .await?;
        let target = |priority, first, resolve, calendar| PolicyTargetDto {
            priority,
            direction: None,
            first_response_minutes: Some(first),
            resolution_minutes: Some(resolve),
            calendar_id: calendar,
        };
        self.create_sla_policy(SlaPolicyInput {
            name: "Standard".into(),
            client_id: None,
            is_default: true,
            calendar_id: office.id,
            pause_statuses: vec![PendingCustomer],
            targets: vec![
                target(Priority::P1, 30, 4 * 60, Some(round.id)),
                target(Priority::P2, 60, 2 * 8 * 60, None),
                target(Priority::P3, 4 * 60, 5 * 8 * 60, None),
                target(Priority::P4, 8 * 60, 10 * 8 * 60, None),
            ],
            breach_actions: vec![BreachAction::NotifyLead],
        })
        .await?;
        self.create_sla_policy(SlaPolicyInput {
            name: "Nord Logistics 24/7".into(),
            client_id: Some(clients[0]),
            is_default: false,
            calendar_id: round.id,
            pause_statuses: vec![PendingCustomer],
            targets: vec![
                target(Priority::P1, 15, 2 * 60, None),
                target(Priority::P2, 30, 4 * 60, None),
            ],
            breach_actions: vec![BreachAction::RaisePriority, BreachAction::NotifyLead],
        })
        .await?;
        let rule = |name: &str, directions: &[&str], line, priority| RuleInput {
            name: name.into(),
            enabled: true,
            client_ids: vec![],
            directions: directions.iter().map(|d| d.to_string()).collect(),
            priorities: vec![],
            channels: vec![],
            keywords: vec![],
            hours: HoursConditionDto::Any,
            line,
            queue: None,
            assign: AssignKind::Nobody,
            assign_users: vec![],
            priority,
            tags: vec![],
            vendor_id: None,
        };
        self.create_rule(rule(
            "Databases go to second line",
            &["database"],
            Some(Line::L2),
            None,
        ))
        .await?;
        self.create_rule(RuleInput {
            keywords: vec!["outage".into(), "down".into()],
            ..rule("Outages are P1", &[], None, Some(Priority::P1))
        })
        .await?;

        // A vendor with cases: the database vendor behind Volga's 1C server.
        self.act_as(manager);
        // No secret: the demo reaches no vendor, and puts nothing in the keychain.
        let input = VendorInput {
            name: "SQL Platform Support".into(),
            directions: vec!["database".into(), "software".into()],
            kind: "request_tracker".into(),
            settings: [
                ("base_url", "https://support.sqlplatform.example"),
                ("queue", "Partners"),
            ]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
            sla: vec![VendorSlaDto {
                direction: "*".into(),
                acknowledge_minutes: Some(60),
                resolve_minutes: Some(3 * 8 * 60),
            }],
            contacts: vec![VendorContactDto {
                name: "Partner desk".into(),
                email: Some("partners@sqlplatform.example".into()),
                phone: Some("+1 555 0100".into()),
            }],
            per_minute: 600,
            enabled: true,
            secret: None,
        };
        let vendor = self.create_vendor(input.clone()).await?;
        let waiting = TICKETS
            .iter()
            .position(|t| t.status == PendingVendor)
            .map(|i| tickets[i]);
        if let Some(ticket) = waiting {
            let bond = self
                .escalate_as(
                    ticket,
                    vendor.id,
                    Some("Month-end close takes three times as long since the last update."),
                    manager.id,
                    None,
                )
                .await?;
            // As if the vendor's system took it and answered (the demo reaches no vendor).
            let now = now_ms();
            for m in self.store.vendor_outbox(None, None, 50).await? {
                if m.bond_id == bond {
                    self.store.vendor_message_sent(&m, None, now).await?;
                }
            }
            self.store
                .bond_opened(
                    bond,
                    "48213",
                    "48213",
                    Some("https://support.sqlplatform.example/Ticket/Display.html?id=48213"),
                    now - 3 * HOUR,
                )
                .await?;
            let author = self
                .store
                .system_user(
                    crate::vendors::VENDOR_KIND,
                    crate::vendors::VENDOR_USER,
                    now,
                )
                .await?
                .id;
            let reply = (
                "demo-48213-1".to_string(),
                "Partner desk".to_string(),
                "We reproduced the slow close on 16.0.4; a fix for the statistics job is in the next cumulative update. Workaround: rebuild the statistics before the close.".to_string(),
                now - HOUR,
            );
            self.store
                .apply_bond_update(&BondUpdate {
                    bond_id: bond,
                    status_raw: "open",
                    status: VendorStatus::Open,
                    state: BondState::Open,
                    comments: &[reply],
                    author,
                    ticket: None,
                    now,
                })
                .await?;
        }
        // Nobody reaches the demo's vendor: no background work tries.
        self.update_vendor(
            vendor.id,
            VendorInput {
                enabled: false,
                ..input
            },
        )
        .await?;
        Ok(())
    }
}
