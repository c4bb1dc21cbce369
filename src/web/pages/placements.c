/* Shelter placements (R17): GET /placements (the placing municipality's own, or all for the
 * centre manager), GET/POST /placements/new (the individual agreement), GET /placements/:id
 * with POST .../sign, .../followups and .../end, GET /placements/deviations (no signed
 * agreement, overdue follow-up) and its start-page panel, GET /placements/stats (guest
 * nights, women and children housed, refusals) and GET/POST /placements/refusals/new. Lists
 * show the client's pseudonymous code only, never a name. */
#include "web/pages/activity.h"

#include "base/date.h"
#include "base/err.h"
#include "base/str.h"
#include "security/placementsvc.h"
#include "security/policy.h"
#include "web/fields.h"
#include "web/layout.h"
#include "web/listing.h"
#include "web/pages/panels.h"
#include "web/response.h"
#include "web/router.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PANEL_ROWS 5

/* ---- shared pieces ---- */

/* The placement behind :id, checked against the policy for action with the user's relation
 * to it (the placing organisation is the user's own). Unknown ids are NRS_ENOTFOUND, asked
 * only of users the dispatcher let through. Nothing personal is read before the check. */
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

static void put_period(struct html *h, const char *start, const char *end)
{
	html_text(h, start);
	html_raw_trusted(h, " – ");
	if (end != NULL && end[0] != '\0')
		html_text(h, end);
	else
		html_raw_trusted(h, "tills vidare");
}

static void put_intervention(struct html *h, int housing, int support)
{
	html_raw_trusted(h, housing && support ? "Boende och stöd" : housing ? "Boende" : "Stöd");
}

/* Signed or not, told by a word and a symbol, not by colour alone. */
static void put_agreement(struct html *h, const char *signed_date)
{
	if (signed_date != NULL && signed_date[0] != '\0') {
		html_raw_trusted(h, "Undertecknat ");
		html_text(h, signed_date);
		return;
	}
	html_raw_trusted(h, "<strong class=\"status status-overdue\"><span aria-hidden=\"true\">⚠ "
	                    "</span>Ej undertecknat</strong>");
}

static void put_followup(struct html *h, enum followup_status s, const struct nrs_date *due)
{
	char d[11];

	date_format(due, d);
	if (s == FOLLOWUP_OVERDUE)
		html_raw_trusted(h, "<strong class=\"status status-overdue\"><span "
		                    "aria-hidden=\"true\">⚠ </span>");
	html_text(h, placement_followup_text(s));
	if (s == FOLLOWUP_OVERDUE)
		html_raw_trusted(h, "</strong>");
	if (s == FOLLOWUP_OVERDUE || s == FOLLOWUP_UPCOMING) {
		html_raw_trusted(h, " (senast ");
		html_text(h, d);
		html_raw_trusted(h, ")");
	}
}

static void put_deviations(struct html *h, unsigned dev)
{
	bool first = true;

	for (unsigned bit = 1; bit <= PLACEMENT_DEV_FOLLOWUP_OVERDUE; bit <<= 1) {
		if (!(dev & bit))
			continue;
		if (!first)
			html_raw_trusted(h, "<br>");
		html_text(h, placement_deviation_text(bit));
		first = false;
	}
	if (first)
		html_raw_trusted(h, "–");
}

static void put_placement_link(struct html *h, int64_t id)
{
	html_raw_trusted(h, "<a href=\"/placements/");
	html_int(h, id);
	html_raw_trusted(h, "\">Nr ");
	html_int(h, id);
	html_raw_trusted(h, "</a>");
}

/* A notice after a redirect: the text for done=key, if known. */
static void put_notice(struct html *h, const struct request *req,
                       const struct activity_choice *notices)
{
	const char *text = activity_label(notices, form_get(&req->query, "done"));

	if (text == NULL)
		return;
	html_raw_trusted(h, "<div class=\"notice\" role=\"status\"><p>");
	html_text(h, text);
	html_raw_trusted(h, "</p></div>\n");
}

/* A form's one error: the field it names, and the message. */
struct form_error {
	const char *field;
	const char *msg;
};

static const char *error_for(const struct form_error *e, const char *field)
{
	return e->field != NULL && e->msg != NULL && strcmp(e->field, field) == 0 ? e->msg : NULL;
}

static void set_error(struct request *req, struct form_error *e, const struct nrs_error *err)
{
	e->field = req_strdup(req, err->field);
	if (e->field == NULL)
		e->field = "";
	e->msg = activity_msg(req, err->msg);
}

/* ---- lists ---- */

struct item {
	int64_t id, children;
	const char *code, *placing, *shelter, *start, *end, *signed_date;
	int housing, support;
	struct nrs_date due;
	enum followup_status fstatus;
	unsigned deviations;
};

struct items {
	struct request *req;
	struct item *v;
	size_t n, cap;
	size_t max;   /* stop collecting after this many (0: all); total still counts */
	size_t total; /* rows the service handed out */
};

