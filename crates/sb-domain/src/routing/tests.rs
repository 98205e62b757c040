//! Routing, table by table; fairness of round-robin as a property.

use std::collections::HashMap;

use super::*;
use proptest::prelude::*;

#[derive(Default)]
struct Load {
    last: HashMap<i64, i64>,
    active: HashMap<i64, i64>,
}

impl Workload for Load {
    fn last_given(&self, rule_id: i64) -> Option<i64> {
        self.last.get(&rule_id).copied()
    }
    fn active_tickets(&self, user_id: i64) -> i64 {
        self.active.get(&user_id).copied().unwrap_or(0)
    }
}

fn rule(id: i64, name: &str, conditions: Conditions, actions: Vec<Action>) -> Rule {
    Rule {
        id,
        draft: RuleDraft {
            name: name.into(),
            enabled: true,
            conditions,
            actions,
        }
        .check()
        .unwrap(),
    }
}

/// Monday 2026-11-23 10:00 UTC, and the same day at 22:00.
const MONDAY_10: i64 = 1_795_428_000_000;
const MONDAY_22: i64 = MONDAY_10 + 12 * 3_600_000;

fn facts<'a>(
    direction: &'a str,
    subject: &'a str,
    channel: Channel,
    at_ms: i64,
) -> TicketFacts<'a> {
    TicketFacts {
        client_id: 7,
        direction,
        priority: Priority::P3,
        channel,
        subject,
        description: "",
        at_ms,
    }
}

fn desk() -> RuleSet {
    RuleSet::new(
        vec![
            rule(
                1,
                "Database outages to L3",
                Conditions {
                    directions: vec!["database".into()],
                    priorities: vec![Priority::P1, Priority::P2],
                    ..Default::default()
                },
                vec![Action::SetLine(Line::L3), Action::AddTag("dba".into())],
            ),
            rule(
                2,
                "VPN to the network team",
                Conditions {
                    keywords: vec!["VPN".into(), "туннель".into()],
                    ..Default::default()
                },
                vec![
                    Action::SetQueue("Network team".into()),
                    Action::Assign(Assignee::RoundRobin(vec![12, 11])),
                ],
            ),
            rule(
                3,
                "Night alerts",
                Conditions {
                    channels: vec![Channel::Monitoring],
                    hours: HoursCondition::Outside,
                    ..Default::default()
                },
                vec![
                    Action::SetPriority(Priority::P2),
                    Action::Assign(Assignee::Person(30)),
                ],
            ),
            rule(
                4,
                "Everything else to L1",
                Conditions::default(),
                vec![Action::SetLine(Line::L1)],
            ),
        ],
        BusinessHours::default(),
    )
}

#[test]
fn the_first_matching_rule_wins_and_says_why() {
    let set = desk();
    let load = Load::default();
    // (direction, subject, channel, priority, time) -> rule, first reason
    let cases: [(&str, &str, Channel, Priority, i64, i64, &str); 7] = [
        (
            "database",
            "Replica down",
            Channel::Phone,
            Priority::P1,
            MONDAY_10,
            1,
            "direction is database",
        ),
        (
            "database",
            "Slow report",
            Channel::Phone,
            Priority::P4,
            MONDAY_10,
            4,
            "the rule takes every ticket",
        ),
        (
            "network",
            "VPN drops",
            Channel::Email,
            Priority::P3,
            MONDAY_10,
            2,
            "subject or description mentions \"VPN\"",
        ),
        (
            "network",
            "Не поднимается ТУННЕЛЬ",
            Channel::Email,
            Priority::P3,
            MONDAY_10,
            2,
            "subject or description mentions \"туннель\"",
        ),
        (
            "hardware",
            "Disk failure",
            Channel::Monitoring,
            Priority::P3,
            MONDAY_22,
            3,
            "came by monitoring",
        ),
        (
            "hardware",
            "Disk failure",
            Channel::Monitoring,
            Priority::P3,
            MONDAY_10,
            4,
            "the rule takes every ticket",
        ),
        // The database rule comes before the keyword rule: order decides.
        (
            "database",
            "VPN to the DB",
            Channel::Phone,
            Priority::P2,
            MONDAY_10,
            1,
            "direction is database",
        ),
    ];
    for (direction, subject, channel, priority, at, rule_id, first_reason) in cases {
        let t = TicketFacts {
            priority,
            ..facts(direction, subject, channel, at)
        };
        let d = set.route(&t, &load).expect("a rule matches");
        assert_eq!(d.rule_id, rule_id, "{subject}");
        assert_eq!(d.why[0], first_reason, "{subject}");
    }
    let night = set
        .route(
            &facts("hardware", "Disk", Channel::Monitoring, MONDAY_22),
            &load,
        )
        .unwrap();
    assert_eq!(night.rule_name, "Night alerts");
    assert_eq!(
        night.why,
        ["came by monitoring", "arrived outside business hours"]
    );
    assert_eq!(
        (night.priority, night.assignee),
        (Some(Priority::P2), Some(30))
    );
    let db = set
        .route(
            &TicketFacts {
                priority: Priority::P1,
                ..facts("database", "x", Channel::Phone, MONDAY_10)
            },
            &load,
        )
        .unwrap();
    assert_eq!(
        (db.line, db.tags.as_slice()),
        (Some(Line::L3), ["dba".to_string()].as_slice())
    );
}

