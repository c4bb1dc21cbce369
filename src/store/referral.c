/* Storage of police referrals and contact attempts (see referral.h). */
#include "store/referral.h"

#include <string.h>

int store_referral_add(struct store *st, const struct referral_input *in, int64_t *id,
                       struct nrs_error *err)
{
	static const char sql[] =
	    "INSERT INTO police_referral (organisation_id, received_at, consent, contact_enc,"
	    " municipality, created_at, created_by)"
	    " VALUES ($1, $2, $3, CASE WHEN $4 = 1 THEN X'' ELSE NULL END, $5, $6, $7)";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, in->organisation_id) || store_bind_text(s, 2, in->received_at) ||
	    store_bind_int(s, 3, in->consent ? 1 : 0) ||
	    store_bind_int(s, 4, in->has_contact ? 1 : 0) ||
	    store_bind_text(s, 5, in->municipality) || store_bind_text(s, 6, in->created_at) ||
	    store_bind_id_or_null(s, 7, in->created_by))
		return NRS_EDB;
	rc = store_step_done(st, s, err);
	if (rc == 0)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

int store_referral_seal_contact(struct store *st, int64_t id, const struct sealed *contact,
                                struct nrs_error *err)
{
	static const char sql[] = "UPDATE police_referral SET contact_enc = $2 WHERE id = $1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, id) || store_bind_sealed(s, 2, contact))
		return NRS_EDB;
	rc = store_step_done(st, s, err);
	if (rc == 0 && sqlite3_changes(st->db) != 1)
		return NRS_ENOTFOUND;
	return rc;
}

int store_referral_set_outcome(struct store *st, int64_t id, const char *first_contact_at,
                               const char *outcome, struct nrs_error *err)
{
	static const char sql[] = "UPDATE police_referral SET first_contact_at = $2, outcome = $3"
	                          " WHERE id = $1 AND outcome IS NULL AND first_contact_at IS NULL";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, id) || store_bind_text(s, 2, first_contact_at) ||
	    store_bind_text(s, 3, outcome))
		return NRS_EDB;
	rc = store_step_done(st, s, err);
	if (rc == NRS_EINVAL)
		return nrs_error_set(err, NRS_EINVAL, "kontakttid",
		                     "kontakttiden passar inte mottagningstiden eller utfallet");
	if (rc == 0 && sqlite3_changes(st->db) != 1)
		return nrs_error_set(err, NRS_ECONFLICT, "utfall",
		                     "utfallet för hänvisningen är redan registrerat");
	return rc;
}

int store_referral_link_client(struct store *st, int64_t id, int64_t client_id,
                               struct nrs_error *err)
{
	static const char sql[] = "UPDATE police_referral SET client_id = $2 WHERE id = $1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, id) || store_bind_int(s, 2, client_id))
		return NRS_EDB;
	rc = store_step_done(st, s, err);
	if (rc == 0 && sqlite3_changes(st->db) != 1)
		return NRS_ENOTFOUND;
	return rc;
}

int store_referral_attempt_add(struct store *st, int64_t referral_id, const char *at, int has_note,
                               int64_t created_by, int64_t *id, struct nrs_error *err)
{
	static const char sql[] =
	    "INSERT INTO referral_attempt (referral_id, at, note_enc, created_by)"
	    " VALUES ($1, $2, CASE WHEN $3 = 1 THEN X'' ELSE NULL END, $4)";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, referral_id) || store_bind_text(s, 2, at) ||
	    store_bind_int(s, 3, has_note ? 1 : 0) || store_bind_id_or_null(s, 4, created_by))
		return NRS_EDB;
	rc = store_step_done(st, s, err);
	if (rc == 0)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

int store_referral_attempt_seal_note(struct store *st, int64_t id, const struct sealed *note,
                                     struct nrs_error *err)
{
	static const char sql[] = "UPDATE referral_attempt SET note_enc = $2 WHERE id = $1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, id) || store_bind_sealed(s, 2, note))
		return NRS_EDB;
	rc = store_step_done(st, s, err);
	if (rc == 0 && sqlite3_changes(st->db) != 1)
		return NRS_ENOTFOUND;
	return rc;
}

