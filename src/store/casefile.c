/* Storage of cases, assigned staff, violence types, implementation plans and journal notes
 * (see casefile.h). Only ciphertext passes through here. */
#include "store/casefile.h"

#include <string.h>

int store_case_open(struct store *st, const struct case_input *in, int64_t *id,
                    struct nrs_error *err)
{
	static const char sql[] =
	    "INSERT INTO case_file (client_id, opened, referral_source, referring_municipality,"
	    " organisation_id, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, in->client_id) || store_bind_text(s, 2, in->opened) ||
	    store_bind_text(s, 3, in->referral_source) ||
	    store_bind_text(s, 4, in->referring_municipality) ||
	    store_bind_int(s, 5, in->organisation_id) || store_bind_text(s, 6, in->created_at) ||
	    store_bind_id_or_null(s, 7, in->created_by))
		return NRS_EDB;
	rc = store_step_done(st, s, err);
	if (rc == NRS_EEXIST)
		return nrs_error_set(err, NRS_EEXIST, "klient",
		                     "klienten har redan ett öppet ärende hos verksamheten");
	if (rc == 0)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

int store_case_close(struct store *st, int64_t id, const char *closed, struct nrs_error *err)
{
	static const char sql[] =
	    "UPDATE case_file SET closed = $2 WHERE id = $1 AND closed IS NULL";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, id) || store_bind_text(s, 2, closed))
		return NRS_EDB;
	rc = store_step_done(st, s, err);
	if (rc == NRS_EINVAL)
		return nrs_error_set(err, NRS_EINVAL, "avslutat",
		                     "ärendet kan inte avslutas före det öppnades");
	if (rc == 0 && sqlite3_changes(st->db) != 1)
		return nrs_error_set(err, NRS_ENOTFOUND, "", "det finns inget öppet sådant ärende");
	return rc;
}

#define CASE_COLUMNS                                                                               \
	"SELECT f.id, f.client_id, c.code, c.protected, f.opened, f.closed, f.referral_source,"    \
	" f.referring_municipality, f.organisation_id, f.created_at, coalesce(f.created_by, 0)"    \
	" FROM case_file f JOIN client c ON c.id = f.client_id"

#define CASE_FILL                                                                                  \
	(row.id = sqlite3_column_int64(s, 0), row.client_id = sqlite3_column_int64(s, 1),          \
	 row.client_code = store_col_text(s, 2), row.client_protected = sqlite3_column_int(s, 3),        \
	 row.opened = store_col_text(s, 4), row.closed = store_col_text(s, 5),                                 \
	 row.referral_source = store_col_text(s, 6), row.referring_municipality = store_col_text(s, 7),        \
	 row.organisation_id = sqlite3_column_int64(s, 8), row.created_at = store_col_text(s, 9),        \
	 row.created_by = sqlite3_column_int64(s, 10))

int store_case_get(struct store *st, int64_t id, case_row_cb cb, void *ctx)
{
	static const char sql[] = CASE_COLUMNS " WHERE f.id = $1";
	struct case_row row;
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, id))
		return NRS_EDB;
	step = sqlite3_step(s);
	if (step != SQLITE_ROW) {
		sqlite3_reset(s);
		return step == SQLITE_DONE ? NRS_ENOTFOUND : store_error(st, step, NULL);
	}
	CASE_FILL;
	rc = cb(&row, ctx);
	sqlite3_reset(s);
	return rc;
}

int store_case_list_by_client(struct store *st, int64_t client_id, case_row_cb cb, void *ctx)
{
	static const char sql[] =
	    CASE_COLUMNS " WHERE f.client_id = $1 ORDER BY f.opened DESC, f.id DESC";
	struct case_row row;
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, client_id))
		return NRS_EDB;
	STORE_WALK_ROWS(st, s, CASE_FILL, cb, ctx);
}

int store_case_user_org(struct store *st, int64_t user_id, int64_t *organisation_id, int *active)
{
	static const char sql[] = "SELECT organisation_id, active FROM app_user WHERE id = $1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, user_id))
		return NRS_EDB;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		*organisation_id = sqlite3_column_int64(s, 0);
		*active = sqlite3_column_int(s, 1);
	}
	sqlite3_reset(s);
	if (step == SQLITE_ROW)
		return 0;
	return step == SQLITE_DONE ? NRS_ENOTFOUND : store_error(st, step, NULL);
}

