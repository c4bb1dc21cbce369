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

-- The client's gender at the start of a series, beside the age and municipality above: the
-- report groups every started series by all three, and at national scale (a million
-- series) a join through case_file to client per series costs more than the rest of the
-- report together. The triggers fill it from the client whenever a start date is written,
-- by any writer; a start moved earlier keeps it.
ALTER TABLE intervention ADD COLUMN start_gender TEXT
  CHECK (start_gender IS NULL OR start_gender IN ('kvinna', 'man', 'annat'));
UPDATE intervention SET start_gender = (SELECT c.gender FROM case_file f
    JOIN client c ON c.id = f.client_id WHERE f.id = intervention.case_id)
  WHERE started IS NOT NULL;
CREATE TRIGGER intervention_start_gender_insert AFTER INSERT ON intervention
  WHEN NEW.started IS NOT NULL AND NEW.start_gender IS NULL
  BEGIN UPDATE intervention SET start_gender = (SELECT c.gender FROM case_file f
      JOIN client c ON c.id = f.client_id WHERE f.id = NEW.case_id) WHERE id = NEW.id; END;
CREATE TRIGGER intervention_start_gender_update AFTER UPDATE OF started ON intervention
  WHEN NEW.started IS NOT NULL AND NEW.start_gender IS NULL
  BEGIN UPDATE intervention SET start_gender = (SELECT c.gender FROM case_file f
      JOIN client c ON c.id = f.client_id WHERE f.id = NEW.case_id) WHERE id = NEW.id; END;

-- Indexes for the report's aggregates (src/store/report.c). Each query reads index ranges
-- that hold every column it needs (covering), in the order it groups by, so that nothing
-- is sorted; the year and month are the expressions grouped by (substr of the ISO date).
-- The figures per type read the series in id order and look up each one's held sessions.
-- Started series by year, type, gender, municipality and age (the date itself last, so that
-- the index covers the query).
CREATE INDEX intervention_report_started ON intervention(substr(started, 1, 4), type,
  start_gender, start_municipality, start_age, started) WHERE started IS NOT NULL;
-- Queue time: series started by month, type and whole days from requested to started.
CREATE INDEX intervention_report_wait ON intervention(substr(started, 1, 7), type,
  CAST(julianday(started) - julianday(requested) AS INTEGER), started, requested)
  WHERE started IS NOT NULL;
-- Sessions per series (outcome, date and mode) and per outcome and day (with minutes).
CREATE INDEX session_log_report ON session_log(intervention_id, outcome, held, mode);
CREATE INDEX session_log_report_held ON session_log(outcome, held, minutes);
-- Case files open some day of a year: closed on or after its first day, opened before its end.
CREATE INDEX case_file_report ON case_file(coalesce(closed, '9999-12-31'), opened);
-- The rest by date, for the year's counts and the first and last year.
CREATE INDEX police_referral_report ON police_referral(received_at, first_contact_at);
CREATE INDEX anon_contact_report ON anon_contact(contact_date);
CREATE INDEX consultation_report ON consultation(consult_date);
CREATE INDEX training_report ON training(held_on, kind);
CREATE INDEX mandatory_report_report ON mandatory_report(report_date, kind);
CREATE INDEX stay_report ON stay(move_in);
