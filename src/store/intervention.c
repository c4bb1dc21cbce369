/* Storage of intervention types, interventions, sessions and the queue (see
 * intervention.h). */
#include "store/intervention.h"

#include <stdio.h>
#include <string.h>

int store_intervention_type_list(struct store *st, int active_only, intervention_type_cb cb,
                                 void *ctx)
{
	static const char sql[] = "SELECT key, label_sv, active FROM intervention_type"
	                          " WHERE $1 = 0 OR active = 1 ORDER BY rowid";
	struct intervention_type_row row;
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, active_only ? 1 : 0))
		return NRS_EDB;
	STORE_WALK_ROWS(st, s,
	          (row.key = store_col_text(s, 0), row.label_sv = store_col_text(s, 1),
	           row.active = sqlite3_column_int(s, 2)),
	          cb, ctx);
}

int store_intervention_type_active(struct store *st, const char *key)
{
	static const char sql[] = "SELECT 1 FROM intervention_type WHERE key = $1 AND active = 1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	if (rc != 0)
		return rc;
	if (store_bind_text(s, 1, key))
		return NRS_EDB;
	step = sqlite3_step(s);
	sqlite3_reset(s);
	if (step == SQLITE_ROW)
		return 1;
	return step == SQLITE_DONE ? 0 : store_error(st, step, NULL);
}

int store_intervention_add(struct store *st, const struct intervention_input *in, int64_t *id,
                           struct nrs_error *err)
{
	static const char sql[] =
	    "INSERT INTO intervention (case_id, type, requested, basis, decision_municipality,"
	    " decision_date, decision_ref, responsible_user, linked_intervention_id, created_at,"
	    " created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, in->case_id) || store_bind_text(s, 2, in->type) ||
	    store_bind_text(s, 3, in->requested) || store_bind_text(s, 4, in->basis) ||
	    store_bind_text(s, 5, in->decision_municipality) ||
	    store_bind_text(s, 6, in->decision_date) || store_bind_text(s, 7, in->decision_ref) ||
	    store_bind_id_or_null(s, 8, in->responsible_user) ||
	    store_bind_id_or_null(s, 9, in->linked_intervention_id) ||
	    store_bind_text(s, 10, in->created_at) || store_bind_id_or_null(s, 11, in->created_by))
		return NRS_EDB;
	rc = store_step_done(st, s, err);
	if (rc == 0)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

/* An age below 0 binds NULL (unknown). */
static int bind_age(sqlite3_stmt *s, int n, int age)
{
	return age >= 0 ? store_bind_int(s, n, age) : store_bind_null(s, n);
}

int store_intervention_start(struct store *st, int64_t id, const char *started, int start_age,
                             const char *start_municipality, struct nrs_error *err)
{
	static const char sql[] =
	    "UPDATE intervention SET started = $2, start_age = $3, start_municipality = $4"
	    " WHERE id = $1 AND started IS NULL";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, id) || store_bind_text(s, 2, started) ||
	    bind_age(s, 3, start_age) || store_bind_text(s, 4, start_municipality))
		return NRS_EDB;
	rc = store_step_done(st, s, err);
	if (rc == NRS_EINVAL)
		return nrs_error_set(err, NRS_EINVAL, "startdatum",
		                     "insatsen kan inte starta före datumet då den begärdes");
	if (rc == 0 && sqlite3_changes(st->db) != 1)
		return nrs_error_set(err, NRS_ECONFLICT, "startdatum",
		                     "insatsen har redan startat");
	return rc;
}

int store_intervention_start_by_session(struct store *st, int64_t id, const char *held,
                                        int start_age, const char *start_municipality,
                                        struct nrs_error *err)
{
	/* the municipality is the one at the first start: a start moved a few days earlier
	 * after the fact keeps it */
	static const char sql[] =
	    "UPDATE intervention SET started = $2, start_age = $3,"
	    " start_municipality = coalesce(start_municipality, $4)"
	    " WHERE id = $1 AND (started IS NULL OR started > $2)";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, id) || store_bind_text(s, 2, held) ||
	    bind_age(s, 3, start_age) || store_bind_text(s, 4, start_municipality))
		return NRS_EDB;
	rc = store_step_done(st, s, err);
	if (rc == NRS_EINVAL)
		return nrs_error_set(err, NRS_EINVAL, "datum",
		                     "samtalet kan inte hållas före datumet då insatsen begärdes");
	return rc;
}

