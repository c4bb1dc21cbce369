/* For the authorisation matrix test (matrix.test.mjs): prints every route of the route tables
 * as one JSON line with what the policy says about it, so the test walks the real table and
 * never keeps a copy of it. Built for tests only; the server has no such endpoint. */
#include "security/policy.h"
#include "security/roles.h"
#include "web/router.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

/* Roles (by name) that relations let perform the route's action. REC_NONE routes need no
 * policy row: every signed-in role passes. */
static json_t *roles_for(const struct route *r, unsigned relations, int any_relation)
{
	json_t *a = json_array();

	for (int i = 0; a != NULL && i < ROLE_COUNT; i++) {
		unsigned bit = 1u << i;
		int ok = r->kind == REC_NONE ||
		         (any_relation ? policy_allows_some(bit, r->kind, r->action)
		                       : policy_allows(bit, relations, r->kind, r->action));

		if (ok && json_array_append_new(a, json_string(role_name(i))) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

/* For each role, the relations that suffice on their own ("any" means none is needed):
 * policy_allows is true for a set of relations exactly when the set contains one of these,
 * since a row matches if it shares any relation with the set. */
static json_t *sufficient_for(const struct route *r)
{
	static const struct {
		unsigned bit;
		const char *name;
	} rels[] = {{REL_ANY, "any"},
		    {REL_OWN_ORG, "own_org"},
		    {REL_HOME_MUNICIPALITY, "home_municipality"},
		    {REL_ASSIGNED, "assigned"},
		    {REL_CALLED_TO_ITEM, "called_to_item"},
		    {REL_CONSENT, "consent"},
		    {REL_SELF, "self"}};
	json_t *o = json_object();

	for (int i = 0; o != NULL && i < ROLE_COUNT; i++) {
		json_t *a = json_array();
		for (size_t k = 0; a != NULL && k < sizeof(rels) / sizeof(rels[0]); k++)
			if (r->kind == REC_NONE || policy_allows(1u << i, rels[k].bit, r->kind, r->action))
				json_array_append_new(a, json_string(rels[k].name));
		if (a == NULL || json_object_set_new(o, role_name(i), a) != 0) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

int main(void)
{
	for (size_t t = 0; t < web_route_tables_count; t++) {
		const struct route_table *tb = &web_route_tables[t];

		for (size_t i = 0; i < *tb->count; i++) {
			const struct route *r = &tb->routes[i];
			json_t *o = json_pack(
			    "{s:s,s:s,s:b,s:s,s:s,s:b,s:b,s:b,s:b,s:o,s:o,s:o,s:o}", "method",
			    r->method, "pattern", r->pattern, "needs_login", r->needs_login, "kind",
			    policy_kind_name(r->kind), "action",
			    r->action ? policy_action_name(r->action) : "", "personal",
			    policy_kind_personal(r->kind), "api", (r->flags & ROUTE_API) != 0,
			    "must_change_ok", (r->flags & ROUTE_MUST_CHANGE_OK) != 0,
			    "prelogin_csrf", (r->flags & ROUTE_PRELOGIN_CSRF) != 0, "allowed_roles",
			    roles_for(r, 0, 1), "own_org_roles",
			    roles_for(r, REL_ANY | REL_OWN_ORG, 0), "other_org_roles",
			    roles_for(r, REL_ANY, 0), "sufficient", sufficient_for(r));
			char *line = o ? json_dumps(o, JSON_COMPACT) : NULL;

			if (line == NULL) {
				fputs("routes_dump: out of memory\n", stderr);
				return 1;
			}
			puts(line);
			free(line);
			json_decref(o);
		}
	}
	return fflush(stdout) == 0 ? 0 : 1;
}