static int collect(const struct placement_entry *e, void *ctx)
{
	struct items *l = ctx;
	struct item *nv, *it;
	int rc = 0;

	l->total++;
	if (l->max != 0 && l->n >= l->max)
		return 0;
	nv = listing_grow(l->v, l->n, &l->cap, sizeof(*nv));
	if (nv == NULL)
		return NRS_ENOMEM;
	l->v = nv;
	it = &l->v[l->n];
	it->id = e->id;
	it->children = e->children;
	it->housing = e->housing;
	it->support = e->support;
	it->due = e->due;
	it->fstatus = e->fstatus;
	it->deviations = e->deviations;
	it->code = listing_strdup(l->req, e->client_code, &rc);
	it->placing = listing_strdup(l->req, e->placing_org_name, &rc);
	it->shelter = listing_strdup(l->req, e->shelter_name, &rc);
	it->start = listing_strdup(l->req, e->start, &rc);
	it->end = listing_strdup(l->req, e->end, &rc);
	it->signed_date = listing_strdup(l->req, e->signed_date, &rc);
	if (rc == 0)
		l->n++;
	return rc;
}

/* The placements the user may list (deviations only, or all), newest start first. */
static int load_items(struct request *req, bool deviations_only, struct items *l)
{
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	int64_t scope = 0;
	int rc = placementsvc_scope(&req->acc, &scope);

	if (rc != 0)
		return rc;
	activity_actor(req, &actor);
	l->req = req;
	return placementsvc_list(req->st, req->keys, &actor, scope, deviations_only, collect, l,
	                         &err);
}

static const char *const sort_keys[] = {"start", "code", "shelter"};

static int cmp_start(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	int c = strcmp(x->start, y->start);

	return c != 0 ? c : (x->id < y->id ? -1 : x->id > y->id);
}

static int cmp_code(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	int c = strcmp(x->code, y->code);

	return c != 0 ? c : cmp_start(a, b);
}

static int cmp_shelter(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	int c = strcmp(x->shelter, y->shelter);

	return c != 0 ? c : cmp_start(a, b);
}

static int render_list(struct request *req, struct response *resp, bool deviations_only)
{
	static int (*const cmps[])(const void *, const void *) = {cmp_start, cmp_code, cmp_shelter};
	const char *base = deviations_only ? "/placements/deviations" : "/placements";
	const char *title = deviations_only ? "Avvikelser i placeringar" : "Placeringar";
	struct items l = {0};
	struct html h;
	size_t key, first, count;
	bool desc;
	int64_t page;
	int rc;

	rc = listing_sort_param(req, sort_keys, 3, &key, &desc);
	if (rc == 0)
		rc = listing_page_param(req, &page);
	if (rc == 0)
		rc = load_items(req, deviations_only, &l);
	if (rc != 0)
		goto out;
	/* newest start first unless the user asked for an order */
	if (form_get(&req->query, "sort") == NULL)
		desc = true;
	if (l.n > 1)
		qsort(l.v, l.n, sizeof(*l.v), cmps[key]);
	for (size_t i = 0; desc && i < l.n / 2; i++) {
		struct item t = l.v[i];

		l.v[i] = l.v[l.n - 1 - i];
		l.v[l.n - 1 - i] = t;
	}
	listing_page_slice((int64_t)l.n, LISTING_PER_PAGE, &page, &first, &count);

	html_init(&h, &resp->body);
	layout_begin(&h, req, title);
	html_raw_trusted(&h, "<h1>");
	html_text(&h, title);
	html_raw_trusted(&h, "</h1>\n");
	if (deviations_only)
		html_raw_trusted(&h,
		                 "<p class=\"lead\">Placeringar utan ett avtal som båda parter "
		                 "har undertecknat, och placeringar som har pågått längre än två "
		                 "månader utan uppföljningsmöte.</p>\n");
	else
		html_raw_trusted(&h,
		                 "<p class=\"lead\">Placeringar på skyddat boende enligt "
		                 "socialtjänstlagen, med enskilt avtal och uppföljning. Kvinnan "
		                 "visas med sin klientkod.</p>\n");
	html_raw_trusted(&h, "<p>");
	if (policy_allows(req->acc.roles, REL_ANY | REL_OWN_ORG, REC_PLACEMENT, ACT_CREATE))
		html_raw_trusted(&h,
		                 "<a class=\"button\" href=\"/placements/new\">Ny placering</a> ");
	html_raw_trusted(&h, deviations_only ? "<a href=\"/placements\">Alla placeringar</a>"
	                                     : "<a href=\"/placements/deviations\">Avvikelser</a>");
	if (policy_allows_some(req->acc.roles, REC_SHELTER_STATS, ACT_READ))
		html_raw_trusted(&h, " · <a href=\"/placements/stats\">Statistik för boendet</a>");
	html_raw_trusted(&h, "</p>\n<table>\n<caption>");
	html_text(&h, title);
	html_raw_trusted(&h, " (");
	html_int(&h, (int64_t)l.n);
	html_raw_trusted(&h, " st)</caption>\n<thead><tr>\n<th scope=\"col\">Placering</th>\n");
	listing_sort_th(&h, req, base, "Klient", "code", key == 1, desc);
	html_raw_trusted(&h, "<th scope=\"col\">Placerande kommun</th>\n");
	listing_sort_th(&h, req, base, "Boende", "shelter", key == 2, desc);
	listing_sort_th(&h, req, base, "Period", "start", key == 0, desc);
	html_raw_trusted(&h, "<th scope=\"col\">Insats</th>\n<th scope=\"col\">Barn</th>\n"
	                     "<th scope=\"col\">Avtal</th>\n<th scope=\"col\">Uppföljning</th>\n");
	if (deviations_only)
		html_raw_trusted(&h, "<th scope=\"col\">Avvikelse</th>\n");
	html_raw_trusted(&h, "</tr></thead>\n<tbody>\n");
	for (size_t i = first; i < first + count; i++) {
		const struct item *r = &l.v[i];

		html_raw_trusted(&h, r->deviations ? "<tr class=\"urgent\"><th scope=\"row\">"
		                                   : "<tr><th scope=\"row\">");
		put_placement_link(&h, r->id);
		html_raw_trusted(&h, "</th><td>");
		html_text(&h, r->code);
		html_raw_trusted(&h, "</td><td>");
		html_text(&h, r->placing);
		html_raw_trusted(&h, "</td><td>");
		html_text(&h, r->shelter);
		html_raw_trusted(&h, "</td><td>");
		put_period(&h, r->start, r->end);
		html_raw_trusted(&h, "</td><td>");
		put_intervention(&h, r->housing, r->support);
		html_raw_trusted(&h, "</td><td class=\"num\">");
		html_int(&h, r->children);
		html_raw_trusted(&h, "</td><td>");
		put_agreement(&h, r->signed_date);
		html_raw_trusted(&h, "</td><td>");
		put_followup(&h, r->fstatus, &r->due);
		if (deviations_only) {
			html_raw_trusted(&h, "</td><td>");
			put_deviations(&h, r->deviations);
		}
		html_raw_trusted(&h, "</td></tr>\n");
	}
	if (l.n == 0)
		html_raw_trusted(&h, deviations_only
		                         ? "<tr><td colspan=\"10\">Inga avvikelser.</td></tr>\n"
		                         : "<tr><td colspan=\"9\">Inga placeringar.</td></tr>\n");
	html_raw_trusted(&h, "</tbody>\n</table>\n");
	listing_pager(&h, req, base, page, (int64_t)l.n, LISTING_PER_PAGE);
	layout_end(&h);
	rc = h.err;
out:
	free(l.v);
	return rc;
}

