/* The JSON twins of the activity pages under /api/v1: police referrals (with attempts,
 * outcome, link to a client and the audited contact details), anonymous contacts,
 * consultations, trainings and mandatory reports. Same services, same policy questions and
 * the same audit rows as the pages; times are UTC ISO 8601 with a Swedish local copy. */
#include "web/pages/activity.h"

#include "base/date.h"
#include "base/err.h"
#include "base/str.h"
#include "security/policy.h"
#include "web/json.h"
#include "web/response.h"
#include "web/router.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_MAX_BYTES 8000 /* any text member; the services check the real limits */

/* 400 naming field; err's message made a sentence. */
static int api_invalid(struct response *resp, const char *field, struct nrs_error *err)
{
	activity_error_sentence(err);
	return response_api_error(resp, 400, "invalid", field, err->msg);
}

static int need_body(struct request *req, struct response *resp)
{
	if (req->json != NULL)
		return 0;
	response_api_error(resp, 400, "invalid", "", "Skicka uppgifterna som ett JSON-objekt.");
	return 1;
}

/* A service's field name as the API's member name. */
static const char *api_field(const char *f)
{
	static const char *const map[][2] = {
	    {"mottagen", "received_at"},
	    {"received", "received_at"},
	    {"kontakt", "contact"},
	    {"kommun", "municipality"},
	    {"tid", "at"},
	    {"anteckning", "note"},
	    {"utfall", "outcome"},
	    {"kontakttid", "contact_at"},
	    {"asker_organisation", "asker_organisation_id"},
	    {"case", "case_id"},
	    {"recipient", "recipient"},
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(f, map[i][0]) == 0)
			return map[i][1];
	return f;
}

static json_t *str_or_null(const char *s)
{
	return s != NULL && s[0] != '\0' ? json_string(s) : json_null();
}

/* Unix seconds as {"..._at": UTC ISO, "..._local": Swedish local}; appended to o. */
static int put_time(json_t *o, const char *name, int64_t t, bool present)
{
	char iso[21], local[17], key[48];

	if (!present) {
		snprintf(key, sizeof(key), "%s_at", name);
		if (json_object_set_new(o, key, json_null()) != 0)
			return NRS_ENOMEM;
		snprintf(key, sizeof(key), "%s_local", name);
		return json_object_set_new(o, key, json_null()) == 0 ? 0 : NRS_ENOMEM;
	}
	time_iso_from_epoch(t, iso);
	activity_local_text(t, local);
	snprintf(key, sizeof(key), "%s_at", name);
	if (json_object_set_new(o, key, json_string(iso)) != 0)
		return NRS_ENOMEM;
	snprintf(key, sizeof(key), "%s_local", name);
	return json_object_set_new(o, key, json_string(local)) == 0 ? 0 : NRS_ENOMEM;
}

static int put_iso(json_t *o, const char *name, const char *iso)
{
	int64_t t = 0;
	bool ok = iso != NULL && time_epoch_from_iso(iso, &t) == 0;

	return put_time(o, name, t, ok);
}

/* ---- police referrals ---- */

static bool may_list_referrals(const struct request *req, enum policy_action action)
{
	return policy_allows(req->acc.roles, REL_ANY | REL_OWN_ORG, REC_REFERRAL, action);
}

static int add_referral(const struct referral_entry *e, void *ctx)
{
	bool open = e->first_contact_at == NULL && e->outcome == NULL;
	json_t *o = json_pack("{s:I,s:I,s:s,s:s,s:b,s:b,s:o,s:o,s:o,s:I}", "id", (json_int_t)e->id,
	                      "seconds_left", (json_int_t)e->seconds_left, "status",
	                      activity_referral_status_key(e->status, e->outcome), "status_label",
	                      activity_referral_status_text(e->status, e->outcome), "urgent",
	                      activity_referral_urgent(e->status, e->outcome), "consent",
	                      e->consent != 0, "municipality", str_or_null(e->municipality),
	                      "outcome", str_or_null(e->outcome), "client_code",
	                      str_or_null(e->client_code), "attempts", (json_int_t)e->attempts);
	int rc;

	if (o == NULL)
		return NRS_ENOMEM;
	rc = json_object_set_new(o, "open", json_boolean(open)) == 0 ? 0 : NRS_ENOMEM;
	if (rc == 0)
		rc = put_iso(o, "received", e->received_at);
	if (rc == 0)
		rc = put_iso(o, "deadline", e->deadline_at);
	if (rc == 0)
		rc = put_iso(o, "first_contact", e->first_contact_at);
	if (rc == 0)
		rc = put_iso(o, "last_attempt", e->last_attempt_at);
	if (rc != 0 || json_array_append_new(ctx, o) != 0)
		return NRS_ENOMEM;
	return 0;
}

