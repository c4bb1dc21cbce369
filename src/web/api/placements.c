/* The JSON twins of the placement pages under /api/v1: shelter placements with their
 * individual agreements (list, deviations, create, read, sign, follow-up meeting, end) and
 * the shelter's statistics with refusal counts. Same services, same policy questions and
 * the same audit rows as the pages; member names are the form's field names. */
#include "web/pages/activity.h"

#include "base/date.h"
#include "base/err.h"
#include "security/placementsvc.h"
#include "security/policy.h"
#include "web/json.h"
#include "web/response.h"
#include "web/router.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 400 naming field; err's message made a sentence. */
static int api_invalid(struct response *resp, const char *field, struct nrs_error *err)
{
	activity_error_sentence(err);
	return response_api_error(resp, 400, "invalid", field, err->msg);
}

/* The answer to a service error: 400 for a refused value, 409 for a conflict, else rc. */
static int api_fail(struct response *resp, int rc, struct nrs_error *err)
{
	if (rc == NRS_EINVAL || rc == NRS_ETOOBIG)
		return api_invalid(resp, err->field, err);
	if (rc == NRS_ECONFLICT) {
		activity_error_sentence(err);
		return response_api_error(resp, 409, "conflict", err->field, err->msg);
	}
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

/* The placement behind :id, checked against the policy as the page does. */
static int load_placement(struct request *req, enum policy_action action, int64_t *id)
{
	unsigned rel = REL_ANY;
	int rc;

	if (activity_parse_id(req_param(req, "id"), id) != 0)
		return NRS_ENOTFOUND;
	rc = placementsvc_relations(req->st, &req->acc, *id, &rel);
	if (rc != 0)
		return rc;
	return policy_allows(req->acc.roles, rel, REC_PLACEMENT, action) ? 0 : NRS_EDENIED;
}

static json_t *deviations_json(unsigned dev)
{
	json_t *a = json_array();

	if (a == NULL)
		return NULL;
	if (((dev & PLACEMENT_DEV_UNSIGNED) && json_array_append_new(a, json_string("unsigned"))) ||
	    ((dev & PLACEMENT_DEV_FOLLOWUP_OVERDUE) &&
	     json_array_append_new(a, json_string("followup_overdue")))) {
		json_decref(a);
		return NULL;
	}
	return a;
}

/* ---- lists ---- */

static int add_entry(const struct placement_entry *e, void *ctx)
{
	char due[11];
	json_t *o;

	date_format(&e->due, due);
	o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:o,s:b,s:b,s:I,s:o,s:b,s:s,s:s,s:o,s:o}", "id",
	              (json_int_t)e->id, "client_code", e->client_code, "placing_organisation",
	              e->placing_org_name, "shelter", e->shelter_name, "start", e->start, "end",
	              str_or_null(e->end), "housing", e->housing != 0, "support", e->support != 0,
	              "children", (json_int_t)e->children, "signed", str_or_null(e->signed_date),
	              "is_signed", e->signed_date != NULL, "followup_due", due, "followup_status",
	              placement_followup_key(e->fstatus), "last_followup",
	              str_or_null(e->last_followup), "deviations", deviations_json(e->deviations));
	return o != NULL && json_array_append_new(ctx, o) == 0 ? 0 : NRS_ENOMEM;
}

static int reply_list(struct request *req, struct response *resp, bool deviations_only)
{
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	int64_t scope = 0;
	json_t *arr;
	int rc = placementsvc_scope(&req->acc, &scope);

	if (rc != 0)
		return rc;
	arr = json_array();
	if (arr == NULL)
		return NRS_ENOMEM;
	activity_actor(req, &actor);
	rc = placementsvc_list(req->st, req->keys, &actor, scope, deviations_only, add_entry, arr,
	                       &err);
	if (rc != 0) {
		json_decref(arr);
		return rc;
	}
	return response_json_take(resp, 200, json_pack("{s:o}", "placements", arr));
}

static int placements_get(struct request *req, struct response *resp)
{
	return reply_list(req, resp, false);
}

static int deviations_get(struct request *req, struct response *resp)
{
	return reply_list(req, resp, true);
}

/* ---- one placement ---- */

