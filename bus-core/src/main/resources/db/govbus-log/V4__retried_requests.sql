-- A client request whose node died before answering may be re-sent once, byte for byte (see ReplayGuard): the retry
-- is claimed here, in the transaction that logs it, so that of several retries on any node exactly one goes through.
ALTER TABLE log_seen_message ADD COLUMN retried_at TIMESTAMP WITH TIME ZONE;
