/* The JSON twins of the emergency-apartment pages under /api/v1: apartments (list, create,
 * rename/deactivate), stays (list, create, one, move-out, wear/cleaning charge), occupancy
 * and length of stay for a period, and the month calendar. Same services, same policy
 * questions and audit rows as the pages. */
#include "web/pages/apartments.h"

#include "base/date.h"
#include "security/activitysvc.h"
#include "web/json.h"
#include "web/pages/activity.h"
#include "web/response.h"
#include "web/router.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A service error as the API's answer: 400 invalid, 409 conflict (overlap), else rc. */
static int service_error(struct response *resp, int rc, struct nrs_error *err)
{
	activity_error_sentence(err);
	if (rc == NRS_EINVAL || rc == NRS_ETOOBIG)
		return response_api_error(resp, 400, "invalid", err->field, err->msg);
	if (rc == NRS_ECONFLICT)
		return response_api_error(resp, 409, "conflict", err->field, err->msg);
	if (rc == NRS_EEXIST)
		return response_api_error(resp, 409, "exists", err->field, err->msg);
	return rc;
}

static int need_body(struct request *req, struct response *resp)
{
	if (req->json != NULL)
		return 0;
	response_api_error(resp, 400, "invalid", "", "Skicka uppgifterna som ett JSON-objekt.");
	return 1;
}

static json_t *str_or_null(const char *s)
{
	return s != NULL && s[0] != '\0' ? json_string(s) : json_null();
}

/* ---- apartments ---- */

static int add_apartment(const struct apartment_row *a, void *ctx)
{
	json_t *o = json_pack("{s:I,s:s,s:b}", "id", (json_int_t)a->id, "label", a->label, "active",
	                      a->active != 0);

	return o != NULL && json_array_append_new(ctx, o) == 0 ? 0 : NRS_ENOMEM;
}

static int apartments_get(struct request *req, struct response *resp)
{
	json_t *arr;
	int rc;

	if (!apt_may_apartment(req, ACT_LIST))
		return NRS_EDENIED;
	rc = apt_ensure(req);
	if (rc != 0)
		return rc;
	arr = json_array();
	if (arr == NULL)
		return NRS_ENOMEM;
	rc = housingsvc_apartment_list(req->st, req->acc.organisation_id, 0, add_apartment, arr);
	if (rc != 0) {
		json_decref(arr);
		return rc;
	}
	return response_json_take(resp, 200, json_pack("{s:o}", "apartments", arr));
}

static int reply_apartment(struct request *req, struct response *resp, int status, int64_t id)
{
	struct apartment_row a;
	int rc = housingsvc_apartment_get(req->st, req->acc.organisation_id, id, &a);

	if (rc != 0)
		return rc;
	return response_json_take(resp, status,
	                          json_pack("{s:{s:I,s:s,s:b}}", "apartment", "id",
	                                    (json_int_t)a.id, "label", a.label, "active",
	                                    a.active != 0));
}

static int apartments_post(struct request *req, struct response *resp)
{
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	const char *label = NULL;
	int64_t id = 0;
	int rc;

	if (!apt_may_apartment(req, ACT_CREATE))
		return NRS_EDENIED;
	if (need_body(req, resp))
		return 0;
	if (wjson_get_string(req->json, "label", 400, true, &label, &err) != 0)
		return service_error(resp, NRS_EINVAL, &err);
	activity_actor(req, &actor);
	rc = housingsvc_apartment_create(req->st, req->keys, &actor, label, &id, &err);
	if (rc != 0)
		return service_error(resp, rc, &err);
	return reply_apartment(req, resp, 201, id);
}

