/* Configuration of intervention types and follow-up measures (see config.h). */
#include "store/config.h"

int store_config_type_add(struct store *st, const char *key, const char *label_sv,
                          struct nrs_error *err)
{
	static const char sql[] =
	    "INSERT INTO intervention_type (key, label_sv, active) VALUES ($1, $2, 1)";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_text(s, 1, key) || store_bind_text(s, 2, label_sv))
		return NRS_EDB;
	return store_step_done(st, s, err);
}

int store_config_measure_add(struct store *st, const char *key, const char *label_sv,
                             int scale_min, int scale_max, struct nrs_error *err)
{
	static const char sql[] =
	    "INSERT INTO followup_measure (key, label_sv, scale_min, scale_max, active, position)"
	    " VALUES ($1, $2, $3, $4, 1,"
	    " (SELECT coalesce(max(position), 0) + 1 FROM followup_measure))";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_text(s, 1, key) || store_bind_text(s, 2, label_sv) ||
	    store_bind_int(s, 3, scale_min) || store_bind_int(s, 4, scale_max))
		return NRS_EDB;
	return store_step_done(st, s, err);
}

/* sql flips and returns the new state of one row by key. */
static int toggle(struct store *st, const char *sql, const char *key, int *active,
                  struct nrs_error *err)
{
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	if (rc != 0)
		return rc;
	if (store_bind_text(s, 1, key))
		return NRS_EDB;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		*active = sqlite3_column_int(s, 0);
		step = sqlite3_step(s);
	} else if (step == SQLITE_DONE) {
		sqlite3_reset(s);
		return NRS_ENOTFOUND;
	}
	sqlite3_reset(s);
	return step == SQLITE_DONE ? 0 : store_error(st, step, err);
}

int store_config_type_toggle(struct store *st, const char *key, int *active,
                             struct nrs_error *err)
{
	static const char sql[] = "UPDATE intervention_type SET active = 1 - active WHERE key = $1"
	                          " RETURNING active";

	return toggle(st, sql, key, active, err);
}

int store_config_measure_toggle(struct store *st, const char *key, int *active,
                                struct nrs_error *err)
{
	static const char sql[] = "UPDATE followup_measure SET active = 1 - active WHERE key = $1"
	                          " RETURNING active";

	return toggle(st, sql, key, active, err);
}
