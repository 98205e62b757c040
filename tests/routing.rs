//! Routing through `sb_app::App` on both databases: rules kept in order and edited only by
//! account managers and admins, a ticket from the window, from email and from monitoring
//! routed as it arrives (line, queue, assignee, priority, tags, the decision on the card),
//! round-robin turns kept between tickets, routing on demand, and a dry run.

use std::collections::BTreeMap;
use std::path::Path;

use sb_app::{
    AlertMappingDto, AlertSourceInput, AssignKind, ClientInput, ContactInput, DraftRuleInput,
    DryRunInput, ErrorCode, HoursConditionDto, RuleInput, TicketInput,
};
use sb_domain::{Channel, Level, Line, Priority, Role};
use sb_intake::alerts::{Alert, AlertState, AlertmanagerStatus};

on_both_databases!(
    rules_route_tickets_from_every_channel,
    rules_mean_what_they_say_and_the_dry_run_tells_the_truth
);

use crate::util::desk as open;

fn rule(name: &str) -> RuleInput {
    RuleInput {
        name: name.into(),
        enabled: true,
        client_ids: vec![],
        directions: vec![],
        priorities: vec![],
        channels: vec![],
        keywords: vec![],
        hours: HoursConditionDto::Any,
        line: None,
        queue: None,
        assign: AssignKind::Nobody,
        assign_users: vec![],
        priority: None,
        tags: vec![],
        vendor_id: None,
    }
}

fn ticket(client_id: i64, direction: &str, subject: &str) -> TicketInput {
    TicketInput {
        client_id,
        direction: direction.into(),
        subject: subject.into(),
        description: String::new(),
        impact: Level::Medium,
        urgency: Level::Medium,
        channel: Channel::Phone,
        contact_id: None,
    }
}

