-- Casework at the centre (R4-R10, R22): clients, cases, journal notes, implementation plans,
-- interventions, sessions, queues and police referrals.
-- Every *_enc column holds ciphertext written by src/security/clientsvc.c (XChaCha20-Poly1305,
-- "kind:id" as associated data); names, identity numbers, birth dates, contact details,
-- journal text, plan goals and free-text notes never reach this file in plain text.
-- Because the associated data needs the row id, a row is inserted with an empty placeholder
-- blob (X'') and sealed by an UPDATE in the same transaction; nothing commits in between.
-- AUTOINCREMENT: ids are never reused, so an audit row naming "client 17" stays unambiguous
-- after a retention purge.

-- Pseudonymous codes K-YYYY-NNNN are numbered per registration year. The counter lives here,
-- not in max(code), so a code is never handed out twice even after its client is purged.
CREATE TABLE client_code_seq (
  year INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 9999),
  last INTEGER NOT NULL CHECK (last BETWEEN 0 AND 999999)) STRICT;

CREATE TABLE client (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 11 AND 13
    AND code GLOB 'K-[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]*'
    AND substr(code, 8) NOT GLOB '*[^0-9]*'),
  name_enc BLOB NOT NULL CHECK (length(name_enc) <= 2048),
  pnr_enc BLOB CHECK (pnr_enc IS NULL OR length(pnr_enc) <= 256),
  -- keyed BLAKE2b of the 12-digit normal form: equality lookup without the number
  pnr_index BLOB UNIQUE CHECK (pnr_index IS NULL OR length(pnr_index) = 32),
  contact_enc BLOB CHECK (contact_enc IS NULL OR length(contact_enc) <= 8192),
  -- The year of birth is plain: statistics group by it, and year + gender + municipality
  -- leaves dozens of people per group even in the smallest municipality. The full birth
  -- date is encrypted like the name: together with gender and home municipality it singles
  -- out almost everyone in a municipality of 5 000, which would undo encrypting the name.
  -- Age classes at a reference date decrypt it (a few hundred rows a year: microseconds).
  birth_year INTEGER NOT NULL CHECK (birth_year BETWEEN 1880 AND 9999),
  birth_date_enc BLOB CHECK (birth_date_enc IS NULL OR length(birth_date_enc) <= 256),
  gender TEXT NOT NULL CHECK (gender IN ('kvinna', 'man', 'annat')),
  home_municipality TEXT NOT NULL REFERENCES municipality(code),
  protected INTEGER NOT NULL DEFAULT 0 CHECK (protected IN (0, 1)),
  created_at TEXT NOT NULL CHECK (length(created_at) BETWEEN 20 AND 24),
  created_by INTEGER REFERENCES app_user(id),
  -- an identity number always comes with its index and the birth date taken from it
  CHECK ((pnr_enc IS NULL) = (pnr_index IS NULL)),
  CHECK ((birth_date_enc IS NULL) = (pnr_index IS NULL))) STRICT;

CREATE TABLE client_role (
  client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('victim', 'child', 'perpetrator', 'relative')),
  PRIMARY KEY (client_id, role)) STRICT, WITHOUT ROWID;

CREATE TABLE client_relation (
  client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,
  related_client_id INTEGER NOT NULL REFERENCES client(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('child_of', 'partner_of', 'ex_partner_of')),
  PRIMARY KEY (client_id, related_client_id, kind),
  CHECK (client_id <> related_client_id)) STRICT, WITHOUT ROWID;
CREATE INDEX client_relation_related ON client_relation(related_client_id);

CREATE TABLE case_file (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  client_id INTEGER NOT NULL REFERENCES client(id),
  opened TEXT NOT NULL CHECK (opened GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  closed TEXT CHECK (closed IS NULL OR
    (closed GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND closed >= opened)),
  referral_source TEXT NOT NULL CHECK (referral_source IN ('self', 'social_services',
    'police', 'health', 'shelter', 'school', 'other')),
  referring_municipality TEXT REFERENCES municipality(code),
  organisation_id INTEGER NOT NULL REFERENCES organisation(id),
  created_at TEXT NOT NULL CHECK (length(created_at) BETWEEN 20 AND 24),
  created_by INTEGER REFERENCES app_user(id)) STRICT;
CREATE INDEX case_file_client ON case_file(client_id);
CREATE INDEX case_file_org ON case_file(organisation_id, closed);
-- one open case per client and organisation: a second registration of the same contact
-- would split the journal in two
CREATE UNIQUE INDEX case_file_one_open ON case_file(client_id, organisation_id)
  WHERE closed IS NULL;

CREATE TABLE case_staff (
  case_id INTEGER NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES app_user(id),
  assigned_at TEXT NOT NULL CHECK (length(assigned_at) BETWEEN 20 AND 24),
  assigned_by INTEGER REFERENCES app_user(id),
  PRIMARY KEY (case_id, user_id)) STRICT, WITHOUT ROWID;
-- "my cases" and the policy's REL_ASSIGNED look up by user
CREATE INDEX case_staff_user ON case_staff(user_id);

CREATE TABLE case_violence (
  case_id INTEGER NOT NULL REFERENCES case_file(id) ON DELETE CASCADE,
  type TEXT NOT NULL CHECK (type IN ('physical', 'psychological', 'sexual', 'economic',
    'material', 'neglect', 'honour', 'digital')),
  PRIMARY KEY (case_id, type)) STRICT, WITHOUT ROWID;

CREATE TABLE intervention_type (
  key TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 40 AND key GLOB '[a-z]*'
    AND key NOT GLOB '*[^a-z0-9_]*'),
  label_sv TEXT NOT NULL CHECK (length(label_sv) BETWEEN 1 AND 100),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))) STRICT;
