//! The monitoring channel's rule: what one poll of an alert source means for each alert
//! fingerprint the desk already knows (one fingerprint = one ticket).
//!
//! The poll itself, and the rule for "gone" (absent from a successful poll, outside the
//! restart grace), live in `sb_intake::alerts`; the app layer hands this module the outcome as
//! a [`Poll`], and this module decides the [`AlertAction`]s. Applying the same poll twice is
//! the same as applying it once: the second time every action is [`AlertAction::Unchanged`].

use std::collections::{BTreeMap, BTreeSet};

crate::ticket::vocabulary!(
    /// Whether an alert's ticket is following a firing alert or a resolved one.
    AlertRowState, "alert state", { Firing => "firing", Resolved => "resolved" }
);

/// What the desk remembers about one fingerprint (one row per source and fingerprint).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownAlert {
    pub fingerprint: String,
    pub state: AlertRowState,
    /// Alertmanager's `updatedAt` and `endsAt` when the desk last counted the alert.
    pub updated_at: i64,
    pub ends_at: i64,
    /// Whether it was last seen under the source's current label filter; an alert fetched
    /// under an older filter is not judged by its absence (see `sb_intake::alerts`, rule 5).
    pub under_current_filter: bool,
    /// Whether the Alertmanager answering now is the one that told the desk about it (its
    /// `updatedAt` is after that Alertmanager started): then its absence cannot be a restart's
    /// loss of memory, and is trusted even during the restart grace.
    pub seen_by_this_instance: bool,
}

/// One alert a successful poll lists as firing (its `endsAt` still ahead).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FiringAlert {
    pub fingerprint: String,
    pub updated_at: i64,
    pub ends_at: i64,
}

/// What a successful poll says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Poll {
    pub firing: Vec<FiringAlert>,
    /// The fingerprints `sb_intake::alerts::resolved_fingerprints` found resolved.
    pub resolved: BTreeSet<String>,
    /// `sb_intake::alerts::can_trust_absence`: false during Alertmanager's restart grace.
    pub absence_trusted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AlertAction {
    /// A fingerprint never seen: open a ticket.
    Open(FiringAlert),
    /// Still firing and Alertmanager got it again (`updatedAt` or `endsAt` moved): count it.
    Repeat(FiringAlert),
    /// Firing again after it was resolved: reopen the ticket (with a note) and count it.
    Reopen(FiringAlert),
    /// Gone from a trusted poll: resolve the ticket with a note.
    Resolve { fingerprint: String },
    /// Nothing to do.
    Unchanged { fingerprint: String },
}

impl AlertAction {
    pub fn fingerprint(&self) -> &str {
        match self {
            AlertAction::Open(a) | AlertAction::Repeat(a) | AlertAction::Reopen(a) => {
                &a.fingerprint
            }
            AlertAction::Resolve { fingerprint } | AlertAction::Unchanged { fingerprint } => {
                fingerprint
            }
        }
    }
}

/// The actions one successful poll calls for, one per fingerprint involved, by fingerprint.
pub fn plan_poll(known: &[KnownAlert], poll: &Poll) -> Vec<AlertAction> {
    let known: BTreeMap<&str, &KnownAlert> =
        known.iter().map(|k| (k.fingerprint.as_str(), k)).collect();
    let mut actions: BTreeMap<String, AlertAction> = BTreeMap::new();
    for a in &poll.firing {
        let action = match known.get(a.fingerprint.as_str()) {
            None => AlertAction::Open(a.clone()),
            Some(k) if k.state == AlertRowState::Resolved => AlertAction::Reopen(a.clone()),
            Some(k) if k.updated_at != a.updated_at || k.ends_at != a.ends_at => {
                AlertAction::Repeat(a.clone())
            }
            Some(_) => AlertAction::Unchanged {
                fingerprint: a.fingerprint.clone(),
            },
        };
        actions.insert(a.fingerprint.clone(), action);
    }
    for k in known.values() {
        let listed = actions.contains_key(&k.fingerprint);
        let trusted = poll.absence_trusted || k.seen_by_this_instance;
        {
            if !listed
                && trusted
                && k.state == AlertRowState::Firing
                && k.under_current_filter
                && poll.resolved.contains(&k.fingerprint)
            {
                actions.insert(
                    k.fingerprint.clone(),
                    AlertAction::Resolve {
                        fingerprint: k.fingerprint.clone(),
                    },
                );
            }
        }
    }
    actions.into_values().collect()
}

