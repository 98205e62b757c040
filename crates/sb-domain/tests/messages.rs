//! The domain's refusals are messages: English as before, Russian with its plural forms, and
//! the words inside them (statuses, budgets, lists) worded in the same language.

use sb_domain::body::TooLarge;
use sb_domain::ical::IcalError;
use sb_domain::ledger::{LedgerError, PackageError};
use sb_domain::{check_transition, Direction, ReopenPolicy, Status, TransitionError};
use sb_i18n::Lang;

#[test]
fn a_refused_transition_names_the_statuses_in_the_readers_language() {
    let e = check_transition(
        Status::Resolved,
        Status::PendingCustomer,
        None,
        None,
        0,
        ReopenPolicy::default(),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "a ticket cannot go from resolved to pending_customer; from resolved it can go to: open, in_progress, closed"
    );
    assert_eq!(
        e.msg().render(Lang::Ru),
        "заявку нельзя перевести из статуса «решена» в «ждёт клиента»; из «решена» можно перевести в: открыта, в работе, закрыта"
    );
}

#[test]
fn counts_choose_the_russian_plural_form() {
    let reopen = |n| {
        TransitionError::ReopenWindowExpired { window_days: n }
            .msg()
            .render(Lang::Ru)
    };
    assert!(reopen(1).contains("более 1 дня назад"), "{}", reopen(1));
    assert!(reopen(3).contains("более 3 дней назад"), "{}", reopen(3));
    assert!(reopen(30).contains("более 30 дней назад"), "{}", reopen(30));
    assert!(reopen(21).contains("более 21 дня назад"), "{}", reopen(21));
    assert_eq!(
        TransitionError::ReopenWindowExpired { window_days: 1 }.to_string(),
        "this ticket was finished more than 1 day ago and can no longer be reopened; open a new ticket that refers to it"
    );

    let timer = |n| {
        LedgerError::TimerTooLong { minutes: n }
            .msg()
            .render(Lang::Ru)
    };
    assert!(timer(1441).contains("шёл 1441 минуту,"), "{}", timer(1441));
    assert!(timer(1442).contains("шёл 1442 минуты,"), "{}", timer(1442));
    assert!(timer(1445).contains("шёл 1445 минут,"), "{}", timer(1445));

    let days = |n| {
        IcalError::TooLong {
            from: "2027-01-01".into(),
            days: n,
        }
        .msg()
        .render(Lang::Ru)
    };
    assert!(days(401).contains("длится 401 день;"), "{}", days(401));
    assert!(days(402).contains("длится 402 дня;"), "{}", days(402));
    assert!(days(400).contains("длится 400 дней;"), "{}", days(400));

    let body = TooLarge {
        limit: 16 << 20,
        read: 16_777_217,
    };
    assert_eq!(
        body.to_string(),
        "the answer is over 16 MiB (more than 16777217 bytes came); nothing of it was used. If such an answer is genuine, raise the limit: sb limits set http_body_bytes N (Settings -> Mailboxes -> Limits)"
    );
    assert!(body
        .msg()
        .render(Lang::Ru)
        .starts_with("ответ больше 16 МиБ (пришло более 16777217 байт)"));
}

#[test]
fn a_budget_is_named_in_the_readers_language() {
    let e = PackageError::BelowUsed {
        key: Some(Direction::parse("network").unwrap()),
        used: 90,
        asked: 60,
    };
    assert!(
        e.to_string()
            .starts_with("the network budget has 1:30 used"),
        "{e}"
    );
    assert!(
        e.msg()
            .render(Lang::Ru)
            .starts_with("бюджет направления «Сети»: уже использовано 1:30"),
        "{}",
        e.msg().render(Lang::Ru)
    );
    let shared = LedgerError::Blocked {
        package_id: 1,
        package: "Поддержка".into(),
        key: None,
        left: 0,
        wanted: 30,
    };
    assert_eq!(
        shared.msg().render(Lang::Ru),
        "общий пул пакета «Поддержка»: осталось 0:00, а запись списывает 0:30; сверх своих часов пакет время не принимает. Чтобы записать это время, попросите аккаунт-менеджера добавить часы, продлить пакет или изменить правило превышения"
    );
}