static int referrals_get(struct request *req, struct response *resp)
{
	const char *open = form_get(&req->query, "open");
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	json_t *arr;
	int rc;

	if (!may_list_referrals(req, ACT_LIST))
		return NRS_EDENIED;
	if (open != NULL && strcmp(open, "0") != 0 && strcmp(open, "1") != 0) {
		nrs_error_set(&err, NRS_EINVAL, "open", "open ska vara 0 eller 1");
		return api_invalid(resp, "open", &err);
	}
	arr = json_array();
	if (arr == NULL)
		return NRS_ENOMEM;
	activity_actor(req, &actor);
	rc = clientsvc_referral_list(req->st, req->keys, &actor, (int64_t)req->now,
	                             open != NULL && strcmp(open, "1") == 0, add_referral, arr,
	                             &err);
	if (rc != 0) {
		json_decref(arr);
		return rc;
	}
	return response_json_take(resp, 200, json_pack("{s:o}", "referrals", arr));
}

static json_t *referral_json(const struct referral_view *v)
{
	json_t *attempts = json_array(), *o;
	bool open = v->first_contact < 0 && v->outcome[0] == '\0';

	if (attempts == NULL)
		return NULL;
	for (size_t i = 0; i < v->nattempts; i++) {
		char iso[21], local[17];
		json_t *a;

		time_iso_from_epoch(v->attempts[i].at, iso);
		activity_local_text(v->attempts[i].at, local);
		a = json_pack("{s:I,s:s,s:s,s:o}", "id", (json_int_t)v->attempts[i].id, "at", iso,
		              "at_local", local, "note", str_or_null(v->attempts[i].note));
		if (a == NULL || json_array_append_new(attempts, a) != 0) {
			json_decref(attempts);
			return NULL;
		}
	}
	o = json_pack("{s:I,s:I,s:s,s:s,s:b,s:b,s:b,s:b,s:o,s:o,s:o,s:o,s:o}", "id",
	              (json_int_t)v->id, "seconds_left", (json_int_t)v->seconds_left, "status",
	              activity_referral_status_key(v->status, v->outcome), "status_label",
	              activity_referral_status_text(v->status, v->outcome), "urgent",
	              activity_referral_urgent(v->status, v->outcome), "open", open, "consent",
	              v->consent != 0, "has_contact", v->has_contact != 0, "municipality",
	              str_or_null(v->municipality), "municipality_name",
	              str_or_null(v->municipality_name), "outcome", str_or_null(v->outcome),
	              "client_code", str_or_null(v->client_code), "attempts", attempts);
	if (o == NULL)
		return NULL;
	if (put_time(o, "received", v->received, true) != 0 ||
	    put_time(o, "deadline", v->deadline, true) != 0 ||
	    put_time(o, "first_contact", v->first_contact, v->first_contact >= 0) != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* Reply with referral id as read now (the read is audited). */
static int reply_referral(struct request *req, struct response *resp, int status, int64_t id)
{
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct referral_view *v = NULL;
	int rc;

	activity_actor(req, &actor);
	rc = activitysvc_referral_read(req->st, req->keys, &actor, id, (int64_t)req->now, &v, &err);
	if (rc == 0)
		rc = response_json_take(resp, status,
		                        json_pack("{s:o}", "referral", referral_json(v)));
	activitysvc_referral_free(v);
	return rc;
}

/* An optional time member; *present tells whether it was given. */
static int get_time(const json_t *obj, const char *key, bool required, int64_t *out, bool *present,
                    struct nrs_error *err)
{
	const char *s = NULL;
	int rc = wjson_get_string(obj, key, 40, required, &s, err);

	*present = false;
	if (rc != 0 || s == NULL)
		return rc;
	*present = true;
	return activity_time_parse(s, key, out, err);
}

static int referrals_post(struct request *req, struct response *resp)
{
	struct referral_create in = {0};
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	bool consent = false, present;
	int64_t id = 0;
	int rc;

	if (!may_list_referrals(req, ACT_CREATE))
		return NRS_EDENIED;
	if (need_body(req, resp))
		return 0;
	if (get_time(req->json, "received_at", true, &in.received, &present, &err) != 0 ||
	    wjson_get_bool(req->json, "consent", true, false, &consent, &err) != 0 ||
	    wjson_get_string(req->json, "contact", TEXT_MAX_BYTES, false, &in.contact, &err) != 0 ||
	    wjson_get_string(req->json, "municipality", 8, false, &in.municipality, &err) != 0)
		return api_invalid(resp, err.field, &err);
	in.consent = consent;
	activity_actor(req, &actor);
	rc = clientsvc_referral_create(req->st, req->keys, &actor, &in, (int64_t)req->now, &id,
	                               &err);
	if (rc == NRS_EINVAL || rc == NRS_ETOOBIG)
		return api_invalid(resp, api_field(err.field), &err);
	return rc != 0 ? rc : reply_referral(req, resp, 201, id);
}

static int referral_get(struct request *req, struct response *resp)
{
	int64_t id;
	int rc = activity_referral_load(req, ACT_READ, &id);

	return rc != 0 ? rc : reply_referral(req, resp, 200, id);
}

static int referral_attempt_post(struct request *req, struct response *resp)
{
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	const char *note = NULL;
	int64_t id, at = 0, attempt = 0;
	bool present;
	int rc = activity_referral_load(req, ACT_UPDATE, &id);

	if (rc != 0)
		return rc;
	if (need_body(req, resp))
		return 0;
	if (get_time(req->json, "at", true, &at, &present, &err) != 0 ||
	    wjson_get_string(req->json, "note", TEXT_MAX_BYTES, false, &note, &err) != 0)
		return api_invalid(resp, err.field, &err);
	activity_actor(req, &actor);
	rc = clientsvc_referral_attempt(req->st, req->keys, &actor, id, at, note, (int64_t)req->now,
	                                &attempt, &err);
	if (rc == NRS_EINVAL || rc == NRS_ETOOBIG)
		return api_invalid(resp, api_field(err.field), &err);
	return rc != 0 ? rc : reply_referral(req, resp, 201, id);
}

static int referral_outcome_post(struct request *req, struct response *resp)
{
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	const char *outcome = NULL;
	int64_t id, at = 0;
	bool present = false;
	int rc = activity_referral_load(req, ACT_UPDATE, &id);

	if (rc != 0)
		return rc;
	if (need_body(req, resp))
		return 0;
	if (get_time(req->json, "contact_at", false, &at, &present, &err) != 0 ||
	    wjson_get_string(req->json, "outcome", 32, true, &outcome, &err) != 0)
		return api_invalid(resp, err.field, &err);
	activity_actor(req, &actor);
	rc = clientsvc_referral_outcome(req->st, req->keys, &actor, id, present ? &at : NULL,
	                                outcome, (int64_t)req->now, &err);
	if (rc == NRS_EINVAL)
		return api_invalid(resp, api_field(err.field), &err);
	if (rc == NRS_ECONFLICT) {
		activity_error_sentence(&err);
		return response_api_error(resp, 409, "conflict", "outcome", err.msg);
	}
	return rc != 0 ? rc : reply_referral(req, resp, 200, id);
}

static int referral_link_post(struct request *req, struct response *resp)
{
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	const char *code = NULL;
	unsigned rel = 0;
	int64_t id, client_id = 0;
	int rc = activity_referral_load(req, ACT_UPDATE, &id);

	if (rc != 0)
		return rc;
	if (need_body(req, resp))
		return 0;
	if (wjson_get_string(req->json, "client_code", 32, true, &code, &err) != 0)
		return api_invalid(resp, err.field, &err);
	activity_actor(req, &actor);
	rc = activitysvc_client_by_code(req->st, &req->acc, code, &client_id, &rel);
	/* the same answer for an unknown code and a client the user may not see */
	if (rc == NRS_ENOTFOUND ||
	    (rc == 0 && !policy_allows(req->acc.roles, rel, REC_CLIENT, ACT_READ))) {
		nrs_error_set(&err, NRS_EINVAL, "client_code",
		              "Det finns ingen klient med den koden bland centrumets klienter.");
		return api_invalid(resp, "client_code", &err);
	}
	if (rc == 0)
		rc = clientsvc_referral_link(req->st, req->keys, &actor, id, client_id, &err);
	if (rc == NRS_EINVAL)
		return api_invalid(resp, "client_code", &err);
	return rc != 0 ? rc : reply_referral(req, resp, 200, id);
}

static int referral_contact_get(struct request *req, struct response *resp)
{
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	char *contact = NULL;
	int64_t id;
	int rc = activity_referral_load(req, ACT_READ, &id);

	if (rc != 0)
		return rc;
	activity_actor(req, &actor);
	rc = clientsvc_referral_contact(req->st, req->keys, &actor, id, &contact, &err);
	if (rc == 0)
		rc = response_json_take(
		    resp, 200,
		    json_pack("{s:I,s:o}", "id", (json_int_t)id, "contact", str_or_null(contact)));
	clientsvc_text_free(contact);
	return rc;
}

/* Answers a list walk: rc, its error (arr dropped), else {"key": arr}. */
static int reply_list(struct response *resp, const char *key, json_t *arr, int rc)
{
	if (rc != 0) {
		json_decref(arr);
		return rc;
	}
	return response_json_take(resp, 200, json_pack("{s:o}", key, arr));
}

/* ---- anonymous contacts ---- */

static int add_contact(const struct contact_row *r, void *ctx)
{
	json_t *o = json_pack(
	    "{s:I,s:s,s:s,s:s?,s:o,s:o,s:s,s:I,s:s,s:s?}", "id", (json_int_t)r->id, "date", r->date,
	    "category", r->category, "category_label",
	    activity_label(activity_caller_categories, r->category), "municipality",
	    str_or_null(r->municipality), "municipality_name", str_or_null(r->municipality_name),
	    "topic", r->topic, "minutes", (json_int_t)r->minutes, "outcome", r->outcome,
	    "outcome_label", activity_label(activity_contact_outcomes, r->outcome));

	return o != NULL && json_array_append_new(ctx, o) == 0 ? 0 : NRS_ENOMEM;
}

static int contacts_get(struct request *req, struct response *resp)
{
	struct clientsvc_actor actor;
	json_t *arr = json_array();

	if (arr == NULL)
		return NRS_ENOMEM;
	activity_actor(req, &actor);
	return reply_list(resp, "contacts", arr,
	                  activitysvc_contact_list(req->st, &actor, add_contact, arr));
}

/* minutes: any integer is read here, the service says what is allowed. */
static int get_minutes(const json_t *obj, bool *given, int64_t *minutes, struct nrs_error *err)
{
	return wjson_get_int(obj, "minutes", -1000000, 1000000, false, minutes, given, err);
}

static int contacts_post(struct request *req, struct response *resp)
{
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct contact_new in = {0};
	int64_t id = 0;
	int rc;

	if (need_body(req, resp))
		return 0;
	if (wjson_get_string(req->json, "date", 16, false, &in.date, &err) != 0 ||
	    wjson_get_string(req->json, "category", 32, false, &in.category, &err) != 0 ||
	    wjson_get_string(req->json, "municipality", 8, false, &in.municipality, &err) != 0 ||
	    wjson_get_string(req->json, "topic", TEXT_MAX_BYTES, false, &in.topic, &err) != 0 ||
	    get_minutes(req->json, &in.has_minutes, &in.minutes, &err) != 0 ||
	    wjson_get_string(req->json, "outcome", 32, false, &in.outcome, &err) != 0)
		return api_invalid(resp, err.field, &err);
	activity_actor(req, &actor);
	rc = activitysvc_contact_create(req->st, req->keys, &actor, &in, &id, &err);
	if (rc == NRS_EINVAL || rc == NRS_ETOOBIG)
		return api_invalid(resp, api_field(err.field), &err);
	return rc != 0 ? rc
	               : response_json_take(
	                     resp, 201, json_pack("{s:{s:I}}", "contact", "id", (json_int_t)id));
}

/* ---- consultations ---- */

static int add_consultation(const struct consultation_row *r, void *ctx)
{
	json_t *o =
	    json_pack("{s:I,s:s,s:o,s:o,s:o,s:o,s:s,s:I}", "id", (json_int_t)r->id, "date", r->date,
	              "asker_organisation_id",
	              r->asker_organisation_id ? json_integer((json_int_t)r->asker_organisation_id)
	                                       : json_null(),
	              "asker_organisation", str_or_null(r->asker_organisation_name),
	              "asker_municipality", str_or_null(r->asker_municipality),
	              "asker_municipality_name", str_or_null(r->asker_municipality_name), "topic",
	              r->topic, "minutes", (json_int_t)r->minutes);

	return o != NULL && json_array_append_new(ctx, o) == 0 ? 0 : NRS_ENOMEM;
}

static int consultations_get(struct request *req, struct response *resp)
{
	struct clientsvc_actor actor;
	json_t *arr = json_array();

	if (arr == NULL)
		return NRS_ENOMEM;
	activity_actor(req, &actor);
	return reply_list(resp, "consultations", arr,
	                  activitysvc_consultation_list(req->st, &actor, add_consultation, arr));
}

static int consultations_post(struct request *req, struct response *resp)
{
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct consultation_new in = {0};
	int64_t id = 0;
	int rc;

	if (need_body(req, resp))
		return 0;
	if (wjson_get_string(req->json, "date", 16, false, &in.date, &err) != 0 ||
	    wjson_get_int(req->json, "asker_organisation_id", 1, INT64_MAX, false,
	                  &in.asker_organisation_id, NULL, &err) != 0 ||
	    wjson_get_string(req->json, "asker_municipality", 8, false, &in.asker_municipality,
	                     &err) != 0 ||
	    wjson_get_string(req->json, "topic", TEXT_MAX_BYTES, false, &in.topic, &err) != 0 ||
	    get_minutes(req->json, &in.has_minutes, &in.minutes, &err) != 0)
		return api_invalid(resp, err.field, &err);
	activity_actor(req, &actor);
	rc = activitysvc_consultation_create(req->st, req->keys, &actor, &in, &id, &err);
	if (rc == NRS_EINVAL || rc == NRS_ETOOBIG)
		return api_invalid(resp, api_field(err.field), &err);
	return rc != 0
	           ? rc
	           : response_json_take(
	                 resp, 201, json_pack("{s:{s:I}}", "consultation", "id", (json_int_t)id));
}

/* ---- trainings ---- */

static json_t *training_json(const struct training_row *r)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:s?,s:I,s:I}", "id", (json_int_t)r->id, "date", r->date,
	                 "title", r->title, "kind", r->kind, "kind_label",
	                 activity_label(activity_training_kinds, r->kind), "participants",
	                 (json_int_t)r->participants, "organisations",
	                 (json_int_t)r->organisations);
}

