//! The ledger's rules, table by table, and the invariants as properties.

use super::*;
use proptest::prelude::*;

fn day(s: &str) -> Day {
    Day::parse(s).unwrap()
}

fn dir(s: &str) -> Direction {
    Direction::parse(s).unwrap()
}

fn terms(name: &str, start: &str, end: &str, budget: Budget) -> Terms {
    unchecked_terms(name, start, end, budget).check().unwrap()
}

fn unchecked_terms(name: &str, start: &str, end: &str, budget: Budget) -> Terms {
    Terms {
        name: name.into(),
        start: day(start),
        end: day(end),
        budget,
        stack_order: 0,
        rounding: 1,
        minimum: 0,
        multipliers: default_multipliers(),
        overage: OveragePolicy::Block,
        rollover: RolloverPolicy::None,
        rollover_expires_days: None,
        thresholds: DEFAULT_THRESHOLDS.to_vec(),
        burn_margin: 10,
    }
}

fn split(parts: &[(&str, Minutes)]) -> Budget {
    Budget::PerDirection(parts.iter().map(|(d, m)| (dir(d), *m)).collect())
}

fn entry(on: &str, direction: &str, actual: Minutes) -> EntryDraft {
    EntryDraft {
        work_date: day(on),
        direction: dir(direction),
        actual,
        work_type: "remote".into(),
        billable: true,
    }
}

/// (package id, kind, minutes) of each draw.
fn shape(a: &Allocation) -> Vec<(Option<i64>, DrawKind, Minutes)> {
    a.draws
        .iter()
        .map(|d| (d.package_id, d.kind, d.minutes))
        .collect()
}

#[test]
fn billable_minutes_round_then_floor_then_multiply() {
    // (rounding, minimum, work type, actual) -> billable
    let cases: [(Minutes, Minutes, &str, Minutes, Minutes); 10] = [
        (1, 0, "remote", 7, 7),
        (15, 0, "remote", 1, 15),
        (15, 0, "remote", 15, 15),
        (15, 0, "remote", 16, 30),
        (15, 30, "remote", 10, 30),
        (15, 30, "remote", 31, 45),
        (15, 30, "on_site", 31, 68), // 45 * 1.5 = 67.5 -> 68
        (15, 30, "after_hours", 10, 60),
        (60, 0, "on_site", 61, 180),
        (1, 0, "after_hours", 1440, 2880),
    ];
    for (rounding, minimum, kind, actual, want) in cases {
        let t = Terms {
            rounding,
            minimum,
            ..terms("P", "2026-01-01", "2026-12-31", Budget::Shared(6000))
        };
        assert_eq!(
            t.billable(actual, kind).unwrap(),
            want,
            "round {rounding}, min {minimum}, {kind}, {actual} min"
        );
    }
    let t = terms("P", "2026-01-01", "2026-12-31", Budget::Shared(60));
    assert!(matches!(
        t.billable(0, "remote"),
        Err(LedgerError::BadDuration { .. })
    ));
    assert!(matches!(
        t.billable(1441, "remote"),
        Err(LedgerError::BadDuration { .. })
    ));
    let err = t.billable(30, "weekend").unwrap_err();
    assert!(
        err.to_string().contains("after_hours, on_site, remote"),
        "{err}"
    );
}

#[test]
fn terms_refuse_what_makes_no_sense() {
    let ok = terms("P", "2026-01-01", "2026-12-31", Budget::Shared(60));
    let cases: Vec<(Terms, &str)> = vec![
        (
            Terms {
                name: " ".into(),
                ..ok.clone()
            },
            "name",
        ),
        (
            Terms {
                end: day("2025-12-31"),
                ..ok.clone()
            },
            "end",
        ),
        (
            Terms {
                budget: Budget::Shared(-1),
                ..ok.clone()
            },
            "budget",
        ),
        (
            Terms {
                budget: split(&[]),
                ..ok.clone()
            },
            "budget",
        ),
        (
            Terms {
                rounding: 0,
                ..ok.clone()
            },
            "rounding",
        ),
        (
            Terms {
                minimum: 2000,
                ..ok.clone()
            },
            "minimum",
        ),
        (
            Terms {
                multipliers: BTreeMap::new(),
                ..ok.clone()
            },
            "multipliers",
        ),
        (
            Terms {
                overage: OveragePolicy::AllowUpTo { minutes: -5 },
                ..ok.clone()
            },
            "overage",
        ),
        (
            Terms {
                rollover: RolloverPolicy::UpToPercent { percent: 150 },
                ..ok.clone()
            },
            "rollover",
        ),
        (
            Terms {
                rollover_expires_days: Some(0),
                ..ok.clone()
            },
            "rolloverExpiresDays",
        ),
        (
            Terms {
                thresholds: vec![0],
                ..ok.clone()
            },
            "thresholds",
        ),
    ];
    for (t, field) in cases {
        match t.check() {
            Err(TermsError::Invalid { field: f, .. }) => assert_eq!(f, field),
            Ok(_) => panic!("{field} should be refused"),
        }
    }
    let sorted = Terms {
        thresholds: vec![90, 50, 90, 75],
        ..ok
    }
    .check()
    .unwrap();
    assert_eq!(sorted.thresholds, [50, 75, 90]);
}

#[test]
fn an_entry_draws_from_its_directions_budget() {
    // 40/30/20/10 hours.
    let p = PackageLedger::new(
        1,
        terms(
            "Annual",
            "2026-01-01",
            "2026-12-31",
            split(&[
                ("hardware", 2400),
                ("software", 1800),
                ("network", 1200),
                ("database", 600),
            ]),
        ),
    );
    let a = allocate(
        &entry("2026-03-10", "network", 90),
        std::slice::from_ref(&p),
    )
    .unwrap();
    assert_eq!(shape(&a), [(Some(1), DrawKind::Base, 90)]);
    assert_eq!(a.draws[0].key, Some(dir("network")));
    // A direction the package does not cover: no package for it.
    let mut only_hw = p.clone();
    only_hw.terms.budget = split(&[("hardware", 60)]);
    let a = allocate(&entry("2026-03-10", "network", 90), &[only_hw]).unwrap();
    assert_eq!(shape(&a), [(None, DrawKind::Overage, 90)]);
    assert_eq!(a.warnings, [Warning::NoPackage]);
}