static int apartment_post(struct request *req, struct response *resp)
{
	struct clientsvc_actor actor;
	struct apartment_row a;
	struct nrs_error err = {0};
	const char *label = NULL;
	bool active = true;
	int64_t id;
	int rc;

	if (!apt_may_apartment(req, ACT_UPDATE))
		return NRS_EDENIED;
	if (activity_parse_id(req_param(req, "id"), &id) != 0 ||
	    housingsvc_apartment_get(req->st, req->acc.organisation_id, id, &a) != 0)
		return NRS_ENOTFOUND;
	if (need_body(req, resp))
		return 0;
	if (wjson_get_string(req->json, "label", 400, false, &label, &err) != 0 ||
	    wjson_get_bool(req->json, "active", false, a.active != 0, &active, &err) != 0)
		return service_error(resp, NRS_EINVAL, &err);
	activity_actor(req, &actor);
	rc = housingsvc_apartment_update(req->st, req->keys, &actor, id,
	                                 label != NULL ? label : a.label, active, &err);
	if (rc != 0)
		return service_error(resp, rc, &err);
	return reply_apartment(req, resp, 200, id);
}

/* ---- stays ---- */

/* "4,9" -> [4, 9] */
static json_t *ages_json(const char *ages)
{
	json_t *arr = json_array();
	int64_t v = 0;
	bool any = false;

	if (arr == NULL)
		return NULL;
	for (const char *p = ages;; p++) {
		if (*p >= '0' && *p <= '9') {
			v = v * 10 + (*p - '0');
			any = true;
			continue;
		}
		if (any && json_array_append_new(arr, json_integer(v)) != 0) {
			json_decref(arr);
			return NULL;
		}
		v = 0;
		any = false;
		if (*p == '\0')
			break;
	}
	return arr;
}

static json_t *stay_json(const struct stay_rec *r, const struct nrs_date *today)
{
	json_t *org = r->outside_staff_org != 0
	                  ? json_pack("{s:I,s:s}", "id", (json_int_t)r->outside_staff_org, "name",
	                              r->outside_staff_org_name)
	                  : json_null();

	return json_pack(
	    "{s:I,s:{s:I,s:s},s:I,s:s,s:{s:i,s:o},s:{s:s,s:s},s:s,s:o,s:b,s:I,"
	    "s:b,s:o}",
	    "id", (json_int_t)r->id, "apartment", "id", (json_int_t)r->apartment_id, "label",
	    r->apartment_label, "client_id", (json_int_t)r->client_id, "client_code",
	    r->client_code, "children", "count", r->children_count, "ages",
	    ages_json(r->children_ages), "home_municipality", "code", r->home_municipality, "name",
	    r->municipality_name[0] ? r->municipality_name : r->home_municipality, "move_in",
	    r->move_in, "move_out", str_or_null(r->move_out), "open", r->move_out[0] == '\0',
	    "nights", (json_int_t)housingsvc_stay_nights(r, today), "outside_staff",
	    r->outside_staff != 0, "outside_staff_org", org);
}

struct list_ctx {
	json_t *arr;
	struct nrs_date today;
};

static int add_stay(const struct stay_rec *r, void *ctx)
{
	struct list_ctx *x = ctx;
	json_t *o = stay_json(r, &x->today);

	return o != NULL && json_array_append_new(x->arr, o) == 0 ? 0 : NRS_ENOMEM;
}

static int stays_get(struct request *req, struct response *resp)
{
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct list_ctx x;
	int rc;

	if (!apt_may_stay(req, ACT_LIST))
		return NRS_EDENIED;
	activity_actor(req, &actor);
	x.arr = json_array();
	x.today = actor.today;
	if (x.arr == NULL)
		return NRS_ENOMEM;
	rc = housingsvc_stay_list(req->st, req->keys, &actor, add_stay, &x, &err);
	if (rc != 0) {
		json_decref(x.arr);
		return rc;
	}
	return response_json_take(resp, 200, json_pack("{s:o}", "stays", x.arr));
}

static int add_charge(const struct stay_charge_row *c, void *ctx)
{
	const char *label = housing_label(housing_charge_reasons, c->reason);
	json_t *o = json_pack("{s:I,s:I,s:s,s:s,s:s,s:I,s:s}", "id", (json_int_t)c->id, "charge_id",
	                      (json_int_t)c->charge_id, "reason", c->reason, "reason_label",
	                      label != NULL ? label : c->reason, "municipality", c->municipality,
	                      "amount_ore", (json_int_t)c->amount_ore, "created_at", c->created_at);

	return o != NULL && json_array_append_new(ctx, o) == 0 ? 0 : NRS_ENOMEM;
}

