//! A statement to render: a Cyrillic client, a package per direction and a shared pool with
//! billed overage, and as many time entries as a test asks for.

#![allow(dead_code)]

use sb_report::{DirectionLine, EntryLine, EntryState, Language, PackageLine, Statement};

/// The subject that has every character CSV must quote.
pub const TRICKY_SUBJECT: &str = "Printer, \"HP 4250\" on floor 2\nprints blank pages";

pub fn statement(language: Language, entries: usize) -> Statement {
    let ru = language == Language::Ru;
    let (hw, sw, net) = if ru {
        ("Оборудование", "ПО", "Сети")
    } else {
        ("Hardware", "Software", "Network")
    };
    let engineers = [
        "Иванов И.",
        "Петрова А.",
        "Jane Smith",
        "Сидоренко-Белова М.",
    ];
    let work_types = if ru {
        ["Удалённо", "Выезд", "Консультация"]
    } else {
        ["Remote", "On site", "Consulting"]
    };
    let subjects = [
        "Принтер в бухгалтерии печатает пустые листы после обновления драйвера",
        "VPN drops every 20 minutes",
        "Новый сотрудник: учётная запись, почта, доступ к 1С",
        TRICKY_SUBJECT,
        "Backup job failed on FS01",
        "Замена картриджа",
    ];
    let mut list = Vec::with_capacity(entries);
    for i in 0..entries {
        let billable = 15 * (1 + (i as i64 * 7) % 12);
        // Every ninth entry runs past the packages, partly.
        let overage = if i % 9 == 8 { billable / 3 } else { 0 };
        list.push(EntryLine {
            date: format!("2026-11-{:02}", 1 + i % 30),
            ticket_number: format!("SB-{:06}", 1200 + i),
            ticket_subject: subjects[i % subjects.len()].to_string(),
            engineer: engineers[i % engineers.len()].to_string(),
            direction: [hw, sw, net][i % 3].to_string(),
            work_type: work_types[i % work_types.len()].to_string(),
            actual_minutes: billable - (i as i64 % 10),
            billable_minutes: billable,
            covered_minutes: billable - overage,
            overage_minutes: overage,
            state: [
                EntryState::Draft,
                EntryState::Approved,
                EntryState::Invoiced,
            ][i % 3],
            note: if i % 5 == 0 {
                "Заменён фьюзер, проверено".to_string()
            } else {
                String::new()
            },
        });
    }
    Statement {
        language,
        provider: "Switchboard service desk".to_string(),
        client_code: "ACME".to_string(),
        client_name: "ООО «Север»".to_string(),
        period_start: "2026-11-01".to_string(),
        period_end: "2026-11-30".to_string(),
        generated_on: "2026-12-01".to_string(),
        drafts_left_out: false,
        packages: vec![
            PackageLine {
                name: if ru {
                    "Годовой пакет 2026"
                } else {
                    "Annual support 2026"
                }
                .to_string(),
                period: "2026-01-01 – 2026-12-31".to_string(),
                directions: vec![
                    direction(hw, 40 * 60, 31 * 60 + 15),
                    direction(sw, 30 * 60, 12 * 60 + 45),
                    direction(net, 20 * 60, 20 * 60),
                ],
                total_minutes: 90 * 60,
                used_minutes: 64 * 60,
                left_minutes: 26 * 60,
                overage_minutes: 0,
                overage_amount: None,
            },
            PackageLine {
                name: if ru {
                    "Срочные выезды"
                } else {
                    "Urgent visits"
                }
                .to_string(),
                period: "2026-07-01 – 2026-12-31".to_string(),
                directions: vec![direction("", 10 * 60, 10 * 60)],
                total_minutes: 10 * 60,
                used_minutes: 10 * 60,
                left_minutes: 0,
                overage_minutes: 2 * 60 + 15,
                overage_amount: Some(123_450), // 1,234.50
            },
            PackageLine {
                name: if ru {
                    "Пробный пакет"
                } else {
                    "Trial"
                }
                .to_string(),
                period: "2026-11-01 – 2026-11-30".to_string(),
                directions: vec![direction("", 5 * 60, 6 * 60)],
                total_minutes: 5 * 60,
                used_minutes: 6 * 60,
                left_minutes: -60,
                overage_minutes: 60,
                overage_amount: None,
            },
        ],
        entries: list,
    }
}

fn direction(name: &str, budget: i64, used: i64) -> DirectionLine {
    DirectionLine {
        direction: name.to_string(),
        budget_minutes: budget,
        used_minutes: used,
        left_minutes: budget - used,
    }
}
