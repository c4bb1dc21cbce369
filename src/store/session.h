/* Storage of login sessions (table session). Only a hash of the session token is stored;
 * the expiry rules live in security/session.c, which passes the cut-off times in. */
#ifndef NRS_STORE_SESSION_H
#define NRS_STORE_SESSION_H

#include "base/err.h"
#include "store/db.h"
#include "store/user.h"

#include <stdint.h>

/* A session with its user. Pointers are borrowed: valid only during the callback. */
struct session_row {
	const char *csrf_token;
	int64_t created_epoch;
	int64_t last_seen_epoch;
	const struct user_row *user;
};

typedef int (*session_row_cb)(const struct session_row *row, void *ctx);

int store_session_add(struct store *st, const unsigned char token_hash[32], int64_t user_id,
		      const char *csrf_token, int64_t created_epoch, struct nrs_error *err);
/* Call cb once with the session whose token has this hash, and its user. NRS_ENOTFOUND if
 * there is no such session. */
int store_session_get(struct store *st, const unsigned char token_hash[32], session_row_cb cb,
		      void *ctx);
int store_session_touch(struct store *st, const unsigned char token_hash[32],
			int64_t last_seen_epoch);
int store_session_delete(struct store *st, const unsigned char token_hash[32]);
int store_session_delete_user(struct store *st, int64_t user_id);
/* Delete sessions last seen before idle_cutoff or created before absolute_cutoff. */
int store_session_purge(struct store *st, int64_t idle_cutoff, int64_t absolute_cutoff);
/* Number of sessions of a user (-1 for all users); for tests and administration. */
int store_session_count(struct store *st, int64_t user_id, int64_t *count);

#endif