#[test]
fn stacked_packages_draw_in_order_and_split_an_entry() {
    // Monthly included hours first, then a prepaid block, then time and materials.
    let monthly = PackageLedger {
        used: BTreeMap::from([(
            None,
            Balance {
                used_base: 540,
                used_rolled: 0,
                used_overage: 0,
            },
        )]),
        ..PackageLedger::new(
            10,
            Terms {
                stack_order: 1,
                ..terms("November", "2026-11-01", "2026-11-30", Budget::Shared(600))
            },
        )
    };
    let block = PackageLedger::new(
        11,
        Terms {
            stack_order: 2,
            ..terms(
                "Prepaid 20h",
                "2026-01-01",
                "2026-12-31",
                Budget::Shared(1200),
            )
        },
    );
    let tm = PackageLedger::new(
        12,
        Terms {
            stack_order: 3,
            overage: OveragePolicy::Bill {
                rate_per_hour: 9000,
            },
            ..terms(
                "Time and materials",
                "2026-01-01",
                "2026-12-31",
                Budget::Shared(0),
            )
        },
    );
    let all = [tm.clone(), block.clone(), monthly.clone()];
    let a = allocate(&entry("2026-11-20", "software", 90), &all).unwrap();
    assert_eq!(
        shape(&a),
        [
            (Some(10), DrawKind::Base, 60),
            (Some(11), DrawKind::Base, 30)
        ]
    );
    assert!(a.warnings.contains(&Warning::Exhausts {
        package_id: 10,
        name: "November".into(),
        key: None,
        package_left: 0,
    }));
    assert_eq!((a.covered(), a.overage()), (90, 0));

    // Both used up: the last package's policy bills the rest.
    let mut block_used = block.clone();
    block_used.used.insert(
        None,
        Balance {
            used_base: 1180,
            used_rolled: 0,
            used_overage: 0,
        },
    );
    let mut monthly_used = monthly.clone();
    monthly_used.used.insert(
        None,
        Balance {
            used_base: 600,
            used_rolled: 0,
            used_overage: 0,
        },
    );
    let a = allocate(
        &entry("2026-11-20", "software", 50),
        &[monthly_used, block_used, tm],
    )
    .unwrap();
    assert_eq!(
        shape(&a),
        [
            (Some(11), DrawKind::Base, 20),
            (Some(12), DrawKind::Overage, 30)
        ]
    );
    assert_eq!(a.draws[1].rate_per_hour, Some(9000));
    assert_eq!((a.covered(), a.overage()), (20, 30));
}

#[test]
fn overage_policies_block_allow_or_bill() {
    let used_up = |overage: OveragePolicy, overage_used: Minutes| PackageLedger {
        used: BTreeMap::from([(
            None,
            Balance {
                used_base: 100,
                used_rolled: 0,
                used_overage: 0,
            },
        )]),
        overage_used,
        ..PackageLedger::new(
            1,
            Terms {
                overage,
                ..terms("P", "2026-01-01", "2026-12-31", Budget::Shared(120))
            },
        )
    };
    // Block: the first 20 minutes fit, 10 do not: refused as a whole.
    let err = allocate(
        &entry("2026-05-05", "network", 30),
        &[used_up(OveragePolicy::Block, 0)],
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            LedgerError::Blocked {
                left: 20,
                wanted: 30,
                ..
            }
        ),
        "{err:?}"
    );
    // The refusal says which budget, what is left and what to do; never "used up" with time
    // left.
    let text = err.to_string();
    assert!(
        text.contains("has 0:20 left and this entry bills 0:30"),
        "{text}"
    );
    assert!(text.contains("Log at most 0:20"), "{text}");
    assert!(!text.contains("used up"), "{text}");
    // Exactly what is left is fine.
    let a = allocate(
        &entry("2026-05-05", "network", 20),
        &[used_up(OveragePolicy::Block, 0)],
    )
    .unwrap();
    assert_eq!(a.overage(), 0);
    // Allow up to 60 more: 40 used, 20 fits, 21 does not.
    let allow = OveragePolicy::AllowUpTo { minutes: 60 };
    let a = allocate(
        &entry("2026-05-05", "network", 40),
        &[used_up(allow.clone(), 40)],
    )
    .unwrap();
    assert_eq!(
        shape(&a),
        [
            (Some(1), DrawKind::Base, 20),
            (Some(1), DrawKind::Overage, 20)
        ]
    );
    assert_eq!(a.draws[1].rate_per_hour, None);
    let err = allocate(&entry("2026-05-05", "network", 41), &[used_up(allow, 40)]).unwrap_err();
    assert!(matches!(
        err,
        LedgerError::OverageLimit {
            allowed: 60,
            used: 40,
            wanted: 21,
            ..
        }
    ));
    // Bill: anything goes, at the rate.
    let a = allocate(
        &entry("2026-05-05", "network", 600),
        &[used_up(
            OveragePolicy::Bill {
                rate_per_hour: 5000,
            },
            999,
        )],
    )
    .unwrap();
    assert_eq!(a.overage(), 580);
}

#[test]
fn period_boundaries_and_expiry() {
    let p = PackageLedger::new(
        1,
        terms("Q1", "2026-01-01", "2026-03-31", Budget::Shared(600)),
    );
    // (work date, drawn from the package?)
    for (on, covered) in [
        ("2025-12-31", false),
        ("2026-01-01", true),
        ("2026-03-31", true),
        ("2026-04-01", false),
    ] {
        let a = allocate(&entry(on, "database", 30), std::slice::from_ref(&p)).unwrap();
        assert_eq!(a.covered() == 30, covered, "{on}");
    }
    assert_eq!(
        allocate(
            &entry("2026-04-01", "database", 30),
            std::slice::from_ref(&p)
        )
        .unwrap()
        .warnings,
        [Warning::Expired {
            package_id: 1,
            name: "Q1".into(),
            end: day("2026-03-31")
        }]
    );
    // A closed package takes nothing.
    let closed = PackageLedger { closed: true, ..p };
    assert_eq!(
        allocate(&entry("2026-02-01", "database", 30), &[closed])
            .unwrap()
            .covered(),
        0
    );
}

#[test]
fn work_late_at_night_counts_on_the_local_day() {
    let p = PackageLedger::new(
        1,
        terms("March", "2026-03-01", "2026-03-31", Budget::Shared(600)),
    );
    // 2026-03-31 22:30 UTC: still March 31st in London, April 1st in Moscow.
    let at = day("2026-03-31").start_ms() + (22 * 60 + 30) * 60_000;
    for (offset, covered) in [(0, true), (3 * 60, false), (-8 * 60, true)] {
        let draft = EntryDraft {
            work_date: Day::of_moment(at, offset),
            ..entry("2026-01-01", "network", 30)
        };
        assert_eq!(
            allocate(&draft, std::slice::from_ref(&p))
                .unwrap()
                .covered()
                == 30,
            covered,
            "UTC{offset:+}"
        );
    }
}

#[test]
fn rolled_hours_go_first_until_they_expire() {
    let p = PackageLedger {
        rolled: Some(Budget::Shared(60)),
        rolled_until: Some(day("2026-01-31")),
        ..PackageLedger::new(
            1,
            terms("2026", "2026-01-01", "2026-12-31", Budget::Shared(600)),
        )
    };
    let a = allocate(
        &entry("2026-01-15", "network", 90),
        std::slice::from_ref(&p),
    )
    .unwrap();
    assert_eq!(
        shape(&a),
        [
            (Some(1), DrawKind::Rolled, 60),
            (Some(1), DrawKind::Base, 30)
        ]
    );
    // After they expire only the period's own hours are there.
    let a = allocate(
        &entry("2026-02-01", "network", 90),
        std::slice::from_ref(&p),
    )
    .unwrap();
    assert_eq!(shape(&a), [(Some(1), DrawKind::Base, 90)]);
    assert_eq!(p.left_total(day("2026-01-31")), 660);
    assert_eq!(p.left_total(day("2026-02-01")), 600);
}

