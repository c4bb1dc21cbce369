-- The centre's economy (R24–R30): the yearly budget with its cost lines, the year's settings
-- (overhead, uprating, population reference date, coordinator and quality-review costs, the
-- year-end outcome), extra charges to invoice, and the invoices to the municipalities.
-- No personal data: a charge's description is neutral text and its source is a reference
-- such as "stay:17". Money is whole öre (INTEGER); kronor are a matter of display.
-- AUTOINCREMENT: ids are never reused, so audit rows naming "invoice 7" stay unambiguous.

CREATE TABLE budget_year (
  year INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 2999),
  overhead_bp INTEGER NOT NULL CHECK (overhead_bp BETWEEN 0 AND 10000),
  uprate_bp INTEGER NOT NULL CHECK (uprate_bp BETWEEN -10000 AND 10000),
  -- NULL: 1 November two years before the year (budget_population_date)
  population_date TEXT CHECK (population_date IS NULL OR population_date GLOB
    '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  coordinator_ore INTEGER NOT NULL DEFAULT 0 CHECK (coordinator_ore BETWEEN 0 AND
    100000000000),
  quality_review_ore INTEGER NOT NULL DEFAULT 0 CHECK (quality_review_ore BETWEEN 0 AND
    100000000000),
  -- the actual outcome at year end (R28), NULL until recorded
  outcome_ore INTEGER CHECK (outcome_ore IS NULL OR outcome_ore BETWEEN 0 AND 100000000000),
  -- NULL: YYYY-01-15 of the year
  invoice_date TEXT CHECK (invoice_date IS NULL OR invoice_date GLOB
    '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  updated_at TEXT NOT NULL CHECK (length(updated_at) BETWEEN 20 AND 24),
  updated_by INTEGER REFERENCES app_user(id)) STRICT;

CREATE TABLE budget_line (
  year INTEGER NOT NULL REFERENCES budget_year(year) ON DELETE CASCADE,
  position INTEGER NOT NULL CHECK (position BETWEEN 1 AND 100),
  label TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
  amount_ore INTEGER NOT NULL CHECK (amount_ore BETWEEN 0 AND 100000000000),
  PRIMARY KEY (year, position)) STRICT, WITHOUT ROWID;

CREATE TABLE invoice_seq (
  year INTEGER PRIMARY KEY CHECK (year BETWEEN 2000 AND 2999),
  last INTEGER NOT NULL CHECK (last BETWEEN 0 AND 9999)) STRICT;

CREATE TABLE invoice (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  number TEXT NOT NULL UNIQUE CHECK (number GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]'),
  year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2999),
  kind TEXT NOT NULL CHECK (kind IN ('annual', 'extra')),
  municipality TEXT NOT NULL REFERENCES municipality(code),
  recipient_name TEXT NOT NULL CHECK (length(recipient_name) BETWEEN 1 AND 200),
  recipient_org_number TEXT CHECK (recipient_org_number IS NULL OR recipient_org_number GLOB
    '[0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]'),
  invoice_date TEXT NOT NULL CHECK (invoice_date GLOB
    '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  due_date TEXT NOT NULL CHECK (due_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  total_ore INTEGER NOT NULL CHECK (total_ore >= 0),
  created_at TEXT NOT NULL CHECK (length(created_at) BETWEEN 20 AND 24),
  created_by INTEGER REFERENCES app_user(id)) STRICT;
-- R27: one January invoice per municipality and year, however often the run is repeated.
CREATE UNIQUE INDEX invoice_annual_once ON invoice(year, municipality) WHERE kind = 'annual';
CREATE INDEX invoice_year ON invoice(year, number);

CREATE TABLE invoice_line (
  invoice_id INTEGER NOT NULL REFERENCES invoice(id) ON DELETE CASCADE,
  position INTEGER NOT NULL CHECK (position BETWEEN 1 AND 1000),
  description TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 300),
  amount_ore INTEGER NOT NULL CHECK (amount_ore >= 0),
  PRIMARY KEY (invoice_id, position)) STRICT, WITHOUT ROWID;

-- Extra charges (R16 wear and cleaning, R29 quality review, R30 coordinator, other shared
-- costs) waiting for an extra invoice; invoice_id is set when one is made.
CREATE TABLE charge (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL CHECK (kind IN ('wear', 'quality_review', 'coordinator', 'other')),
  municipality TEXT NOT NULL REFERENCES municipality(code),
  amount_ore INTEGER NOT NULL CHECK (amount_ore BETWEEN 1 AND 100000000000),
  description TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 200),
  source_ref TEXT CHECK (source_ref IS NULL OR length(source_ref) BETWEEN 1 AND 64),
  invoice_id INTEGER REFERENCES invoice(id),
  created_at TEXT NOT NULL CHECK (length(created_at) BETWEEN 20 AND 24),
  created_by INTEGER REFERENCES app_user(id)) STRICT;
CREATE INDEX charge_open ON charge(invoice_id, municipality);
-- A distribution by the key (quality review, deficit) is made once per year and kind.
CREATE UNIQUE INDEX charge_source_once ON charge(source_ref, municipality)
  WHERE source_ref LIKE 'key:%';
