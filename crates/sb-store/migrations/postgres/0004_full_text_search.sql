-- Full-text search over ticket subjects and descriptions and over comments: generated
-- tsvector columns with GIN indexes. The 'simple' configuration (no stemming, no stop words)
-- treats Russian and English alike; queries match word prefixes.

ALTER TABLE tickets ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', subject || ' ' || description)) STORED;
CREATE INDEX tickets_search ON tickets USING GIN (search_vector);

ALTER TABLE comments ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED;
CREATE INDEX comments_search ON comments USING GIN (search_vector);