#[test]
fn non_billable_work_draws_nothing() {
    let p = PackageLedger::new(1, terms("P", "2026-01-01", "2026-12-31", Budget::Shared(0)));
    let draft = EntryDraft {
        billable: false,
        ..entry("2026-06-01", "hardware", 45)
    };
    let a = allocate(&draft, &[p]).unwrap();
    assert_eq!((a.actual, a.billable, a.draws.len()), (45, 0, 0));
}

#[test]
fn an_adjustment_gives_back_overage_first() {
    let draws = vec![
        Draw {
            package_id: Some(1),
            key: None,
            kind: DrawKind::Rolled,
            minutes: 10,
            rate_per_hour: None,
        },
        Draw {
            package_id: Some(1),
            key: None,
            kind: DrawKind::Base,
            minutes: 20,
            rate_per_hour: None,
        },
        Draw {
            package_id: Some(1),
            key: None,
            kind: DrawKind::Overage,
            minutes: 15,
            rate_per_hour: Some(100),
        },
    ];
    let back = give_back(&draws, 25);
    assert_eq!(
        back.iter().map(|d| (d.kind, d.minutes)).collect::<Vec<_>>(),
        [(DrawKind::Overage, -15), (DrawKind::Base, -10)]
    );
    assert_eq!(
        give_back(&draws, 500)
            .iter()
            .map(|d| d.minutes)
            .sum::<Minutes>(),
        -45
    );
    let mut p = PackageLedger::new(
        1,
        terms("P", "2026-01-01", "2026-12-31", Budget::Shared(20)),
    );
    p.rolled = Some(Budget::Shared(10));
    p.apply(&draws);
    p.apply(&back);
    assert_eq!((p.used_total(), p.overage_used), (20, 0));
}

#[test]
fn thresholds_are_crossed_once() {
    let t = [50, 75, 90, 100];
    // (before, after) of 600 minutes -> crossed
    let cases: [(Minutes, Minutes, &[u32]); 6] = [
        (0, 200, &[]),
        (200, 300, &[50]),
        (300, 301, &[]),
        (299, 600, &[50, 75, 90, 100]),
        (540, 700, &[100]),
        (600, 700, &[]),
    ];
    for (before, after, want) in cases {
        assert_eq!(
            thresholds_crossed(&t, 600, before, after),
            want,
            "{before} -> {after}"
        );
    }
}

#[test]
fn an_allocation_crosses_thresholds_once_and_overage_counts_as_used() {
    let mut p = PackageLedger::new(
        1,
        terms("2026", "2026-01-01", "2026-12-31", Budget::Shared(600)),
    );
    p.used.insert(
        None,
        Balance {
            used_base: 280,
            used_rolled: 0,
            used_overage: 0,
        },
    );
    let draw = |kind, minutes| Draw {
        package_id: Some(1),
        key: None,
        kind,
        minutes,
        rate_per_hour: None,
    };
    let early = day("2026-12-01");
    // 280 -> 460 of 600: 50% and 75% (and 76% used with 91% of the year gone: not fast).
    assert_eq!(
        crossings(
            std::slice::from_ref(&p),
            &[draw(DrawKind::Base, 180)],
            early
        ),
        [(1, None, Crossing::Used(50)), (1, None, Crossing::Used(75))]
    );
    // The last 320 minutes and 40 of overage: 90% and 100% (and 106% used is ahead of 91%).
    assert_eq!(
        crossings(
            std::slice::from_ref(&p),
            &[draw(DrawKind::Base, 320), draw(DrawKind::Overage, 40)],
            early
        )
        .iter()
        .map(|(_, _, c)| *c)
        .collect::<Vec<_>>(),
        [
            Crossing::Used(50),
            Crossing::Used(75),
            Crossing::Used(90),
            Crossing::Used(100),
            Crossing::Fast
        ]
    );
    // In January the same 180 minutes run far ahead of the calendar.
    assert!(crossings(
        std::slice::from_ref(&p),
        &[draw(DrawKind::Base, 180)],
        day("2026-01-20")
    )
    .contains(&(1, None, Crossing::Fast)));
    // Other packages' draws cross nothing here.
    let other = Draw {
        package_id: Some(2),
        ..draw(DrawKind::Base, 500)
    };
    assert!(crossings(std::slice::from_ref(&p), &[other], early).is_empty());
}

#[test]
fn thresholds_one_budget_crossed_together_are_told_as_the_highest() {
    use Crossing::{Fast, Used};
    #[track_caller]
    fn check(waiting: &[(i64, &str, Crossing)], told: &[(i64, &str, Crossing)]) {
        assert_eq!(told_together(waiting.to_vec(), |n| *n), told);
    }
    check(&[], &[]);
    check(&[(1, "", Used(50))], &[(1, "", Used(50))]);
    // 50 and 75 at once: "75 % used"; in any order the notices came.
    check(
        &[(1, "", Used(75)), (1, "", Used(50))],
        &[(1, "", Used(75))],
    );
    // Running ahead is told beside the highest percent.
    check(
        &[(1, "", Used(90)), (1, "", Fast), (1, "", Used(100))],
        &[(1, "", Fast), (1, "", Used(100))],
    );
    // A direction's own budget and the whole package are told apart, as are two packages.
    check(
        &[
            (1, "database", Used(50)),
            (1, "", Used(50)),
            (1, "database", Used(75)),
            (2, "", Used(50)),
        ],
        &[
            (1, "", Used(50)),
            (1, "database", Used(75)),
            (2, "", Used(50)),
        ],
    );
    // The store's form: a percent, or 0 for running ahead.
    for c in [Used(1), Used(50), Used(100), Fast] {
        assert_eq!(Crossing::from_stored(c.stored()), c);
    }
    assert_eq!(Crossing::from_stored(-5), Fast);
}

#[test]
fn a_timer_rounds_up_to_a_minute_and_stops_at_a_day() {
    assert_eq!(timer_minutes(0, 0), Ok(1));
    assert_eq!(timer_minutes(0, 60_000), Ok(1));
    assert_eq!(timer_minutes(0, 60_001), Ok(2));
    assert_eq!(timer_minutes(0, 24 * 3_600_000), Ok(1440));
    assert!(matches!(
        timer_minutes(0, 24 * 3_600_000 + 1),
        Err(LedgerError::TimerTooLong { minutes: 1441 })
    ));
}

#[test]
fn burning_faster_than_the_calendar() {
    let t = terms("2026", "2026-01-01", "2026-12-31", Budget::Shared(6000));
    // End of March: a quarter of the year gone.
    let b = burn(&t, 6000, 1500, day("2026-03-31"));
    assert_eq!(
        (b.used_percent, b.elapsed_percent, b.too_fast),
        (25, 24, false)
    );
    let b = burn(&t, 6000, 2400, day("2026-03-31"));
    assert_eq!((b.used_percent, b.too_fast), (40, true));
    // Before the start nothing has elapsed; after the end all of it.
    assert_eq!(burn(&t, 6000, 0, day("2025-12-01")).elapsed_percent, 0);
    assert_eq!(burn(&t, 6000, 0, day("2027-06-01")).elapsed_percent, 100);
}

