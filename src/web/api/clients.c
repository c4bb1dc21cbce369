/* The JSON twins of the client and case pages under /api/v1: clients (list, register,
 * search, read, reveal a protected identity with a reason, relations), cases (list, open,
 * read, reveal the journal of a protected client, notes, plan, staff, violence types, risk
 * assessments, close) and the risk instruments. They load records and ask the policy through
 * the same helpers as the pages (pages/casework.h) and call the same audited services. */
#include "web/pages/casework.h"

#include "base/date.h"
#include "base/err.h"
#include "base/str.h"
#include "domain/instrument.h"
#include "security/risksvc.h"
#include "web/json.h"
#include "web/listing.h"
#include "web/response.h"
#include "web/router.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define API_PER_PAGE 50

static int api_invalid(struct response *resp, const char *field, const char *msg)
{
	return response_api_error(resp, 400, "invalid", field, msg);
}

/* The services' (Swedish) field names as the API names them. */
static const char *api_field(const char *f)
{
	static const char *const map[][2] = {
	    {"fornamn", "first_name"},
	    {"efternamn", "last_name"},
	    {"fodelsear", "birth_year"},
	    {"kon", "gender"},
	    {"hemkommun", "home_municipality"},
	    {"roll", "roles"},
	    {"kontakt", "contact"},
	    {"oppnat", "opened"},
	    {"remittent", "referral_source"},
	    {"remitterande_kommun", "referring_municipality"},
	    {"mal", "goals"},
	    {"planerad_insats", "planned"},
	    {"uppfoljning", "follow_up"},
	    {"avslutat", "closed"},
	    {"valdstyp", "types"},
	    {"medarbetare", "user_id"},
	    {"datum", "assessed"},
	    {"skal", "reason"},
	    {"arende", "case"},
	    {"klient", "client_id"},
	    {"relation", "code"},
	    {"svar", "answers"},
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(f, map[i][0]) == 0)
			return map[i][1];
	if (str_starts(f, "fraga_"))
		return "answers";
	return f;
}

static int service_error(struct request *req, struct response *resp, int rc,
                         const struct nrs_error *err)
{
	const char *msg = strcmp(err->field, "personnummer") == 0
	                      ? casework_pnr_message(req, err->msg)
	                      : casework_sentence(req, err->msg);

	if (rc == NRS_EINVAL || rc == NRS_ETOOBIG)
		return api_invalid(resp, api_field(err->field), msg);
	if (rc == NRS_EEXIST || rc == NRS_ECONFLICT)
		return response_api_error(resp, 409, "conflict", api_field(err->field), msg);
	return rc;
}

static json_t *opt_string(const char *s)
{
	return s != NULL && s[0] != '\0' ? json_string(s) : json_null();
}

static json_t *opt_id(int64_t id)
{
	return id > 0 ? json_integer((json_int_t)id) : json_null();
}

static json_t *roles_json(const char *roles)
{
	json_t *a = json_array();
	const char *p = roles;

	while (a != NULL && p != NULL && *p) {
		size_t n = strcspn(p, ",");

		if (json_array_append_new(a, json_stringn(p, n)) != 0) {
			json_decref(a);
			return NULL;
		}
		p += n;
		if (*p == ',')
			p++;
	}
	return a;
}

static json_t *client_item_json(const struct casework_client_item *it)
{
	json_t *o =
	    json_pack("{s:I,s:s,s:s,s:i,s:{s:s,s:s},s:o,s:b,s:b,s:o}", "id", (json_int_t)it->id,
	              "code", it->code, "gender", it->gender, "birth_year", it->birth_year,
	              "home_municipality", "code", it->municipality, "name", it->municipality_name,
	              "roles", roles_json(it->roles), "protected", it->protected_identity != 0,
	              "assigned", it->assigned != 0, "open_case_id", opt_id(it->open_case_id));

	if (o != NULL && it->name != NULL &&
	    json_object_set_new(o, "name", json_string(it->name)) != 0) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

static json_t *client_list_json(const struct casework_client_list *l)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr != NULL && i < l->n; i++)
		if (json_array_append_new(arr, client_item_json(&l->v[i])) != 0) {
			json_decref(arr);
			return NULL;
		}
	return arr;
}

static int page_param(const struct request *req, int64_t *page)
{
	return listing_page_param(req, page);
}

/* ---- clients ---- */

static int clients_get(struct request *req, struct response *resp)
{
	static const char *const keys[] = {"code", "birth_year", "municipality", "gender"};
	struct cq_client_filter f = {0};
	struct casework_client_list l = {0};
	struct nrs_error err = {0};
	const char *code = form_get(&req->query, "code");
	size_t key = 0;
	bool desc = false;
	int64_t page = 1;
	char *up = NULL;
	int rc;

	if (page_param(req, &page) != 0)
		return api_invalid(resp, "page", "page ska vara ett sidnummer från 1.");
	if (listing_sort_param(req, keys, 4, &key, &desc) != 0)
		return api_invalid(
		    resp, "sort",
		    "sort ska vara code, birth_year, municipality eller gender och dir "
		    "asc eller desc.");
	if (code != NULL && code[0] != '\0') {
		up = req_strdup(req, code);
		if (up == NULL)
			return NRS_ENOMEM;
		for (char *p = up; *p; p++)
			if (*p >= 'a' && *p <= 'z')
				*p = (char)(*p - 32);
	}
	f.code = up;
	f.open_only = form_get(&req->query, "open") != NULL;
	f.assigned_only = form_get(&req->query, "mine") != NULL;
	f.sort = (enum cq_client_sort)key;
	f.desc = desc;
	f.limit = API_PER_PAGE;
	f.offset = (page - 1) * API_PER_PAGE;
	rc = casework_clients_load(req, &f, &l, &err);
	if (rc == 0)
		rc = response_json_take(resp, 200,
		                        json_pack("{s:o,s:I,s:i,s:I}", "clients",
		                                  client_list_json(&l), "page", (json_int_t)page,
		                                  "per_page", API_PER_PAGE, "total",
		                                  (json_int_t)l.total));
	casework_clients_free(&l);
	return rc;
}

