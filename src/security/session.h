/* Login sessions stored in the database (only a hash of the token), with a CSRF token per
 * session, an idle and an absolute timeout, and logout everywhere. */
#ifndef NRS_SECURITY_SESSION_H
#define NRS_SECURITY_SESSION_H

#include "security/account.h"
#include "security/crypto.h"

struct session_limits {
	int idle_seconds;     /* default 30 min */
	int absolute_seconds; /* default 12 h */
};

struct session {
	char token[CRYPTO_TOKEN_CHARS + 1]; /* only filled by session_create (for the cookie) */
	char csrf[CRYPTO_TOKEN_CHARS + 1];
	struct account acc;
};

#define SESSION_TOUCH_SECONDS 60 /* last_seen is written at most once a minute */

/* 30 minutes idle, 12 hours absolute (the configuration's defaults). */
void session_limits_default(struct session_limits *lim);

/* Start a session for an authenticated account at time now. out->token is the cookie value
 * (never stored); out->csrf goes into every form. */
int session_create(struct store *st, const struct account *acc, time_t now, struct session *out);
/* Look up the session for a cookie token; refreshes last-seen. lim NULL means the defaults.
 * out->token is left empty. NRS_EAUTH if unknown,
 * expired (idle or absolute; the row is deleted) or the user is inactive. */
int session_resolve(struct store *st, const char *token, const struct session_limits *lim,
		    time_t now, struct session *out);
/* End one session. */
int session_end(struct store *st, const char *token);
/* End every session of a user ("logga ut överallt"). */
int session_end_all(struct store *st, int64_t user_id);
/* Delete expired sessions (housekeeping). */
int session_purge_expired(struct store *st, const struct session_limits *lim, time_t now);

#endif
