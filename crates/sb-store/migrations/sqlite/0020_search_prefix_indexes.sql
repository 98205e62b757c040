-- Search by a short word ("the", "vpn", "кас") matched every longer word that starts with
-- it, merging thousands of word lists before the first hit: prefix indexes for two, three and
-- four letters make those searches walk one list. The search tables are rebuilt with them.

DROP TRIGGER ticket_text_insert;
DROP TRIGGER ticket_text_update;
DROP TRIGGER ticket_text_delete;
DROP TRIGGER comment_text_insert;
DROP TRIGGER comment_text_update;
DROP TRIGGER comment_text_delete;
DROP TABLE ticket_text;
DROP TABLE comment_text;

CREATE VIRTUAL TABLE ticket_text USING fts5(
    subject, description, content = 'tickets', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'
);
CREATE VIRTUAL TABLE comment_text USING fts5(
    body, content = 'comments', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'
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
