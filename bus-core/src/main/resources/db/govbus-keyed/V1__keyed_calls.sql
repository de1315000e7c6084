-- The bus's record of calls made under an idempotency key (a payment's reference, a payout's end-to-end id): one row
-- per service and key, claimed by one try at a time, ended once with the agency's canonical answer (or the refusal)
-- that every later request with the same key gets again. Kept, not purged: it is the bus's side of a reconciliation.
-- SQL that H2 2.x and PostgreSQL both take as written.
CREATE TABLE keyed_call (
    service        VARCHAR(255)  NOT NULL,
    call_key       VARCHAR(128)  NOT NULL,
    digest         VARCHAR(64)   NOT NULL,
    first_message  CHAR(36)      NOT NULL,
    state          VARCHAR(8)    NOT NULL,
    owner          CHAR(36),
    lease_until    TIMESTAMP WITH TIME ZONE,
    tries          INT           NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at       TIMESTAMP WITH TIME ZONE,
    answer         BYTEA,
    fault_code     VARCHAR(64),
    fault_reason   VARCHAR(1024),
    PRIMARY KEY (service, call_key)
);
CREATE INDEX keyed_call_ended ON keyed_call (ended_at);
