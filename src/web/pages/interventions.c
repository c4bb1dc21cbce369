/* Interventions and sessions (R8-R10, R13 entry): GET/POST /interventions/new?case=ID,
 * GET /interventions/:id with the forms for a session, the start, the end, the aid decision
 * and the follow-up values, and their POST routes; plus the work shared with the queue,
 * group and follow-up pages and the JSON twins (interventions.h). Pages show client codes,
 * never names. */
#include "web/pages/interventions.h"

#include "base/date.h"
#include "base/str.h"
#include "domain/deadline.h"
#include "security/account.h"
#include "security/roles.h"
#include "store/reference.h"
#include "web/fields.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/response.h"
#include "web/router.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- labels ---- */

const char *const iv_bases[] = {"service", "aid_decision", NULL};
const char *const iv_end_reasons[] = {"completed", "interrupted", "moved",
                                      "referred",  "other",       NULL};
const char *const iv_modes[] = {"centre", "home_municipality", "phone", "video", NULL};
const char *const iv_outcomes[] = {"held", "cancelled", "no_show", NULL};
const char *const iv_phases[] = {"start", "end", "followup", NULL};
const char *const iv_group_formats[] = {"weekly_10", "distance", NULL};

static const char *label_of(const char *const (*table)[2], size_t n, const char *key)
{
	for (size_t i = 0; key != NULL && i < n; i++)
		if (strcmp(table[i][0], key) == 0)
			return table[i][1];
	return key != NULL ? key : "";
}

#define LABEL_FN(fn, ...)                                                                          \
	const char *fn(const char *key)                                                            \
	{                                                                                          \
		static const char *const t[][2] = {__VA_ARGS__};                                   \
		return label_of(t, sizeof(t) / sizeof(t[0]), key);                                 \
	}

LABEL_FN(iv_basis_label, {"service", "Serviceinsats"}, {"aid_decision", "Biståndsbeslut"})
LABEL_FN(iv_end_reason_label, {"completed", "Genomförd"}, {"interrupted", "Avbruten av klienten"},
         {"moved", "Flyttat"}, {"referred", "Hänvisad till annan verksamhet"}, {"other", "Annat"})
LABEL_FN(iv_mode_label, {"centre", "På centrumet"}, {"home_municipality", "I hemkommunen"},
         {"phone", "Telefon"}, {"video", "Video"})
LABEL_FN(iv_outcome_label, {"held", "Genomfört"}, {"cancelled", "Inställt"}, {"no_show", "Uteblev"})
LABEL_FN(iv_phase_label, {"start", "Start"}, {"end", "Avslut"}, {"followup", "Uppföljning"})
LABEL_FN(iv_group_format_label, {"weekly_10", "Varje vecka i tio veckor"},
         {"distance", "Distansformat (för deltagare långt från Östersund)"})

const char *iv_municipality_name(struct request *req, const char *code)
{
	char name[256], *out;
	size_t n;

	if (code == NULL || code[0] == '\0')
		return "";
	if (store_municipality_exists(req->st, code, name, sizeof(name)) != 1)
		return code;
	n = strlen(name) + strlen(code) + 4;
	out = req_alloc(req, n);
	if (out == NULL)
		return code;
	snprintf(out, n, "%s (%s)", name, code);
	return out;
}

const char *iv_sentence(struct request *req, const char *msg)
{
	size_t n = msg ? strlen(msg) : 0;
	char *s;

	if (n == 0)
		return "Uppgiften godtas inte.";
	s = req_alloc(req, n + 2);
	if (s == NULL)
		return msg;
	memcpy(s, msg, n + 1);
	if (s[0] >= 'a' && s[0] <= 'z')
		s[0] = (char)(s[0] - 'a' + 'A');
	/* å ä ö (U+00E5, U+00E4, U+00F6) are C3 A5/A4/B6; their capitals are C3 85/84/96 */
	else if (n >= 2 && (unsigned char)s[0] == 0xc3 &&
	         ((unsigned char)s[1] == 0xa5 || (unsigned char)s[1] == 0xa4 ||
	          (unsigned char)s[1] == 0xb6))
		s[1] = (char)((unsigned char)s[1] - 0x20);
	if (s[n - 1] != '.' && s[n - 1] != '!' && s[n - 1] != '?') {
		s[n] = '.';
		s[n + 1] = '\0';
	}
	return s;
}

/* ---- loading with the policy question ---- */

void iv_who_init(struct request *req, struct iv_who *w)
{
	memset(w, 0, sizeof(*w));
	w->actor.user_id = req->acc.id;
	w->actor.username = req->acc.username;
	w->actor.organisation_id = req->acc.organisation_id;
	w->actor.remote = req->remote;
	w->actor.today = date_today();
	w->who.actor = &w->actor;
	w->who.municipality = req->acc.municipality_code;
}

int iv_parse_id(const char *s, int64_t *id)
{
	if (s == NULL || str_to_i64(s, 1, INT64_MAX, id) != 0)
		return NRS_EINVAL;
	return 0;
}

bool iv_may(const struct request *req, unsigned relations, enum record_kind kind,
            enum policy_action action)
{
	return policy_allows(req->acc.roles, relations, kind, action);
}

const char *iv_decision_limit(const struct request *req, unsigned relations)
{
	if (policy_allows(req->acc.roles, relations & ~(unsigned)REL_HOME_MUNICIPALITY,
	                  REC_INTERVENTION, ACT_UPDATE))
		return NULL;
	return req->acc.municipality_code;
}

/* An id that names nothing is 404 only to someone who could see such records at all. */
static int missing(const struct request *req, enum record_kind kind, enum policy_action action)
{
	return policy_allows_some(req->acc.roles, kind, action) ? NRS_ENOTFOUND : NRS_EDENIED;
}

int iv_load(struct request *req, struct iv_who *w, const char *param, enum record_kind kind,
            enum policy_action action, struct groupsvc_iv *iv, unsigned *relations)
{
	int64_t id;
	int rc;

	iv_who_init(req, w);
	if (iv_parse_id(req_param(req, param), &id) != 0)
		return missing(req, kind, action);
	rc = groupsvc_intervention_facts(req->st, &w->who, id, iv, relations);
	if (rc == NRS_ENOTFOUND)
		return missing(req, kind, action);
	if (rc != 0)
		return rc;
	return policy_allows(req->acc.roles, *relations, kind, action) ? 0 : NRS_EDENIED;
}

