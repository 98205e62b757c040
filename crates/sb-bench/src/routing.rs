//! Routing decisions per second with 200 rules: the engine (`sb_domain::routing::RuleSet`)
//! against a floor that does the least the same decision needs (the rules' conditions as
//! plain precomputed comparisons, first match wins), on the same tickets.

use std::hint::black_box;
use std::time::{Duration, Instant};

use sb_domain::routing::{
    Action, Assignee, BusinessHours, Conditions, HoursCondition, Rule, RuleDraft, RuleSet,
    TicketFacts, Workload,
};
use sb_domain::{Channel, Line, Priority};

use crate::{group, Rng};

const RULES: usize = 200;
const TICKETS: usize = 200_000;

pub struct RoutingFigures {
    pub engine: Duration,
    pub floor: Duration,
    pub decisions: usize,
}

impl RoutingFigures {
    pub fn line(&self) -> String {
        let rate = |d: Duration| self.decisions as f64 / d.as_secs_f64();
        format!(
            "routing decisions with {RULES} rules: {} in {:.2} s = {}/s (target >= 200,000/s); floor {}/s; ratio {:.2}x",
            group(self.decisions),
            self.engine.as_secs_f64(),
            group(rate(self.engine) as usize),
            group(rate(self.floor) as usize),
            rate(self.floor) / rate(self.engine)
        )
    }

    pub fn rate(&self) -> f64 {
        self.decisions as f64 / self.engine.as_secs_f64()
    }
}

struct NoLoad;

impl Workload for NoLoad {
    fn last_given(&self, _: i64) -> Option<i64> {
        None
    }
    fn active_tickets(&self, _: i64) -> i64 {
        0
    }
}

const DIRECTIONS: [&str; 4] = ["hardware", "software", "network", "database"];
const WORDS: [&str; 12] = [
    "vpn",
    "printer",
    "backup",
    "replica",
    "касса",
    "switch",
    "firewall",
    "license",
    "outlook",
    "disk",
    "сеть",
    "certificate",
];

pub fn measure(clients: &[i64]) -> RoutingFigures {
    let mut rng = Rng(0x0f0f_1234_5678_9abc);
    // Specific rules first (client + direction + a word), broad ones last, as a desk writes them.
    let rules: Vec<Rule> = (0..RULES)
        .map(|i| {
            let specific = i < RULES - 10;
            let conditions = Conditions {
                clients: if specific {
                    vec![clients[rng.below(clients.len())]]
                } else {
                    vec![]
                },
                directions: vec![DIRECTIONS[rng.below(4)].to_string()],
                priorities: if i % 3 == 0 {
                    vec![Priority::P1, Priority::P2]
                } else {
                    vec![]
                },
                channels: if i % 5 == 0 {
                    vec![Channel::Email, Channel::Monitoring]
                } else {
                    vec![]
                },
                keywords: if specific {
                    vec![WORDS[rng.below(WORDS.len())].to_string()]
                } else {
                    vec![]
                },
                hours: if i % 7 == 0 {
                    HoursCondition::Outside
                } else {
                    HoursCondition::Any
                },
            };
            Rule {
                id: i as i64 + 1,
                draft: RuleDraft {
                    name: format!("Rule {i}"),
                    enabled: true,
                    conditions,
                    actions: vec![
                        Action::SetLine([Line::L1, Line::L2, Line::L3][i % 3]),
                        Action::Assign(Assignee::Person(1 + (i as i64 % 8))),
                    ],
                }
                .check()
                .expect("a valid rule"),
            }
        })
        .collect();
    let subjects: Vec<String> = (0..TICKETS)
        .map(|i| {
            format!(
                "{} on site {} stopped working after the update",
                WORDS[rng.below(WORDS.len())],
                i % 97
            )
        })
        .collect();
    let tickets: Vec<TicketFacts<'_>> = subjects
        .iter()
        .enumerate()
        .map(|(i, s)| TicketFacts {
            client_id: clients[rng.below(clients.len())],
            direction: DIRECTIONS[rng.below(4)],
            priority: [Priority::P1, Priority::P2, Priority::P3, Priority::P4][rng.below(4)],
            channel: [
                Channel::Desktop,
                Channel::Phone,
                Channel::Email,
                Channel::Monitoring,
            ][i % 4],
            subject: s,
            description: "",
            at_ms: 1_795_428_000_000 + (i as i64 % 1440) * 60_000,
        })
        .collect();

    let hours = BusinessHours::default();
    let set = RuleSet::new(rules.clone(), hours.clone());
    let t = Instant::now();
    let mut matched = 0;
    for f in &tickets {
        if black_box(set.route(black_box(f), &NoLoad)).is_some() {
            matched += 1;
        }
    }
    let engine = t.elapsed();

    // The floor: each rule as plain fields, keywords already lower-cased; first match wins.
    let plain: Vec<_> = rules
        .iter()
        .map(|r| {
            let c = &r.draft.conditions;
            (
                c.clients.clone(),
                c.directions.clone(),
                c.priorities.clone(),
                c.channels.clone(),
                c.keywords
                    .iter()
                    .map(|k| k.to_lowercase())
                    .collect::<Vec<_>>(),
                c.hours,
                r.id,
            )
        })
        .collect();
    let t = Instant::now();
    let mut floor_matched = 0;
    for f in &tickets {
        let subject = f.subject.to_lowercase();
        let within = hours.contains(f.at_ms);
        let hit = plain.iter().find(|(cl, dir, pr, ch, kw, h, _)| {
            (cl.is_empty() || cl.contains(&f.client_id))
                && (dir.is_empty() || dir.iter().any(|d| d == f.direction))
                && (pr.is_empty() || pr.contains(&f.priority))
                && (ch.is_empty() || ch.contains(&f.channel))
                && (kw.is_empty() || kw.iter().any(|k| subject.contains(k.as_str())))
                && match h {
                    HoursCondition::Any => true,
                    HoursCondition::Within => within,
                    HoursCondition::Outside => !within,
                }
        });
        if black_box(hit).is_some() {
            floor_matched += 1;
        }
    }
    let floor = t.elapsed();
    assert_eq!(
        matched, floor_matched,
        "the engine and the floor decide alike"
    );
    RoutingFigures {
        engine,
        floor,
        decisions: TICKETS,
    }
}
