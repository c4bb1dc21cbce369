/* Storage for the follow-up of interventions (see followup.h): measures and values of the
 * systematic follow-up and their aggregates, aid decisions recorded by the home
 * municipality, the municipality's lists, and the treatments a partner contact links to. */
#include "store/followup.h"

#include <stdio.h>
#include <string.h>

/* ---- measures and entries ---- */

#define MEASURE_COLUMNS "SELECT key, label_sv, scale_min, scale_max, active FROM followup_measure"
#define MEASURE_FILL                                                                               \
	(row.key = store_col_text(s, 0), row.label_sv = store_col_text(s, 1),                                  \
	 row.scale_min = sqlite3_column_int(s, 2), row.scale_max = sqlite3_column_int(s, 3),       \
	 row.active = sqlite3_column_int(s, 4))

int store_followup_measure_list(struct store *st, int active_only, followup_measure_cb cb,
                                void *ctx)
{
	static const char sql[] =
	    MEASURE_COLUMNS " WHERE $1 = 0 OR active = 1 ORDER BY position, key";
	struct followup_measure_row row;
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, active_only ? 1 : 0))
		return NRS_EDB;
	STORE_WALK_ROWS(st, s, MEASURE_FILL, cb, ctx);
}

int store_followup_measure_get(struct store *st, const char *key, followup_measure_cb cb, void *ctx)
{
	static const char sql[] = MEASURE_COLUMNS " WHERE key = $1";
	struct followup_measure_row row;
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	if (rc != 0)
		return rc;
	if (store_bind_text(s, 1, key))
		return NRS_EDB;
	step = sqlite3_step(s);
	if (step != SQLITE_ROW) {
		sqlite3_reset(s);
		return step == SQLITE_DONE ? NRS_ENOTFOUND : store_error(st, step, NULL);
	}
	MEASURE_FILL;
	rc = cb(&row, ctx);
	sqlite3_reset(s);
	return rc;
}

static int entry_exists(struct store *st, const struct followup_entry_input *in)
{
	static const char sql[] = "SELECT 1 FROM followup_entry WHERE intervention_id = $1"
	                          " AND phase = $2 AND measure = $3";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, in->intervention_id) || store_bind_text(s, 2, in->phase) ||
	    store_bind_text(s, 3, in->measure))
		return NRS_EDB;
	step = sqlite3_step(s);
	sqlite3_reset(s);
	if (step == SQLITE_ROW)
		return 1;
	return step == SQLITE_DONE ? 0 : store_error(st, step, NULL);
}

int store_followup_put(struct store *st, const struct followup_entry_input *in, int *replaced,
                       struct nrs_error *err)
{
	static const char sql[] =
	    "INSERT INTO followup_entry (intervention_id, phase, measure, value, entered,"
	    " entered_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)"
	    " ON CONFLICT (intervention_id, phase, measure) DO UPDATE SET value = excluded.value,"
	    " entered = excluded.entered, entered_by = excluded.entered_by,"
	    " created_at = excluded.created_at";
	sqlite3_stmt *s;
	int rc = entry_exists(st, in);

	if (rc < 0)
		return rc;
	if (replaced != NULL)
		*replaced = rc;
	rc = store_prepare(st, sql, &s);
	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, in->intervention_id) || store_bind_text(s, 2, in->phase) ||
	    store_bind_text(s, 3, in->measure) || store_bind_int(s, 4, in->value) ||
	    store_bind_text(s, 5, in->entered) ||
	    (in->entered_by ? store_bind_int(s, 6, in->entered_by) : store_bind_null(s, 6)) ||
	    store_bind_text(s, 7, in->created_at))
		return NRS_EDB;
	rc = store_step_done(st, s, err);
	if (rc == NRS_EINVAL)
		return nrs_error_set(err, NRS_EINVAL, in->measure,
		                     "värdet ligger utanför måttets skala");
	return rc;
}