int iv_load_case(struct request *req, struct iv_who *w, const char *s, struct groupsvc_case *c,
                 unsigned *relations)
{
	int64_t id;
	int rc;

	iv_who_init(req, w);
	if (iv_parse_id(s, &id) != 0)
		return missing(req, REC_INTERVENTION, ACT_CREATE);
	rc = groupsvc_case_facts(req->st, &w->who, id, c, relations);
	if (rc == NRS_ENOTFOUND)
		return missing(req, REC_INTERVENTION, ACT_CREATE);
	if (rc != 0)
		return rc;
	return policy_allows(req->acc.roles, *relations, REC_INTERVENTION, ACT_CREATE)
	           ? 0
	           : NRS_EDENIED;
}

int iv_load_group(struct request *req, struct iv_who *w, const char *param,
                  enum policy_action action, struct groupsvc_group *g)
{
	unsigned rel = 0;
	int64_t id;
	int rc;

	iv_who_init(req, w);
	if (iv_parse_id(req_param(req, param), &id) != 0)
		return missing(req, REC_GROUP, action);
	rc = groupsvc_group_facts(req->st, &w->actor, id, g, &rel);
	if (rc == NRS_ENOTFOUND)
		return missing(req, REC_GROUP, action);
	if (rc != 0)
		return rc;
	return policy_allows(req->acc.roles, rel, REC_GROUP, action) ? 0 : NRS_EDENIED;
}

/* ---- shared operations ---- */

/* clientsvc names its fields in Swedish; forms and the API use these names. A field it does
 * not name (or the Trappan rule's "start") is put on dflt, the operation's main date. */
static void map_field(struct nrs_error *err, const char *dflt)
{
	static const char *const map[][2] = {
	    {"begard", "requested"},
	    {"grund", "basis"},
	    {"beslutskommun", "decision_municipality"},
	    {"beslutsdatum", "decision_date"},
	    {"diarienummer", "decision_ref"},
	    {"insatstyp", "type"},
	    {"ansvarig", "responsible_user"},
	    {"kopplad_insats", "linked_intervention"},
	    {"arende", "case"},
	    {"startdatum", "started"},
	    {"slutdatum", "ended"},
	    {"avslutsorsak", "end_reason"},
	    {"datum", "held"},
	    {"minuter", "minutes"},
	    {"form", "mode"},
	    {"utfall", "outcome"},
	    {"insats", ""},
	};

	if (err == NULL)
		return;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(err->field, map[i][0]) == 0) {
			snprintf(err->field, sizeof(err->field), "%s", map[i][1]);
			return;
		}
	snprintf(err->field, sizeof(err->field), "%s", dflt);
}

struct linked_ctx {
	int64_t want;
	int found;
};

static int linked_cb(const struct followup_treatment_row *row, void *ctx)
{
	struct linked_ctx *lc = ctx;

	if (row->intervention_id == lc->want)
		lc->found = 1;
	return 0;
}

int iv_create(struct request *req, struct iv_who *w, const struct groupsvc_case *c,
              const struct iv_create_input *in, int64_t *id, struct nrs_error *warn,
              struct nrs_error *err)
{
	struct intervention_create ic = {0};
	struct linked_ctx lc = {in->linked_intervention, 0};
	int partner = in->type != NULL && strcmp(in->type, "partner_contact") == 0;
	int rc;

	*id = 0;
	nrs_error_clear(err);
	nrs_error_clear(warn);
	/* R8: a partner contact is linked to the treatment of the client's partner or former
	 * partner, found through the relations recorded between the clients */
	if (partner && in->linked_intervention == 0)
		return nrs_error_set(err, NRS_EINVAL, "linked_intervention",
		                     "välj den behandling för våldsutövare som partnerkontakten hör"
		                     " till");
	if (!partner && in->linked_intervention != 0)
		return nrs_error_set(err, NRS_EINVAL, "linked_intervention",
		                     "bara partnerkontakt kopplas till en behandling");
	if (partner) {
		rc = groupsvc_partner_treatments(req->st, req->keys, &w->actor, c->client_id,
		                                 linked_cb, &lc, err);
		if (rc != 0)
			return rc;
		if (!lc.found)
			return nrs_error_set(err, NRS_EINVAL, "linked_intervention",
			                     "välj en behandling för klientens partner eller före"
			                     " detta partner");
	}
	ic.case_id = c->id;
	ic.type = in->type;
	ic.requested = in->requested;
	ic.basis = in->basis;
	ic.decision_municipality = in->decision_municipality;
	ic.decision_date = in->decision_date;
	ic.decision_ref = in->decision_ref;
	ic.responsible_user = in->responsible_user;
	ic.linked_intervention_id = in->linked_intervention;
	rc = clientsvc_intervention_create(req->st, req->keys, &w->actor, &ic, id, warn, err);
	if (rc != 0)
		map_field(err, "requested");
	return rc;
}

int iv_start(struct request *req, struct iv_who *w, const struct groupsvc_iv *iv,
             const char *started, struct nrs_error *warn, struct nrs_error *err)
{
	int rc;

	nrs_error_clear(warn);
	if (iv->started[0] != '\0')
		return nrs_error_set(err, NRS_EINVAL, "started", "insatsen har redan startat");
	rc =
	    clientsvc_intervention_start(req->st, req->keys, &w->actor, iv->id, started, warn, err);
	if (rc != 0)
		map_field(err, "started");
	return rc == NRS_ECONFLICT ? NRS_EINVAL : rc;
}

int iv_end(struct request *req, struct iv_who *w, const struct groupsvc_iv *iv, const char *ended,
           const char *end_reason, struct nrs_error *err)
{
	int rc;

	nrs_error_clear(err);
	if (iv->ended[0] != '\0')
		return nrs_error_set(err, NRS_EINVAL, "ended", "insatsen är redan avslutad");
	if (iv->started[0] == '\0')
		return nrs_error_set(err, NRS_EINVAL, "ended",
		                     "insatsen har inte startat: registrera ett hållet samtal eller"
		                     " ett startdatum först");
	rc = clientsvc_intervention_end(req->st, req->keys, &w->actor, iv->id, ended, end_reason,
	                                err);
	if (rc != 0)
		map_field(err, "ended");
	return rc == NRS_ECONFLICT ? NRS_EINVAL : rc;
}

int iv_session(struct request *req, struct iv_who *w, const struct groupsvc_iv *iv,
               const char *held, int minutes, const char *mode, const char *outcome, int64_t *id,
               struct nrs_error *warn, struct nrs_error *err)
{
	struct session_create sc = {iv->id, held, minutes, mode, outcome};
	int rc = clientsvc_session_add(req->st, req->keys, &w->actor, &sc, id, warn, err);

	if (rc != 0)
		map_field(err, "held");
	return rc;
}

/* ---- the new-intervention page ---- */

