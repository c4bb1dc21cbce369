/* The JSON twins of the intervention, queue, group and follow-up pages under /api/v1. They
 * load records and ask the policy the same way (pages/interventions.h) and call the same
 * services, so a change and its audit row are written alike from both. */
#include "web/pages/interventions.h"

#include "base/date.h"
#include "base/str.h"
#include "store/intervention.h"
#include "web/json.h"
#include "web/response.h"
#include "web/router.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int api_invalid(struct response *resp, const char *field, const char *msg)
{
	return response_api_error(resp, 400, "invalid", field, msg);
}

/* A service result: validation errors as 400 (409 for a conflict) naming the field. */
static int api_result(struct request *req, struct response *resp, int rc,
                      const struct nrs_error *err)
{
	if (rc == NRS_EINVAL || rc == NRS_ETOOBIG)
		return api_invalid(resp, err->field, iv_sentence(req, err->msg));
	if (rc == NRS_EEXIST || rc == NRS_ECONFLICT)
		return response_api_error(resp, 409, "conflict", err->field,
		                          iv_sentence(req, err->msg));
	return rc;
}

static int need_body(struct request *req, struct response *resp)
{
	if (req->json == NULL)
		return api_invalid(resp, "", "Skicka uppgifterna som ett JSON-objekt.");
	return 0;
}

static json_t *str_or_null(const char *s)
{
	return s != NULL && s[0] != '\0' ? json_string(s) : json_null();
}

static json_t *id_or_null(int64_t id)
{
	return id != 0 ? json_integer((json_int_t)id) : json_null();
}

static json_t *iv_json(const struct groupsvc_iv *iv)
{
	json_t *decision =
	    strcmp(iv->basis, "aid_decision") == 0
	        ? json_pack("{s:s,s:s,s:o}", "municipality", iv->decision_municipality, "date",
	                    iv->decision_date, "reference", str_or_null(iv->decision_ref))
	        : json_null();

	return json_pack(
	    "{s:I,s:I,s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:s,s:o,s:o,s:o,s:I}", "id", (json_int_t)iv->id,
	    "case_id", (json_int_t)iv->case_id, "client_code", iv->client_code, "type", iv->type,
	    "type_label", iv->type_label, "requested", iv->requested, "started",
	    str_or_null(iv->started), "ended", str_or_null(iv->ended), "end_reason",
	    str_or_null(iv->end_reason), "basis", iv->basis, "aid_decision", decision,
	    "responsible_user", id_or_null(iv->responsible_user), "linked_intervention",
	    id_or_null(iv->linked_intervention_id), "sessions_held", (json_int_t)iv->sessions_held);
}

static json_t *row_json(const struct intervention_row *r)
{
	struct groupsvc_iv iv;

	memset(&iv, 0, sizeof(iv));
	iv.id = r->id;
	iv.case_id = r->case_id;
	snprintf(iv.client_code, sizeof(iv.client_code), "%s", r->client_code);
	snprintf(iv.type, sizeof(iv.type), "%s", r->type);
	snprintf(iv.type_label, sizeof(iv.type_label), "%s", r->type_label);
	snprintf(iv.requested, sizeof(iv.requested), "%s", r->requested);
	snprintf(iv.started, sizeof(iv.started), "%s", r->started ? r->started : "");
	snprintf(iv.ended, sizeof(iv.ended), "%s", r->ended ? r->ended : "");
	snprintf(iv.end_reason, sizeof(iv.end_reason), "%s", r->end_reason ? r->end_reason : "");
	snprintf(iv.basis, sizeof(iv.basis), "%s", r->basis);
	snprintf(iv.decision_municipality, sizeof(iv.decision_municipality), "%s",
	         r->decision_municipality ? r->decision_municipality : "");
	snprintf(iv.decision_date, sizeof(iv.decision_date), "%s",
	         r->decision_date ? r->decision_date : "");
	snprintf(iv.decision_ref, sizeof(iv.decision_ref), "%s",
	         r->decision_ref ? r->decision_ref : "");
	iv.responsible_user = r->responsible_user;
	iv.linked_intervention_id = r->linked_intervention_id;
	iv.sessions_held = r->sessions_held;
	return iv_json(&iv);
}

static int add_row(const struct intervention_row *r, void *ctx)
{
	return json_array_append_new(ctx, row_json(r)) == 0 ? 0 : NRS_ENOMEM;
}

