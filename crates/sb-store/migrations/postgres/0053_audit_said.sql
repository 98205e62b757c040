-- An audit line of a note the system wrote (monitoring's or the desk's own close, a merged
-- duplicate's "Duplicate of SB-000123: ..."): beside the English text in new_value, the same
-- sentence as a message (JSON of an id and its arguments) that each reader words in their
-- language, as tickets.resolution_note_msg (0051) and comments.body_msg (0049) keep it.
-- The trail is append-only: the lines written before stay as they were written.
ALTER TABLE audit ADD COLUMN new_value_msg TEXT;