async fn rules_route_tickets_from_every_channel(db: String, dir: &Path) {
    let am = open(&db, &dir.join("am"), "Mira", Role::AccountManager).await;
    let eng = open(&db, &dir.join("eng"), "Egor", Role::Engineer).await;
    let anna = open(&db, &dir.join("anna"), "Anna", Role::Engineer).await;
    let (egor_id, anna_id) = (
        eng.setup_state().await.unwrap().profile.unwrap().id,
        anna.setup_state().await.unwrap().profile.unwrap().id,
    );
    let client = am
        .create_client(ClientInput {
            language: None,
            code: "NORD".into(),
            name: "Nord".into(),
            notes: None,
            contacts: vec![ContactInput {
                name: "Pavel".into(),
                email: Some("pavel@nord.example".into()),
                phone: None,
            }],
        })
        .await
        .unwrap()
        .id;

    // No rules: a ticket stays where it was made.
    let plain = am
        .create_ticket(ticket(client, "network", "Printer"))
        .await
        .unwrap();
    assert!(am
        .ticket_routing(plain.id)
        .await
        .unwrap()
        .decision
        .is_none());

    // Rules are the account manager's; a bad rule says what to fix.
    assert_eq!(
        eng.create_rule(rule("Mine")).await.unwrap_err().code,
        ErrorCode::NotAllowed
    );
    assert_eq!(
        am.create_rule(rule("Does nothing"))
            .await
            .unwrap_err()
            .field
            .as_deref(),
        Some("actions")
    );
    let mut db_rule = rule("Databases to L3");
    db_rule.directions = vec!["database".into()];
    db_rule.line = Some(Line::L3);
    db_rule.priority = Some(Priority::P2);
    db_rule.tags = vec!["DBA".into()];
    let db_rule = am.create_rule(db_rule).await.unwrap();
    let mut vpn = rule("VPN to the network team");
    vpn.keywords = vec!["vpn".into()];
    vpn.queue = Some("Network team".into());
    vpn.assign = AssignKind::RoundRobin;
    vpn.assign_users = vec![egor_id, anna_id];
    let vpn = am.create_rule(vpn).await.unwrap();
    assert_eq!(
        vpn.summary,
        "mentions vpn -> queue Network team, round-robin over Egor, Anna in turn"
    );
    // Nor may an engineer change, reorder or remove them.
    assert_eq!(
        eng.update_rule(vpn.id, rule("Mine"))
            .await
            .unwrap_err()
            .code,
        ErrorCode::NotAllowed
    );
    assert_eq!(
        eng.order_rules(vec![vpn.id, db_rule.id])
            .await
            .unwrap_err()
            .code,
        ErrorCode::NotAllowed
    );
    assert_eq!(
        eng.delete_rule(vpn.id).await.unwrap_err().code,
        ErrorCode::NotAllowed
    );

    // From the window: routed as it arrives, with the reasons on the card.
    let t = eng
        .create_ticket(ticket(client, "database", "Replica lag"))
        .await
        .unwrap();
    assert_eq!((t.line, t.priority), (Line::L3, Priority::P2));
    let r = eng.ticket_routing(t.id).await.unwrap();
    assert_eq!(r.tags, ["dba"]);
    let d = r.decision.unwrap();
    assert_eq!(d.rule_name, "Databases to L3");
    assert_eq!(d.why, ["direction is database"]);
    assert!(d.did.contains("line L3"), "{}", d.did);

    // Round-robin: turns alternate between tickets.
    let mut who = Vec::new();
    for i in 0..4 {
        let t = eng
            .create_ticket(ticket(client, "network", &format!("VPN drops {i}")))
            .await
            .unwrap();
        assert_eq!(
            eng.ticket_routing(t.id).await.unwrap().queue.as_deref(),
            Some("Network team")
        );
        who.push(t.assignee_id.unwrap());
        if i == 0 {
            // The card names the person, in the decision and in the history.
            let d = eng.ticket_routing(t.id).await.unwrap().decision.unwrap();
            assert!(d.did.contains("assigned to Egor"), "{}", d.did);
            let card = eng.card(t.id).await.unwrap();
            assert!(
                card.audit
                    .iter()
                    .any(|a| a.field == "assignee" && a.new_value.as_deref() == Some("Egor")),
                "{:?}",
                card.audit
            );
        }
    }
    assert_eq!(who, [egor_id, anna_id, egor_id, anna_id]);

    // From email: the rule reads the message's subject.
    let mail = b"From: Pavel <pavel@nord.example>\r\nTo: desk@provider.example\r\nSubject: VPN is down again\r\nMessage-ID: <r1@nord.example>\r\n\r\nSince 9:00.\r\n".to_vec();
    let mb = am
        .create_mailbox(sb_app::MailboxInput {
            name: "Support".into(),
            imap_host: "127.0.0.1".into(),
            imap_port: 1,
            imap_security: sb_app::MailSecurity::Plain,
            imap_user: "desk".into(),
            imap_password: Some("x".into()),
            imap_folder: None,
            smtp_host: "127.0.0.1".into(),
            smtp_port: 1,
            smtp_security: sb_app::MailSecurity::Plain,
            smtp_user: None,
            smtp_password: None,
            from_address: "desk@provider.example".into(),
            direction: Some("network".into()),
            poll_seconds: 60,
            enabled: false,
        })
        .await
        .unwrap();
    let report = am.import_mail(mb.id, &[mail]).await.unwrap();
    assert_eq!(report.tickets, 1);
    let queue = am
        .queue(sb_app::QueueQuery::default())
        .await
        .unwrap()
        .rows
        .into_iter()
        .find(|r| r.subject == "VPN is down again")
        .unwrap();
    let routed = am.ticket_routing(queue.id).await.unwrap();
    assert_eq!(
        routed.decision.unwrap().rule_name,
        "VPN to the network team"
    );
    assert_eq!(
        am.ticket(queue.id).await.unwrap().assignee_id,
        Some(egor_id),
        "the turn went on"
    );

    // The queue view filters by the queue the rule gave.
    let in_queue = am
        .queue(sb_app::QueueQuery {
            queue: Some("Network team".into()),
            ..Default::default()
        })
        .await
        .unwrap()
        .rows;
    assert_eq!(in_queue.len(), 5, "four from the window, one by email");
    assert_eq!(am.queues().await.unwrap(), ["Network team"]);

    // From monitoring: a database alert goes to L3.
    let source = am
        .create_alert_source(AlertSourceInput {
            name: "Prod".into(),
            base_url: "http://127.0.0.1:9".into(),
            filter: vec![],
            mapping: AlertMappingDto {
                default_direction: Some("database".into()),
                ..Default::default()
            },
            poll_seconds: 60,
            enabled: false,
        })
        .await
        .unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let alert = Alert {
        fingerprint: "f1".into(),
        labels: BTreeMap::from([
            ("alertname".into(), "PgReplicaLag".into()),
            ("customer".into(), "NORD".into()),
        ]),
        annotations: BTreeMap::new(),
        starts_at: now - 60_000,
        ends_at: now + 300_000,
        updated_at: now - 1_000,
        state: AlertState::Active,
        generator_url: None,
    };
    let status = AlertmanagerStatus {
        version: "test".into(),
        started_at: now - 3_600_000,
    };
    let polled = am
        .ingest_alerts(source.id, &status, &[alert])
        .await
        .unwrap();
    assert_eq!(
        polled.opened,
        1,
        "{polled:?} {:?}",
        am.unmatched_alerts().await
    );
    let alert_ticket = am
        .queue(sb_app::QueueQuery::default())
        .await
        .unwrap()
        .rows
        .into_iter()
        .find(|r| r.subject.contains("PgReplicaLag"))
        .unwrap_or_else(|| panic!("no ticket for the alert"));
    assert_eq!(am.ticket(alert_ticket.id).await.unwrap().line, Line::L3);

    // On demand: the plain ticket from before the rules is routed now.
    let mut everything = rule("Everything else to L2");
    everything.line = Some(Line::L2);
    am.create_rule(everything).await.unwrap();
    let now_routed = eng.route_ticket(plain.id).await.unwrap();
    assert_eq!(
        now_routed.decision.unwrap().why,
        ["the rule takes every ticket"]
    );
    assert_eq!(eng.ticket(plain.id).await.unwrap().line, Line::L2);

    // Order: the catch-all first would take everything; a dry run shows what would change.
    let rules = am.routing_rules().await.unwrap();
    let newest = am.store().newest_tickets(50).await.unwrap();
    let mut before = Vec::new();
    for t in &newest {
        before.push((
            am.ticket(t.id).await.unwrap(),
            am.ticket_routing(t.id).await.unwrap(),
        ));
    }
    let mut draft: Vec<DraftRuleInput> = rules
        .iter()
        .map(|r| DraftRuleInput {
            id: Some(r.id),
            rule: r.rule.clone(),
        })
        .collect();
    draft.rotate_right(1);
    let run = am
        .dry_run_rules(DryRunInput {
            rules: draft,
            limit: 50,
        })
        .await
        .unwrap();
    assert!(run.changed > 0, "{run:?}");
    let changed_vpn = run
        .rows
        .iter()
        .find(|r| r.subject == "VPN drops 3")
        .unwrap();
    assert!(changed_vpn.changed);
    assert!(changed_vpn
        .draft
        .as_deref()
        .unwrap()
        .starts_with("Everything else to L2"));
    assert!(
        changed_vpn.current.starts_with("VPN to the network team"),
        "{}",
        changed_vpn.current
    );
    // ... and writes nothing: not the rules, not a ticket, not what routed it.
    assert_eq!(am.routing_rules().await.unwrap(), rules);
    for (t, (ticket, routing)) in newest.iter().zip(&before) {
        assert_eq!(&am.ticket(t.id).await.unwrap(), ticket);
        assert_eq!(&am.ticket_routing(t.id).await.unwrap(), routing);
    }
    assert_eq!(
        run.changed,
        run.rows.iter().filter(|r| r.changed).count() as i64
    );
    assert!(run.rows.iter().any(|r| !r.changed), "{run:?}");
    let ids: Vec<i64> = rules.iter().rev().map(|r| r.id).collect();
    let reordered = am.order_rules(ids.clone()).await.unwrap();
    assert_eq!(reordered.iter().map(|r| r.id).collect::<Vec<_>>(), ids);
    // Routing follows the new order: the catch-all, now first, takes the next VPN ticket.
    let next_vpn = eng
        .create_ticket(ticket(client, "network", "VPN drops 4"))
        .await
        .unwrap();
    let why = eng
        .ticket_routing(next_vpn.id)
        .await
        .unwrap()
        .decision
        .unwrap();
    assert_eq!(why.rule_name, "Everything else to L2");
    assert_eq!(
        am.order_rules(vec![db_rule.id])
            .await
            .unwrap_err()
            .field
            .as_deref(),
        Some("ids")
    );
}

