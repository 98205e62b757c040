-- Full-text search over ticket subjects and descriptions and over comments: FTS5 indexes
-- whose rows are the tickets' and comments' own ids, kept in step by triggers. unicode61
-- folds case in every script, so Russian and English both match as typed.

CREATE VIRTUAL TABLE ticket_text USING fts5(
    subject, description, content = 'tickets', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE comment_text USING fts5(
    body, content = 'comments', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO ticket_text (ticket_text) VALUES ('rebuild');
INSERT INTO comment_text (comment_text) VALUES ('rebuild');

CREATE TRIGGER ticket_text_insert AFTER INSERT ON tickets BEGIN
    INSERT INTO ticket_text (rowid, subject, description) VALUES (new.id, new.subject, new.description);
END;
CREATE TRIGGER ticket_text_update AFTER UPDATE OF subject, description ON tickets BEGIN
    INSERT INTO ticket_text (ticket_text, rowid, subject, description)
        VALUES ('delete', old.id, old.subject, old.description);
    INSERT INTO ticket_text (rowid, subject, description) VALUES (new.id, new.subject, new.description);
END;
CREATE TRIGGER ticket_text_delete AFTER DELETE ON tickets BEGIN
    INSERT INTO ticket_text (ticket_text, rowid, subject, description)
        VALUES ('delete', old.id, old.subject, old.description);
END;

CREATE TRIGGER comment_text_insert AFTER INSERT ON comments BEGIN
    INSERT INTO comment_text (rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER comment_text_update AFTER UPDATE OF body ON comments BEGIN
    INSERT INTO comment_text (comment_text, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO comment_text (rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER comment_text_delete AFTER DELETE ON comments BEGIN
    INSERT INTO comment_text (comment_text, rowid, body) VALUES ('delete', old.id, old.body);
END;