/* start, end, followup in the order an intervention goes through them */
#define PHASE_ORDER "CASE e.phase WHEN 'start' THEN 0 WHEN 'end' THEN 1 ELSE 2 END"

int store_followup_list(struct store *st, int64_t intervention_id, followup_entry_cb cb, void *ctx)
{
	static const char sql[] =
	    "SELECT e.id, e.phase, e.measure, m.label_sv, e.value, m.scale_min, m.scale_max,"
	    " e.entered FROM followup_entry e JOIN followup_measure m ON m.key = e.measure"
	    " WHERE e.intervention_id = $1 ORDER BY " PHASE_ORDER ", m.position, m.key";
	struct followup_entry_row row;
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, intervention_id))
		return NRS_EDB;
	STORE_WALK_ROWS(st, s,
	          (row.id = sqlite3_column_int64(s, 0), row.phase = store_col_text(s, 1),
	           row.measure = store_col_text(s, 2), row.label_sv = store_col_text(s, 3),
	           row.value = sqlite3_column_int(s, 4), row.scale_min = sqlite3_column_int(s, 5),
	           row.scale_max = sqlite3_column_int(s, 6), row.entered = store_col_text(s, 7)),
	          cb, ctx);
}

int store_followup_aggregate(struct store *st, int year, const char *type, followup_cell_cb cb,
                             void *ctx)
{
	static const char sql[] =
	    "SELECT m.key, m.label_sv, m.scale_min, m.scale_max, e.phase, count(*), sum(e.value)"
	    " FROM followup_entry e JOIN followup_measure m ON m.key = e.measure"
	    " JOIN intervention i ON i.id = e.intervention_id"
	    " WHERE m.active = 1 AND ($1 IS NULL OR substr(e.entered, 1, 4) = $1)"
	    " AND ($2 IS NULL OR i.type = $2)"
	    " GROUP BY m.key, m.label_sv, m.scale_min, m.scale_max, m.position, e.phase"
	    " ORDER BY m.position, m.key, " PHASE_ORDER;
	struct followup_cell_row row;
	char y[8];
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (year > 0)
		snprintf(y, sizeof(y), "%04d", year % 10000);
	if ((year > 0 ? store_bind_text(s, 1, y) : store_bind_null(s, 1)) ||
	    store_bind_text(s, 2, type))
		return NRS_EDB;
	STORE_WALK_ROWS(st, s,
	          (row.measure = store_col_text(s, 0), row.label_sv = store_col_text(s, 1),
	           row.scale_min = sqlite3_column_int(s, 2),
	           row.scale_max = sqlite3_column_int(s, 3), row.phase = store_col_text(s, 4),
	           row.count = sqlite3_column_int64(s, 5), row.sum = sqlite3_column_int64(s, 6)),
	          cb, ctx);
}

/* ---- the home municipality's side ---- */

int store_followup_decision_set(struct store *st, int64_t intervention_id, const char *municipality,
                                const char *decision_date, const char *decision_ref,
                                struct nrs_error *err)
{
	static const char sql[] =
	    "UPDATE intervention SET basis = 'aid_decision', decision_municipality = $2,"
	    " decision_date = $3, decision_ref = $4 WHERE id = $1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, intervention_id) || store_bind_text(s, 2, municipality) ||
	    store_bind_text(s, 3, decision_date) || store_bind_text(s, 4, decision_ref))
		return NRS_EDB;
	rc = store_step_done(st, s, err);
	if (rc == 0 && sqlite3_changes(st->db) != 1)
		return nrs_error_set(err, NRS_ENOTFOUND, "", "insatsen finns inte");
	return rc;
}