#[test]
fn no_rule_no_decision_and_disabled_rules_are_skipped() {
    let only = RuleSet::new(
        vec![Rule {
            id: 1,
            draft: RuleDraft {
                enabled: false,
                ..rule(
                    1,
                    "Off",
                    Conditions::default(),
                    vec![Action::SetLine(Line::L2)],
                )
                .draft
            },
        }],
        BusinessHours::default(),
    );
    assert!(only.is_empty());
    assert_eq!(
        only.route(
            &facts("network", "x", Channel::Phone, MONDAY_10),
            &Load::default()
        ),
        None
    );
}

#[test]
fn business_hours_follow_the_weekday_and_the_offset() {
    let h = BusinessHours::default();
    // (moment, within 09:00-18:00 Monday-Friday UTC?)
    for (at, within) in [
        (MONDAY_10, true),
        (MONDAY_22, false),
        (MONDAY_10 - 2 * 86_400_000, false), // Saturday
        (MONDAY_10 - 3_600_000 - 1, false),  // 08:59:59.999
        (MONDAY_10 - 3_600_000, true),       // 09:00
    ] {
        assert_eq!(h.contains(at), within, "{at}");
    }
    // 22:00 UTC is 07:00 on Tuesday in Tokyo: not yet; 10:00 UTC is 19:00 there: over.
    let tokyo = BusinessHours {
        utc_offset_minutes: 9 * 60,
        ..BusinessHours::default()
    };
    assert!(!tokyo.contains(MONDAY_22) && !tokyo.contains(MONDAY_10));
    assert!(tokyo.contains(MONDAY_22 + 3 * 3_600_000));
}

#[test]
fn least_loaded_picks_the_freest_and_round_robin_takes_turns() {
    let set = RuleSet::new(
        vec![rule(
            9,
            "Balance",
            Conditions::default(),
            vec![Action::Assign(Assignee::LeastLoaded(vec![5, 6, 7]))],
        )],
        BusinessHours::default(),
    );
    let load = Load {
        active: HashMap::from([(5, 4), (6, 1), (7, 1)]),
        ..Default::default()
    };
    // 6 and 7 both have one: the lower id, so the choice is stable.
    assert_eq!(
        set.route(&facts("network", "x", Channel::Phone, MONDAY_10), &load)
            .unwrap()
            .assignee,
        Some(6)
    );
    assert_eq!(next_in_turn(&[11, 12], None), Some(11));
    assert_eq!(next_in_turn(&[11, 12], Some(11)), Some(12));
    assert_eq!(next_in_turn(&[11, 12], Some(12)), Some(11));
    // Someone left the group: the turn goes on from where it was.
    assert_eq!(next_in_turn(&[11, 13], Some(12)), Some(13));
    assert_eq!(next_in_turn(&[], Some(12)), None);
}

