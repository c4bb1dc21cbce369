/* Storage of budget years, cost lines, the cost key's population, charges and invoices (see
 * economy.h). Statements are constants with bound values. */
#include "store/economy.h"

#include <stdio.h>
#include <string.h>

static int bind_opt_text(sqlite3_stmt *s, int n, const char *v)
{
	return v != NULL && v[0] != '\0' ? store_bind_text(s, n, v) : store_bind_null(s, n);
}

static void copy_text(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

/* One integer from a one-row query. */
static int single_int(struct store *st, sqlite3_stmt *s, int64_t *out)
{
	int step = sqlite3_step(s);

	*out = 0;
	if (step == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return step == SQLITE_ROW || step == SQLITE_DONE ? 0 : store_error(st, step, NULL);
}

/* ---- budget years ---- */

int store_budget_year_get(struct store *st, int year, struct budget_year_row *out)
{
	static const char sql[] =
	    "SELECT year, overhead_bp, uprate_bp, population_date, coordinator_ore,"
	    " quality_review_ore, outcome_ore, invoice_date FROM budget_year WHERE year = $1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, year))
		return NRS_EDB;
	memset(out, 0, sizeof(*out));
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		out->year = sqlite3_column_int(s, 0);
		out->overhead_bp = sqlite3_column_int(s, 1);
		out->uprate_bp = sqlite3_column_int(s, 2);
		copy_text(out->population_date, sizeof(out->population_date), store_col_text(s, 3));
		out->coordinator_ore = sqlite3_column_int64(s, 4);
		out->quality_review_ore = sqlite3_column_int64(s, 5);
		out->has_outcome = sqlite3_column_type(s, 6) != SQLITE_NULL;
		out->outcome_ore = sqlite3_column_int64(s, 6);
		copy_text(out->invoice_date, sizeof(out->invoice_date), store_col_text(s, 7));
	}
	sqlite3_reset(s);
	if (step == SQLITE_ROW)
		return 0;
	return step == SQLITE_DONE ? NRS_ENOTFOUND : store_error(st, step, NULL);
}

int store_budget_year_put(struct store *st, const struct budget_year_row *in,
                          const char *updated_at, int64_t updated_by, struct nrs_error *err)
{
	static const char sql[] =
	    "INSERT INTO budget_year (year, overhead_bp, uprate_bp, population_date,"
	    " coordinator_ore, quality_review_ore, outcome_ore, invoice_date, updated_at,"
	    " updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
	    " ON CONFLICT (year) DO UPDATE SET overhead_bp = excluded.overhead_bp,"
	    " uprate_bp = excluded.uprate_bp, population_date = excluded.population_date,"
	    " coordinator_ore = excluded.coordinator_ore,"
	    " quality_review_ore = excluded.quality_review_ore, outcome_ore = excluded.outcome_ore,"
	    " invoice_date = excluded.invoice_date, updated_at = excluded.updated_at,"
	    " updated_by = excluded.updated_by";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, in->year) || store_bind_int(s, 2, in->overhead_bp) ||
	    store_bind_int(s, 3, in->uprate_bp) || bind_opt_text(s, 4, in->population_date) ||
	    store_bind_int(s, 5, in->coordinator_ore) ||
	    store_bind_int(s, 6, in->quality_review_ore) ||
	    (in->has_outcome ? store_bind_int(s, 7, in->outcome_ore) : store_bind_null(s, 7)) ||
	    bind_opt_text(s, 8, in->invoice_date) || store_bind_text(s, 9, updated_at) ||
	    store_bind_id_or_null(s, 10, updated_by))
		return NRS_EDB;
	return store_step_done(st, s, err);
}

int store_budget_lines_replace(struct store *st, int year, const struct budget_line_row *lines,
                               size_t n, struct nrs_error *err)
{
	static const char sql_del[] = "DELETE FROM budget_line WHERE year = $1";
	static const char sql_ins[] =
	    "INSERT INTO budget_line (year, position, label, amount_ore) VALUES ($1, $2, $3, $4)";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql_del, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, year))
		return NRS_EDB;
	rc = store_step_done(st, s, err);
	for (size_t i = 0; i < n && rc == 0; i++) {
		rc = store_prepare(st, sql_ins, &s);
		if (rc != 0)
			break;
		if (store_bind_int(s, 1, year) || store_bind_int(s, 2, lines[i].position) ||
		    store_bind_text(s, 3, lines[i].label) ||
		    store_bind_int(s, 4, lines[i].amount_ore))
			return NRS_EDB;
		rc = store_step_done(st, s, err);
	}
	return rc;
}