struct new_form {
	struct iv_create_input in;
	const char *responsible, *linked; /* as typed */
	const char *field, *msg;          /* the error, if any */
};

static const char *err_at(const struct new_form *f, const char *field)
{
	return f->field != NULL && strcmp(f->field, field) == 0 ? f->msg : NULL;
}

struct type_opts {
	struct html *h;
	const char *selected;
};

static int type_option(const struct intervention_type_row *row, void *ctx)
{
	struct type_opts *t = ctx;

	field_option(t->h, row->key, row->label_sv,
	             t->selected != NULL && strcmp(t->selected, row->key) == 0);
	return 0;
}

struct muni_opts {
	struct html *h;
	const char *selected;
	const char *only; /* NULL: every member municipality */
};

static int muni_option(const struct municipality_row *row, void *ctx)
{
	struct muni_opts *m = ctx;

	if (m->only != NULL ? strcmp(m->only, row->code) != 0 : !row->member)
		return 0;
	field_option(m->h, row->code, row->name,
	             m->selected != NULL && strcmp(m->selected, row->code) == 0);
	return 0;
}

/* The deciding municipality: every member municipality, or only the officer's own. */
static int muni_select(struct request *req, struct html *h, const char *selected, const char *only,
                       const char *error)
{
	struct muni_opts m = {h, selected, only};
	int rc;

	field_select_open(h, "decision_municipality", "Beslutande kommun", error,
	                  only != NULL ? NULL : "Välj kommun");
	rc = store_municipality_list(req->st, NULL, muni_option, &m);
	field_select_close(h);
	return rc;
}

struct staff_opts {
	struct html *h;
	int64_t org;
	const char *selected;
};

static int staff_option(const struct account *a, void *ctx)
{
	struct staff_opts *s = ctx;
	char idtext[24];

	if (!a->active || a->organisation_id != s->org ||
	    (a->roles & (ROLE_CENTRE_STAFF | ROLE_CENTRE_MANAGER)) == 0)
		return 0;
	snprintf(idtext, sizeof(idtext), "%" PRId64, a->id);
	field_option(s->h, idtext, a->display_name,
	             s->selected != NULL && strcmp(s->selected, idtext) == 0);
	return 0;
}

struct treat_opts {
	struct html *h;
	const char *selected;
	int n;
};

static int treat_option(const struct followup_treatment_row *row, void *ctx)
{
	struct treat_opts *t = ctx;
	char idtext[24], label[160];

	snprintf(idtext, sizeof(idtext), "%" PRId64, row->intervention_id);
	snprintf(label, sizeof(label), "%s (%s), begärd %s%s", row->client_code,
	         strcmp(row->relation, "partner_of") == 0 ? "partner" : "före detta partner",
	         row->requested, row->ended != NULL ? ", avslutad" : "");
	field_option(t->h, idtext, label, t->selected != NULL && strcmp(t->selected, idtext) == 0);
	t->n++;
	return 0;
}

/* Is field one of the NULL-terminated names (a field the form shows an error beside)? */
static bool field_in(const char *field, const char *const *names)
{
	for (; field != NULL && *names; names++)
		if (strcmp(field, *names) == 0)
			return true;
	return false;
}

static void case_link(struct html *h, int64_t case_id)
{
	if (!router_has_get("/cases/:id"))
		return;
	html_raw_trusted(h, " · <a href=\"/cases/");
	html_int(h, case_id);
	html_raw_trusted(h, "\">Ärendet</a>");
}

static const char *const new_fields[] = {"type",
                                         "requested",
                                         "basis",
                                         "decision_municipality",
                                         "decision_date",
                                         "decision_ref",
                                         "responsible_user",
                                         "linked_intervention",
                                         NULL};

static int render_new(struct request *req, struct response *resp, int status, struct iv_who *w,
                      const struct groupsvc_case *c, const struct new_form *f)
{
	struct type_opts to;
	struct staff_opts so;
	struct treat_opts tr = {NULL, f->linked, 0};
	struct nrs_error err = {0};
	struct html h;
	char today[11], self[24];
	int rc;

	date_format(&w->actor.today, today);
	snprintf(self, sizeof(self), "%" PRId64, req->acc.id);
	resp->status = status;
	html_init(&h, &resp->body);
	layout_begin(&h, req, "Ny insats");
	html_raw_trusted(&h, "<h1>Ny insats</h1>\n<p class=\"lead\">Klient ");
	html_text(&h, c->client_code);
	case_link(&h, c->id);
	html_raw_trusted(&h, "</p>\n");
	if (f->msg != NULL) {
		layout_alert(&h,
		             "Insatsen sparades inte. Rätta uppgifterna som är markerade nedan.");
		if (!field_in(f->field, new_fields))
			layout_alert(&h, f->msg);
	}
	if (c->closed)
		layout_alert(&h, "Ärendet är avslutat. En ny insats kräver ett öppet ärende.");
	html_raw_trusted(&h,
	                 "<form method=\"post\" action=\"/interventions/new\" class=\"form\">\n");
	html_csrf_input(&h, req->csrf);
	html_raw_trusted(&h, "<input type=\"hidden\" name=\"case\" value=\"");
	html_int(&h, c->id);
	html_raw_trusted(&h, "\">\n");
	field_select_open(&h, "type", "Insatstyp", err_at(f, "type"), "Välj insatstyp");
	to.h = &h;
	to.selected = f->in.type;
	rc = store_intervention_type_list(req->st, 1, type_option, &to);
	field_select_close(&h);
	if (rc != 0)
		return rc;
	field_input(&h, "requested", "Begärd (datum för remiss eller ansökan, ÅÅÅÅ-MM-DD)", "date",
	            f->in.requested ? f->in.requested : today, err_at(f, "requested"), NULL, true);
	field_select_open(&h, "basis", "Grund", err_at(f, "basis"), NULL);
	for (size_t i = 0; iv_bases[i]; i++)
		field_option(&h, iv_bases[i],
		             strcmp(iv_bases[i], "service") == 0
		                 ? "Serviceinsats (utan biståndsbeslut)"
		                 : "Biståndsbeslut",
		             f->in.basis != NULL && strcmp(f->in.basis, iv_bases[i]) == 0);
	field_select_close(&h);
	html_raw_trusted(&h, "<fieldset class=\"field\">\n<legend>Biståndsbeslut (fylls i när "
	                     "grunden är biståndsbeslut)</legend>\n");
	rc = muni_select(req, &h, f->in.decision_municipality, NULL,
	                 err_at(f, "decision_municipality"));
	if (rc != 0)
		return rc;
	field_input(&h, "decision_date", "Beslutsdatum (ÅÅÅÅ-MM-DD)", "date", f->in.decision_date,
	            err_at(f, "decision_date"), NULL, false);
	field_input(&h, "decision_ref", "Diarienummer (valfritt)", "text", f->in.decision_ref,
	            err_at(f, "decision_ref"), "off", false);
	html_raw_trusted(&h, "</fieldset>\n");
	field_select_open(&h, "responsible_user", "Ansvarig medarbetare",
	                  err_at(f, "responsible_user"), "Ingen vald");
	so.h = &h;
	so.org = req->acc.organisation_id;
	so.selected = f->responsible ? f->responsible : self;
	rc = account_list(req->st, staff_option, &so);
	field_select_close(&h);
	if (rc != 0)
		return rc;
	field_select_open(
	    &h, "linked_intervention",
	    "Kopplad behandling (bara för partnerkontakt: partnerns samtalsbehandling)",
	    err_at(f, "linked_intervention"), "Ingen");
	tr.h = &h;
	rc = groupsvc_partner_treatments(req->st, req->keys, &w->actor, c->client_id, treat_option,
	                                 &tr, &err);
	field_select_close(&h);
	if (rc != 0)
		return rc;
	if (tr.n == 0)
		html_raw_trusted(&h, "<p>Klienten har ingen registrerad partner eller före detta "
		                     "partner med samtalsbehandling här. Partnerkontakt kräver att "
		                     "relationen och behandlingen är registrerade.</p>\n");
	html_raw_trusted(&h, "<p><button type=\"submit\">Spara insatsen</button></p>\n</form>\n");
	layout_end(&h);
	return h.err;
}

