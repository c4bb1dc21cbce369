/* GET /api/v1/me: the signed-in account as JSON. The pattern for API handlers: the dispatcher
 * has authenticated (bearer token or session cookie) and checked the policy; the handler
 * builds a jansson value and hands it to response_json. */
#include "base/err.h"
#include "security/roles.h"
#include "web/json.h"
#include "web/request.h"
#include "web/response.h"
#include "web/router.h"

static int me_get(struct request *req, struct response *resp)
{
	json_t *roles = json_array(), *o = NULL;
	int rc = NRS_ENOMEM;

	if (roles == NULL)
		goto out;
	for (int i = 0; i < ROLE_COUNT; i++)
		if ((req->acc.roles & (1u << i)) &&
		    json_array_append_new(roles, json_string(role_name(i))) != 0)
			goto out;
	o = json_pack("{s:I,s:s,s:s,s:{s:I,s:s,s:s},s:O,s:b}", "id", (json_int_t)req->acc.id,
	              "username", req->acc.username, "name", req->acc.display_name, "organisation",
	              "id", (json_int_t)req->acc.organisation_id, "name",
	              req->acc.organisation_name, "kind", req->acc.organisation_kind, "roles",
	              roles, "must_change_password", req->acc.must_change_password != 0);
	if (o == NULL)
		goto out;
	rc = response_json(resp, 200, o);
out:
	json_decref(roles);
	json_decref(o);
	return rc;
}

const struct route api_me_routes[] = {
    {"GET", "/api/v1/me", me_get, true, REC_NONE, 0, ROUTE_API | ROUTE_MUST_CHANGE_OK},
};
ROUTE_TABLE_COUNT(api_me);