/// What an action makes of the desk's memory (the store does the same in SQL); for tests and
/// for anyone who wants to simulate a run of polls.
pub fn apply_actions(known: &mut BTreeMap<String, (KnownAlert, i64)>, actions: &[AlertAction]) {
    for action in actions {
        match action {
            AlertAction::Open(a) => {
                known.insert(
                    a.fingerprint.clone(),
                    (
                        KnownAlert {
                            fingerprint: a.fingerprint.clone(),
                            state: AlertRowState::Firing,
                            updated_at: a.updated_at,
                            ends_at: a.ends_at,
                            under_current_filter: true,
                            seen_by_this_instance: true,
                        },
                        0,
                    ),
                );
            }
            AlertAction::Repeat(a) | AlertAction::Reopen(a) => {
                if let Some((k, count)) = known.get_mut(&a.fingerprint) {
                    k.state = AlertRowState::Firing;
                    k.updated_at = a.updated_at;
                    k.ends_at = a.ends_at;
                    *count += 1;
                }
            }
            AlertAction::Resolve { fingerprint } => {
                if let Some((k, _)) = known.get_mut(fingerprint) {
                    k.state = AlertRowState::Resolved;
                }
            }
            AlertAction::Unchanged { .. } => {}
        }
    }
}

/// The internal note written when monitoring resolves a ticket, as a message each reader
/// words.
pub fn resolution_note(fingerprint: &str, source: &str) -> sb_i18n::Msg {
    sb_i18n::msg!(
        "monitoring-resolved-note",
        fingerprint = fingerprint,
        source = source
    )
}