/* Reply with stay id as read now (the read is audited), with its charges. */
static int reply_stay(struct request *req, struct response *resp, int status, int64_t id)
{
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct stay_rec r;
	json_t *o, *charges;
	int rc;

	activity_actor(req, &actor);
	rc = housingsvc_stay_read(req->st, req->keys, &actor, id, &r, &err);
	if (rc != 0)
		return rc;
	o = stay_json(&r, &actor.today);
	charges = json_array();
	if (o == NULL || charges == NULL || json_object_set_new(o, "charges", charges) != 0) {
		json_decref(o);
		return NRS_ENOMEM;
	}
	rc = housingsvc_stay_charges(req->st, id, add_charge, charges);
	if (rc != 0) {
		json_decref(o);
		return rc;
	}
	return response_json_take(resp, status, json_pack("{s:o}", "stay", o));
}

/* children_ages as a string ("4, 9") or an array of integers, into request memory. */
static int get_ages(struct request *req, const char **out, struct nrs_error *err)
{
	const json_t *v = json_object_get(req->json, "children_ages");
	char *text;
	size_t n, pos = 0, i;
	json_t *e;

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return 0;
	if (json_is_string(v))
		return wjson_get_string(req->json, "children_ages", 200, false, out, err);
	n = json_is_array(v) ? json_array_size(v) : 0;
	if (!json_is_array(v) || n > STAY_CHILDREN_MAX)
		return nrs_error_set(err, NRS_EINVAL, "children_ages",
		                     "children_ages ska vara en lista med högst %d åldrar",
		                     STAY_CHILDREN_MAX);
	text = req_alloc(req, n * 21 + 1);
	if (text == NULL)
		return NRS_ENOMEM;
	text[0] = '\0';
	json_array_foreach(v, i, e)
	{
		int w;

		if (!json_is_integer(e))
			return nrs_error_set(err, NRS_EINVAL, "children_ages",
			                     "Barnens åldrar ska vara heltal");
		w = snprintf(text + pos, n * 21 + 1 - pos, "%s%lld", pos ? "," : "",
		             (long long)json_integer_value(e));
		if (w < 0)
			return NRS_EINVAL;
		pos += (size_t)w;
	}
	*out = text;
	return 0;
}

static int stays_post(struct request *req, struct response *resp)
{
	struct apt_stay_values v = {0};
	struct nrs_error err = {0};
	int64_t id = 0, org = 0;
	bool staff = false, present = false;
	int rc;

	if (!apt_may_stay(req, ACT_CREATE))
		return NRS_EDENIED;
	if (need_body(req, resp))
		return 0;
	if (wjson_get_int(req->json, "apartment_id", 1, INT64_MAX, true, &v.apartment_id, NULL,
	                  &err) != 0 ||
	    wjson_get_string(req->json, "client_code", 32, true, &v.client_code, &err) != 0 ||
	    get_ages(req, &v.children_ages, &err) != 0 ||
	    wjson_get_string(req->json, "home_municipality", 8, false, &v.home_municipality,
	                     &err) != 0 ||
	    wjson_get_string(req->json, "move_in", 16, true, &v.move_in, &err) != 0 ||
	    wjson_get_string(req->json, "move_out", 16, false, &v.move_out, &err) != 0 ||
	    wjson_get_bool(req->json, "outside_staff", false, false, &staff, &err) != 0 ||
	    wjson_get_int(req->json, "outside_staff_org", 1, INT64_MAX, false, &org, &present,
	                  &err) != 0)
		return service_error(resp, NRS_EINVAL, &err);
	v.outside_staff = staff;
	v.outside_staff_org = present ? org : 0;
	rc = apt_stay_create(req, &v, &id, &err);
	if (rc != 0)
		return service_error(resp, rc, &err);
	return reply_stay(req, resp, 201, id);
}

