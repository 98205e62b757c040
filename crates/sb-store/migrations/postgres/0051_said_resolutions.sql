-- A resolution note the system writes (a merged duplicate's "Duplicate of SB-000123: ..."),
-- as a message: beside the English text, the message id and its arguments as JSON, which each
-- reader words in their own language (as 0049 did for system notes). A note a person wrote,
-- and one written before, has no message and shows its text.
ALTER TABLE tickets ADD COLUMN resolution_note_msg TEXT;