int store_followup_muni_list(struct store *st, enum followup_muni_list which,
                             const char *municipality, const char *type, const char *asof,
                             followup_muni_cb cb, void *ctx)
{
	static const char sql_no_decision[] =
	    "SELECT i.id, i.case_id, c.code, i.type, t.label_sv, i.requested, i.started, i.basis"
	    " FROM intervention i JOIN case_file f ON f.id = i.case_id"
	    " JOIN client c ON c.id = f.client_id JOIN intervention_type t ON t.key = i.type"
	    " WHERE c.home_municipality = $1 AND i.ended IS NULL AND i.basis = 'service'"
	    " AND ($2 IS NULL OR i.type = $2) ORDER BY i.requested, i.id";
	/* the WHERE matches the partial index intervention_queue */
	static const char sql_waiting[] =
	    "SELECT i.id, i.case_id, c.code, i.type, t.label_sv, i.requested, i.started, i.basis"
	    " FROM intervention i JOIN case_file f ON f.id = i.case_id"
	    " JOIN client c ON c.id = f.client_id JOIN intervention_type t ON t.key = i.type"
	    " WHERE i.started IS NULL AND i.ended IS NULL AND c.home_municipality = $1"
	    " AND ($2 IS NULL OR i.type = $2) AND i.requested <= $3"
	    " ORDER BY i.requested, i.id";
	struct followup_muni_row row;
	sqlite3_stmt *s;
	int waiting = which == FOLLOWUP_MUNI_WAITING;
	int rc = store_prepare(st, waiting ? sql_waiting : sql_no_decision, &s);

	if (rc != 0)
		return rc;
	if (store_bind_text(s, 1, municipality) || store_bind_text(s, 2, type) ||
	    (waiting && store_bind_text(s, 3, asof)))
		return NRS_EDB;
	STORE_WALK_ROWS(st, s,
	          (row.intervention_id = sqlite3_column_int64(s, 0),
	           row.case_id = sqlite3_column_int64(s, 1), row.client_code = store_col_text(s, 2),
	           row.type = store_col_text(s, 3), row.type_label = store_col_text(s, 4),
	           row.requested = store_col_text(s, 5), row.started = store_col_text(s, 6),
	           row.basis = store_col_text(s, 7)),
	          cb, ctx);
}

/* ---- partner contact ---- */

int store_followup_partner_treatments(struct store *st, int64_t client_id, int64_t organisation_id,
                                      followup_treatment_cb cb, void *ctx)
{
	/* a relation may be recorded from either side ("A partner_of B" or "B partner_of A") */
	static const char sql[] =
	    "SELECT i.id, f.client_id, c.code, r.kind, i.requested, i.started, i.ended"
	    " FROM (SELECT related_client_id AS other, kind FROM client_relation"
	    "   WHERE client_id = $1 AND kind IN ('partner_of', 'ex_partner_of')"
	    "  UNION SELECT client_id AS other, kind FROM client_relation"
	    "   WHERE related_client_id = $1 AND kind IN ('partner_of', 'ex_partner_of')) r"
	    " JOIN case_file f ON f.client_id = r.other JOIN client c ON c.id = f.client_id"
	    " JOIN intervention i ON i.case_id = f.id"
	    " WHERE i.type = 'perpetrator_treatment' AND f.organisation_id = $2"
	    " ORDER BY i.requested DESC, i.id DESC, r.kind DESC";
	struct followup_treatment_row row;
	int64_t last = 0;
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, client_id) || store_bind_int(s, 2, organisation_id))
		return NRS_EDB;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		row.intervention_id = sqlite3_column_int64(s, 0);
		/* both "partner" and "ex-partner" recorded: one row, the current relation */
		if (row.intervention_id == last)
			continue;
		last = row.intervention_id;
		row.client_id = sqlite3_column_int64(s, 1);
		row.client_code = store_col_text(s, 2);
		row.relation = store_col_text(s, 3);
		row.requested = store_col_text(s, 4);
		row.started = store_col_text(s, 5);
		row.ended = store_col_text(s, 6);
		rc = cb(&row, ctx);
		if (rc != 0) {
			sqlite3_reset(s);
			return rc;
		}
	}
	sqlite3_reset(s);
	return step == SQLITE_DONE ? 0 : store_error(st, step, NULL);
}
