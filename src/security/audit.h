/* The audit chain (R35): every read and write of personal data appends who, when, what,
 * action, from where and the stated reason. Each row's hash is a keyed BLAKE2b over the
 * previous row's hash and this row's fields, so any change or deletion is detected by
 * audit_verify. */
#ifndef NRS_SECURITY_AUDIT_H
#define NRS_SECURITY_AUDIT_H

#include "base/err.h"
#include "store/audit.h"
#include "store/db.h"

#include <stdint.h>
#include <stdio.h>

struct audit_entry {
	int64_t user_id;        /* 0 for the system / command line */
	const char *username;   /* NULL for the system */
	int64_t organisation_id; /* 0 if none */
	const char *action;     /* "read", "create", "update", "delete", "login", ... */
	const char *record_kind; /* "client", "user", ... */
	const char *record_id;  /* NULL if none */
	const char *remote;     /* client address, NULL for the command line */
	const char *reason;     /* stated reason, NULL if none was asked */
};

/* Append one row. Inside a transaction the row joins it, atomic with the change it records.
 * Outside one it is committed by group commit together with rows other threads append at the
 * same time, and the call returns only once the row is durable. While this thread defers
 * (audit_defer_begin), rows that record an access (action read, list or search) are only
 * queued, for audit_defer_flush. key is crypto_keys.audit. Requires crypto_init()
 * (sodium_init) to have run. Fields are checked (UTF-8, lengths) and a bad one is refused
 * with NRS_EINVAL naming it. */
int audit_append(struct store *st, const unsigned char key[32], const struct audit_entry *e,
		 struct nrs_error *err);

/* Deferred access rows, for the web server: a page reads several kinds of record, and one
 * commit of all their rows at the end costs one fsync instead of one per kind. After
 * audit_defer_begin, this thread's access rows wait until audit_defer_flush, which commits
 * them (group commit, outside any transaction) and ends the deferral. The caller must not let
 * anything read leave the process unless the flush returned 0: that keeps R39 (a read is
 * answered only after its audit row is durable). The rows keep the time of the access. */
void audit_defer_begin(void);
int audit_defer_flush(struct store *st, struct nrs_error *err);
/* Walk the chain from the start. Returns 0 if intact; NRS_ECONFLICT with *bad_id set to the
 * first row whose hash or link does not match. *checked receives the number of rows. */
int audit_verify(struct store *st, const unsigned char key[32], int64_t *checked,
		 int64_t *bad_id);

/* What audit_verify_full found. last_id/last_hash describe the newest row (0 and zeros for
 * an empty log): written down outside the system, they form an anchor for audit_anchor_check,
 * the only way to notice that rows were cut off the end. */
struct audit_verify_result {
	int64_t checked;
	int64_t bad_id; /* 0 if intact */
	int64_t last_id;
	unsigned char last_hash[AUDIT_HASH_BYTES];
};
/* As audit_verify, with the newest row's id and hash. Returns 0, NRS_ECONFLICT or an error. */
int audit_verify_full(struct store *st, const unsigned char key[32],
		      struct audit_verify_result *res);
/* Is row id still there with this hash? 0 if so, NRS_ENOTFOUND if the row is gone (the log
 * was truncated), NRS_ECONFLICT if its hash differs. Meaningful after audit_verify succeeded:
 * an intact chain that contains the anchor cannot have lost any row up to it. */
int audit_anchor_check(struct store *st, int64_t id, const unsigned char hash[AUDIT_HASH_BYTES]);

/* Write rows with from <= at < to as CSV (semicolon, UTF-8 with BOM, RFC 4180 quoting, CRLF,
 * header row). from and to are calendar dates YYYY-MM-DD in Europe/Stockholm (the day starts
 * at local midnight); either may be NULL. NRS_EIO if writing fails. */
int audit_export_csv(struct store *st, const char *from, const char *to, FILE *out,
		     struct nrs_error *err);

#define AUDIT_PAGE_MAX 500

/* A filter for the administrator's review page. Dates as for audit_export_csv (to is
 * exclusive); other fields match exactly; NULL for any. */
struct audit_query {
	const char *from;
	const char *to;
	const char *username;
	const char *record_kind;
	const char *action;
	int64_t limit;  /* 1..AUDIT_PAGE_MAX */
	int64_t offset; /* >= 0 */
};
/* Matching rows newest first (rows borrowed during the callback); *total (may be NULL)
 * receives the number of matching rows. Bad dates or limits: NRS_EINVAL naming the field. */
int audit_query(struct store *st, const struct audit_query *q, audit_row_cb cb, void *ctx,
		int64_t *total, struct nrs_error *err);
/* A uniformly random sample of up to n (1..AUDIT_PAGE_MAX) read accesses with from <= at < to
 * (dates as above), in log order, for the periodic spot check (loggkontroll). Uses ORDER BY
 * random() over the range: a full scan, fine for a check run by hand. */
int audit_sample_reads(struct store *st, const char *from, const char *to, int64_t n,
		       audit_row_cb cb, void *ctx, struct nrs_error *err);

/* Convert a calendar date YYYY-MM-DD in Europe/Stockholm, plus add_days, to the UTC instant of
 * its local midnight in the log's format (out receives AUDIT_AT_CHARS + NUL). NRS_EINVAL for a
 * malformed date. Uses the process's local zone, which time_init_zone() sets. Exposed for the
 * CLI and tests. */
int audit_day_start_utc(const char *date, int add_days, char out[AUDIT_AT_CHARS + 1]);

#endif
