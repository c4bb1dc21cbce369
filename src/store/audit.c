/* SQL for the audit log (see audit.h). Rows are read with their exact byte lengths, since the
 * chain hashes stored bytes, not C strings. */
#include "store/audit.h"

#include <stdio.h>
#include <string.h>

#define AUDIT_COLUMNS                                                                            \
	"SELECT id, at, user_id, username, organisation_id, action, record_kind, record_id,"    \
	" remote, reason, prev_hash, hash FROM audit_log"

/* The shared filter: $1 from, $2 to, $3 username, $4 record_kind, $5 action. Comparing the
 * fixed-width UTC text of `at` orders it like the instants themselves. */
#define AUDIT_FILTER                                                                             \
	" WHERE ($1 IS NULL OR at >= $1) AND ($2 IS NULL OR at < $2)"                           \
	" AND ($3 IS NULL OR username = $3) AND ($4 IS NULL OR record_kind = $4)"               \
	" AND ($5 IS NULL OR action = $5)"

static const char *col_text(sqlite3_stmt *s, int i, size_t *len)
{
	const char *t = (const char *)sqlite3_column_text(s, i);

	/* column_bytes after column_text gives the length of that text form */
	*len = t ? (size_t)sqlite3_column_bytes(s, i) : 0;
	return t;
}

static const unsigned char *col_blob(sqlite3_stmt *s, int i, size_t *len)
{
	const unsigned char *b = sqlite3_column_blob(s, i);

	*len = b ? (size_t)sqlite3_column_bytes(s, i) : 0;
	return b;
}

static void fill_row(sqlite3_stmt *s, struct audit_row *r)
{
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(s, 0);
	r->at = col_text(s, 1, &r->at_len);
	r->has_user_id = sqlite3_column_type(s, 2) != SQLITE_NULL;
	r->user_id = r->has_user_id ? sqlite3_column_int64(s, 2) : 0;
	r->username = col_text(s, 3, &r->username_len);
	r->has_organisation_id = sqlite3_column_type(s, 4) != SQLITE_NULL;
	r->organisation_id = r->has_organisation_id ? sqlite3_column_int64(s, 4) : 0;
	r->action = col_text(s, 5, &r->action_len);
	r->record_kind = col_text(s, 6, &r->record_kind_len);
	r->record_id = col_text(s, 7, &r->record_id_len);
	r->remote = col_text(s, 8, &r->remote_len);
	r->reason = col_text(s, 9, &r->reason_len);
	r->prev_hash = col_blob(s, 10, &r->prev_hash_len);
	r->hash = col_blob(s, 11, &r->hash_len);
}

/* Step through every row of a prepared statement, handing each to cb. */
static int walk(struct store *st, sqlite3_stmt *s, audit_row_cb cb, void *ctx)
{
	struct audit_row row;
	int step, rc = 0;

	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		fill_row(s, &row);
		rc = cb(&row, ctx);
		if (rc != 0)
			goto out;
	}
	if (step != SQLITE_DONE)
		rc = store_error(st, step, NULL);
out:
	sqlite3_reset(s);
	return rc;
}

static int bind_filter(sqlite3_stmt *s, const struct store_audit_filter *f)
{
	static const struct store_audit_filter none = {0};

	if (f == NULL)
		f = &none;
	if (store_bind_text(s, 1, f->from) || store_bind_text(s, 2, f->to) ||
	    store_bind_text(s, 3, f->username) || store_bind_text(s, 4, f->record_kind) ||
	    store_bind_text(s, 5, f->action))
		return NRS_EDB;
	return 0;
}

/* Bind text by its recorded length (NULL stays NULL), so the stored bytes are exactly the
 * bytes security/audit.c hashed. */
static int bind_textn(sqlite3_stmt *s, int n, const char *v, size_t len)
{
	char name[16];
	int i;

	snprintf(name, sizeof(name), "$%d", n);
	i = sqlite3_bind_parameter_index(s, name);
	if (i == 0 || len > INT32_MAX)
		return NRS_EDB;
	if (v == NULL)
		return sqlite3_bind_null(s, i) == SQLITE_OK ? 0 : NRS_EDB;
	return sqlite3_bind_text(s, i, v, (int)len, SQLITE_TRANSIENT) == SQLITE_OK ? 0 : NRS_EDB;
}

static int bind_opt_int(sqlite3_stmt *s, int n, int has, int64_t v)
{
	return has ? store_bind_int(s, n, v) : store_bind_null(s, n);
}

int store_audit_last(struct store *st, int64_t *id, unsigned char hash[AUDIT_HASH_BYTES],
		     int *found)
{
	static const char sql[] = "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1";
	sqlite3_stmt *s;
	int rc, step;

	*id = 0;
	*found = 0;
	memset(hash, 0, AUDIT_HASH_BYTES);
	rc = store_prepare(st, sql, &s);
	if (rc != 0)
		return rc;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		size_t n;
		const unsigned char *h = col_blob(s, 1, &n);
		/* a stored hash of the wrong size can only come from tampering; chaining onto it
		 * would hide that, so refuse and let audit verify name the row */
		if (h == NULL || n != AUDIT_HASH_BYTES) {
			rc = NRS_ECONFLICT;
			goto out;
		}
		*id = sqlite3_column_int64(s, 0);
		memcpy(hash, h, AUDIT_HASH_BYTES);
		*found = 1;
	} else if (step != SQLITE_DONE) {
		rc = store_error(st, step, NULL);
	}