static int add_training(const struct training_row *r, void *ctx)
{
	json_t *o = training_json(r);

	return o != NULL && json_array_append_new(ctx, o) == 0 ? 0 : NRS_ENOMEM;
}

static int trainings_get(struct request *req, struct response *resp)
{
	struct clientsvc_actor actor;
	json_t *arr = json_array();
	int rc;

	if (arr == NULL)
		return NRS_ENOMEM;
	activity_actor(req, &actor);
	rc = activitysvc_training_list(req->st, &actor, add_training, arr);
	if (rc != 0) {
		json_decref(arr);
		return rc;
	}
	return response_json_take(resp, 200, json_pack("{s:o}", "trainings", arr));
}

/* The service's org_N / count_N as participants[N-1].organisation_id / .count. */
static const char *training_field(struct request *req, const char *f)
{
	char buf[64];
	size_t n = 0;

	if (sscanf(f, "org_%zu", &n) == 1 && n >= 1)
		snprintf(buf, sizeof(buf), "participants[%zu].organisation_id", n - 1);
	else if (sscanf(f, "count_%zu", &n) == 1 && n >= 1)
		snprintf(buf, sizeof(buf), "participants[%zu].count", n - 1);
	else
		return f;
	return activity_msg(req, buf);
}

static int trainings_post(struct request *req, struct response *resp)
{
	struct training_row_new rows[TRAINING_ROWS_MAX];
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct training_new in = {0};
	json_t *parts, *p;
	char field[64];
	size_t i;
	int64_t id = 0;
	int rc;

	if (need_body(req, resp))
		return 0;
	memset(rows, 0, sizeof(rows));
	if (wjson_get_string(req->json, "date", 16, false, &in.date, &err) != 0 ||
	    wjson_get_string(req->json, "title", TEXT_MAX_BYTES, false, &in.title, &err) != 0 ||
	    wjson_get_string(req->json, "kind", 32, false, &in.kind, &err) != 0)
		return api_invalid(resp, err.field, &err);
	parts = json_object_get(req->json, "participants");
	if (parts != NULL && !json_is_array(parts)) {
		nrs_error_set(&err, NRS_EINVAL, "participants",
		              "participants ska vara en lista med organisation_id och count");
		return api_invalid(resp, "participants", &err);
	}
	if (json_array_size(parts) > TRAINING_ROWS_MAX) {
		nrs_error_set(&err, NRS_EINVAL, "participants", "högst %d rader med deltagare",
		              TRAINING_ROWS_MAX);
		return api_invalid(resp, "participants", &err);
	}
	json_array_foreach(parts, i, p)
	{
		rows[i].number = i + 1;
		snprintf(field, sizeof(field), "participants[%zu]", i);
		if (!json_is_object(p) ||
		    wjson_get_int(p, "organisation_id", 1, INT64_MAX, false,
		                  &rows[i].organisation_id, NULL, &err) != 0 ||
		    wjson_get_int(p, "count", -1000000, 1000000, false, &rows[i].participants,
		                  &rows[i].has_count, &err) != 0) {
			if (!json_is_object(p))
				nrs_error_set(
				    &err, NRS_EINVAL, "",
				    "varje rad ska vara ett objekt med organisation_id och "
				    "count");
			else
				snprintf(field, sizeof(field), "participants[%zu].%s", i,
				         strcmp(err.field, "count") == 0 ? "count"
				                                         : "organisation_id");
			return api_invalid(resp, activity_msg(req, field), &err);
		}
	}
	in.rows = rows;
	in.nrows = json_array_size(parts);
	activity_actor(req, &actor);
	rc = activitysvc_training_create(req->st, req->keys, &actor, &in, &id, &err);
	if (rc == NRS_EINVAL || rc == NRS_ETOOBIG)
		return api_invalid(resp, training_field(req, err.field), &err);
	if (rc != 0)
		return rc;
	return response_json_take(resp, 201,
	                          json_pack("{s:{s:I}}", "training", "id", (json_int_t)id));
}

