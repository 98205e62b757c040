//! The demo workspace shows every part of the product (issue 18, item 6): loaded by an engineer
//! (who may keep none of it), it has packages with time logged on them, one past a threshold,
//! SLA calendars and policies, routing rules, and a vendor with a case that has the vendor's
//! reply, and the desk is still the engineer's afterwards. On both backends.

use std::path::Path;

use sb_domain::{Role, Status};

use crate::util::desk as open;

on_both_databases!(the_demo_shows_every_part_and_leaves_the_desk_its_person);

async fn the_demo_shows_every_part_and_leaves_the_desk_its_person(db: String, dir: &Path) {
    let olga = open(&db, &dir.join("olga"), "Olga Engineer", Role::Engineer).await;
    let state = olga.load_demo().await.unwrap();
    let me = state.profile.expect("still signed in");
    assert_eq!(
        me.name, "Olga Engineer",
        "the desk is given back to its person"
    );
    let refused = olga
        .create_package(crate::move_backup::package(1))
        .await
        .unwrap_err();
    assert_eq!(
        refused.code,
        sb_app::ErrorCode::NotAllowed,
        "still an engineer: {refused:?}"
    );

    let portfolio = olga.portfolio().await.unwrap();
    assert_eq!(portfolio.rows.len(), 3, "{portfolio:?}");
    assert!(
        portfolio.rows.iter().all(|r| r.used_minutes > 0),
        "time is logged on every package: {portfolio:?}"
    );
    assert!(
        portfolio.rows.iter().any(|r| r.used_percent >= 75),
        "one package is past its 75 % threshold: {portfolio:?}"
    );
    let policies = olga.sla_policies().await.unwrap();
    assert_eq!(policies.len(), 2);
    assert!(policies.iter().any(|p| p.is_default));
    assert_eq!(olga.routing_rules().await.unwrap().len(), 2);

    let vendors = olga.vendors().await.unwrap();
    assert_eq!(vendors.len(), 1);
    assert!(
        !vendors[0].enabled,
        "no background work tries to reach the demo's vendor"
    );
    let waiting = olga
        .queue(sb_app::QueueQuery {
            statuses: vec![Status::PendingVendor],
            ..Default::default()
        })
        .await
        .unwrap();
    let ticket = waiting.rows.first().expect("a ticket waits for the vendor");
    let bonds = olga.ticket_bonds(ticket.id).await.unwrap();
    assert_eq!(bonds.len(), 1, "{bonds:?}");
    assert_eq!(bonds[0].case_number.as_deref(), Some("48213"));
    let card = olga.card(ticket.id).await.unwrap();
    assert!(
        card.comments
            .iter()
            .any(|c| c.body.contains("cumulative update")),
        "the vendor's reply is on the card: {:?}",
        card.comments
    );
}
