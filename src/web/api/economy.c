/* The JSON twins of the economy pages under /api/v1: the budget of a year (read, replace),
 * the cost distribution, invoices (list, one, generate), charges (list, add) and the key
 * distribution of a quality review or deficit. Money is integer öre ("..._ore") with a
 * kronor text beside it where it is shown to people; percentages are basis points. */
#include "web/pages/activity.h"
#include "web/pages/economy.h"

#include "base/err.h"
#include "domain/costkey.h"
#include "domain/money.h"
#include "security/economysvc.h"
#include "web/json.h"
#include "web/response.h"
#include "web/router.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A service error as the API's answer: 400 invalid naming the field, 409 conflict, 404. */
static int api_fail(struct response *resp, int rc, struct nrs_error *err)
{
	activity_error_sentence(err);
	if (rc == NRS_EINVAL || rc == NRS_ETOOBIG)
		return response_api_error(resp, 400, "invalid", err->field, err->msg);
	if (rc == NRS_EEXIST || rc == NRS_ECONFLICT)
		return response_api_error(resp, 409, "conflict", err->field, err->msg);
	if (rc == NRS_ENOTFOUND && err->msg[0] != '\0')
		return response_api_error(resp, 404, "not_found", err->field, err->msg);
	return rc;
}

static int need_body(struct request *req, struct response *resp)
{
	if (req->json != NULL)
		return 0;
	response_api_error(resp, 400, "invalid", "", "Skicka uppgifterna som ett JSON-objekt.");
	return 1;
}

static json_t *kr_text(int64_t ore)
{
	char t[40];

	money_format_kr(ore, 0, t, sizeof(t));
	return json_string(t);
}

static int year_of_path(struct request *req, struct response *resp, int *year)
{
	struct nrs_error err = {0};

	if (economysvc_parse_year(req_param(req, "year"), "year", year, &err) == 0)
		return 0;
	response_api_error(resp, 400, "invalid", "year", err.msg);
	return 1;
}

/* ---- budget ---- */

static json_t *budget_json(const struct economy_budget *b)
{
	json_t *lines = json_array();
	json_t *o;

	for (size_t i = 0; lines && i < b->nlines; i++)
		json_array_append_new(lines,
		                      json_pack("{s:s,s:I,s:o}", "label", b->lines[i].label,
		                                "amount_ore", (json_int_t)b->lines[i].amount_ore,
		                                "amount", kr_text(b->lines[i].amount_ore)));
	o = json_pack("{s:i,s:b,s:o,s:o,s:i,s:i,s:I,s:I,s:I,s:o,s:s,s:b,s:s,s:I,s:I,s:b,s:b}",
	              "year", b->year, "stored", b->stored, "uprated_from",
	              b->uprated_from ? json_integer(b->uprated_from) : json_null(), "lines", lines,
	              "overhead_bp", b->overhead_bp, "uprate_bp", b->uprate_bp, "subtotal_ore",
	              (json_int_t)b->subtotal_ore, "overhead_ore", (json_int_t)b->overhead_ore,
	              "total_ore", (json_int_t)b->total_ore, "total", kr_text(b->total_ore),
	              "population_date", b->population_date, "population_date_default",
	              b->population_date_default, "invoice_date", b->invoice_date,
	              "coordinator_ore", (json_int_t)b->coordinator_ore, "quality_review_ore",
	              (json_int_t)b->quality_review_ore, "quality_review_year",
	              b->quality_review_year, "needs_socsam", b->needs_socsam);
	if (o == NULL)
		return NULL;
	if (b->has_outcome)
		json_object_set_new(o, "outcome",
		                    json_pack("{s:I,s:I,s:I,s:I}", "outcome_ore",
		                              (json_int_t)b->outcome_ore, "result_ore",
		                              (json_int_t)b->result_ore, "deficit_ore",
		                              (json_int_t)b->deficit_ore, "carried_over_ore",
		                              (json_int_t)b->carried_over_ore));
	else
		json_object_set_new(o, "outcome", json_null());
	return o;
}