struct training_ctx {
	json_t *training;
	json_t *parts;
};

static int one_training(const struct training_row *r, void *ctx)
{
	struct training_ctx *c = ctx;

	c->training = training_json(r);
	return c->training != NULL ? 0 : NRS_ENOMEM;
}

static int one_participant(const struct training_participant_row *r, void *ctx)
{
	struct training_ctx *c = ctx;
	json_t *o =
	    json_pack("{s:I,s:s,s:I}", "organisation_id", (json_int_t)r->organisation_id,
	              "organisation", r->organisation_name, "count", (json_int_t)r->participants);

	return o != NULL && json_array_append_new(c->parts, o) == 0 ? 0 : NRS_ENOMEM;
}

static int training_get(struct request *req, struct response *resp)
{
	struct training_ctx c = {NULL, json_array()};
	int64_t id;
	int rc;

	if (c.parts == NULL)
		return NRS_ENOMEM;
	/* trainings hold no personal data: no relation is needed */
	if (!policy_allows(req->acc.roles, REL_ANY, REC_TRAINING, ACT_READ))
		rc = NRS_EDENIED;
	else if (activity_parse_id(req_param(req, "id"), &id) != 0)
		rc = NRS_ENOTFOUND;
	else
		rc = activitysvc_training_get(req->st, id, one_training, one_participant, &c);
	if (rc == 0 && json_object_set(c.training, "by_organisation", c.parts) != 0)
		rc = NRS_ENOMEM;
	if (rc == 0)
		rc = response_json_take(resp, 200, json_pack("{s:O}", "training", c.training));
	json_decref(c.training);
	json_decref(c.parts);
	return rc;
}