/* The date of the intervention's last logged session into last (11 bytes), "" if none. */
static int last_session(struct store *st, int64_t id, char last[11])
{
	static const char sql[] = "SELECT max(held) FROM session_log WHERE intervention_id = $1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	last[0] = '\0';
	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, id))
		return NRS_EDB;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW && store_col_text(s, 0) != NULL)
		snprintf(last, 11, "%s", store_col_text(s, 0));
	sqlite3_reset(s);
	return step == SQLITE_ROW ? 0 : store_error(st, step, NULL);
}

int store_intervention_end(struct store *st, int64_t id, const char *ended, const char *end_reason,
                           struct nrs_error *err)
{
	static const char sql[] = "UPDATE intervention SET ended = $2, end_reason = $3"
	                          " WHERE id = $1 AND started IS NOT NULL AND ended IS NULL";
	sqlite3_stmt *s;
	char last[11];
	int rc = last_session(st, id, last);

	/* every session lies within the series (sessions after the end are refused when they
	 * are logged); the report counts a year's sessions among the series active in it */
	if (rc == 0 && last[0] != '\0' && strcmp(last, ended) > 0)
		return nrs_error_set(err, NRS_EINVAL, "slutdatum",
		                     "insatsen har samtal registrerade efter slutdatumet (senast"
		                     " %s)",
		                     last);
	if (rc == 0)
		rc = store_prepare(st, sql, &s);
	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, id) || store_bind_text(s, 2, ended) ||
	    store_bind_text(s, 3, end_reason))
		return NRS_EDB;
	rc = store_step_done(st, s, err);
	if (rc == NRS_EINVAL)
		return nrs_error_set(err, NRS_EINVAL, "slutdatum",
		                     "insatsen kan inte avslutas före startdatumet");
	if (rc == 0 && sqlite3_changes(st->db) != 1)
		return nrs_error_set(err, NRS_ECONFLICT, "slutdatum",
		                     "bara en påbörjad insats som inte redan avslutats kan"
		                     " avslutas");
	return rc;
}

#define INTERVENTION_COLUMNS                                                                       \
	"SELECT i.id, i.case_id, f.client_id, c.code, f.organisation_id, i.type, t.label_sv,"      \
	" i.requested, i.started, i.ended, i.end_reason, i.basis, i.decision_municipality,"        \
	" i.decision_date, i.decision_ref, coalesce(i.responsible_user, 0),"                       \
	" coalesce(i.linked_intervention_id, 0),"                                                  \
	" (SELECT count(*) FROM session_log l WHERE l.intervention_id = i.id"                      \
	"   AND l.outcome = 'held')"                                                               \
	" FROM intervention i JOIN case_file f ON f.id = i.case_id"                                \
	" JOIN client c ON c.id = f.client_id JOIN intervention_type t ON t.key = i.type"

#define INTERVENTION_FILL                                                                          \
	(row.id = sqlite3_column_int64(s, 0), row.case_id = sqlite3_column_int64(s, 1),            \
	 row.client_id = sqlite3_column_int64(s, 2), row.client_code = store_col_text(s, 3),             \
	 row.organisation_id = sqlite3_column_int64(s, 4), row.type = store_col_text(s, 5),              \
	 row.type_label = store_col_text(s, 6), row.requested = store_col_text(s, 7),                          \
	 row.started = store_col_text(s, 8), row.ended = store_col_text(s, 9),                                 \
	 row.end_reason = store_col_text(s, 10), row.basis = store_col_text(s, 11),                            \
	 row.decision_municipality = store_col_text(s, 12), row.decision_date = store_col_text(s, 13),         \
	 row.decision_ref = store_col_text(s, 14), row.responsible_user = sqlite3_column_int64(s, 15),   \
	 row.linked_intervention_id = sqlite3_column_int64(s, 16),                                 \
	 row.sessions_held = sqlite3_column_int64(s, 17))