#[test]
fn the_forecast_uses_the_last_thirty_days() {
    let today = day("2026-11-23");
    let end = day("2027-12-31");
    assert_eq!(runs_out_on(today, end, 600, 0), None);
    assert_eq!(runs_out_on(today, end, 0, 100), Some(today));
    // 300 minutes in 30 days = 10 a day; 600 left = 60 days.
    assert_eq!(runs_out_on(today, end, 600, 300), Some(day("2027-01-22")));
    // Rounded up: 1 minute left at 10 a day is tomorrow.
    assert_eq!(runs_out_on(today, end, 1, 300), Some(day("2026-11-24")));
}

#[test]
fn the_burn_down_runs_from_the_total_to_zero() {
    let t = terms("Week", "2026-11-16", "2026-11-22", Budget::Shared(700));
    let points = burn_down(
        &t,
        700,
        &[
            (day("2026-11-16"), 100),
            (day("2026-11-18"), 250),
            (day("2026-11-18"), 50),
        ],
        day("2026-11-19"),
    );
    assert_eq!(points.len(), 7);
    assert_eq!(
        points.iter().map(|p| p.ideal).collect::<Vec<_>>(),
        [600, 500, 400, 300, 200, 100, 0]
    );
    assert_eq!(
        points.iter().map(|p| p.left).collect::<Vec<_>>(),
        [Some(600), Some(600), Some(300), Some(300), None, None, None]
    );
}

#[test]
fn rollover_policies() {
    let base = |rollover: RolloverPolicy| PackageLedger {
        used: BTreeMap::from([
            (
                Some(dir("hardware")),
                Balance {
                    used_base: 100,
                    used_rolled: 0,
                    used_overage: 0,
                },
            ),
            (
                Some(dir("network")),
                Balance {
                    used_base: 600,
                    used_rolled: 0,
                    used_overage: 0,
                },
            ),
        ]),
        rolled: Some(split(&[("hardware", 500)])),
        ..PackageLedger::new(
            1,
            Terms {
                rollover,
                ..terms(
                    "2026",
                    "2026-01-01",
                    "2026-12-31",
                    split(&[("hardware", 600), ("network", 600)]),
                )
            },
        )
    };
    // 500 hardware minutes unused; network used up; rolled-in minutes never roll again.
    let cases: [(RolloverPolicy, Option<Minutes>); 5] = [
        (RolloverPolicy::None, None),
        (RolloverPolicy::All, Some(500)),
        (RolloverPolicy::UpToMinutes { minutes: 120 }, Some(120)),
        (RolloverPolicy::UpToPercent { percent: 10 }, Some(120)),
        (RolloverPolicy::UpToPercent { percent: 0 }, None),
    ];
    for (policy, want) in cases {
        let rolled = rollover(&base(policy.clone()));
        assert_eq!(rolled.as_ref().map(Budget::total), want, "{policy:?}");
        if let Some(Budget::PerDirection(map)) = rolled {
            assert_eq!(map.get(&dir("network")), Some(&0));
        }
    }
}

#[test]
fn renewal_moves_the_period_and_rolls_hours_with_their_expiry() {
    let p = PackageLedger {
        used: BTreeMap::from([(
            None,
            Balance {
                used_base: 400,
                used_rolled: 0,
                used_overage: 0,
            },
        )]),
        ..PackageLedger::new(
            1,
            Terms {
                rollover: RolloverPolicy::All,
                rollover_expires_days: Some(31),
                ..terms("Jan", "2026-01-01", "2026-01-31", Budget::Shared(600))
            },
        )
    };
    let (next, rolled, until) = renew(&p);
    assert_eq!(
        (next.start.to_string(), next.end.to_string()),
        ("2026-02-01".into(), "2026-02-28".into())
    );
    assert_eq!(rolled, Some(Budget::Shared(200)));
    // 31 days into a 28-day period: with the period.
    assert_eq!(until, Some(day("2026-02-28")));
    // A year renews to the next year; an odd period to the same length.
    let year = terms("Y", "2026-01-01", "2026-12-31", Budget::Shared(1)).renewed();
    assert_eq!(
        (year.start.to_string(), year.end.to_string()),
        ("2027-01-01".into(), "2027-12-31".into())
    );
    let odd = terms("O", "2026-01-10", "2026-02-19", Budget::Shared(1)).renewed();
    assert_eq!(
        (odd.start.to_string(), odd.end.to_string()),
        ("2026-02-20".into(), "2026-04-01".into())
    );
}

#[test]
fn entry_states_only_move_forward() {
    use EntryState::*;
    for (from, to, ok) in [
        (Draft, Approved, true),
        (Approved, Invoiced, true),
        (Draft, Invoiced, false),
        (Approved, Draft, false),
        (Invoiced, Approved, false),
        (Invoiced, Draft, false),
    ] {
        assert_eq!(from.can_move_to(to), ok, "{from:?} -> {to:?}");
    }
    assert!(Draft.editable() && !Approved.editable() && !Invoiced.editable());
    for s in [Draft, Approved, Invoiced] {
        assert_eq!(EntryState::parse(s.as_str()), Some(s));
    }
}

// --- properties ---------------------------------------------------------------------------

fn arb_policy() -> impl Strategy<Value = OveragePolicy> {
    prop_oneof![
        Just(OveragePolicy::Block),
        (0i64..600).prop_map(|minutes| OveragePolicy::AllowUpTo { minutes }),
        (0i64..20_000).prop_map(|rate_per_hour| OveragePolicy::Bill { rate_per_hour }),
    ]
}

fn arb_packages() -> impl Strategy<Value = Vec<PackageLedger>> {
    let one = (
        0i64..2_000,
        0i64..2_000,
        any::<bool>(),
        arb_policy(),
        -2i32..3,
        prop::sample::select(vec![1i64, 5, 15, 30, 60]),
        0i64..60,
        0i64..300,
        0i32..40,
    );
    prop::collection::vec(one, 1..4).prop_map(|specs| {
        specs
            .into_iter()
            .enumerate()
            .map(
                |(i, (a, b, shared, overage, order, rounding, minimum, rolled, len))| {
                    let budget = if shared {
                        Budget::Shared(a + b)
                    } else {
                        split(&[("network", a), ("software", b)])
                    };
                    let rolled_budget = if shared {
                        Budget::Shared(rolled)
                    } else {
                        split(&[("network", rolled)])
                    };
                    PackageLedger {
                        rolled: Some(rolled_budget),
                        rolled_until: Some(day("2026-01-15")),
                        ..PackageLedger::new(
                            i as i64 + 1,
                            Terms {
                                stack_order: order,
                                rounding,
                                minimum,
                                overage,
                                ..terms(
                                    "P",
                                    "2026-01-01",
                                    &day("2026-01-20").plus_days(len).to_string(),
                                    budget,
                                )
                            },
                        )
                    }
                },
            )
            .collect()
    })
}