struct cases_json {
	json_t *arr;
	bool risk; /* include the latest risk level */
};

static int add_case_row(const struct cq_case_row *row, void *vctx)
{
	struct cases_json *c = vctx;
	json_t *o = json_pack(
	    "{s:I,s:{s:I,s:s},s:s,s:o,s:s,s:o,s:I,s:b}", "id", (json_int_t)row->id, "client", "id",
	    (json_int_t)row->client_id, "code", row->client_code, "opened", row->opened, "closed",
	    opt_string(row->closed), "referral_source", row->referral_source,
	    "referring_municipality", opt_string(row->referring_municipality), "organisation_id",
	    (json_int_t)row->organisation_id, "assigned", row->assigned != 0);

	if (o != NULL && c->risk &&
	    json_object_set_new(o, "risk_level", opt_string(row->risk_level)) != 0) {
		json_decref(o);
		return NRS_ENOMEM;
	}
	return json_array_append_new(c->arr, o) == 0 ? 0 : NRS_ENOMEM;
}

/* The client as JSON: identity fields only when v (a decrypted view) is given. */
static json_t *client_json(struct request *req, const struct cq_client *c, unsigned rel,
                           const struct client_view *v)
{
	enum casework_identity idm = casework_identity_for(req, rel, c->protected_identity);
	static const char *const identity_names[] = {"hidden", "shown", "reveal_required"};
	json_t *o = json_pack(
	    "{s:I,s:s,s:s,s:i,s:{s:s,s:s},s:o,s:b,s:b,s:s}", "id", (json_int_t)c->id, "code",
	    c->code, "gender", c->gender, "birth_year", c->birth_year, "home_municipality", "code",
	    c->home_municipality, "name", c->municipality_name, "roles", roles_json(c->roles),
	    "protected", c->protected_identity != 0, "assigned", c->assigned != 0, "identity",
	    v != NULL ? "shown" : identity_names[idm == IDENTITY_SHOWN ? 0 : idm]);

	if (o == NULL || v == NULL)
		return o;
	if (json_object_set_new(o, "first_name", json_string(v->first_name)) ||
	    json_object_set_new(o, "last_name", json_string(v->last_name)) ||
	    json_object_set_new(o, "personnummer", opt_string(v->pnr)) ||
	    json_object_set_new(o, "birth_date", opt_string(v->birth_date)) ||
	    json_object_set_new(o, "contact", opt_string(v->contact))) {
		json_decref(o);
		o = NULL;
	}
	return o;
}

static int add_relation(const struct cq_relation_row *row, void *vctx)
{
	const char *kind = row->kind;

	if (row->reverse && strcmp(kind, "child_of") == 0)
		kind = "parent_of";
	return json_array_append_new(
	           vctx, json_pack("{s:s,s:s,s:I,s:s}", "relation", kind, "label",
	                           casework_relation_label(row->kind, row->reverse), "client_id",
	                           (json_int_t)row->other_id, "code", row->other_code)) == 0
	           ? 0
	           : NRS_ENOMEM;
}

/* {"client":…, "cases":[…], "relations":[…], "latest_risk":…}: the read is audited by
 * clientsvc_get (identity shown) or here (plain facts). */
static int client_reply(struct request *req, struct response *resp, int status,
                        const struct cq_client *c, unsigned rel, const char *reason)
{
	enum casework_identity idm = casework_identity_for(req, rel, c->protected_identity);
	struct cases_json cj = {NULL, false};
	struct cq_case_filter cf = {0};
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct client_view *v = NULL;
	json_t *o = NULL, *relations = NULL, *risk = json_null();
	int64_t total = 0;
	int rc;

	casework_actor(req, &actor);
	if (idm == IDENTITY_SHOWN || (idm == IDENTITY_REVEAL && reason != NULL)) {
		rc = clientsvc_get(req->st, req->keys, &actor, c->id, reason, &v, &err);
	} else {
		rc = store_tx_begin(req->st);
		if (rc == 0) {
			rc = casequery_audit(req->st, req->keys, &actor, "read", "client", c->id,
			                     NULL, &err);
			if (rc == 0)
				rc = store_tx_commit(req->st);
			else
				store_tx_rollback(req->st);
		}
	}
	if (rc != 0)
		goto out;
	cj.arr = json_array();
	cj.risk = policy_allows(req->acc.roles, rel, REC_RISK, ACT_READ);
	cf.client_id = c->id;
	cf.limit = 100;
	if (cj.arr == NULL) {
		rc = NRS_ENOMEM;
		goto out;
	}
	rc = casequery_cases(req->st, req->keys, &actor, &req->acc, &cf, add_case_row, &cj, &total,
	                     &err);
	if (rc == 0 && casework_sees_content(req, rel)) {
		relations = json_array();
		rc = relations ? casequery_relations(req->st, c->id, add_relation, relations)
		               : NRS_ENOMEM;
	}
	if (rc == 0 && cj.risk) {
		enum risk_level level;
		char assessed[11];

		if (risksvc_latest_client(req->st, c->id, req->acc.organisation_id, &level,
		                          assessed) == 0) {
			json_decref(risk);
			risk = json_pack("{s:s,s:s,s:s}", "level", risk_level_key(level), "label",
			                 risk_level_label(level), "assessed", assessed);
		}
	}
	if (rc != 0)
		goto out;
	o = json_pack("{s:o,s:O}", "client", client_json(req, c, rel, v), "cases", cj.arr);
	if (o != NULL && relations != NULL && json_object_set(o, "relations", relations) != 0)
		rc = NRS_ENOMEM;
	if (o != NULL && cj.risk && json_object_set(o, "latest_risk", risk) != 0)
		rc = NRS_ENOMEM;
	if (rc == 0) {
		rc = response_json_take(resp, status, o);
		o = NULL;
	}
out:
	json_decref(o);
	json_decref(cj.arr);
	json_decref(relations);
	json_decref(risk);
	clientsvc_view_free(v);
	return rc;
}

