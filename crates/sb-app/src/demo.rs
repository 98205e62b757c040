//! The demo workspace: a few realistic clients with contacts, colleagues on every line, and
//! tickets in every status and direction with their threads, in English and Russian.

use sb_domain::{
    check_transition, Channel, ClientCode, ContactDraft, Direction, Level, Line, Priority,
    ReopenPolicy, Role, Status, Visibility,
};
use sb_store::{ClientWrite, NewTicket, StatusChange};

use crate::dto::SetupState;
use crate::{now_ms, ApiError, ApiResult, App, ErrorCode};

const HOUR: i64 = 60 * 60 * 1000;

struct DemoClient {
    code: &'static str,
    name: &'static str,
    notes: &'static str,
    contacts: &'static [(&'static str, &'static str, &'static str)],
}

const CLIENTS: &[DemoClient] = &[
    DemoClient {
        code: "NORDLOG",
        name: "Nord Logistics",
        notes: "Warehouse network in three cities. Support window 24/7 for the WMS database.",
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
        contacts: &[("Dr. Priya Nair", "p.nair@medix.example", "+44 20 7946 0018")],
    },
    DemoClient {
        code: "SEVERSTAL-IT",
        name: "АО «Северная энергосеть»",
        notes: "Диспетчерская SCADA — только плановые работы, согласование за 48 часов.",
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
];

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
        self.not_in_team("the demo")?;
        let me = self.actor()?;
        if self.store.has_clients().await? {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                "the demo goes only into an empty workspace, and this one already has clients",
            ));
        }
        let start = now_ms() - 7 * 24 * HOUR;
        let mut people = Vec::new();
        for (name, role) in COLLEAGUES {
            people.push(self.store.create_user(name, *role, start).await?.id);
        }
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
            let mut at = created;
            let mut step = || {
                at += (t.age_hours * HOUR / 8).max(60_000);
                at
            };
            if t.line != Line::L1 {
                let note =
                    "Needs deeper analysis than first line can do; all findings are in the thread.";
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
                        actor: t.assignee.map_or(me.id, |a| people[a]),
                        now: when,
                    })
                    .await?;
                from = to;
            }
        }
        self.setup_state().await
    }
}