static int add_muni(const struct groupsvc_muni_entry *e, void *ctx)
{
	const struct followup_muni_row *r = e->row;

	return json_array_append_new(
	           ctx, json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:o,s:s}", "id",
	                          (json_int_t)r->intervention_id, "case_id", (json_int_t)r->case_id,
	                          "client_code", r->client_code, "type", r->type, "type_label",
	                          r->type_label, "requested", r->requested, "started",
	                          str_or_null(r->started), "basis", r->basis)) == 0
	           ? 0
	           : NRS_ENOMEM;
}

/* GET /api/v1/interventions?case=ID, or ?without_decision=1: interventions without an aid
 * decision, of the municipality's clients (municipal officers) */
static int interventions_get(struct request *req, struct response *resp)
{
	const char *case_s = form_get(&req->query, "case");
	const char *nodec = form_get(&req->query, "without_decision");
	struct nrs_error err = {0};
	struct groupsvc_case c;
	struct iv_who w;
	unsigned rel;
	json_t *arr;
	int64_t case_id;
	int rc;

	iv_who_init(req, &w);
	if (nodec != NULL && strcmp(nodec, "1") == 0) {
		if (req->acc.municipality_code[0] == '\0' ||
		    !policy_allows(req->acc.roles, REL_HOME_MUNICIPALITY, REC_INTERVENTION,
		                   ACT_LIST))
			return api_invalid(resp, "without_decision",
			                   "Listan finns för kommunens handläggare.");
		arr = json_array();
		if (arr == NULL)
			return NRS_ENOMEM;
		rc =
		    groupsvc_muni_list(req->st, req->keys, &w.actor, FOLLOWUP_MUNI_NO_DECISION,
		                       req->acc.municipality_code, NULL, NULL, add_muni, arr, &err);
		if (rc != 0) {
			json_decref(arr);
			return rc;
		}
		return response_json_take(resp, 200, json_pack("{s:o}", "interventions", arr));
	}
	if (case_s == NULL || iv_parse_id(case_s, &case_id) != 0)
		return api_invalid(resp, "case", "Ange ärendets id: case=ID.");
	rc = groupsvc_case_facts(req->st, &w.who, case_id, &c, &rel);
	if (rc == NRS_ENOTFOUND)
		return NRS_ENOTFOUND;
	if (rc != 0)
		return rc;
	if (!policy_allows(req->acc.roles, rel, REC_INTERVENTION, ACT_LIST))
		return NRS_EDENIED;
	arr = json_array();
	if (arr == NULL)
		return NRS_ENOMEM;
	rc = groupsvc_case_interventions(req->st, req->keys, &w.actor, case_id, add_row, arr, &err);
	if (rc != 0) {
		json_decref(arr);
		return rc;
	}
	return response_json_take(resp, 200, json_pack("{s:o}", "interventions", arr));
}

/* The intervention again after a change, with the Trappan warning when there was one. */
static int reply_iv(struct request *req, struct response *resp, struct iv_who *w, int status,
                    int64_t id, const struct nrs_error *warn)
{
	struct groupsvc_iv iv;
	unsigned rel;
	int rc = groupsvc_intervention_facts(req->st, &w->who, id, &iv, &rel);

	if (rc != 0)
		return rc;
	return response_json_take(
	    resp, status,
	    json_pack("{s:o,s:o}", "intervention", iv_json(&iv), "warning",
	              warn != NULL && warn->msg[0] != '\0' ? json_string(warn->msg) : json_null()));
}

static int interventions_post(struct request *req, struct response *resp)
{
	struct nrs_error err = {0}, warn = {0};
	struct iv_create_input in = {0};
	struct groupsvc_case c;
	struct iv_who w;
	unsigned rel;
	int64_t case_id = 0, id = 0;
	int rc = need_body(req, resp);

	if (rc != 0 || req->json == NULL)
		return rc;
	if (wjson_get_int(req->json, "case_id", 1, INT64_MAX, true, &case_id, NULL, &err) != 0 ||
	    wjson_get_string(req->json, "type", 40, true, &in.type, &err) != 0 ||
	    wjson_get_string(req->json, "requested", 10, true, &in.requested, &err) != 0 ||
	    wjson_get_string(req->json, "basis", 16, true, &in.basis, &err) != 0 ||
	    wjson_get_string(req->json, "decision_municipality", 8, false,
	                     &in.decision_municipality, &err) != 0 ||
	    wjson_get_string(req->json, "decision_date", 10, false, &in.decision_date, &err) != 0 ||
	    wjson_get_string(req->json, "decision_ref", 256, false, &in.decision_ref, &err) != 0 ||
	    wjson_get_int(req->json, "responsible_user", 1, INT64_MAX, false, &in.responsible_user,
	                  NULL, &err) != 0 ||
	    wjson_get_int(req->json, "linked_intervention", 1, INT64_MAX, false,
	                  &in.linked_intervention, NULL, &err) != 0)
		return api_invalid(resp, err.field, iv_sentence(req, err.msg));
	{
		char idtext[24];

		snprintf(idtext, sizeof(idtext), "%" PRId64, case_id);
		rc = iv_load_case(req, &w, idtext, &c, &rel);
	}
	if (rc == NRS_ENOTFOUND)
		return api_invalid(resp, "case_id", "Ärendet finns inte.");
	if (rc != 0)
		return rc;
	rc = iv_create(req, &w, &c, &in, &id, &warn, &err);
	if (rc != 0)
		return rc == NRS_ENOTFOUND && err.field[0]
		           ? api_invalid(resp, err.field, iv_sentence(req, err.msg))
		           : api_result(req, resp, rc, &err);
	return reply_iv(req, resp, &w, 201, id, &warn);
}