int store_case_staff_add(struct store *st, int64_t case_id, int64_t user_id, const char *at,
                         int64_t by, struct nrs_error *err)
{
	static const char sql[] =
	    "INSERT INTO case_staff (case_id, user_id, assigned_at, assigned_by)"
	    " VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, case_id) || store_bind_int(s, 2, user_id) ||
	    store_bind_text(s, 3, at) || store_bind_id_or_null(s, 4, by))
		return NRS_EDB;
	return store_step_done(st, s, err);
}

int store_case_staff_remove(struct store *st, int64_t case_id, int64_t user_id,
                            struct nrs_error *err)
{
	static const char sql[] = "DELETE FROM case_staff WHERE case_id = $1 AND user_id = $2";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, case_id) || store_bind_int(s, 2, user_id))
		return NRS_EDB;
	rc = store_step_done(st, s, err);
	if (rc == 0 && sqlite3_changes(st->db) != 1)
		return nrs_error_set(err, NRS_ENOTFOUND, "", "personen är inte tilldelad ärendet");
	return rc;
}

int store_case_is_assigned(struct store *st, int64_t case_id, int64_t user_id)
{
	static const char sql[] = "SELECT 1 FROM case_staff WHERE case_id = $1 AND user_id = $2";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, case_id) || store_bind_int(s, 2, user_id))
		return NRS_EDB;
	step = sqlite3_step(s);
	sqlite3_reset(s);
	if (step == SQLITE_ROW)
		return 1;
	return step == SQLITE_DONE ? 0 : store_error(st, step, NULL);
}

int store_case_client_assigned(struct store *st, int64_t client_id, int64_t user_id)
{
	static const char sql[] =
	    "SELECT 1 FROM case_staff cs JOIN case_file f ON f.id = cs.case_id"
	    " WHERE f.client_id = $1 AND cs.user_id = $2 LIMIT 1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, client_id) || store_bind_int(s, 2, user_id))
		return NRS_EDB;
	step = sqlite3_step(s);
	sqlite3_reset(s);
	if (step == SQLITE_ROW)
		return 1;
	return step == SQLITE_DONE ? 0 : store_error(st, step, NULL);
}

int store_case_staff_list(struct store *st, int64_t case_id, case_staff_cb cb, void *ctx)
{
	static const char sql[] = "SELECT u.id, u.username, u.display_name FROM case_staff cs"
	                          " JOIN app_user u ON u.id = cs.user_id WHERE cs.case_id = $1"
	                          " ORDER BY u.display_name, u.id";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, case_id))
		return NRS_EDB;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		rc = cb(sqlite3_column_int64(s, 0), store_col_text(s, 1), store_col_text(s, 2), ctx);
		if (rc != 0) {
			sqlite3_reset(s);
			return rc;
		}
	}
	sqlite3_reset(s);
	return step == SQLITE_DONE ? 0 : store_error(st, step, NULL);
}

int store_case_violence_add(struct store *st, int64_t case_id, const char *type,
                            struct nrs_error *err)
{
	static const char sql[] = "INSERT INTO case_violence (case_id, type) VALUES ($1, $2)"
	                          " ON CONFLICT DO NOTHING";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, case_id) || store_bind_text(s, 2, type))
		return NRS_EDB;
	return store_step_done(st, s, err);
}

int store_case_violence_list(struct store *st, int64_t case_id, case_violence_cb cb, void *ctx)
{
	static const char sql[] = "SELECT type FROM case_violence WHERE case_id = $1 ORDER BY type";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, case_id))
		return NRS_EDB;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		rc = cb(store_col_text(s, 0), ctx);
		if (rc != 0) {
			sqlite3_reset(s);
			return rc;
		}
	}
	sqlite3_reset(s);
	return step == SQLITE_DONE ? 0 : store_error(st, step, NULL);
}

int store_case_plan_put(struct store *st, const struct case_plan_row *plan, struct nrs_error *err)
{
	static const char sql[] =
	    "INSERT INTO case_plan (case_id, goals_enc, planned, follow_up, updated_at, updated_by)"
	    " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (case_id) DO UPDATE SET"
	    " goals_enc = excluded.goals_enc, planned = excluded.planned,"
	    " follow_up = excluded.follow_up, updated_at = excluded.updated_at,"
	    " updated_by = excluded.updated_by";
	sqlite3_stmt *s;
	int rc;

	if (plan->goals.data == NULL)
		return nrs_error_set(err, NRS_EINVAL, "mal", "målen saknas");
	rc = store_prepare(st, sql, &s);
	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, plan->case_id) || store_bind_sealed(s, 2, &plan->goals) ||
	    store_bind_text(s, 3, plan->planned) || store_bind_text(s, 4, plan->follow_up) ||
	    store_bind_text(s, 5, plan->updated_at) || store_bind_id_or_null(s, 6, plan->updated_by))
		return NRS_EDB;
	return store_step_done(st, s, err);
}

