/* Login sessions in SQL (see session.h). */
#include "store/session.h"

#include <stdlib.h>
#include <string.h>

struct session_join {
	struct session_row row;
	session_row_cb cb;
	void *ctx;
};

static int with_user(const struct user_row *user, void *vctx)
{
	struct session_join *j = vctx;

	j->row.user = user;
	return j->cb(&j->row, j->ctx);
}

int store_session_add(struct store *st, const unsigned char token_hash[32], int64_t user_id,
		      const char *csrf_token, int64_t created_epoch, struct nrs_error *err)
{
	static const char sql[] =
		"INSERT INTO session (token_hash, user_id, csrf_token, created_epoch,"
		" last_seen_epoch) VALUES ($1, $2, $3, $4, $4)";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_blob(s, 1, token_hash, 32) || store_bind_int(s, 2, user_id) ||
	    store_bind_text(s, 3, csrf_token) || store_bind_int(s, 4, created_epoch))
		return NRS_EDB;
	return store_step_done(st, s, err);
}

int store_session_get(struct store *st, const unsigned char token_hash[32], session_row_cb cb,
		      void *ctx)
{
	static const char sql[] = "SELECT user_id, csrf_token, created_epoch, last_seen_epoch"
				  " FROM session WHERE token_hash = $1";
	struct session_join j = {{0}, cb, ctx};
	char *csrf = NULL;
	int64_t user_id = 0;
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	if (rc != 0)
		return rc;
	if (store_bind_blob(s, 1, token_hash, 32))
		return NRS_EDB;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		user_id = sqlite3_column_int64(s, 0);
		csrf = store_col_text_dup(s, 1);
		j.row.created_epoch = sqlite3_column_int64(s, 2);
		j.row.last_seen_epoch = sqlite3_column_int64(s, 3);
		rc = csrf ? 0 : NRS_ENOMEM;
	} else {
		rc = step == SQLITE_DONE ? NRS_ENOTFOUND : store_error(st, step, NULL);
	}
	sqlite3_reset(s);
	if (rc != 0)
		goto out;
	j.row.csrf_token = csrf;
	/* the user (with organisation and roles) comes from the one place that reads users */
	rc = store_user_get(st, user_id, with_user, &j);
out:
	free(csrf);
	return rc;
}

static int by_hash(struct store *st, const char *sql, const unsigned char token_hash[32])
{
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_blob(s, 1, token_hash, 32))
		return NRS_EDB;
	return store_step_done(st, s, NULL);
}

int store_session_touch(struct store *st, const unsigned char token_hash[32],
			int64_t last_seen_epoch)
{
	/* never move last_seen backwards if two requests race with skewed clocks */
	static const char sql[] = "UPDATE session SET last_seen_epoch = $2"
				  " WHERE token_hash = $1 AND last_seen_epoch < $2";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_blob(s, 1, token_hash, 32) || store_bind_int(s, 2, last_seen_epoch))
		return NRS_EDB;
	return store_step_done(st, s, NULL);
}

int store_session_delete(struct store *st, const unsigned char token_hash[32])
{
	static const char sql[] = "DELETE FROM session WHERE token_hash = $1";

	return by_hash(st, sql, token_hash);
}

int store_session_delete_user(struct store *st, int64_t user_id)
{
	static const char sql[] = "DELETE FROM session WHERE user_id = $1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, user_id))
		return NRS_EDB;
	return store_step_done(st, s, NULL);
}

int store_session_purge(struct store *st, int64_t idle_cutoff, int64_t absolute_cutoff)
{
	static const char sql[] =
		"DELETE FROM session WHERE last_seen_epoch < $1 OR created_epoch < $2";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, idle_cutoff) || store_bind_int(s, 2, absolute_cutoff))
		return NRS_EDB;
	return store_step_done(st, s, NULL);
}

int store_session_count(struct store *st, int64_t user_id, int64_t *count)
{
	static const char sql[] = "SELECT count(*) FROM session WHERE $1 < 0 OR user_id = $1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, user_id))
		return NRS_EDB;
	rc = sqlite3_step(s);
	*count = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : store_error(st, rc, NULL);
}
