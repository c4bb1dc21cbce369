-- Risk assessments on a case (R40). The instrument (items, scale, level rule) is data in
-- data/instruments/*.ini; each assessment stores the instrument's id and version so that it
-- is read against the definition it was made with, the answers in compact form ("0,1,1,0":
-- the value given to item 1, 2, 3, ...), their sum and the summary level computed then.
-- Assessments are records: once written they are never changed (a new assessment is made
-- instead); removal is left to the retention purge (R37).
CREATE TABLE risk_assessment (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id INTEGER NOT NULL REFERENCES case_file(id),
  instrument TEXT NOT NULL CHECK (length(instrument) BETWEEN 1 AND 63
    AND instrument NOT GLOB '*[^a-z0-9._-]*'),
  instrument_version TEXT NOT NULL CHECK (length(instrument_version) BETWEEN 1 AND 31
    AND instrument_version NOT GLOB '*[^A-Za-z0-9._-]*'),
  assessed TEXT NOT NULL CHECK (assessed GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  assessor_id INTEGER NOT NULL REFERENCES app_user(id),
  -- numbers and commas only: nothing personal can be written here
  answers TEXT NOT NULL CHECK (length(answers) BETWEEN 1 AND 1000
    AND answers NOT GLOB '*[^0-9,]*'),
  sum INTEGER NOT NULL CHECK (sum >= 0),
  level TEXT NOT NULL CHECK (level IN ('low', 'elevated', 'high')),
  created_at TEXT NOT NULL CHECK (length(created_at) BETWEEN 20 AND 24)) STRICT;
-- the latest assessment of a case (case and client pages, "Mina ärenden")
CREATE INDEX risk_assessment_case ON risk_assessment(case_id, assessed, id);
CREATE TRIGGER risk_assessment_no_update BEFORE UPDATE ON risk_assessment
  BEGIN SELECT RAISE(ABORT, 'a risk assessment cannot be changed'); END;
