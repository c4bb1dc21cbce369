/* The JSON twins of the administration pages under /api/v1: users, organisations,
 * municipalities, population and the audit log. They share the pages' operations
 * (pages/admin.h), so a change and its audit row are written the same way from both. */
#include "web/pages/admin.h"

#include "base/date.h"
#include "base/err.h"
#include "base/str.h"
#include "domain/regionconf.h"
#include "security/audit.h"
#include "security/roles.h"
#include "store/reference.h"
#include "web/json.h"
#include "web/response.h"
#include "web/router.h"

#include <stdio.h>
#include <string.h>

static int api_invalid(struct response *resp, const char *field, const char *msg)
{
	return response_api_error(resp, 400, "invalid", field, msg);
}

static json_t *user_json(const struct account *a)
{
	json_t *roles = json_array();

	if (roles == NULL)
		return NULL;
	for (int i = 0; i < ROLE_COUNT; i++)
		if ((a->roles & (1u << i)) &&
		    json_array_append_new(roles, json_string(role_name(i))) != 0) {
			json_decref(roles);
			return NULL;
		}
	return json_pack("{s:I,s:s,s:s,s:{s:I,s:s},s:o,s:b,s:b}", "id", (json_int_t)a->id,
	                 "username", a->username, "name", a->display_name, "organisation", "id",
	                 (json_int_t)a->organisation_id, "name", a->organisation_name, "roles",
	                 roles, "active", a->active != 0, "must_change_password",
	                 a->must_change_password != 0);
}

/* ---- users ---- */

struct users_ctx {
	json_t *arr;
	int64_t org;
	unsigned role;
};

static int add_user(const struct account *a, void *vctx)
{
	struct users_ctx *c = vctx;

	if ((c->org != 0 && a->organisation_id != c->org) ||
	    (c->role != 0 && (a->roles & c->role) == 0))
		return 0;
	return json_array_append_new(c->arr, user_json(a)) == 0 ? 0 : NRS_ENOMEM;
}

static int users_get(struct request *req, struct response *resp)
{
	const char *org = form_get(&req->query, "org"), *role = form_get(&req->query, "role");
	struct users_ctx c = {0};
	int rc;

	if (org && org[0] && admin_parse_id(org, &c.org) != 0)
		return api_invalid(resp, "org", "org ska vara ett organisations-id.");
	if (role && role[0] && (c.role = role_from_name(role)) == 0)
		return api_invalid(resp, "role", "Okänd roll.");
	c.arr = json_array();
	if (c.arr == NULL)
		return NRS_ENOMEM;
	rc = account_list(req->st, add_user, &c);
	if (rc != 0) {
		json_decref(c.arr);
		return rc;
	}
	return response_json_take(resp, 200, json_pack("{s:o}", "users", c.arr));
}

/* account_create's field names back to the API's. */
static const char *user_field(const char *f)
{
	static const char *const map[][2] = {{"anvandarnamn", "username"},
	                                     {"namn", "name"},
	                                     {"organisation", "organisation_id"},
	                                     {"roller", "roles"}};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(f, map[i][0]) == 0)
			return map[i][1];
	return f;
}