static int budget_get(struct request *req, struct response *resp)
{
	struct economy_budget *b;
	struct nrs_error err = {0};
	int year, rc;

	if (!economy_may(req, ACT_READ))
		return NRS_EDENIED;
	if (year_of_path(req, resp, &year))
		return 0;
	b = calloc(1, sizeof(*b));
	if (b == NULL)
		return NRS_ENOMEM;
	rc = economysvc_budget_get(req->st, year, b, &err);
	rc = rc == 0 ? response_json_take(resp, 200, json_pack("{s:o}", "budget", budget_json(b)))
	             : api_fail(resp, rc, &err);
	free(b);
	return rc;
}

/* An optional amount member in öre (>= 0 checked by the service). */
static int opt_ore(const json_t *o, const char *key, int64_t *out, bool *present,
                   struct nrs_error *err)
{
	return wjson_get_int(o, key, INT64_MIN / 2, INT64_MAX / 2, false, out, present, err);
}

static int budget_put(struct request *req, struct response *resp)
{
	struct economy_line_input lines[ECONOMY_LINES_MAX];
	struct economy_budget_input in = {0};
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	const json_t *arr;
	int64_t v = 0;
	bool present = false;
	int year, rc = 0;

	if (!economy_may(req, ACT_UPDATE))
		return NRS_EDENIED;
	if (year_of_path(req, resp, &year) || need_body(req, resp))
		return 0;
	in.year = year;
	arr = json_object_get(req->json, "lines");
	if (arr != NULL && !json_is_array(arr))
		return response_api_error(resp, 400, "invalid", "lines",
		                          "lines ska vara en lista.");
	if (arr != NULL && json_array_size(arr) > ECONOMY_LINES_MAX)
		return response_api_error(resp, 400, "invalid", "lines", "Högst 30 kostnadsrader.");
	for (size_t i = 0; arr != NULL && i < json_array_size(arr) && rc == 0; i++) {
		const json_t *l = json_array_get(arr, i);
		char field[24];

		snprintf(field, sizeof(field), "label_%zu", i + 1);
		if (!json_is_object(l) || !json_is_string(json_object_get(l, "label")))
			return response_api_error(
			    resp, 400, "invalid", field,
			    "Varje rad ska ha label (text) och amount_ore (heltal).");
		lines[i].label = json_string_value(json_object_get(l, "label"));
		snprintf(field, sizeof(field), "amount_%zu", i + 1);
		if (!json_is_integer(json_object_get(l, "amount_ore")))
			return response_api_error(resp, 400, "invalid", field,
			                          "amount_ore ska vara ett heltal (öre).");
		lines[i].amount_ore = json_integer_value(json_object_get(l, "amount_ore"));
		in.nlines++;
	}
	in.lines = lines;
	in.overhead_bp = 900;
	in.uprate_bp = 300;
	rc = wjson_get_int(req->json, "overhead_bp", -1000000, 1000000, false, &v, &present, &err);
	if (rc == 0 && present)
		in.overhead_bp = (int)v;
	if (rc == 0)
		rc = wjson_get_int(req->json, "uprate_bp", -1000000, 1000000, false, &v, &present,
		                   &err);
	if (rc == 0 && present)
		in.uprate_bp = (int)v;
	if (rc == 0)
		rc = wjson_get_string(req->json, "population_date", 10, false, &in.population_date,
		                      &err);
	if (rc == 0)
		rc = wjson_get_string(req->json, "invoice_date", 10, false, &in.invoice_date, &err);
	if (rc == 0)
		rc = opt_ore(req->json, "coordinator_ore", &in.coordinator_ore, NULL, &err);
	if (rc == 0)
		rc = opt_ore(req->json, "quality_review_ore", &in.quality_review_ore, NULL, &err);
	if (rc == 0)
		rc = opt_ore(req->json, "outcome_ore", &in.outcome_ore, &present, &err);
	if (rc == 0)
		in.has_outcome = present;
	if (rc != 0)
		return api_fail(resp, rc, &err);
	activity_actor(req, &actor);
	rc = economysvc_budget_set(req->st, req->keys, &actor, &in, &err);
	if (rc != 0) {
		/* the API's names for the service's fields */
		if (strcmp(err.field, "overhead") == 0 || strcmp(err.field, "uprate") == 0)
			strncat(err.field, "_bp", sizeof(err.field) - strlen(err.field) - 1);
		else if (strcmp(err.field, "coordinator") == 0 ||
		         strcmp(err.field, "quality_review") == 0 ||
		         strcmp(err.field, "outcome") == 0)
			strncat(err.field, "_ore", sizeof(err.field) - strlen(err.field) - 1);
		return api_fail(resp, rc, &err);
	}
	return budget_get(req, resp);
}

