-- GBD RN, the state real estate registry: its own tables, as the registry keeps them, and the views it exposes to
-- integration users such as the bus. Plain SQL that loads unchanged into H2 and PostgreSQL.
--
-- Codes, from the registry's dictionaries:
--   rn_object.obj_kind_cd       101 квартира, 102 жилой дом, 103 нежилое помещение, 104 машино-место, 201 земельный участок
--   rn_subject.subj_type_cd     1 физическое лицо (iin_bin holds an IIN), 2 юридическое лицо (a BIN)
--   rn_right.right_type_cd      01 собственность, 02 общая долевая собственность, 03 общая совместная собственность
--   rn_encumbrance.enc_type_cd  11 ипотека, 12 арест, 13 аренда, 14 запрещение отчуждения

CREATE TABLE rn_object (
    object_id     INTEGER        NOT NULL PRIMARY KEY,
    cadastral_no  VARCHAR(40)    NOT NULL UNIQUE,
    obj_kind_cd   VARCHAR(3)     NOT NULL,
    address_ru    VARCHAR(300)   NOT NULL,
    area_total    DECIMAL(12, 2)                     -- square metres; NULL until measured
);

CREATE TABLE rn_subject (
    subject_id    INTEGER        NOT NULL PRIMARY KEY,
    subj_type_cd  VARCHAR(1)     NOT NULL,
    iin_bin       VARCHAR(12)    NOT NULL,
    full_name     VARCHAR(300)   NOT NULL
);

CREATE TABLE rn_right (
    right_id      INTEGER        NOT NULL PRIMARY KEY,
    object_id     INTEGER        NOT NULL REFERENCES rn_object (object_id),
    subject_id    INTEGER        NOT NULL REFERENCES rn_subject (subject_id),
    right_type_cd VARCHAR(2)     NOT NULL,
    share_num     INTEGER,                           -- NULL for joint ownership, which has no shares
    share_den     INTEGER,
    reg_date      DATE           NOT NULL,
    end_date      DATE                               -- the right was transferred or ended; NULL while it holds
);

CREATE TABLE rn_encumbrance (
    enc_id        INTEGER        NOT NULL PRIMARY KEY,
    object_id     INTEGER        NOT NULL REFERENCES rn_object (object_id),
    enc_type_cd   VARCHAR(2)     NOT NULL,
    holder_id     INTEGER        NOT NULL REFERENCES rn_subject (subject_id),
    date_from     DATE           NOT NULL,
    date_to       DATE,                              -- the end of its term, when it has one
    lifted_date   DATE                               -- removed from the register; NULL while in force
);

CREATE INDEX rn_right_object ON rn_right (object_id);
CREATE INDEX rn_right_subject ON rn_right (subject_id);
CREATE INDEX rn_subject_iin_bin ON rn_subject (iin_bin);
CREATE INDEX rn_encumbrance_object ON rn_encumbrance (object_id);

-- What integration users see: current rights and encumbrances only, each with its subject.
CREATE VIEW v_int_object AS
    SELECT o.object_id, o.cadastral_no, o.obj_kind_cd, o.address_ru, o.area_total
    FROM rn_object o;

CREATE VIEW v_int_right AS
    SELECT r.right_id, r.object_id, r.right_type_cd, r.share_num, r.share_den, r.reg_date,
           s.subj_type_cd, s.iin_bin, s.full_name
    FROM rn_right r JOIN rn_subject s ON s.subject_id = r.subject_id
    WHERE r.end_date IS NULL;

CREATE VIEW v_int_encumbrance AS
    SELECT e.enc_id, e.object_id, e.enc_type_cd, e.date_from, e.date_to,
           s.subj_type_cd AS holder_type_cd, s.iin_bin AS holder_iin_bin, s.full_name AS holder_name
    FROM rn_encumbrance e JOIN rn_subject s ON s.subject_id = e.holder_id
    WHERE e.lifted_date IS NULL;

-- the integration user (made by the registry's DBA beforehand) reads the views and nothing else
GRANT SELECT ON v_int_object, v_int_right, v_int_encumbrance TO govbus_int;
