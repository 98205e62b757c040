-- What vendor cases need to carry what the vendor really wrote, as the account we really are:
-- whom an engineer's public comment is for (client, vendor or both; NULL on comments that
-- never had the choice), the vendor account the credentials were found to sign in as (learnt
-- at the first check, forgotten when the secret changes), and when the sync found a case gone
-- at the vendor (deleted there, or no longer found).
ALTER TABLE comments ADD COLUMN audience TEXT CHECK (audience IN ('client', 'vendor', 'both'));
ALTER TABLE vendors ADD COLUMN account TEXT;
ALTER TABLE bonds ADD COLUMN gone_at BIGINT;