/* An optional id typed in a select: "" is 0; anything else must be a positive id. */
static int optional_id(const char *s, const char *field, int64_t *id, struct nrs_error *err)
{
	*id = 0;
	if (s == NULL || s[0] == '\0')
		return 0;
	if (iv_parse_id(s, id) != 0)
		return nrs_error_set(err, NRS_EINVAL, field, "välj ett alternativ i listan");
	return 0;
}

static int new_get(struct request *req, struct response *resp)
{
	struct new_form f = {0};
	struct groupsvc_case c;
	struct iv_who w;
	unsigned rel;
	int rc = iv_load_case(req, &w, form_get(&req->query, "case"), &c, &rel);

	if (rc != 0)
		return rc;
	f.in.type = form_get(&req->query, "type");
	return render_new(req, resp, 200, &w, &c, &f);
}

static int new_post(struct request *req, struct response *resp)
{
	struct nrs_error err = {0}, warn = {0};
	struct new_form f = {0};
	struct groupsvc_case c;
	struct iv_who w;
	char loc[96];
	unsigned rel;
	int64_t id = 0;
	int rc = iv_load_case(req, &w, form_get_unique(&req->form, "case"), &c, &rel);

	if (rc != 0)
		return rc;
	f.in.type = form_get_unique(&req->form, "type");
	f.in.requested = form_get_unique(&req->form, "requested");
	f.in.basis = form_get_unique(&req->form, "basis");
	f.in.decision_municipality = form_get_unique(&req->form, "decision_municipality");
	f.in.decision_date = form_get_unique(&req->form, "decision_date");
	f.in.decision_ref = form_get_unique(&req->form, "decision_ref");
	f.responsible = form_get_unique(&req->form, "responsible_user");
	f.linked = form_get_unique(&req->form, "linked_intervention");
	rc = optional_id(f.responsible, "responsible_user", &f.in.responsible_user, &err);
	if (rc == 0)
		rc = optional_id(f.linked, "linked_intervention", &f.in.linked_intervention, &err);
	if (rc == 0)
		rc = iv_create(req, &w, &c, &f.in, &id, &warn, &err);
	if (rc == NRS_EINVAL || rc == NRS_ETOOBIG || rc == NRS_ECONFLICT || rc == NRS_EEXIST ||
	    (rc == NRS_ENOTFOUND && err.field[0] != '\0')) {
		f.field = req_strdup(req, err.field);
		f.msg = iv_sentence(req, err.msg);
		return render_new(req, resp, 422, &w, &c, &f);
	}
	if (rc != 0)
		return rc;
	snprintf(loc, sizeof(loc), "/interventions/%" PRId64 "?done=created%s", id,
	         warn.msg[0] != '\0' ? "&warn=trappan" : "");
	return response_redirect(resp, loc);
}

/* ---- the intervention page ---- */

/* Which form of the page failed, with its error; the typed values come back from the
 * posted form. */
struct view_state {
	const char *form;  /* session, start, end, decision, followup; NULL when none failed */
	const char *field; /* the field at fault */
	const char *msg;   /* Swedish sentence */
};

static const char *const session_fields[] = {"held", "minutes", "mode", "outcome", NULL};
static const char *const start_fields[] = {"started", NULL};
static const char *const end_fields[] = {"ended", "end_reason", NULL};
static const char *const decision_fields[] = {"decision_municipality", "decision_date",
                                              "decision_ref", NULL};

static bool failed(const struct view_state *v, const char *form)
{
	return v->form != NULL && strcmp(v->form, form) == 0;
}

/* The typed value of a field of the failed form, else dflt. */
static const char *kept(const struct request *req, const struct view_state *v, const char *form,
                        const char *field, const char *dflt)
{
	if (!failed(v, form))
		return dflt;
	return form_get(&req->form, field);
}

static const char *error_at(const struct view_state *v, const char *form, const char *field)
{
	return failed(v, form) && v->field != NULL && strcmp(v->field, field) == 0 ? v->msg : NULL;
}

/* The alert at the top of a failed form; a message that belongs to no field goes there. */
static void form_alert(struct html *h, const struct view_state *v, const char *form,
                       const char *const *fields, const char *what)
{
	if (!failed(v, form))
		return;
	html_raw_trusted(h, "<div class=\"alert\" role=\"alert\"><p>");
	html_text(h, what);
	html_raw_trusted(h, " Rätta uppgifterna som är markerade nedan.</p>");
	if (!field_in(v->field, fields)) {
		html_raw_trusted(h, "<p>");
		html_text(h, v->msg);
		html_raw_trusted(h, "</p>");
	}
	html_raw_trusted(h, "</div>\n");
}

static void select_of(struct html *h, const char *name, const char *label, const char *error,
                      const char *const *keys, const char *(*lab)(const char *),
                      const char *selected, const char *empty)
{
	field_select_open(h, name, label, error, empty);
	for (size_t i = 0; keys[i]; i++)
		field_option(h, keys[i], lab(keys[i]),
		             selected != NULL && strcmp(selected, keys[i]) == 0);
	field_select_close(h);
}

