-- The line a person works (issue 16: an SLA crossing on a ticket nobody has is told to the
-- line's group): 'l1', 'l2' or 'l3', as on tickets; NULL: every line. Kept by a lead (and
-- account managers and admins) on a local workspace, by the team's owner in a team workspace.
ALTER TABLE users ADD COLUMN line TEXT CHECK (line IN ('l1', 'l2', 'l3'));
-- No grants to renew: `users` is the owner's (`sb_team_grants()` lists it in `owners`), and the
-- group roles' SELECT on the table covers a new column.
