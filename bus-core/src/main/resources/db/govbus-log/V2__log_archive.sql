-- Archiving: a node's oldest checkpoints and their entries move into signed archive files (govbus log archive) and
-- leave the database. One row per node marks where its chain in the database now starts: the last archived entry
-- (its seq and hash, which the first remaining entry names as previous) and the last archived checkpoint (its
-- number and imprint, which the first remaining checkpoint names as previous). Certificates are never archived away.
CREATE TABLE log_archive (
    node            VARCHAR(64)   NOT NULL PRIMARY KEY,
    last_seq        BIGINT        NOT NULL,
    last_hash       BYTEA         NOT NULL,
    last_checkpoint BIGINT        NOT NULL,
    last_imprint    BYTEA         NOT NULL,
    archived_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    archive_file    VARCHAR(255)  NOT NULL
);