static int distribute_post(struct request *req, struct response *resp)
{
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	const char *what = NULL;
	int year, created = 0, rc;

	if (!economy_may(req, ACT_CREATE))
		return NRS_EDENIED;
	if (year_of_path(req, resp, &year) || need_body(req, resp))
		return 0;
	rc = wjson_get_string(req->json, "what", 32, true, &what, &err);
	if (rc == 0) {
		activity_actor(req, &actor);
		rc = economysvc_distribute_charges(req->st, req->keys, &actor, year, what, &created,
		                                   &err);
	}
	if (rc != 0)
		return api_fail(resp, rc, &err);
	return response_json_take(resp, 201, json_pack("{s:i}", "created", created));
}

/* ---- distribution ---- */

static int distribution_get(struct request *req, struct response *resp)
{
	struct economy_budget *b = calloc(1, sizeof(*b));
	struct economy_distribution *d = calloc(1, sizeof(*d));
	struct nrs_error err = {0};
	json_t *rows;
	char pct[16];
	int year, rc;

	if (b == NULL || d == NULL) {
		rc = NRS_ENOMEM;
		goto out;
	}
	rc = NRS_EDENIED;
	if (!economy_may(req, ACT_READ))
		goto out;
	rc = 0;
	if (year_of_path(req, resp, &year))
		goto out;
	rc = economysvc_budget_get(req->st, year, b, &err);
	if (rc == 0)
		rc = economysvc_distribute(req->st, year, b->total_ore, d, &err);
	if (rc != 0) {
		rc = api_fail(resp, rc, &err);
		goto out;
	}
	rows = json_array();
	for (size_t i = 0; rows && i < d->n; i++) {
		costkey_format_share(d->rows[i].share, 0, pct, sizeof(pct));
		json_array_append_new(
		    rows,
		    json_pack("{s:s,s:s,s:I,s:i,s:s,s:I,s:o,s:i}", "code", d->rows[i].code, "name",
		              d->rows[i].name, "population", (json_int_t)d->rows[i].population,
		              "share_milli_percent", (int)d->rows[i].share, "share", pct,
		              "amount_ore", (json_int_t)d->rows[i].amount_ore, "amount",
		              kr_text(d->rows[i].amount_ore), "amount_adjust",
		              d->rows[i].amount_adjust));
	}
	rc = response_json_take(resp, 200,
	                        json_pack("{s:i,s:s,s:I,s:o,s:I,s:o}", "year", year,
	                                  "population_date", d->population_date, "total_ore",
	                                  (json_int_t)d->total_ore, "total", kr_text(d->total_ore),
	                                  "population_sum", (json_int_t)d->population_sum, "rows",
	                                  rows));
out:
	free(b);
	free(d);
	return rc;
}

/* ---- invoices ---- */

static json_t *invoice_json(const struct invoice_row *row)
{
	return json_pack("{s:I,s:s,s:i,s:s,s:s,s:s,s:s?,s:s,s:s,s:I,s:o}", "id",
	                 (json_int_t)row->id, "number", row->number, "year", row->year, "kind",
	                 row->kind, "municipality", row->municipality, "recipient_name",
	                 row->recipient_name, "recipient_org_number", row->recipient_org_number,
	                 "invoice_date", row->invoice_date, "due_date", row->due_date, "total_ore",
	                 (json_int_t)row->total_ore, "total", kr_text(row->total_ore));
}

static int invoice_to_array(const struct invoice_row *row, void *ctx)
{
	return json_array_append_new(ctx, invoice_json(row)) == 0 ? 0 : NRS_ENOMEM;
}

