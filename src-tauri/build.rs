fn main() {
    // Listing the commands makes Tauri check each call against the window's capability
    // (capabilities/default.json -> permissions/app.toml), instead of allowing every command.
    let commands = &[
        "setup_state",
        "create_profile",
        "load_demo",
        "list_users",
        "list_directions",
        "list_clients",
        "get_client",
        "create_client",
        "update_client",
        "create_ticket",
        "queue_page",
        "ticket_card",
        "add_comment",
        "change_status",
        "assign_ticket",
        "take_ticket",
        "set_line",
        "merge_ticket",
        "link_ticket",
        "unlink_ticket",
        "queue_views",
        "save_view",
        "delete_view",
        "kb_articles",
        "kb_article",
        "create_article",
        "update_article",
        "article_draft",
        "suggest",
        "search",
        "set_database",
        "set_language",
        "list_alert_sources",
        "create_alert_source",
        "update_alert_source",
        "delete_alert_source",
        "test_alert_source",
        "poll_alert_source",
        "list_unmatched_alerts",
        "ticket_alert",
    ];
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(commands)),
    )
    .expect("tauri build step");
}
