/* Route matching over the tables listed in routes.c (see router.h). */
#include "web/router.h"

#include "base/err.h"
#include "base/log.h"
#include "base/str.h"

#include <stdio.h>
#include <string.h>

static bool method_matches(const char *route_method, const char *method)
{
	if (strcmp(route_method, method) == 0)
		return true;
	return strcmp(route_method, "GET") == 0 && strcmp(method, "HEAD") == 0;
}

/* Match pattern against path without modifying either; records parameter spans. */
static bool pattern_matches(const char *pattern, const char *path, const char **pstart,
                            size_t *plen, const char **pname, size_t *np)
{
	const char *p = pattern, *s = path;

	*np = 0;
	while (*p && *s) {
		if (*p == ':' && p > pattern && p[-1] == '/') {
			const char *name = p + 1;
			size_t n = 0;

			while (*p && *p != '/')
				p++;
			while (s[n] && s[n] != '/')
				n++;
			if (n == 0 || *np == ROUTE_MAX_PARAMS)
				return false;
			pname[*np] = name;
			pstart[*np] = s;
			plen[*np] = n;
			(*np)++;
			s += n;
			continue;
		}
		if (*p != *s)
			return false;
		p++;
		s++;
	}
	return *p == '\0' && *s == '\0';
}

enum router_result router_match(const char *method, char *path, struct route_match *m)
{
	const char *pstart[ROUTE_MAX_PARAMS], *pname[ROUTE_MAX_PARAMS];
	size_t plen[ROUTE_MAX_PARAMS], np;
	bool path_seen = false;

	memset(m, 0, sizeof(*m));
	for (size_t t = 0; t < web_route_tables_count; t++) {
		const struct route_table *tb = &web_route_tables[t];

		for (size_t i = 0; i < *tb->count; i++) {
			const struct route *r = &tb->routes[i];

			if (!pattern_matches(r->pattern, path, pstart, plen, pname, &np))
				continue;
			path_seen = true;
			if (!method_matches(r->method, method))
				continue;
			m->route = r;
			m->nparams = np;
			for (size_t k = 0; k < np; k++) {
				char *v = path + (pstart[k] - path);

				v[plen[k]] = '\0';
				m->param_name[k] = pname[k];
				m->param_value[k] = v;
			}
			return ROUTER_FOUND;
		}
	}
	return path_seen ? ROUTER_NO_METHOD : ROUTER_NO_PATH;
}

bool router_has_get(const char *path)
{
	for (size_t t = 0; t < web_route_tables_count; t++) {
		const struct route_table *tb = &web_route_tables[t];

		for (size_t i = 0; i < *tb->count; i++)
			if (strcmp(tb->routes[i].method, "GET") == 0 &&
			    strcmp(tb->routes[i].pattern, path) == 0)
				return true;
	}
	return false;
}

void router_allow(const char *path, char *out, size_t n)
{
	static const char *const methods[] = {"GET", "POST", "PUT", "PATCH", "DELETE"};
	const char *pstart[ROUTE_MAX_PARAMS], *pname[ROUTE_MAX_PARAMS];
	size_t plen[ROUTE_MAX_PARAMS], np, used = 0;

	if (n == 0)
		return;
	out[0] = '\0';
	for (size_t k = 0; k < sizeof(methods) / sizeof(methods[0]); k++) {
		bool found = false;

		for (size_t t = 0; t < web_route_tables_count && !found; t++) {
			const struct route_table *tb = &web_route_tables[t];

			for (size_t i = 0; i < *tb->count && !found; i++)
				found = strcmp(tb->routes[i].method, methods[k]) == 0 &&
				        pattern_matches(tb->routes[i].pattern, path, pstart, plen,
				                        pname, &np);
		}
		if (found) {
			int w = snprintf(out + used, n - used, "%s%s%s", used ? ", " : "",
			                 methods[k], k == 0 ? ", HEAD" : "");

			if (w < 0 || (size_t)w >= n - used)
				return;
			used += (size_t)w;
		}
	}
}

static bool known_method(const char *m)
{
	static const char *const ok[] = {"GET", "POST", "PUT", "PATCH", "DELETE"};

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (strcmp(m, ok[i]) == 0)
			return true;
	return false;
}

int router_check(void)
{
	for (size_t t = 0; t < web_route_tables_count; t++) {
		const struct route_table *tb = &web_route_tables[t];

		for (size_t i = 0; i < *tb->count; i++) {
			const struct route *r = &tb->routes[i];
			bool api = str_starts(r->pattern, "/api/v1/");

			if (r->method == NULL || r->pattern == NULL || r->handler == NULL ||
			    !known_method(r->method) || r->pattern[0] != '/' ||
			    api != ((r->flags & ROUTE_API) != 0) || r->kind >= REC_KIND_COUNT ||
			    (r->kind != REC_NONE && (!r->needs_login || r->action == 0)) ||
			    ((r->flags & ROUTE_PRELOGIN_CSRF) && r->needs_login)) {
				log_error("ogiltig route: %s %s", r->method ? r->method : "?",
				          r->pattern ? r->pattern : "?");
				return NRS_EINVAL;
			}
			for (size_t u = 0; u <= t; u++) {
				const struct route_table *tu = &web_route_tables[u];
				size_t end = u == t ? i : *tu->count;

				for (size_t j = 0; j < end; j++)
					if (strcmp(tu->routes[j].method, r->method) == 0 &&
					    strcmp(tu->routes[j].pattern, r->pattern) == 0) {
						log_error("dubblerad route: %s %s", r->method,
						          r->pattern);
						return NRS_EINVAL;
					}
			}
		}
	}
	return 0;
}
