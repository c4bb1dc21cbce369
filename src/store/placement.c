/* Storage of shelter placements and refusal counts (see placement.h). */
#include "store/placement.h"

#include <string.h>

/* Walk the rows of s with cb; a non-zero callback return stops the walk. */
#define WALK_ROWS(st, s, fill, call)                                                               \
	do {                                                                                       \
		int step_;                                                                         \
		while ((step_ = sqlite3_step(s)) == SQLITE_ROW) {                                  \
			fill;                                                                      \
			rc = call;                                                                 \
			if (rc != 0) {                                                             \
				sqlite3_reset(s);                                                  \
				return rc;                                                         \
			}                                                                          \
		}                                                                                  \
		sqlite3_reset(s);                                                                  \
		return step_ == SQLITE_DONE ? 0 : store_error(st, step_, NULL);                    \
	} while (0)

int store_placement_add(struct store *st, const struct placement_insert *in, int64_t *id,
                        struct nrs_error *err)
{
	static const char sql[] =
	    "INSERT INTO placement (placing_org_id, shelter_org_id, client_id, start_date,"
	    " end_date, housing, support, municipality_undertakes_enc, shelter_undertakes_enc,"
	    " decision_date, decision_ref, signed_date, created_at, created_by)"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, X'', X'', $8, $9, $10, $11, $12)";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, in->placing_org_id) || store_bind_int(s, 2, in->shelter_org_id) ||
	    store_bind_int(s, 3, in->client_id) || store_bind_text(s, 4, in->start_date) ||
	    store_bind_text(s, 5, in->end_date) || store_bind_int(s, 6, in->housing ? 1 : 0) ||
	    store_bind_int(s, 7, in->support ? 1 : 0) || store_bind_text(s, 8, in->decision_date) ||
	    store_bind_text(s, 9, in->decision_ref) || store_bind_text(s, 10, in->signed_date) ||
	    store_bind_text(s, 11, in->created_at) || store_bind_id_or_null(s, 12, in->created_by))
		return NRS_EDB;
	rc = store_step_done(st, s, err);
	if (rc == 0)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

int store_placement_seal(struct store *st, int64_t id, const struct sealed *municipality,
                         const struct sealed *shelter, struct nrs_error *err)
{
	static const char sql[] = "UPDATE placement SET municipality_undertakes_enc = $2,"
	                          " shelter_undertakes_enc = $3 WHERE id = $1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, id) || store_bind_sealed(s, 2, municipality) ||
	    store_bind_sealed(s, 3, shelter))
		return NRS_EDB;
	rc = store_step_done(st, s, err);
	if (rc == 0 && sqlite3_changes(st->db) != 1)
		return NRS_ENOTFOUND;
	return rc;
}

int store_placement_child_add(struct store *st, int64_t id, int position, int age,
                              struct nrs_error *err)
{
	static const char sql[] =
	    "INSERT INTO placement_child (placement_id, position, age) VALUES ($1, $2, $3)";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, id) || store_bind_int(s, 2, position) || store_bind_int(s, 3, age))
		return NRS_EDB;
	return store_step_done(st, s, err);
}

int store_placement_sign(struct store *st, int64_t id, const char *signed_date,
                         struct nrs_error *err)
{
	static const char sql[] =
	    "UPDATE placement SET signed_date = $2 WHERE id = $1 AND signed_date IS NULL";
	sqlite3_stmt *s;
	int64_t owner;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, id) || store_bind_text(s, 2, signed_date))
		return NRS_EDB;
	rc = store_step_done(st, s, err);
	if (rc == 0 && sqlite3_changes(st->db) != 1) {
		rc = store_placement_owner(st, id, &owner);
		return rc != 0 ? rc : NRS_ECONFLICT;
	}
	return rc;
}

int store_placement_set_end(struct store *st, int64_t id, const char *end_date,
                            struct nrs_error *err)
{
	static const char sql[] = "UPDATE placement SET end_date = $2 WHERE id = $1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, id) || store_bind_text(s, 2, end_date))
		return NRS_EDB;
	rc = store_step_done(st, s, err);
	if (rc == 0 && sqlite3_changes(st->db) != 1)
		return NRS_ENOTFOUND;
	return rc;
}

