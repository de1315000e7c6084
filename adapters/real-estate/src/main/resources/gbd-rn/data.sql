-- Synthetic records only. The people are org.govbus.fixtures.SyntheticPeople (same IINs, same names); the companies,
-- the bank and the tax office are made up, their BINs have valid check digits and belong to no one.
-- Who holds what:
--   900101300017 Серикбаев  1/2 of the Astana flat (the other 1/2: Ким)
--   850312400029 Ахметова   an Almaty land plot and the house on it, the house mortgaged to the bank
--   771120300034 Иванов     a Karaganda flat under arrest; a Pavlodar plot held jointly with Петров
--   950715400050 Ким        1/2 of the Astana flat; a Shymkent flat bought from Нурланулы (its mortgage lifted)
--   640209300069 Петров     the Pavlodar plot, jointly; he also leases the company's office (a lease is no right to it)
--   020520500043 Нурланулы  nothing any more: he sold his Shymkent flat in 2023
--   040540001230 ТОО «Сарыарка Логистик»  an office and a parking space in Astana

INSERT INTO rn_subject (subject_id, subj_type_cd, iin_bin, full_name) VALUES
    (1, '1', '900101300017', 'Серикбаев Айдар Нурланович'),
    (2, '1', '850312400029', 'Ахметова Айгерим Болатовна'),
    (3, '1', '771120300034', 'Иванов Сергей Петрович'),
    (4, '1', '020520500043', 'Нурланулы Тимур'),
    (5, '1', '950715400050', 'Ким Светлана Владимировна'),
    (6, '1', '640209300069', 'Петров Николай Андреевич'),
    (10, '2', '040540001230', 'ТОО «Сарыарка Логистик»'),
    (11, '2', '991240001567', 'АО «Тенгри Ипотека Банк»'),
    (12, '2', '011140002787', 'РГУ «Управление государственных доходов по городу Караганде»');

INSERT INTO rn_object (object_id, cadastral_no, obj_kind_cd, address_ru, area_total) VALUES
    (1, '21:320:045:128:1/12', '101', 'г. Астана, район Есиль, пр. Мангилик Ел, д. 8, кв. 12', 78.40),
    (2, '20:315:012:044', '201', 'г. Алматы, Медеуский район, ул. Жамакаева, уч. 105', 600.00),
    (3, '20:315:012:044:1', '102', 'г. Алматы, Медеуский район, ул. Жамакаева, д. 105', 186.50),
    (4, '09:142:031:206:1/31', '101', 'Карагандинская обл., г. Караганда, ул. Бухар-Жырау, д. 15, кв. 31', 52.10),
    (5, '21:320:027:015:1/3', '103', 'г. Астана, район Алматы, ул. Бейбитшилик, д. 25, н.п. 3', 214.00),
    (6, '22:301:018:077:1/40', '101', 'г. Шымкент, Абайский район, ул. Байтурсынова, д. 21, кв. 40', 64.70),
    (7, '14:155:009:017', '201', 'Павлодарская обл., Павлодарский р-н, с. Мичурино, уч. 17', NULL),
    (8, '21:320:027:015:1/P14', '104', 'г. Астана, район Алматы, ул. Бейбитшилик, д. 25, м.м. 14', 13.25);

INSERT INTO rn_right (right_id, object_id, subject_id, right_type_cd, share_num, share_den, reg_date, end_date) VALUES
    (1, 1, 1, '02', 1, 2, DATE '2019-08-14', NULL),
    (2, 1, 5, '02', 1, 2, DATE '2019-08-14', NULL),
    (3, 2, 2, '01', 1, 1, DATE '2016-04-05', NULL),
    (4, 3, 2, '01', 1, 1, DATE '2021-05-20', NULL),
    (5, 4, 3, '01', 1, 1, DATE '2012-10-30', NULL),
    (6, 5, 10, '01', 1, 1, DATE '2006-02-17', NULL),
    (7, 6, 4, '01', 1, 1, DATE '2020-07-01', DATE '2023-03-01'),
    (8, 6, 5, '01', 1, 1, DATE '2023-03-01', NULL),
    (9, 7, 3, '03', NULL, NULL, DATE '2018-06-11', NULL),
    (10, 7, 6, '03', NULL, NULL, DATE '2018-06-11', NULL),
    (11, 8, 10, '01', 1, 1, DATE '2006-02-17', NULL);

INSERT INTO rn_encumbrance (enc_id, object_id, enc_type_cd, holder_id, date_from, date_to, lifted_date) VALUES
    (1, 3, '11', 11, DATE '2021-05-20', DATE '2036-05-20', NULL),
    (2, 4, '12', 12, DATE '2024-02-12', NULL, NULL),
    (3, 5, '13', 6, DATE '2025-01-01', DATE '2027-12-31', NULL),
    (4, 6, '11', 11, DATE '2023-03-01', DATE '2033-03-01', DATE '2024-06-30'),
    (5, 4, '11', 11, DATE '2012-10-30', DATE '2022-10-30', DATE '2022-11-02');