fn arb_entries() -> impl Strategy<Value = Vec<(i32, bool, Minutes, bool, usize)>> {
    prop::collection::vec(
        (
            0i32..70,
            any::<bool>(),
            1i64..=600,
            any::<bool>(),
            0usize..3,
        ),
        1..60,
    )
}

proptest! {
    #[test]
    fn draws_add_up_and_blocked_packages_never_go_below_zero(
        mut packages in arb_packages(),
        entries in arb_entries(),
    ) {
        let kinds = ["remote", "on_site", "after_hours"];
        for (offset, network, actual, billable, kind) in entries {
            let draft = EntryDraft {
                work_date: day("2026-01-01").plus_days(offset),
                direction: dir(if network { "network" } else { "software" }),
                actual,
                work_type: kinds[kind].into(),
                billable,
            };
            let Ok(a) = allocate(&draft, &packages) else { continue };
            // billable = covered + overage, every draw positive.
            prop_assert_eq!(a.covered() + a.overage(), a.billable);
            prop_assert!(a.draws.iter().all(|d| d.minutes > 0));
            for p in &mut packages {
                p.apply(&a.draws);
            }
            for p in &packages {
                // Never below zero: nothing used beyond the budget and what rolled in.
                for (key, budget) in p.terms.budget.keys() {
                    let b = p.used.get(&key).cloned().unwrap_or_default();
                    prop_assert!(b.used_base <= budget, "{} > {}", b.used_base, budget);
                    prop_assert!(b.used_rolled <= p.rolled.as_ref().map_or(0, |r| r.get(&key)));
                }
                if p.terms.overage == OveragePolicy::Block {
                    prop_assert_eq!(p.overage_used, 0);
                }
                if let OveragePolicy::AllowUpTo { minutes } = p.terms.overage {
                    prop_assert!(p.overage_used <= minutes);
                }
                // The package's used minutes are the sum of its directions'.
                let by_key: Minutes = p.used.values().map(|b| b.used_base + b.used_rolled).sum();
                prop_assert_eq!(p.used_total(), by_key);
                prop_assert!(p.left_total(draft.work_date) >= 0);
            }
        }
    }
}

// --- the holes of issue 10, each pinned by the rule that closes it -------------------------

#[test]
fn hole_a_package_renews_twice() {
    let old = PackageLedger::new(
        1,
        terms("2026", "2026-01-01", "2026-12-31", Budget::Shared(600)),
    );
    assert_eq!(check_renewal(&old, std::slice::from_ref(&old)), Ok(()));
    let (next_terms, _, _) = renew(&old);
    let next = PackageLedger {
        renewed_from: Some(1),
        ..PackageLedger::new(2, next_terms)
    };
    let err = check_renewal(&old, &[old.clone(), next]).unwrap_err();
    assert_eq!(
        err,
        PackageError::AlreadyRenewed {
            package: "2026".into(),
            successor_id: 2,
            successor: "2026".into(),
            start: day("2027-01-01"),
            end: day("2027-12-31"),
        }
    );
    assert!(
        err.to_string()
            .contains("package 2 '2026' (2027-01-01 – 2027-12-31)"),
        "{err}"
    );
}

#[test]
fn hole_adjustments_give_back_more_than_was_logged() {
    let draws = vec![
        Draw {
            package_id: Some(1),
            key: None,
            kind: DrawKind::Base,
            minutes: 30,
            rate_per_hour: None,
        },
        Draw {
            package_id: Some(1),
            key: None,
            kind: DrawKind::Overage,
            minutes: 15,
            rate_per_hour: Some(100),
        },
    ];
    // 30 actual minutes billed 45 (a multiplier): 45 can be given back, not a minute more.
    let entry = EntryBalance::of([(30, draws.as_slice())]);
    assert_eq!(entry.billable(), 45);
    assert_eq!(
        take_back(&entry, 46),
        Err(LedgerError::CorrectionTooLarge {
            billable_left: 45,
            actual_left: 30,
            wanted: 46
        })
    );
    // Several corrections that add up to more: the second is refused with what is left.
    let first = take_back(&entry, 40).unwrap();
    assert_eq!((first.actual, first.billable), (-30, -40));
    let after = EntryBalance::of([
        (30, draws.as_slice()),
        (first.actual, first.draws.as_slice()),
    ]);
    assert_eq!((after.actual, after.billable()), (0, 5));
    let err = take_back(&after, 10).unwrap_err();
    assert!(err.to_string().contains("0:05 of billable time"), "{err}");
    let last = take_back(&after, 5).unwrap();
    let done = EntryBalance::of([
        (30, draws.as_slice()),
        (first.actual, first.draws.as_slice()),
        (last.actual, last.draws.as_slice()),
    ]);
    assert_eq!((done.actual, done.billable(), done.draws.len()), (0, 0, 0));
    assert!(take_back(&done, 1).is_err());
    // A package never goes below zero through them.
    let mut p = PackageLedger::new(
        1,
        terms("P", "2026-01-01", "2026-12-31", Budget::Shared(30)),
    );
    p.terms.overage = OveragePolicy::Bill { rate_per_hour: 100 };
    p.apply(&draws);
    p.apply(&first.draws);
    p.apply(&last.draws);
    assert_eq!((p.used_total(), p.overage_used), (0, 0));
    assert_eq!(p.check_invariants(), Ok(()));
}

#[test]
fn hole_the_same_package_is_sold_twice() {
    let year = |id, order, budget| PackageLedger {
        ..PackageLedger::new(
            id,
            Terms {
                stack_order: order,
                ..terms("2026", "2026-01-01", "2026-12-31", budget)
            },
        )
    };
    let network = split(&[("network", 600), ("database", 300)]);
    let existing = [year(1, 1, network.clone())];
    // The exact copy (name aside) is refused and named.
    let copy = Terms {
        name: "2026 again".into(),
        ..existing[0].terms.clone()
    };
    assert!(matches!(
        check_beside_others(&copy, None, &existing),
        Err(PackageError::Duplicate { other_id: 1, .. })
    ));
    // Overlapping on the network budget with the same order: which draws first is asked for.
    let half = Terms {
        stack_order: 1,
        ..terms(
            "Q3 extra",
            "2026-07-01",
            "2026-09-30",
            split(&[("network", 120)]),
        )
    };
    let err = check_beside_others(&half, None, &existing).unwrap_err();
    assert_eq!(
        err,
        PackageError::SameStackOrder {
            other_id: 1,
            other: "2026".into(),
            start: day("2026-01-01"),
            end: day("2026-12-31"),
            key: Some(dir("network")),
            stack_order: 1,
        }
    );
    assert!(err.to_string().contains("another order"), "{err}");
    // An explicit order, another direction, another period, or the package itself is fine.
    for ok in [
        Terms {
            stack_order: 2,
            ..half.clone()
        },
        Terms {
            budget: split(&[("hardware", 120)]),
            ..half.clone()
        },
        Terms {
            start: day("2027-01-01"),
            end: day("2027-03-31"),
            ..half.clone()
        },
    ] {
        assert_eq!(check_beside_others(&ok, None, &existing), Ok(()));
    }
    assert_eq!(
        check_beside_others(&existing[0].terms, Some(1), &existing),
        Ok(())
    );
    // A shared pool overlaps every direction; a closed package is in nobody's way.
    let pool = Terms {
        stack_order: 1,
        ..terms("Pool", "2026-03-01", "2026-03-31", Budget::Shared(60))
    };
    assert!(matches!(
        check_beside_others(&pool, None, &existing),
        Err(PackageError::SameStackOrder { key: None, .. })
    ));
    let closed = [PackageLedger {
        closed: true,
        ..existing[0].clone()
    }];
    assert_eq!(check_beside_others(&copy, None, &closed), Ok(()));
}

