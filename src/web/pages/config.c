/* Configuration of intervention types (R8) and follow-up measures (R13):
 * GET /admin/config lists both with their state; POST /admin/config/types and
 * /admin/config/measures add one, POST /admin/config/types/toggle and
 * /admin/config/measures/toggle switch one on or off. Nothing is removed: a deactivated type
 * or measure leaves the forms (they list active ones only) but old records keep it. Each
 * change is written with its audit row in one transaction. */
#include "base/err.h"
#include "base/log.h"
#include "base/str.h"
#include "security/audit.h"
#include "security/policy.h"
#include "store/config.h"
#include "store/followup.h"
#include "store/intervention.h"
#include "web/fields.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/listing.h"
#include "web/request.h"
#include "web/response.h"
#include "web/router.h"

#include <stdlib.h>
#include <string.h>

#define CONFIG_KEY_MIN 2
#define CONFIG_KEY_MAX 32
#define CONFIG_LABEL_MAX_CHARS 100
#define CONFIG_SCALE_MIN 0
#define CONFIG_SCALE_MAX 100

struct config_form {
	const char *type_key, *type_label;
	const char *e_type_key, *e_type_label;
	const char *measure_key, *measure_label, *scale_min, *scale_max;
	const char *e_measure_key, *e_measure_label, *e_scale_min, *e_scale_max;
};

/* ---- checks ---- */

/* [a-z_]{2,32}, starting with a letter (the tables' CHECK). */
static const char *key_error(const char *key)
{
	size_t n;

	if (key == NULL || key[0] == '\0')
		return "Fyll i en nyckel.";
	n = strlen(key);
	if (n < CONFIG_KEY_MIN || n > CONFIG_KEY_MAX)
		return "Nyckeln ska vara 2–32 tecken.";
	if (key[0] < 'a' || key[0] > 'z')
		return "Nyckeln ska börja med en liten bokstav a–z.";
	for (size_t i = 0; i < n; i++)
		if (!((key[i] >= 'a' && key[i] <= 'z') || key[i] == '_'))
			return "Nyckeln får bara innehålla små bokstäver a–z och understreck.";
	return NULL;
}

static const char *label_error(const char *label)
{
	size_t chars = 0;

	if (label == NULL || label[0] == '\0')
		return "Fyll i en benämning.";
	if (!str_utf8_ok(label, strlen(label)))
		return "Benämningen innehåller ogiltiga tecken.";
	for (const char *p = label; *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return "Benämningen får inte innehålla radbrytningar eller styrtecken.";
		chars += ((unsigned char)*p & 0xc0) != 0x80;
	}
	if (chars > CONFIG_LABEL_MAX_CHARS)
		return "Benämningen får vara högst 100 tecken.";
	return NULL;
}

static const char *scale_error(const char *s, int64_t *v)
{
	if (s == NULL || s[0] == '\0')
		return "Fyll i ett heltal 0–100.";
	if (str_to_i64(s, CONFIG_SCALE_MIN, CONFIG_SCALE_MAX, v) != 0)
		return "Skriv ett heltal 0–100.";
	return NULL;
}

static int audit_change(struct request *req, const char *action, const char *kind,
                        const char *key, struct nrs_error *err)
{
	struct audit_entry e = {
	    .user_id = req->acc.id,
	    .username = req->acc.username,
	    .organisation_id = req->acc.organisation_id,
	    .action = action,
	    .record_kind = kind,
	    .record_id = key,
	    .remote = req->remote[0] ? req->remote : NULL,
	    .reason = NULL,
	};
	int rc = audit_append(req->st, req->keys->audit, &e, err);

	if (rc != 0)
		log_error("loggraden kunde inte skrivas (%s %s)", action, kind);
	return rc;
}

/* ---- the page ---- */

struct type_list {
	struct html *h;
	bool can_update;
	const char *csrf;
	size_t n;
};

