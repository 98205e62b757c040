-- A message without a Message-ID is kept under a key made from its bytes. Until now the key
-- hashed them with Rust's DefaultHasher, whose output a new toolchain may change (issue 17);
-- from here on it is SHA-256 (`no-message-id.<size>.sha256-<hex>@switchboard`). The old keys
-- cannot be recomputed: SQLite has no SHA-256, and after an upgrade no build of the app can
-- reproduce the old hash. So they stay as they are, listed here with the size their key names;
-- a message without a Message-ID that comes again is compared byte for byte with the kept
-- messages of its size in its mailbox and takes the old key of the one it equals (sb-app's
-- `key_of`), so the record's unique key finds it and it is a duplicate, not a second ticket.
CREATE TABLE mail_legacy_keys (
    message_row INTEGER PRIMARY KEY REFERENCES mail_messages (id) ON DELETE CASCADE,
    mailbox_id  INTEGER NOT NULL,
    size        INTEGER NOT NULL
);
CREATE INDEX mail_legacy_keys_by_size ON mail_legacy_keys (mailbox_id, size);

INSERT INTO mail_legacy_keys (message_row, mailbox_id, size)
    SELECT id, mailbox_id,
           CAST(substr(message_id, 15, instr(substr(message_id, 15), '.') - 1) AS INTEGER)
    FROM mail_messages
    WHERE message_id LIKE 'no-message-id.%@switchboard' AND message_id NOT LIKE '%.sha256-%';