static int client_get(struct request *req, struct response *resp)
{
	struct cq_client c;
	unsigned rel;
	int rc = casework_client_load(req, req_param(req, "id"), REC_CLIENT, ACT_READ, &c, &rel);

	return rc != 0 ? rc : client_reply(req, resp, 200, &c, rel, NULL);
}

static int client_reveal_post(struct request *req, struct response *resp)
{
	struct nrs_error err = {0};
	struct cq_client c;
	const char *given = NULL;
	char *reason;
	unsigned rel;
	int rc = casework_client_load(req, req_param(req, "id"), REC_CLIENT, ACT_READ, &c, &rel);

	if (rc != 0)
		return rc;
	if (!c.protected_identity)
		return client_reply(req, resp, 200, &c, rel, NULL);
	if (casework_identity_for(req, rel, 1) != IDENTITY_REVEAL)
		return NRS_EDENIED;
	if (req->json == NULL)
		return api_invalid(resp, "reason", "Skicka {\"reason\": …} med skälet.");
	if (wjson_get_string(req->json, "reason", CLIENT_REASON_MAX_BYTES, true, &given, &err) != 0)
		return api_invalid(resp, "reason", casework_sentence(req, err.msg));
	reason = req_strdup(req, given);
	if (reason == NULL)
		return NRS_ENOMEM;
	if (str_trim(reason)[0] == '\0')
		return api_invalid(resp, "reason", "Ange skälet till att du öppnar uppgifterna.");
	return client_reply(req, resp, 200, &c, rel, reason);
}

static int clients_post(struct request *req, struct response *resp)
{
	struct client_input in = {0};
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct cq_client c;
	char code[CLIENT_CODE_MAX];
	json_t *roles, *v;
	int64_t year = 0, id = 0;
	bool present = false, prot = false;
	unsigned rel;
	size_t i;
	int rc;

	if (req->json == NULL)
		return api_invalid(resp, "", "Skicka uppgifterna som ett JSON-objekt.");
	if (wjson_get_string(req->json, "first_name", 800, true, &in.first_name, &err) != 0 ||
	    wjson_get_string(req->json, "last_name", 800, true, &in.last_name, &err) != 0 ||
	    wjson_get_string(req->json, "personnummer", 32, false, &in.pnr, &err) != 0 ||
	    wjson_get_int(req->json, "birth_year", 1000, 9999, false, &year, &present, &err) != 0 ||
	    wjson_get_string(req->json, "gender", 16, true, &in.gender, &err) != 0 ||
	    wjson_get_string(req->json, "home_municipality", 8, true, &in.home_municipality,
	                     &err) != 0 ||
	    wjson_get_bool(req->json, "protected", false, false, &prot, &err) != 0 ||
	    wjson_get_string(req->json, "contact", CLIENT_CONTACT_MAX_BYTES, false, &in.contact,
	                     &err) != 0)
		return api_invalid(resp, err.field, casework_sentence(req, err.msg));
	if ((in.pnr == NULL || in.pnr[0] == '\0') && !present)
		return api_invalid(resp, "personnummer",
		                   "Ange personnummer, eller birth_year om personnummer saknas.");
	roles = json_object_get(req->json, "roles");
	if (!json_is_array(roles) || json_array_size(roles) == 0)
		return api_invalid(resp, "roles", "roles ska vara en lista med minst en roll.");
	json_array_foreach(roles, i, v)
	{
		unsigned bit = json_is_string(v) ? casework_role_bit(json_string_value(v)) : 0;

		if (bit == 0)
			return api_invalid(resp, "roles",
			                   "Okänd roll (victim, child, perpetrator, relative).");
		in.roles |= bit;
	}
	in.birth_year = (int)year;
	in.protected_identity = prot;
	casework_actor(req, &actor);
	rc = clientsvc_register(req->st, req->keys, &actor, &in, &id, code, &err);
	if (rc == NRS_EEXIST && id > 0)
		return response_json_take(
		    resp, 409,
		    json_pack("{s:{s:s,s:s,s:s,s:I}}", "error", "code", "conflict", "field",
		              "personnummer", "message",
		              "Det finns redan en klient med det personnumret.", "client_id",
		              (json_int_t)id));
	if (rc != 0)
		return service_error(req, resp, rc, &err);
	rc = casequery_client(req->st, &req->acc, id, &c, &rel);
	return rc != 0 ? rc : client_reply(req, resp, 201, &c, rel, NULL);
}

