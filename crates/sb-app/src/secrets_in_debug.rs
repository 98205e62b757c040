//! Each type of the app layer that carries a password or token prints it as `***` in `Debug`.

use std::collections::BTreeMap;

use crate::{
    DatabaseChoice, InvitationDto, MailSecurity, MailboxInput, MemberDto, UserDto, VendorInput,
};

const SECRET: &str = "hunter2-do-not-print";

fn check(printed: String) {
    assert!(!printed.contains(SECRET), "the secret printed: {printed}");
    assert!(
        printed.contains("***"),
        "no mark that a secret came: {printed}"
    );
}

#[test]
fn a_vendor_input_hides_its_secret() {
    check(format!(
        "{:?}",
        VendorInput {
            name: "Acme".into(),
            directions: vec!["hardware".into()],
            kind: "rt".into(),
            settings: BTreeMap::from([("url".to_string(), "https://rt.example".to_string())]),
            sla: Vec::new(),
            contacts: Vec::new(),
            per_minute: 60,
            enabled: true,
            secret: Some(SECRET.into()),
        }
    ));
}

#[test]
fn a_mailbox_input_hides_both_passwords() {
    let printed = format!(
        "{:?}",
        MailboxInput {
            name: "Support".into(),
            imap_host: "imap.example".into(),
            imap_port: 993,
            imap_security: MailSecurity::Tls,
            imap_user: "desk".into(),
            imap_folder: None,
            imap_password: Some(format!("{SECRET}-imap")),
            smtp_host: "smtp.example".into(),
            smtp_port: 465,
            smtp_security: MailSecurity::Tls,
            smtp_user: Some("desk".into()),
            smtp_password: Some(format!("{SECRET}-smtp")),
            from_address: "desk@example".into(),
            direction: None,
            poll_seconds: 60,
            enabled: true,
        }
    );
    check(printed);
}

#[test]
fn a_database_choice_hides_its_password() {
    check(format!(
        "{:?}",
        DatabaseChoice {
            database: Some("postgres://sb@db.example/desk".into()),
            ca_file: None,
            password: Some(SECRET.into()),
        }
    ));
}

#[test]
fn an_invitation_hides_the_one_time_password() {
    check(format!(
        "{:?}",
        InvitationDto {
            member: MemberDto {
                login: "ann".into(),
                person: UserDto {
                    id: 1,
                    name: "Ann".into(),
                    role: sb_domain::Role::Engineer,
                    line: None,
                    duties: Vec::new(),
                },
                must_change_password: true,
                invited_at: 0,
                removed_at: None,
                state: sb_domain::MemberState::Invited,
            },
            one_time_password: SECRET.into(),
        }
    ));
}