static int budget_line_of(sqlite3_stmt *s, const struct store_box *b)
{
	struct budget_line_row row;

	row.position = sqlite3_column_int(s, 0);
	row.label = store_col_text(s, 1);
	row.amount_ore = sqlite3_column_int64(s, 2);
	return ((budget_line_cb)b->cb)(&row, b->ctx);
}

int store_budget_lines_list(struct store *st, int year, budget_line_cb cb, void *ctx)
{
	static const char sql[] = "SELECT position, label, amount_ore FROM budget_line"
	                          " WHERE year = $1 ORDER BY position";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, year))
		return NRS_EDB;
	return store_walk(st, s, budget_line_of, (store_any_fn)cb, ctx, NULL);
}

static int budget_year_of(sqlite3_stmt *s, const struct store_box *b)
{
	return ((budget_year_cb)b->cb)(sqlite3_column_int(s, 0), b->ctx);
}

int store_budget_years(struct store *st, budget_year_cb cb, void *ctx)
{
	static const char sql[] = "SELECT year FROM budget_year ORDER BY year";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	return store_walk(st, s, budget_year_of, (store_any_fn)cb, ctx, NULL);
}

/* ---- the cost key's population ---- */

static int key_member_of(sqlite3_stmt *s, const struct store_box *b)
{
	struct key_member_row row;

	row.code = store_col_text(s, 0);
	row.name = store_col_text(s, 1);
	row.org_name = store_col_text(s, 2);
	row.org_number = store_col_text(s, 3);
	row.population = sqlite3_column_type(s, 4) == SQLITE_NULL ? -1 : sqlite3_column_int64(s, 4);
	return ((key_member_cb)b->cb)(&row, b->ctx);
}

int store_key_members(struct store *st, const char *ref_date, key_member_cb cb, void *ctx)
{
	static const char sql[] =
	    "SELECT m.code, m.name, o.name, o.org_number, p.population FROM region_member r"
	    " JOIN municipality m ON m.code = r.municipality_code"
	    " LEFT JOIN organisation o ON o.municipality_code = m.code AND o.kind = 'municipality'"
	    " LEFT JOIN population p ON p.municipality_code = m.code AND p.ref_date = $1"
	    " ORDER BY m.code";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_text(s, 1, ref_date))
		return NRS_EDB;
	return store_walk(st, s, key_member_of, (store_any_fn)cb, ctx, NULL);
}

int store_municipality_recipient(struct store *st, const char *code, char *name, size_t namesz,
                                 char *org_number, size_t orgsz)
{
	static const char sql[] =
	    "SELECT coalesce(o.name, m.name), o.org_number FROM municipality m"
	    " LEFT JOIN organisation o ON o.municipality_code = m.code AND o.kind = 'municipality'"
	    " WHERE m.code = $1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	if (rc != 0)
		return rc;
	if (store_bind_text(s, 1, code))
		return NRS_EDB;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		copy_text(name, namesz, store_col_text(s, 0));
		copy_text(org_number, orgsz, store_col_text(s, 1));
	}
	sqlite3_reset(s);
	if (step == SQLITE_ROW)
		return 0;
	return step == SQLITE_DONE ? NRS_ENOTFOUND : store_error(st, step, NULL);
}

/* ---- charges ---- */

int store_charge_add(struct store *st, const struct charge_input *in, int64_t *id,
                     struct nrs_error *err)
{
	static const char sql[] =
	    "INSERT INTO charge (kind, municipality, amount_ore, description, source_ref,"
	    " created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_text(s, 1, in->kind) || store_bind_text(s, 2, in->municipality) ||
	    store_bind_int(s, 3, in->amount_ore) || store_bind_text(s, 4, in->description) ||
	    bind_opt_text(s, 5, in->source_ref) || store_bind_text(s, 6, in->created_at) ||
	    store_bind_id_or_null(s, 7, in->created_by))
		return NRS_EDB;
	rc = store_step_done(st, s, err);
	if (rc == 0 && id != NULL)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