static int stay_get(struct request *req, struct response *resp)
{
	int64_t id;
	int rc = apt_stay_load(req, ACT_READ, &id);

	return rc != 0 ? rc : reply_stay(req, resp, 200, id);
}

static int stay_moveout_post(struct request *req, struct response *resp)
{
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	const char *move_out = NULL;
	int64_t id;
	int rc = apt_stay_load(req, ACT_UPDATE, &id);

	if (rc != 0)
		return rc;
	if (need_body(req, resp))
		return 0;
	if (wjson_get_string(req->json, "move_out", 16, true, &move_out, &err) != 0)
		return service_error(resp, NRS_EINVAL, &err);
	activity_actor(req, &actor);
	rc = housingsvc_stay_move_out(req->st, req->keys, &actor, id, move_out, &err);
	if (rc != 0)
		return service_error(resp, rc, &err);
	return reply_stay(req, resp, 200, id);
}

static int stay_charge_post(struct request *req, struct response *resp)
{
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	const char *reason = NULL;
	int64_t id, amount = 0, charge = 0;
	int rc = apt_stay_load(req, ACT_UPDATE, &id);

	if (rc != 0)
		return rc;
	if (need_body(req, resp))
		return 0;
	if (wjson_get_string(req->json, "reason", 32, true, &reason, &err) != 0 ||
	    wjson_get_int(req->json, "amount_ore", 1, INT64_MAX, true, &amount, NULL, &err) != 0)
		return service_error(resp, NRS_EINVAL, &err);
	activity_actor(req, &actor);
	rc = housingsvc_stay_charge(req->st, req->keys, &actor, id, reason, amount, &charge, &err);
	if (rc != 0)
		return service_error(resp, rc, &err);
	return reply_stay(req, resp, 201, id);
}

/* ---- occupancy and the calendar ---- */

static int occupancy_get(struct request *req, struct response *resp)
{
	struct clientsvc_actor actor;
	struct housing_stats s;
	struct nrs_error err = {0};
	char from[11], to[11], pct[32], per_household[32], per_person[32];
	json_t *munis, *o;
	int rc;

	if (!apt_may_stay(req, ACT_LIST))
		return NRS_EDENIED;
	activity_actor(req, &actor);
	rc = housingsvc_stats(req->st, &actor, form_get(&req->query, "from"),
	                      form_get(&req->query, "to"), &s, &err);
	if (rc != 0)
		return service_error(resp, rc, &err);
	munis = json_array();
	for (size_t i = 0; munis != NULL && i < s.nmuni; i++) {
		o = json_pack("{s:s,s:s,s:I,s:I,s:I}", "code", s.by_municipality[i].code, "name",
		              s.by_municipality[i].name, "households",
		              (json_int_t)s.by_municipality[i].households, "children",
		              (json_int_t)s.by_municipality[i].children, "nights",
		              (json_int_t)s.by_municipality[i].nights);
		if (o == NULL || json_array_append_new(munis, o) != 0) {
			json_decref(munis);
			munis = NULL;
		}
	}
	date_format(&s.from, from);
	date_format(&s.to, to);
	occupancy_format_percent(&s.occupancy, 0, pct, sizeof(pct));
	housing_average_text(s.completed_nights, s.completed, per_household, sizeof(per_household));
	housing_average_text(s.person_nights, s.completed_persons, per_person, sizeof(per_person));
	o = munis == NULL
	        ? NULL
	        : json_pack(
	              "{s:{s:s,s:s,s:b,s:I,s:i,s:I,s:I,s:I,s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:I,"
	              "s:s,s:s,s:o}}",
	              "occupancy", "from", from, "to", to, "clipped", s.clipped != 0, "nights",
	              (json_int_t)s.nights, "apartments", s.apartments, "occupied_nights",
	              (json_int_t)s.occupancy.num, "available_nights", (json_int_t)s.occupancy.den,
	              "permille", (json_int_t)occupancy_permille(&s.occupancy), "percent_text", pct,
	              "households", (json_int_t)s.households, "adults", (json_int_t)s.adults,
	              "children", (json_int_t)s.children, "completed_stays",
	              (json_int_t)s.completed, "completed_persons", (json_int_t)s.completed_persons,
	              "completed_nights", (json_int_t)s.completed_nights, "person_nights",
	              (json_int_t)s.person_nights, "nights_per_household", per_household,
	              "nights_per_individual", per_person, "by_municipality", munis);
	housingsvc_stats_free(&s);
	return response_json_take(resp, 200, o);
}