/// Issue 13 through `App`: a blank keyword is refused (add, edit, dry run) and nothing is
/// saved; a round-robin goes round in the order its people were given; a rule names its
/// client, people and vendor; a dry run of the very same rules changes nothing and shows
/// each ticket's real assignee; a draft that adds a vendor escalation changes the tickets.
async fn rules_mean_what_they_say_and_the_dry_run_tells_the_truth(db: String, dir: &Path) {
    let am = open(&db, &dir.join("am"), "Mira", Role::AccountManager).await;
    let eng = open(&db, &dir.join("eng"), "Egor", Role::Engineer).await;
    let anna = open(&db, &dir.join("anna"), "Anna", Role::Engineer).await;
    let (egor_id, anna_id) = (
        eng.setup_state().await.unwrap().profile.unwrap().id,
        anna.setup_state().await.unwrap().profile.unwrap().id,
    );
    assert!(egor_id < anna_id);
    let client = am
        .create_client(ClientInput {
            language: None,
            code: "NORD".into(),
            name: "Nord Logistics".into(),
            notes: None,
            contacts: vec![],
        })
        .await
        .unwrap()
        .id;

    // A blank keyword is refused on add; nothing is saved.
    for blank in ["", "   "] {
        let mut printers = rule("Printers");
        printers.keywords = vec![blank.into()];
        printers.queue = Some("Printers".into());
        let e = am.create_rule(printers).await.unwrap_err();
        assert_eq!(
            (e.code, e.field.as_deref()),
            (ErrorCode::InvalidInput, Some("keywords")),
            "{e:?}"
        );
        assert!(e.message.contains("keyword cannot be empty"), "{e:?}");
    }
    assert!(am.routing_rules().await.unwrap().is_empty());

    // Anna first, although Egor's id is lower: the turn follows the order given.
    let mut vpn = rule("VPN");
    vpn.keywords = vec!["vpn".into()];
    vpn.queue = Some("Network team".into());
    vpn.assign = AssignKind::RoundRobin;
    vpn.assign_users = vec![anna_id, egor_id];
    let vpn = am.create_rule(vpn).await.unwrap();
    assert_eq!(vpn.rule.assign_users, [anna_id, egor_id]);
    assert_eq!(
        vpn.summary,
        "mentions vpn -> queue Network team, round-robin over Anna, Egor in turn"
    );
    let mut nord = rule("Nord to L2");
    nord.client_ids = vec![client];
    nord.line = Some(Line::L2);
    let nord = am.create_rule(nord).await.unwrap();
    assert_eq!(nord.summary, "client Nord Logistics -> L2");

    // ... nor may an edit blank a keyword: the rule stays as it was.
    let mut blanked = vpn.rule.clone();
    blanked.keywords = vec![" ".into()];
    assert_eq!(
        am.update_rule(vpn.id, blanked)
            .await
            .unwrap_err()
            .field
            .as_deref(),
        Some("keywords")
    );
    let rules = am.routing_rules().await.unwrap();
    assert_eq!(rules[0], vpn);

    let mut who = Vec::new();
    for i in 0..3 {
        let t = eng
            .create_ticket(ticket(client, "network", &format!("VPN drops {i}")))
            .await
            .unwrap();
        who.push(t.assignee_id.unwrap());
    }
    assert_eq!(who, [anna_id, egor_id, anna_id]);
    let printer = eng
        .create_ticket(ticket(client, "hardware", "Printer jams"))
        .await
        .unwrap();
    assert_eq!(
        eng.ticket_routing(printer.id)
            .await
            .unwrap()
            .decision
            .unwrap()
            .why,
        ["the client is Nord Logistics"]
    );

    // A dry run of the very same rules, with their ids or as they are written: nothing
    // changes, and "now" names the person each ticket really has.
    let same_ids: Vec<DraftRuleInput> = rules
        .iter()
        .map(|r| DraftRuleInput {
            id: Some(r.id),
            rule: r.rule.clone(),
        })
        .collect();
    let same_content: Vec<DraftRuleInput> = rules
        .iter()
        .map(|r| DraftRuleInput {
            id: None,
            rule: r.rule.clone(),
        })
        .collect();
    for draft in [same_ids.clone(), same_content] {
        let run = am
            .dry_run_rules(DryRunInput {
                rules: draft,
                limit: 50,
            })
            .await
            .unwrap();
        assert_eq!((run.changed, run.rows.len()), (0, 4), "{run:#?}");
        for (row, name) in run.rows[1..].iter().zip(["Anna", "Egor", "Anna"]) {
            assert!(
                row.current.contains(&format!("assigned to {name}")),
                "{row:?}"
            );
            assert_eq!(
                row.draft
                    .as_deref()
                    .map(|d| d.contains(&format!("assigned to {name}"))),
                Some(true),
                "{row:?}"
            );
        }
    }

    // A draft that also escalates VPN tickets to a vendor: those three would change.
    let vendor = am
        .create_vendor(sb_app::VendorInput {
            name: "NetCo".into(),
            directions: vec!["network".into()],
            kind: "request_tracker".into(),
            settings: [
                ("base_url", "http://127.0.0.1:9"),
                ("queue", "General"),
                ("correlation_field", "Switchboard"),
            ]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
            sla: vec![],
            contacts: vec![],
            per_minute: 60,
            enabled: true,
            secret: None,
        })
        .await
        .unwrap();
    let mut named = rule("Names the vendor");
    named.enabled = false;
    named.vendor_id = Some(vendor.id);
    let named = am.create_rule(named).await.unwrap();
    assert_eq!(named.summary, "every ticket -> escalate to NetCo");
    am.delete_rule(named.id).await.unwrap();
    let mut escalating = same_ids.clone();
    escalating[0].rule.vendor_id = Some(vendor.id);
    let run = am
        .dry_run_rules(DryRunInput {
            rules: escalating,
            limit: 50,
        })
        .await
        .unwrap();
    assert_eq!(run.changed, 3, "{run:#?}");
    assert!(run.rows[1..]
        .iter()
        .all(|r| r.changed && r.draft.as_deref().unwrap().contains("escalated to NetCo")));
    assert_eq!(
        am.routing_rules().await.unwrap()[0].summary,
        "mentions vpn -> queue Network team, round-robin over Anna, Egor in turn"
    );

    // A blank keyword in a draft is refused too, naming the rule.
    let mut blank_draft = same_ids;
    blank_draft[1].rule.keywords = vec!["  ".into()];
    let e = am
        .dry_run_rules(DryRunInput {
            rules: blank_draft,
            limit: 50,
        })
        .await
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("keywords"));
    assert!(e.message.starts_with("rule 2 (Nord to L2)"), "{e:?}");

    // The order is kept when edited: Egor first now, and the turn goes on from Anna to Egor.
    let mut reordered = vpn.rule.clone();
    reordered.assign_users = vec![egor_id, anna_id];
    let reordered = am.update_rule(vpn.id, reordered).await.unwrap();
    assert_eq!(reordered.rule.assign_users, [egor_id, anna_id]);
    let t = eng
        .create_ticket(ticket(client, "network", "VPN drops 3"))
        .await
        .unwrap();
    assert_eq!(t.assignee_id, Some(egor_id));

    // A rule that raises the priority: a dry run routes on the priority the ticket arrived
    // with (P2), so "any P1" does not take it in the trial while it did not in truth.
    let sever = am
        .create_client(ClientInput {
            language: None,
            code: "SEVER".into(),
            name: "Sever".into(),
            notes: None,
            contacts: vec![],
        })
        .await
        .unwrap()
        .id;
    let mut db_p2 = rule("Databases P2 to L3 as P1");
    db_p2.directions = vec!["database".into()];
    db_p2.priorities = vec![Priority::P2];
    db_p2.priority = Some(Priority::P1);
    db_p2.line = Some(Line::L3);
    am.create_rule(db_p2).await.unwrap();
    let mut any_p1 = rule("Any P1 to L2");
    any_p1.priorities = vec![Priority::P1];
    any_p1.line = Some(Line::L2);
    am.create_rule(any_p1).await.unwrap();
    let lag = eng
        .create_ticket(TicketInput {
            impact: Level::High,
            ..ticket(sever, "database", "Replica lag")
        })
        .await
        .unwrap();
    assert_eq!((lag.priority, lag.line), (Priority::P1, Line::L3));
    let all: Vec<DraftRuleInput> = am
        .routing_rules()
        .await
        .unwrap()
        .into_iter()
        .map(|r| DraftRuleInput {
            id: Some(r.id),
            rule: r.rule,
        })
        .collect();
    let run = am
        .dry_run_rules(DryRunInput {
            rules: all,
            limit: 50,
        })
        .await
        .unwrap();
    assert_eq!(run.changed, 0, "{run:#?}");
    assert!(
        run.rows[0]
            .draft
            .as_deref()
            .unwrap()
            .starts_with("Databases P2"),
        "{:?}",
        run.rows[0]
    );
}