static int users_post(struct request *req, struct response *resp)
{
	struct nrs_error err = {0};
	struct account_new in = {0};
	struct account acc;
	char otp[ACCOUNT_OTP_CHARS + 1] = "";
	json_t *roles, *v;
	int64_t org = 0, id = 0;
	size_t i;
	int rc;

	if (req->json == NULL)
		return api_invalid(resp, "", "Skicka uppgifterna som ett JSON-objekt.");
	if (wjson_get_string(req->json, "username", 64, true, &in.username, &err) != 0 ||
	    wjson_get_string(req->json, "name", 800, true, &in.display_name, &err) != 0 ||
	    wjson_get_int(req->json, "organisation_id", 1, INT64_MAX, true, &org, NULL, &err) != 0)
		return api_invalid(resp, err.field, admin_sentence(req, err.msg));
	in.organisation_id = org;
	roles = json_object_get(req->json, "roles");
	if (!json_is_array(roles) || json_array_size(roles) == 0)
		return api_invalid(resp, "roles", "roles ska vara en lista med minst en roll.");
	json_array_foreach(roles, i, v)
	{
		unsigned bit = json_is_string(v) ? role_from_name(json_string_value(v)) : 0;

		if (bit == 0)
			return api_invalid(resp, "roles", "Okänd roll.");
		in.roles |= bit;
	}
	rc = admin_user_create(req, &in, &id, otp, &err);
	if (rc == NRS_EINVAL)
		return api_invalid(resp, user_field(err.field), admin_sentence(req, err.msg));
	if (rc == NRS_EEXIST)
		return response_api_error(resp, 409, "conflict", user_field(err.field),
		                          admin_sentence(req, err.msg));
	if (rc == 0)
		rc = account_get(req->st, id, &acc);
	if (rc == 0)
		rc = response_json_take(
		    resp, 201,
		    json_pack("{s:o,s:s}", "user", user_json(&acc), "one_time_password", otp));
	memset(otp, 0, sizeof(otp));
	return rc;
}

static int user_get(struct request *req, struct response *resp)
{
	struct account a;
	int rc = admin_user_load(req, req_param(req, "id"), ACT_READ, &a);

	if (rc != 0)
		return rc;
	return response_json_take(resp, 200, json_pack("{s:o}", "user", user_json(&a)));
}

static int user_reset_post(struct request *req, struct response *resp)
{
	struct nrs_error err = {0};
	char otp[ACCOUNT_OTP_CHARS + 1] = "";
	struct account a;
	int rc = admin_user_load(req, req_param(req, "id"), ACT_UPDATE, &a);

	if (rc == 0)
		rc = admin_user_reset(req, a.id, otp, &err);
	if (rc == 0)
		rc = account_get(req->st, a.id, &a);
	if (rc == 0)
		rc = response_json_take(
		    resp, 200,
		    json_pack("{s:o,s:s}", "user", user_json(&a), "one_time_password", otp));
	memset(otp, 0, sizeof(otp));
	return rc;
}

static int user_deactivate_post(struct request *req, struct response *resp)
{
	struct nrs_error err = {0};
	struct account a;
	int rc = admin_user_load(req, req_param(req, "id"), ACT_UPDATE, &a);

	if (rc != 0)
		return rc;
	rc = admin_user_deactivate(req, a.id, &err);
	if (rc == NRS_EINVAL)
		return api_invalid(resp, err.field, admin_sentence(req, err.msg));
	if (rc == 0)
		rc = account_get(req->st, a.id, &a);
	if (rc != 0)
		return rc;
	return response_json_take(resp, 200, json_pack("{s:o}", "user", user_json(&a)));
}

/* ---- organisations ---- */

static json_t *org_json(const struct org_row *o)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:s?,s:s?,s:s?,s:b,s:b}", "id", (json_int_t)o->id,
	                 "kind", o->kind, "kind_label", org_kind_label(o->kind), "name", o->name,
	                 "org_number", o->org_number, "municipality", o->municipality_code,
	                 "municipality_name", o->municipality_name, "active", o->active != 0,
	                 "member", o->member != 0);
}

static int add_org(const struct org_row *o, void *vctx)
{
	return json_array_append_new(vctx, org_json(o)) == 0 ? 0 : NRS_ENOMEM;
}

static int orgs_get(struct request *req, struct response *resp)
{
	const char *kind = form_get(&req->query, "kind");
	json_t *arr;
	int rc;

	if (kind && kind[0] == '\0')
		kind = NULL;
	if (kind && !org_kind_valid(kind))
		return api_invalid(resp, "kind", "Okänd typ av organisation.");
	arr = json_array();
	if (arr == NULL)
		return NRS_ENOMEM;
	rc = store_org_list(req->st, kind, add_org, arr);
	if (rc != 0) {
		json_decref(arr);
		return rc;
	}
	return response_json_take(resp, 200, json_pack("{s:o}", "organisations", arr));
}