/// The internal note written when the same alert fires again after it was resolved.
pub fn refire_note(fingerprint: &str, source: &str) -> sb_i18n::Msg {
    sb_i18n::msg!(
        "monitoring-refired-note",
        fingerprint = fingerprint,
        source = source
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use AlertRowState::*;

    fn firing(fp: &str, updated: i64, ends: i64) -> FiringAlert {
        FiringAlert {
            fingerprint: fp.into(),
            updated_at: updated,
            ends_at: ends,
        }
    }

    fn known(fp: &str, state: AlertRowState, updated: i64, ends: i64) -> KnownAlert {
        KnownAlert {
            fingerprint: fp.into(),
            state,
            updated_at: updated,
            ends_at: ends,
            under_current_filter: true,
            seen_by_this_instance: false,
        }
    }

    fn check(known: &[KnownAlert], poll: Poll, expected: &[AlertAction]) {
        assert_eq!(plan_poll(known, &poll), expected, "{known:?} {poll:?}");
    }

    #[test]
    fn each_fingerprint_gets_one_action() {
        let gone = |fps: &[&str], trusted| Poll {
            firing: vec![],
            resolved: fps.iter().map(|f| f.to_string()).collect(),
            absence_trusted: trusted,
        };
        let unchanged = |fp: &str| AlertAction::Unchanged {
            fingerprint: fp.into(),
        };
        let resolve = |fp: &str| AlertAction::Resolve {
            fingerprint: fp.into(),
        };
        let listed = |a: FiringAlert| Poll {
            firing: vec![a],
            resolved: BTreeSet::new(),
            absence_trusted: true,
        };
        // new firing -> open
        check(
            &[],
            listed(firing("a", 10, 20)),
            &[AlertAction::Open(firing("a", 10, 20))],
        );
        // listed again, nothing moved -> unchanged (no comment, no count)
        check(
            &[known("a", Firing, 10, 20)],
            listed(firing("a", 10, 20)),
            &[unchanged("a")],
        );
        // updatedAt moved -> repeat
        check(
            &[known("a", Firing, 10, 20)],
            listed(firing("a", 15, 20)),
            &[AlertAction::Repeat(firing("a", 15, 20))],
        );
        // endsAt moved -> repeat
        check(
            &[known("a", Firing, 10, 20)],
            listed(firing("a", 10, 25)),
            &[AlertAction::Repeat(firing("a", 10, 25))],
        );
        // gone from a trusted poll -> resolve
        check(
            &[known("a", Firing, 10, 20)],
            gone(&["a"], true),
            &[resolve("a")],
        );
        // gone during the restart grace -> nothing
        check(&[known("a", Firing, 10, 20)], gone(&["a"], false), &[]);
        // gone during the grace, but this very Alertmanager had it -> resolve
        let mut here = known("a", Firing, 10, 20);
        here.seen_by_this_instance = true;
        check(&[here], gone(&["a"], false), &[resolve("a")]);
        // gone, but it was fetched under an older filter -> nothing
        let mut old = known("a", Firing, 10, 20);
        old.under_current_filter = false;
        check(&[old], gone(&["a"], true), &[]);
        // already resolved and still gone -> nothing
        check(&[known("a", Resolved, 10, 20)], gone(&["a"], true), &[]);
        // firing again after resolution -> reopen
        check(
            &[known("a", Resolved, 10, 20)],
            listed(firing("a", 30, 40)),
            &[AlertAction::Reopen(firing("a", 30, 40))],
        );
        // several at once, in fingerprint order
        check(
            &[known("b", Firing, 1, 2), known("c", Firing, 1, 2)],
            Poll {
                firing: vec![firing("c", 1, 2), firing("a", 1, 2)],
                resolved: BTreeSet::from(["b".to_string()]),
                absence_trusted: true,
            },
            &[
                AlertAction::Open(firing("a", 1, 2)),
                resolve("b"),
                unchanged("c"),
            ],
        );
    }

    fn fp() -> impl Strategy<Value = String> {
        prop::sample::select(vec!["a", "b", "c", "d"]).prop_map(str::to_string)
    }

    fn poll() -> impl Strategy<Value = Poll> {
        (
            prop::collection::btree_map(fp(), (0i64..3, 0i64..3), 0..4),
            prop::collection::btree_set(fp(), 0..4),
            any::<bool>(),
        )
            .prop_map(|(firing, gone, trusted)| Poll {
                resolved: gone
                    .into_iter()
                    .filter(|g| !firing.contains_key(g))
                    .collect(),
                firing: firing
                    .into_iter()
                    .map(|(f, (u, e))| firing_alert(f, u, e))
                    .collect(),
                absence_trusted: trusted,
            })
    }

    fn firing_alert(fingerprint: String, updated_at: i64, ends_at: i64) -> FiringAlert {
        FiringAlert {
            fingerprint,
            updated_at,
            ends_at,
        }
    }

    fn run(state: &mut BTreeMap<String, (KnownAlert, i64)>, poll: &Poll) {
        let known: Vec<KnownAlert> = state.values().map(|(k, _)| k.clone()).collect();
        let actions = plan_poll(&known, poll);
        apply_actions(state, &actions);
    }

    proptest! {
        #[test]
        fn the_same_poll_twice_is_the_same_poll_once(history in prop::collection::vec(poll(), 0..6), last in poll()) {
            let mut state = BTreeMap::new();
            for p in &history {
                run(&mut state, p);
            }
            run(&mut state, &last);
            let once = state.clone();
            run(&mut state, &last);
            prop_assert_eq!(state, once);
        }

        #[test]
        fn repeats_count_only_moves(u in 0i64..5, e in 0i64..5, polls in 1usize..5) {
            let mut state = BTreeMap::new();
            for _ in 0..polls {
                run(&mut state, &Poll { firing: vec![firing_alert("a".into(), u, e)], ..Poll::default() });
            }
            prop_assert_eq!(state["a"].1, 0);
        }
    }
}