static int placements_list_get(struct request *req, struct response *resp)
{
	return render_list(req, resp, false);
}

static int placements_deviations_get(struct request *req, struct response *resp)
{
	return render_list(req, resp, true);
}

/* ---- the start-page panel ---- */

int panel_placement_deviations(struct request *req, struct html *h)
{
	struct items l = {0};
	int64_t scope;
	int rc;

	if (placementsvc_scope(&req->acc, &scope) != 0)
		return 1;
	l.max = PANEL_ROWS;
	rc = load_items(req, true, &l);
	if (rc != 0)
		goto out;
	if (l.total == 0) {
		rc = 1;
		goto out;
	}
	html_raw_trusted(h, "<table>\n<caption>Placeringar med avvikelser (");
	html_int(h, (int64_t)l.total);
	html_raw_trusted(h, " st)</caption>\n<thead><tr><th scope=\"col\">Placering</th>"
	                    "<th scope=\"col\">Klient</th><th scope=\"col\">Avvikelse</th>"
	                    "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < l.n; i++) {
		html_raw_trusted(h, "<tr><th scope=\"row\">");
		put_placement_link(h, l.v[i].id);
		html_raw_trusted(h, "</th><td>");
		html_text(h, l.v[i].code);
		html_raw_trusted(h, "</td><td>");
		put_deviations(h, l.v[i].deviations);
		html_raw_trusted(h, "</td></tr>\n");
	}
	html_raw_trusted(h, "</tbody>\n</table>\n<p><a href=\"/placements/deviations\">Alla "
	                    "avvikelser</a></p>\n");
	rc = h->err;
out:
	free(l.v);
	return rc;
}

/* ---- a new placement ---- */

struct new_form {
	const char *client_code, *shelter_id, *children, *child_ages, *start, *end;
	bool housing, support;
	const char *municipality_undertakes, *shelter_undertakes, *decision_date, *decision_ref;
	const char *signed_date;
	struct form_error e;
};

struct shelter_select {
	struct html *h;
	const char *selected;
};

static int shelter_option(int64_t id, const char *name, void *ctx)
{
	struct shelter_select *s = ctx;
	char v[24];

	snprintf(v, sizeof(v), "%" PRId64, id);
	field_option(s->h, v, name, s->selected != NULL && strcmp(s->selected, v) == 0);
	return 0;
}

static int shelter_select(struct html *h, struct request *req, const char *selected,
                          const char *error)
{
	struct shelter_select s = {h, selected};
	int rc;

	field_select_open(h, "shelter_id", "Skyddat boende", error, "Välj boende");
	rc = placementsvc_shelters(req->st, shelter_option, &s);
	field_select_close(h);
	return rc;
}

