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
        "search",
        "set_database",
        "set_language",
        "list_mailboxes",
        "create_mailbox",
        "update_mailbox",
        "remove_mailbox",
        "test_mailbox",
        "poll_mailbox",
        "list_triage",
        "accept_triage",
        "dismiss_triage",
        "list_quarantine",
        "mail_source",
        "list_outbox",
        "retry_outbox",
        "ticket_email",
        "get_attachment",
    ];
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(commands)),
    )
    .expect("tauri build step");
}
