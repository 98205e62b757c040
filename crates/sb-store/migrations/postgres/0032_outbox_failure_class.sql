-- The email outbox records why an attempt failed in the words of the one delivery policy
-- (sb-domain's `delivery::FailureClass`), as the vendor outbox already does.
ALTER TABLE outbox ADD COLUMN error_class TEXT;