static int render_new(struct request *req, struct response *resp, int status,
                      const struct new_form *f)
{
	const struct form_error *e = &f->e;
	const char *e_iv = error_for(e, "intervention");
	struct html h;
	int rc;

	resp->status = status;
	html_init(&h, &resp->body);
	layout_begin(&h, req, "Ny placering");
	html_raw_trusted(&h, "<h1>Ny placering på skyddat boende</h1>\n");
	if (e->msg != NULL)
		activity_form_alert(&h,
		                    e->field[0] == '\0' ? e->msg : "Placeringen sparades inte.");
	html_raw_trusted(&h, "<p class=\"lead\">Det enskilda avtalet mellan kommunen och boendet "
	                     "(mall: bilaga 1 till samverkansavtalet). Skriv aldrig boendets "
	                     "adress eller läge.</p>\n"
	                     "<form method=\"post\" action=\"/placements/new\" class=\"form\">\n");
	html_csrf_input(&h, req->csrf);
	field_input(&h, "client_code", "Kvinnans klientkod (till exempel K-2026-0042)", "text",
	            f->client_code, error_for(e, "client_code"), "off", true);
	rc = shelter_select(&h, req, f->shelter_id, error_for(e, "shelter_id"));
	if (rc != 0)
		return rc;
	field_input(&h, "children", "Antal medföljande barn", "number", f->children,
	            error_for(e, "children"), "off", true);
	field_input(&h, "child_ages",
	            "Barnens åldrar i år, åtskilda med kommatecken (till "
	            "exempel 3, 7)",
	            "text", f->child_ages, error_for(e, "child_ages"), "off", false);
	field_input(&h, "start", "Placeringen gäller från", "date", f->start, error_for(e, "start"),
	            NULL, true);
	field_input(&h, "end", "Till (lämna tomt om den gäller tills vidare)", "date", f->end,
	            error_for(e, "end"), NULL, false);
	html_raw_trusted(&h, e_iv ? "<fieldset class=\"field has-error\">\n"
	                          : "<fieldset class=\"field\">\n");
	html_raw_trusted(&h, "<legend>Insatsen avser</legend>\n");
	field_error(&h, "intervention", e_iv);
	field_checkbox(&h, "housing", "1", "Boende", f->housing);
	field_checkbox(&h, "support", "1", "Stöd", f->support);
	html_raw_trusted(&h, "</fieldset>\n");
	field_textarea(&h, "municipality_undertakes", "Kommunen åtar sig",
	               f->municipality_undertakes, error_for(e, "municipality_undertakes"), 3,
	               true);
	field_textarea(&h, "shelter_undertakes", "Boendet åtar sig", f->shelter_undertakes,
	               error_for(e, "shelter_undertakes"), 3, true);
	field_input(&h, "decision_date", "Biståndsbeslutet fattades (datum)", "date",
	            f->decision_date, error_for(e, "decision_date"), NULL, true);
	field_input(&h, "decision_ref", "Beslutets diarienummer (valfritt)", "text",
	            f->decision_ref, error_for(e, "decision_ref"), "off", false);
	field_input(&h, "signed",
	            "Avtalet undertecknat av båda parter (datum; lämna tomt om det "
	            "inte är undertecknat ännu)",
	            "date", f->signed_date, error_for(e, "signed"), NULL, false);
	html_raw_trusted(&h, "<p><button type=\"submit\">Spara placeringen</button> "
	                     "<a href=\"/placements\">Avbryt</a></p>\n</form>\n");
	layout_end(&h);
	return h.err;
}

static int placements_new_get(struct request *req, struct response *resp)
{
	struct new_form f;

	memset(&f, 0, sizeof(f));
	f.children = "0";
	return render_new(req, resp, 200, &f);
}

static int placements_new_post(struct request *req, struct response *resp)
{
	struct placement_input in = {0};
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct new_form f;
	int ages[PLACEMENT_CHILDREN_MAX];
	char loc[64];
	int64_t id = 0;
	int rc;

	if (!policy_allows(req->acc.roles, REL_ANY | REL_OWN_ORG, REC_PLACEMENT, ACT_CREATE))
		return NRS_EDENIED;
	memset(&f, 0, sizeof(f));
	f.client_code = form_get_unique(&req->form, "client_code");
	f.shelter_id = form_get_unique(&req->form, "shelter_id");
	f.children = form_get_unique(&req->form, "children");
	f.child_ages = form_get_unique(&req->form, "child_ages");
	f.start = form_get_unique(&req->form, "start");
	f.end = form_get_unique(&req->form, "end");
	f.housing = form_get_unique(&req->form, "housing") != NULL;
	f.support = form_get_unique(&req->form, "support") != NULL;
	f.municipality_undertakes = form_get_unique(&req->form, "municipality_undertakes");
	f.shelter_undertakes = form_get_unique(&req->form, "shelter_undertakes");
	f.decision_date = form_get_unique(&req->form, "decision_date");
	f.decision_ref = form_get_unique(&req->form, "decision_ref");
	f.signed_date = form_get_unique(&req->form, "signed");

	in.client_code = f.client_code;
	in.start = f.start;
	in.end = f.end;
	in.housing = f.housing;
	in.support = f.support;
	in.municipality_undertakes = f.municipality_undertakes;
	in.shelter_undertakes = f.shelter_undertakes;
	in.decision_date = f.decision_date;
	in.decision_ref = f.decision_ref;
	in.signed_date = f.signed_date;
	in.ages = ages;
	/* an unparsable shelter id is an unknown shelter: the service says so on the field */
	if (f.shelter_id == NULL || activity_parse_id(f.shelter_id, &in.shelter_id) != 0)
		in.shelter_id = 0;
	rc = 0;
	if (f.children == NULL || f.children[0] == '\0')
		in.children = 0;
	else
		rc = activity_int_text(f.children, "children", "antalet barn", &in.children, &err);
	if (rc == 0)
		rc = placementsvc_parse_ages(f.child_ages, ages, PLACEMENT_CHILDREN_MAX, &in.nages,
		                             &err);
	if (rc == 0) {
		activity_actor(req, &actor);
		rc = placementsvc_create(req->st, req->keys, &actor, &req->acc, &in, &id, &err);
	}
	if (rc == NRS_EINVAL || rc == NRS_ETOOBIG) {
		activity_error_sentence(&err);
		set_error(req, &f.e, &err);
		return render_new(req, resp, 422, &f);
	}
	if (rc != 0)
		return rc;
	snprintf(loc, sizeof(loc), "/placements/%" PRId64 "?done=created", id);
	return response_redirect(resp, loc);
}

