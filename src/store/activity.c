/* Storage of anonymous contacts, consultations, trainings and mandatory reports, and the
 * lookups by client code (see activity.h). Statements are constants with bound values. */
#include "store/activity.h"

#include <string.h>

/* Step s to the end and reset it; SQLITE_ROW is not expected. */
static int insert_done(struct store *st, sqlite3_stmt *s, int64_t *id, struct nrs_error *err)
{
	int rc = store_step_done(st, s, err);

	if (rc == 0 && id != NULL)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

/* The caller's typed callback and context. The callback is kept as a generic function
 * pointer and cast back to its own type before the call (a function pointer may not pass
 * through void *). */
/* ---- anonymous contacts ---- */

int store_contact_add(struct store *st, const struct contact_input *in, int64_t *id,
                      struct nrs_error *err)
{
	static const char sql[] =
	    "INSERT INTO anon_contact (organisation_id, contact_date, category, municipality,"
	    " topic, minutes, outcome, created_at, created_by)"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, in->organisation_id) || store_bind_text(s, 2, in->date) ||
	    store_bind_text(s, 3, in->category) || store_bind_text(s, 4, in->municipality) ||
	    store_bind_text(s, 5, in->topic) || store_bind_int(s, 6, in->minutes) ||
	    store_bind_text(s, 7, in->outcome) || store_bind_text(s, 8, in->created_at) ||
	    store_bind_id_or_null(s, 9, in->created_by))
		return NRS_EDB;
	return insert_done(st, s, id, err);
}

static int contact_row_of(sqlite3_stmt *s, const struct store_box *b)
{
	struct contact_row row;

	row.id = sqlite3_column_int64(s, 0);
	row.date = store_col_text(s, 1);
	row.category = store_col_text(s, 2);
	row.municipality = store_col_text(s, 3);
	row.municipality_name = store_col_text(s, 4);
	row.topic = store_col_text(s, 5);
	row.minutes = sqlite3_column_int64(s, 6);
	row.outcome = store_col_text(s, 7);
	row.created_at = store_col_text(s, 8);
	return ((contact_row_cb)b->cb)(&row, b->ctx);
}

int store_contact_list(struct store *st, int64_t organisation_id, contact_row_cb cb, void *ctx)
{
	static const char sql[] =
	    "SELECT c.id, c.contact_date, c.category, c.municipality, m.name, c.topic, c.minutes,"
	    " c.outcome, c.created_at FROM anon_contact c"
	    " LEFT JOIN municipality m ON m.code = c.municipality"
	    " WHERE c.organisation_id = $1 ORDER BY c.contact_date DESC, c.id DESC";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, organisation_id))
		return NRS_EDB;
	return store_walk(st, s, contact_row_of, (store_any_fn)cb, ctx, NULL);
}

/* ---- consultations ---- */

int store_consultation_add(struct store *st, const struct consultation_input *in, int64_t *id,
                           struct nrs_error *err)
{
	static const char sql[] =
	    "INSERT INTO consultation (organisation_id, consult_date, asker_organisation_id,"
	    " asker_municipality, topic, minutes, created_at, created_by)"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, in->organisation_id) || store_bind_text(s, 2, in->date) ||
	    store_bind_id_or_null(s, 3, in->asker_organisation_id) ||
	    store_bind_text(s, 4, in->asker_municipality) || store_bind_text(s, 5, in->topic) ||
	    store_bind_int(s, 6, in->minutes) || store_bind_text(s, 7, in->created_at) ||
	    store_bind_id_or_null(s, 8, in->created_by))
		return NRS_EDB;
	return insert_done(st, s, id, err);
}

static int consultation_row_of(sqlite3_stmt *s, const struct store_box *b)
{
	struct consultation_row row;

	row.id = sqlite3_column_int64(s, 0);
	row.date = store_col_text(s, 1);
	row.asker_organisation_id = sqlite3_column_int64(s, 2);
	row.asker_organisation_name = store_col_text(s, 3);
	row.asker_municipality = store_col_text(s, 4);
	row.asker_municipality_name = store_col_text(s, 5);
	row.topic = store_col_text(s, 6);
	row.minutes = sqlite3_column_int64(s, 7);
	row.created_at = store_col_text(s, 8);
	return ((consultation_row_cb)b->cb)(&row, b->ctx);
}

