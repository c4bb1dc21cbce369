/* Storage for the audit log: the SQL behind security/audit.c. This layer only reads and
 * writes rows; computing and checking the hash chain is security/audit.c's job, so that the
 * key never reaches the store. */
#ifndef NRS_STORE_AUDIT_H
#define NRS_STORE_AUDIT_H

#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

#define AUDIT_HASH_BYTES 32
#define AUDIT_AT_CHARS 24 /* "YYYY-MM-DDTHH:MM:SS.mmmZ" */

/* One row as stored. Text fields are NULL for SQL NULL and carry their byte length, because
 * the hash is computed over exactly the stored bytes. has_user_id / has_organisation_id are
 * 0 when the column is NULL. prev_hash and hash may have a length other than 32 if the file
 * was tampered with; the verifier must check. */
struct audit_row {
	int64_t id;
	const char *at;
	size_t at_len;
	int has_user_id;
	int64_t user_id;
	const char *username;
	size_t username_len;
	int has_organisation_id;
	int64_t organisation_id;
	const char *action;
	size_t action_len;
	const char *record_kind;
	size_t record_kind_len;
	const char *record_id;
	size_t record_id_len;
	const char *remote;
	size_t remote_len;
	const char *reason;
	size_t reason_len;
	const unsigned char *prev_hash;
	size_t prev_hash_len;
	const unsigned char *hash;
	size_t hash_len;
};

/* Rows given to callbacks are borrowed and valid only during the call; a non-zero return
 * stops the walk and is passed back to the caller. */
typedef int (*audit_row_cb)(const struct audit_row *row, void *ctx);

/* The newest row's id and hash. *found is 0 (and id 0, hash zeroed) for an empty log. Call
 * inside a write transaction so that no other writer can append in between. NRS_ECONFLICT if
 * the stored hash has the wrong size (only tampering does that). */
int store_audit_last(struct store *st, int64_t *id, unsigned char hash[AUDIT_HASH_BYTES],
		     int *found);
/* The hash stored for row id. *found is 0 if there is no such row. NRS_ECONFLICT if the
 * stored hash has the wrong size. */
int store_audit_hash_of(struct store *st, int64_t id, unsigned char hash[AUDIT_HASH_BYTES],
			int *found);
/* Insert row as given (id included; the caller chose it). Text lengths are taken from the
 * *_len fields. Constraint violations become NRS_EINVAL with a Swedish line in err. */
int store_audit_insert(struct store *st, const struct audit_row *row, struct nrs_error *err);
/* Every row by id ascending, for the verifier. */
int store_audit_walk(struct store *st, audit_row_cb cb, void *ctx);

/* Filter for listing. from/to are UTC ISO 8601 instants (from <= at < to) or NULL for no
 * bound; username, record_kind and action match exactly, NULL for any. */
struct store_audit_filter {
	const char *from;
	const char *to;
	const char *username;
	const char *record_kind;
	const char *action;
};

/* Matching rows by id ascending (oldest first), for export. */
int store_audit_range(struct store *st, const struct store_audit_filter *f, audit_row_cb cb,
		      void *ctx);
/* Matching rows newest first, limit rows from offset. *total (may be NULL) receives the
 * number of matching rows, for paging. */
int store_audit_page(struct store *st, const struct store_audit_filter *f, int64_t limit,
		     int64_t offset, audit_row_cb cb, void *ctx, int64_t *total);
/* Up to n rows with action 'read' in [from, to), chosen uniformly at random (ORDER BY
 * random(): a full scan of the range, acceptable for a review that runs by hand), given in
 * id order. */
int store_audit_sample_reads(struct store *st, const char *from, const char *to, int64_t n,
			     audit_row_cb cb, void *ctx);

#endif