struct walk_json {
	json_t *sessions;
	json_t *followup;
};

static int session_json(const struct session_log_row *r, void *ctx)
{
	struct walk_json *wj = ctx;

	return json_array_append_new(wj->sessions,
	                             json_pack("{s:I,s:s,s:i,s:s,s:s}", "id", (json_int_t)r->id,
	                                       "held", r->held, "minutes", r->minutes, "mode",
	                                       r->mode, "outcome", r->outcome)) == 0
	           ? 0
	           : NRS_ENOMEM;
}

static int followup_json(const struct followup_entry_row *r, void *ctx)
{
	struct walk_json *wj = ctx;

	return json_array_append_new(wj->followup, json_pack("{s:s,s:s,s:i,s:s}", "phase", r->phase,
	                                                     "measure", r->measure, "value",
	                                                     r->value, "entered", r->entered)) == 0
	           ? 0
	           : NRS_ENOMEM;
}

/* The intervention with its sessions and (when the user may read them) follow-up values;
 * audited as a read. */
static int reply_full(struct request *req, struct response *resp, struct iv_who *w, int status,
                      const struct groupsvc_iv *iv, unsigned rel)
{
	struct nrs_error err = {0};
	struct walk_json wj = {NULL, NULL};
	bool fu = iv_may(req, rel, REC_FOLLOWUP, ACT_READ);
	int rc;

	wj.sessions = json_array();
	wj.followup = fu ? json_array() : NULL;
	if (wj.sessions == NULL || (fu && wj.followup == NULL)) {
		rc = NRS_ENOMEM;
		goto out;
	}
	rc = groupsvc_intervention_read(req->st, req->keys, &w->actor, iv->id, session_json,
	                                fu ? followup_json : NULL, &wj, &err);
	if (rc != 0)
		goto out;
	rc = response_json_take(resp, status,
	                        json_pack("{s:o,s:O,s:O}", "intervention", iv_json(iv), "sessions",
	                                  wj.sessions, "followup", fu ? wj.followup : json_null()));
out:
	json_decref(wj.sessions);
	json_decref(wj.followup);
	return rc;
}

static int intervention_get(struct request *req, struct response *resp)
{
	struct groupsvc_iv iv;
	struct iv_who w;
	unsigned rel;
	int rc = iv_load(req, &w, "id", REC_INTERVENTION, ACT_READ, &iv, &rel);

	if (rc != 0)
		return rc;
	return reply_full(req, resp, &w, 200, &iv, rel);
}

static int start_post(struct request *req, struct response *resp)
{
	struct nrs_error err = {0}, warn = {0};
	struct groupsvc_iv iv;
	struct iv_who w;
	const char *started = NULL;
	unsigned rel;
	int rc = iv_load(req, &w, "id", REC_CASE, ACT_UPDATE, &iv, &rel);

	if (rc != 0 || (rc = need_body(req, resp)) != 0 || req->json == NULL)
		return rc;
	if (wjson_get_string(req->json, "started", 10, true, &started, &err) != 0)
		return api_invalid(resp, err.field, iv_sentence(req, err.msg));
	rc = iv_start(req, &w, &iv, started, &warn, &err);
	if (rc != 0)
		return api_result(req, resp, rc, &err);
	return reply_iv(req, resp, &w, 200, iv.id, &warn);
}

static int end_post(struct request *req, struct response *resp)
{
	struct nrs_error err = {0};
	struct groupsvc_iv iv;
	struct iv_who w;
	const char *ended = NULL, *reason = NULL;
	unsigned rel;
	int rc = iv_load(req, &w, "id", REC_CASE, ACT_UPDATE, &iv, &rel);

	if (rc != 0 || (rc = need_body(req, resp)) != 0 || req->json == NULL)
		return rc;
	if (wjson_get_string(req->json, "ended", 10, true, &ended, &err) != 0 ||
	    wjson_get_string(req->json, "end_reason", 16, true, &reason, &err) != 0)
		return api_invalid(resp, err.field, iv_sentence(req, err.msg));
	rc = iv_end(req, &w, &iv, ended, reason, &err);
	if (rc != 0)
		return api_result(req, resp, rc, &err);
	return reply_iv(req, resp, &w, 200, iv.id, NULL);
}