#[test]
fn hole_a_budget_is_edited_below_what_is_used() {
    let mut p = PackageLedger::new(
        1,
        terms(
            "2026",
            "2026-01-01",
            "2026-12-31",
            split(&[("network", 600), ("database", 60)]),
        ),
    );
    p.apply(&[Draw {
        package_id: Some(1),
        key: Some(dir("network")),
        kind: DrawKind::Base,
        minutes: 600,
        rate_per_hour: None,
    }]);
    let cut = Terms {
        budget: split(&[("network", 60), ("database", 60)]),
        ..p.terms.clone()
    };
    let err = check_edit(&p, &cut).unwrap_err();
    assert_eq!(
        err,
        PackageError::BelowUsed {
            key: Some(dir("network")),
            used: 600,
            asked: 60
        }
    );
    assert!(
        err.to_string()
            .contains("the network budget has 10:00 used"),
        "{err}"
    );
    assert!(err.to_string().contains("at least 10:00"), "{err}");
    // Dropping a direction with time on it is cutting it to zero.
    let dropped = Terms {
        budget: split(&[("database", 60)]),
        ..p.terms.clone()
    };
    assert!(matches!(
        check_edit(&p, &dropped),
        Err(PackageError::BelowUsed {
            used: 600,
            asked: 0,
            ..
        })
    ));
    // A split package with time on it stays split (its used time would lose its place).
    let pooled = Terms {
        budget: Budget::Shared(6000),
        ..p.terms.clone()
    };
    assert!(matches!(
        check_edit(&p, &pooled),
        Err(PackageError::BudgetReshaped { .. })
    ));
    // More hours, or exactly what is used, is fine.
    let more = Terms {
        budget: split(&[("network", 600), ("database", 0)]),
        ..p.terms.clone()
    };
    assert_eq!(check_edit(&p, &more), Ok(()));
}

#[test]
fn hole_thresholds_ignore_the_direction_budgets() {
    // 10 hours of network and 1 of database; the database hour used up is 9% of the total.
    let p = PackageLedger::new(
        1,
        terms(
            "2026",
            "2026-01-01",
            "2026-12-31",
            split(&[("network", 600), ("database", 60)]),
        ),
    );
    let db = |kind, minutes| Draw {
        package_id: Some(1),
        key: Some(dir("database")),
        kind,
        minutes,
        rate_per_hour: None,
    };
    let crossed = crossings(
        std::slice::from_ref(&p),
        &[db(DrawKind::Base, 60)],
        day("2026-12-30"),
    );
    assert_eq!(
        crossed,
        [
            (1, Some(dir("database")), Crossing::Used(50)),
            (1, Some(dir("database")), Crossing::Used(75)),
            (1, Some(dir("database")), Crossing::Used(90)),
            (1, Some(dir("database")), Crossing::Used(100)),
        ]
    );
    // Each crossing once: after that hour, more database overage crosses nothing new there.
    let mut used = p.clone();
    used.apply(&[db(DrawKind::Base, 60)]);
    assert!(crossings(
        std::slice::from_ref(&used),
        &[db(DrawKind::Overage, 30)],
        day("2026-12-30")
    )
    .iter()
    .all(|(_, k, _)| k.is_none()));
    // "Used %" counts overage as the thresholds do.
    used.apply(&[db(DrawKind::Overage, 600)]);
    assert_eq!(used.spent_total(), 660);
    assert_eq!(
        burn(
            &used.terms,
            used.total(),
            used.spent_total(),
            day("2026-12-30")
        )
        .used_percent,
        100
    );
    // A shared pool (or one direction) has only the package's own thresholds.
    let pool = PackageLedger::new(
        2,
        terms("Pool", "2026-01-01", "2026-12-31", Budget::Shared(60)),
    );
    let d = Draw {
        package_id: Some(2),
        key: None,
        ..db(DrawKind::Base, 60)
    };
    assert!(
        crossings(std::slice::from_ref(&pool), &[d], day("2026-12-30"))
            .iter()
            .all(|(_, k, _)| k.is_none())
    );
}

#[test]
fn hole_messages_that_contradict_themselves() {
    // Only the database budget runs out: the warning names it and what the package still has.
    let p = PackageLedger::new(
        1,
        terms(
            "2026",
            "2026-01-01",
            "2026-12-31",
            split(&[("network", 600), ("database", 60)]),
        ),
    );
    let a = allocate(
        &entry("2026-05-05", "database", 60),
        std::slice::from_ref(&p),
    )
    .unwrap();
    assert_eq!(
        a.warnings,
        [Warning::Exhausts {
            package_id: 1,
            name: "2026".into(),
            key: Some(dir("database")),
            package_left: 600
        }]
    );
    // A day before the package starts: it has not started, it did not "end".
    let a = allocate(
        &entry("2025-12-31", "database", 30),
        std::slice::from_ref(&p),
    )
    .unwrap();
    assert_eq!(
        a.warnings,
        [Warning::NotStarted {
            package_id: 1,
            name: "2026".into(),
            start: day("2026-01-01")
        }]
    );
    let closed = PackageLedger {
        closed: true,
        ..p.clone()
    };
    let a = allocate(&entry("2026-02-01", "database", 30), &[closed]).unwrap();
    assert_eq!(
        a.warnings,
        [Warning::Closed {
            package_id: 1,
            name: "2026".into()
        }]
    );
    // A refusal under the allowance names the budget, what is left and what to do.
    let mut tight = PackageLedger::new(
        3,
        Terms {
            overage: OveragePolicy::AllowUpTo { minutes: 60 },
            ..terms(
                "Q",
                "2026-01-01",
                "2026-12-31",
                split(&[("network", 60), ("database", 60)]),
            )
        },
    );
    tight.apply(&[Draw {
        package_id: Some(3),
        key: Some(dir("network")),
        kind: DrawKind::Base,
        minutes: 60,
        rate_per_hour: None,
    }]);
    let text = allocate(&entry("2026-05-05", "network", 90), &[tight])
        .unwrap_err()
        .to_string();
    assert!(
        text.contains("0:00 of it is used, so 1:00 is left"),
        "{text}"
    );
    assert!(
        text.contains("needs 1:30 beyond the network budget"),
        "{text}"
    );
    assert!(text.contains("ask an account manager"), "{text}");
    // Nothing left: no "log at most 0:00", just what to do.
    let mut empty = PackageLedger::new(
        4,
        terms("Q", "2026-01-01", "2026-12-31", split(&[("network", 60)])),
    );
    empty.apply(&[Draw {
        package_id: Some(4),
        key: Some(dir("network")),
        kind: DrawKind::Base,
        minutes: 60,
        rate_per_hour: None,
    }]);
    let text = allocate(&entry("2026-05-05", "network", 30), &[empty])
        .unwrap_err()
        .to_string();
    assert!(
        text.contains("has 0:00 left and this entry bills 0:30"),
        "{text}"
    );
    assert!(text.contains("To log it, ask an account manager"), "{text}");
    assert!(!text.contains("at most"), "{text}");
}