int store_case_plan_get(struct store *st, int64_t case_id, case_plan_cb cb, void *ctx)
{
	static const char sql[] =
	    "SELECT case_id, goals_enc, planned, follow_up, updated_at, coalesce(updated_by, 0)"
	    " FROM case_plan WHERE case_id = $1";
	struct case_plan_row row;
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, case_id))
		return NRS_EDB;
	step = sqlite3_step(s);
	if (step != SQLITE_ROW) {
		sqlite3_reset(s);
		return step == SQLITE_DONE ? NRS_ENOTFOUND : store_error(st, step, NULL);
	}
	row.case_id = sqlite3_column_int64(s, 0);
	row.goals = store_col_sealed(s, 1);
	row.planned = store_col_text(s, 2);
	row.follow_up = store_col_text(s, 3);
	row.updated_at = store_col_text(s, 4);
	row.updated_by = sqlite3_column_int64(s, 5);
	rc = cb(&row, ctx);
	sqlite3_reset(s);
	return rc;
}

int store_note_insert(struct store *st, int64_t case_id, const char *written_at, int64_t author_id,
                      int64_t corrects, int64_t *id, struct nrs_error *err)
{
	static const char sql[] =
	    "INSERT INTO journal_note (case_id, written_at, author_id, signed, text_enc,"
	    " corrects_note_id) VALUES ($1, $2, $3, 0, X'', $4)";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, case_id) || store_bind_text(s, 2, written_at) ||
	    store_bind_int(s, 3, author_id) || store_bind_id_or_null(s, 4, corrects))
		return NRS_EDB;
	rc = store_step_done(st, s, err);
	if (rc == NRS_EINVAL && corrects)
		return nrs_error_set(err, NRS_EINVAL, "rattar",
		                     "rättelsen måste gälla en signerad anteckning i samma ärende");
	if (rc == 0)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

int store_note_sign(struct store *st, int64_t id, const struct sealed *text, struct nrs_error *err)
{
	static const char sql[] =
	    "UPDATE journal_note SET text_enc = $2, signed = 1 WHERE id = $1 AND signed = 0";
	sqlite3_stmt *s;
	int rc;

	if (text == NULL || text->data == NULL || text->len == 0)
		return nrs_error_set(err, NRS_EINVAL, "text", "anteckningen är tom");
	rc = store_prepare(st, sql, &s);
	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, id) || store_bind_sealed(s, 2, text))
		return NRS_EDB;
	rc = store_step_done(st, s, err);
	if (rc == 0 && sqlite3_changes(st->db) != 1)
		return NRS_ENOTFOUND;
	return rc;
}

int store_note_list(struct store *st, int64_t case_id, note_row_cb cb, void *ctx)
{
	static const char sql[] =
	    "SELECT n.id, n.case_id, n.written_at, n.author_id, u.display_name, n.signed,"
	    " n.text_enc, coalesce(n.corrects_note_id, 0),"
	    " coalesce((SELECT max(k.id) FROM journal_note k WHERE k.corrects_note_id = n.id), 0)"
	    " FROM journal_note n LEFT JOIN app_user u ON u.id = n.author_id"
	    " WHERE n.case_id = $1 ORDER BY n.written_at, n.id";
	struct note_row row;
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, case_id))
		return NRS_EDB;
	STORE_WALK_ROWS(st, s,
	          (row.id = sqlite3_column_int64(s, 0), row.case_id = sqlite3_column_int64(s, 1),
	           row.written_at = store_col_text(s, 2), row.author_id = sqlite3_column_int64(s, 3),
	           row.author_name = store_col_text(s, 4), row.signed_ = sqlite3_column_int(s, 5),
	           row.text = store_col_sealed(s, 6), row.corrects = sqlite3_column_int64(s, 7),
	           row.corrected_by = sqlite3_column_int64(s, 8)),
	          cb, ctx);
}