static int sessions_post(struct request *req, struct response *resp)
{
	struct nrs_error err = {0}, warn = {0};
	struct groupsvc_iv iv;
	struct iv_who w;
	const char *held = NULL, *mode = NULL, *outcome = NULL;
	unsigned rel;
	int64_t minutes = 0, id = 0;
	int rc = iv_load(req, &w, "id", REC_INTERVENTION, ACT_CREATE, &iv, &rel);

	if (rc != 0 || (rc = need_body(req, resp)) != 0 || req->json == NULL)
		return rc;
	if (wjson_get_string(req->json, "held", 10, true, &held, &err) != 0 ||
	    wjson_get_int(req->json, "minutes", -1000000, 1000000, true, &minutes, NULL, &err) !=
	        0 ||
	    wjson_get_string(req->json, "mode", 32, true, &mode, &err) != 0 ||
	    wjson_get_string(req->json, "outcome", 16, true, &outcome, &err) != 0)
		return api_invalid(resp, err.field, iv_sentence(req, err.msg));
	rc = iv_session(req, &w, &iv, held, (int)minutes, mode, outcome, &id, &warn, &err);
	if (rc != 0)
		return api_result(req, resp, rc, &err);
	return response_json_take(
	    resp, 201,
	    json_pack("{s:{s:I,s:s,s:I,s:s,s:s},s:o}", "session", "id", (json_int_t)id, "held",
	              held, "minutes", (json_int_t)minutes, "mode", mode, "outcome", outcome,
	              "warning", warn.msg[0] != '\0' ? json_string(warn.msg) : json_null()));
}

static int decision_post(struct request *req, struct response *resp)
{
	struct nrs_error err = {0};
	struct groupsvc_iv iv;
	struct iv_who w;
	const char *muni = NULL, *date = NULL, *ref = NULL;
	unsigned rel;
	int rc = iv_load(req, &w, "id", REC_INTERVENTION, ACT_UPDATE, &iv, &rel);

	if (rc != 0 || (rc = need_body(req, resp)) != 0 || req->json == NULL)
		return rc;
	if (wjson_get_string(req->json, "decision_municipality", 8, false, &muni, &err) != 0 ||
	    wjson_get_string(req->json, "decision_date", 10, false, &date, &err) != 0 ||
	    wjson_get_string(req->json, "decision_ref", 256, false, &ref, &err) != 0)
		return api_invalid(resp, err.field, iv_sentence(req, err.msg));
	rc = groupsvc_decision_set(req->st, req->keys, &w.actor, iv.id, iv_decision_limit(req, rel),
	                           muni, date, ref, &err);
	if (rc != 0)
		return api_result(req, resp, rc, &err);
	return reply_iv(req, resp, &w, 200, iv.id, NULL);
}

#define MAX_VALUES 32

static int followup_post(struct request *req, struct response *resp)
{
	struct nrs_error err = {0};
	struct followup_value vals[MAX_VALUES];
	char text[MAX_VALUES][24];
	struct groupsvc_iv iv;
	struct iv_who w;
	const char *phase = NULL, *entered = NULL, *key;
	json_t *values, *v;
	unsigned rel;
	size_t n = 0;
	int rc = iv_load(req, &w, "id", REC_FOLLOWUP, ACT_CREATE, &iv, &rel);

	if (rc != 0 || (rc = need_body(req, resp)) != 0 || req->json == NULL)
		return rc;
	if (wjson_get_string(req->json, "phase", 16, true, &phase, &err) != 0 ||
	    wjson_get_string(req->json, "entered", 10, true, &entered, &err) != 0)
		return api_invalid(resp, err.field, iv_sentence(req, err.msg));
	values = json_object_get(req->json, "values");
	if (!json_is_object(values) || json_object_size(values) == 0)
		return api_invalid(resp, "values",
		                   "values ska vara ett objekt med mått och värden, till exempel "
		                   "{\"safety\": 7}.");
	json_object_foreach(values, key, v)
	{
		if (n >= MAX_VALUES)
			return api_invalid(resp, "values", "För många mått.");
		if (!json_is_integer(v))
			return api_invalid(resp, key, "Värdet ska vara ett heltal.");
		snprintf(text[n], sizeof(text[n]), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		vals[n].measure = key;
		vals[n].value = text[n];
		n++;
	}
	rc = groupsvc_followup_put(req->st, req->keys, &w.actor, iv.id, phase, entered, vals, n,
	                           &err);
	if (rc != 0)
		return api_result(req, resp, rc, &err);
	return reply_full(req, resp, &w, 200, &iv, rel);
}

/* ---- the queue ---- */

static int add_queue(const struct queue_entry *e, void *ctx)
{
	return json_array_append_new(
	           ctx, json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:I}", "id",
	                          (json_int_t)e->intervention_id, "case_id", (json_int_t)e->case_id,
	                          "client_code", e->client_code, "type", e->type, "type_label",
	                          e->type_label, "requested", e->requested, "basis", e->basis,
	                          "days_waited", (json_int_t)e->days_waited)) == 0
	           ? 0
	           : NRS_ENOMEM;
}