static json_t *placement_json(const struct placement_view *v)
{
	json_t *ages = json_array(), *meetings = json_array(), *o = NULL;
	char due[11];

	if (ages == NULL || meetings == NULL)
		goto fail;
	for (size_t i = 0; i < v->nchildren; i++)
		if (json_array_append_new(ages, json_integer(v->ages[i])) != 0)
			goto fail;
	for (size_t i = 0; i < v->nfollowups; i++)
		if (json_array_append_new(meetings, json_string(v->followups[i])) != 0)
			goto fail;
	date_format(&v->due, due);
	o = json_pack(
	    "{s:I,s:s,s:s,s:I,s:s,s:s,s:o,s:b,s:b,s:I,s:o,s:o,s:o,s:s,s:o,s:o,s:b,"
	    "s:o,s:s,s:s,s:o}",
	    "id", (json_int_t)v->id, "client_code", v->client_code, "placing_organisation",
	    v->placing_org_name, "shelter_id", (json_int_t)v->shelter_id, "shelter",
	    v->shelter_name, "start", v->start, "end", str_or_null(v->end), "housing",
	    v->housing != 0, "support", v->support != 0, "children", (json_int_t)v->nchildren,
	    "child_ages", ages, "municipality_undertakes", str_or_null(v->municipality_undertakes),
	    "shelter_undertakes", str_or_null(v->shelter_undertakes), "decision_date",
	    v->decision_date, "decision_ref", str_or_null(v->decision_ref), "signed",
	    str_or_null(v->signed_date), "is_signed", v->signed_date[0] != '\0', "followups",
	    meetings, "followup_due", due, "followup_status", placement_followup_key(v->fstatus),
	    "deviations", deviations_json(v->deviations));
	return o;
fail:
	json_decref(ages);
	json_decref(meetings);
	return NULL;
}

/* Reply with placement id as read now (the read is audited). */
static int reply_placement(struct request *req, struct response *resp, int status, int64_t id)
{
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct placement_view *v = NULL;
	int rc;

	activity_actor(req, &actor);
	rc = placementsvc_read(req->st, req->keys, &actor, id, &v, &err);
	if (rc == 0)
		rc = response_json_take(resp, status,
		                        json_pack("{s:o}", "placement", placement_json(v)));
	placementsvc_view_free(v);
	return rc;
}

/* child_ages: an array of integers (any integer is passed on; the service checks the range). */
static int get_ages(const json_t *obj, int *ages, size_t max, size_t *n, struct nrs_error *err)
{
	const json_t *a = json_object_get(obj, "child_ages");
	size_t i;
	json_t *v;

	*n = 0;
	if (a == NULL || json_is_null(a))
		return 0;
	if (!json_is_array(a))
		return nrs_error_set(err, NRS_EINVAL, "child_ages",
		                     "child_ages ska vara en lista med heltal");
	if (json_array_size(a) > max)
		return nrs_error_set(err, NRS_EINVAL, "child_ages", "Högst %zu barn kan anges.",
		                     max);
	json_array_foreach(a, i, v)
	{
		json_int_t x;

		if (!json_is_integer(v))
			return nrs_error_set(err, NRS_EINVAL, "child_ages",
			                     "child_ages ska vara en lista med heltal");
		x = json_integer_value(v);
		ages[(*n)++] = x < -1000 ? -1000 : x > 1000 ? 1000 : (int)x;
	}
	return 0;
}

static int placements_post(struct request *req, struct response *resp)
{
	struct placement_input in = {0};
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	int ages[PLACEMENT_CHILDREN_MAX];
	bool housing = false, support = false, has_children = false, has_shelter = false;
	int64_t id = 0, children = 0, shelter = 0;
	int rc;

	if (!policy_allows(req->acc.roles, REL_ANY | REL_OWN_ORG, REC_PLACEMENT, ACT_CREATE))
		return NRS_EDENIED;
	if (need_body(req, resp))
		return 0;
	if (wjson_get_string(req->json, "client_code", 32, false, &in.client_code, &err) != 0 ||
	    wjson_get_int(req->json, "shelter_id", 0, INT64_MAX, false, &shelter, &has_shelter,
	                  &err) != 0 ||
	    wjson_get_int(req->json, "children", -1000000, 1000000, false, &children, &has_children,
	                  &err) != 0 ||
	    get_ages(req->json, ages, PLACEMENT_CHILDREN_MAX, &in.nages, &err) != 0 ||
	    wjson_get_string(req->json, "start", 16, false, &in.start, &err) != 0 ||
	    wjson_get_string(req->json, "end", 16, false, &in.end, &err) != 0 ||
	    wjson_get_bool(req->json, "housing", false, false, &housing, &err) != 0 ||
	    wjson_get_bool(req->json, "support", false, false, &support, &err) != 0 ||
	    wjson_get_string(req->json, "municipality_undertakes", PLACEMENT_TEXT_MAX_BYTES * 2,
	                     false, &in.municipality_undertakes, &err) != 0 ||
	    wjson_get_string(req->json, "shelter_undertakes", PLACEMENT_TEXT_MAX_BYTES * 2, false,
	                     &in.shelter_undertakes, &err) != 0 ||
	    wjson_get_string(req->json, "decision_date", 16, false, &in.decision_date, &err) != 0 ||
	    wjson_get_string(req->json, "decision_ref", 256, false, &in.decision_ref, &err) != 0 ||
	    wjson_get_string(req->json, "signed", 16, false, &in.signed_date, &err) != 0)
		return api_invalid(resp, err.field, &err);
	in.shelter_id = has_shelter ? shelter : 0;
	/* children left out: as many as the ages given */
	in.children = has_children ? children : (int64_t)in.nages;
	in.ages = ages;
	in.housing = housing;
	in.support = support;
	activity_actor(req, &actor);
	rc = placementsvc_create(req->st, req->keys, &actor, &req->acc, &in, &id, &err);
	if (rc != 0)
		return api_fail(resp, rc, &err);
	return reply_placement(req, resp, 201, id);
}

