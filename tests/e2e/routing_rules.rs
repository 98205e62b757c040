//! The rule editor in the real window: a blank keyword is refused with a message under the
//! field, in a dry run and on save, and nothing is saved; with a real keyword the rule saves.

use super::{scroll_into_view, seed_nord, Driver};

/// Issue 13, item 1: a keyword of only spaces used to be dropped, saving a rule "for
/// printers" that took every ticket.
#[test]
#[ignore = "end to end in the real window: `make test` runs it under Xvfb"]
fn the_rule_editor_refuses_an_empty_keyword() {
    let home = tempfile::tempdir().expect("temp home");
    seed_nord(
        home.path(),
        sb_domain::Role::Admin,
        "VPN to Riga drops",
        &[],
    );
    let driver = Driver::start(home.path());
    let s = driver.open_app();
    s.click_id("nav-settings");
    s.wait_text("routing-settings", "No rules");
    s.click_id("rule-new");
    s.type_into("rule-name", "Printers");
    s.type_into("rule-keywords", "   ");
    s.type_into("rule-queue", "Printers");

    // The dry run of the draft refuses it too: it would have shown the VPN ticket moving.
    s.click_id("rule-dry-run");
    let said = s.wait_text("field-error-keywords", "a keyword cannot be empty");
    assert!(said.contains("Printers"), "names the rule: {said}");
    assert_eq!(s.count("[data-testid=\"rule-dry-run-result\"]"), 0);

    s.click_id("rule-save");
    // Saving's own refusal (the dry run's named the rule).
    s.poll("the save refused", |s| {
        (s.text_of("field-error-keywords")
            == "a keyword cannot be empty: write a word or phrase, or remove it")
            .then_some(())
    });
    let field = s.by_id("rule-keywords");
    assert_eq!(s.attribute(&field, "aria-invalid").as_deref(), Some("true"));
    s.screenshot("45-routing-empty-keyword");
    // The form stays open and the list still has no rule.
    assert_eq!(s.count("[data-testid=\"rule-form\"]"), 1);
    s.wait_text("routing-settings", "No rules");

    // A word in it: saved, and the message is gone.
    s.clear("rule-keywords");
    s.type_into("rule-keywords", "printer");
    s.click_id("rule-save");
    s.wait_text("routing-settings", "mentions printer -> queue Printers");
    s.wait_gone("[data-testid=\"field-error-keywords\"]");
    s.screenshot("46-routing-keyword-saved");

    // A round-robin's people are listed in the order of their turns.
    s.click_id("rule-new");
    s.select("rule-assign", "round_robin");
    let mira = s.poll("Mira among the people to add", |s| {
        s.script(
            "const o = [...document.querySelectorAll('[data-testid=\"rule-people\"] option')].find(o => o.textContent.includes('Mira')); return o ? o.value : null;",
            serde_json::json!([]),
        )
        .as_str()
        .map(String::from)
    });
    s.select("rule-people", &mira);
    s.wait_text("rule-people-order", "Mira Petrova");
    scroll_into_view(&s, "[data-testid=\"rule-people-order\"]");
    s.screenshot("47-routing-people-in-order");
    s.quit();
    drop(driver);

    // In the database: one rule, about printers only.
    let rt = tokio::runtime::Runtime::new().expect("tokio runtime");
    rt.block_on(async {
        let app = sb_app::App::open(sb_app::Paths::in_folder(home.path().to_path_buf()), None)
            .await
            .expect("open the workspace");
        let rules = app.routing_rules().await.unwrap();
        assert_eq!(rules.len(), 1, "{rules:?}");
        assert_eq!(rules[0].rule.keywords, ["printer"]);
        app.store().close().await;
    });
}