static int charge_of(sqlite3_stmt *s, const struct store_box *b)
{
	struct charge_row row;

	row.id = sqlite3_column_int64(s, 0);
	row.kind = store_col_text(s, 1);
	row.municipality = store_col_text(s, 2);
	row.municipality_name = store_col_text(s, 3);
	row.amount_ore = sqlite3_column_int64(s, 4);
	row.description = store_col_text(s, 5);
	row.source_ref = store_col_text(s, 6);
	row.invoice_id = sqlite3_column_int64(s, 7);
	row.invoice_number = store_col_text(s, 8);
	row.created_at = store_col_text(s, 9);
	return ((charge_cb)b->cb)(&row, b->ctx);
}

int store_charge_list(struct store *st, int only_open, charge_cb cb, void *ctx)
{
	static const char sql_all[] =
	    "SELECT c.id, c.kind, c.municipality, m.name, c.amount_ore, c.description,"
	    " c.source_ref, c.invoice_id, i.number, c.created_at FROM charge c"
	    " JOIN municipality m ON m.code = c.municipality"
	    " LEFT JOIN invoice i ON i.id = c.invoice_id ORDER BY c.id DESC";
	static const char sql_open[] =
	    "SELECT c.id, c.kind, c.municipality, m.name, c.amount_ore, c.description,"
	    " c.source_ref, c.invoice_id, NULL, c.created_at FROM charge c"
	    " JOIN municipality m ON m.code = c.municipality"
	    " WHERE c.invoice_id IS NULL ORDER BY c.municipality, c.id";
	sqlite3_stmt *s;
	int rc = store_prepare(st, only_open ? sql_open : sql_all, &s);

	if (rc != 0)
		return rc;
	return store_walk(st, s, charge_of, (store_any_fn)cb, ctx, NULL);
}

int store_charge_set_invoice(struct store *st, int64_t id, int64_t invoice_id,
                             struct nrs_error *err)
{
	static const char sql[] =
	    "UPDATE charge SET invoice_id = $1 WHERE id = $2 AND invoice_id IS NULL";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, invoice_id) || store_bind_int(s, 2, id))
		return NRS_EDB;
	rc = store_step_done(st, s, err);
	if (rc == 0 && sqlite3_changes(st->db) != 1)
		rc = nrs_error_set(err, NRS_ECONFLICT, "", "avgiften är redan fakturerad");
	return rc;
}

int store_charge_count_ref(struct store *st, const char *source_ref, int64_t *n)
{
	static const char sql[] = "SELECT count(*) FROM charge WHERE source_ref = $1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_text(s, 1, source_ref))
		return NRS_EDB;
	return single_int(st, s, n);
}

/* ---- invoices ---- */

int store_invoice_next_seq(struct store *st, int year, int64_t *seq, struct nrs_error *err)
{
	static const char sql_up[] =
	    "INSERT INTO invoice_seq (year, last) VALUES ($1, 1)"
	    " ON CONFLICT (year) DO UPDATE SET last = last + 1";
	static const char sql_get[] = "SELECT last FROM invoice_seq WHERE year = $1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql_up, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, year))
		return NRS_EDB;
	rc = store_step_done(st, s, err);
	if (rc == NRS_EINVAL)
		return nrs_error_set(err, NRS_EINVAL, "year",
		                     "årets fakturanummer är slut (högst 9999)");
	if (rc != 0)
		return rc;
	rc = store_prepare(st, sql_get, &s);
	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, year))
		return NRS_EDB;
	return single_int(st, s, seq);
}