static int placement_get(struct request *req, struct response *resp)
{
	int64_t id;
	int rc = load_placement(req, ACT_READ, &id);

	return rc != 0 ? rc : reply_placement(req, resp, 200, id);
}

/* The one date member of a write; 0, or an answer already made (*answered set). */
static int one_date(struct request *req, struct response *resp, const char *key, const char **date,
                    bool *answered)
{
	struct nrs_error err = {0};

	*answered = false;
	*date = NULL;
	if (need_body(req, resp)) {
		*answered = true;
		return 0;
	}
	if (wjson_get_string(req->json, key, 16, false, date, &err) != 0) {
		*answered = true;
		return api_invalid(resp, err.field, &err);
	}
	return 0;
}

/* The one-date actions on a placement. */
typedef int (*date_action)(struct store *st, const struct crypto_keys *keys,
                           const struct clientsvc_actor *actor, int64_t id, const char *date,
                           struct nrs_error *err);

/* Runs act with the body's date member key on the placement in the path; replies with the
 * placement and status when it went well. */
static int date_post(struct request *req, struct response *resp, const char *key, date_action act,
                     int status)
{
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	const char *date;
	bool answered;
	int64_t id;
	int rc = load_placement(req, ACT_UPDATE, &id);

	if (rc == 0)
		rc = one_date(req, resp, key, &date, &answered);
	if (rc != 0 || answered)
		return rc;
	activity_actor(req, &actor);
	rc = act(req->st, req->keys, &actor, id, date, &err);
	return rc != 0 ? api_fail(resp, rc, &err) : reply_placement(req, resp, status, id);
}

static int placement_sign_post(struct request *req, struct response *resp)
{
	return date_post(req, resp, "signed", placementsvc_sign, 200);
}

static int placement_followup_post(struct request *req, struct response *resp)
{
	return date_post(req, resp, "held", placementsvc_followup_add, 201);
}

static int placement_end_post(struct request *req, struct response *resp)
{
	return date_post(req, resp, "end", placementsvc_end, 200);
}

/* ---- the shelter's statistics ---- */

static json_t *stats_json(const struct shelter_stats *s, bool with_shelter)
{
	json_t *o = json_pack(
	    "{s:I,s:I,s:I,s:I,s:I,s:{s:I,s:I}}", "guest_nights",
	    (json_int_t)(s->woman_nights + s->child_nights), "woman_nights",
	    (json_int_t)s->woman_nights, "child_nights", (json_int_t)s->child_nights, "women",
	    (json_int_t)s->women, "children", (json_int_t)s->children, "refusals", "no_room",
	    (json_int_t)s->refused_no_room, "other", (json_int_t)s->refused_other);

	if (o != NULL && with_shelter &&
	    (json_object_set_new(o, "shelter_id", json_integer(s->shelter_id)) != 0 ||
	     json_object_set_new(o, "shelter", json_string(s->shelter_name)) != 0)) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static int add_refusal(const struct refusal_entry *e, void *ctx)
{
	json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:I}", "id", (json_int_t)e->id, "shelter",
	                      e->shelter_name, "date", e->date, "reason", e->reason, "reason_label",
	                      e->reason_text, "count", (json_int_t)e->count);

	return o != NULL && json_array_append_new(ctx, o) == 0 ? 0 : NRS_ENOMEM;
}

