/* The route table: every URL the server answers, with what it needs before its handler may
 * run (login, CSRF, the policy's record kind and action). The dispatcher in server.c checks
 * all of it centrally; handlers never repeat those checks. Page files export their tables and
 * routes.c lists them. */
#ifndef NRS_WEB_ROUTER_H
#define NRS_WEB_ROUTER_H

#include "security/policy.h"

#include <stdbool.h>
#include <stddef.h>

struct request;
struct response;

/* A handler fills resp and returns 0, or returns a negative enum nrs_err and leaves resp alone;
 * the error becomes the one Swedish error page (or JSON error) for that code. */
typedef int (*route_handler)(struct request *req, struct response *resp);

enum route_flags {
	ROUTE_API = 1u << 0,            /* under /api/v1: JSON in and out, bearer tokens accepted */
	ROUTE_MUST_CHANGE_OK = 1u << 1, /* reachable while the user must change password */
	ROUTE_PRELOGIN_CSRF = 1u << 2, /* login form: double-submit token instead of session CSRF */
};

#define ROUTE_MAX_PARAMS 4

struct route {
	const char *method;  /* "GET", "POST", "PUT", "PATCH", "DELETE"; GET also answers HEAD */
	const char *pattern; /* "/admin/users/:id": ":name" matches one non-empty segment */
	route_handler handler;
	bool needs_login;
	enum record_kind kind;     /* REC_NONE: any logged-in user (no policy row needed) */
	enum policy_action action; /* checked with policy_allows_some(roles, kind, action) */
	unsigned flags;            /* enum route_flags */
};

struct route_table {
	const struct route *routes;
	const size_t *count;
};

/* Define a page file's table: ROUTE_TABLE(auth) { {...}, {...} }; exports auth_routes and
 * auth_routes_count for routes.c. */
#define ROUTE_TABLE_DECLARE(name)                                                                  \
	extern const struct route name##_routes[];                                                 \
	extern const size_t name##_routes_count
#define ROUTE_TABLE_COUNT(name)                                                                    \
	const size_t name##_routes_count = sizeof(name##_routes) / sizeof(name##_routes[0])

/* All tables (routes.c). */
extern const struct route_table web_route_tables[];
extern const size_t web_route_tables_count;

struct route_match {
	const struct route *route;
	const char *param_name[ROUTE_MAX_PARAMS];  /* borrowed from the pattern */
	const char *param_value[ROUTE_MAX_PARAMS]; /* point into the path buffer given to match */
	size_t nparams;
};

enum router_result { ROUTER_FOUND = 0, ROUTER_NO_PATH = 1, ROUTER_NO_METHOD = 2 };

/* Match method + path. path is a writable copy of the request path: parameter segments are
 * NUL-terminated in place and m->param_value points into it. */
enum router_result router_match(const char *method, char *path, struct route_match *m);
/* Is there a GET route whose pattern matches path exactly? (Navigation shows only links
 * that lead somewhere.) */
bool router_has_get(const char *path);
/* The methods that path answers, as an Allow header value ("GET, HEAD, POST"). */
void router_allow(const char *path, char *out, size_t n);
/* Check every table once at startup: known methods, patterns starting with '/', API flag
 * exactly on /api/v1 routes, a handler on every route, no duplicate (method, pattern).
 * Returns 0, or NRS_EINVAL after logging the offending route. */
int router_check(void);

#endif