int store_invoice_add(struct store *st, const struct invoice_input *in, int64_t *id,
                      struct nrs_error *err)
{
	static const char sql[] =
	    "INSERT INTO invoice (number, year, kind, municipality, recipient_name,"
	    " recipient_org_number, invoice_date, due_date, total_ore, created_at, created_by)"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_text(s, 1, in->number) || store_bind_int(s, 2, in->year) ||
	    store_bind_text(s, 3, in->kind) || store_bind_text(s, 4, in->municipality) ||
	    store_bind_text(s, 5, in->recipient_name) ||
	    bind_opt_text(s, 6, in->recipient_org_number) ||
	    store_bind_text(s, 7, in->invoice_date) || store_bind_text(s, 8, in->due_date) ||
	    store_bind_int(s, 9, in->total_ore) || store_bind_text(s, 10, in->created_at) ||
	    store_bind_id_or_null(s, 11, in->created_by))
		return NRS_EDB;
	rc = store_step_done(st, s, err);
	if (rc == 0 && id != NULL)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

int store_invoice_line_add(struct store *st, int64_t invoice_id, int position,
                           const char *description, int64_t amount_ore, struct nrs_error *err)
{
	static const char sql[] = "INSERT INTO invoice_line (invoice_id, position, description,"
	                          " amount_ore) VALUES ($1, $2, $3, $4)";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, invoice_id) || store_bind_int(s, 2, position) ||
	    store_bind_text(s, 3, description) || store_bind_int(s, 4, amount_ore))
		return NRS_EDB;
	return store_step_done(st, s, err);
}

int store_invoice_annual_count(struct store *st, int year, int64_t *n)
{
	static const char sql[] =
	    "SELECT count(*) FROM invoice WHERE year = $1 AND kind = 'annual'";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, year))
		return NRS_EDB;
	return single_int(st, s, n);
}

static int invoice_of(sqlite3_stmt *s, const struct store_box *b)
{
	struct invoice_row row;

	row.id = sqlite3_column_int64(s, 0);
	row.number = store_col_text(s, 1);
	row.year = sqlite3_column_int(s, 2);
	row.kind = store_col_text(s, 3);
	row.municipality = store_col_text(s, 4);
	row.recipient_name = store_col_text(s, 5);
	row.recipient_org_number = store_col_text(s, 6);
	row.invoice_date = store_col_text(s, 7);
	row.due_date = store_col_text(s, 8);
	row.total_ore = sqlite3_column_int64(s, 9);
	row.created_at = store_col_text(s, 10);
	return ((invoice_cb)b->cb)(&row, b->ctx);
}

int store_invoice_list(struct store *st, int year, invoice_cb cb, void *ctx)
{
	static const char sql[] =
	    "SELECT id, number, year, kind, municipality, recipient_name, recipient_org_number,"
	    " invoice_date, due_date, total_ore, created_at FROM invoice"
	    " WHERE $1 = 0 OR year = $1 ORDER BY number";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, year))
		return NRS_EDB;
	return store_walk(st, s, invoice_of, (store_any_fn)cb, ctx, NULL);
}

int store_invoice_get(struct store *st, int64_t id, invoice_cb cb, void *ctx)
{
	static const char sql[] =
	    "SELECT id, number, year, kind, municipality, recipient_name, recipient_org_number,"
	    " invoice_date, due_date, total_ore, created_at FROM invoice WHERE id = $1";
	sqlite3_stmt *s;
	int seen = 0;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, id))
		return NRS_EDB;
	rc = store_walk(st, s, invoice_of, (store_any_fn)cb, ctx, &seen);
	if (rc == 0 && !seen)
		rc = NRS_ENOTFOUND;
	return rc;
}

static int invoice_line_of(sqlite3_stmt *s, const struct store_box *b)
{
	struct invoice_line_row row;

	row.invoice_id = sqlite3_column_int64(s, 0);
	row.position = sqlite3_column_int(s, 1);
	row.description = store_col_text(s, 2);
	row.amount_ore = sqlite3_column_int64(s, 3);
	return ((invoice_line_cb)b->cb)(&row, b->ctx);
}

int store_invoice_lines(struct store *st, int64_t invoice_id, invoice_line_cb cb, void *ctx)
{
	static const char sql[] = "SELECT invoice_id, position, description, amount_ore"
	                          " FROM invoice_line WHERE invoice_id = $1 ORDER BY position";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, invoice_id))
		return NRS_EDB;
	return store_walk(st, s, invoice_line_of, (store_any_fn)cb, ctx, NULL);
}
