-- The knowledge base: known problems and their fixes, searchable like tickets (FTS5 kept in
-- step by triggers), optionally made from the resolved ticket they came from.

CREATE TABLE kb_articles (
    id                INTEGER PRIMARY KEY,
    title             TEXT    NOT NULL,
    problem           TEXT    NOT NULL,
    fix               TEXT    NOT NULL,
    direction         TEXT    REFERENCES directions (code),
    tags              TEXT    NOT NULL DEFAULT '',
    source_ticket_id  INTEGER REFERENCES tickets (id),
    created_by        INTEGER NOT NULL REFERENCES users (id),
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
);
CREATE INDEX kb_articles_by_updated ON kb_articles (updated_at, id);

CREATE VIRTUAL TABLE kb_text USING fts5(
    title, problem, fix, tags, content = 'kb_articles', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER kb_text_insert AFTER INSERT ON kb_articles BEGIN
    INSERT INTO kb_text (rowid, title, problem, fix, tags)
        VALUES (new.id, new.title, new.problem, new.fix, new.tags);
END;
CREATE TRIGGER kb_text_update AFTER UPDATE ON kb_articles BEGIN
    INSERT INTO kb_text (kb_text, rowid, title, problem, fix, tags)
        VALUES ('delete', old.id, old.title, old.problem, old.fix, old.tags);
    INSERT INTO kb_text (rowid, title, problem, fix, tags)
        VALUES (new.id, new.title, new.problem, new.fix, new.tags);
END;
CREATE TRIGGER kb_text_delete AFTER DELETE ON kb_articles BEGIN
    INSERT INTO kb_text (kb_text, rowid, title, problem, fix, tags)
        VALUES ('delete', old.id, old.title, old.problem, old.fix, old.tags);
END;
