-- A merged duplicate points to the ticket that survives it; comments that moved over remember
-- where they were written; related tickets are linked both ways (one row per pair).

ALTER TABLE tickets ADD COLUMN merged_into_id BIGINT REFERENCES tickets (id);
ALTER TABLE comments ADD COLUMN moved_from_ticket_id BIGINT REFERENCES tickets (id);

CREATE TABLE ticket_links (
    ticket_id   BIGINT NOT NULL REFERENCES tickets (id),
    related_id  BIGINT NOT NULL REFERENCES tickets (id),
    created_by  BIGINT NOT NULL REFERENCES users (id),
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (ticket_id, related_id),
    CHECK (ticket_id < related_id)
);
CREATE INDEX ticket_links_by_related ON ticket_links (related_id);
