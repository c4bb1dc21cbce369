/* Bulk loading of synthetic data (see bulk.h). Statements are constants with bound values,
 * prepared once through the statement cache and reused for every row. */
#include "store/bulk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The page cache for the load, in KiB (negative cache_size): the tables are appended in id
 * order, so a few hundred MB keeps every page that is still being filled in memory. */
#define BULK_CACHE_KIB 262144

/* ---- binding ----
 * Every statement here names its parameters $1, $2 ... in order of first appearance, so the
 * name $n is position n: binding by position skips the name look-up of store_bind_*, which
 * is a measurable part of the cost at millions of rows. Texts are bound without copying:
 * the caller's strings live until the statement has run. */

static int bind_rc(int rc)
{
	return rc == SQLITE_OK ? 0 : NRS_EDB;
}

static int bind_text(sqlite3_stmt *s, int n, const char *v)
{
	return bind_rc(v ? sqlite3_bind_text(s, n, v, -1, SQLITE_STATIC) : sqlite3_bind_null(s, n));
}

static int bind_int(sqlite3_stmt *s, int n, int64_t v)
{
	return bind_rc(sqlite3_bind_int64(s, n, v));
}

static int bind_null(sqlite3_stmt *s, int n)
{
	return bind_rc(sqlite3_bind_null(s, n));
}

static int bind_blob(sqlite3_stmt *s, int n, const void *v, size_t len)
{
	return bind_rc(sqlite3_bind_blob64(s, n, v, len, SQLITE_STATIC));
}

/* ---- indexes ---- */

static void indexes_free(struct bulk_indexes *saved)
{
	for (size_t i = 0; i < saved->n; i++)
		free(saved->sql[i]);
	free(saved->sql);
	saved->sql = NULL;
	saved->n = 0;
}

/* Remember every explicit index of the loaded tables (sql IS NULL: the automatic indexes
 * of PRIMARY KEY and UNIQUE, which stay). */
static int indexes_collect(struct store *st, struct bulk_indexes *saved)
{
	static const char sql[] =
	    "SELECT sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL"
	    " AND tbl_name IN ('client', 'case_file', 'intervention', 'session_log')"
	    " ORDER BY name";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	if (rc != 0)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		char **grown = realloc(saved->sql, (saved->n + 1) * sizeof(*grown));
		char *text = grown ? store_col_text_dup(s, 0) : NULL;

		if (grown)
			saved->sql = grown;
		if (text == NULL) {
			sqlite3_reset(s);
			return NRS_ENOMEM;
		}
		saved->sql[saved->n++] = text;
	}
	sqlite3_reset(s);
	return step == SQLITE_DONE ? 0 : store_error(st, step, NULL);
}

/* "CREATE [UNIQUE] INDEX name ON ..." -> "DROP INDEX name". The name comes from the
 * schema itself, quoted so that any name is taken literally. */
