-- The mailbox of asynchronous requests: each request's delivery state and, once it ended, the sealed answer or fault
-- its client fetches. Not evidence (the message log holds every hop and state change); rows are purged after the answer
-- was fetched or its time to keep it passed. SQL that H2 2.x and PostgreSQL both take as written.
CREATE TABLE mailbox (
    message_id     CHAR(36)      NOT NULL PRIMARY KEY,
    client         VARCHAR(255)  NOT NULL,
    service        VARCHAR(255)  NOT NULL,
    format         VARCHAR(8)    NOT NULL,
    state          VARCHAR(16)   NOT NULL,
    attempts       INT           NOT NULL,
    accepted_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    reason         VARCHAR(1024),
    reply_status   INT,
    reply_type     VARCHAR(255),
    reply_headers  VARCHAR(16384),
    reply_body     BYTEA,
    fetched_at     TIMESTAMP WITH TIME ZONE
);
CREATE INDEX mailbox_open ON mailbox (state, expires_at);
