-- Records the bus cannot map, one fault per object, so each of the adapter's checks is seen failing on its own.
UPDATE rn_right SET right_type_cd = '99' WHERE right_id = 1;            -- 21:320:045:128:1/12  unknown right kind
UPDATE rn_right SET share_den = 0 WHERE right_id = 3;                   -- 20:315:012:044       a share of 1/0
UPDATE rn_subject SET subj_type_cd = '7' WHERE subject_id = 11;         -- 20:315:012:044:1     the bank is neither person nor entity
UPDATE rn_encumbrance SET enc_type_cd = 'XX' WHERE enc_id = 2;          -- 09:142:031:206:1/31  unknown encumbrance kind
UPDATE rn_object SET obj_kind_cd = '999' WHERE object_id = 5;           -- 21:320:027:015:1/3   unknown object kind
UPDATE rn_subject SET iin_bin = '95071540005' WHERE subject_id = 5;     -- 22:301:018:077:1/40  an IIN of 11 digits
UPDATE rn_right SET share_num = 3, share_den = 2 WHERE right_id = 10;   -- 14:155:009:017       a share of 3/2
UPDATE rn_object SET address_ru = '  ' WHERE object_id = 8;             -- 21:320:027:015:1/P14 a blank address