/* ---- one placement ---- */

struct view_forms {
	const char *signed_date, *held, *end;
	struct form_error e;
};

static void render_facts(struct html *h, const struct placement_view *v)
{
	char due[11];

	date_format(&v->due, due);
	html_raw_trusted(h, "<dl class=\"facts\">\n<dt>Kvinnan (klientkod)</dt><dd>");
	html_text(h, v->client_code);
	html_raw_trusted(h, "</dd>\n<dt>Placerande kommun</dt><dd>");
	html_text(h, v->placing_org_name);
	html_raw_trusted(h, "</dd>\n<dt>Skyddat boende</dt><dd>");
	html_text(h, v->shelter_name);
	html_raw_trusted(h, "</dd>\n<dt>Period</dt><dd>");
	put_period(h, v->start, v->end);
	html_raw_trusted(h, "</dd>\n<dt>Medföljande barn</dt><dd>");
	html_int(h, (int64_t)v->nchildren);
	if (v->nchildren > 0) {
		html_raw_trusted(h, " (åldrar: ");
		for (size_t i = 0; i < v->nchildren; i++) {
			if (i > 0)
				html_raw_trusted(h, ", ");
			html_int(h, v->ages[i]);
		}
		html_raw_trusted(h, " år)");
	}
	html_raw_trusted(h, "</dd>\n<dt>Insatsen avser</dt><dd>");
	put_intervention(h, v->housing, v->support);
	html_raw_trusted(h, "</dd>\n<dt>Biståndsbeslut</dt><dd>");
	html_text(h, v->decision_date);
	if (v->decision_ref[0] != '\0') {
		html_raw_trusted(h, ", diarienummer ");
		html_text(h, v->decision_ref);
	}
	html_raw_trusted(h, "</dd>\n<dt>Avtal</dt><dd>");
	put_agreement(h, v->signed_date);
	html_raw_trusted(h, "</dd>\n<dt>Uppföljningsmöte</dt><dd>");
	put_followup(h, v->fstatus, &v->due);
	html_raw_trusted(h, "</dd>\n<dt>Två månader passeras</dt><dd>");
	html_text(h, due);
	html_raw_trusted(h, "</dd>\n<dt>Avvikelser</dt><dd>");
	put_deviations(h, v->deviations);
	html_raw_trusted(h, "</dd>\n</dl>\n");
	html_raw_trusted(h, "<section aria-labelledby=\"h-undertakings\">\n<h2 "
	                    "id=\"h-undertakings\">Åtaganden</h2>\n<h3>Kommunen åtar sig</h3>\n"
	                    "<p class=\"contact\">");
	activity_text_or_dash(h, v->municipality_undertakes);
	html_raw_trusted(h, "</p>\n<h3>Boendet åtar sig</h3>\n<p class=\"contact\">");
	activity_text_or_dash(h, v->shelter_undertakes);
	html_raw_trusted(h, "</p>\n</section>\n");
	html_raw_trusted(h, "<table>\n<caption>Uppföljningsmöten (");
	html_int(h, (int64_t)v->nfollowups);
	html_raw_trusted(h, " st)</caption>\n<thead><tr><th scope=\"col\">Hölls</th></tr></thead>\n"
	                    "<tbody>\n");
	for (size_t i = 0; i < v->nfollowups; i++) {
		html_raw_trusted(h, "<tr><td>");
		html_text(h, v->followups[i]);
		html_raw_trusted(h, "</td></tr>\n");
	}
	if (v->nfollowups == 0)
		html_raw_trusted(h, "<tr><td>Inga möten registrerade.</td></tr>\n");
	html_raw_trusted(h, "</tbody>\n</table>\n");
}

static void form_open(struct html *h, const struct request *req, int64_t id, const char *what,
                      const char *heading_id, const char *heading)
{
	html_raw_trusted(h, "<section aria-labelledby=\"");
	html_raw_trusted(h, heading_id);
	html_raw_trusted(h, "\">\n<h2 id=\"");
	html_raw_trusted(h, heading_id);
	html_raw_trusted(h, "\">");
	html_text(h, heading);
	html_raw_trusted(h, "</h2>\n<form method=\"post\" action=\"/placements/");
	html_int(h, id);
	html_raw_trusted(h, "/");
	html_raw_trusted(h, what);
	html_raw_trusted(h, "\" class=\"form\">\n");
	html_csrf_input(h, req->csrf);
}