INSERT INTO intervention_type (key, label_sv) VALUES
  ('victim_support', 'Samtalsserie för våldsutsatt'),
  ('child_trappan', 'Trappan-samtal för barn'),
  ('perpetrator_treatment', 'Samtalsbehandling för våldsutövare'),
  ('partner_contact', 'Partnerkontakt'),
  ('relative_support', 'Samtalsserie för anhörig'),
  ('womens_group', 'Kvinnogrupp');

-- The implementation plan (genomförandeplan), one per case. planned names an intervention
-- type rather than free text, so that nothing personal can slip into a plain column.
CREATE TABLE case_plan (
  case_id INTEGER PRIMARY KEY REFERENCES case_file(id) ON DELETE CASCADE,
  goals_enc BLOB NOT NULL CHECK (length(goals_enc) <= 16384),
  planned TEXT REFERENCES intervention_type(key),
  follow_up TEXT CHECK (follow_up IS NULL OR
    follow_up GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  updated_at TEXT NOT NULL CHECK (length(updated_at) BETWEEN 20 AND 24),
  updated_by INTEGER REFERENCES app_user(id)) STRICT;
CREATE INDEX case_plan_follow_up ON case_plan(follow_up) WHERE follow_up IS NOT NULL;

-- Journal notes are signed when written; a signed note is never changed or removed, a
-- correction is a new note that names the one it corrects. signed = 0 exists only inside
-- the writing transaction (see the header) and for drafts, should they come.
CREATE TABLE journal_note (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id INTEGER NOT NULL REFERENCES case_file(id),
  written_at TEXT NOT NULL CHECK (length(written_at) BETWEEN 20 AND 24),
  author_id INTEGER NOT NULL REFERENCES app_user(id),
  signed INTEGER NOT NULL DEFAULT 0 CHECK (signed IN (0, 1)),
  text_enc BLOB NOT NULL CHECK (length(text_enc) <= 65536),
  corrects_note_id INTEGER REFERENCES journal_note(id),
  CHECK (signed = 0 OR length(text_enc) > 0)) STRICT;
CREATE INDEX journal_note_case ON journal_note(case_id, written_at);
CREATE INDEX journal_note_corrects ON journal_note(corrects_note_id)
  WHERE corrects_note_id IS NOT NULL;
CREATE TRIGGER journal_note_signed_no_update BEFORE UPDATE ON journal_note
  WHEN OLD.signed = 1
  BEGIN SELECT RAISE(ABORT, 'a signed journal note cannot be changed'); END;
CREATE TRIGGER journal_note_signed_no_delete BEFORE DELETE ON journal_note
  WHEN OLD.signed = 1
  BEGIN SELECT RAISE(ABORT, 'a signed journal note cannot be deleted'); END;
CREATE TRIGGER journal_note_correction_same_case BEFORE INSERT ON journal_note
  WHEN NEW.corrects_note_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM journal_note
    WHERE id = NEW.corrects_note_id AND case_id = NEW.case_id AND signed = 1)
  BEGIN SELECT RAISE(ABORT, 'a correction must name a signed note of the same case'); END;

