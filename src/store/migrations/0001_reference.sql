-- Reference data and the county configuration.
CREATE TABLE county (
  code TEXT PRIMARY KEY CHECK (length(code) = 2 AND code GLOB '[0-9][0-9]'),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100)) STRICT;
CREATE TABLE municipality (
  code TEXT PRIMARY KEY CHECK (code GLOB '[0-9][0-9][0-9][0-9]'),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  county_code TEXT NOT NULL REFERENCES county(code),
  CHECK (substr(code, 1, 2) = county_code)) STRICT;
CREATE INDEX municipality_county ON municipality(county_code);
CREATE TABLE organisation (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('municipality', 'region', 'police', 'centre',
  'shelter', 'prosecutor', 'county_board', 'other')),
  name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
  org_number TEXT CHECK (org_number IS NULL OR org_number GLOB
  '[0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]'),
  municipality_code TEXT REFERENCES municipality(code),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  CHECK (kind <> 'municipality' OR municipality_code IS NOT NULL)) STRICT;
CREATE UNIQUE INDEX organisation_municipality ON organisation(municipality_code)
  WHERE kind = 'municipality';
CREATE TABLE population (
  municipality_code TEXT NOT NULL REFERENCES municipality(code),
  ref_date TEXT NOT NULL CHECK (ref_date GLOB
  '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  population INTEGER NOT NULL CHECK (population BETWEEN 0 AND 100000000),
  source TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 200),
  PRIMARY KEY (municipality_code, ref_date)) STRICT;
CREATE TABLE region (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  county_code TEXT NOT NULL REFERENCES county(code),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  host_municipality TEXT NOT NULL REFERENCES municipality(code),
  population_date TEXT CHECK (population_date IS NULL OR population_date GLOB
  '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')) STRICT;
CREATE TABLE region_member (
  municipality_code TEXT PRIMARY KEY REFERENCES municipality(code)) STRICT;

