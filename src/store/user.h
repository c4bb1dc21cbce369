/* Storage of user accounts, their roles and their API tokens (tables app_user, user_role,
 * api_token). Roles are stored and returned by name; turning names into role bits belongs
 * to security/, which is also where every rule about passwords and lockout lives. */
#ifndef NRS_STORE_USER_H
#define NRS_STORE_USER_H

#include "base/err.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

/* A user as stored, with its organisation. Every pointer is borrowed: valid only during
 * the callback that receives the row. */
struct user_row {
	int64_t id;
	const char *username;
	const char *display_name;
	int64_t organisation_id;
	const char *organisation_name;
	const char *organisation_kind;
	const char *municipality_code; /* the organisation's, NULL if none */
	int organisation_active;
	const char *roles;             /* role names joined by ',' ("" if none), in name order */
	const char *password_hash;     /* Argon2id string; never shown or logged */
	int must_change_password;
	int active;
	int64_t failed_logins;
	int64_t locked_until_epoch;
};

struct user_input {
	const char *username;
	const char *display_name;
	int64_t organisation_id;
	const char *password_hash;
	int must_change_password;
};

/* A non-zero return from the callback stops the walk and is returned to the caller. */
typedef int (*user_row_cb)(const struct user_row *row, void *ctx);

/* Insert a user (no roles yet). NRS_EEXIST (field "anvandarnamn") if the name is taken. */
int store_user_add(struct store *st, const struct user_input *in, int64_t *id,
		   struct nrs_error *err);
/* Give the user one more role by name. Adding a role it has already is not an error. */
int store_user_role_add(struct store *st, int64_t user_id, const char *role,
			struct nrs_error *err);
/* Remove every role of the user (before setting a new set, in the caller's transaction). */
int store_user_roles_clear(struct store *st, int64_t user_id, struct nrs_error *err);

/* Call cb once with the user. NRS_ENOTFOUND if there is none. */
int store_user_get(struct store *st, int64_t id, user_row_cb cb, void *ctx);
int store_user_get_by_username(struct store *st, const char *username, user_row_cb cb,
			       void *ctx);
/* Every user, ordered by username. */
int store_user_list(struct store *st, user_row_cb cb, void *ctx);

/* Replace the password hash; clears the failure count and any lock. NRS_ENOTFOUND if the
 * user does not exist. */
int store_user_set_password(struct store *st, int64_t id, const char *password_hash,
			    int must_change_password, struct nrs_error *err);
/* Count one more failed login and return the new count in *failures (atomic in SQL, so
 * concurrent failures are all counted). */
int store_user_login_failed(struct store *st, int64_t id, int64_t *failures);
/* Set the lock expiry (Unix seconds; 0 = not locked). */
int store_user_set_lock(struct store *st, int64_t id, int64_t locked_until_epoch);
/* A successful login: failure count and lock cleared. */
int store_user_login_ok(struct store *st, int64_t id);
int store_user_set_active(struct store *st, int64_t id, int active, struct nrs_error *err);
/* Count of users (for tests and summaries). */
int store_user_count(struct store *st, int64_t *count);

/* API tokens, found by the hash of the token (the token itself is never stored). */
struct api_token_row {
	int64_t id;
	int64_t user_id;
	const char *label;
	const char *created_at;
	const char *last_used_at; /* NULL if never used */
	int revoked;
};
typedef int (*api_token_cb)(const struct api_token_row *row, void *ctx);

int store_api_token_add(struct store *st, int64_t user_id, const unsigned char hash[32],
			const char *label, int64_t *id, struct nrs_error *err);
/* Call cb with the token whose hash this is. NRS_ENOTFOUND if none. */
int store_api_token_find(struct store *st, const unsigned char hash[32], api_token_cb cb,
			 void *ctx);
/* Record use at `at` (UTC ISO 8601). */
int store_api_token_touch(struct store *st, int64_t id, const char *at);
/* Revoke one token of a user; NRS_ENOTFOUND if the user has no such token. */
int store_api_token_revoke(struct store *st, int64_t user_id, int64_t id);
/* The tokens of one user, newest first. */
int store_api_token_list(struct store *st, int64_t user_id, api_token_cb cb, void *ctx);

#endif