static int clients_search_post(struct request *req, struct response *resp)
{
	struct casework_client_list l = {0};
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	const char *pnr = NULL, *name = NULL, *code = NULL;
	struct cq_client c;
	unsigned rel;
	int64_t id = 0;
	char *up;
	int rc;

	if (req->json == NULL)
		return api_invalid(resp, "",
		                   "Skicka {\"personnummer\"}, {\"code\"} eller {\"name\"}.");
	if (wjson_get_string(req->json, "personnummer", 32, false, &pnr, &err) != 0 ||
	    wjson_get_string(req->json, "name", 200, false, &name, &err) != 0 ||
	    wjson_get_string(req->json, "code", 16, false, &code, &err) != 0)
		return api_invalid(resp, err.field, casework_sentence(req, err.msg));
	if (pnr != NULL && pnr[0] != '\0') {
		casework_actor(req, &actor);
		rc = clientsvc_find_by_pnr(req->st, req->keys, &actor, pnr, &id, &err);
		if (rc == NRS_EINVAL)
			return api_invalid(resp, "personnummer",
			                   casework_pnr_message(req, err.msg));
		if (rc == 0)
			rc = casequery_client(req->st, &req->acc, id, &c, &rel);
		if (rc == 0 && !policy_allows(req->acc.roles, rel, REC_CLIENT, ACT_READ))
			rc = NRS_ENOTFOUND;
		if (rc == NRS_ENOTFOUND)
			return response_api_error(resp, 404, "not_found", "personnummer",
			                          "Ingen av dina klienter har det personnumret.");
		return rc != 0 ? rc : client_reply(req, resp, 200, &c, rel, NULL);
	}
	if (code != NULL && code[0] != '\0') {
		up = req_strdup(req, code);
		if (up == NULL)
			return NRS_ENOMEM;
		for (char *p = up; *p; p++)
			if (*p >= 'a' && *p <= 'z')
				*p = (char)(*p - 32);
		rc = casequery_client_by_code(req->st, &req->acc, up, &id);
		if (rc == NRS_ENOTFOUND)
			return response_api_error(resp, 404, "not_found", "code",
			                          "Ingen av dina klienter har den koden.");
		if (rc == 0)
			rc = casequery_client(req->st, &req->acc, id, &c, &rel);
		return rc != 0 ? rc : client_reply(req, resp, 200, &c, rel, NULL);
	}
	if (name != NULL && name[0] != '\0') {
		rc = casework_clients_by_name(req, name, &l, &err);
		if (rc == 0)
			rc = response_json_take(
			    resp, 200, json_pack("{s:o}", "clients", client_list_json(&l)));
		casework_clients_free(&l);
		return rc;
	}
	return api_invalid(resp, "personnummer", "Ange personnummer, code eller name.");
}

static int client_relations_post(struct request *req, struct response *resp)
{
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct cq_client c, o;
	const char *kind = NULL, *code = NULL;
	json_t *arr;
	unsigned rel, orel;
	int64_t other = 0;
	char *up;
	int rc = casework_client_load(req, req_param(req, "id"), REC_CLIENT, ACT_UPDATE, &c, &rel);

	if (rc != 0)
		return rc;
	if (req->json == NULL)
		return api_invalid(resp, "relation", "Skicka {\"relation\": …, \"code\": …}.");
	if (wjson_get_string(req->json, "relation", 16, true, &kind, &err) != 0 ||
	    wjson_get_string(req->json, "code", 16, true, &code, &err) != 0)
		return api_invalid(resp, err.field, casework_sentence(req, err.msg));
	if (casework_label_of(casework_relation_kinds, kind) == kind)
		return api_invalid(resp, "relation",
		                   "relation ska vara child_of, parent_of, partner_of eller "
		                   "ex_partner_of.");
	up = req_strdup(req, code);
	if (up == NULL)
		return NRS_ENOMEM;
	for (char *p = up; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 32);
	rc = casequery_client_by_code(req->st, &req->acc, up, &other);
	if (rc == 0)
		rc = casequery_client(req->st, &req->acc, other, &o, &orel);
	if (rc == NRS_ENOTFOUND ||
	    (rc == 0 && !policy_allows(req->acc.roles, orel, REC_CLIENT, ACT_UPDATE)))
		return api_invalid(resp, "code", "Det finns ingen av dina klienter med den koden.");
	if (rc != 0)
		return rc;
	casework_actor(req, &actor);
	if (strcmp(kind, "parent_of") == 0)
		rc = clientsvc_relation_add(req->st, req->keys, &actor, other, c.id, "child_of",
		                            &err);
	else
		rc = clientsvc_relation_add(req->st, req->keys, &actor, c.id, other, kind, &err);
	if (rc != 0)
		return service_error(req, resp, rc, &err);
	arr = json_array();
	if (arr == NULL)
		return NRS_ENOMEM;
	rc = casequery_relations(req->st, c.id, add_relation, arr);
	if (rc != 0) {
		json_decref(arr);
		return rc;
	}
	return response_json_take(resp, 201, json_pack("{s:o}", "relations", arr));
}

/* ---- cases ---- */

static int cases_get(struct request *req, struct response *resp)
{
	struct cases_json cj = {NULL, false};
	struct cq_case_filter f = {0};
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	const char *client = form_get(&req->query, "client");
	int64_t page = 1, total = 0;
	int rc;

	if (page_param(req, &page) != 0)
		return api_invalid(resp, "page", "page ska vara ett sidnummer från 1.");
	if (client != NULL && client[0] != '\0' && casework_parse_id(client, &f.client_id) != 0)
		return api_invalid(resp, "client", "client ska vara ett klient-id.");
	f.open_only = form_get(&req->query, "open") != NULL;
	f.mine_only = form_get(&req->query, "mine") != NULL;
	f.limit = API_PER_PAGE;
	f.offset = (page - 1) * API_PER_PAGE;
	/* the latest risk level only for roles that may read risk assessments at all */
	cj.risk = policy_allows_some(req->acc.roles, REC_RISK, ACT_READ);
	cj.arr = json_array();
	if (cj.arr == NULL)
		return NRS_ENOMEM;
	casework_actor(req, &actor);
	rc = casequery_cases(req->st, req->keys, &actor, &req->acc, &f, add_case_row, &cj, &total,
	                     &err);
	if (rc != 0) {
		json_decref(cj.arr);
		return rc;
	}
	return response_json_take(resp, 200,
	                          json_pack("{s:o,s:I,s:i,s:I}", "cases", cj.arr, "page",
	                                    (json_int_t)page, "per_page", API_PER_PAGE, "total",
	                                    (json_int_t)total));
}

static int add_staff(int64_t user_id, const char *username, const char *display_name, void *vctx)
{
	return json_array_append_new(vctx, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)user_id,
	                                             "username", username ? username : "", "name",
	                                             display_name ? display_name : "")) == 0
	           ? 0
	           : NRS_ENOMEM;
}

static int add_violence(const char *type, void *vctx)
{
	return json_array_append_new(vctx, json_string(type)) == 0 ? 0 : NRS_ENOMEM;
}

