-- SQLite's search tables gained prefix indexes in this version; PostgreSQL's GIN indexes on
-- tsvectors serve prefix queries as they are. Nothing to change here: the file keeps both
-- backends at the same schema version.
SELECT 1;