static int add_queue_muni(const struct groupsvc_muni_entry *e, void *ctx)
{
	const struct followup_muni_row *r = e->row;

	return json_array_append_new(
	           ctx, json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:I}", "id",
	                          (json_int_t)r->intervention_id, "case_id", (json_int_t)r->case_id,
	                          "client_code", r->client_code, "type", r->type, "type_label",
	                          r->type_label, "requested", r->requested, "basis", r->basis,
	                          "days_waited", (json_int_t)e->days_waited)) == 0
	           ? 0
	           : NRS_ENOMEM;
}

static int queue_get(struct request *req, struct response *resp)
{
	const char *type = form_get(&req->query, "type");
	struct nrs_error err = {0};
	struct iv_who w;
	char today[11];
	json_t *arr;
	int rc;

	if (type != NULL && type[0] == '\0')
		type = NULL;
	if (type != NULL) {
		rc = store_intervention_type_active(req->st, type);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return api_invalid(resp, "type", "Okänd insatstyp.");
	}
	iv_who_init(req, &w);
	arr = json_array();
	if (arr == NULL)
		return NRS_ENOMEM;
	if (policy_allows(req->acc.roles, REL_OWN_ORG | REL_ASSIGNED, REC_INTERVENTION, ACT_LIST))
		rc = clientsvc_queue(req->st, req->keys, &w.actor, type, &w.actor.today, add_queue,
		                     arr, &err);
	else if (req->acc.municipality_code[0] != '\0')
		rc = groupsvc_muni_list(req->st, req->keys, &w.actor, FOLLOWUP_MUNI_WAITING,
		                        req->acc.municipality_code, type, &w.actor.today,
		                        add_queue_muni, arr, &err);
	else
		rc = NRS_EDENIED;
	if (rc != 0) {
		json_decref(arr);
		return rc;
	}
	date_format(&w.actor.today, today);
	return response_json_take(resp, 200, json_pack("{s:s,s:o}", "as_of", today, "queue", arr));
}

/* ---- groups ---- */

static json_t *group_json(const struct groupsvc_group *g)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:I,s:I}", "id", (json_int_t)g->id, "name", g->name,
	                 "format", g->format, "start", g->start, "participants",
	                 (json_int_t)g->participants, "meetings", (json_int_t)g->meetings);
}

static int add_group(const struct group_row *r, void *ctx)
{
	return json_array_append_new(ctx, json_pack("{s:I,s:s,s:s,s:s,s:I,s:I}", "id",
	                                            (json_int_t)r->id, "name", r->name, "format",
	                                            r->format, "start", r->start, "participants",
	                                            (json_int_t)r->participants, "meetings",
	                                            (json_int_t)r->meetings)) == 0
	           ? 0
	           : NRS_ENOMEM;
}

static int groups_get(struct request *req, struct response *resp)
{
	struct nrs_error err = {0};
	struct iv_who w;
	json_t *arr;
	int rc;

	if (!policy_allows(req->acc.roles, REL_OWN_ORG, REC_GROUP, ACT_LIST))
		return NRS_EDENIED;
	iv_who_init(req, &w);
	arr = json_array();
	if (arr == NULL)
		return NRS_ENOMEM;
	rc = groupsvc_group_list(req->st, req->keys, &w.actor, add_group, arr, &err);
	if (rc != 0) {
		json_decref(arr);
		return rc;
	}
	return response_json_take(resp, 200, json_pack("{s:o}", "groups", arr));
}

static int reply_group(struct request *req, struct response *resp, int status, int64_t id);