/* ---- mandatory reports ---- */

static bool may_report(const struct request *req, unsigned relations, enum policy_action action)
{
	return policy_allows(req->acc.roles, relations, REC_MANDATORY_REPORT, action);
}

static int add_report(const struct report_row *r, void *ctx)
{
	json_t *o = json_pack(
	    "{s:I,s:s,s:s,s:s?,s:I,s:s,s:{s:I,s:o},s:o,s:s}", "id", (json_int_t)r->id, "date",
	    r->date, "kind", r->kind, "kind_label", activity_label(activity_report_kinds, r->kind),
	    "case_id", (json_int_t)r->case_id, "client_code", r->client_code, "made_by", "id",
	    (json_int_t)r->made_by, "name", str_or_null(r->made_by_name),
	    "recipient_organisation_id",
	    r->recipient_organisation_id ? json_integer((json_int_t)r->recipient_organisation_id)
	                                 : json_null(),
	    "recipient", r->recipient_name != NULL ? r->recipient_name : "");

	return o != NULL && json_array_append_new(ctx, o) == 0 ? 0 : NRS_ENOMEM;
}

static int reports_get(struct request *req, struct response *resp)
{
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	json_t *arr;
	int rc;

	if (!may_report(req, REL_ANY | REL_OWN_ORG, ACT_LIST))
		return NRS_EDENIED;
	arr = json_array();
	if (arr == NULL)
		return NRS_ENOMEM;
	activity_actor(req, &actor);
	rc = activitysvc_report_list(req->st, req->keys, &actor, add_report, arr, &err);
	if (rc != 0) {
		json_decref(arr);
		return rc;
	}
	return response_json_take(resp, 200, json_pack("{s:o}", "reports", arr));
}

