-- The centre's activity without a registered client (R12 consultations to professionals,
-- R23 trainings and network meetings, R41 anonymous contacts / information phone) and the
-- mandatory reports concerning a case (R42: orosanmälan, lex Sarah).
-- Contacts, consultations and trainings hold no personal data: there are no name, number
-- or address columns, and the free-text topics are short (the forms warn against names).
-- Mandatory reports point at a case and so are personal data; they hold nothing but codes,
-- dates and the recipient, and every read and write of them is audited.
-- AUTOINCREMENT: ids are never reused, so an audit row naming "mandatory_report 7" stays
-- unambiguous after a retention purge.

CREATE TABLE anon_contact (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  organisation_id INTEGER NOT NULL REFERENCES organisation(id),
  contact_date TEXT NOT NULL CHECK (contact_date GLOB
    '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  category TEXT NOT NULL CHECK (category IN ('victim', 'perpetrator', 'relative',
    'professional', 'other')),
  municipality TEXT REFERENCES municipality(code),
  topic TEXT NOT NULL CHECK (length(topic) BETWEEN 1 AND 200),
  minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 600),
  outcome TEXT NOT NULL CHECK (outcome IN ('information', 'social_services', 'booked_visit',
    'other')),
  created_at TEXT NOT NULL CHECK (length(created_at) BETWEEN 20 AND 24),
  created_by INTEGER REFERENCES app_user(id)) STRICT;
CREATE INDEX anon_contact_org ON anon_contact(organisation_id, contact_date);

-- Who asked: an organisation of the register, a municipality, or both (a school in Krokom
-- is no party of the cooperation, but its municipality is known).
CREATE TABLE consultation (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  organisation_id INTEGER NOT NULL REFERENCES organisation(id),
  consult_date TEXT NOT NULL CHECK (consult_date GLOB
    '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  asker_organisation_id INTEGER REFERENCES organisation(id),
  asker_municipality TEXT REFERENCES municipality(code),
  topic TEXT NOT NULL CHECK (length(topic) BETWEEN 1 AND 200),
  minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 600),
  created_at TEXT NOT NULL CHECK (length(created_at) BETWEEN 20 AND 24),
  created_by INTEGER REFERENCES app_user(id),
  CHECK (asker_organisation_id IS NOT NULL OR asker_municipality IS NOT NULL)) STRICT;
CREATE INDEX consultation_org ON consultation(organisation_id, consult_date);

CREATE TABLE training (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  organisation_id INTEGER NOT NULL REFERENCES organisation(id),
  held_on TEXT NOT NULL CHECK (held_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  kind TEXT NOT NULL CHECK (kind IN ('concept', 'custom', 'network_coordinators',
    'network_trappan')),
  created_at TEXT NOT NULL CHECK (length(created_at) BETWEEN 20 AND 24),
  created_by INTEGER REFERENCES app_user(id)) STRICT;
CREATE INDEX training_org ON training(organisation_id, held_on);

-- Participants are counted per organisation, never named.
CREATE TABLE training_participant (
  training_id INTEGER NOT NULL REFERENCES training(id) ON DELETE CASCADE,
  organisation_id INTEGER NOT NULL REFERENCES organisation(id),
  participants INTEGER NOT NULL CHECK (participants BETWEEN 1 AND 10000),
  PRIMARY KEY (training_id, organisation_id)) STRICT, WITHOUT ROWID;
CREATE INDEX training_participant_org ON training_participant(organisation_id);

-- organisation_id is the owner of the case the report concerns (the reporting centre).
-- The recipient is an organisation of the register or a short text, exactly one of them.
CREATE TABLE mandatory_report (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  organisation_id INTEGER NOT NULL REFERENCES organisation(id),
  case_id INTEGER NOT NULL REFERENCES case_file(id),
  kind TEXT NOT NULL CHECK (kind IN ('orosanmalan', 'lex_sarah')),
  report_date TEXT NOT NULL CHECK (report_date GLOB
    '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  made_by INTEGER NOT NULL REFERENCES app_user(id),
  recipient_organisation_id INTEGER REFERENCES organisation(id),
  recipient_text TEXT CHECK (recipient_text IS NULL OR length(recipient_text) BETWEEN 1 AND 200),
  created_at TEXT NOT NULL CHECK (length(created_at) BETWEEN 20 AND 24),
  created_by INTEGER REFERENCES app_user(id),
  CHECK ((recipient_organisation_id IS NULL) <> (recipient_text IS NULL))) STRICT;
CREATE INDEX mandatory_report_org ON mandatory_report(organisation_id, report_date);
CREATE INDEX mandatory_report_case ON mandatory_report(case_id);