static int invoices_get(struct request *req, struct response *resp)
{
	struct nrs_error err = {0};
	const char *ys = form_get(&req->query, "year");
	json_t *arr;
	int year = 0, rc;

	if (!economy_may(req, ACT_LIST))
		return NRS_EDENIED;
	if (ys != NULL && economysvc_parse_year(ys, "year", &year, &err) != 0)
		return response_api_error(resp, 400, "invalid", "year", err.msg);
	arr = json_array();
	if (arr == NULL)
		return NRS_ENOMEM;
	rc = store_invoice_list(req->st, year, invoice_to_array, arr);
	if (rc != 0) {
		json_decref(arr);
		return rc;
	}
	return response_json_take(resp, 200, json_pack("{s:o}", "invoices", arr));
}

static int invoice_one(const struct invoice_row *row, void *ctx)
{
	json_t **o = ctx;

	*o = invoice_json(row);
	return *o ? 0 : NRS_ENOMEM;
}

static int line_to_array(const struct invoice_line_row *row, void *ctx)
{
	return json_array_append_new(ctx, json_pack("{s:i,s:s,s:I,s:o}", "position", row->position,
	                                            "description", row->description, "amount_ore",
	                                            (json_int_t)row->amount_ore, "amount",
	                                            kr_text(row->amount_ore))) == 0
	           ? 0
	           : NRS_ENOMEM;
}

static int invoice_get(struct request *req, struct response *resp)
{
	json_t *o = NULL, *lines;
	int64_t id;
	int rc;

	if (!economy_may(req, ACT_READ))
		return NRS_EDENIED;
	if (activity_parse_id(req_param(req, "id"), &id) != 0)
		return NRS_ENOTFOUND;
	rc = store_invoice_get(req->st, id, invoice_one, &o);
	if (rc != 0) {
		json_decref(o);
		return rc;
	}
	lines = json_array();
	if (lines == NULL || json_object_set_new(o, "lines", lines) != 0) {
		json_decref(o);
		return NRS_ENOMEM;
	}
	rc = store_invoice_lines(req->st, id, line_to_array, lines);
	if (rc != 0) {
		json_decref(o);
		return rc;
	}
	return response_json_take(resp, 200, json_pack("{s:o}", "invoice", o));
}

static int generate_post(struct request *req, struct response *resp)
{
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	int64_t year = 0;
	bool extra = false;
	int created = 0, rc;

	if (!economy_may(req, ACT_CREATE))
		return NRS_EDENIED;
	if (need_body(req, resp))
		return 0;
	rc = wjson_get_int(req->json, "year", 2000, 2999, true, &year, NULL, &err);
	if (rc != 0)
		return response_api_error(resp, 400, "invalid", "year",
		                          "Ange året med fyra siffror, till exempel 2025.");
	rc = wjson_get_bool(req->json, "extra", false, false, &extra, &err);
	if (rc == 0) {
		activity_actor(req, &actor);
		rc = extra ? economysvc_invoice_generate_extra(req->st, req->keys, &actor,
		                                               (int)year, &created, &err)
		           : economysvc_invoice_generate(req->st, req->keys, &actor, (int)year,
		                                         &created, &err);
	}
	if (rc != 0)
		return api_fail(resp, rc, &err);
	return response_json_take(resp, 201,
	                          json_pack("{s:i,s:i}", "year", (int)year, "created", created));
}

/* ---- charges ---- */

static int charge_to_array(const struct charge_row *row, void *ctx)
{
	return json_array_append_new(
	           ctx, json_pack("{s:I,s:s,s:s,s:s,s:I,s:s,s:s?,s:o,s:s?,s:s}", "id",
	                          (json_int_t)row->id, "kind", row->kind, "municipality",
	                          row->municipality, "municipality_name", row->municipality_name,
	                          "amount_ore", (json_int_t)row->amount_ore, "description",
	                          row->description, "source_ref", row->source_ref, "invoice_id",
	                          row->invoice_id ? json_integer(row->invoice_id) : json_null(),
	                          "invoice_number", row->invoice_number, "created_at",
	                          row->created_at)) == 0
	           ? 0
	           : NRS_ENOMEM;
}