static int render_view(struct request *req, struct response *resp, int status, int64_t id,
                       const struct view_forms *f)
{
	static const struct activity_choice notices[] = {
	    {"created", "Placeringen är sparad."},
	    {"signed", "Underskriften är registrerad."},
	    {"followup", "Uppföljningsmötet är registrerat."},
	    {"ended", "Placeringen är avslutad."},
	    {NULL, NULL},
	};
	const struct form_error *e = &f->e;
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct placement_view *v = NULL;
	char title[48], today[11];
	bool may_update = false;
	unsigned rel = REL_ANY;
	struct html h;
	int rc;

	activity_actor(req, &actor);
	rc = placementsvc_relations(req->st, &req->acc, id, &rel);
	if (rc == 0) {
		may_update = policy_allows(req->acc.roles, rel, REC_PLACEMENT, ACT_UPDATE);
		rc = placementsvc_read(req->st, req->keys, &actor, id, &v, &err);
	}
	if (rc != 0)
		goto out;
	date_format(&actor.today, today);
	snprintf(title, sizeof(title), "Placering nr %" PRId64, id);
	resp->status = status;
	html_init(&h, &resp->body);
	layout_begin(&h, req, title);
	html_raw_trusted(&h, "<h1>");
	html_text(&h, title);
	html_raw_trusted(&h, "</h1>\n");
	if (status == 200)
		put_notice(&h, req, notices);
	if (e->msg != NULL)
		activity_form_alert(&h, e->field[0] == '\0' ? e->msg : "Ändringen sparades inte.");
	render_facts(&h, v);
	if (may_update) {
		if (v->signed_date[0] == '\0') {
			form_open(&h, req, id, "sign", "h-sign", "Registrera underskrift");
			field_input(&h, "signed", "Avtalet undertecknades av båda parter (datum)",
			            "date", f->signed_date ? f->signed_date : today,
			            error_for(e, "signed"), NULL, true);
			html_raw_trusted(&h, "<p><button type=\"submit\">Registrera underskriften"
			                     "</button></p>\n</form>\n</section>\n");
		}
		form_open(&h, req, id, "followups", "h-followup", "Registrera uppföljningsmöte");
		field_input(&h, "held", "Mötet hölls (datum)", "date", f->held ? f->held : today,
		            error_for(e, "held"), NULL, true);
		html_raw_trusted(&h, "<p><button type=\"submit\">Registrera mötet</button></p>\n"
		                     "</form>\n</section>\n");
		if (v->end[0] == '\0' || strcmp(v->end, today) > 0) {
			form_open(&h, req, id, "end", "h-end", "Avsluta placeringen");
			field_input(&h, "end", "Sista dag (utflyttning)", "date",
			            f->end ? f->end : today, error_for(e, "end"), NULL, true);
			html_raw_trusted(&h, "<p><button type=\"submit\">Avsluta placeringen"
			                     "</button></p>\n</form>\n</section>\n");
		}
	}
	html_raw_trusted(&h, "<p><a href=\"/placements\">Alla placeringar</a></p>\n");
	layout_end(&h);
	rc = h.err;
out:
	placementsvc_view_free(v);
	return rc;
}

static int placement_view_get(struct request *req, struct response *resp)
{
	struct view_forms f;
	int64_t id;
	int rc = load_placement(req, ACT_READ, &id);

	if (rc != 0)
		return rc;
	memset(&f, 0, sizeof(f));
	return render_view(req, resp, 200, id, &f);
}

/* After a write: back to the page with a notice, or the page again with the error. */
static int after_write(struct request *req, struct response *resp, int64_t id, int rc,
                       struct nrs_error *err, struct view_forms *f, const char *done)
{
	char loc[80];

	if (rc == NRS_EINVAL || rc == NRS_ECONFLICT || rc == NRS_ETOOBIG) {
		activity_error_sentence(err);
		set_error(req, &f->e, err);
		return render_view(req, resp, rc == NRS_ECONFLICT ? 409 : 422, id, f);
	}
	if (rc != 0)
		return rc;
	snprintf(loc, sizeof(loc), "/placements/%" PRId64 "?done=%s", id, done);
	return response_redirect(resp, loc);
}

/* The one-date actions on a placement. */
typedef int (*date_action)(struct store *st, const struct crypto_keys *keys,
                           const struct clientsvc_actor *actor, int64_t id, const char *date,
                           struct nrs_error *err);

/* Runs act with date on the placement in the path; f holds what was typed, shown again with
 * the error; done is the redirect's done= when it went well. */
static int date_post(struct request *req, struct response *resp, struct view_forms *f,
                     const char *date, date_action act, const char *done)
{
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	int64_t id;
	int rc = load_placement(req, ACT_UPDATE, &id);

	if (rc != 0)
		return rc;
	activity_actor(req, &actor);
	rc = act(req->st, req->keys, &actor, id, date, &err);
	return after_write(req, resp, id, rc, &err, f, done);
}

static int placement_sign_post(struct request *req, struct response *resp)
{
	struct view_forms f = {0};

	f.signed_date = form_get_unique(&req->form, "signed");
	return date_post(req, resp, &f, f.signed_date, placementsvc_sign, "signed");
}

static int placement_followup_post(struct request *req, struct response *resp)
{
	struct view_forms f = {0};

	f.held = form_get_unique(&req->form, "held");
	return date_post(req, resp, &f, f.held, placementsvc_followup_add, "followup");
}

static int placement_end_post(struct request *req, struct response *resp)
{
	struct view_forms f = {0};

	f.end = form_get_unique(&req->form, "end");
	return date_post(req, resp, &f, f.end, placementsvc_end, "ended");
}

/* ---- the shelter's statistics ---- */

static void put_stats_row(struct html *h, const struct shelter_stats *s, bool total)
{
	html_raw_trusted(h, total ? "<tr class=\"total\"><th scope=\"row\">"
	                          : "<tr><th scope=\"row\">");
	html_text(h, total ? "Totalt" : s->shelter_name);
	html_raw_trusted(h, "</th><td class=\"num\">");
	html_int(h, s->woman_nights + s->child_nights);
	html_raw_trusted(h, "</td><td class=\"num\">");
	html_int(h, s->woman_nights);
	html_raw_trusted(h, "</td><td class=\"num\">");
	html_int(h, s->child_nights);
	html_raw_trusted(h, "</td><td class=\"num\">");
	html_int(h, s->women);
	html_raw_trusted(h, "</td><td class=\"num\">");
	html_int(h, s->children);
	html_raw_trusted(h, "</td><td class=\"num\">");
	html_int(h, s->refused_no_room);
	html_raw_trusted(h, "</td><td class=\"num\">");
	html_int(h, s->refused_other);
	html_raw_trusted(h, "</td></tr>\n");
}