#[test]
fn hole_time_is_logged_for_tomorrow() {
    let today = day("2026-11-23");
    assert_eq!(check_work_day(today, today), Ok(()));
    assert_eq!(check_work_day(day("2025-01-01"), today), Ok(()));
    let err = check_work_day(day("2026-11-24"), today).unwrap_err();
    assert_eq!(
        err,
        LedgerError::FutureDay {
            day: day("2026-11-24"),
            today
        }
    );
    assert!(err.to_string().contains("today or earlier"), "{err}");
}

#[test]
fn hole_the_forecast_runs_out_after_the_package_ends() {
    let today = day("2026-11-23");
    // 600 left at 10 a day is 60 days: after a year-end end, the hours last the period.
    assert_eq!(runs_out_on(today, day("2026-12-31"), 600, 300), None);
    assert_eq!(
        runs_out_on(today, day("2027-01-22"), 600, 300),
        Some(day("2027-01-22"))
    );
}

// --- the ledger's invariants over random sequences of what people do -----------------------

#[derive(Debug, Clone)]
enum Act {
    Log {
        offset: i32,
        network: bool,
        actual: Minutes,
        billable: bool,
    },
    Approve {
        entry: usize,
    },
    Adjust {
        entry: usize,
        minutes: Minutes,
    },
    Edit {
        entry: usize,
        actual: Minutes,
    },
    Renew {
        package: usize,
    },
    EditBudget {
        package: usize,
        delta: Minutes,
    },
}

fn arb_acts() -> impl Strategy<Value = Vec<Act>> {
    let act = prop_oneof![
        4 => (0i32..70, any::<bool>(), 1i64..=600, any::<bool>())
            .prop_map(|(offset, network, actual, billable)| Act::Log { offset, network, actual, billable }),
        2 => (0usize..64).prop_map(|entry| Act::Approve { entry }),
        3 => (0usize..64, -700i64..300).prop_map(|(entry, minutes)| Act::Adjust { entry, minutes }),
        1 => (0usize..64, 1i64..=600).prop_map(|(entry, actual)| Act::Edit { entry, actual }),
        1 => (0usize..8).prop_map(|package| Act::Renew { package }),
        1 => (0usize..8, -600i64..600).prop_map(|(package, delta)| Act::EditBudget { package, delta }),
    ];
    prop::collection::vec(act, 1..80)
}

/// An entry of the model: its day and direction, state, and the parts that make it (the entry
/// itself first, then each correction) as `(actual, draws)`.
#[derive(Debug, Clone)]
struct ModelEntry {
    draft: EntryDraft,
    state: EntryState,
    parts: Vec<(Minutes, Vec<Draw>)>,
}

impl ModelEntry {
    fn balance(&self) -> EntryBalance {
        EntryBalance::of(self.parts.iter().map(|(a, d)| (*a, d.as_slice())))
    }
}

fn negate(draws: &[Draw]) -> Vec<Draw> {
    draws
        .iter()
        .map(|d| Draw {
            minutes: -d.minutes,
            ..d.clone()
        })
        .collect()
}

fn apply_all(packages: &mut [PackageLedger], draws: &[Draw]) {
    for p in packages {
        p.apply(draws);
    }
}

fn check_ledger(packages: &[PackageLedger], entries: &[ModelEntry]) -> Result<(), TestCaseError> {
    for p in packages {
        prop_assert_eq!(p.check_invariants(), Ok(()));
        match p.terms.overage {
            OveragePolicy::Block => prop_assert_eq!(p.overage_used, 0),
            OveragePolicy::AllowUpTo { minutes } => prop_assert!(p.overage_used <= minutes),
            OveragePolicy::Bill { .. } => {}
        }
        prop_assert!(p.left_total(p.terms.start) <= p.total());
        // The package's balances are exactly the sum of the entries' draws.
        let mut from_entries = PackageLedger {
            used: BTreeMap::new(),
            overage_used: 0,
            ..p.clone()
        };
        for e in entries {
            for (_, draws) in &e.parts {
                from_entries.apply(draws);
            }
        }
        let nonzero = |l: &PackageLedger| {
            l.used
                .iter()
                .filter(|(_, b)| **b != Balance::default())
                .map(|(k, b)| (k.clone(), b.clone()))
                .collect::<Vec<_>>()
        };
        prop_assert_eq!(nonzero(&from_entries), nonzero(p));
        prop_assert_eq!(from_entries.overage_used, p.overage_used);
    }
    for e in entries {
        let b = e.balance();
        prop_assert_eq!(b.check_invariants(), Ok(()));
        // covered + overage = billable for every part.
        for (_, draws) in &e.parts {
            let covered: Minutes = draws
                .iter()
                .filter(|d| d.is_covered())
                .map(|d| d.minutes)
                .sum();
            let overage: Minutes = draws
                .iter()
                .filter(|d| !d.is_covered())
                .map(|d| d.minutes)
                .sum();
            prop_assert_eq!(
                covered + overage,
                draws.iter().map(|d| d.minutes).sum::<Minutes>()
            );
        }
    }
    Ok(())
}

