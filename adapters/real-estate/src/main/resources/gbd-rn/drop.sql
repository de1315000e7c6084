-- Everything schema.sql makes, dependents first: the simulators start again from a clean registry.
DROP VIEW IF EXISTS v_int_encumbrance;
DROP VIEW IF EXISTS v_int_right;
DROP VIEW IF EXISTS v_int_object;
DROP TABLE IF EXISTS rn_encumbrance;
DROP TABLE IF EXISTS rn_right;
DROP TABLE IF EXISTS rn_subject;
DROP TABLE IF EXISTS rn_object;