int store_consultation_list(struct store *st, int64_t organisation_id, consultation_row_cb cb,
                            void *ctx)
{
	static const char sql[] =
	    "SELECT c.id, c.consult_date, coalesce(c.asker_organisation_id, 0), o.name,"
	    " c.asker_municipality, m.name, c.topic, c.minutes, c.created_at FROM consultation c"
	    " LEFT JOIN organisation o ON o.id = c.asker_organisation_id"
	    " LEFT JOIN municipality m ON m.code = c.asker_municipality"
	    " WHERE c.organisation_id = $1 ORDER BY c.consult_date DESC, c.id DESC";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, organisation_id))
		return NRS_EDB;
	return store_walk(st, s, consultation_row_of, (store_any_fn)cb, ctx, NULL);
}

/* ---- trainings ---- */

int store_training_add(struct store *st, const struct training_input *in, int64_t *id,
                       struct nrs_error *err)
{
	static const char sql[] =
	    "INSERT INTO training (organisation_id, held_on, title, kind, created_at, created_by)"
	    " VALUES ($1, $2, $3, $4, $5, $6)";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, in->organisation_id) || store_bind_text(s, 2, in->date) ||
	    store_bind_text(s, 3, in->title) || store_bind_text(s, 4, in->kind) ||
	    store_bind_text(s, 5, in->created_at) || store_bind_id_or_null(s, 6, in->created_by))
		return NRS_EDB;
	return insert_done(st, s, id, err);
}

int store_training_participant_add(struct store *st, int64_t training_id, int64_t organisation_id,
                                   int64_t participants, struct nrs_error *err)
{
	static const char sql[] =
	    "INSERT INTO training_participant (training_id, organisation_id, participants)"
	    " VALUES ($1, $2, $3)";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, training_id) || store_bind_int(s, 2, organisation_id) ||
	    store_bind_int(s, 3, participants))
		return NRS_EDB;
	return insert_done(st, s, NULL, err);
}

#define TRAINING_COLUMNS                                                                           \
	"SELECT t.id, t.organisation_id, t.held_on, t.title, t.kind,"                              \
	" (SELECT coalesce(sum(p.participants), 0) FROM training_participant p"                    \
	"   WHERE p.training_id = t.id),"                                                          \
	" (SELECT count(*) FROM training_participant p WHERE p.training_id = t.id),"               \
	" t.created_at FROM training t"

static int training_row_of(sqlite3_stmt *s, const struct store_box *b)
{
	struct training_row row;

	row.id = sqlite3_column_int64(s, 0);
	row.organisation_id = sqlite3_column_int64(s, 1);
	row.date = store_col_text(s, 2);
	row.title = store_col_text(s, 3);
	row.kind = store_col_text(s, 4);
	row.participants = sqlite3_column_int64(s, 5);
	row.organisations = sqlite3_column_int64(s, 6);
	row.created_at = store_col_text(s, 7);
	return ((training_row_cb)b->cb)(&row, b->ctx);
}

int store_training_list(struct store *st, int64_t organisation_id, training_row_cb cb, void *ctx)
{
	static const char sql[] =
	    TRAINING_COLUMNS " WHERE t.organisation_id = $1 ORDER BY t.held_on DESC, t.id DESC";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, organisation_id))
		return NRS_EDB;
	return store_walk(st, s, training_row_of, (store_any_fn)cb, ctx, NULL);
}

int store_training_get(struct store *st, int64_t id, training_row_cb cb, void *ctx)
{
	static const char sql[] = TRAINING_COLUMNS " WHERE t.id = $1";
	sqlite3_stmt *s;
	int seen = 0, rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, id))
		return NRS_EDB;
	rc = store_walk(st, s, training_row_of, (store_any_fn)cb, ctx, &seen);
	if (rc == 0 && !seen)
		return NRS_ENOTFOUND;
	return rc;
}

static int participant_row_of(sqlite3_stmt *s, const struct store_box *b)
{
	struct training_participant_row row;

	row.organisation_id = sqlite3_column_int64(s, 0);
	row.organisation_name = store_col_text(s, 1);
	row.organisation_kind = store_col_text(s, 2);
	row.participants = sqlite3_column_int64(s, 3);
	return ((training_participant_cb)b->cb)(&row, b->ctx);
}

int store_training_participant_list(struct store *st, int64_t training_id,
                                    training_participant_cb cb, void *ctx)
{
	static const char sql[] =
	    "SELECT p.organisation_id, o.name, o.kind, p.participants FROM training_participant p"
	    " JOIN organisation o ON o.id = p.organisation_id"
	    " WHERE p.training_id = $1 ORDER BY o.name, o.id";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, training_id))
		return NRS_EDB;
	return store_walk(st, s, participant_row_of, (store_any_fn)cb, ctx, NULL);
}