#[test]
fn drafts_are_checked() {
    let ok = RuleDraft {
        name: "R".into(),
        enabled: true,
        conditions: Conditions::default(),
        actions: vec![Action::SetLine(Line::L2)],
    };
    for (draft, field) in [
        (
            RuleDraft {
                name: "  ".into(),
                ..ok.clone()
            },
            "name",
        ),
        (
            RuleDraft {
                actions: vec![],
                ..ok.clone()
            },
            "actions",
        ),
        (
            RuleDraft {
                actions: vec![Action::SetLine(Line::L1), Action::SetLine(Line::L2)],
                ..ok.clone()
            },
            "actions",
        ),
        (
            RuleDraft {
                actions: vec![Action::Assign(Assignee::RoundRobin(vec![]))],
                ..ok.clone()
            },
            "actions",
        ),
        (
            RuleDraft {
                actions: vec![Action::AddTag(" ".into())],
                ..ok.clone()
            },
            "actions",
        ),
    ] {
        assert_eq!(draft.check().unwrap_err().field, field);
    }
    let tidy = RuleDraft {
        conditions: Conditions {
            keywords: vec![" vpn ".into(), "".into()],
            ..Default::default()
        },
        actions: vec![
            Action::AddTag(" Urgent ".into()),
            Action::AddTag("dba".into()),
        ],
        ..ok
    }
    .check()
    .unwrap();
    assert_eq!(tidy.conditions.keywords, ["vpn"]);
    assert_eq!(
        tidy.actions,
        [
            Action::AddTag("urgent".into()),
            Action::AddTag("dba".into())
        ]
    );
}

#[test]
fn a_dry_run_shows_what_a_draft_would_change() {
    let current = desk();
    let mut rules: Vec<Rule> = current.rules.iter().map(|(r, _)| r.clone()).collect();
    // The draft sends VPN tickets to L2 instead of the network team's queue.
    rules[1].draft.actions = vec![Action::SetLine(Line::L2)];
    let draft = RuleSet::new(rules, BusinessHours::default());
    let tickets = [
        (1, facts("network", "VPN drops", Channel::Email, MONDAY_10)),
        (2, facts("hardware", "Printer", Channel::Phone, MONDAY_10)),
    ];
    let rows = dry_run(&current, &draft, &tickets, &Load::default());
    assert_eq!(
        rows.iter()
            .map(|r| (r.ticket_id, r.changed))
            .collect::<Vec<_>>(),
        [(1, true), (2, false)]
    );
    assert_eq!(rows[0].draft.as_ref().unwrap().line, Some(Line::L2));
}

proptest! {
    /// Over many tickets a round-robin group's members get their share within one ticket.
    #[test]
    fn round_robin_is_fair(group in prop::collection::btree_set(1i64..50, 1..8), n in 1usize..400) {
        let group: Vec<i64> = group.into_iter().collect();
        let set = RuleSet::new(
            vec![rule(1, "Turns", Conditions::default(), vec![Action::Assign(Assignee::RoundRobin(group.clone()))])],
            BusinessHours::default(),
        );
        let mut load = Load::default();
        let mut got: HashMap<i64, usize> = HashMap::new();
        for _ in 0..n {
            let d = set.route(&facts("network", "x", Channel::Phone, MONDAY_10), &load).unwrap();
            let who = d.assignee.unwrap();
            *got.entry(who).or_default() += 1;
            load.last.insert(1, who);
        }
        let counts: Vec<usize> = group.iter().map(|u| got.get(u).copied().unwrap_or(0)).collect();
        let (min, max) = (*counts.iter().min().unwrap(), *counts.iter().max().unwrap());
        prop_assert!(max - min <= 1, "{counts:?}");
        prop_assert_eq!(counts.iter().sum::<usize>(), n);
    }

    /// The decision always comes from the first rule that matches, and names it.
    #[test]
    fn first_match_wins(directions in prop::collection::vec(prop::sample::select(vec!["network", "database", "hardware"]), 1..12), ticket_dir in prop::sample::select(vec!["network", "database", "hardware", "software"])) {
        let rules: Vec<Rule> = directions
            .iter()
            .enumerate()
            .map(|(i, d)| rule(i as i64 + 1, &format!("R{}", i + 1), Conditions { directions: vec![d.to_string()], ..Default::default() }, vec![Action::SetLine(Line::L2)]))
            .collect();
        let set = RuleSet::new(rules, BusinessHours::default());
        let d = set.route(&facts(ticket_dir, "x", Channel::Phone, MONDAY_10), &Load::default());
        let expected = directions.iter().position(|d| *d == ticket_dir).map(|i| i as i64 + 1);
        prop_assert_eq!(d.as_ref().map(|d| d.rule_id), expected);
        if let Some(d) = d {
            prop_assert_eq!(d.rule_name, format!("R{}", d.rule_id));
            prop_assert_eq!(d.why, vec![format!("direction is {ticket_dir}")]);
        }
    }
}
