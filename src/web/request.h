/* The per-request context a handler receives: what was asked (method, path, parameters,
 * query, form or JSON body), who asks (account, session CSRF token), and the tools to answer
 * (this thread's store, the keys, the configuration). Nothing about a request lives anywhere
 * else; allocations made with req_alloc are freed when the response has been queued. */
#ifndef NRS_WEB_REQUEST_H
#define NRS_WEB_REQUEST_H

#include "base/config.h"
#include "security/account.h"
#include "security/crypto.h"
#include "web/form.h"
#include "web/router.h"

#include <jansson.h>
#include <stdbool.h>
#include <time.h>

struct MHD_Connection;
struct req_alloc;

struct request {
	const char *method;       /* as sent; HEAD is routed like GET */
	const char *path;         /* decoded path without the query string */
	struct route_match match; /* route and :param values */
	struct form query;        /* decoded query string */
	struct form form;         /* urlencoded body (page routes) */
	json_t *json;             /* JSON body (API routes), or NULL; owned */
	char remote[64];          /* client address, for the audit log */
	time_t now;

	bool logged_in;
	bool via_token;                    /* API bearer token rather than a session cookie */
	struct account acc;                /* valid when logged_in */
	char csrf[CRYPTO_TOKEN_CHARS + 1]; /* the session's CSRF token ("" for tokens) */
	char session_token[CRYPTO_TOKEN_CHARS + 1]; /* the cookie's session token, "" if none */

	struct store *st;               /* this thread's connection; borrowed */
	const struct crypto_keys *keys; /* borrowed, immutable */
	const struct nrs_config *cfg;   /* borrowed, immutable */
	struct MHD_Connection *conn;    /* for header lookups; borrowed */
	struct req_alloc *allocs;       /* freed by request_free */
};

/* Memory that lives until the response is queued. NULL on allocation failure. */
void *req_alloc(struct request *req, size_t n);
char *req_strdup(struct request *req, const char *s);
/* Free everything the request owns (form fields, JSON, req_alloc memory). */
void request_free(struct request *req);

/* A request header, or NULL. Borrowed for the request. */
const char *req_header(const struct request *req, const char *name);
/* A :param of the matched route, or NULL. */
const char *req_param(const struct request *req, const char *name);
/* A cookie value copied into request memory, or NULL if absent or over max_len. */
const char *req_cookie(struct request *req, const char *name, size_t max_len);
/* Does the logged-in user hold any of these role bits? */
bool req_has_role(const struct request *req, unsigned roles);
/* Is next a safe local redirect target ("/x", not "//x", no backslash or control chars)? */
bool req_local_path_ok(const char *next);

#endif