static int add_intervention(const struct intervention_row *r, void *vctx)
{
	json_t *decision =
	    strcmp(r->basis, "aid_decision") == 0
	        ? json_pack("{s:s,s:s,s:o}", "municipality", r->decision_municipality, "date",
	                    r->decision_date, "reference", opt_string(r->decision_ref))
	        : json_null();

	return json_array_append_new(
	           vctx, json_pack("{s:I,s:s,s:s,s:s,s:o,s:o,s:o,s:s,s:o,s:I}", "id",
	                           (json_int_t)r->id, "type", r->type, "type_label", r->type_label,
	                           "requested", r->requested, "started", opt_string(r->started),
	                           "ended", opt_string(r->ended), "end_reason",
	                           opt_string(r->end_reason), "basis", r->basis, "decision",
	                           decision, "sessions_held", (json_int_t)r->sessions_held)) == 0
	           ? 0
	           : NRS_ENOMEM;
}

static int add_note(const struct note_view *n, void *vctx)
{
	/* the text is wiped after this call: json_string copies it */
	return json_array_append_new(
	           vctx,
	           json_pack("{s:I,s:s,s:I,s:s,s:s,s:o,s:o}", "id", (json_int_t)n->id, "written_at",
	                     n->written_at, "author_id", (json_int_t)n->author_id, "author",
	                     n->author_name ? n->author_name : "", "text", n->text, "corrects",
	                     opt_id(n->corrects), "corrected_by", opt_id(n->corrected_by))) == 0
	           ? 0
	           : NRS_ENOMEM;
}

static int add_risk(const struct risk_view *v, void *vctx)
{
	json_t *answers = json_array();

	for (size_t i = 0; answers != NULL && i < v->nanswers; i++)
		if (json_array_append_new(answers, json_integer(v->answers[i])) != 0) {
			json_decref(answers);
			answers = NULL;
		}
	return json_array_append_new(
	           vctx,
	           json_pack("{s:I,s:s,s:s,s:s,s:s,s:I,s:s?,s:o,s:i,s:s,s:s}", "id",
	                     (json_int_t)v->id, "instrument", v->instrument_id, "instrument_name",
	                     v->instrument_name, "instrument_version", v->instrument_version,
	                     "assessed", v->assessed, "assessor_id", (json_int_t)v->assessor_id,
	                     "assessor", v->assessor_name, "answers", answers, "sum", v->sum,
	                     "level", risk_level_key(v->level), "level_label",
	                     risk_level_label(v->level))) == 0
	           ? 0
	           : NRS_ENOMEM;
}

/* Set key of o to a new array filled by walk; 0 or an error. */
static int set_array(json_t *o, const char *key, json_t **arr)
{
	*arr = json_array();
	if (*arr == NULL || json_object_set_new(o, key, *arr) != 0)
		return NRS_ENOMEM;
	return 0;
}

/* {"case": {...}} with what the user may see; the read is audited first. reason opens the
 * journal and plan of a protected client (checked non-blank by the caller). */
static int case_reply(struct request *req, struct response *resp, int status,
                      const struct cq_case *c, unsigned rel, const char *reason)
{
	bool content = casework_sees_content(req, rel);
	bool open_journal = content && (!c->client_protected || reason != NULL);
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct plan_view *plan = NULL;
	json_t *o, *arr;
	int rc;

	casework_actor(req, &actor);
	rc = store_tx_begin(req->st);
	if (rc != 0)
		return rc;
	rc = casequery_audit(req->st, req->keys, &actor, "read", "case", c->id, NULL, &err);
	if (rc != 0) {
		store_tx_rollback(req->st);
		return rc;
	}
	rc = store_tx_commit(req->st);
	if (rc != 0)
		return rc;
	o = json_pack("{s:I,s:{s:I,s:s,s:b},s:s,s:o,s:s,s:o,s:{s:I,s:s},s:b}", "id",
	              (json_int_t)c->id, "client", "id", (json_int_t)c->client_id, "code",
	              c->client_code, "protected", c->client_protected != 0, "opened", c->opened,
	              "closed", opt_string(c->closed), "referral_source", c->referral_source,
	              "referring_municipality", opt_string(c->referring_municipality),
	              "organisation", "id", (json_int_t)c->organisation_id, "name",
	              c->organisation_name, "assigned", c->assigned != 0);
	if (o == NULL)
		return NRS_ENOMEM;
	if (content) {
		rc = set_array(o, "staff", &arr);
		if (rc == 0)
			rc = casequery_case_staff(req->st, c->id, add_staff, arr);
		if (rc == 0)
			rc = set_array(o, "violence", &arr);
		if (rc == 0)
			rc = casequery_case_violence(req->st, c->id, add_violence, arr);
	}
	if (rc == 0 && content && !open_journal)
		rc = json_object_set_new(o, "journal",
		                         json_string(c->assigned ? "reveal_required" : "hidden"))
		         ? NRS_ENOMEM
		         : 0;
	if (rc == 0 && open_journal) {
		rc = clientsvc_plan_get(req->st, req->keys, &actor, c->id, reason, &plan, &err);
		if (rc == 0)
			rc =
			    json_object_set_new(o, "plan",
			                        json_pack("{s:s,s:o,s:o,s:s}", "goals", plan->goals,
			                                  "planned", opt_string(plan->planned),
			                                  "follow_up", opt_string(plan->follow_up),
			                                  "updated_at", plan->updated_at))
			        ? NRS_ENOMEM
			        : 0;
		else if (rc == NRS_ENOTFOUND)
			rc = json_object_set_new(o, "plan", json_null()) ? NRS_ENOMEM : 0;
		if (rc == 0)
			rc = set_array(o, "notes", &arr);
		if (rc == 0)
			rc = clientsvc_notes_read(req->st, req->keys, &actor, c->id, reason,
			                          add_note, arr, &err);
	}
	if (rc == 0 && policy_allows(req->acc.roles, rel, REC_RISK, ACT_READ)) {
		enum risk_level level;
		char assessed[11];

		if (risksvc_latest_case(req->st, c->id, &level, assessed) == 0)
			rc = json_object_set_new(
			         o, "latest_risk",
			         json_pack("{s:s,s:s,s:s}", "level", risk_level_key(level), "label",
			                   risk_level_label(level), "assessed", assessed))
			         ? NRS_ENOMEM
			         : 0;
		else
			rc = json_object_set_new(o, "latest_risk", json_null()) ? NRS_ENOMEM : 0;
		if (rc == 0)
			rc = set_array(o, "risk_assessments", &arr);
		if (rc == 0)
			rc = risksvc_list(req->st, req->keys, &actor, c->id, add_risk, arr, &err);
	}
	if (rc == 0 && policy_allows(req->acc.roles, rel, REC_INTERVENTION, ACT_LIST)) {
		rc = set_array(o, "interventions", &arr);
		if (rc == 0)
			rc = casequery_case_interventions(req->st, c->id, add_intervention, arr);
	}
	clientsvc_plan_free(plan);
	if (rc != 0) {
		json_decref(o);
		return rc;
	}
	return response_json_take(resp, status, json_pack("{s:o}", "case", o));
}

