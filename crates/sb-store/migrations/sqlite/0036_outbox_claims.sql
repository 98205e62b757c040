-- An attempt in flight: until when the process that claimed a message holds it. The process
-- that takes a unit of delivery over (its lease, with a higher fencing number) lets go of the
-- claims of the one before at once: that one can no longer record anything, so its messages
-- need not wait for their claims to run out.
ALTER TABLE outbox ADD COLUMN claimed_until INTEGER;
ALTER TABLE vendor_outbox ADD COLUMN claimed_until INTEGER;
