/* User accounts, roles and API tokens in SQL (see user.h). */
#include "store/user.h"
#include "base/buf.h"
#include "base/date.h"

#include <string.h>

#define USER_COLUMNS                                                                             \
	"SELECT u.id, u.username, u.display_name, u.organisation_id, o.name, o.kind,"            \
	" o.municipality_code, o.active, u.password_hash, u.must_change_password, u.active,"     \
	" u.failed_logins, u.locked_until_epoch"                                                 \
	" FROM app_user u JOIN organisation o ON o.id = u.organisation_id"

/* The user's role names joined by ','; a user has at most a handful, so the cap is ample. */
static int load_roles(struct store *st, int64_t user_id, struct buf *out)
{
	static const char sql[] = "SELECT role FROM user_role WHERE user_id = $1 ORDER BY role";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	buf_reset(out);
	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, user_id))
		return NRS_EDB;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if ((out->len > 0 && buf_putc(out, ',') != 0) || buf_puts(out, store_col_text(s, 0)) != 0) {
			sqlite3_reset(s);
			return NRS_ETOOBIG;
		}
	}
	sqlite3_reset(s);
	return step == SQLITE_DONE ? 0 : store_error(st, step, NULL);
}

/* Step s (a USER_COLUMNS query) and hand each row, with its roles, to cb. With single set,
 * no row is NRS_ENOTFOUND. */
static int walk_users(struct store *st, sqlite3_stmt *s, int single, user_row_cb cb, void *ctx)
{
	struct user_row row;
	struct buf roles;
	int rc = 0, step, seen = 0;

	buf_init(&roles, 1024);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		seen = 1;
		row.id = sqlite3_column_int64(s, 0);
		row.username = store_col_text(s, 1);
		row.display_name = store_col_text(s, 2);
		row.organisation_id = sqlite3_column_int64(s, 3);
		row.organisation_name = store_col_text(s, 4);
		row.organisation_kind = store_col_text(s, 5);
		row.municipality_code = store_col_text(s, 6);
		row.organisation_active = sqlite3_column_int(s, 7);
		row.password_hash = store_col_text(s, 8);
		row.must_change_password = sqlite3_column_int(s, 9);
		row.active = sqlite3_column_int(s, 10);
		row.failed_logins = sqlite3_column_int64(s, 11);
		row.locked_until_epoch = sqlite3_column_int64(s, 12);
		rc = load_roles(st, row.id, &roles);
		if (rc != 0)
			goto out;
		row.roles = buf_cstr(&roles);
		rc = cb(&row, ctx);
		if (rc != 0 || single)
			goto out;
	}
	if (step != SQLITE_DONE)
		rc = store_error(st, step, NULL);
	else if (single && !seen)
		rc = NRS_ENOTFOUND;
out:
	sqlite3_reset(s);
	buf_free(&roles);
	return rc;
}

int store_user_add(struct store *st, const struct user_input *in, int64_t *id,
		   struct nrs_error *err)
{
	static const char sql[] =
		"INSERT INTO app_user (username, display_name, organisation_id, password_hash,"
		" must_change_password, created_at) VALUES ($1, $2, $3, $4, $5, $6)";
	char now[21];
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	time_now_iso(now);
	if (store_bind_text(s, 1, in->username) || store_bind_text(s, 2, in->display_name) ||
	    store_bind_int(s, 3, in->organisation_id) || store_bind_text(s, 4, in->password_hash) ||
	    store_bind_int(s, 5, in->must_change_password ? 1 : 0) || store_bind_text(s, 6, now))
		return NRS_EDB;
	rc = store_step_done(st, s, err);
	if (rc == NRS_EEXIST)
		return nrs_error_set(err, NRS_EEXIST, "anvandarnamn", "användarnamnet är upptaget");
	if (rc == 0 && id)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

int store_user_role_add(struct store *st, int64_t user_id, const char *role,
			struct nrs_error *err)
{
	static const char sql[] =
		"INSERT INTO user_role (user_id, role) VALUES ($1, $2) ON CONFLICT DO NOTHING";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, user_id) || store_bind_text(s, 2, role))
		return NRS_EDB;
	return store_step_done(st, s, err);
}

int store_user_roles_clear(struct store *st, int64_t user_id, struct nrs_error *err)
{
	static const char sql[] = "DELETE FROM user_role WHERE user_id = $1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, user_id))
		return NRS_EDB;
	return store_step_done(st, s, err);
}

int store_user_get(struct store *st, int64_t id, user_row_cb cb, void *ctx)
{
	static const char sql[] = USER_COLUMNS " WHERE u.id = $1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, id))
		return NRS_EDB;
	return walk_users(st, s, 1, cb, ctx);
}

int store_user_get_by_username(struct store *st, const char *username, user_row_cb cb,
			       void *ctx)
{
	static const char sql[] = USER_COLUMNS " WHERE u.username = $1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_text(s, 1, username))
		return NRS_EDB;
	return walk_users(st, s, 1, cb, ctx);
}

int store_user_list(struct store *st, user_row_cb cb, void *ctx)
{
	static const char sql[] = USER_COLUMNS " ORDER BY u.username";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	return walk_users(st, s, 0, cb, ctx);
}

/* Run an UPDATE of one user by id; NRS_ENOTFOUND if no row changed. */
static int update_one(struct store *st, sqlite3_stmt *s, struct nrs_error *err)
{
	int rc = store_step_done(st, s, err);

	if (rc == 0 && sqlite3_changes(st->db) == 0)
		rc = nrs_error_set(err, NRS_ENOTFOUND, "", "användaren finns inte");
	return rc;
}