static int case_get(struct request *req, struct response *resp)
{
	struct cq_case c;
	unsigned rel;
	int rc = casework_case_load(req, req_param(req, "id"), REC_CASE, ACT_READ, &c, &rel);

	return rc != 0 ? rc : case_reply(req, resp, 200, &c, rel, NULL);
}

/* Reload the case after a change and answer with it. */
static int case_after(struct request *req, struct response *resp, int status, int64_t id)
{
	struct cq_case c;
	unsigned rel;
	char text[24];
	int rc;

	snprintf(text, sizeof(text), "%" PRId64, id);
	rc = casework_case_load(req, text, REC_CASE, ACT_READ, &c, &rel);
	return rc != 0 ? rc : case_reply(req, resp, status, &c, rel, NULL);
}

static int case_reveal_post(struct request *req, struct response *resp)
{
	struct nrs_error err = {0};
	struct cq_case c;
	const char *given = NULL;
	char *reason;
	unsigned rel;
	int rc = casework_case_load(req, req_param(req, "id"), REC_JOURNAL, ACT_READ, &c, &rel);

	if (rc != 0)
		return rc;
	if (!c.client_protected)
		return case_reply(req, resp, 200, &c, rel, NULL);
	if (!c.assigned)
		return NRS_EDENIED;
	if (req->json == NULL)
		return api_invalid(resp, "reason", "Skicka {\"reason\": …} med skälet.");
	if (wjson_get_string(req->json, "reason", CLIENT_REASON_MAX_BYTES, true, &given, &err) != 0)
		return api_invalid(resp, "reason", casework_sentence(req, err.msg));
	reason = req_strdup(req, given);
	if (reason == NULL)
		return NRS_ENOMEM;
	if (str_trim(reason)[0] == '\0')
		return api_invalid(resp, "reason", "Ange skälet till att du öppnar journalen.");
	return case_reply(req, resp, 200, &c, rel, reason);
}

static int cases_post(struct request *req, struct response *resp)
{
	struct case_open_input in = {0};
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct cq_client c;
	char client_text[24];
	int64_t client_id = 0, id = 0;
	bool assign_me = true;
	unsigned rel;
	int rc;

	if (req->json == NULL)
		return api_invalid(resp, "client_id", "Skicka uppgifterna som ett JSON-objekt.");
	if (wjson_get_int(req->json, "client_id", 1, INT64_MAX, true, &client_id, NULL, &err) !=
	        0 ||
	    wjson_get_string(req->json, "opened", 10, true, &in.opened, &err) != 0 ||
	    wjson_get_string(req->json, "referral_source", 32, true, &in.referral_source, &err) !=
	        0 ||
	    wjson_get_string(req->json, "referring_municipality", 8, false,
	                     &in.referring_municipality, &err) != 0 ||
	    wjson_get_bool(req->json, "assign_me", false, true, &assign_me, &err) != 0)
		return api_invalid(resp, err.field, casework_sentence(req, err.msg));
	snprintf(client_text, sizeof(client_text), "%" PRId64, client_id);
	rc = casework_client_load(req, client_text, REC_CASE, ACT_CREATE, &c, &rel);
	if (rc != 0)
		return rc;
	in.client_id = c.id;
	casework_actor(req, &actor);
	rc = store_tx_begin(req->st);
	if (rc != 0)
		return rc;
	rc = clientsvc_case_open(req->st, req->keys, &actor, &in, &id, &err);
	if (rc == 0 && assign_me)
		rc = clientsvc_case_assign(req->st, req->keys, &actor, id, req->acc.id, &err);
	if (rc != 0) {
		store_tx_rollback(req->st);
		if (rc == NRS_EEXIST)
			return response_api_error(resp, 409, "conflict", "client_id",
			                          "Klienten har redan ett öppet ärende.");
		return service_error(req, resp, rc, &err);
	}
	rc = store_tx_commit(req->st);
	return rc != 0 ? rc : case_after(req, resp, 201, id);
}

static int case_notes_post(struct request *req, struct response *resp)
{
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct cq_case c;
	const char *text = NULL;
	int64_t corrects = 0, id = 0;
	unsigned rel;
	int rc = casework_case_load(req, req_param(req, "id"), REC_JOURNAL, ACT_CREATE, &c, &rel);

	if (rc != 0)
		return rc;
	if (req->json == NULL)
		return api_invalid(resp, "text", "Skicka {\"text\": …}.");
	if (wjson_get_string(req->json, "text", NOTE_MAX_BYTES, true, &text, &err) != 0 ||
	    wjson_get_int(req->json, "corrects", 1, INT64_MAX, false, &corrects, NULL, &err) != 0)
		return api_invalid(resp, err.field, casework_sentence(req, err.msg));
	casework_actor(req, &actor);
	rc = clientsvc_note_add(req->st, req->keys, &actor, c.id, text, corrects, &id, &err);
	if (rc == NRS_EINVAL && corrects > 0 && strcmp(err.field, "text") != 0)
		return api_invalid(resp, "corrects",
		                   "Anteckningen som ska rättas finns inte i ärendet.");
	if (rc != 0)
		return service_error(req, resp, rc, &err);
	return response_json_take(resp, 201,
	                          json_pack("{s:{s:I,s:I,s:o}}", "note", "id", (json_int_t)id,
	                                    "case_id", (json_int_t)c.id, "corrects",
	                                    opt_id(corrects)));
}

