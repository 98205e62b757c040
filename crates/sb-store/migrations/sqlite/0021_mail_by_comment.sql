-- The card names who wrote each emailed comment (the sender of the message behind it): find
-- that message by its comment without reading the whole mail table.
CREATE INDEX mail_messages_by_comment ON mail_messages (comment_id);
