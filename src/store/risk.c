/* Storage of risk assessments (see risk.h). Plain columns only: the answers are numbers,
 * and what they mean lives in the instrument files. */
#include "store/risk.h"

#include <stdio.h>
#include <string.h>

int store_risk_add(struct store *st, const struct risk_insert *in, int64_t *id,
                   struct nrs_error *err)
{
	static const char sql[] =
	    "INSERT INTO risk_assessment (case_id, instrument, instrument_version, assessed,"
	    " assessor_id, answers, sum, level, created_at)"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	*id = 0;
	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, in->case_id) || store_bind_text(s, 2, in->instrument) ||
	    store_bind_text(s, 3, in->version) || store_bind_text(s, 4, in->assessed) ||
	    store_bind_int(s, 5, in->assessor_id) || store_bind_text(s, 6, in->answers) ||
	    store_bind_int(s, 7, in->sum) || store_bind_text(s, 8, in->level) ||
	    store_bind_text(s, 9, in->created_at))
		return NRS_EDB;
	rc = store_step_done(st, s, err);
	if (rc == 0)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

int store_risk_list(struct store *st, int64_t case_id, risk_row_cb cb, void *ctx)
{
	static const char sql[] =
	    "SELECT r.id, r.case_id, r.instrument, r.instrument_version, r.assessed,"
	    " r.assessor_id, u.display_name, r.answers, r.sum, r.level, r.created_at"
	    " FROM risk_assessment r LEFT JOIN app_user u ON u.id = r.assessor_id"
	    " WHERE r.case_id = $1 ORDER BY r.assessed DESC, r.id DESC";
	struct risk_row row;
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, case_id))
		return NRS_EDB;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		row.id = sqlite3_column_int64(s, 0);
		row.case_id = sqlite3_column_int64(s, 1);
		row.instrument = store_col_text(s, 2);
		row.version = store_col_text(s, 3);
		row.assessed = store_col_text(s, 4);
		row.assessor_id = sqlite3_column_int64(s, 5);
		row.assessor_name = store_col_text(s, 6);
		row.answers = store_col_text(s, 7);
		row.sum = sqlite3_column_int(s, 8);
		row.level = store_col_text(s, 9);
		row.created_at = store_col_text(s, 10);
		rc = cb(&row, ctx);
		if (rc != 0) {
			sqlite3_reset(s);
			return rc;
		}
	}
	sqlite3_reset(s);
	return step == SQLITE_DONE ? 0 : store_error(st, step, NULL);
}

/* One row of (level, assessed) from a prepared statement whose parameters are bound. */
static int latest_row(struct store *st, sqlite3_stmt *s, char level[9], char assessed[11])
{
	int step = sqlite3_step(s);

	if (step == SQLITE_ROW) {
		snprintf(level, 9, "%s", store_col_text(s, 0));
		snprintf(assessed, 11, "%s", store_col_text(s, 1));
	}
	sqlite3_reset(s);
	if (step == SQLITE_ROW)
		return 0;
	return step == SQLITE_DONE ? NRS_ENOTFOUND : store_error(st, step, NULL);
}

int store_risk_latest_case(struct store *st, int64_t case_id, char level[9], char assessed[11])
{
	static const char sql[] = "SELECT level, assessed FROM risk_assessment WHERE case_id = $1"
	                          " ORDER BY assessed DESC, id DESC LIMIT 1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	level[0] = assessed[0] = '\0';
	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, case_id))
		return NRS_EDB;
	return latest_row(st, s, level, assessed);
}

int store_risk_latest_client(struct store *st, int64_t client_id, int64_t organisation_id,
                             char level[9], char assessed[11])
{
	static const char sql[] =
	    "SELECT r.level, r.assessed FROM risk_assessment r JOIN case_file f ON f.id = r.case_id"
	    " WHERE f.client_id = $1 AND ($2 = 0 OR f.organisation_id = $2)"
	    " ORDER BY r.assessed DESC, r.id DESC LIMIT 1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	level[0] = assessed[0] = '\0';
	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, client_id) || store_bind_int(s, 2, organisation_id))
		return NRS_EDB;
	return latest_row(st, s, level, assessed);
}
