-- Email intake says what it could not read and what it did to read: a quarantined message's
-- problem as a code with parameters (JSON, sb-domain's MailProblem), and the notes of a
-- message that became a ticket or comment (JSON list of MailNote: a guessed charset, an
-- unclosed multipart, a subject or text cut to fit), shown on the ticket.
ALTER TABLE mail_messages ADD COLUMN problem TEXT;
ALTER TABLE mail_messages ADD COLUMN notes TEXT;
