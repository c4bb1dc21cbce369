-- Emergency apartments and their stays (R14–R16).
-- No address is stored anywhere: an apartment is a label ("Lägenhet 1") of the organisation
-- that keeps it. Where the apartments are is known to the staff who need it and never enters
-- the database, so no screen, export or backup can give it away.
-- A stay points at a client by id (shown by its pseudonymous code) and holds the children's
-- ages as numbers only; there is no name or free-text column.
-- AUTOINCREMENT: ids are never reused, so an audit row naming "stay 7" stays unambiguous
-- after a retention purge.

CREATE TABLE apartment (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  organisation_id INTEGER NOT NULL REFERENCES organisation(id),
  label TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 40),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL CHECK (length(created_at) BETWEEN 20 AND 24),
  UNIQUE (organisation_id, label)) STRICT;

-- Two apartments by default (000 §4), for a centre that exists already when this migration
-- runs (an upgraded database). A new database gets them on first use instead (housingsvc).
INSERT INTO apartment (organisation_id, label, created_at)
  SELECT o.id, 'Lägenhet ' || n.k, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
  FROM (SELECT id FROM organisation WHERE kind = 'centre' ORDER BY id LIMIT 1) o,
       (SELECT 1 AS k UNION ALL SELECT 2) n;

-- A stay occupies the nights [move_in, move_out); move_out is NULL while the household lives
-- there. Overlaps are refused by the service inside the writing transaction (SQL CHECKs
-- cannot see other rows).
CREATE TABLE stay (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  apartment_id INTEGER NOT NULL REFERENCES apartment(id),
  client_id INTEGER NOT NULL REFERENCES client(id),
  -- the ages (0–17) of the accompanying children, ascending, comma separated; '' for none
  children_ages TEXT NOT NULL CHECK (length(children_ages) <= 60
    AND children_ages NOT GLOB '*[^0-9,]*'),
  children_count INTEGER NOT NULL CHECK (children_count BETWEEN 0 AND 20),
  home_municipality TEXT NOT NULL REFERENCES municipality(code),
  move_in TEXT NOT NULL CHECK (move_in GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  move_out TEXT CHECK (move_out IS NULL OR (move_out GLOB
    '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND move_out >= move_in)),
  outside_staff INTEGER NOT NULL CHECK (outside_staff IN (0, 1)),
  outside_staff_org INTEGER REFERENCES organisation(id),
  created_at TEXT NOT NULL CHECK (length(created_at) BETWEEN 20 AND 24),
  created_by INTEGER REFERENCES app_user(id),
  CHECK (outside_staff = 1 OR outside_staff_org IS NULL)) STRICT;
CREATE INDEX stay_apartment ON stay(apartment_id, move_in);
CREATE INDEX stay_client ON stay(client_id);

-- Wear and cleaning charges after a stay (R16, 000 §11.4): the charge itself lives with the
-- economy (charge_id, source_ref "stay:ID"); this row ties it to the stay for the stay page.
CREATE TABLE stay_charge (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  stay_id INTEGER NOT NULL REFERENCES stay(id),
  charge_id INTEGER NOT NULL,
  reason TEXT NOT NULL CHECK (reason IN ('wear', 'cleaning', 'wear_cleaning')),
  municipality TEXT NOT NULL REFERENCES municipality(code),
  amount_ore INTEGER NOT NULL CHECK (amount_ore > 0),
  created_at TEXT NOT NULL CHECK (length(created_at) BETWEEN 20 AND 24),
  created_by INTEGER REFERENCES app_user(id)) STRICT;
CREATE INDEX stay_charge_stay ON stay_charge(stay_id);