static int put_refusal(const struct refusal_entry *e, void *ctx)
{
	struct html *h = ctx;

	html_raw_trusted(h, "<tr><td>");
	html_text(h, e->date);
	html_raw_trusted(h, "</td><td>");
	html_text(h, e->shelter_name);
	html_raw_trusted(h, "</td><td>");
	html_text(h, e->reason_text);
	html_raw_trusted(h, "</td><td class=\"num\">");
	html_int(h, e->count);
	html_raw_trusted(h, "</td></tr>\n");
	return h->err;
}

static int stats_get(struct request *req, struct response *resp)
{
	static const struct activity_choice notices[] = {
	    {"refusal", "Avvisningarna är registrerade."},
	    {NULL, NULL},
	};
	const char *from = form_get(&req->query, "from"), *to = form_get(&req->query, "to");
	struct shelter_stats *rows = NULL, total;
	struct nrs_error err = {0};
	struct nrs_date f, t, today = date_today();
	char dflt_from[11], dflt_to[11];
	struct form_error e = {0};
	size_t n = 0;
	struct html h;
	int rc;

	date_format(&today, dflt_to);
	snprintf(dflt_from, sizeof(dflt_from), "%04d-01-01", today.year);
	if (from == NULL || from[0] == '\0')
		from = dflt_from;
	if (to == NULL || to[0] == '\0')
		to = dflt_to;
	rc = placementsvc_period(from, to, &f, &t, &err);
	if (rc == 0)
		rc = placementsvc_stats(req->st, &f, &t, &today, &rows, &n, &err);
	if (rc == NRS_EINVAL) {
		set_error(req, &e, &err);
		resp->status = 422;
	} else if (rc != 0) {
		return rc;
	}

	html_init(&h, &resp->body);
	layout_begin(&h, req, "Statistik för skyddat boende");
	html_raw_trusted(&h, "<h1>Statistik för skyddat boende</h1>\n");
	put_notice(&h, req, notices);
	if (e.msg != NULL)
		activity_form_alert(&h, "Perioden godtas inte.");
	html_raw_trusted(&h, "<p class=\"lead\">Gästnätter räknas från placeringarna (kvinnan och "
	                     "varje medföljande barn, en natt per natt som har passerat). "
	                     "Avvisningar registreras av centrumet utifrån boendets "
	                     "rapporter.</p>\n");
	if (policy_allows_some(req->acc.roles, REC_SHELTER_STATS, ACT_CREATE))
		html_raw_trusted(&h, "<p><a class=\"button\" href=\"/placements/refusals/new\">"
		                     "Registrera avvisningar</a></p>\n");
	html_raw_trusted(&h, "<form method=\"get\" action=\"/placements/stats\" "
	                     "class=\"filter\">\n");
	field_input(&h, "from", "Från och med", "date", from, error_for(&e, "from"), NULL, true);
	field_input(&h, "to", "Till och med", "date", to, error_for(&e, "to"), NULL, true);
	html_raw_trusted(&h, "<p><button type=\"submit\">Visa</button></p>\n</form>\n");
	if (rc == 0) {
		memset(&total, 0, sizeof(total));
		html_raw_trusted(&h, "<table>\n<caption>Boende ");
		html_text(&h, from);
		html_raw_trusted(&h, " – ");
		html_text(&h, to);
		html_raw_trusted(&h, "</caption>\n<thead><tr><th scope=\"col\">Boende</th>"
		                     "<th scope=\"col\">Gästnätter</th>"
		                     "<th scope=\"col\">varav kvinnor</th>"
		                     "<th scope=\"col\">varav barn</th>"
		                     "<th scope=\"col\">Kvinnor</th><th scope=\"col\">Barn</th>"
		                     "<th scope=\"col\">Avvisade, platsbrist</th>"
		                     "<th scope=\"col\">Avvisade, annat skäl</th></tr></thead>\n"
		                     "<tbody>\n");
		for (size_t i = 0; i < n; i++) {
			put_stats_row(&h, &rows[i], false);
			total.woman_nights += rows[i].woman_nights;
			total.child_nights += rows[i].child_nights;
			total.women += rows[i].women;
			total.children += rows[i].children;
			total.refused_no_room += rows[i].refused_no_room;
			total.refused_other += rows[i].refused_other;
		}
		if (n == 0)
			html_raw_trusted(&h, "<tr><td colspan=\"8\">Inga boenden är registrerade."
			                     "</td></tr>\n");
		else if (n > 1)
			put_stats_row(&h, &total, true);
		html_raw_trusted(&h, "</tbody>\n</table>\n<table>\n<caption>Registrerade "
		                     "avvisningar under perioden</caption>\n<thead><tr>"
		                     "<th scope=\"col\">Datum</th><th scope=\"col\">Boende</th>"
		                     "<th scope=\"col\">Skäl</th><th scope=\"col\">Antal</th>"
		                     "</tr></thead>\n<tbody>\n");
		rc = placementsvc_refusals(req->st, &f, &t, put_refusal, &h);
		if (rc != 0)
			goto out;
		html_raw_trusted(&h, "</tbody>\n</table>\n");
	}
	layout_end(&h);
	rc = h.err;
out:
	free(rows);
	return rc;
}

