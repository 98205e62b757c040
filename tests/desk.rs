//! What a person's desk tells them on its own (issue 18): a ticket someone else gives them is a
//! notice (a desktop notification and a toast in the window), once, on one of their desks,
//! whichever process made the assignment; the tray counts their open tickets. On both backends,
//! with the assignment made by an `sb` process signed in as the lead.

use std::path::Path;

use sb_app::{App, AssignInput, ClientInput, StatusInput, TicketInput};
use sb_domain::{Channel, Level, Role, Status};

use crate::util::desk as open;
use crate::writers::sb;

on_both_databases!(a_ticket_someone_gives_me_is_told_once_and_counted);

async fn me(app: &App) -> i64 {
    app.setup_state().await.unwrap().profile.unwrap().id
}

async fn a_ticket_someone_gives_me_is_told_once_and_counted(db: String, dir: &Path) {
    let lena = open(&db, &dir.join("lena"), "Lena Orlova", Role::Lead).await;
    let ivan = open(&db, &dir.join("ivan"), "Ivan Sokolov", Role::Engineer).await;
    // Ivan's second desk (his laptop): the same person, another process's view of him.
    let laptop = App::open(sb_app::Paths::in_folder(dir.join("ivan-laptop")), Some(&db))
        .await
        .unwrap();
    laptop.use_profile(me(&ivan).await).await.unwrap();
    let acme = lena
        .create_client(ClientInput {
            language: None,
            code: "ACME".into(),
            name: "Acme".into(),
            notes: None,
            contacts: vec![],
        })
        .await
        .unwrap()
        .id;
    let ticket = |subject: &str| TicketInput {
        client_id: acme,
        direction: "network".into(),
        subject: subject.into(),
        description: String::new(),
        impact: Level::Medium,
        urgency: Level::Medium,
        channel: Channel::Phone,
        contact_id: None,
    };
    let vpn = lena
        .create_ticket(ticket("VPN down in Riga"))
        .await
        .unwrap();
    let mine = ivan.create_ticket(ticket("Printer jam")).await.unwrap();
    assert_eq!(ivan.my_open_ticket_count().await.unwrap(), 0);

    // Ivan takes his own ticket: nothing to tell him.
    ivan.assign(AssignInput {
        ticket_id: mine.id,
        assignee_id: Some(me(&ivan).await),
        version: mine.version,
    })
    .await
    .unwrap();
    assert!(ivan.take_assignment_notices().await.unwrap().is_empty());

    // The lead gives him the VPN ticket from the command line, another process.
    let ivan_id = me(&ivan).await.to_string();
    sb(
        &db,
        &dir.join("lena"),
        &["ticket", "assign", &vpn.number, &ivan_id],
    )
    .unwrap();
    let told = ivan.take_assignment_notices().await.unwrap();
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(told[0].ticket_id, vpn.id);
    assert_eq!(told[0].assigned_by.as_deref(), Some("Lena Orlova"));
    assert_eq!(
        told[0].title,
        format!("{} · ACME · VPN down in Riga", vpn.number)
    );
    assert_eq!(told[0].body, "Lena Orlova gave you this ticket");
    // Once: not again here, nor on his other desk, nor to the lead.
    assert!(ivan.take_assignment_notices().await.unwrap().is_empty());
    assert!(laptop.take_assignment_notices().await.unwrap().is_empty());
    assert!(lena.take_assignment_notices().await.unwrap().is_empty());

    // The tray counts what he holds open, on each of his desks; a resolved ticket is not.
    assert_eq!(ivan.my_open_ticket_count().await.unwrap(), 2);
    assert_eq!(laptop.my_open_ticket_count().await.unwrap(), 2);
    let mine = ivan.ticket(mine.id).await.unwrap();
    ivan.change_status(StatusInput {
        ticket_id: mine.id,
        to: Status::Resolved,
        note: Some("Cleared the jam".into()),
        version: mine.version,
    })
    .await
    .unwrap();
    assert_eq!(laptop.my_open_ticket_count().await.unwrap(), 1);
    assert_eq!(lena.my_open_ticket_count().await.unwrap(), 0);
}