static int groups_post(struct request *req, struct response *resp)
{
	struct nrs_error err = {0};
	struct group_create in = {0};
	int64_t leaders[64], id = 0;
	struct iv_who w;
	json_t *arr, *v;
	size_t i;
	int rc = need_body(req, resp);

	if (rc != 0 || req->json == NULL)
		return rc;
	if (!policy_allows(req->acc.roles, REL_OWN_ORG, REC_GROUP, ACT_CREATE))
		return NRS_EDENIED;
	if (wjson_get_string(req->json, "name", 800, true, &in.name, &err) != 0 ||
	    wjson_get_string(req->json, "format", 16, true, &in.format, &err) != 0 ||
	    wjson_get_string(req->json, "start", 10, true, &in.start, &err) != 0)
		return api_invalid(resp, err.field, iv_sentence(req, err.msg));
	arr = json_object_get(req->json, "leaders");
	if (!json_is_array(arr) || json_array_size(arr) == 0 || json_array_size(arr) > 64)
		return api_invalid(resp, "leaders", "leaders ska vara en lista med användar-id.");
	json_array_foreach(arr, i, v)
	{
		if (!json_is_integer(v) || json_integer_value(v) < 1)
			return api_invalid(resp, "leaders",
			                   "leaders ska vara en lista med användar-id.");
		leaders[i] = (int64_t)json_integer_value(v);
	}
	in.leaders = leaders;
	in.nleaders = json_array_size(arr);
	iv_who_init(req, &w);
	rc = groupsvc_group_create(req->st, req->keys, &w.actor, &in, &id, &err);
	if (rc != 0)
		return api_result(req, resp, rc, &err);
	return reply_group(req, resp, 201, id);
}

struct group_walk_json {
	json_t *leaders, *participants, *meetings, *attendance;
};

static int gj_leader(int64_t user_id, const char *username, const char *display_name, void *ctx)
{
	struct group_walk_json *g = ctx;

	return json_array_append_new(g->leaders,
	                             json_pack("{s:I,s:s,s:s}", "id", (json_int_t)user_id,
	                                       "username", username, "name", display_name)) == 0
	           ? 0
	           : NRS_ENOMEM;
}

static int gj_participant(const struct group_participant_row *r, void *ctx)
{
	struct group_walk_json *g = ctx;

	return json_array_append_new(
	           g->participants,
	           json_pack("{s:I,s:s,s:s,s:I,s:I}", "client_id", (json_int_t)r->client_id,
	                     "client_code", r->client_code, "joined", r->joined, "intervention_id",
	                     (json_int_t)r->intervention_id, "meetings_present",
	                     (json_int_t)r->meetings_present)) == 0
	           ? 0
	           : NRS_ENOMEM;
}

static int gj_meeting(const struct group_meeting_row *r, void *ctx)
{
	struct group_walk_json *g = ctx;

	return json_array_append_new(g->meetings,
	                             json_pack("{s:I,s:s,s:I,s:I}", "id", (json_int_t)r->id, "held",
	                                       r->held, "present", (json_int_t)r->present,
	                                       "recorded", (json_int_t)r->recorded)) == 0
	           ? 0
	           : NRS_ENOMEM;
}

static int gj_attendance(int64_t meeting_id, int64_t client_id, int present, void *ctx)
{
	struct group_walk_json *g = ctx;

	return json_array_append_new(g->attendance,
	                             json_pack("{s:I,s:I,s:b}", "meeting_id",
	                                       (json_int_t)meeting_id, "client_id",
	                                       (json_int_t)client_id, "present", present != 0)) == 0
	           ? 0
	           : NRS_ENOMEM;
}

/* The group with everything on its page; audited as a read. */
static int reply_group(struct request *req, struct response *resp, int status, int64_t id)
{
	struct groupsvc_group_walk walk = {gj_leader, gj_participant, gj_meeting, gj_attendance,
	                                   NULL};
	struct group_walk_json g = {json_array(), json_array(), json_array(), json_array()};
	struct nrs_error err = {0};
	struct groupsvc_group grp;
	struct iv_who w;
	unsigned rel;
	int rc;

	iv_who_init(req, &w);
	walk.ctx = &g;
	if (!g.leaders || !g.participants || !g.meetings || !g.attendance) {
		rc = NRS_ENOMEM;
		goto out;
	}
	rc = groupsvc_group_facts(req->st, &w.actor, id, &grp, &rel);
	if (rc == 0)
		rc = groupsvc_group_read(req->st, req->keys, &w.actor, id, &walk, &err);
	if (rc == 0)
		rc = response_json_take(resp, status,
		                        json_pack("{s:o,s:O,s:O,s:O,s:O}", "group",
		                                  group_json(&grp), "leaders", g.leaders,
		                                  "participants", g.participants, "meetings",
		                                  g.meetings, "attendance", g.attendance));
out:
	json_decref(g.leaders);
	json_decref(g.participants);
	json_decref(g.meetings);
	json_decref(g.attendance);
	return rc;
}