static int case_plan_post(struct request *req, struct response *resp)
{
	struct plan_input in = {0};
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct cq_case c;
	unsigned rel;
	int rc = casework_case_load(req, req_param(req, "id"), REC_JOURNAL, ACT_CREATE, &c, &rel);

	if (rc != 0)
		return rc;
	if (req->json == NULL)
		return api_invalid(resp, "goals", "Skicka {\"goals\": …}.");
	if (wjson_get_string(req->json, "goals", PLAN_GOALS_MAX_BYTES, true, &in.goals, &err) !=
	        0 ||
	    wjson_get_string(req->json, "planned", 40, false, &in.planned, &err) != 0 ||
	    wjson_get_string(req->json, "follow_up", 10, false, &in.follow_up, &err) != 0)
		return api_invalid(resp, err.field, casework_sentence(req, err.msg));
	casework_actor(req, &actor);
	rc = clientsvc_plan_set(req->st, req->keys, &actor, c.id, &in, &err);
	if (rc != 0)
		return service_error(req, resp, rc, &err);
	return response_json_take(resp, 200,
	                          json_pack("{s:{s:I,s:o,s:o}}", "plan", "case_id",
	                                    (json_int_t)c.id, "planned", opt_string(in.planned),
	                                    "follow_up", opt_string(in.follow_up)));
}

static int case_staff_post(struct request *req, struct response *resp)
{
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct cq_case c;
	const char *action = NULL;
	int64_t uid = 0;
	unsigned rel;
	int rc = casework_case_load(req, req_param(req, "id"), REC_CASE, ACT_UPDATE, &c, &rel);

	if (rc != 0)
		return rc;
	if (req->json == NULL)
		return api_invalid(resp, "user_id", "Skicka {\"user_id\": …, \"action\": …}.");
	if (wjson_get_int(req->json, "user_id", 1, INT64_MAX, true, &uid, NULL, &err) != 0 ||
	    wjson_get_string(req->json, "action", 16, false, &action, &err) != 0)
		return api_invalid(resp, err.field, casework_sentence(req, err.msg));
	if (action != NULL && strcmp(action, "assign") != 0 && strcmp(action, "unassign") != 0)
		return api_invalid(resp, "action", "action ska vara assign eller unassign.");
	casework_actor(req, &actor);
	if (action != NULL && strcmp(action, "unassign") == 0)
		rc = clientsvc_case_unassign(req->st, req->keys, &actor, c.id, uid, &err);
	else
		rc = clientsvc_case_assign(req->st, req->keys, &actor, c.id, uid, &err);
	if (rc == NRS_ENOTFOUND)
		return api_invalid(resp, "user_id", "Medarbetaren är inte tilldelad ärendet.");
	if (rc != 0)
		return service_error(req, resp, rc, &err);
	return case_after(req, resp, 200, c.id);
}

static int case_violence_post(struct request *req, struct response *resp)
{
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct cq_case c;
	json_t *types, *v;
	unsigned rel;
	size_t i;
	int rc = casework_case_load(req, req_param(req, "id"), REC_CASE, ACT_UPDATE, &c, &rel);

	if (rc != 0)
		return rc;
	types = req->json ? json_object_get(req->json, "types") : NULL;
	if (!json_is_array(types) || json_array_size(types) == 0)
		return api_invalid(resp, "types", "types ska vara en lista med minst en våldstyp.");
	json_array_foreach(types, i, v)
	{
		const char *t = json_is_string(v) ? json_string_value(v) : NULL;

		if (t == NULL || casework_label_of(casework_violence, t) == t)
			return api_invalid(resp, "types", "Okänd våldstyp.");
	}
	casework_actor(req, &actor);
	rc = store_tx_begin(req->st);
	json_array_foreach(types, i, v)
	{
		if (rc == 0)
			rc = clientsvc_case_violence_add(req->st, req->keys, &actor, c.id,
			                                 json_string_value(v), &err);
	}
	if (rc != 0) {
		store_tx_rollback(req->st);
		return service_error(req, resp, rc, &err);
	}
	rc = store_tx_commit(req->st);
	return rc != 0 ? rc : case_after(req, resp, 200, c.id);
}

