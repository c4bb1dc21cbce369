-- The audit log (R35): append-only, each row's hash covers the previous row's hash and every
-- field of the row (see src/security/audit.c for the exact encoding). No foreign keys: the log
-- must outlive the accounts and organisations it names. user_id and organisation_id are NULL
-- for the system and the command line. The triggers stop accidents and honest code; an
-- attacker with the file can drop them, which the hash chain then reveals.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY CHECK (id >= 1),
  at TEXT NOT NULL CHECK (length(at) = 24),
  user_id INTEGER,
  username TEXT CHECK (username IS NULL OR length(username) <= 64),
  organisation_id INTEGER,
  action TEXT NOT NULL CHECK (length(action) BETWEEN 1 AND 32),
  record_kind TEXT NOT NULL CHECK (length(record_kind) BETWEEN 1 AND 32),
  record_id TEXT CHECK (record_id IS NULL OR length(record_id) <= 64),
  remote TEXT CHECK (remote IS NULL OR length(remote) <= 64),
  reason TEXT CHECK (reason IS NULL OR length(reason) <= 1000),
  prev_hash BLOB NOT NULL CHECK (length(prev_hash) = 32),
  hash BLOB NOT NULL CHECK (length(hash) = 32)
) STRICT;
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_user ON audit_log(username, at);
CREATE INDEX audit_log_record ON audit_log(record_kind, record_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
