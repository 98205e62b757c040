-- The line a person works (issue 16: an SLA crossing on a ticket nobody has is told to the
-- line's group): 'l1', 'l2' or 'l3', as on tickets; NULL: every line. Kept by a lead (and
-- account managers and admins) on a local workspace, by the team's owner in a team workspace.
ALTER TABLE users ADD COLUMN line TEXT CHECK (line IN ('l1', 'l2', 'l3'));