static int orgs_post(struct request *req, struct response *resp)
{
	struct nrs_error err = {0};
	struct admin_org_input in = {0};
	json_t *arr = NULL;
	int64_t id = 0;
	int rc;

	if (req->json == NULL)
		return api_invalid(resp, "", "Skicka uppgifterna som ett JSON-objekt.");
	if (wjson_get_string(req->json, "kind", 32, true, &in.kind, &err) != 0 ||
	    wjson_get_string(req->json, "name", 800, true, &in.name, &err) != 0 ||
	    wjson_get_string(req->json, "org_number", 16, false, &in.org_number, &err) != 0 ||
	    wjson_get_string(req->json, "municipality", 8, false, &in.municipality, &err) != 0)
		return api_invalid(resp, err.field, admin_sentence(req, err.msg));
	rc = admin_org_create(req, &in, &id, &err);
	if (rc == NRS_EINVAL)
		return api_invalid(resp, err.field, admin_sentence(req, err.msg));
	if (rc == NRS_EEXIST)
		return response_api_error(resp, 409, "conflict", err.field,
		                          admin_sentence(req, err.msg));
	if (rc != 0)
		return rc;
	arr = json_array();
	if (arr == NULL)
		return NRS_ENOMEM;
	rc = store_org_get(req->st, id, add_org, arr);
	if (rc == 0)
		rc = response_json_take(resp, 201,
		                        json_pack("{s:O}", "organisation", json_array_get(arr, 0)));
	json_decref(arr);
	return rc;
}

/* ---- municipalities and population ---- */

static int add_municipality(const struct municipality_row *m, void *vctx)
{
	json_t *pop = m->population >= 0 ? json_integer((json_int_t)m->population) : json_null();
	json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:b,s:o}", "code", m->code, "name", m->name,
	                      "county", m->county_code, "county_name", m->county_name, "member",
	                      m->member != 0, "population", pop);

	return json_array_append_new(vctx, o) == 0 ? 0 : NRS_ENOMEM;
}

static int municipalities_get(struct request *req, struct response *resp)
{
	const char *county = form_get(&req->query, "county");
	struct region_info reg;
	json_t *arr;
	int rc;

	if (county && county[0] == '\0')
		county = NULL;
	if (county && (strlen(county) != 2 || !str_all_digits(county)))
		return api_invalid(resp, "county", "county ska vara en länskod med två siffror.");
	rc = store_region_get(req->st, &reg);
	if (rc != 0)
		return rc;
	arr = json_array();
	if (arr == NULL)
		return NRS_ENOMEM;
	rc = store_municipality_list(req->st, county, add_municipality, arr);
	if (rc != 0) {
		json_decref(arr);
		return rc;
	}
	return response_json_take(
	    resp, 200,
	    json_pack("{s:s?,s:o}", "population_date",
	              reg.configured && reg.population_date[0] ? reg.population_date : NULL,
	              "municipalities", arr));
}

struct pop_ctx {
	json_t *arr;
	char date[11]; /* the date asked for, or the newest seen */
};

static int add_population(const struct population_row *p, void *vctx)
{
	struct pop_ctx *c = vctx;

	/* rows come newest date first: without a date, keep only the first date's rows */
	if (c->date[0] == '\0')
		snprintf(c->date, sizeof(c->date), "%s", p->ref_date);
	if (strcmp(p->ref_date, c->date) != 0)
		return 0;
	return json_array_append_new(c->arr,
	                             json_pack("{s:s,s:s,s:I,s:s?}", "code", p->code, "name",
	                                       p->name, "population", (json_int_t)p->population,
	                                       "source", p->source)) == 0
	           ? 0
	           : NRS_ENOMEM;
}

static int population_get(struct request *req, struct response *resp)
{
	const char *date = form_get(&req->query, "date");
	struct pop_ctx c = {0};
	int rc;

	if (date && date[0] == '\0')
		date = NULL;
	if (date) {
		struct nrs_date d;

		if (date_parse(date, &d) != 0)
			return api_invalid(resp, "date", "date ska skrivas ÅÅÅÅ-MM-DD.");
		memcpy(c.date, date, 11);
	}
	c.arr = json_array();
	if (c.arr == NULL)
		return NRS_ENOMEM;
	rc = store_population_list(req->st, NULL, date, add_population, &c);
	if (rc == 0 && date && json_array_size(c.arr) == 0)
		rc = NRS_ENOTFOUND;
	if (rc != 0) {
		json_decref(c.arr);
		return rc;
	}
	return response_json_take(
	    resp, 200,
	    json_pack("{s:s?,s:o}", "date", c.date[0] ? c.date : NULL, "population", c.arr));
}