static int session_row(const struct session_log_row *row, void *ctx)
{
	struct html *h = ctx;

	html_raw_trusted(h, "<tr><td>");
	html_text(h, row->held);
	html_raw_trusted(h, "</td><td class=\"num\">");
	html_int(h, row->minutes);
	html_raw_trusted(h, "</td><td>");
	html_text(h, iv_mode_label(row->mode));
	html_raw_trusted(h, "</td><td>");
	html_text(h, iv_outcome_label(row->outcome));
	html_raw_trusted(h, "</td></tr>\n");
	return 0;
}

/* Follow-up values collected for a phase × measure table. */
#define MAX_MEASURES 32
struct fu_table {
	size_t n;
	struct {
		char key[41];
		char label[101];
		int min, max;
		char value[3][12]; /* per phase; "" if not entered */
		char entered[3][11];
	} m[MAX_MEASURES];
};

static int fu_measure(const struct followup_measure_row *row, void *ctx)
{
	struct fu_table *t = ctx;

	if (t->n >= MAX_MEASURES)
		return 0;
	memset(&t->m[t->n], 0, sizeof(t->m[t->n]));
	snprintf(t->m[t->n].key, sizeof(t->m[t->n].key), "%s", row->key);
	snprintf(t->m[t->n].label, sizeof(t->m[t->n].label), "%s", row->label_sv);
	t->m[t->n].min = row->scale_min;
	t->m[t->n].max = row->scale_max;
	t->n++;
	return 0;
}

static int phase_index(const char *phase)
{
	for (int i = 0; iv_phases[i]; i++)
		if (strcmp(iv_phases[i], phase) == 0)
			return i;
	return -1;
}

static int fu_value(const struct followup_entry_row *row, void *ctx)
{
	struct fu_table *t = ctx;
	int p = phase_index(row->phase);

	for (size_t i = 0; p >= 0 && i < t->n; i++)
		if (strcmp(t->m[i].key, row->measure) == 0) {
			snprintf(t->m[i].value[p], sizeof(t->m[i].value[p]), "%d", row->value);
			snprintf(t->m[i].entered[p], sizeof(t->m[i].entered[p]), "%s",
			         row->entered);
		}
	return 0;
}

/* A scale value as shown: "7", or "1 (ja)" / "0 (nej)" on a 0-1 scale. */
static void scale_value(char *out, size_t n, int v, int min, int max)
{
	if (min == 0 && max == 1)
		snprintf(out, n, "%d (%s)", v, v ? "ja" : "nej");
	else
		snprintf(out, n, "%d", v);
}

struct view_walk {
	struct html *h;
	struct fu_table *fu;
	int sessions;
};

static int view_session(const struct session_log_row *row, void *ctx)
{
	struct view_walk *vw = ctx;

	vw->sessions++;
	return session_row(row, vw->h);
}

static int view_followup(const struct followup_entry_row *row, void *ctx)
{
	struct view_walk *vw = ctx;

	return fu_value(row, vw->fu);
}

static void facts(struct request *req, struct html *h, const struct iv_who *w,
                  const struct groupsvc_iv *iv)
{
	struct account resp_acc;
	struct nrs_date req_day;
	int64_t days = 0;

	html_raw_trusted(h, "<dl class=\"facts\">\n<dt>Insatstyp</dt><dd>");
	html_text(h, iv->type_label);
	html_raw_trusted(h, "</dd>\n<dt>Klient</dt><dd>");
	html_text(h, iv->client_code);
	html_raw_trusted(h, "</dd>\n<dt>Begärd</dt><dd>");
	html_text(h, iv->requested);
	html_raw_trusted(h, "</dd>\n<dt>Startad</dt><dd>");
	if (iv->started[0] != '\0') {
		html_text(h, iv->started);
	} else if (iv->ended[0] == '\0' && date_parse(iv->requested, &req_day) == 0 &&
	           queue_days(&req_day, &w->actor.today, &days, NULL) == 0) {
		html_raw_trusted(h, "Inte startad: väntar i kö sedan ");
		html_text(h, iv->requested);
		html_raw_trusted(h, " (");
		html_int(h, days);
		html_raw_trusted(h, days == 1 ? " dag)" : " dagar)");
	} else {
		html_raw_trusted(h, "Inte startad");
	}
	html_raw_trusted(h, "</dd>\n<dt>Avslutad</dt><dd>");
	if (iv->ended[0] != '\0') {
		html_text(h, iv->ended);
		html_raw_trusted(h, " – ");
		html_text(h, iv_end_reason_label(iv->end_reason));
	} else {
		html_raw_trusted(h, "Pågår");
	}
	html_raw_trusted(h, "</dd>\n<dt>Grund</dt><dd>");
	if (strcmp(iv->basis, "aid_decision") == 0) {
		html_raw_trusted(h, "Biståndsbeslut av ");
		html_text(h, iv_municipality_name(req, iv->decision_municipality));
		html_raw_trusted(h, ", beslutat ");
		html_text(h, iv->decision_date);
		if (iv->decision_ref[0] != '\0') {
			html_raw_trusted(h, ", diarienummer ");
			html_text(h, iv->decision_ref);
		}
	} else {
		html_raw_trusted(h, "<strong>Serviceinsats: en insats i kommunens service utan "
		                    "biståndsbeslut</strong>");
	}
	html_raw_trusted(h, "</dd>\n<dt>Ansvarig</dt><dd>");
	if (iv->responsible_user != 0 && account_get(req->st, iv->responsible_user, &resp_acc) == 0)
		html_text(h, resp_acc.display_name);
	else
		html_raw_trusted(h, "–");
	html_raw_trusted(h, "</dd>\n");
	if (iv->linked_intervention_id != 0) {
		html_raw_trusted(h, "<dt>Kopplad behandling</dt><dd><a href=\"/interventions/");
		html_int(h, iv->linked_intervention_id);
		html_raw_trusted(h, "\">Samtalsbehandling för våldsutövare</a></dd>\n");
	}
	html_raw_trusted(h, "<dt>Hållna samtal</dt><dd>");
	html_int(h, iv->sessions_held);
	html_raw_trusted(h, "</dd>\n</dl>\n");
}

static void form_open(struct html *h, const char *heading_id, const char *heading)
{
	html_raw_trusted(h, "<section aria-labelledby=\"");
	html_attr(h, heading_id);
	html_raw_trusted(h, "\">\n<h2 id=\"");
	html_attr(h, heading_id);
	html_raw_trusted(h, "\">");
	html_text(h, heading);
	html_raw_trusted(h, "</h2>\n");
}

