-- The annual activity report (R31–R33). Statistics group by age and home municipality at
-- the start of a series (and at move-in for a stay). The birth date is encrypted, so the
-- services that start a series or record a stay write the age it gives at that date here:
-- a whole number of years, no more revealing than the plain birth year, and the report's
-- figures can then be computed by plain SQL without decrypting anything.
ALTER TABLE intervention ADD COLUMN start_age INTEGER
  CHECK (start_age IS NULL OR start_age BETWEEN 0 AND 130);
ALTER TABLE intervention ADD COLUMN start_municipality TEXT REFERENCES municipality(code);
ALTER TABLE stay ADD COLUMN adult_age INTEGER
  CHECK (adult_age IS NULL OR adult_age BETWEEN 0 AND 130);

-- Rows written before this migration get the age from the plain birth year (the age
-- reached during the start year) and today's home municipality: the nearest that SQL can
-- reach without the key.
UPDATE intervention SET
  start_age = max(0, min(130, CAST(substr(started, 1, 4) AS INTEGER) - (SELECT c.birth_year
    FROM case_file f JOIN client c ON c.id = f.client_id WHERE f.id = intervention.case_id))),
  start_municipality = (SELECT c.home_municipality FROM case_file f JOIN client c
    ON c.id = f.client_id WHERE f.id = intervention.case_id)
  WHERE started IS NOT NULL;
UPDATE stay SET adult_age = max(0, min(130, CAST(substr(move_in, 1, 4) AS INTEGER) -
  (SELECT birth_year FROM client WHERE client.id = stay.client_id)));

-- What the centre manager enters for a report year: staff in full-time equivalents
-- (hundredths: 650 is 6,50) and the two free-text sections of Bilaga 1. No personal data:
-- the form says so, and the text is meant for the published report.
CREATE TABLE report_year (
  year INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 2999),
  staff_fte INTEGER CHECK (staff_fte IS NULL OR staff_fte BETWEEN 0 AND 100000),
  goals TEXT NOT NULL DEFAULT '' CHECK (length(goals) <= 20000),
  events TEXT NOT NULL DEFAULT '' CHECK (length(events) <= 20000),
  updated_at TEXT NOT NULL CHECK (length(updated_at) BETWEEN 20 AND 24),
  updated_by INTEGER REFERENCES app_user(id)) STRICT;
