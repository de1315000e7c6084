-- The evidence log, in SQL that H2 2.x and PostgreSQL both take as written.
-- Every node writes its own chain (node, seq); certificates are stored once and referenced by SHA-256 (hex).
CREATE TABLE log_certificate (
    sha256      CHAR(64)      NOT NULL PRIMARY KEY,
    subject     VARCHAR(1024) NOT NULL,
    serial      VARCHAR(64)   NOT NULL,
    issuer      VARCHAR(1024) NOT NULL,
    der         BYTEA         NOT NULL
);

CREATE TABLE log_entry (
    node            VARCHAR(64)   NOT NULL,
    seq             BIGINT        NOT NULL,
    logged_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    message_id      CHAR(36)      NOT NULL,
    hop             VARCHAR(16)   NOT NULL,
    service         VARCHAR(255)  NOT NULL,
    client          VARCHAR(255)  NOT NULL,
    user_id         VARCHAR(255),
    purpose         VARCHAR(1024),
    subject         VARCHAR(32),
    routing_version VARCHAR(64)   NOT NULL,
    signer          VARCHAR(1024) NOT NULL,
    signer_cert     CHAR(64)      REFERENCES log_certificate (sha256),
    payload         BYTEA         NOT NULL,
    prev_hash       BYTEA         NOT NULL,
    entry_hash      BYTEA         NOT NULL,
    PRIMARY KEY (node, seq)
);
CREATE INDEX log_entry_message ON log_entry (message_id);
CREATE INDEX log_entry_subject ON log_entry (subject, logged_at);
CREATE INDEX log_entry_time ON log_entry (node, logged_at);

CREATE TABLE log_checkpoint (
    node         VARCHAR(64) NOT NULL,
    number       BIGINT      NOT NULL,
    first_seq    BIGINT      NOT NULL,
    last_seq     BIGINT      NOT NULL,
    root         BYTEA       NOT NULL,
    previous     BYTEA       NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    signer_cert  CHAR(64)    NOT NULL REFERENCES log_certificate (sha256),
    signature    BYTEA       NOT NULL,
    time_stamp   BYTEA       NOT NULL,
    PRIMARY KEY (node, number)
);

-- the replay guard: a client request's messageId, recorded in the transaction that logs the request
CREATE TABLE log_seen_message (
    message_id  CHAR(36)     NOT NULL PRIMARY KEY,
    client      VARCHAR(255) NOT NULL,
    seen_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
