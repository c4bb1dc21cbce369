-- Shelter placements (R17): a municipality places a woman (a client of its own, by her
-- pseudonymous code) at the shelter under an aid decision, with an individual agreement
-- (seed 003, Bilaga 12 / Bilaga 1): period, accompanying children, housing and/or support,
-- what each party undertakes, signed or not, and follow-up meetings. Plus the shelter's own
-- statistics of refusals (counts only, no personal data).
-- The two undertakings are free text that may name people or places, so they are sealed by
-- src/security/placementsvc.c like the casework columns (insert X'', seal by UPDATE in the
-- same transaction). The location of the shelter is never stored (Bilaga 1: the
-- municipality must not state it in its records).

CREATE TABLE placement (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  -- the placing municipality's organisation: the policy's "own organisation" of a placement
  placing_org_id INTEGER NOT NULL REFERENCES organisation(id),
  shelter_org_id INTEGER NOT NULL REFERENCES organisation(id),
  client_id INTEGER NOT NULL REFERENCES client(id),
  start_date TEXT NOT NULL CHECK (start_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  -- the agreed or actual last day of the stay (move-out); NULL while open-ended
  end_date TEXT CHECK (end_date IS NULL OR
    (end_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND end_date >= start_date)),
  housing INTEGER NOT NULL CHECK (housing IN (0, 1)),
  support INTEGER NOT NULL CHECK (support IN (0, 1)),
  municipality_undertakes_enc BLOB NOT NULL CHECK (length(municipality_undertakes_enc) <= 16384),
  shelter_undertakes_enc BLOB NOT NULL CHECK (length(shelter_undertakes_enc) <= 16384),
  decision_date TEXT NOT NULL CHECK (decision_date GLOB
    '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  decision_ref TEXT CHECK (decision_ref IS NULL OR length(decision_ref) BETWEEN 1 AND 64),
  -- the day the agreement was signed by both parties; NULL: not signed (a deviation)
  signed_date TEXT CHECK (signed_date IS NULL OR
    signed_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  created_at TEXT NOT NULL CHECK (length(created_at) BETWEEN 20 AND 24),
  created_by INTEGER REFERENCES app_user(id),
  CHECK (housing + support >= 1)) STRICT;
CREATE INDEX placement_placing ON placement(placing_org_id, start_date);
CREATE INDEX placement_client ON placement(client_id);
CREATE INDEX placement_shelter ON placement(shelter_org_id, start_date);

-- Ages of the accompanying children on the start date, one row per child (the count is the
-- number of rows). No names or identity numbers: the agreement's children are counted,
-- not registered.
CREATE TABLE placement_child (
  placement_id INTEGER NOT NULL REFERENCES placement(id) ON DELETE CASCADE,
  position INTEGER NOT NULL CHECK (position BETWEEN 1 AND 20),
  age INTEGER NOT NULL CHECK (age BETWEEN 0 AND 17),
  PRIMARY KEY (placement_id, position)) STRICT, WITHOUT ROWID;

-- Follow-up meetings held (woman, social worker and shelter staff; Bilaga 1).
CREATE TABLE placement_followup (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  placement_id INTEGER NOT NULL REFERENCES placement(id) ON DELETE CASCADE,
  held TEXT NOT NULL CHECK (held GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  created_at TEXT NOT NULL CHECK (length(created_at) BETWEEN 20 AND 24),
  created_by INTEGER REFERENCES app_user(id)) STRICT;
CREATE INDEX placement_followup_placement ON placement_followup(placement_id, held);

-- Women the shelter had to turn away, as counts per day and reason (the shelter's own
-- statistics). Entered by centre staff from the shelter's report: no names, no codes.
CREATE TABLE shelter_refusal (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  shelter_org_id INTEGER NOT NULL REFERENCES organisation(id),
  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  reason TEXT NOT NULL CHECK (reason IN ('no_room', 'other')),
  count INTEGER NOT NULL CHECK (count BETWEEN 1 AND 1000),
  created_at TEXT NOT NULL CHECK (length(created_at) BETWEEN 20 AND 24),
  created_by INTEGER REFERENCES app_user(id)) STRICT;
CREATE INDEX shelter_refusal_date ON shelter_refusal(date, shelter_org_id);