/* ---- audit log ---- */

static json_t *strn_or_null(const char *s, size_t n)
{
	return s ? json_stringn(s, n) : json_null();
}

static int add_audit(const struct audit_row *r, void *vctx)
{
	json_t *o = json_pack(
	    "{s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "id", (json_int_t)r->id, "at",
	    strn_or_null(r->at, r->at_len), "user_id",
	    r->has_user_id ? json_integer((json_int_t)r->user_id) : json_null(), "username",
	    strn_or_null(r->username, r->username_len), "organisation_id",
	    r->has_organisation_id ? json_integer((json_int_t)r->organisation_id) : json_null(),
	    "action", strn_or_null(r->action, r->action_len), "record_kind",
	    strn_or_null(r->record_kind, r->record_kind_len), "record_id",
	    strn_or_null(r->record_id, r->record_id_len), "remote",
	    strn_or_null(r->remote, r->remote_len), "reason",
	    strn_or_null(r->reason, r->reason_len));

	return json_array_append_new(vctx, o) == 0 ? 0 : NRS_ENOMEM;
}

static int audit_get(struct request *req, struct response *resp)
{
	struct admin_audit_filter f;
	struct audit_query q;
	struct nrs_error err = {0};
	const char *field, *msg;
	int64_t total = 0;
	json_t *arr;
	int rc;

	if (admin_audit_filter_parse(req, &f) != 0) {
		msg = admin_audit_filter_error(&f, &field);
		return api_invalid(resp, field, msg);
	}
	rc = admin_audit(req, "read", "audit_log", 0, &err);
	if (rc != 0)
		return rc;
	admin_audit_query_init(&f, ADMIN_API_PER_PAGE, &q);
	arr = json_array();
	if (arr == NULL)
		return NRS_ENOMEM;
	rc = audit_query(req->st, &q, add_audit, arr, &total, &err);
	if (rc != 0) {
		json_decref(arr);
		return rc;
	}
	return response_json_take(resp, 200,
	                          json_pack("{s:I,s:I,s:I,s:o}", "total", (json_int_t)total, "page",
	                                    (json_int_t)f.page, "per_page",
	                                    (json_int_t)ADMIN_API_PER_PAGE, "entries", arr));
}

const struct route api_admin_routes[] = {
    {"GET", "/api/v1/users", users_get, true, REC_USER, ACT_LIST, ROUTE_API},
    {"POST", "/api/v1/users", users_post, true, REC_USER, ACT_CREATE, ROUTE_API},
    {"GET", "/api/v1/users/:id", user_get, true, REC_USER, ACT_READ, ROUTE_API},
    {"POST", "/api/v1/users/:id/reset", user_reset_post, true, REC_USER, ACT_UPDATE, ROUTE_API},
    {"POST", "/api/v1/users/:id/deactivate", user_deactivate_post, true, REC_USER, ACT_UPDATE,
     ROUTE_API},
    {"GET", "/api/v1/organisations", orgs_get, true, REC_ORGANISATION, ACT_LIST, ROUTE_API},
    {"POST", "/api/v1/organisations", orgs_post, true, REC_ORGANISATION, ACT_CREATE, ROUTE_API},
    {"GET", "/api/v1/municipalities", municipalities_get, true, REC_MUNICIPALITY, ACT_LIST,
     ROUTE_API},
    {"GET", "/api/v1/population", population_get, true, REC_POPULATION, ACT_LIST, ROUTE_API},
    {"GET", "/api/v1/audit", audit_get, true, REC_AUDIT_LOG, ACT_LIST, ROUTE_API},
};
ROUTE_TABLE_COUNT(api_admin);