static int group_get(struct request *req, struct response *resp)
{
	struct groupsvc_group grp;
	struct iv_who w;
	int rc = iv_load_group(req, &w, "id", ACT_READ, &grp);

	if (rc != 0)
		return rc;
	return reply_group(req, resp, 200, grp.id);
}

static int participants_post(struct request *req, struct response *resp)
{
	struct nrs_error err = {0};
	struct groupsvc_group grp;
	struct groupsvc_case c;
	struct iv_who w;
	const char *code = NULL, *joined = NULL;
	unsigned rel = 0;
	int64_t iv_id = 0;
	int rc = iv_load_group(req, &w, "id", ACT_UPDATE, &grp);

	if (rc != 0 || (rc = need_body(req, resp)) != 0 || req->json == NULL)
		return rc;
	if (wjson_get_string(req->json, "client_code", 32, true, &code, &err) != 0 ||
	    wjson_get_string(req->json, "joined", 10, true, &joined, &err) != 0)
		return api_invalid(resp, err.field, iv_sentence(req, err.msg));
	rc = groupsvc_participant_lookup(req->st, &w.who, &grp, code, &c, &rel, &err);
	if (rc == 0 && !policy_allows(req->acc.roles, rel, REC_INTERVENTION, ACT_CREATE))
		return NRS_EDENIED;
	if (rc == 0)
		rc = groupsvc_participant_add(req->st, req->keys, &w.actor, &grp, &c, joined,
		                              &iv_id, &err);
	if (rc != 0) {
		if (strcmp(err.field, "client") == 0)
			snprintf(err.field, sizeof(err.field), "client_code");
		return api_result(req, resp, rc, &err);
	}
	return reply_group(req, resp, 201, grp.id);
}

static int meetings_post(struct request *req, struct response *resp)
{
	struct nrs_error err = {0};
	struct groupsvc_group grp;
	struct iv_who w;
	const char *held = NULL;
	int64_t id = 0;
	int rc = iv_load_group(req, &w, "id", ACT_UPDATE, &grp);

	if (rc != 0 || (rc = need_body(req, resp)) != 0 || req->json == NULL)
		return rc;
	if (wjson_get_string(req->json, "held", 10, true, &held, &err) != 0)
		return api_invalid(resp, err.field, iv_sentence(req, err.msg));
	rc = groupsvc_meeting_add(req->st, req->keys, &w.actor, &grp, held, &id, &err);
	if (rc != 0)
		return api_result(req, resp, rc, &err);
	return response_json_take(resp, 201,
	                          json_pack("{s:{s:I,s:I,s:s}}", "meeting", "id", (json_int_t)id,
	                                    "group_id", (json_int_t)grp.id, "held", held));
}

static int attendance_post(struct request *req, struct response *resp)
{
	struct nrs_error err = {0};
	struct groupsvc_group grp;
	struct iv_who w;
	int64_t mid, present[256];
	json_t *arr, *v;
	size_t i;
	int rc = iv_load_group(req, &w, "id", ACT_UPDATE, &grp);

	if (rc != 0)
		return rc;
	if (iv_parse_id(req_param(req, "mid"), &mid) != 0)
		return NRS_ENOTFOUND;
	if ((rc = need_body(req, resp)) != 0 || req->json == NULL)
		return rc;
	arr = json_object_get(req->json, "present");
	if (!json_is_array(arr) || json_array_size(arr) > 256)
		return api_invalid(
		    resp, "present",
		    "present ska vara en lista med id för de närvarande klienterna.");
	json_array_foreach(arr, i, v)
	{
		if (!json_is_integer(v) || json_integer_value(v) < 1)
			return api_invalid(resp, "present",
			                   "present ska vara en lista med id för de närvarande "
			                   "klienterna.");
		present[i] = (int64_t)json_integer_value(v);
	}
	rc = groupsvc_attendance_set(req->st, req->keys, &w.actor, &grp, mid, present,
	                             json_array_size(arr), &err);
	if (rc != 0)
		return api_result(req, resp, rc, &err);
	return reply_group(req, resp, 200, grp.id);
}

/* ---- follow-up at group level ---- */