static void toggle_button(struct html *h, const char *action, const char *csrf, const char *key,
                          int active, const char *label)
{
	html_raw_trusted(h, "<form method=\"post\" action=\"");
	html_attr(h, action);
	html_raw_trusted(h, "\" class=\"inline\">");
	html_csrf_input(h, csrf);
	html_raw_trusted(h, "<input type=\"hidden\" name=\"key\" value=\"");
	html_attr(h, key);
	html_raw_trusted(h, "\"><button type=\"submit\" aria-label=\"");
	html_attr(h, active ? "Inaktivera " : "Aktivera ");
	html_attr(h, label);
	html_raw_trusted(h, "\">");
	html_raw_trusted(h, active ? "Inaktivera" : "Aktivera");
	html_raw_trusted(h, "</button></form>");
}

static int type_row(const struct intervention_type_row *row, void *ctx)
{
	struct type_list *l = ctx;

	html_raw_trusted(l->h, "<tr><td><code>");
	html_text(l->h, row->key);
	html_raw_trusted(l->h, "</code></td><th scope=\"row\">");
	html_text(l->h, row->label_sv);
	html_raw_trusted(l->h, row->active ? "</th><td>Aktiv</td>" : "</th><td>Inaktiv</td>");
	if (l->can_update) {
		html_raw_trusted(l->h, "<td>");
		toggle_button(l->h, "/admin/config/types/toggle", l->csrf, row->key, row->active,
		              row->label_sv);
		html_raw_trusted(l->h, "</td>");
	}
	html_raw_trusted(l->h, "</tr>\n");
	l->n++;
	return l->h->err;
}

static int measure_row(const struct followup_measure_row *row, void *ctx)
{
	struct type_list *l = ctx;

	html_raw_trusted(l->h, "<tr><td><code>");
	html_text(l->h, row->key);
	html_raw_trusted(l->h, "</code></td><th scope=\"row\">");
	html_text(l->h, row->label_sv);
	html_raw_trusted(l->h, "</th><td class=\"num\">");
	html_int(l->h, row->scale_min);
	html_raw_trusted(l->h, "–");
	html_int(l->h, row->scale_max);
	html_raw_trusted(l->h, row->active ? "</td><td>Aktiv</td>" : "</td><td>Inaktiv</td>");
	if (l->can_update) {
		html_raw_trusted(l->h, "<td>");
		toggle_button(l->h, "/admin/config/measures/toggle", l->csrf, row->key, row->active,
		              row->label_sv);
		html_raw_trusted(l->h, "</td>");
	}
	html_raw_trusted(l->h, "</tr>\n");
	l->n++;
	return l->h->err;
}

static void error_summary(struct html *h, bool any)
{
	if (any)
		html_raw_trusted(h, "<div class=\"alert\" role=\"alert\"><p>Inget sparades. "
		                    "Rätta uppgifterna som är markerade nedan.</p></div>\n");
}