/* ---- refusals ---- */

struct refusal_form {
	const char *shelter_id, *date, *reason, *count;
	struct form_error e;
};

static const struct activity_choice reason_choices[] = {
    {"no_room", "Platsbrist"},
    {"other", "Annat skäl"},
    {NULL, NULL},
};

static int render_refusal(struct request *req, struct response *resp, int status,
                          const struct refusal_form *f)
{
	const struct form_error *e = &f->e;
	struct html h;
	int rc;

	resp->status = status;
	html_init(&h, &resp->body);
	layout_begin(&h, req, "Registrera avvisningar");
	html_raw_trusted(&h, "<h1>Registrera avvisningar</h1>\n");
	if (e->msg != NULL)
		activity_form_alert(&h,
		                    e->field[0] == '\0' ? e->msg : "Avvisningarna sparades inte.");
	html_raw_trusted(&h, "<p class=\"lead\">Hur många kvinnor boendet inte kunde ta emot en "
	                     "viss dag, och varför. Bara antal: inga namn eller "
	                     "klientkoder.</p>\n<form method=\"post\" "
	                     "action=\"/placements/refusals/new\" class=\"form\">\n");
	html_csrf_input(&h, req->csrf);
	rc = shelter_select(&h, req, f->shelter_id, error_for(e, "shelter_id"));
	if (rc != 0)
		return rc;
	field_input(&h, "date", "Datum", "date", f->date, error_for(e, "date"), NULL, true);
	activity_choice_select(&h, "reason", "Skäl", reason_choices, f->reason,
	                       error_for(e, "reason"), "Välj skäl");
	field_input(&h, "count", "Antal avvisade", "number", f->count, error_for(e, "count"), "off",
	            true);
	html_raw_trusted(&h, "<p><button type=\"submit\">Spara</button> "
	                     "<a href=\"/placements/stats\">Avbryt</a></p>\n</form>\n");
	layout_end(&h);
	return h.err;
}

static int refusal_new_get(struct request *req, struct response *resp)
{
	struct refusal_form f;
	char today[11];
	struct nrs_date d = date_today();

	memset(&f, 0, sizeof(f));
	date_format(&d, today);
	f.date = today;
	f.count = "1";
	return render_refusal(req, resp, 200, &f);
}

static int refusal_new_post(struct request *req, struct response *resp)
{
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct refusal_form f;
	int64_t shelter = 0, count = 0, id = 0;
	int rc = 0;

	if (!policy_allows(req->acc.roles, REL_ANY, REC_SHELTER_STATS, ACT_CREATE))
		return NRS_EDENIED;
	memset(&f, 0, sizeof(f));
	f.shelter_id = form_get_unique(&req->form, "shelter_id");
	f.date = form_get_unique(&req->form, "date");
	f.reason = form_get_unique(&req->form, "reason");
	f.count = form_get_unique(&req->form, "count");
	if (f.shelter_id == NULL || activity_parse_id(f.shelter_id, &shelter) != 0)
		shelter = 0;
	if (f.count == NULL || f.count[0] == '\0')
		rc = nrs_error_set(&err, NRS_EINVAL, "count", "Ange antalet avvisade.");
	else
		rc = activity_int_text(f.count, "count", "antalet", &count, &err);
	if (rc == 0) {
		activity_actor(req, &actor);
		rc = placementsvc_refusal_add(req->st, req->keys, &actor, shelter, f.date, f.reason,
		                              count, &id, &err);
	}
	if (rc == NRS_EINVAL) {
		activity_error_sentence(&err);
		set_error(req, &f.e, &err);
		return render_refusal(req, resp, 422, &f);
	}
	if (rc != 0)
		return rc;
	return response_redirect(resp, "/placements/stats?done=refusal");
}

/* Literal paths before /placements/:id, which would otherwise take them. */
const struct route placements_routes[] = {
    {"GET", "/placements", placements_list_get, true, REC_PLACEMENT, ACT_LIST, 0},
    {"GET", "/placements/deviations", placements_deviations_get, true, REC_PLACEMENT, ACT_LIST, 0},
    {"GET", "/placements/new", placements_new_get, true, REC_PLACEMENT, ACT_CREATE, 0},
    {"POST", "/placements/new", placements_new_post, true, REC_PLACEMENT, ACT_CREATE, 0},
    {"GET", "/placements/stats", stats_get, true, REC_SHELTER_STATS, ACT_READ, 0},
    {"GET", "/placements/refusals/new", refusal_new_get, true, REC_SHELTER_STATS, ACT_CREATE, 0},
    {"POST", "/placements/refusals/new", refusal_new_post, true, REC_SHELTER_STATS, ACT_CREATE, 0},
    {"GET", "/placements/:id", placement_view_get, true, REC_PLACEMENT, ACT_READ, 0},
    {"POST", "/placements/:id/sign", placement_sign_post, true, REC_PLACEMENT, ACT_UPDATE, 0},
    {"POST", "/placements/:id/followups", placement_followup_post, true, REC_PLACEMENT, ACT_UPDATE,
     0},
    {"POST", "/placements/:id/end", placement_end_post, true, REC_PLACEMENT, ACT_UPDATE, 0},
};
ROUTE_TABLE_COUNT(placements);