proptest! {
    #[test]
    fn the_ledger_holds_over_logs_adjustments_approvals_renewals_and_edits(
        mut packages in arb_packages(),
        acts in arb_acts(),
    ) {
        let mut entries: Vec<ModelEntry> = Vec::new();
        for act in acts {
            match act {
                Act::Log { offset, network, actual, billable } => {
                    let draft = EntryDraft {
                        work_date: day("2026-01-01").plus_days(offset),
                        direction: dir(if network { "network" } else { "software" }),
                        actual,
                        work_type: "remote".into(),
                        billable,
                    };
                    if let Ok(a) = allocate(&draft, &packages) {
                        prop_assert_eq!(a.covered() + a.overage(), a.billable);
                        apply_all(&mut packages, &a.draws);
                        entries.push(ModelEntry { draft, state: EntryState::Draft, parts: vec![(actual, a.draws)] });
                    }
                }
                Act::Approve { entry } => {
                    if let Some(e) = entries.get_mut(entry) {
                        if e.state.can_move_to(EntryState::Approved) {
                            e.state = EntryState::Approved;
                        }
                    }
                }
                Act::Adjust { entry, minutes } => {
                    let Some(e) = entries.get_mut(entry) else { continue };
                    if e.state.editable() || minutes == 0 {
                        continue;
                    }
                    if minutes < 0 {
                        let before = e.balance();
                        match take_back(&before, -minutes) {
                            Ok(c) => {
                                prop_assert!(-minutes <= before.billable().max(before.actual));
                                prop_assert_eq!(c.billable, c.draws.iter().map(|d| d.minutes).sum::<Minutes>());
                                apply_all(&mut packages, &c.draws);
                                e.parts.push((c.actual, c.draws));
                            }
                            Err(_) => prop_assert!(-minutes > before.billable().max(before.actual)),
                        }
                    } else {
                        let draft = EntryDraft { actual: minutes, ..e.draft.clone() };
                        if let Ok(a) = allocate(&draft, &packages) {
                            apply_all(&mut packages, &a.draws);
                            e.parts.push((minutes, a.draws));
                        }
                    }
                }
                Act::Edit { entry, actual } => {
                    let Some(e) = entries.get_mut(entry) else { continue };
                    if !e.state.editable() {
                        continue;
                    }
                    let back = negate(&e.parts[0].1);
                    let mut without = packages.clone();
                    apply_all(&mut without, &back);
                    let draft = EntryDraft { actual, ..e.draft.clone() };
                    if let Ok(a) = allocate(&draft, &without) {
                        apply_all(&mut without, &a.draws);
                        packages = without;
                        e.draft = draft;
                        e.parts[0] = (actual, a.draws);
                    }
                }
                Act::Renew { package } => {
                    let Some(p) = packages.get(package % packages.len()).cloned() else { continue };
                    if check_renewal(&p, &packages).is_err() {
                        continue;
                    }
                    let (terms, rolled, until) = renew(&p);
                    let next = PackageLedger {
                        rolled,
                        rolled_until: until,
                        renewed_from: Some(p.id),
                        ..PackageLedger::new(packages.iter().map(|p| p.id).max().unwrap_or(0) + 1, terms)
                    };
                    packages.push(next);
                    // The second renewal is refused.
                    let again = matches!(check_renewal(&p, &packages), Err(PackageError::AlreadyRenewed { .. }));
                    prop_assert!(again, "a second renewal is refused");
                }
                Act::EditBudget { package, delta } => {
                    let i = package % packages.len();
                    let p = &packages[i];
                    let budget = match &p.terms.budget {
                        Budget::Shared(m) => Budget::Shared((m + delta).max(0)),
                        Budget::PerDirection(map) => Budget::PerDirection(
                            map.iter().map(|(d, m)| (d.clone(), (m + delta).max(0))).collect(),
                        ),
                    };
                    let new = Terms { budget, ..p.terms.clone() };
                    if check_edit(p, &new).is_ok() {
                        packages[i].terms = new;
                    }
                }
            }
            check_ledger(&packages, &entries)?;
        }
    }
}

/// Hours, allowances and rates past the bounds are refused with what to fix, each in its field.
#[test]
fn terms_past_the_bounds_say_what_to_fix() {
    let base = || unchecked_terms("Support", "2026-01-01", "2026-12-31", Budget::Shared(60));
    let check = |change: &dyn Fn(&mut Terms), field: &str, says: &str| {
        let mut t = base();
        change(&mut t);
        match t.check() {
            Err(TermsError::Invalid { field: f, message }) => {
                assert_eq!(f, field, "{message}");
                assert!(message.english().contains(says), "{message}");
            }
            Ok(_) => panic!("accepted, expected a refusal on {field}"),
        }
    };
    let max = MAX_PACKAGE_MINUTES;
    check(
        &|t| t.budget = Budget::Shared(max + 1),
        "budget",
        "at most 100000 hours",
    );
    check(
        &|t| t.budget = Budget::Shared(i64::MAX),
        "budget",
        "check the hours typed",
    );
    check(
        &|t| t.budget = split(&[("network", i64::MAX), ("software", i64::MAX)]),
        "budget",
        "at most 100000 hours",
    );
    check(
        &|t| t.budget = split(&[("network", max), ("software", 1)]),
        "budget",
        "at most",
    );
    check(
        &|t| t.budget = Budget::Shared(i64::MIN),
        "budget",
        "negative",
    );
    check(
        &|t| t.overage = OveragePolicy::AllowUpTo { minutes: max + 1 },
        "overage",
        "at most 100000 hours over",
    );
    check(
        &|t| {
            t.overage = OveragePolicy::Bill {
                rate_per_hour: MAX_RATE_PER_HOUR + 1,
            }
        },
        "overage",
        "rate is at most",
    );
    check(
        &|t| t.rollover = RolloverPolicy::UpToMinutes { minutes: i64::MAX },
        "rollover",
        "at most 100000 hours",
    );
    // The bounds themselves are allowed.
    let mut t = base();
    t.budget = split(&[("network", max - 60), ("software", 60)]);
    t.overage = OveragePolicy::Bill {
        rate_per_hour: MAX_RATE_PER_HOUR,
    };
    t.rollover = RolloverPolicy::UpToMinutes { minutes: max };
    assert!(t.check().is_ok());
    assert_eq!(hm(i64::MIN), "-153722867280912930:08");
}

proptest! {
    /// No number anyone can type makes the terms' check, the billable minutes or the words
    /// for a duration panic (an overflow panics in the debug build and wraps in release).
    #[test]
    fn no_terms_or_entry_panics(
        shared in any::<bool>(),
        a in any::<i64>(),
        b in any::<i64>(),
        rounding in any::<i64>(),
        minimum in any::<i64>(),
        allowance in any::<i64>(),
        rate in any::<i64>(),
        percent in any::<u32>(),
        actual in any::<i64>(),
    ) {
        let budget = if shared { Budget::Shared(a) } else { split(&[("network", a), ("software", b)]) };
        let _ = budget.total();
        let mut multipliers = default_multipliers();
        multipliers.insert("odd".into(), percent);
        let checked = Terms {
            name: "Support".into(),
            start: day("2026-01-01"),
            end: day("2026-12-31"),
            budget,
            stack_order: 0,
            rounding,
            minimum,
            multipliers,
            overage: if rate % 2 == 0 {
                OveragePolicy::Bill { rate_per_hour: rate }
            } else {
                OveragePolicy::AllowUpTo { minutes: allowance }
            },
            rollover: RolloverPolicy::UpToMinutes { minutes: allowance },
            rollover_expires_days: None,
            thresholds: DEFAULT_THRESHOLDS.to_vec(),
            burn_margin: 10,
        }
        .check();
        let _ = hm(a);
        if let Ok(t) = checked {
            prop_assert!(t.budget.total() <= MAX_PACKAGE_MINUTES);
            for kind in ["remote", "on_site", "after_hours", "odd"] {
                let _ = t.billable(actual, kind);
                let _ = t.billable(actual.rem_euclid(MAX_ENTRY_MINUTES) + 1, kind);
            }
        }
    }
}
