-- The audit log (R35): append-only, each row's hash covers the previous row's hash.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  user_id INTEGER,
  username TEXT,
  organisation_id INTEGER,
  action TEXT NOT NULL CHECK (length(action) BETWEEN 1 AND 32),
  record_kind TEXT NOT NULL CHECK (length(record_kind) BETWEEN 1 AND 32),
  record_id TEXT,
  remote TEXT,
  reason TEXT CHECK (reason IS NULL OR length(reason) <= 1000),
  prev_hash BLOB NOT NULL,
  hash BLOB NOT NULL
) STRICT;
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_user ON audit_log(user_id);
CREATE INDEX audit_log_record ON audit_log(record_kind, record_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