/* ---- mandatory reports ---- */

int store_report_add(struct store *st, const struct report_input *in, int64_t *id,
                     struct nrs_error *err)
{
	static const char sql[] =
	    "INSERT INTO mandatory_report (organisation_id, case_id, kind, report_date, made_by,"
	    " recipient_organisation_id, recipient_text, created_at, created_by)"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, in->organisation_id) || store_bind_int(s, 2, in->case_id) ||
	    store_bind_text(s, 3, in->kind) || store_bind_text(s, 4, in->date) ||
	    store_bind_int(s, 5, in->made_by) ||
	    store_bind_id_or_null(s, 6, in->recipient_organisation_id) ||
	    store_bind_text(s, 7, in->recipient_text) || store_bind_text(s, 8, in->created_at) ||
	    store_bind_id_or_null(s, 9, in->created_by))
		return NRS_EDB;
	return insert_done(st, s, id, err);
}

static int report_row_of(sqlite3_stmt *s, const struct store_box *b)
{
	struct report_row row;

	row.id = sqlite3_column_int64(s, 0);
	row.organisation_id = sqlite3_column_int64(s, 1);
	row.case_id = sqlite3_column_int64(s, 2);
	row.client_code = store_col_text(s, 3);
	row.kind = store_col_text(s, 4);
	row.date = store_col_text(s, 5);
	row.made_by = sqlite3_column_int64(s, 6);
	row.made_by_name = store_col_text(s, 7);
	row.recipient_organisation_id = sqlite3_column_int64(s, 8);
	row.recipient_name = store_col_text(s, 9);
	row.created_at = store_col_text(s, 10);
	return ((report_row_cb)b->cb)(&row, b->ctx);
}

int store_report_list(struct store *st, int64_t organisation_id, report_row_cb cb, void *ctx)
{
	static const char sql[] =
	    "SELECT r.id, r.organisation_id, r.case_id, c.code, r.kind, r.report_date, r.made_by,"
	    " u.display_name, coalesce(r.recipient_organisation_id, 0),"
	    " coalesce(o.name, r.recipient_text), r.created_at FROM mandatory_report r"
	    " JOIN case_file f ON f.id = r.case_id JOIN client c ON c.id = f.client_id"
	    " LEFT JOIN app_user u ON u.id = r.made_by"
	    " LEFT JOIN organisation o ON o.id = r.recipient_organisation_id"
	    " WHERE r.organisation_id = $1 ORDER BY r.report_date DESC, r.id DESC";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, organisation_id))
		return NRS_EDB;
	return store_walk(st, s, report_row_of, (store_any_fn)cb, ctx, NULL);
}

/* ---- cases and clients by code ---- */

static int code_case_row_of(sqlite3_stmt *s, const struct store_box *b)
{
	struct code_case_row row;

	row.case_id = sqlite3_column_int64(s, 0);
	row.client_id = sqlite3_column_int64(s, 1);
	row.organisation_id = sqlite3_column_int64(s, 2);
	row.client_code = store_col_text(s, 3);
	row.opened = store_col_text(s, 4);
	row.closed = store_col_text(s, 5);
	return ((code_case_cb)b->cb)(&row, b->ctx);
}

int store_cases_by_client_code(struct store *st, const char *code, code_case_cb cb, void *ctx)
{
	static const char sql[] =
	    "SELECT f.id, f.client_id, f.organisation_id, c.code, f.opened, f.closed"
	    " FROM client c JOIN case_file f ON f.client_id = c.id WHERE c.code = $1"
	    " ORDER BY f.closed IS NOT NULL, f.opened DESC, f.id DESC";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_text(s, 1, code))
		return NRS_EDB;
	return store_walk(st, s, code_case_row_of, (store_any_fn)cb, ctx, NULL);
}

int store_case_brief(struct store *st, int64_t case_id, code_case_cb cb, void *ctx)
{
	static const char sql[] =
	    "SELECT f.id, f.client_id, f.organisation_id, c.code, f.opened, f.closed"
	    " FROM case_file f JOIN client c ON c.id = f.client_id WHERE f.id = $1";
	sqlite3_stmt *s;
	int seen = 0, rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, case_id))
		return NRS_EDB;
	rc = store_walk(st, s, code_case_row_of, (store_any_fn)cb, ctx, &seen);
	if (rc == 0 && !seen)
		return NRS_ENOTFOUND;
	return rc;
}
