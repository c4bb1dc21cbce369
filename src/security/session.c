/* Login sessions (see session.h): the cookie carries a 256-bit random token, the database
 * only its BLAKE2b hash, so a copy of the database cannot be turned into a login. Expiry is
 * decided here from the times the store returns. */
#include "security/session.h"
#include "store/session.h"
#include "store/user.h"

#include <sodium.h>

#include <string.h>

#define DEFAULT_IDLE_SECONDS (30 * 60)
#define DEFAULT_ABSOLUTE_SECONDS (12 * 60 * 60)

struct resolve_ctx {
	int64_t created, last_seen;
	int org_active;
	struct session *out;
	int csrf_ok;
};

void session_limits_default(struct session_limits *lim)
{
	lim->idle_seconds = DEFAULT_IDLE_SECONDS;
	lim->absolute_seconds = DEFAULT_ABSOLUTE_SECONDS;
}

int session_create(struct store *st, const struct account *acc, time_t now, struct session *out)
{
	unsigned char hash[CRYPTO_HASH_BYTES];
	int rc;

	memset(out, 0, sizeof(*out));
	if (acc == NULL || acc->id <= 0 || !acc->active)
		return NRS_EAUTH;
	crypto_random_token(out->token);
	crypto_random_token(out->csrf);
	crypto_token_hash(out->token, hash);
	rc = store_session_add(st, hash, acc->id, out->csrf, (int64_t)now, NULL);
	if (rc != 0) {
		sodium_memzero(out, sizeof(*out));
		return rc;
	}
	out->acc = *acc;
	return 0;
}

static int copy_session(const struct session_row *row, void *vctx)
{
	struct resolve_ctx *r = vctx;
	size_t n = strlen(row->csrf_token);

	r->created = row->created_epoch;
	r->last_seen = row->last_seen_epoch;
	r->org_active = row->user->organisation_active;
	r->csrf_ok = n == CRYPTO_TOKEN_CHARS;
	if (r->csrf_ok)
		memcpy(r->out->csrf, row->csrf_token, n + 1);
	account_from_row(row->user, &r->out->acc);
	return 0;
}

int session_resolve(struct store *st, const char *token, const struct session_limits *lim,
		    time_t now, struct session *out)
{
	unsigned char hash[CRYPTO_HASH_BYTES];
	struct session_limits def;
	struct resolve_ctx r;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&r, 0, sizeof(r));
	r.out = out;
	if (lim == NULL) {
		session_limits_default(&def);
		lim = &def;
	}
	/* a cookie that cannot be one of ours costs no database lookup */
	if (token == NULL || strlen(token) != CRYPTO_TOKEN_CHARS)
		return NRS_EAUTH;
	crypto_token_hash(token, hash);
	rc = store_session_get(st, hash, copy_session, &r);
	if (rc != 0) {
		sodium_memzero(out, sizeof(*out));
		return rc == NRS_ENOTFOUND ? NRS_EAUTH : rc;
	}
	/* last_seen is written at most once a minute, so the idle limit may act up to a minute
	 * early; never late */
	if ((int64_t)now - r.last_seen > lim->idle_seconds ||
	    (int64_t)now - r.created > lim->absolute_seconds || !out->acc.active ||
	    !r.org_active || !r.csrf_ok) {
		sodium_memzero(out, sizeof(*out));
		rc = store_session_delete(st, hash);
		return rc != 0 ? rc : NRS_EAUTH;
	}
	if ((int64_t)now - r.last_seen >= SESSION_TOUCH_SECONDS) {
		rc = store_session_touch(st, hash, (int64_t)now);
		if (rc != 0) {
			sodium_memzero(out, sizeof(*out));
			return rc;
		}
	}
	return 0;
}

int session_end(struct store *st, const char *token)
{
	unsigned char hash[CRYPTO_HASH_BYTES];

	if (token == NULL || strlen(token) != CRYPTO_TOKEN_CHARS)
		return 0; /* nothing of ours to end */
	crypto_token_hash(token, hash);
	return store_session_delete(st, hash);
}

int session_end_all(struct store *st, int64_t user_id)
{
	return store_session_delete_user(st, user_id);
}

int session_purge_expired(struct store *st, const struct session_limits *lim, time_t now)
{
	struct session_limits def;

	if (lim == NULL) {
		session_limits_default(&def);
		lim = &def;
	}
	return store_session_purge(st, (int64_t)now - lim->idle_seconds,
				   (int64_t)now - lim->absolute_seconds);
}