static void form_tag(struct html *h, const struct request *req, int64_t id, const char *what)
{
	html_raw_trusted(h, "<form method=\"post\" action=\"/interventions/");
	html_int(h, id);
	html_raw_trusted(h, "/");
	html_attr(h, what);
	html_raw_trusted(h, "\" class=\"form\">\n");
	html_csrf_input(h, req->csrf);
}

static const char *done_text(const char *done)
{
	static const char *const t[][2] = {
	    {"created", "Insatsen är sparad."},          {"session", "Samtalet är sparat."},
	    {"started", "Startdatumet är sparat."},      {"ended", "Insatsen är avslutad."},
	    {"decision", "Biståndsbeslutet är sparat."}, {"followup", "Uppföljningen är sparad."},
	};

	for (size_t i = 0; done != NULL && i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(done, t[i][0]) == 0)
			return t[i][1];
	return NULL;
}

static int render_view(struct request *req, struct response *resp, int status, struct iv_who *w,
                       const struct groupsvc_iv *iv, unsigned rel, const struct view_state *v)
{
	const char *done = done_text(form_get(&req->query, "done"));
	const char *warn = form_get(&req->query, "warn");
	bool fu_read = iv_may(req, rel, REC_FOLLOWUP, ACT_READ);
	struct fu_table *fu = NULL;
	struct view_walk vw;
	struct nrs_error err = {0};
	struct html h;
	char today[11];
	int rc;

	date_format(&w->actor.today, today);
	if (fu_read) {
		fu = calloc(1, sizeof(*fu));
		if (fu == NULL)
			return NRS_ENOMEM;
		rc = groupsvc_measures(req->st, fu_measure, fu);
		if (rc != 0)
			goto out;
	}
	resp->status = status;
	html_init(&h, &resp->body);
	layout_begin(&h, req, "Insats");
	html_raw_trusted(&h, "<h1>");
	html_text(&h, iv->type_label);
	html_raw_trusted(&h, "</h1>\n<p class=\"lead\">Klient ");
	html_text(&h, iv->client_code);
	if (iv_may(req, rel, REC_CASE, ACT_READ))
		case_link(&h, iv->case_id);
	html_raw_trusted(&h, "</p>\n");
	if (done != NULL && v->form == NULL) {
		html_raw_trusted(&h, "<div class=\"notice\" role=\"status\"><p>");
		html_text(&h, done);
		html_raw_trusted(&h, "</p></div>\n");
	}
	if (warn != NULL && strcmp(warn, "trappan") == 0 && v->form == NULL) {
		html_raw_trusted(&h, "<div class=\"warning\" role=\"status\"><p>");
		html_text(&h, IV_TRAPPAN_NOTICE);
		html_raw_trusted(&h, "</p></div>\n");
	}
	facts(req, &h, w, iv);

	/* sessions and follow-up values: read after the audit row is written, and the page
	 * leaves only if it was */
	vw.h = &h;
	vw.fu = fu;
	vw.sessions = 0;
	html_raw_trusted(&h,
	                 "<section aria-labelledby=\"h-sessions\">\n<h2 id=\"h-sessions\">"
	                 "Samtal</h2>\n<table>\n<caption>Samtal i insatsen</caption>\n"
	                 "<thead><tr><th scope=\"col\">Datum</th><th scope=\"col\">Minuter</th>"
	                 "<th scope=\"col\">Form</th><th scope=\"col\">Utfall</th></tr></thead>\n"
	                 "<tbody>\n");
	rc = groupsvc_intervention_read(req->st, req->keys, &w->actor, iv->id, view_session,
	                                fu_read ? view_followup : NULL, &vw, &err);
	if (rc != 0)
		goto out;
	if (vw.sessions == 0)
		html_raw_trusted(&h, "<tr><td colspan=\"4\">Inga samtal ännu.</td></tr>\n");
	html_raw_trusted(&h, "</tbody>\n</table>\n</section>\n");

	if (iv_may(req, rel, REC_INTERVENTION, ACT_CREATE) && iv->ended[0] == '\0') {
		form_open(&h, "h-new-session", "Nytt samtal");
		form_alert(&h, v, "session", session_fields, "Samtalet sparades inte.");
		if (iv->started[0] == '\0')
			html_raw_trusted(&h, "<p>Insatsen startar med det första genomförda "
			                     "samtalet och lämnar då kön.</p>\n");
		form_tag(&h, req, iv->id, "sessions");
		field_input(&h, "held", "Datum (ÅÅÅÅ-MM-DD)", "date",
		            kept(req, v, "session", "held", today), error_at(v, "session", "held"),
		            NULL, true);
		field_input(&h, "minutes", "Längd i minuter", "number",
		            kept(req, v, "session", "minutes", NULL),
		            error_at(v, "session", "minutes"), NULL, true);
		select_of(&h, "mode", "Form", error_at(v, "session", "mode"), iv_modes,
		          iv_mode_label, kept(req, v, "session", "mode", "centre"), NULL);
		select_of(&h, "outcome", "Utfall", error_at(v, "session", "outcome"), iv_outcomes,
		          iv_outcome_label, kept(req, v, "session", "outcome", "held"), NULL);
		html_raw_trusted(&h, "<p><button type=\"submit\">Spara samtalet</button></p>\n"
		                     "</form>\n</section>\n");
	}
	if (iv_may(req, rel, REC_CASE, ACT_UPDATE) && iv->started[0] == '\0' &&
	    iv->ended[0] == '\0') {
		form_open(&h, "h-start", "Starta insatsen");
		form_alert(&h, v, "start", start_fields, "Startdatumet sparades inte.");
		form_tag(&h, req, iv->id, "start");
		field_input(&h, "started", "Startdatum (ÅÅÅÅ-MM-DD)", "date",
		            kept(req, v, "start", "started", today),
		            error_at(v, "start", "started"), NULL, true);
		html_raw_trusted(&h, "<p><button type=\"submit\">Starta</button></p>\n</form>\n"
		                     "</section>\n");
	}
	if (iv_may(req, rel, REC_CASE, ACT_UPDATE) && iv->started[0] != '\0' &&
	    iv->ended[0] == '\0') {
		form_open(&h, "h-end", "Avsluta insatsen");
		form_alert(&h, v, "end", end_fields, "Insatsen avslutades inte.");
		form_tag(&h, req, iv->id, "end");
		field_input(&h, "ended", "Slutdatum (ÅÅÅÅ-MM-DD)", "date",
		            kept(req, v, "end", "ended", today), error_at(v, "end", "ended"), NULL,
		            true);
		select_of(&h, "end_reason", "Avslutsorsak", error_at(v, "end", "end_reason"),
		          iv_end_reasons, iv_end_reason_label,
		          kept(req, v, "end", "end_reason", NULL), "Välj orsak");
		html_raw_trusted(&h, "<p><button type=\"submit\">Avsluta</button></p>\n</form>\n"
		                     "</section>\n");
	}
	if (iv_may(req, rel, REC_INTERVENTION, ACT_UPDATE)) {
		const char *limit = iv_decision_limit(req, rel);
		bool aid = strcmp(iv->basis, "aid_decision") == 0;

		form_open(&h, "h-decision", "Biståndsbeslut");
		form_alert(&h, v, "decision", decision_fields, "Beslutet sparades inte.");
		html_raw_trusted(&h,
		                 aid ? "<p>Ändra beslutet om uppgifterna är fel.</p>\n"
		                     : "<p>Registrera biståndsbeslutet när kommunen har gjort "
		                       "en behovsbedömning och fattat beslut om insatsen.</p>\n");
		form_tag(&h, req, iv->id, "decision");
		rc = muni_select(req, &h,
		                 kept(req, v, "decision", "decision_municipality",
		                      aid ? iv->decision_municipality : limit),
		                 limit, error_at(v, "decision", "decision_municipality"));
		if (rc != 0)
			goto out;
		field_input(
		    &h, "decision_date", "Beslutsdatum (ÅÅÅÅ-MM-DD)", "date",
		    kept(req, v, "decision", "decision_date", aid ? iv->decision_date : NULL),
		    error_at(v, "decision", "decision_date"), NULL, true);
		field_input(&h, "decision_ref", "Diarienummer (valfritt)", "text",
		            kept(req, v, "decision", "decision_ref", aid ? iv->decision_ref : NULL),
		            error_at(v, "decision", "decision_ref"), "off", false);
		html_raw_trusted(&h, "<p><button type=\"submit\">Spara beslutet</button></p>\n"
		                     "</form>\n</section>\n");
	}
	if (fu_read) {
		html_raw_trusted(&h,
		                 "<section aria-labelledby=\"h-followup\">\n<h2 id=\"h-followup\">"
		                 "Systematisk uppföljning</h2>\n<table>\n<caption>Mätvärden per "
		                 "tillfälle</caption>\n<thead><tr><th scope=\"col\">Mått</th>");
		for (size_t p = 0; iv_phases[p]; p++) {
			html_raw_trusted(&h, "<th scope=\"col\">");
			html_text(&h, iv_phase_label(iv_phases[p]));
			html_raw_trusted(&h, "</th>");
		}
		html_raw_trusted(&h, "</tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < fu->n; i++) {
			html_raw_trusted(&h, "<tr><th scope=\"row\">");
			html_text(&h, fu->m[i].label);
			html_raw_trusted(&h, "</th>");
			for (size_t p = 0; p < 3; p++) {
				char shown[32];
				int64_t val;

				html_raw_trusted(&h, "<td>");
				if (fu->m[i].value[p][0] != '\0' &&
				    str_to_i64(fu->m[i].value[p], -1000, 1000, &val) == 0) {
					scale_value(shown, sizeof(shown), (int)val, fu->m[i].min,
					            fu->m[i].max);
					html_text(&h, shown);
					html_raw_trusted(&h, " <small>(");
					html_text(&h, fu->m[i].entered[p]);
					html_raw_trusted(&h, ")</small>");
				} else {
					html_raw_trusted(&h, "–");
				}
				html_raw_trusted(&h, "</td>");
			}
			html_raw_trusted(&h, "</tr>\n");
		}
		html_raw_trusted(&h, "</tbody>\n</table>\n");
		if (iv_may(req, rel, REC_FOLLOWUP, ACT_CREATE)) {
			const char **fields = req_alloc(req, (fu->n + 3) * sizeof(*fields));

			if (fields == NULL) {
				rc = NRS_ENOMEM;
				goto out;
			}
			fields[0] = "phase";
			fields[1] = "entered";
			for (size_t i = 0; i < fu->n; i++)
				fields[i + 2] = fu->m[i].key;
			fields[fu->n + 2] = NULL;
			html_raw_trusted(&h, "<h3>Registrera mätvärden</h3>\n");
			form_alert(&h, v, "followup", fields, "Mätvärdena sparades inte.");
			html_raw_trusted(&h, "<p>Mätvärdena lämnar aldrig ärendet: i statistiken "
			                     "syns de bara sammanräknade för grupper.</p>\n");
			form_tag(&h, req, iv->id, "followup");
			select_of(&h, "phase", "Tillfälle", error_at(v, "followup", "phase"),
			          iv_phases, iv_phase_label,
			          kept(req, v, "followup", "phase", NULL), "Välj tillfälle");
			field_input(&h, "entered", "Mätdatum (ÅÅÅÅ-MM-DD)", "date",
			            kept(req, v, "followup", "entered", today),
			            error_at(v, "followup", "entered"), NULL, true);
			for (size_t i = 0; i < fu->n; i++) {
				const char *sel = kept(req, v, "followup", fu->m[i].key, NULL);
				char label[160];

				snprintf(label, sizeof(label), "%s (%d–%d)", fu->m[i].label,
				         fu->m[i].min, fu->m[i].max);
				field_select_open(&h, fu->m[i].key, label,
				                  error_at(v, "followup", fu->m[i].key),
				                  "Inte mätt");
				for (int x = fu->m[i].min; x <= fu->m[i].max; x++) {
					char val[12], shown[32];

					snprintf(val, sizeof(val), "%d", x);
					scale_value(shown, sizeof(shown), x, fu->m[i].min,
					            fu->m[i].max);
					field_option(&h, val, shown,
					             sel != NULL && strcmp(sel, val) == 0);
				}
				field_select_close(&h);
			}
			html_raw_trusted(&h, "<p><button type=\"submit\">Spara mätvärdena</button>"
			                     "</p>\n</form>\n");
		}
		html_raw_trusted(&h, "</section>\n");
	}
	layout_end(&h);
	rc = h.err;
out:
	free(fu);
	return rc;
}

