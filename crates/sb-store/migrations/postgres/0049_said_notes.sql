-- Sentences the system writes for people, as messages (issue 18): beside the English text, the
-- message id and its arguments as JSON (`{"id": ..., "args": {...}}`), which each reader words
-- in their own language. Rows written before keep their text and no message, and show the text.
-- A note the system leaves on a ticket (a routing escalation that could not be made, ...).
ALTER TABLE comments ADD COLUMN body_msg TEXT;
-- What a routing rule did to a ticket: a JSON list of messages.
ALTER TABLE routing_decisions ADD COLUMN did_msg TEXT;
