/* Storage of emergency apartments, stays and the charges after a stay (see housing.h).
 * Statements are constants with bound values; rows are copied into fixed-size records so
 * callers never hold SQLite memory. */
#include "store/housing.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Copy a text column into a fixed buffer ("" for NULL; cut at the buffer's size, which the
 * schema's CHECKs make impossible in practice). */
static void col_copy(sqlite3_stmt *s, int i, char *out, size_t n)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	snprintf(out, n, "%s", t != NULL ? (const char *)t : "");
}

static int bind_text_or_null(sqlite3_stmt *s, int n, const char *v)
{
	return v != NULL ? store_bind_text(s, n, v) : store_bind_null(s, n);
}

/* Step an INSERT/UPDATE to the end; with id, the new row's id. */
static int write_done(struct store *st, sqlite3_stmt *s, int64_t *id, struct nrs_error *err)
{
	int rc = store_step_done(st, s, err);

	if (rc == 0 && id != NULL)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

/* An UPDATE of one row by id: NRS_ENOTFOUND when it changed nothing. */
static int update_one(struct store *st, sqlite3_stmt *s, struct nrs_error *err)
{
	int rc = store_step_done(st, s, err);

	if (rc == 0 && sqlite3_changes(st->db) == 0)
		rc = nrs_error_set(err, NRS_ENOTFOUND, "", "uppgiften finns inte");
	return rc;
}

/* ---- apartments ---- */

int store_apartment_add(struct store *st, int64_t organisation_id, const char *label,
                        const char *created_at, int64_t *id, struct nrs_error *err)
{
	static const char sql[] = "INSERT INTO apartment (organisation_id, label, created_at)"
	                          " VALUES ($1, $2, $3)";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, organisation_id) || store_bind_text(s, 2, label) ||
	    store_bind_text(s, 3, created_at))
		return NRS_EDB;
	return write_done(st, s, id, err);
}

int store_apartment_set(struct store *st, int64_t id, const char *label, int active,
                        struct nrs_error *err)
{
	static const char sql[] = "UPDATE apartment SET label = $1, active = $2 WHERE id = $3";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_text(s, 1, label) || store_bind_int(s, 2, active ? 1 : 0) ||
	    store_bind_int(s, 3, id))
		return NRS_EDB;
	return update_one(st, s, err);
}

static void apartment_of(sqlite3_stmt *s, struct apartment_row *r)
{
	r->id = sqlite3_column_int64(s, 0);
	r->organisation_id = sqlite3_column_int64(s, 1);
	col_copy(s, 2, r->label, sizeof(r->label));
	r->active = sqlite3_column_int(s, 3);
}

int store_apartment_get(struct store *st, int64_t id, struct apartment_row *out)
{
	static const char sql[] =
	    "SELECT id, organisation_id, label, active FROM apartment WHERE id = $1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, id))
		return NRS_EDB;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		apartment_of(s, out);
	sqlite3_reset(s);
	if (step == SQLITE_ROW)
		return 0;
	return step == SQLITE_DONE ? NRS_ENOTFOUND : store_error(st, step, NULL);
}

int store_apartment_list(struct store *st, int64_t organisation_id, int active_only,
                         apartment_row_cb cb, void *ctx)
{
	static const char sql[] =
	    "SELECT id, organisation_id, label, active FROM apartment"
	    " WHERE organisation_id = $1 AND (active = 1 OR $2 = 0)"
	    " ORDER BY length(label), label, id";
	struct apartment_row r;
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, organisation_id) || store_bind_int(s, 2, active_only ? 1 : 0))
		return NRS_EDB;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		apartment_of(s, &r);
		rc = cb(&r, ctx);
		if (rc != 0) {
			sqlite3_reset(s);
			return rc;
		}
	}
	sqlite3_reset(s);
	return step == SQLITE_DONE ? 0 : store_error(st, step, NULL);
}

int store_apartment_count(struct store *st, int64_t organisation_id, int64_t *n)
{
	static const char sql[] = "SELECT count(*) FROM apartment WHERE organisation_id = $1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, organisation_id))
		return NRS_EDB;
	step = sqlite3_step(s);
	*n = step == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return step == SQLITE_ROW ? 0 : store_error(st, step, NULL);
}

/* ---- stays ---- */