static int view_get(struct request *req, struct response *resp)
{
	struct view_state v = {0};
	struct groupsvc_iv iv;
	struct iv_who w;
	unsigned rel;
	int rc = iv_load(req, &w, "id", REC_INTERVENTION, ACT_READ, &iv, &rel);

	if (rc != 0)
		return rc;
	return render_view(req, resp, 200, &w, &iv, rel, &v);
}

/* After a POST of one of the page's forms: a validation error re-renders the page with 422
 * and the typed values; success redirects with a notice. */
static int after_post(struct request *req, struct response *resp, struct iv_who *w,
                      const struct groupsvc_iv *iv, unsigned rel, const char *form, int rc,
                      const struct nrs_error *err, const char *done, bool warned)
{
	struct view_state v = {0};
	char loc[96];

	if (rc == NRS_EINVAL || rc == NRS_ETOOBIG || rc == NRS_ECONFLICT || rc == NRS_EEXIST) {
		v.form = form;
		v.field = req_strdup(req, err->field);
		v.msg = iv_sentence(req, err->msg);
		return render_view(req, resp, 422, w, iv, rel, &v);
	}
	if (rc != 0)
		return rc;
	snprintf(loc, sizeof(loc), "/interventions/%" PRId64 "?done=%s%s", iv->id, done,
	         warned ? "&warn=trappan" : "");
	return response_redirect(resp, loc);
}