CREATE TABLE intervention (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id INTEGER NOT NULL REFERENCES case_file(id),
  type TEXT NOT NULL REFERENCES intervention_type(key),
  requested TEXT NOT NULL CHECK (requested GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  started TEXT CHECK (started IS NULL OR
    started GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  ended TEXT CHECK (ended IS NULL OR ended GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  end_reason TEXT CHECK (end_reason IS NULL OR end_reason IN ('completed', 'interrupted',
    'moved', 'referred', 'other')),
  basis TEXT NOT NULL CHECK (basis IN ('service', 'aid_decision')),
  decision_municipality TEXT REFERENCES municipality(code),
  decision_date TEXT CHECK (decision_date IS NULL OR
    decision_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  -- the municipality's diary number, e.g. "SN 2026/123": not personal data
  decision_ref TEXT CHECK (decision_ref IS NULL OR length(decision_ref) BETWEEN 1 AND 64),
  responsible_user INTEGER REFERENCES app_user(id),
  linked_intervention_id INTEGER REFERENCES intervention(id),
  created_at TEXT NOT NULL CHECK (length(created_at) BETWEEN 20 AND 24),
  created_by INTEGER REFERENCES app_user(id),
  CHECK (started IS NULL OR started >= requested),
  CHECK (ended IS NULL OR started IS NOT NULL AND ended >= started),
  CHECK ((ended IS NULL) = (end_reason IS NULL)),
  CHECK (basis = 'service' OR decision_municipality IS NOT NULL AND decision_date IS NOT NULL),
  CHECK (basis = 'aid_decision' OR decision_municipality IS NULL AND decision_date IS NULL
    AND decision_ref IS NULL),
  CHECK (linked_intervention_id IS NULL OR linked_intervention_id <> id)) STRICT;
CREATE INDEX intervention_case ON intervention(case_id);
CREATE INDEX intervention_linked ON intervention(linked_intervention_id)
  WHERE linked_intervention_id IS NOT NULL;
-- the queue: waiting interventions of one type, longest wait first
CREATE INDEX intervention_queue ON intervention(type, requested, id)
  WHERE started IS NULL AND ended IS NULL;
CREATE INDEX intervention_started ON intervention(started) WHERE started IS NOT NULL;

CREATE TABLE session_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  intervention_id INTEGER NOT NULL REFERENCES intervention(id),
  held TEXT NOT NULL CHECK (held GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 600),
  mode TEXT NOT NULL CHECK (mode IN ('centre', 'home_municipality', 'phone', 'video')),
  outcome TEXT NOT NULL CHECK (outcome IN ('held', 'cancelled', 'no_show')),
  created_at TEXT NOT NULL CHECK (length(created_at) BETWEEN 20 AND 24),
  created_by INTEGER REFERENCES app_user(id)) STRICT;
CREATE INDEX session_log_intervention ON session_log(intervention_id, held);
CREATE INDEX session_log_held ON session_log(held);

-- Police referrals with consent (R22). The police pass contact details on only with the
-- victim's consent, so without consent there is nothing to store but the fact.
CREATE TABLE police_referral (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  organisation_id INTEGER NOT NULL REFERENCES organisation(id),
  received_at TEXT NOT NULL CHECK (length(received_at) = 20 AND received_at GLOB
    '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
  consent INTEGER NOT NULL CHECK (consent IN (0, 1)),
  contact_enc BLOB CHECK (contact_enc IS NULL OR length(contact_enc) <= 8192),
  municipality TEXT REFERENCES municipality(code),
  first_contact_at TEXT CHECK (first_contact_at IS NULL OR (length(first_contact_at) = 20
    AND first_contact_at GLOB
    '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'
    AND first_contact_at >= received_at)),
  outcome TEXT CHECK (outcome IS NULL OR outcome IN ('crisis_talk', 'legal_info', 'motivated',
    'declined', 'not_reached')),
  client_id INTEGER REFERENCES client(id),
  created_at TEXT NOT NULL CHECK (length(created_at) BETWEEN 20 AND 24),
  created_by INTEGER REFERENCES app_user(id),
  CHECK (consent = 1 OR contact_enc IS NULL),
  -- "not reached" is the one outcome without a contact; every other outcome follows one
  CHECK (outcome IS NULL OR (outcome = 'not_reached') = (first_contact_at IS NULL))) STRICT;
CREATE INDEX police_referral_open ON police_referral(organisation_id, received_at)
  WHERE first_contact_at IS NULL AND outcome IS NULL;
CREATE INDEX police_referral_org ON police_referral(organisation_id, received_at);

CREATE TABLE referral_attempt (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  referral_id INTEGER NOT NULL REFERENCES police_referral(id) ON DELETE CASCADE,
  at TEXT NOT NULL CHECK (length(at) = 20 AND at GLOB
    '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z'),
  -- free text ("no answer, message left") may name people: encrypted like a journal note
  note_enc BLOB CHECK (note_enc IS NULL OR length(note_enc) <= 8192),
  created_by INTEGER REFERENCES app_user(id)) STRICT;
CREATE INDEX referral_attempt_referral ON referral_attempt(referral_id, at);