int store_stay_add(struct store *st, const struct stay_input *in, int64_t *id,
                   struct nrs_error *err)
{
	static const char sql[] =
	    "INSERT INTO stay (apartment_id, client_id, children_ages, children_count,"
	    " home_municipality, move_in, move_out, outside_staff, outside_staff_org, created_at,"
	    " created_by, adult_age) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, in->apartment_id) || store_bind_int(s, 2, in->client_id) ||
	    store_bind_text(s, 3, in->children_ages) || store_bind_int(s, 4, in->children_count) ||
	    store_bind_text(s, 5, in->home_municipality) || store_bind_text(s, 6, in->move_in) ||
	    bind_text_or_null(s, 7, in->move_out) || store_bind_int(s, 8, in->outside_staff) ||
	    store_bind_id_or_null(s, 9, in->outside_staff_org) || store_bind_text(s, 10, in->created_at) ||
	    store_bind_id_or_null(s, 11, in->created_by) ||
	    (in->adult_age >= 0 ? store_bind_int(s, 12, in->adult_age) : store_bind_null(s, 12)))
		return NRS_EDB;
	return write_done(st, s, id, err);
}

int store_stay_set_move_out(struct store *st, int64_t id, const char *move_out,
                            struct nrs_error *err)
{
	static const char sql[] = "UPDATE stay SET move_out = $1 WHERE id = $2";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (bind_text_or_null(s, 1, move_out) || store_bind_int(s, 2, id))
		return NRS_EDB;
	return update_one(st, s, err);
}

#define STAY_COLUMNS                                                                               \
	"SELECT y.id, y.apartment_id, a.label, a.organisation_id, y.client_id, c.code,"            \
	" y.children_ages, y.children_count, y.home_municipality, m.name, y.move_in, y.move_out,"  \
	" y.outside_staff, y.outside_staff_org, o.name, y.created_at"                              \
	" FROM stay y JOIN apartment a ON a.id = y.apartment_id"                                   \
	" JOIN client c ON c.id = y.client_id"                                                     \
	" LEFT JOIN municipality m ON m.code = y.home_municipality"                                \
	" LEFT JOIN organisation o ON o.id = y.outside_staff_org"

static void stay_of(sqlite3_stmt *s, struct stay_rec *r)
{
	r->id = sqlite3_column_int64(s, 0);
	r->apartment_id = sqlite3_column_int64(s, 1);
	col_copy(s, 2, r->apartment_label, sizeof(r->apartment_label));
	r->organisation_id = sqlite3_column_int64(s, 3);
	r->client_id = sqlite3_column_int64(s, 4);
	col_copy(s, 5, r->client_code, sizeof(r->client_code));
	col_copy(s, 6, r->children_ages, sizeof(r->children_ages));
	r->children_count = sqlite3_column_int(s, 7);
	col_copy(s, 8, r->home_municipality, sizeof(r->home_municipality));
	col_copy(s, 9, r->municipality_name, sizeof(r->municipality_name));
	col_copy(s, 10, r->move_in, sizeof(r->move_in));
	col_copy(s, 11, r->move_out, sizeof(r->move_out));
	r->outside_staff = sqlite3_column_int(s, 12);
	r->outside_staff_org = sqlite3_column_int64(s, 13);
	col_copy(s, 14, r->outside_staff_org_name, sizeof(r->outside_staff_org_name));
	col_copy(s, 15, r->created_at, sizeof(r->created_at));
}

/* Walk the rows of s into cb; resets s whatever happens. */
static int walk_stays(struct store *st, sqlite3_stmt *s, stay_rec_cb cb, void *ctx)
{
	struct stay_rec r;
	int step, rc;

	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		stay_of(s, &r);
		rc = cb(&r, ctx);
		if (rc != 0) {
			sqlite3_reset(s);
			return rc;
		}
	}
	sqlite3_reset(s);
	return step == SQLITE_DONE ? 0 : store_error(st, step, NULL);
}

int store_stay_get(struct store *st, int64_t id, struct stay_rec *out)
{
	static const char sql[] = STAY_COLUMNS " WHERE y.id = $1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, id))
		return NRS_EDB;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		stay_of(s, out);
	sqlite3_reset(s);
	if (step == SQLITE_ROW)
		return 0;
	return step == SQLITE_DONE ? NRS_ENOTFOUND : store_error(st, step, NULL);
}

