-- A message without a Message-ID is kept under a key made from its bytes. Until now the key
-- hashed them with Rust's DefaultHasher, whose output a new toolchain may change (issue 17);
-- from here on it is SHA-256 (`no-message-id.<size>.sha256-<hex>@switchboard`). The old keys
-- cannot be recomputed: after an upgrade no build of the app can reproduce the old hash (and
-- SQLite, the other backend, has no SHA-256). So they stay as they are, listed here with the
-- size their key names; a message without a Message-ID that comes again is compared byte for
-- byte with the kept messages of its size in its mailbox and takes the old key of the one it
-- equals (sb-app's `key_of`), so the record's unique key finds it and it is a duplicate.
CREATE TABLE mail_legacy_keys (
    message_row BIGINT PRIMARY KEY REFERENCES mail_messages (id) ON DELETE CASCADE,
    mailbox_id  BIGINT NOT NULL,
    size        BIGINT NOT NULL
);
CREATE INDEX mail_legacy_keys_by_size ON mail_legacy_keys (mailbox_id, size);

INSERT INTO mail_legacy_keys (message_row, mailbox_id, size)
    SELECT id, mailbox_id, CAST(split_part(message_id, '.', 2) AS BIGINT)
    FROM mail_messages
    WHERE message_id LIKE 'no-message-id.%@switchboard' AND message_id NOT LIKE '%.sha256-%';

-- Team mode: read by every desk's intake.
DO $$ BEGIN PERFORM sb_team_grants(); END $$;