static int render(struct request *req, struct response *resp, int status,
                  const struct config_form *f)
{
	bool can_create = policy_allows(req->acc.roles, REL_ANY, REC_CONFIG, ACT_CREATE);
	struct html h;
	struct type_list l = {0};
	int rc;

	resp->status = status;
	html_init(&h, &resp->body);
	layout_begin(&h, req, "Inställningar");
	l.h = &h;
	l.can_update = policy_allows(req->acc.roles, REL_ANY, REC_CONFIG, ACT_UPDATE);
	l.csrf = req->csrf;
	html_raw_trusted(&h, "<h1>Inställningar</h1>\n<p>Insatstyper och uppföljningsmått som "
	                     "används i formulären. En inaktiverad typ eller ett inaktiverat mått "
	                     "visas inte längre i nya formulär, men finns kvar på det som redan "
	                     "är registrerat.</p>\n");

	html_raw_trusted(&h, "<section aria-labelledby=\"h-types\">\n<h2 id=\"h-types\">"
	                     "Insatstyper</h2>\n<table>\n<thead><tr><th scope=\"col\">Nyckel</th>"
	                     "<th scope=\"col\">Benämning</th><th scope=\"col\">Status</th>");
	if (l.can_update)
		html_raw_trusted(&h, "<th scope=\"col\">Ändra</th>");
	html_raw_trusted(&h, "</tr></thead>\n<tbody>\n");
	rc = store_intervention_type_list(req->st, 0, type_row, &l);
	if (rc != 0)
		return rc;
	if (l.n == 0)
		html_raw_trusted(&h, "<tr><td colspan=\"4\">Inga insatstyper.</td></tr>\n");
	html_raw_trusted(&h, "</tbody>\n</table>\n");
	if (can_create) {
		html_raw_trusted(&h, "<h3>Lägg till insatstyp</h3>\n");
		error_summary(&h, f->e_type_key || f->e_type_label);
		html_raw_trusted(&h, "<form method=\"post\" action=\"/admin/config/types\" "
		                     "class=\"form\">\n");
		html_csrf_input(&h, req->csrf);
		field_input(&h, "type_key", "Nyckel (2–32 tecken: a–z och _)", "text", f->type_key,
		            f->e_type_key, "off", true);
		field_input(&h, "type_label", "Benämning", "text", f->type_label, f->e_type_label,
		            "off", true);
		html_raw_trusted(&h, "<p><button type=\"submit\">Lägg till insatstyp</button></p>\n"
		                     "</form>\n");
	}
	html_raw_trusted(&h, "</section>\n");

	l.n = 0;
	html_raw_trusted(&h, "<section aria-labelledby=\"h-measures\">\n<h2 id=\"h-measures\">"
	                     "Uppföljningsmått</h2>\n<table>\n<thead><tr><th scope=\"col\">Nyckel"
	                     "</th><th scope=\"col\">Benämning</th><th scope=\"col\">Skala</th>"
	                     "<th scope=\"col\">Status</th>");
	if (l.can_update)
		html_raw_trusted(&h, "<th scope=\"col\">Ändra</th>");
	html_raw_trusted(&h, "</tr></thead>\n<tbody>\n");
	rc = store_followup_measure_list(req->st, 0, measure_row, &l);
	if (rc != 0)
		return rc;
	if (l.n == 0)
		html_raw_trusted(&h, "<tr><td colspan=\"5\">Inga uppföljningsmått.</td></tr>\n");
	html_raw_trusted(&h, "</tbody>\n</table>\n");
	if (can_create) {
		html_raw_trusted(&h, "<h3>Lägg till uppföljningsmått</h3>\n");
		error_summary(&h, f->e_measure_key || f->e_measure_label || f->e_scale_min ||
		                      f->e_scale_max);
		html_raw_trusted(&h, "<form method=\"post\" action=\"/admin/config/measures\" "
		                     "class=\"form\">\n");
		html_csrf_input(&h, req->csrf);
		field_input(&h, "measure_key", "Nyckel (2–32 tecken: a–z och _)", "text",
		            f->measure_key, f->e_measure_key, "off", true);
		field_input(&h, "measure_label", "Benämning", "text", f->measure_label,
		            f->e_measure_label, "off", true);
		field_input(&h, "scale_min", "Skalans lägsta värde (0–100)", "text", f->scale_min,
		            f->e_scale_min, "off", true);
		field_input(&h, "scale_max", "Skalans högsta värde (0–100)", "text", f->scale_max,
		            f->e_scale_max, "off", true);
		html_raw_trusted(&h, "<p><button type=\"submit\">Lägg till uppföljningsmått</button>"
		                     "</p>\n</form>\n");
	}
	html_raw_trusted(&h, "</section>\n");
	layout_end(&h);
	return h.err;
}

static int config_get(struct request *req, struct response *resp)
{
	struct config_form f = {0};

	return render(req, resp, 200, &f);
}

/* ---- changes ---- */