#define REFERRAL_COLUMNS                                                                           \
	"SELECT r.id, r.organisation_id, r.received_at, r.consent, r.contact_enc,"                 \
	" r.municipality, r.first_contact_at, r.outcome, coalesce(r.client_id, 0), c.code,"        \
	" (SELECT count(*) FROM referral_attempt a WHERE a.referral_id = r.id),"                   \
	" (SELECT max(a.at) FROM referral_attempt a WHERE a.referral_id = r.id)"                   \
	" FROM police_referral r LEFT JOIN client c ON c.id = r.client_id"

static int referral_rows(struct store *st, sqlite3_stmt *s, referral_row_cb cb, void *ctx)
{
	struct referral_row row;
	int step, rc;

	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		row.id = sqlite3_column_int64(s, 0);
		row.organisation_id = sqlite3_column_int64(s, 1);
		row.received_at = store_col_text(s, 2);
		row.consent = sqlite3_column_int(s, 3);
		row.contact = store_col_sealed(s, 4);
		row.municipality = store_col_text(s, 5);
		row.first_contact_at = store_col_text(s, 6);
		row.outcome = store_col_text(s, 7);
		row.client_id = sqlite3_column_int64(s, 8);
		row.client_code = store_col_text(s, 9);
		row.attempts = sqlite3_column_int64(s, 10);
		row.last_attempt_at = store_col_text(s, 11);
		rc = cb(&row, ctx);
		if (rc != 0) {
			sqlite3_reset(s);
			return rc;
		}
	}
	sqlite3_reset(s);
	return step == SQLITE_DONE ? 0 : store_error(st, step, NULL);
}

/* Wraps a callback so that a get can tell "no row" from "callback ran". */
struct get_ctx {
	referral_row_cb cb;
	void *ctx;
	int seen;
};

static int get_one(const struct referral_row *row, void *ctx)
{
	struct get_ctx *g = ctx;

	g->seen = 1;
	return g->cb(row, g->ctx);
}

int store_referral_get(struct store *st, int64_t id, referral_row_cb cb, void *ctx)
{
	static const char sql[] = REFERRAL_COLUMNS " WHERE r.id = $1";
	struct get_ctx g = {cb, ctx, 0};
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, id))
		return NRS_EDB;
	rc = referral_rows(st, s, get_one, &g);
	if (rc == 0 && !g.seen)
		return NRS_ENOTFOUND;
	return rc;
}

int store_referral_list(struct store *st, int64_t organisation_id, int open_only,
                        referral_row_cb cb, void *ctx)
{
	/* open first by receipt (equal 48-hour limits: oldest receipt has least time left),
	 * then handled ones newest first */
	static const char sql[] =
	    REFERRAL_COLUMNS " WHERE r.organisation_id = $1 AND ($2 = 0 OR"
	                     " (r.first_contact_at IS NULL AND r.outcome IS NULL))"
	                     " ORDER BY (r.first_contact_at IS NOT NULL OR r.outcome IS NOT NULL),"
	                     " CASE WHEN r.first_contact_at IS NULL AND r.outcome IS NULL"
	                     "   THEN r.received_at END ASC,"
	                     " r.received_at DESC, r.id";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, organisation_id) || store_bind_int(s, 2, open_only ? 1 : 0))
		return NRS_EDB;
	return referral_rows(st, s, cb, ctx);
}

int store_referral_attempt_list(struct store *st, int64_t referral_id, referral_attempt_cb cb,
                                void *ctx)
{
	static const char sql[] =
	    "SELECT id, referral_id, at, note_enc, coalesce(created_by, 0) FROM referral_attempt"
	    " WHERE referral_id = $1 ORDER BY at, id";
	struct referral_attempt_row row;
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, referral_id))
		return NRS_EDB;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		row.id = sqlite3_column_int64(s, 0);
		row.referral_id = sqlite3_column_int64(s, 1);
		row.at = store_col_text(s, 2);
		row.note = store_col_sealed(s, 3);
		row.created_by = sqlite3_column_int64(s, 4);
		rc = cb(&row, ctx);
		if (rc != 0) {
			sqlite3_reset(s);
			return rc;
		}
	}
	sqlite3_reset(s);
	return step == SQLITE_DONE ? 0 : store_error(st, step, NULL);
}
