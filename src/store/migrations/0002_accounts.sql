-- Accounts, roles, sessions and API tokens. Times used for expiry arithmetic are integer
-- Unix seconds (*_epoch); other timestamps are UTC ISO 8601 text.
CREATE TABLE app_user (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE CHECK (length(username) BETWEEN 2 AND 64
    AND username NOT GLOB '*[^a-z0-9._-]*'),
  display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  organisation_id INTEGER NOT NULL REFERENCES organisation(id),
  password_hash TEXT NOT NULL CHECK (length(password_hash) BETWEEN 1 AND 255),
  must_change_password INTEGER NOT NULL DEFAULT 1 CHECK (must_change_password IN (0, 1)),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  failed_logins INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
  locked_until_epoch INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  password_changed_at TEXT
) STRICT;
CREATE TABLE user_role (
  user_id INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'centre_staff', 'centre_manager',
    'samrad_coordinator', 'municipal_officer', 'agency_rep', 'steering', 'finance')),
  PRIMARY KEY (user_id, role)
) STRICT;
CREATE TABLE session (
  token_hash BLOB PRIMARY KEY CHECK (length(token_hash) = 32),
  -- only the BLAKE2b hash of the cookie token is stored, never the token
  user_id INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL CHECK (length(csrf_token) >= 32),
  created_epoch INTEGER NOT NULL,
  last_seen_epoch INTEGER NOT NULL
) STRICT;
CREATE INDEX session_user ON session(user_id);
CREATE TABLE api_token (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
  token_hash BLOB NOT NULL UNIQUE CHECK (length(token_hash) = 32),
  label TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  revoked INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
) STRICT;
CREATE INDEX api_token_user ON api_token(user_id);