static int stats_get(struct request *req, struct response *resp)
{
	const char *from = form_get(&req->query, "from"), *to = form_get(&req->query, "to");
	struct shelter_stats *rows = NULL, total;
	struct nrs_error err = {0};
	struct nrs_date f, t, today = date_today();
	char dflt_from[11], dflt_to[11];
	json_t *shelters = NULL, *refusals = NULL;
	size_t n = 0;
	int rc;

	date_format(&today, dflt_to);
	snprintf(dflt_from, sizeof(dflt_from), "%04d-01-01", today.year);
	rc = placementsvc_period(from != NULL && from[0] ? from : dflt_from,
	                         to != NULL && to[0] ? to : dflt_to, &f, &t, &err);
	if (rc != 0)
		return api_invalid(resp, err.field, &err);
	rc = placementsvc_stats(req->st, &f, &t, &today, &rows, &n, &err);
	if (rc != 0)
		return rc;
	memset(&total, 0, sizeof(total));
	shelters = json_array();
	refusals = json_array();
	rc = shelters != NULL && refusals != NULL ? 0 : NRS_ENOMEM;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		total.woman_nights += rows[i].woman_nights;
		total.child_nights += rows[i].child_nights;
		total.women += rows[i].women;
		total.children += rows[i].children;
		total.refused_no_room += rows[i].refused_no_room;
		total.refused_other += rows[i].refused_other;
		if (json_array_append_new(shelters, stats_json(&rows[i], true)) != 0)
			rc = NRS_ENOMEM;
	}
	if (rc == 0)
		rc = placementsvc_refusals(req->st, &f, &t, add_refusal, refusals);
	if (rc == 0) {
		char fs[11], ts[11];

		date_format(&f, fs);
		date_format(&t, ts);
		rc = response_json_take(resp, 200,
		                        json_pack("{s:s,s:s,s:o,s:o,s:o}", "from", fs, "to", ts,
		                                  "shelters", shelters, "total",
		                                  stats_json(&total, false), "refusals", refusals));
		shelters = refusals = NULL;
	}
	json_decref(shelters);
	json_decref(refusals);
	free(rows);
	return rc;
}

static int refusals_post(struct request *req, struct response *resp)
{
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	const char *date = NULL, *reason = NULL;
	int64_t shelter = 0, count = 0, id = 0;
	bool has_shelter = false, has_count = false;
	int rc;

	if (!policy_allows(req->acc.roles, REL_ANY, REC_SHELTER_STATS, ACT_CREATE))
		return NRS_EDENIED;
	if (need_body(req, resp))
		return 0;
	if (wjson_get_int(req->json, "shelter_id", 0, INT64_MAX, false, &shelter, &has_shelter,
	                  &err) != 0 ||
	    wjson_get_string(req->json, "date", 16, false, &date, &err) != 0 ||
	    wjson_get_string(req->json, "reason", 16, false, &reason, &err) != 0 ||
	    wjson_get_int(req->json, "count", -1000000, 1000000, true, &count, &has_count, &err) !=
	        0)
		return api_invalid(resp, err.field, &err);
	activity_actor(req, &actor);
	rc = placementsvc_refusal_add(req->st, req->keys, &actor, has_shelter ? shelter : 0, date,
	                              reason, count, &id, &err);
	if (rc != 0)
		return api_fail(resp, rc, &err);
	return response_json_take(resp, 201,
	                          json_pack("{s:{s:I,s:I,s:s,s:s,s:I}}", "refusal", "id",
	                                    (json_int_t)id, "shelter_id", (json_int_t)shelter,
	                                    "date", date, "reason", reason, "count",
	                                    (json_int_t)count));
}

/* Literal paths before :id. */
const struct route api_placements_routes[] = {
    {"GET", "/api/v1/placements", placements_get, true, REC_PLACEMENT, ACT_LIST, ROUTE_API},
    {"POST", "/api/v1/placements", placements_post, true, REC_PLACEMENT, ACT_CREATE, ROUTE_API},
    {"GET", "/api/v1/placements/deviations", deviations_get, true, REC_PLACEMENT, ACT_LIST,
     ROUTE_API},
    {"GET", "/api/v1/placements/:id", placement_get, true, REC_PLACEMENT, ACT_READ, ROUTE_API},
    {"POST", "/api/v1/placements/:id/sign", placement_sign_post, true, REC_PLACEMENT, ACT_UPDATE,
     ROUTE_API},
    {"POST", "/api/v1/placements/:id/followups", placement_followup_post, true, REC_PLACEMENT,
     ACT_UPDATE, ROUTE_API},
    {"POST", "/api/v1/placements/:id/end", placement_end_post, true, REC_PLACEMENT, ACT_UPDATE,
     ROUTE_API},
    {"GET", "/api/v1/shelter-stats", stats_get, true, REC_SHELTER_STATS, ACT_READ, ROUTE_API},
    {"POST", "/api/v1/shelter-stats/refusals", refusals_post, true, REC_SHELTER_STATS, ACT_CREATE,
     ROUTE_API},
};
ROUTE_TABLE_COUNT(api_placements);