int store_user_set_password(struct store *st, int64_t id, const char *password_hash,
			    int must_change_password, struct nrs_error *err)
{
	static const char sql[] =
		"UPDATE app_user SET password_hash = $2, must_change_password = $3,"
		" password_changed_at = $4, failed_logins = 0, locked_until_epoch = 0"
		" WHERE id = $1";
	char now[21];
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	time_now_iso(now);
	if (store_bind_int(s, 1, id) || store_bind_text(s, 2, password_hash) ||
	    store_bind_int(s, 3, must_change_password ? 1 : 0) || store_bind_text(s, 4, now))
		return NRS_EDB;
	return update_one(st, s, err);
}

int store_user_login_failed(struct store *st, int64_t id, int64_t *failures)
{
	static const char sql[] = "UPDATE app_user SET failed_logins = failed_logins + 1"
				  " WHERE id = $1 RETURNING failed_logins";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, id))
		return NRS_EDB;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		*failures = sqlite3_column_int64(s, 0);
		/* step to the end so the write is complete before the statement is reset */
		step = sqlite3_step(s);
		rc = step == SQLITE_DONE ? 0 : store_error(st, step, NULL);
	} else {
		rc = step == SQLITE_DONE ? NRS_ENOTFOUND : store_error(st, step, NULL);
	}
	sqlite3_reset(s);
	return rc;
}

int store_user_set_lock(struct store *st, int64_t id, int64_t locked_until_epoch)
{
	static const char sql[] = "UPDATE app_user SET locked_until_epoch = $2 WHERE id = $1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, id) || store_bind_int(s, 2, locked_until_epoch))
		return NRS_EDB;
	return update_one(st, s, NULL);
}

int store_user_login_ok(struct store *st, int64_t id)
{
	static const char sql[] = "UPDATE app_user SET failed_logins = 0, locked_until_epoch = 0"
				  " WHERE id = $1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, id))
		return NRS_EDB;
	return update_one(st, s, NULL);
}

int store_user_set_active(struct store *st, int64_t id, int active, struct nrs_error *err)
{
	static const char sql[] = "UPDATE app_user SET active = $2 WHERE id = $1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, id) || store_bind_int(s, 2, active ? 1 : 0))
		return NRS_EDB;
	return update_one(st, s, err);
}

int store_user_count(struct store *st, int64_t *count)
{
	static const char sql[] = "SELECT count(*) FROM app_user";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	rc = sqlite3_step(s);
	*count = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : store_error(st, rc, NULL);
}

int store_api_token_add(struct store *st, int64_t user_id, const unsigned char hash[32],
			const char *label, int64_t *id, struct nrs_error *err)
{
	static const char sql[] =
		"INSERT INTO api_token (user_id, token_hash, label, created_at)"
		" VALUES ($1, $2, $3, $4)";
	char now[21];
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	time_now_iso(now);
	if (store_bind_int(s, 1, user_id) || store_bind_blob(s, 2, hash, 32) ||
	    store_bind_text(s, 3, label) || store_bind_text(s, 4, now))
		return NRS_EDB;
	rc = store_step_done(st, s, err);
	if (rc == 0 && id)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

#define TOKEN_COLUMNS "SELECT id, user_id, label, created_at, last_used_at, revoked FROM api_token"

static int walk_tokens(struct store *st, sqlite3_stmt *s, int single, api_token_cb cb,
		       void *ctx)
{
	struct api_token_row row;
	int rc = 0, step, seen = 0;

	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		seen = 1;
		row.id = sqlite3_column_int64(s, 0);
		row.user_id = sqlite3_column_int64(s, 1);
		row.label = store_col_text(s, 2);
		row.created_at = store_col_text(s, 3);
		row.last_used_at = store_col_text(s, 4);
		row.revoked = sqlite3_column_int(s, 5);
		rc = cb(&row, ctx);
		if (rc != 0 || single)
			goto out;
	}
	if (step != SQLITE_DONE)
		rc = store_error(st, step, NULL);
	else if (single && !seen)
		rc = NRS_ENOTFOUND;
out:
	sqlite3_reset(s);
	return rc;
}

int store_api_token_find(struct store *st, const unsigned char hash[32], api_token_cb cb,
			 void *ctx)
{
	static const char sql[] = TOKEN_COLUMNS " WHERE token_hash = $1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_blob(s, 1, hash, 32))
		return NRS_EDB;
	return walk_tokens(st, s, 1, cb, ctx);
}

int store_api_token_list(struct store *st, int64_t user_id, api_token_cb cb, void *ctx)
{
	static const char sql[] = TOKEN_COLUMNS " WHERE user_id = $1 ORDER BY id DESC";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, user_id))
		return NRS_EDB;
	return walk_tokens(st, s, 0, cb, ctx);
}

int store_api_token_touch(struct store *st, int64_t id, const char *at)
{
	static const char sql[] = "UPDATE api_token SET last_used_at = $2 WHERE id = $1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, id) || store_bind_text(s, 2, at))
		return NRS_EDB;
	return store_step_done(st, s, NULL);
}

int store_api_token_revoke(struct store *st, int64_t user_id, int64_t id)
{
	static const char sql[] = "UPDATE api_token SET revoked = 1 WHERE id = $1 AND user_id = $2";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, id) || store_bind_int(s, 2, user_id))
		return NRS_EDB;
	return update_one(st, s, NULL);
}