/* minutes as typed: a whole number, else the field's own message. */
static int parse_minutes(const char *s, int *out, struct nrs_error *err)
{
	int64_t v;

	if (s == NULL || s[0] == '\0')
		return nrs_error_set(err, NRS_EINVAL, "minutes",
		                     "fyll i samtalets längd i minuter");
	if (str_to_i64(s, -1000000, 1000000, &v) != 0)
		return nrs_error_set(err, NRS_EINVAL, "minutes",
		                     "ange samtalets längd i hela minuter, 1–600");
	*out = (int)v;
	return 0;
}

static int session_post(struct request *req, struct response *resp)
{
	struct nrs_error err = {0}, warn = {0};
	struct groupsvc_iv iv;
	struct iv_who w;
	unsigned rel;
	int64_t id = 0;
	int minutes = 0;
	int rc = iv_load(req, &w, "id", REC_INTERVENTION, ACT_CREATE, &iv, &rel);

	if (rc != 0)
		return rc;
	rc = parse_minutes(form_get_unique(&req->form, "minutes"), &minutes, &err);
	if (rc == 0)
		rc = iv_session(req, &w, &iv, form_get_unique(&req->form, "held"), minutes,
		                form_get_unique(&req->form, "mode"),
		                form_get_unique(&req->form, "outcome"), &id, &warn, &err);
	return after_post(req, resp, &w, &iv, rel, "session", rc, &err, "session",
	                  warn.msg[0] != '\0');
}

static int start_post(struct request *req, struct response *resp)
{
	struct nrs_error err = {0}, warn = {0};
	struct groupsvc_iv iv;
	struct iv_who w;
	unsigned rel;
	int rc = iv_load(req, &w, "id", REC_CASE, ACT_UPDATE, &iv, &rel);

	if (rc != 0)
		return rc;
	rc = iv_start(req, &w, &iv, form_get_unique(&req->form, "started"), &warn, &err);
	return after_post(req, resp, &w, &iv, rel, "start", rc, &err, "started",
	                  warn.msg[0] != '\0');
}

static int end_post(struct request *req, struct response *resp)
{
	struct nrs_error err = {0};
	struct groupsvc_iv iv;
	struct iv_who w;
	unsigned rel;
	int rc = iv_load(req, &w, "id", REC_CASE, ACT_UPDATE, &iv, &rel);

	if (rc != 0)
		return rc;
	rc = iv_end(req, &w, &iv, form_get_unique(&req->form, "ended"),
	            form_get_unique(&req->form, "end_reason"), &err);
	return after_post(req, resp, &w, &iv, rel, "end", rc, &err, "ended", false);
}

static int decision_post(struct request *req, struct response *resp)
{
	struct nrs_error err = {0};
	struct groupsvc_iv iv;
	struct iv_who w;
	unsigned rel;
	int rc = iv_load(req, &w, "id", REC_INTERVENTION, ACT_UPDATE, &iv, &rel);

	if (rc != 0)
		return rc;
	rc = groupsvc_decision_set(req->st, req->keys, &w.actor, iv.id, iv_decision_limit(req, rel),
	                           form_get_unique(&req->form, "decision_municipality"),
	                           form_get_unique(&req->form, "decision_date"),
	                           form_get_unique(&req->form, "decision_ref"), &err);
	return after_post(req, resp, &w, &iv, rel, "decision", rc, &err, "decision", false);
}

/* The follow-up form has one select per active measure, named by its key. */
struct fu_collect {
	struct request *req;
	struct followup_value v[MAX_MEASURES];
	size_t n;
};

static int fu_collect(const struct followup_measure_row *row, void *ctx)
{
	struct fu_collect *c = ctx;

	if (c->n >= MAX_MEASURES)
		return 0;
	c->v[c->n].measure = req_strdup(c->req, row->key);
	if (c->v[c->n].measure == NULL)
		return NRS_ENOMEM;
	c->v[c->n].value = form_get_unique(&c->req->form, row->key);
	c->n++;
	return 0;
}

static int followup_post(struct request *req, struct response *resp)
{
	struct nrs_error err = {0};
	struct fu_collect c = {0};
	struct groupsvc_iv iv;
	struct iv_who w;
	unsigned rel;
	int rc = iv_load(req, &w, "id", REC_FOLLOWUP, ACT_CREATE, &iv, &rel);

	if (rc != 0)
		return rc;
	c.req = req;
	rc = groupsvc_measures(req->st, fu_collect, &c);
	if (rc != 0)
		return rc;
	rc = groupsvc_followup_put(req->st, req->keys, &w.actor, iv.id,
	                           form_get_unique(&req->form, "phase"),
	                           form_get_unique(&req->form, "entered"), c.v, c.n, &err);
	return after_post(req, resp, &w, &iv, rel, "followup", rc, &err, "followup", false);
}

/* Starting and ending an intervention is the centre's work on the case (REC_CASE update);
 * the municipal officer's update right on REC_INTERVENTION is for the aid decision only. */
const struct route interventions_routes[] = {
    {"GET", "/interventions/new", new_get, true, REC_INTERVENTION, ACT_CREATE, 0},
    {"POST", "/interventions/new", new_post, true, REC_INTERVENTION, ACT_CREATE, 0},
    {"GET", "/interventions/:id", view_get, true, REC_INTERVENTION, ACT_READ, 0},
    {"POST", "/interventions/:id/sessions", session_post, true, REC_INTERVENTION, ACT_CREATE, 0},
    {"POST", "/interventions/:id/start", start_post, true, REC_CASE, ACT_UPDATE, 0},
    {"POST", "/interventions/:id/end", end_post, true, REC_CASE, ACT_UPDATE, 0},
    {"POST", "/interventions/:id/decision", decision_post, true, REC_INTERVENTION, ACT_UPDATE, 0},
    {"POST", "/interventions/:id/followup", followup_post, true, REC_FOLLOWUP, ACT_CREATE, 0},
};
ROUTE_TABLE_COUNT(interventions);