static int case_risk_post(struct request *req, struct response *resp)
{
	struct risk_assess_input in = {0};
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct cq_case c;
	int answers[INSTRUMENT_MAX_ITEMS];
	const struct instrument *inst;
	enum risk_level level = RISK_LOW;
	json_t *arr, *v;
	int64_t id = 0;
	int sum = 0;
	unsigned rel;
	size_t i;
	int rc = casework_case_load(req, req_param(req, "id"), REC_RISK, ACT_CREATE, &c, &rel);

	if (rc != 0)
		return rc;
	if (req->json == NULL)
		return api_invalid(resp, "instrument",
		                   "Skicka {\"instrument\", \"assessed\", "
		                   "\"answers\"}.");
	if (wjson_get_string(req->json, "instrument", 63, true, &in.instrument, &err) != 0 ||
	    wjson_get_string(req->json, "assessed", 10, true, &in.assessed, &err) != 0)
		return api_invalid(resp, err.field, casework_sentence(req, err.msg));
	inst = risksvc_instrument_find(in.instrument);
	if (inst == NULL)
		return api_invalid(resp, "instrument", "Det finns inget sådant instrument.");
	arr = json_object_get(req->json, "answers");
	if (!json_is_array(arr) || json_array_size(arr) != (size_t)inst->nitems)
		return api_invalid(resp, "answers",
		                   "answers ska vara en lista med ett svar per fråga.");
	json_array_foreach(arr, i, v)
	{
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > INSTRUMENT_MAX_VALUE)
			return api_invalid(resp, "answers",
			                   "Varje svar ska vara ett värde på skalan.");
		answers[i] = (int)json_integer_value(v);
	}
	in.case_id = c.id;
	in.answers = answers;
	in.nanswers = (size_t)inst->nitems;
	casework_actor(req, &actor);
	rc = risksvc_assess(req->st, req->keys, &actor, &in, &id, &level, &sum, &err);
	if (rc != 0)
		return service_error(req, resp, rc, &err);
	return response_json_take(
	    resp, 201,
	    json_pack("{s:{s:I,s:I,s:s,s:s,s:s,s:i,s:s,s:s}}", "risk_assessment", "id",
	              (json_int_t)id, "case_id", (json_int_t)c.id, "instrument", inst->id,
	              "instrument_version", inst->version, "assessed", in.assessed, "sum", sum,
	              "level", risk_level_key(level), "level_label", risk_level_label(level)));
}

static int case_close_post(struct request *req, struct response *resp)
{
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct cq_case c;
	const char *closed = NULL;
	unsigned rel;
	int rc = casework_case_load(req, req_param(req, "id"), REC_CASE, ACT_UPDATE, &c, &rel);

	if (rc != 0)
		return rc;
	if (req->json == NULL)
		return api_invalid(resp, "closed", "Skicka {\"closed\": \"ÅÅÅÅ-MM-DD\"}.");
	if (wjson_get_string(req->json, "closed", 10, true, &closed, &err) != 0)
		return api_invalid(resp, err.field, casework_sentence(req, err.msg));
	casework_actor(req, &actor);
	rc = clientsvc_case_close(req->st, req->keys, &actor, c.id, closed, &err);
	if (rc != 0)
		return service_error(req, resp, rc, &err);
	return case_after(req, resp, 200, c.id);
}

/* ---- instruments ---- */

static json_t *instrument_json(const struct instrument *inst)
{
	json_t *scale = json_array(), *items = json_array();

	for (int k = 0; scale != NULL && k < inst->nscale; k++)
		if (json_array_append_new(scale,
		                          json_pack("{s:i,s:s}", "value", inst->scale[k].value,
		                                    "label", inst->scale[k].label)) != 0)
			goto fail;
	for (int i = 0; items != NULL && i < inst->nitems; i++)
		if (json_array_append_new(items, json_pack("{s:i,s:s}", "number", i + 1, "label",
		                                           inst->items[i].label)) != 0)
			goto fail;
	return json_pack("{s:s,s:s,s:s,s:o,s:o}", "id", inst->id, "name", inst->name, "version",
	                 inst->version, "scale", scale, "items", items);
fail:
	json_decref(scale);
	json_decref(items);
	return NULL;
}

static int instruments_get(struct request *req, struct response *resp)
{
	json_t *arr = json_array();

	(void)req;
	for (size_t i = 0; arr != NULL && i < risksvc_instrument_count(); i++)
		if (json_array_append_new(arr, instrument_json(risksvc_instrument_at(i))) != 0) {
			json_decref(arr);
			return NRS_ENOMEM;
		}
	return response_json_take(resp, 200, json_pack("{s:o}", "instruments", arr));
}

const struct route api_clients_routes[] = {
    {"GET", "/api/v1/clients", clients_get, true, REC_CLIENT, ACT_LIST, ROUTE_API},
    {"POST", "/api/v1/clients", clients_post, true, REC_CLIENT, ACT_CREATE, ROUTE_API},
    {"POST", "/api/v1/clients/search", clients_search_post, true, REC_CLIENT, ACT_LIST, ROUTE_API},
    {"GET", "/api/v1/clients/:id", client_get, true, REC_CLIENT, ACT_READ, ROUTE_API},
    {"POST", "/api/v1/clients/:id/reveal", client_reveal_post, true, REC_CLIENT, ACT_READ,
     ROUTE_API},
    {"POST", "/api/v1/clients/:id/relations", client_relations_post, true, REC_CLIENT, ACT_UPDATE,
     ROUTE_API},
    {"GET", "/api/v1/cases", cases_get, true, REC_CASE, ACT_LIST, ROUTE_API},
    {"POST", "/api/v1/cases", cases_post, true, REC_CASE, ACT_CREATE, ROUTE_API},
    {"GET", "/api/v1/cases/:id", case_get, true, REC_CASE, ACT_READ, ROUTE_API},
    {"POST", "/api/v1/cases/:id/reveal", case_reveal_post, true, REC_JOURNAL, ACT_READ, ROUTE_API},
    {"POST", "/api/v1/cases/:id/notes", case_notes_post, true, REC_JOURNAL, ACT_CREATE, ROUTE_API},
    {"POST", "/api/v1/cases/:id/plan", case_plan_post, true, REC_JOURNAL, ACT_CREATE, ROUTE_API},
    {"POST", "/api/v1/cases/:id/staff", case_staff_post, true, REC_CASE, ACT_UPDATE, ROUTE_API},
    {"POST", "/api/v1/cases/:id/violence", case_violence_post, true, REC_CASE, ACT_UPDATE,
     ROUTE_API},
    {"POST", "/api/v1/cases/:id/risk", case_risk_post, true, REC_RISK, ACT_CREATE, ROUTE_API},
    {"POST", "/api/v1/cases/:id/close", case_close_post, true, REC_CASE, ACT_UPDATE, ROUTE_API},
    {"GET", "/api/v1/instruments", instruments_get, true, REC_NONE, ACT_READ, ROUTE_API},
};
ROUTE_TABLE_COUNT(api_clients);