out:
	sqlite3_reset(s);
	return rc;
}

int store_audit_hash_of(struct store *st, int64_t id, unsigned char hash[AUDIT_HASH_BYTES],
			int *found)
{
	static const char sql[] = "SELECT hash FROM audit_log WHERE id = $1";
	sqlite3_stmt *s;
	int rc, step;

	*found = 0;
	memset(hash, 0, AUDIT_HASH_BYTES);
	rc = store_prepare(st, sql, &s);
	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, id))
		return NRS_EDB;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		size_t n;
		const unsigned char *h = col_blob(s, 0, &n);
		if (h == NULL || n != AUDIT_HASH_BYTES) {
			rc = NRS_ECONFLICT;
			goto out;
		}
		memcpy(hash, h, AUDIT_HASH_BYTES);
		*found = 1;
	} else if (step != SQLITE_DONE) {
		rc = store_error(st, step, NULL);
	}
out:
	sqlite3_reset(s);
	return rc;
}

int store_audit_insert(struct store *st, const struct audit_row *r, struct nrs_error *err)
{
	static const char sql[] =
		"INSERT INTO audit_log (id, at, user_id, username, organisation_id, action,"
		" record_kind, record_id, remote, reason, prev_hash, hash)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, r->id) || bind_textn(s, 2, r->at, r->at_len) ||
	    bind_opt_int(s, 3, r->has_user_id, r->user_id) ||
	    bind_textn(s, 4, r->username, r->username_len) ||
	    bind_opt_int(s, 5, r->has_organisation_id, r->organisation_id) ||
	    bind_textn(s, 6, r->action, r->action_len) ||
	    bind_textn(s, 7, r->record_kind, r->record_kind_len) ||
	    bind_textn(s, 8, r->record_id, r->record_id_len) ||
	    bind_textn(s, 9, r->remote, r->remote_len) ||
	    bind_textn(s, 10, r->reason, r->reason_len) ||
	    store_bind_blob(s, 11, r->prev_hash, r->prev_hash_len) ||
	    store_bind_blob(s, 12, r->hash, r->hash_len))
		return NRS_EDB;
	return store_step_done(st, s, err);
}

int store_audit_walk(struct store *st, audit_row_cb cb, void *ctx)
{
	static const char sql[] = AUDIT_COLUMNS " ORDER BY id";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	return rc != 0 ? rc : walk(st, s, cb, ctx);
}

int store_audit_range(struct store *st, const struct store_audit_filter *f, audit_row_cb cb,
		      void *ctx)
{
	static const char sql[] = AUDIT_COLUMNS AUDIT_FILTER " ORDER BY id";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (bind_filter(s, f))
		return NRS_EDB;
	return walk(st, s, cb, ctx);
}

int store_audit_page(struct store *st, const struct store_audit_filter *f, int64_t limit,
		     int64_t offset, audit_row_cb cb, void *ctx, int64_t *total)
{
	static const char sql_count[] = "SELECT count(*) FROM audit_log" AUDIT_FILTER;
	/* newest first by id, not by at: id is the order of the chain, and two rows may share
	 * a millisecond */
	static const char sql[] = AUDIT_COLUMNS AUDIT_FILTER " ORDER BY id DESC LIMIT $6 OFFSET $7";
	sqlite3_stmt *s;
	int rc, step;

	if (limit < 0 || offset < 0)
		return NRS_EINVAL;
	if (total) {
		rc = store_prepare(st, sql_count, &s);
		if (rc != 0)
			return rc;
		if (bind_filter(s, f))
			return NRS_EDB;
		step = sqlite3_step(s);
		*total = step == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
		sqlite3_reset(s);
		if (step != SQLITE_ROW)
			return store_error(st, step, NULL);
	}
	rc = store_prepare(st, sql, &s);
	if (rc != 0)
		return rc;
	if (bind_filter(s, f) || store_bind_int(s, 6, limit) || store_bind_int(s, 7, offset))
		return NRS_EDB;
	return walk(st, s, cb, ctx);
}

int store_audit_sample_reads(struct store *st, const char *from, const char *to, int64_t n,
			     audit_row_cb cb, void *ctx)
{
	static const char sql[] = AUDIT_COLUMNS
		" WHERE id IN (SELECT id FROM audit_log WHERE action = 'read'"
		" AND ($1 IS NULL OR at >= $1) AND ($2 IS NULL OR at < $2)"
		" ORDER BY random() LIMIT $3) ORDER BY id";
	sqlite3_stmt *s;
	int rc;

	if (n < 0)
		return NRS_EINVAL;
	rc = store_prepare(st, sql, &s);
	if (rc != 0)
		return rc;
	if (store_bind_text(s, 1, from) || store_bind_text(s, 2, to) || store_bind_int(s, 3, n))
		return NRS_EDB;
	return walk(st, s, cb, ctx);
}