int store_placement_followup_add(struct store *st, int64_t placement_id, const char *held,
                                 const char *created_at, int64_t created_by, int64_t *id,
                                 struct nrs_error *err)
{
	static const char sql[] =
	    "INSERT INTO placement_followup (placement_id, held, created_at, created_by)"
	    " VALUES ($1, $2, $3, $4)";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, placement_id) || store_bind_text(s, 2, held) ||
	    store_bind_text(s, 3, created_at) || store_bind_id_or_null(s, 4, created_by))
		return NRS_EDB;
	rc = store_step_done(st, s, err);
	if (rc == 0)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

#define PLACEMENT_COLUMNS                                                                          \
	"SELECT p.id, p.placing_org_id, po.name, p.shelter_org_id, so.name, p.client_id, c.code,"  \
	" p.start_date, p.end_date, p.housing, p.support, p.municipality_undertakes_enc,"          \
	" p.shelter_undertakes_enc, p.decision_date, p.decision_ref, p.signed_date,"               \
	" p.created_at, coalesce(p.created_by, 0),"                                                \
	" (SELECT count(*) FROM placement_child k WHERE k.placement_id = p.id),"                   \
	" (SELECT count(*) FROM placement_followup f WHERE f.placement_id = p.id),"                \
	" (SELECT max(f.held) FROM placement_followup f WHERE f.placement_id = p.id)"              \
	" FROM placement p JOIN organisation po ON po.id = p.placing_org_id"                       \
	" JOIN organisation so ON so.id = p.shelter_org_id JOIN client c ON c.id = p.client_id"

static void fill_row(sqlite3_stmt *s, struct placement_row *r)
{
	r->id = sqlite3_column_int64(s, 0);
	r->placing_org_id = sqlite3_column_int64(s, 1);
	r->placing_org_name = store_col_text(s, 2);
	r->shelter_org_id = sqlite3_column_int64(s, 3);
	r->shelter_name = store_col_text(s, 4);
	r->client_id = sqlite3_column_int64(s, 5);
	r->client_code = store_col_text(s, 6);
	r->start_date = store_col_text(s, 7);
	r->end_date = store_col_text(s, 8);
	r->housing = sqlite3_column_int(s, 9);
	r->support = sqlite3_column_int(s, 10);
	r->municipality_undertakes = store_col_sealed(s, 11);
	r->shelter_undertakes = store_col_sealed(s, 12);
	r->decision_date = store_col_text(s, 13);
	r->decision_ref = store_col_text(s, 14);
	r->signed_date = store_col_text(s, 15);
	r->created_at = store_col_text(s, 16);
	r->created_by = sqlite3_column_int64(s, 17);
	r->children = sqlite3_column_int64(s, 18);
	r->followups = sqlite3_column_int64(s, 19);
	r->last_followup = store_col_text(s, 20);
}

static int placement_rows(struct store *st, sqlite3_stmt *s, placement_row_cb cb, void *ctx)
{
	struct placement_row row;
	int rc;

	WALK_ROWS(st, s, fill_row(s, &row), cb(&row, ctx));
}

struct get_ctx {
	placement_row_cb cb;
	void *ctx;
	int seen;
};

static int get_one(const struct placement_row *row, void *ctx)
{
	struct get_ctx *g = ctx;

	g->seen = 1;
	return g->cb(row, g->ctx);
}

int store_placement_get(struct store *st, int64_t id, placement_row_cb cb, void *ctx)
{
	static const char sql[] = PLACEMENT_COLUMNS " WHERE p.id = $1";
	struct get_ctx g = {cb, ctx, 0};
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, id))
		return NRS_EDB;
	rc = placement_rows(st, s, get_one, &g);
	if (rc == 0 && !g.seen)
		return NRS_ENOTFOUND;
	return rc;
}

int store_placement_list(struct store *st, int64_t placing_org_id, placement_row_cb cb, void *ctx)
{
	static const char sql[] = PLACEMENT_COLUMNS " WHERE $1 = 0 OR p.placing_org_id = $1"
	                                            " ORDER BY p.start_date DESC, p.id DESC";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, placing_org_id))
		return NRS_EDB;
	return placement_rows(st, s, cb, ctx);
}