static int charges_get(struct request *req, struct response *resp)
{
	const char *open = form_get(&req->query, "open");
	json_t *arr;
	int rc;

	if (!economy_may(req, ACT_LIST))
		return NRS_EDENIED;
	arr = json_array();
	if (arr == NULL)
		return NRS_ENOMEM;
	rc = store_charge_list(req->st, open != NULL && strcmp(open, "1") == 0, charge_to_array,
	                       arr);
	if (rc != 0) {
		json_decref(arr);
		return rc;
	}
	return response_json_take(resp, 200, json_pack("{s:o}", "charges", arr));
}

static int charges_post(struct request *req, struct response *resp)
{
	const char *kind = NULL, *muni = NULL, *desc = NULL, *ref = NULL;
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	int64_t amount = 0, id = 0;
	int rc;

	if (!economy_may(req, ACT_CREATE))
		return NRS_EDENIED;
	if (need_body(req, resp))
		return 0;
	rc = wjson_get_string(req->json, "kind", 32, true, &kind, &err);
	if (rc == 0)
		rc = wjson_get_string(req->json, "municipality", 8, true, &muni, &err);
	if (rc == 0)
		rc = wjson_get_int(req->json, "amount_ore", INT64_MIN / 2, INT64_MAX / 2, true,
		                   &amount, NULL, &err);
	if (rc == 0)
		rc = wjson_get_string(req->json, "description", 1000, true, &desc, &err);
	if (rc == 0)
		rc = wjson_get_string(req->json, "source_ref", 200, false, &ref, &err);
	if (rc == 0) {
		activity_actor(req, &actor);
		rc = economysvc_charge_add(req->st, req->keys, &actor, kind, muni, amount, desc,
		                           ref, &id, &err);
		if (rc != 0 && strcmp(err.field, "amount") == 0)
			snprintf(err.field, sizeof(err.field), "amount_ore");
	}
	if (rc != 0)
		return api_fail(resp, rc, &err);
	return response_json_take(resp, 201,
	                          json_pack("{s:{s:I}}", "charge", "id", (json_int_t)id));
}

/* ---- downloads (the same files as the page links) ---- */

static int export_get(struct request *req, struct response *resp)
{
	const char *format = form_get(&req->query, "format");
	int year;

	if (!economy_may(req, ACT_READ))
		return NRS_EDENIED;
	if (form_get(&req->query, "year") == NULL || economy_year_param(req, &year) != 0)
		return response_api_error(resp, 400, "invalid", "year",
		                          "Ange året med fyra siffror, till exempel 2025.");
	if (format == NULL || (strcmp(format, "csv") != 0 && strcmp(format, "xlsx") != 0))
		return response_api_error(resp, 400, "invalid", "format",
		                          "Ange format csv eller xlsx.");
	return economy_export(req, resp, year, strcmp(format, "xlsx") == 0);
}

const struct route api_economy_routes[] = {
    {"GET", "/api/v1/budget/:year", budget_get, true, REC_ECONOMY, ACT_READ, ROUTE_API},
    {"PUT", "/api/v1/budget/:year", budget_put, true, REC_ECONOMY, ACT_UPDATE, ROUTE_API},
    {"POST", "/api/v1/budget/:year/distribute", distribute_post, true, REC_ECONOMY, ACT_CREATE,
     ROUTE_API},
    {"GET", "/api/v1/distribution/:year", distribution_get, true, REC_ECONOMY, ACT_READ, ROUTE_API},
    {"GET", "/api/v1/invoices", invoices_get, true, REC_ECONOMY, ACT_LIST, ROUTE_API},
    {"GET", "/api/v1/invoices/export", export_get, true, REC_ECONOMY, ACT_READ, ROUTE_API},
    {"GET", "/api/v1/invoices/:id", invoice_get, true, REC_ECONOMY, ACT_READ, ROUTE_API},
    {"POST", "/api/v1/invoices/generate", generate_post, true, REC_ECONOMY, ACT_CREATE, ROUTE_API},
    {"GET", "/api/v1/charges", charges_get, true, REC_ECONOMY, ACT_LIST, ROUTE_API},
    {"POST", "/api/v1/charges", charges_post, true, REC_ECONOMY, ACT_CREATE, ROUTE_API},
};
ROUTE_TABLE_COUNT(api_economy);
