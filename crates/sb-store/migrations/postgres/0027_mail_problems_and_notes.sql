-- Email intake says what it could not read and what it did to read: a quarantined message's
-- problem as a code with parameters (JSON, sb-domain's MailProblem), and the notes of a
-- message that became a ticket or comment (JSON list of MailNote: a guessed charset, an
-- unclosed multipart, a subject or text cut to fit), shown on the ticket.
ALTER TABLE mail_messages ADD COLUMN problem TEXT;
ALTER TABLE mail_messages ADD COLUMN notes TEXT;

-- A file that came by email is kept once: in the raw message, not copied beside it. Such an
-- attachment names its message and the byte range and transfer encoding of its part, and its
-- `bytes` stay empty; the file is read (and decoded) from the message when it is opened.
ALTER TABLE attachments ADD COLUMN mail_message_id BIGINT REFERENCES mail_messages (id);
ALTER TABLE attachments ADD COLUMN part_start BIGINT;
ALTER TABLE attachments ADD COLUMN part_end BIGINT;
ALTER TABLE attachments ADD COLUMN part_encoding TEXT;