int store_intervention_get(struct store *st, int64_t id, intervention_row_cb cb, void *ctx)
{
	static const char sql[] = INTERVENTION_COLUMNS " WHERE i.id = $1";
	struct intervention_row row;
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
	INTERVENTION_FILL;
	rc = cb(&row, ctx);
	sqlite3_reset(s);
	return rc;
}

int store_intervention_list_by_case(struct store *st, int64_t case_id, intervention_row_cb cb,
                                    void *ctx)
{
	static const char sql[] =
	    INTERVENTION_COLUMNS " WHERE i.case_id = $1 ORDER BY i.requested, i.id";
	struct intervention_row row;
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, case_id))
		return NRS_EDB;
	STORE_WALK_ROWS(st, s, INTERVENTION_FILL, cb, ctx);
}

int store_session_log_add(struct store *st, const struct session_log_input *in, int64_t *id,
                          struct nrs_error *err)
{
	static const char sql[] =
	    "INSERT INTO session_log (intervention_id, held, minutes, mode, outcome, created_at,"
	    " created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, in->intervention_id) || store_bind_text(s, 2, in->held) ||
	    store_bind_int(s, 3, in->minutes) || store_bind_text(s, 4, in->mode) ||
	    store_bind_text(s, 5, in->outcome) || store_bind_text(s, 6, in->created_at) ||
	    store_bind_id_or_null(s, 7, in->created_by))
		return NRS_EDB;
	rc = store_step_done(st, s, err);
	if (rc == 0)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

int store_session_log_list(struct store *st, int64_t intervention_id, session_log_cb cb, void *ctx)
{
	static const char sql[] =
	    "SELECT id, intervention_id, held, minutes, mode, outcome FROM session_log"
	    " WHERE intervention_id = $1 ORDER BY held, id";
	struct session_log_row row;
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, intervention_id))
		return NRS_EDB;
	STORE_WALK_ROWS(st, s,
	          (row.id = sqlite3_column_int64(s, 0),
	           row.intervention_id = sqlite3_column_int64(s, 1), row.held = store_col_text(s, 2),
	           row.minutes = sqlite3_column_int(s, 3), row.mode = store_col_text(s, 4),
	           row.outcome = store_col_text(s, 5)),
	          cb, ctx);
}

int store_queue_list(struct store *st, int64_t organisation_id, const char *type, const char *asof,
                     queue_row_cb cb, void *ctx)
{
	/* the WHERE matches the partial index intervention_queue */
	static const char sql[] =
	    "SELECT i.id, i.case_id, c.code, i.type, t.label_sv, i.requested, i.basis"
	    " FROM intervention i JOIN case_file f ON f.id = i.case_id"
	    " JOIN client c ON c.id = f.client_id JOIN intervention_type t ON t.key = i.type"
	    " WHERE i.started IS NULL AND i.ended IS NULL AND f.organisation_id = $1"
	    " AND ($2 IS NULL OR i.type = $2) AND i.requested <= $3"
	    " ORDER BY i.requested, i.id";
	struct queue_row row;
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, organisation_id) || store_bind_text(s, 2, type) ||
	    store_bind_text(s, 3, asof))
		return NRS_EDB;
	STORE_WALK_ROWS(st, s,
	          (row.intervention_id = sqlite3_column_int64(s, 0),
	           row.case_id = sqlite3_column_int64(s, 1), row.client_code = store_col_text(s, 2),
	           row.type = store_col_text(s, 3), row.type_label = store_col_text(s, 4),
	           row.requested = store_col_text(s, 5), row.basis = store_col_text(s, 6)),
	          cb, ctx);
}