int store_stay_list(struct store *st, int64_t organisation_id, const char *from, const char *to,
                    stay_rec_cb cb, void *ctx)
{
	static const char sql_all[] = STAY_COLUMNS " WHERE a.organisation_id = $1"
	                                           " ORDER BY y.move_in DESC, y.id DESC";
	static const char sql_period[] =
	    STAY_COLUMNS " WHERE a.organisation_id = $1 AND y.move_in <= $2"
	                 " AND (y.move_out IS NULL OR y.move_out >= $3)"
	                 " ORDER BY y.move_in DESC, y.id DESC";
	bool period = from != NULL && to != NULL;
	sqlite3_stmt *s;
	int rc = store_prepare(st, period ? sql_period : sql_all, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, organisation_id))
		return NRS_EDB;
	if (period && (store_bind_text(s, 2, to) || store_bind_text(s, 3, from)))
		return NRS_EDB;
	return walk_stays(st, s, cb, ctx);
}

int store_stay_list_apartment(struct store *st, int64_t apartment_id, stay_rec_cb cb, void *ctx)
{
	static const char sql[] = STAY_COLUMNS " WHERE y.apartment_id = $1 ORDER BY y.move_in, y.id";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, apartment_id))
		return NRS_EDB;
	return walk_stays(st, s, cb, ctx);
}

int store_stay_candidates(struct store *st, int64_t organisation_id, struct stay_candidate *out,
                          size_t max, size_t *n)
{
	static const char sql[] =
	    "SELECT c.id, min(f.opened) AS first_opened FROM client c"
	    " JOIN client_role r ON r.client_id = c.id AND r.role = 'victim'"
	    " JOIN case_file f ON f.client_id = c.id AND f.organisation_id = $1"
	    " WHERE c.gender = 'kvinna' GROUP BY c.id ORDER BY first_opened, c.id";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	*n = 0;
	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, organisation_id))
		return NRS_EDB;
	while (*n < max && (step = sqlite3_step(s)) == SQLITE_ROW) {
		out[*n].client_id = sqlite3_column_int64(s, 0);
		col_copy(s, 1, out[*n].opened, sizeof(out[*n].opened));
		(*n)++;
	}
	if (*n == max)
		step = SQLITE_DONE;
	sqlite3_reset(s);
	return step == SQLITE_DONE ? 0 : store_error(st, step, NULL);
}

/* ---- charges after a stay ---- */

int store_stay_charge_add(struct store *st, int64_t stay_id, int64_t charge_id,
                          const char *reason, const char *municipality, int64_t amount_ore,
                          const char *created_at, int64_t created_by, int64_t *id,
                          struct nrs_error *err)
{
	static const char sql[] =
	    "INSERT INTO stay_charge (stay_id, charge_id, reason, municipality, amount_ore,"
	    " created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, stay_id) || store_bind_int(s, 2, charge_id) ||
	    store_bind_text(s, 3, reason) || store_bind_text(s, 4, municipality) ||
	    store_bind_int(s, 5, amount_ore) || store_bind_text(s, 6, created_at) ||
	    store_bind_id_or_null(s, 7, created_by))
		return NRS_EDB;
	return write_done(st, s, id, err);
}

int store_stay_charge_list(struct store *st, int64_t stay_id, stay_charge_cb cb, void *ctx)
{
	static const char sql[] =
	    "SELECT id, charge_id, reason, municipality, amount_ore, created_at FROM stay_charge"
	    " WHERE stay_id = $1 ORDER BY id";
	struct stay_charge_row r;
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, stay_id))
		return NRS_EDB;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		r.id = sqlite3_column_int64(s, 0);
		r.charge_id = sqlite3_column_int64(s, 1);
		r.reason = (const char *)sqlite3_column_text(s, 2);
		r.municipality = (const char *)sqlite3_column_text(s, 3);
		r.amount_ore = sqlite3_column_int64(s, 4);
		r.created_at = (const char *)sqlite3_column_text(s, 5);
		rc = cb(&r, ctx);
		if (rc != 0) {
			sqlite3_reset(s);
			return rc;
		}
	}
	sqlite3_reset(s);
	return step == SQLITE_DONE ? 0 : store_error(st, step, NULL);
}