struct code_cases {
	const struct request *req;
	int64_t case_id;
	size_t n;
};

static int count_case(const struct activity_case *c, void *ctx)
{
	struct code_cases *cc = ctx;

	if (!may_report(cc->req, c->relations, ACT_CREATE))
		return 0;
	cc->case_id = c->case_id;
	cc->n++;
	return 0;
}

static int reports_post(struct request *req, struct response *resp)
{
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct report_new in = {0};
	struct activity_case c;
	const char *code = NULL;
	bool has_case = false;
	int64_t id = 0;
	int rc;

	if (need_body(req, resp))
		return 0;
	in.made_by = req->acc.id;
	if (wjson_get_string(req->json, "kind", 32, false, &in.kind, &err) != 0 ||
	    wjson_get_string(req->json, "date", 16, false, &in.date, &err) != 0 ||
	    wjson_get_int(req->json, "case_id", 1, INT64_MAX, false, &in.case_id, &has_case,
	                  &err) != 0 ||
	    wjson_get_string(req->json, "client_code", 32, false, &code, &err) != 0 ||
	    wjson_get_int(req->json, "made_by", 1, INT64_MAX, false, &in.made_by, NULL, &err) !=
	        0 ||
	    wjson_get_int(req->json, "recipient_organisation_id", 1, INT64_MAX, false,
	                  &in.recipient_organisation_id, NULL, &err) != 0 ||
	    wjson_get_string(req->json, "recipient", TEXT_MAX_BYTES, false, &in.recipient_text,
	                     &err) != 0)
		return api_invalid(resp, err.field, &err);
	activity_actor(req, &actor);
	if (has_case) {
		/* a case of another organisation, or none at all: the same 403 */
		rc = activitysvc_case_facts(req->st, &req->acc, in.case_id, &c);
		if (rc == NRS_ENOTFOUND ||
		    (rc == 0 && ((code != NULL && strcmp(code, c.client_code) != 0) ||
		                 !may_report(req, c.relations, ACT_CREATE))))
			return NRS_EDENIED;
		if (rc != 0)
			return rc;
	} else {
		struct code_cases cc = {req, 0, 0};

		if (code == NULL) {
			nrs_error_set(&err, NRS_EINVAL, "case_id",
			              "ange case_id eller client_code för ärendet anmälan gäller");
			return api_invalid(resp, "case_id", &err);
		}
		rc = activitysvc_cases_by_code(req->st, &req->acc, code, count_case, &cc);
		if (rc != 0)
			return rc;
		if (cc.n == 0) {
			nrs_error_set(&err, NRS_EINVAL, "client_code",
			              "det finns inget ärende hos din verksamhet för den koden");
			return api_invalid(resp, "client_code", &err);
		}
		if (cc.n > 1) {
			nrs_error_set(&err, NRS_EINVAL, "case_id",
			              "klienten har flera ärenden: ange case_id");
			return api_invalid(resp, "case_id", &err);
		}
		in.case_id = cc.case_id;
	}
	rc = activitysvc_report_create(req->st, req->keys, &actor, &in, &id, &err);
	if (rc == NRS_EINVAL || rc == NRS_ETOOBIG)
		return api_invalid(resp, api_field(err.field), &err);
	return rc != 0
	           ? rc
	           : response_json_take(resp, 201,
	                                json_pack("{s:{s:I,s:I}}", "report", "id", (json_int_t)id,
	                                          "case_id", (json_int_t)in.case_id));
}