static int index_drop(struct store *st, const char *create)
{
	const char *p = strstr(create, "INDEX ");
	char drop[256];
	size_t len;
	int rc;

	if (p == NULL)
		return NRS_EINVAL;
	p += strlen("INDEX ");
	if (strncmp(p, "IF NOT EXISTS ", 14) == 0)
		p += 14;
	len = strcspn(p, " (");
	if (len == 0 || len > 200 || memchr(p, '"', len) != NULL)
		return NRS_EINVAL;
	snprintf(drop, sizeof(drop), "DROP INDEX \"%.*s\"", (int)len, p);
	rc = sqlite3_exec(st->db, drop, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : store_error(st, rc, NULL);
}

int store_bulk_prepare(struct store *st, struct bulk_indexes *saved, struct nrs_error *err)
{
	char pragma[64];
	int rc;

	saved->sql = NULL;
	saved->n = 0;
	snprintf(pragma, sizeof(pragma), "PRAGMA cache_size = -%d", BULK_CACHE_KIB);
	rc = sqlite3_exec(st->db, pragma, NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return store_error(st, rc, err);
	/* the sorter of CREATE INDEX may use a helper thread; the connection is this thread's
	 * alone, so it changes nothing for anyone else */
	sqlite3_exec(st->db, "PRAGMA threads = 2", NULL, NULL, NULL);
	rc = indexes_collect(st, saved);
	for (size_t i = 0; rc == 0 && i < saved->n; i++)
		rc = index_drop(st, saved->sql[i]);
	if (rc != 0) {
		indexes_free(saved);
		return nrs_error_set(err, rc, "", "indexen kunde inte tas bort före inläsningen");
	}
	return 0;
}

int store_bulk_finish(struct store *st, struct bulk_indexes *saved, int rebuild,
                      struct nrs_error *err)
{
	int rc = 0;

	for (size_t i = 0; rebuild && rc == 0 && i < saved->n; i++) {
		int src = sqlite3_exec(st->db, saved->sql[i], NULL, NULL, NULL);
		if (src != SQLITE_OK)
			rc = store_error(st, src, err);
	}
	indexes_free(saved);
	/* back to the connection's defaults */
	sqlite3_exec(st->db, "PRAGMA cache_size = -2000; PRAGMA threads = 0", NULL, NULL, NULL);
	return rc;
}

/* ---- look-ups ---- */

int store_bulk_municipalities(struct store *st, bulk_municipality_cb cb, void *ctx)
{
	static const char sql[] =
	    "SELECT m.code, coalesce((SELECT p.population FROM population p"
	    " WHERE p.municipality_code = m.code ORDER BY p.ref_date DESC LIMIT 1), 0)"
	    " FROM municipality m ORDER BY m.code";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	if (rc != 0)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		rc = cb(store_col_text(s, 0), sqlite3_column_int64(s, 1), ctx);
		if (rc != 0) {
			sqlite3_reset(s);
			return rc;
		}
	}
	sqlite3_reset(s);
	return step == SQLITE_DONE ? 0 : store_error(st, step, NULL);
}

int store_bulk_next_ids(struct store *st, struct bulk_next_ids *out)
{
	static const char sql[] =
	    "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'client'), 0),"
	    "  coalesce((SELECT max(id) FROM client), 0)) + 1,"
	    " max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'case_file'), 0),"
	    "  coalesce((SELECT max(id) FROM case_file), 0)) + 1,"
	    " max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'intervention'), 0),"
	    "  coalesce((SELECT max(id) FROM intervention), 0)) + 1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	if (rc != 0)
		return rc;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		out->client = sqlite3_column_int64(s, 0);
		out->case_file = sqlite3_column_int64(s, 1);
		out->intervention = sqlite3_column_int64(s, 2);
	}
	sqlite3_reset(s);
	return step == SQLITE_ROW ? 0 : store_error(st, step, NULL);
}

/* ---- rows ---- */

int store_bulk_client(struct store *st, const struct bulk_client *c, struct nrs_error *err)
{
	static const char client_sql[] =
	    "INSERT INTO client (id, code, name_enc, birth_year, gender, home_municipality,"
	    " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";
	static const char role_sql[] = "INSERT INTO client_role (client_id, role) VALUES ($1, $2)";
	sqlite3_stmt *s;
	int rc = store_prepare(st, client_sql, &s);

	if (rc != 0)
		return rc;
	if (bind_int(s, 1, c->id) || bind_text(s, 2, c->code) ||
	    bind_blob(s, 3, c->name_enc, c->name_len) || bind_int(s, 4, c->birth_year) ||
	    bind_text(s, 5, c->gender) || bind_text(s, 6, c->home_municipality) ||
	    bind_text(s, 7, c->created_at))
		return NRS_EDB;
	rc = store_step_done(st, s, err);
	if (rc == 0)
		rc = store_prepare(st, role_sql, &s);
	if (rc != 0)
		return rc;
	if (bind_int(s, 1, c->id) || bind_text(s, 2, c->role))
		return NRS_EDB;
	return store_step_done(st, s, err);
}

int store_bulk_client_code_seq(struct store *st, int year, int64_t last, struct nrs_error *err)
{
	static const char sql[] =
	    "INSERT INTO client_code_seq (year, last) VALUES ($1, $2)"
	    " ON CONFLICT (year) DO UPDATE SET last = max(last, excluded.last)";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (bind_int(s, 1, year) || bind_int(s, 2, last))
		return NRS_EDB;
	return store_step_done(st, s, err);
}