static int add_cell(const struct groupsvc_cell *c, void *ctx)
{
	char mean[32];
	int64_t t = c->mean_tenths, mag = t < 0 ? -t : t;

	snprintf(mean, sizeof(mean), "%s%" PRId64 ".%" PRId64, t < 0 ? "-" : "", mag / 10,
	         mag % 10);
	return json_array_append_new(
	           ctx, json_pack("{s:s,s:s,s:o,s:o}", "measure", c->row->measure, "phase",
	                          c->row->phase, "count",
	                          c->suppressed ? json_string("<3")
	                                        : json_integer((json_int_t)c->row->count),
	                          "mean", c->suppressed ? json_null() : json_string(mean))) == 0
	           ? 0
	           : NRS_ENOMEM;
}

static int add_measure(const struct followup_measure_row *m, void *ctx)
{
	return json_array_append_new(ctx, json_pack("{s:s,s:s,s:i,s:i}", "key", m->key, "label",
	                                            m->label_sv, "scale_min", m->scale_min,
	                                            "scale_max", m->scale_max)) == 0
	           ? 0
	           : NRS_ENOMEM;
}

static int followup_get(struct request *req, struct response *resp)
{
	const char *year_s = form_get(&req->query, "year");
	const char *type = form_get(&req->query, "type");
	json_t *cells = NULL, *measures = NULL;
	int64_t year = 0;
	int rc;

	if (year_s != NULL && year_s[0] != '\0' && str_to_i64(year_s, 2000, 9999, &year) != 0)
		return api_invalid(resp, "year", "year ska vara ett årtal, till exempel 2026.");
	if (type != NULL && type[0] == '\0')
		type = NULL;
	if (type != NULL) {
		rc = store_intervention_type_active(req->st, type);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return api_invalid(resp, "type", "Okänd insatstyp.");
	}
	cells = json_array();
	measures = json_array();
	if (cells == NULL || measures == NULL) {
		rc = NRS_ENOMEM;
		goto out;
	}
	rc = groupsvc_measures(req->st, add_measure, measures);
	if (rc == 0)
		rc = groupsvc_followup_aggregate(req->st, (int)year, type, add_cell, cells);
	if (rc == 0)
		rc = response_json_take(
		    resp, 200,
		    json_pack("{s:o,s:o,s:i,s:O,s:O}", "year",
		              year > 0 ? json_integer((json_int_t)year) : json_null(), "type",
		              type ? json_string(type) : json_null(), "min_cell", GROUPSVC_MIN_CELL,
		              "measures", measures, "cells", cells));
out:
	json_decref(cells);
	json_decref(measures);
	return rc;
}

const struct route api_interventions_routes[] = {
    {"GET", "/api/v1/interventions", interventions_get, true, REC_INTERVENTION, ACT_LIST,
     ROUTE_API},
    {"POST", "/api/v1/interventions", interventions_post, true, REC_INTERVENTION, ACT_CREATE,
     ROUTE_API},
    {"GET", "/api/v1/interventions/:id", intervention_get, true, REC_INTERVENTION, ACT_READ,
     ROUTE_API},
    {"POST", "/api/v1/interventions/:id/start", start_post, true, REC_CASE, ACT_UPDATE, ROUTE_API},
    {"POST", "/api/v1/interventions/:id/end", end_post, true, REC_CASE, ACT_UPDATE, ROUTE_API},
    {"POST", "/api/v1/interventions/:id/sessions", sessions_post, true, REC_INTERVENTION,
     ACT_CREATE, ROUTE_API},
    {"POST", "/api/v1/interventions/:id/decision", decision_post, true, REC_INTERVENTION,
     ACT_UPDATE, ROUTE_API},
    {"POST", "/api/v1/interventions/:id/followup", followup_post, true, REC_FOLLOWUP, ACT_CREATE,
     ROUTE_API},
    {"GET", "/api/v1/queue", queue_get, true, REC_INTERVENTION, ACT_LIST, ROUTE_API},
    {"GET", "/api/v1/groups", groups_get, true, REC_GROUP, ACT_LIST, ROUTE_API},
    {"POST", "/api/v1/groups", groups_post, true, REC_GROUP, ACT_CREATE, ROUTE_API},
    {"GET", "/api/v1/groups/:id", group_get, true, REC_GROUP, ACT_READ, ROUTE_API},
    {"POST", "/api/v1/groups/:id/participants", participants_post, true, REC_GROUP, ACT_UPDATE,
     ROUTE_API},
    {"POST", "/api/v1/groups/:id/meetings", meetings_post, true, REC_GROUP, ACT_UPDATE, ROUTE_API},
    {"POST", "/api/v1/groups/:id/meetings/:mid/attendance", attendance_post, true, REC_GROUP,
     ACT_UPDATE, ROUTE_API},
    {"GET", "/api/v1/followup", followup_get, true, REC_STATISTICS, ACT_READ, ROUTE_API},
};
ROUTE_TABLE_COUNT(api_interventions);