static int types_post(struct request *req, struct response *resp)
{
	struct config_form f = {0};
	struct nrs_error err = {0};
	int rc;

	f.type_key = form_get_unique(&req->form, "type_key");
	f.type_label = form_get_unique(&req->form, "type_label");
	f.e_type_key = key_error(f.type_key);
	f.e_type_label = label_error(f.type_label);
	if (f.e_type_key || f.e_type_label)
		return render(req, resp, 422, &f);
	rc = store_tx_begin(req->st);
	if (rc != 0)
		return rc;
	rc = store_config_type_add(req->st, f.type_key, f.type_label, &err);
	if (rc == 0)
		rc = audit_change(req, "create", "intervention_type", f.type_key, &err);
	if (rc == 0)
		rc = store_tx_commit(req->st);
	else
		store_tx_rollback(req->st);
	if (rc == NRS_EEXIST) {
		f.e_type_key = "Det finns redan en insatstyp med den nyckeln.";
		return render(req, resp, 422, &f);
	}
	if (rc != 0)
		return rc;
	return response_redirect(resp, "/admin/config");
}

static int measures_post(struct request *req, struct response *resp)
{
	struct config_form f = {0};
	struct nrs_error err = {0};
	int64_t lo = 0, hi = 0;
	int rc;

	f.measure_key = form_get_unique(&req->form, "measure_key");
	f.measure_label = form_get_unique(&req->form, "measure_label");
	f.scale_min = form_get_unique(&req->form, "scale_min");
	f.scale_max = form_get_unique(&req->form, "scale_max");
	f.e_measure_key = key_error(f.measure_key);
	f.e_measure_label = label_error(f.measure_label);
	f.e_scale_min = scale_error(f.scale_min, &lo);
	f.e_scale_max = scale_error(f.scale_max, &hi);
	if (!f.e_scale_min && !f.e_scale_max && lo >= hi)
		f.e_scale_max = "Det högsta värdet ska vara större än det lägsta.";
	if (f.e_measure_key || f.e_measure_label || f.e_scale_min || f.e_scale_max)
		return render(req, resp, 422, &f);
	rc = store_tx_begin(req->st);
	if (rc != 0)
		return rc;
	rc = store_config_measure_add(req->st, f.measure_key, f.measure_label, (int)lo, (int)hi,
	                              &err);
	if (rc == 0)
		rc = audit_change(req, "create", "followup_measure", f.measure_key, &err);
	if (rc == 0)
		rc = store_tx_commit(req->st);
	else
		store_tx_rollback(req->st);
	if (rc == NRS_EEXIST) {
		f.e_measure_key = "Det finns redan ett uppföljningsmått med den nyckeln.";
		return render(req, resp, 422, &f);
	}
	if (rc != 0)
		return rc;
	return response_redirect(resp, "/admin/config");
}

static int toggle_post(struct request *req, struct response *resp, bool type)
{
	const char *key = form_get_unique(&req->form, "key");
	struct nrs_error err = {0};
	int active = 0, rc;

	if (key_error(key) != NULL)
		return NRS_ENOTFOUND;
	rc = store_tx_begin(req->st);
	if (rc != 0)
		return rc;
	rc = type ? store_config_type_toggle(req->st, key, &active, &err)
	          : store_config_measure_toggle(req->st, key, &active, &err);
	if (rc == 0)
		rc = audit_change(req, "update", type ? "intervention_type" : "followup_measure",
		                  key, &err);
	if (rc == 0)
		rc = store_tx_commit(req->st);
	else
		store_tx_rollback(req->st);
	if (rc != 0)
		return rc;
	return response_redirect(resp, "/admin/config");
}

static int types_toggle_post(struct request *req, struct response *resp)
{
	return toggle_post(req, resp, true);
}

static int measures_toggle_post(struct request *req, struct response *resp)
{
	return toggle_post(req, resp, false);
}

const struct route admin_config_routes[] = {
    {"GET", "/admin/config", config_get, true, REC_CONFIG, ACT_READ, 0},
    {"POST", "/admin/config/types", types_post, true, REC_CONFIG, ACT_CREATE, 0},
    {"POST", "/admin/config/types/toggle", types_toggle_post, true, REC_CONFIG, ACT_UPDATE, 0},
    {"POST", "/admin/config/measures", measures_post, true, REC_CONFIG, ACT_CREATE, 0},
    {"POST", "/admin/config/measures/toggle", measures_toggle_post, true, REC_CONFIG,
     ACT_UPDATE, 0},
};
ROUTE_TABLE_COUNT(admin_config);