static int calendar_get(struct request *req, struct response *resp)
{
	struct housing_calendar cal = {0};
	struct nrs_error err = {0};
	char month[8];
	json_t *rows, *o;
	int year, mon, rc;

	if (!apt_may_apartment(req, ACT_LIST))
		return NRS_EDENIED;
	if (apt_month_parse(form_get(&req->query, "month"), &year, &mon) != 0)
		return response_api_error(resp, 400, "invalid", "month",
		                          "Månaden ska skrivas ÅÅÅÅ-MM, till exempel 2026-03.");
	rc = apt_ensure(req);
	if (rc == 0)
		rc = housingsvc_calendar(req->st, req->acc.organisation_id, year, mon, &cal, &err);
	if (rc != 0)
		return service_error(resp, rc, &err);
	rows = json_array();
	for (size_t i = 0; rows != NULL && i < cal.n; i++) {
		json_t *nights = json_array();

		for (int d = 0; nights != NULL && d < cal.days; d++)
			if (json_array_append_new(nights, json_boolean(cal.rows[i].occupied[d])) !=
			    0) {
				json_decref(nights);
				nights = NULL;
			}
		o = nights == NULL
		        ? NULL
		        : json_pack("{s:I,s:s,s:b,s:i,s:o}", "apartment_id",
		                    (json_int_t)cal.rows[i].apartment_id, "label",
		                    cal.rows[i].label, "active", cal.rows[i].active != 0,
		                    "occupied_nights", cal.rows[i].nights, "nights", nights);
		if (o == NULL || json_array_append_new(rows, o) != 0) {
			json_decref(rows);
			rows = NULL;
		}
	}
	snprintf(month, sizeof(month), "%04d-%02d", year, mon);
	housingsvc_calendar_free(&cal);
	if (rows == NULL)
		return NRS_ENOMEM;
	return response_json_take(resp, 200,
	                          json_pack("{s:{s:s,s:i,s:o}}", "calendar", "month", month, "days",
	                                    cal.days, "apartments", rows));
}

const struct route api_apartments_routes[] = {
    {"GET", "/api/v1/apartments", apartments_get, true, REC_APARTMENT, ACT_LIST, ROUTE_API},
    {"POST", "/api/v1/apartments", apartments_post, true, REC_APARTMENT, ACT_CREATE, ROUTE_API},
    {"POST", "/api/v1/apartments/:id", apartment_post, true, REC_APARTMENT, ACT_UPDATE, ROUTE_API},
    {"GET", "/api/v1/stays", stays_get, true, REC_STAY, ACT_LIST, ROUTE_API},
    {"POST", "/api/v1/stays", stays_post, true, REC_STAY, ACT_CREATE, ROUTE_API},
    {"GET", "/api/v1/stays/:id", stay_get, true, REC_STAY, ACT_READ, ROUTE_API},
    {"POST", "/api/v1/stays/:id/moveout", stay_moveout_post, true, REC_STAY, ACT_UPDATE, ROUTE_API},
    {"POST", "/api/v1/stays/:id/charge", stay_charge_post, true, REC_STAY, ACT_UPDATE, ROUTE_API},
    {"GET", "/api/v1/occupancy", occupancy_get, true, REC_STAY, ACT_LIST, ROUTE_API},
    {"GET", "/api/v1/calendar", calendar_get, true, REC_APARTMENT, ACT_LIST, ROUTE_API},
};
ROUTE_TABLE_COUNT(api_apartments);