int store_bulk_case(struct store *st, const struct bulk_case *c, struct nrs_error *err)
{
	static const char sql[] =
	    "INSERT INTO case_file (id, client_id, opened, closed, referral_source,"
	    " referring_municipality, organisation_id, created_at)"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (bind_int(s, 1, c->id) || bind_int(s, 2, c->client_id) || bind_text(s, 3, c->opened) ||
	    bind_text(s, 4, c->closed) || bind_text(s, 5, c->referral_source) ||
	    bind_text(s, 6, c->referring_municipality) || bind_int(s, 7, c->organisation_id) ||
	    bind_text(s, 8, c->created_at))
		return NRS_EDB;
	return store_step_done(st, s, err);
}

int store_bulk_intervention(struct store *st, const struct bulk_intervention *iv,
                            struct nrs_error *err)
{
	static const char sql[] =
	    "INSERT INTO intervention (id, case_id, type, requested, started, ended, end_reason,"
	    " basis, decision_municipality, decision_date, start_age, start_municipality,"
	    " start_gender, created_at)"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (bind_int(s, 1, iv->id) || bind_int(s, 2, iv->case_id) || bind_text(s, 3, iv->type) ||
	    bind_text(s, 4, iv->requested) || bind_text(s, 5, iv->started) ||
	    bind_text(s, 6, iv->ended) || bind_text(s, 7, iv->end_reason) ||
	    bind_text(s, 8, iv->basis) || bind_text(s, 9, iv->decision_municipality) ||
	    bind_text(s, 10, iv->decision_date) ||
	    (iv->start_age < 0 ? bind_null(s, 11) : bind_int(s, 11, iv->start_age)) ||
	    bind_text(s, 12, iv->start_municipality) || bind_text(s, 13, iv->start_gender) ||
	    bind_text(s, 14, iv->created_at))
		return NRS_EDB;
	return store_step_done(st, s, err);
}

int store_bulk_session(struct store *st, const struct bulk_session *x, struct nrs_error *err)
{
	static const char sql[] =
	    "INSERT INTO session_log (intervention_id, held, minutes, mode, outcome, created_at)"
	    " VALUES ($1, $2, $3, $4, $5, $6)";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (bind_int(s, 1, x->intervention_id) || bind_text(s, 2, x->held) ||
	    bind_int(s, 3, x->minutes) || bind_text(s, 4, x->mode) || bind_text(s, 5, x->outcome) ||
	    bind_text(s, 6, x->created_at))
		return NRS_EDB;
	return store_step_done(st, s, err);
}

int store_bulk_stay(struct store *st, const struct bulk_stay *x, struct nrs_error *err)
{
	static const char sql[] =
	    "INSERT INTO stay (apartment_id, client_id, children_ages, children_count,"
	    " home_municipality, move_in, move_out, outside_staff, adult_age, created_at)"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $9)";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (bind_int(s, 1, x->apartment_id) || bind_int(s, 2, x->client_id) ||
	    bind_text(s, 3, x->children_ages) || bind_int(s, 4, x->children_count) ||
	    bind_text(s, 5, x->home_municipality) || bind_text(s, 6, x->move_in) ||
	    bind_text(s, 7, x->move_out) || bind_int(s, 8, x->adult_age) ||
	    bind_text(s, 9, x->created_at))
		return NRS_EDB;
	return store_step_done(st, s, err);
}

int store_bulk_referral(struct store *st, const struct bulk_referral *r, struct nrs_error *err)
{
	static const char sql[] =
	    "INSERT INTO police_referral (organisation_id, received_at, consent, municipality,"
	    " first_contact_at, outcome, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (bind_int(s, 1, r->organisation_id) || bind_text(s, 2, r->received_at) ||
	    bind_int(s, 3, r->consent) || bind_text(s, 4, r->municipality) ||
	    bind_text(s, 5, r->first_contact_at) || bind_text(s, 6, r->outcome) ||
	    bind_text(s, 7, r->created_at))
		return NRS_EDB;
	return store_step_done(st, s, err);
}

int store_bulk_report_year(struct store *st, int year, int64_t staff_fte, const char *updated_at,
                           struct nrs_error *err)
{
	static const char sql[] =
	    "INSERT INTO report_year (year, staff_fte, updated_at) VALUES ($1, $2, $3)"
	    " ON CONFLICT (year) DO UPDATE SET staff_fte = excluded.staff_fte,"
	    " updated_at = excluded.updated_at";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (bind_int(s, 1, year) || bind_int(s, 2, staff_fte) || bind_text(s, 3, updated_at))
		return NRS_EDB;
	return store_step_done(st, s, err);
}
