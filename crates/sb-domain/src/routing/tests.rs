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
        assert_eq!(d.why[0].english(), first_reason, "{subject}");
    }
    let night = set
        .route(
            &facts("hardware", "Disk", Channel::Monitoring, MONDAY_22),
            &load,
        )
        .unwrap();
    assert_eq!(night.rule_name, "Night alerts");
    assert_eq!(
        night.why.iter().map(|w| w.english()).collect::<Vec<_>>(),
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
    // 6 and 7 both have one: the one listed first, so the choice is stable.
    assert_eq!(
        set.route(&facts("network", "x", Channel::Phone, MONDAY_10), &load)
            .unwrap()
            .assignee,
        Some(6)
    );
    assert_eq!(next_in_turn(&[11, 12], None), Some(11));
    assert_eq!(next_in_turn(&[11, 12], Some(11)), Some(12));
    assert_eq!(next_in_turn(&[11, 12], Some(12)), Some(11));
    // Someone left the group: the turn starts again at the first.
    assert_eq!(next_in_turn(&[11, 13], Some(12)), Some(11));
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
            keywords: vec![" vpn ".into()],
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

/// What a ticket got from the rule that routed it: `decision` applied to a ticket that
/// arrived on L1 at P3 with nothing else.
fn got_from(decision: Option<&Decision>) -> Got {
    Got {
        rule_id: decision.map(|d| d.rule_id),
        line: decision.and_then(|d| d.line).unwrap_or(Line::L1),
        queue: decision.and_then(|d| d.queue.clone()),
        assignee: decision.and_then(|d| d.assignee),
        priority: decision.and_then(|d| d.priority).unwrap_or(Priority::P3),
        tags: decision.map(|d| d.tags.clone()).unwrap_or_default(),
        vendors: decision.and_then(|d| d.vendor).into_iter().collect(),
    }
}

/// Routes `subjects` one after another with the live rules as the desk does (turns moving),
/// then dry-runs `draft` (rules and the live rule id each carries, `None` for a new one)
/// against what each ticket got; returns each ticket's (changed, draft's assignee).
fn dry(
    live: &[Rule],
    draft: Vec<(Option<i64>, Rule)>,
    subjects: &[&str],
) -> Vec<(bool, Option<i64>)> {
    let set = RuleSet::new(live.to_vec(), BusinessHours::default());
    let mut load = Load::default();
    let mut got = Vec::new();
    for s in subjects {
        let d = set.route(&facts("network", s, Channel::Email, MONDAY_10), &load);
        if let Some(d) = &d {
            if let Some(u) = d.assignee {
                load.last.insert(d.rule_id, u);
            }
        }
        got.push(got_from(d.as_ref()));
    }
    // Draft rules get fresh ids unless they carry a live one's, as the app gives them.
    let draft_rules = draft
        .into_iter()
        .enumerate()
        .map(|(i, (id, r))| Rule {
            id: id.unwrap_or(-(i as i64) - 1),
            draft: r.draft,
        })
        .collect();
    let draft = RuleSet::new(draft_rules, BusinessHours::default());
    let tickets: Vec<(i64, TicketFacts<'_>, Got)> = subjects
        .iter()
        .zip(got)
        .enumerate()
        .map(|(i, (s, g))| {
            (
                i as i64 + 1,
                facts("network", s, Channel::Email, MONDAY_10),
                g,
            )
        })
        .collect();
    dry_run(live, &draft, &tickets, &load)
        .into_iter()
        .map(|r| (r.changed, r.draft.and_then(|d| d.assignee)))
        .collect()
}

fn check<I, O: PartialEq + std::fmt::Debug>(input: I, expected: O, run: impl Fn(I) -> O) {
    assert_eq!(run(input), expected);
}

fn keyword_rule(keywords: &[&str]) -> RuleDraft {
    RuleDraft {
        name: "Printers".into(),
        enabled: true,
        conditions: Conditions {
            keywords: keywords.iter().map(|k| k.to_string()).collect(),
            ..Default::default()
        },
        actions: vec![Action::SetQueue("Printers".into())],
    }
}

#[test]
fn an_empty_keyword_is_refused_not_made_a_catch_all() {
    let checked = |kw: &[&str]| {
        keyword_rule(kw)
            .check()
            .map(|r| r.conditions.keywords)
            .map_err(|e| (e.field, e.message.english()))
    };
    let empty = Err((
        "keywords",
        "a keyword cannot be empty: write a word or phrase, or remove it".to_string(),
    ));
    for (keywords, expected) in [
        (&[""][..], empty.clone()),
        (&["   "][..], empty.clone()),
        (&["printer", " "][..], empty.clone()),
        (&["\t"][..], empty.clone()),
        (&[" printer "][..], Ok(vec!["printer".to_string()])),
        (&[][..], Ok(vec![])),
    ] {
        check(keywords, expected, checked);
    }
    // And so a rule about printers never takes a ticket about a VPN.
    let set = RuleSet::new(
        vec![Rule {
            id: 1,
            draft: keyword_rule(&["printer"]).check().unwrap(),
        }],
        BusinessHours::default(),
    );
    let vpn = facts("network", "VPN drops", Channel::Email, MONDAY_10);
    assert_eq!(set.route(&vpn, &Load::default()), None);
}

fn round_robin(id: i64, name: &str, keyword: &str, group: Vec<i64>) -> Rule {
    rule(
        id,
        name,
        Conditions {
            keywords: vec![keyword.into()],
            ..Default::default()
        },
        vec![
            Action::SetQueue("Network team".into()),
            Action::Assign(Assignee::RoundRobin(group)),
        ],
    )
}

#[test]
fn a_dry_run_of_unchanged_round_robin_rules_changes_nothing() {
    let vpn = round_robin(5, "VPN", "vpn", vec![11, 12, 13]);
    let rest = rule(
        6,
        "Rest",
        Conditions::default(),
        vec![Action::SetLine(Line::L2)],
    );
    let live = vec![vpn.clone(), rest.clone()];
    let one = ["VPN 1"];
    let three = ["VPN 1", "VPN 2", "Printer", "VPN 3"];
    // (draft, tickets) -> each ticket's (changed, the draft's assignee)
    type Draft = Vec<(Option<i64>, Rule)>;
    type Rows = Vec<(bool, Option<i64>)>;
    let cases: Vec<(Draft, &[&str], Rows)> = vec![
        // The very same rules, with their ids: each ticket gets the person it got.
        (
            vec![(Some(5), vpn.clone()), (Some(6), rest.clone())],
            &one,
            vec![(false, Some(11))],
        ),
        (
            vec![(Some(5), vpn.clone()), (Some(6), rest.clone())],
            &three,
            vec![
                (false, Some(11)),
                (false, Some(12)),
                (false, None),
                (false, Some(13)),
            ],
        ),
        // The same content without an id (the window's new list, a file): the same rule.
        (
            vec![(None, vpn.clone()), (None, rest.clone())],
            &three,
            vec![
                (false, Some(11)),
                (false, Some(12)),
                (false, None),
                (false, Some(13)),
            ],
        ),
        // A group in another order is another turn: after 13 (whose turn came before 11's)
        // comes 12 now.
        (
            vec![(Some(5), round_robin(5, "VPN", "vpn", vec![13, 12, 11]))],
            &one,
            vec![(true, Some(12))],
        ),
        // A new rule with a new name and the same people starts its own turn at the first.
        (
            vec![(None, round_robin(9, "VPN, new", "vpn", vec![12, 11, 13]))],
            &three,
            vec![
                (true, Some(12)),
                (true, Some(11)),
                (true, None),
                (false, Some(13)),
            ],
        ),
    ];
    for (draft, tickets, expected) in cases {
        check((draft, tickets), expected, |(d, t)| dry(&live, d, t));
    }
}

#[test]
fn a_dry_run_counts_every_action() {
    let vpn = rule(
        1,
        "VPN",
        Conditions {
            keywords: vec!["vpn".into()],
            ..Default::default()
        },
        vec![Action::SetLine(Line::L2), Action::AddTag("vpn".into())],
    );
    let with = |extra: Action| {
        let mut r = vpn.clone();
        r.draft.actions.push(extra);
        (Some(1), r)
    };
    let without_tag = {
        let mut r = vpn.clone();
        r.draft.actions.truncate(1);
        (Some(1), r)
    };
    // draft -> whether the VPN ticket's outcome changes
    for (draft, changed) in [
        ((Some(1), vpn.clone()), false),
        (with(Action::EscalateToVendor(4)), true),
        (with(Action::SetPriority(Priority::P1)), true),
        (with(Action::SetPriority(Priority::P3)), false),
        (with(Action::SetQueue("Network".into())), true),
        (with(Action::Assign(Assignee::Person(11))), true),
        (with(Action::AddTag("urgent".into())), true),
        (without_tag, true),
    ] {
        check(draft, vec![changed], |d| {
            dry(std::slice::from_ref(&vpn), vec![d], &["VPN drops"])
                .into_iter()
                .map(|(c, _)| c)
                .collect::<Vec<_>>()
        });
    }
    // A ticket no rule took, and still none takes, is unchanged; one a rule took that the
    // draft leaves alone is changed.
    check(
        vec![(
            None,
            rule(
                2,
                "DB",
                Conditions {
                    directions: vec!["database".into()],
                    ..Default::default()
                },
                vec![Action::SetLine(Line::L3)],
            ),
        )],
        vec![(true, None), (false, None)],
        |d| {
            let mut r = dry(std::slice::from_ref(&vpn), d.clone(), &["VPN drops"]);
            r.extend(dry(&[], d, &["VPN drops"]));
            r
        },
    );
}

#[test]
fn a_dry_run_of_an_unchanged_least_loaded_rule_keeps_who_got_it() {
    let balance = rule(
        3,
        "Balance",
        Conditions::default(),
        vec![Action::Assign(Assignee::LeastLoaded(vec![11, 12]))],
    );
    let t = facts("network", "x", Channel::Phone, MONDAY_10);
    // It went to 11 when both were free; 11 is the busier one now.
    let got = got_from(Some(&Decision {
        assignee: Some(11),
        ..RuleSet::new(vec![balance.clone()], BusinessHours::default())
            .route(&t, &Load::default())
            .unwrap()
    }));
    let now = Load {
        active: HashMap::from([(11, 5), (12, 1)]),
        ..Default::default()
    };
    // (draft rule id, its group) -> (changed, the draft's assignee)
    for (id, group, expected) in [
        (3, vec![11, 12], (false, Some(11))),
        (-1, vec![11, 12, 13], (true, Some(13))),
    ] {
        check((id, group), expected, |(id, group)| {
            let mut r = balance.clone();
            r.id = id;
            r.draft.actions = vec![Action::Assign(Assignee::LeastLoaded(group))];
            let draft = RuleSet::new(vec![r], BusinessHours::default());
            let row = dry_run(
                std::slice::from_ref(&balance),
                &draft,
                &[(1, t.clone(), got.clone())],
                &now,
            )
            .remove(0);
            (row.changed, row.draft.and_then(|d| d.assignee))
        });
    }
}

#[test]
fn round_robin_follows_the_order_given() {
    // (group as given, the turn so far) -> whose turn it is now
    for (group, last, expected) in [
        (vec![30, 10, 20], None, Some(30)),
        (vec![30, 10, 20], Some(30), Some(10)),
        (vec![30, 10, 20], Some(10), Some(20)),
        (vec![30, 10, 20], Some(20), Some(30)),
        (vec![30, 10, 20], Some(99), Some(30)),
        (vec![], None, None),
    ] {
        check((group, last), expected, |(g, l)| next_in_turn(&g, l));
    }
    // The check keeps the order and drops only repeats; a rule's tickets go round in it.
    let r = rule(
        1,
        "Turns",
        Conditions::default(),
        vec![Action::Assign(Assignee::RoundRobin(vec![30, 10, 30, 20]))],
    );
    assert_eq!(
        r.draft.actions,
        [Action::Assign(Assignee::RoundRobin(vec![30, 10, 20]))]
    );
    let set = RuleSet::new(vec![r], BusinessHours::default());
    let mut load = Load::default();
    let mut who = Vec::new();
    for _ in 0..4 {
        let u = set
            .route(&facts("network", "x", Channel::Phone, MONDAY_10), &load)
            .unwrap()
            .assignee
            .unwrap();
        load.last.insert(1, u);
        who.push(u);
    }
    assert_eq!(who, [30, 10, 20, 30]);
}

#[test]
fn the_client_reason_names_the_client() {
    let set = RuleSet::new(
        vec![rule(
            1,
            "Nord",
            Conditions {
                clients: vec![7],
                ..Default::default()
            },
            vec![Action::SetLine(Line::L2)],
        )],
        BusinessHours::default(),
    );
    assert_eq!(set.client_ids(), [7]);
    let t = facts("network", "x", Channel::Phone, MONDAY_10);
    for (names, why) in [
        (vec![(7, "Nord".to_string())], "the client is Nord"),
        (vec![], "the client is client #7"),
    ] {
        check(names, why.to_string(), |n| {
            set.clone()
                .with_client_names(n.into_iter().collect())
                .route(&t, &Load::default())
                .unwrap()
                .why[0]
                .english()
        });
    }
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
            prop_assert_eq!(d.why, vec![sb_i18n::msg!("routing-why-direction", direction = ticket_dir)]);
        }
    }
}
