-- Live updates: every change another desk should see at once is also a row in change_log,
-- written by these triggers in the writer's own transaction, so a window, the CLI and a worker
-- on this file (other processes included) read exactly what was committed, in order. Readers
-- wake on the file changing and read past the last id they saw; the log keeps about the last
-- 10,000 changes (a reader that fell further behind reloads everything).
CREATE TABLE change_log (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    kind      TEXT    NOT NULL,
    ticket_id INTEGER,
    client_id INTEGER,
    row_id    INTEGER NOT NULL,
    version   INTEGER
);

CREATE TRIGGER change_log_prune AFTER INSERT ON change_log WHEN NEW.id % 1000 = 0
BEGIN
    DELETE FROM change_log WHERE id <= NEW.id - 10000;
END;

CREATE TRIGGER change_tickets_insert AFTER INSERT ON tickets
BEGIN
    INSERT INTO change_log (kind, ticket_id, client_id, row_id, version)
    VALUES ('ticket', NEW.id, NEW.client_id, NEW.id, NEW.version);
END;

CREATE TRIGGER change_tickets_update AFTER UPDATE ON tickets
BEGIN
    INSERT INTO change_log (kind, ticket_id, client_id, row_id, version)
    VALUES ('ticket', NEW.id, NEW.client_id, NEW.id, NEW.version);
END;

CREATE TRIGGER change_comments_insert AFTER INSERT ON comments
BEGIN
    INSERT INTO change_log (kind, ticket_id, client_id, row_id, version)
    VALUES ('comment', NEW.ticket_id, NULL, NEW.id, NULL);
END;

CREATE TRIGGER change_comments_update AFTER UPDATE ON comments
BEGIN
    INSERT INTO change_log (kind, ticket_id, client_id, row_id, version)
    VALUES ('comment', NEW.ticket_id, NULL, NEW.id, NULL);
END;

CREATE TRIGGER change_time_entries_insert AFTER INSERT ON time_entries
BEGIN
    INSERT INTO change_log (kind, ticket_id, client_id, row_id, version)
    VALUES ('time_entry', NEW.ticket_id, NEW.client_id, NEW.id, NULL);
END;

CREATE TRIGGER change_time_entries_update AFTER UPDATE ON time_entries
BEGIN
    INSERT INTO change_log (kind, ticket_id, client_id, row_id, version)
    VALUES ('time_entry', NEW.ticket_id, NEW.client_id, NEW.id, NULL);
END;

CREATE TRIGGER change_time_entries_delete AFTER DELETE ON time_entries
BEGIN
    INSERT INTO change_log (kind, ticket_id, client_id, row_id, version)
    VALUES ('time_entry', OLD.ticket_id, OLD.client_id, OLD.id, NULL);
END;

CREATE TRIGGER change_packages_insert AFTER INSERT ON packages
BEGIN
    INSERT INTO change_log (kind, ticket_id, client_id, row_id, version)
    VALUES ('package', NULL, NEW.client_id, NEW.id, NULL);
END;

CREATE TRIGGER change_packages_update AFTER UPDATE ON packages
BEGIN
    INSERT INTO change_log (kind, ticket_id, client_id, row_id, version)
    VALUES ('package', NULL, NEW.client_id, NEW.id, NULL);
END;

CREATE TRIGGER change_bonds_insert AFTER INSERT ON bonds
BEGIN
    INSERT INTO change_log (kind, ticket_id, client_id, row_id, version)
    VALUES ('bond', NEW.ticket_id, NULL, NEW.id, NULL);
END;

CREATE TRIGGER change_bonds_update AFTER UPDATE ON bonds
BEGIN
    INSERT INTO change_log (kind, ticket_id, client_id, row_id, version)
    VALUES ('bond', NEW.ticket_id, NULL, NEW.id, NULL);
END;
