-- Group programmes (R11) and systematic follow-up (R13).
-- Nothing here is encrypted: the rows hold dates, codes, scale values and ids, and reach a
-- person only through the client and the case (src/security/groupsvc.c audits access).
-- A participant's start in a group is a started womens_group intervention of the client's
-- case (group_participant.intervention_id), so the annual report counts group starts the way
-- it counts every other started intervention.

CREATE TABLE group_programme (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  organisation_id INTEGER NOT NULL REFERENCES organisation(id),
  -- e.g. "Kvinnogrupp hösten 2026"; the form asks for no names of people
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- weekly_10: one meeting a week for ten weeks; distance: the format adapted for
  -- participants who live far from Östersund
  format TEXT NOT NULL CHECK (format IN ('weekly_10', 'distance')),
  start TEXT NOT NULL CHECK (start GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  created_at TEXT NOT NULL CHECK (length(created_at) BETWEEN 20 AND 24),
  created_by INTEGER REFERENCES app_user(id)) STRICT;
CREATE INDEX group_programme_org ON group_programme(organisation_id, start);

CREATE TABLE group_leader (
  group_id INTEGER NOT NULL REFERENCES group_programme(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES app_user(id),
  PRIMARY KEY (group_id, user_id)) STRICT, WITHOUT ROWID;

CREATE TABLE group_participant (
  group_id INTEGER NOT NULL REFERENCES group_programme(id) ON DELETE CASCADE,
  client_id INTEGER NOT NULL REFERENCES client(id),
  joined TEXT NOT NULL CHECK (joined GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  -- the started womens_group intervention this participation is
  intervention_id INTEGER NOT NULL UNIQUE REFERENCES intervention(id),
  PRIMARY KEY (group_id, client_id)) STRICT, WITHOUT ROWID;
CREATE INDEX group_participant_client ON group_participant(client_id);

CREATE TABLE group_meeting (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  group_id INTEGER NOT NULL REFERENCES group_programme(id) ON DELETE CASCADE,
  held TEXT NOT NULL CHECK (held GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  created_at TEXT NOT NULL CHECK (length(created_at) BETWEEN 20 AND 24),
  created_by INTEGER REFERENCES app_user(id),
  UNIQUE (group_id, held)) STRICT;

CREATE TABLE group_attendance (
  meeting_id INTEGER NOT NULL REFERENCES group_meeting(id) ON DELETE CASCADE,
  client_id INTEGER NOT NULL REFERENCES client(id),
  present INTEGER NOT NULL CHECK (present IN (0, 1)),
  PRIMARY KEY (meeting_id, client_id)) STRICT, WITHOUT ROWID;
-- attendance is kept only for the meeting's own group's participants
CREATE TRIGGER group_attendance_participant BEFORE INSERT ON group_attendance
  WHEN NOT EXISTS (SELECT 1 FROM group_meeting m JOIN group_participant p
    ON p.group_id = m.group_id WHERE m.id = NEW.meeting_id AND p.client_id = NEW.client_id)
  BEGIN SELECT RAISE(ABORT, 'attendance only for participants of the group'); END;

-- The measures of the systematic follow-up, configurable (R13: the steering group decides
-- which are used). A measure is a whole number on a fixed scale.
CREATE TABLE followup_measure (
  key TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 40 AND key GLOB '[a-z]*'
    AND key NOT GLOB '*[^a-z0-9_]*'),
  label_sv TEXT NOT NULL CHECK (length(label_sv) BETWEEN 1 AND 100),
  scale_min INTEGER NOT NULL CHECK (scale_min BETWEEN -1000 AND 1000),
  scale_max INTEGER NOT NULL CHECK (scale_max BETWEEN -1000 AND 1000),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  -- the order in which forms and results show the measures
  position INTEGER NOT NULL DEFAULT 0,
  CHECK (scale_min < scale_max)) STRICT;
INSERT INTO followup_measure (key, label_sv, scale_min, scale_max, position) VALUES
  ('safety', 'Upplevd trygghet', 1, 10, 1),
  ('wellbeing', 'Välmående', 1, 10, 2),
  ('ongoing_violence', 'Pågående våld', 0, 1, 3);

-- One value per intervention, phase and measure; entering it again replaces it.
CREATE TABLE followup_entry (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  intervention_id INTEGER NOT NULL REFERENCES intervention(id),
  phase TEXT NOT NULL CHECK (phase IN ('start', 'end', 'followup')),
  measure TEXT NOT NULL REFERENCES followup_measure(key),
  value INTEGER NOT NULL,
  entered TEXT NOT NULL CHECK (entered GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  entered_by INTEGER REFERENCES app_user(id),
  created_at TEXT NOT NULL CHECK (length(created_at) BETWEEN 20 AND 24),
  UNIQUE (intervention_id, phase, measure)) STRICT;
-- the group-level aggregates walk by measure and phase
CREATE INDEX followup_entry_measure ON followup_entry(measure, phase);
CREATE TRIGGER followup_entry_scale_insert BEFORE INSERT ON followup_entry
  WHEN NOT EXISTS (SELECT 1 FROM followup_measure
    WHERE key = NEW.measure AND NEW.value BETWEEN scale_min AND scale_max)
  BEGIN SELECT RAISE(ABORT, 'value outside the measure''s scale'); END;
CREATE TRIGGER followup_entry_scale_update BEFORE UPDATE ON followup_entry
  WHEN NOT EXISTS (SELECT 1 FROM followup_measure
    WHERE key = NEW.measure AND NEW.value BETWEEN scale_min AND scale_max)
  BEGIN SELECT RAISE(ABORT, 'value outside the measure''s scale'); END;