const struct route api_activity_routes[] = {
    {"GET", "/api/v1/referrals", referrals_get, true, REC_REFERRAL, ACT_LIST, ROUTE_API},
    {"POST", "/api/v1/referrals", referrals_post, true, REC_REFERRAL, ACT_CREATE, ROUTE_API},
    {"GET", "/api/v1/referrals/:id", referral_get, true, REC_REFERRAL, ACT_READ, ROUTE_API},
    {"POST", "/api/v1/referrals/:id/attempts", referral_attempt_post, true, REC_REFERRAL,
     ACT_UPDATE, ROUTE_API},
    {"POST", "/api/v1/referrals/:id/outcome", referral_outcome_post, true, REC_REFERRAL, ACT_UPDATE,
     ROUTE_API},
    {"POST", "/api/v1/referrals/:id/link", referral_link_post, true, REC_REFERRAL, ACT_UPDATE,
     ROUTE_API},
    {"GET", "/api/v1/referrals/:id/contact", referral_contact_get, true, REC_REFERRAL, ACT_READ,
     ROUTE_API},
    {"GET", "/api/v1/contacts", contacts_get, true, REC_CONTACT, ACT_LIST, ROUTE_API},
    {"POST", "/api/v1/contacts", contacts_post, true, REC_CONTACT, ACT_CREATE, ROUTE_API},
    {"GET", "/api/v1/consultations", consultations_get, true, REC_CONSULTATION, ACT_LIST,
     ROUTE_API},
    {"POST", "/api/v1/consultations", consultations_post, true, REC_CONSULTATION, ACT_CREATE,
     ROUTE_API},
    {"GET", "/api/v1/trainings", trainings_get, true, REC_TRAINING, ACT_LIST, ROUTE_API},
    {"POST", "/api/v1/trainings", trainings_post, true, REC_TRAINING, ACT_CREATE, ROUTE_API},
    {"GET", "/api/v1/trainings/:id", training_get, true, REC_TRAINING, ACT_READ, ROUTE_API},
    {"GET", "/api/v1/reports", reports_get, true, REC_MANDATORY_REPORT, ACT_LIST, ROUTE_API},
    {"POST", "/api/v1/reports", reports_post, true, REC_MANDATORY_REPORT, ACT_CREATE, ROUTE_API},
};
ROUTE_TABLE_COUNT(api_activity);