int store_placement_owner(struct store *st, int64_t id, int64_t *placing_org_id)
{
	static const char sql[] = "SELECT placing_org_id FROM placement WHERE id = $1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	*placing_org_id = 0;
	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, id))
		return NRS_EDB;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		*placing_org_id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (step == SQLITE_ROW)
		return 0;
	return step == SQLITE_DONE ? NRS_ENOTFOUND : store_error(st, step, NULL);
}

int store_placement_children(struct store *st, int64_t id, placement_child_cb cb, void *ctx)
{
	static const char sql[] = "SELECT position, age FROM placement_child"
	                          " WHERE placement_id = $1 ORDER BY position";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, id))
		return NRS_EDB;
	WALK_ROWS(st, s, (void)0, cb(sqlite3_column_int(s, 0), sqlite3_column_int(s, 1), ctx));
}

int store_placement_followups(struct store *st, int64_t id, placement_followup_cb cb, void *ctx)
{
	static const char sql[] = "SELECT id, held FROM placement_followup"
	                          " WHERE placement_id = $1 ORDER BY held, id";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, id))
		return NRS_EDB;
	WALK_ROWS(st, s, (void)0, cb(sqlite3_column_int64(s, 0), store_col_text(s, 1), ctx));
}

int store_placement_spans(struct store *st, const char *from, const char *to, placement_span_cb cb,
                          void *ctx)
{
	static const char sql[] =
	    "SELECT p.shelter_org_id, p.start_date, p.end_date,"
	    " (SELECT count(*) FROM placement_child k WHERE k.placement_id = p.id)"
	    " FROM placement p WHERE p.start_date <= $2 AND (p.end_date IS NULL OR p.end_date >= "
	    "$1)"
	    " ORDER BY p.shelter_org_id, p.start_date, p.id";
	struct placement_span row;
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_text(s, 1, from) || store_bind_text(s, 2, to))
		return NRS_EDB;
	WALK_ROWS(st, s,
	          (row.shelter_org_id = sqlite3_column_int64(s, 0), row.start_date = store_col_text(s, 1),
	           row.end_date = store_col_text(s, 2), row.children = sqlite3_column_int64(s, 3)),
	          cb(&row, ctx));
}

int store_refusal_add(struct store *st, int64_t shelter_org_id, const char *date,
                      const char *reason, int64_t count, const char *created_at, int64_t created_by,
                      int64_t *id, struct nrs_error *err)
{
	static const char sql[] =
	    "INSERT INTO shelter_refusal (shelter_org_id, date, reason, count, created_at,"
	    " created_by) VALUES ($1, $2, $3, $4, $5, $6)";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, shelter_org_id) || store_bind_text(s, 2, date) ||
	    store_bind_text(s, 3, reason) || store_bind_int(s, 4, count) ||
	    store_bind_text(s, 5, created_at) || store_bind_id_or_null(s, 6, created_by))
		return NRS_EDB;
	rc = store_step_done(st, s, err);
	if (rc == 0)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

int store_refusal_list(struct store *st, const char *from, const char *to, refusal_row_cb cb,
                       void *ctx)
{
	static const char sql[] =
	    "SELECT r.id, r.shelter_org_id, o.name, r.date, r.reason, r.count"
	    " FROM shelter_refusal r JOIN organisation o ON o.id = r.shelter_org_id"
	    " WHERE r.date BETWEEN $1 AND $2 ORDER BY r.date, r.id";
	struct refusal_row row;
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_text(s, 1, from) || store_bind_text(s, 2, to))
		return NRS_EDB;
	WALK_ROWS(st, s,
	          (row.id = sqlite3_column_int64(s, 0),
	           row.shelter_org_id = sqlite3_column_int64(s, 1),
	           row.shelter_name = store_col_text(s, 2), row.date = store_col_text(s, 3),
	           row.reason = store_col_text(s, 4), row.count = sqlite3_column_int64(s, 5)),
	          cb(&row, ctx));
}
