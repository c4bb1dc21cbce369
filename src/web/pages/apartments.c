/* Emergency apartments (R14–R16): GET /apartments (the month calendar: occupied or free per
 * night, never who), GET /apartments/stats (occupancy and length of stay for a period),
 * GET/POST /apartments/admin and POST /apartments/admin/:id (the apartments themselves),
 * GET /apartments/stays, GET/POST /apartments/stays/new, GET /apartments/stays/:id and POST
 * .../moveout and .../charge (a wear/cleaning charge to the home municipality). */
#include "web/pages/apartments.h"

#include "base/date.h"
#include "base/str.h"
#include "domain/money.h"
#include "security/casequery.h"
#include "web/fields.h"
#include "web/layout.h"
#include "web/listing.h"
#include "web/pages/activity.h"
#include "web/response.h"
#include "web/router.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const month_names[12] = {
    "januari", "februari", "mars",      "april",   "maj",      "juni",
    "juli",    "augusti",  "september", "oktober", "november", "december",
};

/* ---- shared with the API (apartments.h) ---- */

int apt_ensure(struct request *req)
{
	struct clientsvc_actor actor;
	struct nrs_error err = {0};

	activity_actor(req, &actor);
	return housingsvc_apartments_ensure(req->st, req->keys, &actor, req->acc.organisation_kind,
	                                    &err);
}

bool apt_may_stay(const struct request *req, enum policy_action action)
{
	return policy_allows(req->acc.roles, REL_ANY | REL_OWN_ORG, REC_STAY, action);
}

bool apt_may_apartment(const struct request *req, enum policy_action action)
{
	return policy_allows(req->acc.roles, REL_ANY | REL_OWN_ORG, REC_APARTMENT, action);
}

int apt_stay_load(struct request *req, enum policy_action action, int64_t *id)
{
	unsigned rel = REL_ANY;
	int rc;

	if (activity_parse_id(req_param(req, "id"), id) != 0)
		return NRS_ENOTFOUND;
	rc = housingsvc_stay_facts(req->st, &req->acc, *id, &rel);
	if (rc != 0)
		return rc;
	return policy_allows(req->acc.roles, rel, REC_STAY, action) ? 0 : NRS_EDENIED;
}

int apt_stay_create(struct request *req, const struct apt_stay_values *v, int64_t *id,
                    struct nrs_error *err)
{
	struct clientsvc_actor actor;
	struct stay_new in = {0};
	int64_t client_id = 0;
	int rc;

	*id = 0;
	/* the same answer for an unknown code and a client the user may not see: no oracle */
	rc = casequery_client_by_code(req->st, &req->acc, v->client_code, &client_id);
	if (rc == NRS_ENOTFOUND)
		return nrs_error_set(err, NRS_EINVAL, "client_code",
		                     "Klientkod: det finns ingen klient med den koden bland dina "
		                     "klienter (till exempel K-2026-0042).");
	if (rc != 0)
		return rc;
	activity_actor(req, &actor);
	in.apartment_id = v->apartment_id;
	in.client_id = client_id;
	in.children_ages = v->children_ages;
	in.home_municipality = v->home_municipality;
	in.move_in = v->move_in;
	in.move_out = v->move_out;
	in.outside_staff = v->outside_staff;
	in.outside_staff_org = v->outside_staff_org;
	return housingsvc_stay_create(req->st, req->keys, &actor, &in, id, err);
}

int apt_month_parse(const char *s, int *year, int *month)
{
	struct nrs_date today = date_today();
	int64_t y, m;
	char ybuf[5], mbuf[3];

	*year = today.year;
	*month = today.month;
	if (s == NULL || s[0] == '\0')
		return 0;
	if (strlen(s) != 7 || s[4] != '-')
		return NRS_EINVAL;
	memcpy(ybuf, s, 4);
	ybuf[4] = '\0';
	memcpy(mbuf, s + 5, 2);
	mbuf[2] = '\0';
	if (!str_all_digits(ybuf) || !str_all_digits(mbuf) ||
	    str_to_i64(ybuf, 2000, 9998, &y) != 0 || str_to_i64(mbuf, 1, 12, &m) != 0)
		return NRS_EINVAL;
	*year = (int)y;
	*month = (int)m;
	return 0;
}

void apt_month_text(int year, int month, char *out, size_t n)
{
	snprintf(out, n, "%s %d", month >= 1 && month <= 12 ? month_names[month - 1] : "?", year);
}

/* ---- small pieces ---- */

static void put_stay_link(struct html *h, int64_t id)
{
	html_raw_trusted(h, "<a href=\"/apartments/stays/");
	html_int(h, id);
	html_raw_trusted(h, "\">Vistelse nr ");
	html_int(h, id);
	html_raw_trusted(h, "</a>");
}

/* The links between the apartment pages, the current one as text. */
static void put_subnav(struct html *h, const struct request *req, const char *current)
{
	static const struct {
		const char *path, *label;
		enum record_kind kind;
		enum policy_action action;
	} links[] = {
	    {"/apartments", "Beläggningskalender", REC_APARTMENT, ACT_LIST},
	    {"/apartments/stays", "Vistelser", REC_STAY, ACT_LIST},
	    {"/apartments/stays/new", "Ny vistelse", REC_STAY, ACT_CREATE},
	    {"/apartments/stats", "Nyttjandegrad och boendetid", REC_STAY, ACT_LIST},
	    {"/apartments/admin", "Lägenheterna", REC_APARTMENT, ACT_CREATE},
	};

	html_raw_trusted(h, "<nav aria-label=\"Jourlägenheter\"><ul class=\"tabs\">\n");
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		if (!policy_allows(req->acc.roles, REL_ANY | REL_OWN_ORG, links[i].kind,
		                   links[i].action))
			continue;
		html_raw_trusted(h, "<li><a href=\"");
		html_raw_trusted(h, links[i].path);
		html_raw_trusted(
		    h, strcmp(links[i].path, current) == 0 ? "\" aria-current=\"page\">" : "\">");
		html_raw_trusted(h, links[i].label);
		html_raw_trusted(h, "</a></li>\n");
	}
	html_raw_trusted(h, "</ul></nav>\n");
}

/* ---- the calendar ---- */

static void put_month_link(struct html *h, int year, int month, const char *label)
{
	char m[8], text[32];

	if (month < 1) {
		month = 12;
		year--;
	} else if (month > 12) {
		month = 1;
		year++;
	}
	snprintf(m, sizeof(m), "%04d-%02d", year, month);
	apt_month_text(year, month, text, sizeof(text));
	html_raw_trusted(h, "<a href=\"/apartments?month=");
	html_url(h, m);
	html_raw_trusted(h, "\">");
	html_raw_trusted(h, label);
	html_text(h, text);
	html_raw_trusted(h, "</a>");
}

static const char *const weekday_short[7] = {"må", "ti", "on", "to", "fr", "lö", "sö"};

static void render_calendar(struct html *h, const struct housing_calendar *c)
{
	char title[32];
	int64_t first = date_to_days(&(struct nrs_date){c->year, c->month, 1});

	apt_month_text(c->year, c->month, title, sizeof(title));
	html_raw_trusted(h, "<div class=\"table-scroll\">\n<table class=\"calendar\">\n<caption>"
	                    "Beläggning ");
	html_text(h, title);
	html_raw_trusted(h, ": U = upptagen natt, L = ledig natt</caption>\n<thead><tr>"
	                    "<th scope=\"col\">Lägenhet</th>");
	for (int d = 1; d <= c->days; d++) {
		/* 1970-01-01 was a Thursday (index 3 with Monday as 0) */
		int64_t wd = ((first + d - 1) % 7 + 7 + 3) % 7;

		html_raw_trusted(h, "<th scope=\"col\" class=\"num\"><abbr title=\"");
		html_raw_trusted(h, weekday_short[wd]);
		html_raw_trusted(h, "\">");
		html_int(h, d);
		html_raw_trusted(h, "</abbr></th>");
	}
	html_raw_trusted(h, "<th scope=\"col\" class=\"num\">Upptagna nätter</th></tr></thead>\n"
	                    "<tbody>\n");
	for (size_t i = 0; i < c->n; i++) {
		const struct housing_cal_row *r = &c->rows[i];

		html_raw_trusted(h, "<tr><th scope=\"row\">");
		html_text(h, r->label);
		if (!r->active)
			html_raw_trusted(h, " (används inte längre)");
		html_raw_trusted(h, "</th>");
		for (int d = 0; d < c->days; d++)
			html_raw_trusted(
			    h, r->occupied[d]
			           ? "<td class=\"occ\"><abbr title=\"upptagen\">U</abbr></td>"
			           : "<td class=\"free\"><abbr title=\"ledig\">L</abbr></td>");
		html_raw_trusted(h, "<td class=\"num\">");
		html_int(h, r->nights);
		html_raw_trusted(h, " av ");
		html_int(h, c->days);
		html_raw_trusted(h, "</td></tr>\n");
	}
	if (c->n == 0)
		html_raw_trusted(h, "<tr><td colspan=\"3\">Din verksamhet har inga jourlägenheter."
		                    "</td></tr>\n");
	html_raw_trusted(h, "</tbody>\n</table>\n</div>\n");
}

static int calendar_get(struct request *req, struct response *resp)
{
	struct housing_calendar cal = {0};
	struct nrs_error err = {0};
	struct html h;
	char title[32];
	int year, month, rc;

	if (apt_month_parse(form_get(&req->query, "month"), &year, &month) != 0)
		return NRS_EINVAL;
	rc = apt_ensure(req);
	if (rc == 0)
		rc =
		    housingsvc_calendar(req->st, req->acc.organisation_id, year, month, &cal, &err);
	if (rc != 0)
		return rc;
	apt_month_text(year, month, title, sizeof(title));
	html_init(&h, &resp->body);
	layout_begin(&h, req, "Jourlägenheter");
	html_raw_trusted(&h, "<h1>Jourlägenheter</h1>\n");
	put_subnav(&h, req, "/apartments");
	html_raw_trusted(&h, "<h2>Beläggning ");
	html_text(&h, title);
	html_raw_trusted(&h, "</h2>\n<p class=\"lead\">En natt räknas som upptagen när ett "
	                     "hushåll bor i lägenheten natten mot nästa dag: inflyttningsdagens "
	                     "natt är upptagen, utflyttningsdagens är ledig. Kalendern visar "
	                     "aldrig vem som bor där.</p>\n<p class=\"pager\">");
	put_month_link(&h, year, month - 1, "← ");
	html_raw_trusted(&h, " ");
	put_month_link(&h, year, month + 1, "→ ");
	html_raw_trusted(&h, "</p>\n");
	render_calendar(&h, &cal);
	layout_end(&h);
	housingsvc_calendar_free(&cal);
	return h.err;
}

/* ---- occupancy and length of stay ---- */

static void put_avg(struct html *h, int64_t num, int64_t den)
{
	char t[32];

	housing_average_text(num, den, t, sizeof(t));
	html_text(h, t);
}

static void render_stats(struct html *h, const struct housing_stats *s)
{
	char pct[32], from[11], to[11];

	date_format(&s->from, from);
	date_format(&s->to, to);
	occupancy_format_percent(&s->occupancy, 1, pct, sizeof(pct));
	html_raw_trusted(h, "<h2>Nätterna ");
	html_text(h, from);
	html_raw_trusted(h, " – ");
	html_text(h, to);
	html_raw_trusted(h, "</h2>\n");
	if (s->clipped)
		html_raw_trusted(h, "<p>Perioden räknas till och med natten mot i dag: nätter som "
		                    "inte har passerat ännu räknas inte.</p>\n");
	html_raw_trusted(h, "<dl class=\"facts\">\n<dt>Nyttjandegrad</dt><dd>");
	html_text(h, pct);
	html_raw_trusted(h, " (");
	html_int(h, s->occupancy.num);
	html_raw_trusted(h, " upptagna nätter av ");
	html_int(h, s->occupancy.den);
	html_raw_trusted(h, " möjliga: ");
	html_int(h, s->apartments);
	html_raw_trusted(h, " lägenheter × ");
	html_int(h, s->nights);
	html_raw_trusted(h, " nätter)</dd>\n<dt>Inflyttade hushåll</dt><dd>");
	html_int(h, s->households);
	html_raw_trusted(h, "</dd>\n<dt>Inflyttade vuxna</dt><dd>");
	html_int(h, s->adults);
	html_raw_trusted(h, "</dd>\n<dt>Inflyttade barn</dt><dd>");
	html_int(h, s->children);
	html_raw_trusted(h, "</dd>\n<dt>Inflyttade individer</dt><dd>");
	html_int(h, s->adults + s->children);
	html_raw_trusted(h, "</dd>\n<dt>Avslutade vistelser</dt><dd>");
	html_int(h, s->completed);
	html_raw_trusted(h, "</dd>\n<dt>Boendetid per vuxen med medföljande barn</dt><dd>");
	put_avg(h, s->completed_nights, s->completed);
	html_raw_trusted(h, " nätter i genomsnitt</dd>\n<dt>Boendetid per individ</dt><dd>");
	put_avg(h, s->person_nights, s->completed_persons);
	html_raw_trusted(h, " nätter i genomsnitt (");
	html_int(h, s->completed_persons);
	html_raw_trusted(h, " individer)</dd>\n</dl>\n<p>Boendetiden räknas på vistelser med "
	                    "utflyttning under perioden, hela vistelsen.</p>\n");
	html_raw_trusted(h, "<table>\n<caption>Per hemkommun</caption>\n<thead><tr>"
	                    "<th scope=\"col\">Hemkommun</th><th scope=\"col\" class=\"num\">"
	                    "Inflyttade hushåll</th><th scope=\"col\" class=\"num\">Medföljande "
	                    "barn</th><th scope=\"col\" class=\"num\">Upptagna nätter</th></tr>"
	                    "</thead>\n<tbody>\n");
	for (size_t i = 0; i < s->nmuni; i++) {
		html_raw_trusted(h, "<tr><th scope=\"row\">");
		html_text(h, s->by_municipality[i].name);
		html_raw_trusted(h, "</th><td class=\"num\">");
		html_int(h, s->by_municipality[i].households);
		html_raw_trusted(h, "</td><td class=\"num\">");
		html_int(h, s->by_municipality[i].children);
		html_raw_trusted(h, "</td><td class=\"num\">");
		html_int(h, s->by_municipality[i].nights);
		html_raw_trusted(h, "</td></tr>\n");
	}
	if (s->nmuni == 0)
		html_raw_trusted(
		    h, "<tr><td colspan=\"4\">Inga vistelser under perioden.</td></tr>\n");
	html_raw_trusted(h, "</tbody>\n</table>\n");
}

static int stats_get(struct request *req, struct response *resp)
{
	const char *from = form_get(&req->query, "from");
	const char *to = form_get(&req->query, "to");
	struct clientsvc_actor actor;
	struct housing_stats s;
	struct nrs_error err = {0};
	const char *e_from = NULL, *e_to = NULL;
	char dflt_from[11], dflt_to[11];
	struct nrs_date d;
	bool asked = from != NULL || to != NULL;
	struct html h;
	int rc = 0;

	if (!apt_may_stay(req, ACT_LIST))
		return NRS_EDENIED;
	activity_actor(req, &actor);
	/* default: this year so far, up to the night before today (on 1 January: last year) */
	d = date_from_days(date_to_days(&actor.today) - 1);
	date_format(&d, dflt_to);
	d = (struct nrs_date){d.year, 1, 1};
	date_format(&d, dflt_from);
	if (!asked || (from == NULL || from[0] == '\0'))
		from = dflt_from;
	if (!asked || (to == NULL || to[0] == '\0'))
		to = dflt_to;
	memset(&s, 0, sizeof(s));
	rc = housingsvc_stats(req->st, &actor, from, to, &s, &err);
	if (rc == NRS_EINVAL) {
		const char *msg = activity_msg(req, err.msg);

		if (strcmp(err.field, "to") == 0)
			e_to = msg;
		else
			e_from = msg;
		resp->status = 422;
	} else if (rc != 0) {
		return rc;
	}
	html_init(&h, &resp->body);
	layout_begin(&h, req, "Nyttjandegrad och boendetid");
	html_raw_trusted(&h, "<h1>Nyttjandegrad och boendetid</h1>\n");
	put_subnav(&h, req, "/apartments/stats");
	if (rc != 0)
		activity_form_alert(&h, "Perioden godtas inte.");
	html_raw_trusted(&h,
	                 "<form method=\"get\" action=\"/apartments/stats\" class=\"filter\">\n");
	field_input(&h, "from", "Från och med", "date", from, e_from, NULL, true);
	field_input(&h, "to", "Till och med", "date", to, e_to, NULL, true);
	html_raw_trusted(&h, "<p><button type=\"submit\">Visa</button></p>\n</form>\n<p>"
	                     "Nyttjandegrad = upptagna nätter / (antal lägenheter × antal nätter "
	                     "i perioden).</p>\n");
	if (rc == 0)
		render_stats(&h, &s);
	layout_end(&h);
	housingsvc_stats_free(&s);
	return h.err;
}

/* ---- the apartments themselves ---- */

struct apt_list {
	struct apartment_row *v;
	size_t n, cap;
};

static int collect_apartment(const struct apartment_row *a, void *ctx)
{
	struct apt_list *l = ctx;
	struct apartment_row *v = listing_grow(l->v, l->n, &l->cap, sizeof(*v));

	if (v == NULL)
		return NRS_ENOMEM;
	l->v = v;
	l->v[l->n++] = *a;
	return 0;
}

struct admin_form {
	const char *label, *e_label;
	int64_t edit_id; /* the apartment whose form failed, 0 for the new one */
	const char *e_edit;
};

static int render_admin(struct request *req, struct response *resp, int status,
                        const struct admin_form *f)
{
	const char *done = form_get(&req->query, "done");
	struct apt_list l = {0};
	struct html h;
	int rc =
	    housingsvc_apartment_list(req->st, req->acc.organisation_id, 0, collect_apartment, &l);

	if (rc != 0)
		goto out;
	resp->status = status;
	html_init(&h, &resp->body);
	layout_begin(&h, req, "Jourlägenheterna");
	html_raw_trusted(&h, "<h1>Jourlägenheterna</h1>\n");
	put_subnav(&h, req, "/apartments/admin");
	if (status == 200 && done != NULL && strcmp(done, "saved") == 0)
		layout_notice(&h, "Ändringen är sparad.");
	if (f->e_label != NULL || f->e_edit != NULL)
		activity_form_alert(&h, "Ändringen sparades inte.");
	html_raw_trusted(&h, "<p class=\"lead\">Lägenheterna har bara en benämning. Adressen "
	                     "sparas aldrig i systemet: skriv den inte i benämningen.</p>\n"
	                     "<table>\n<caption>Verksamhetens jourlägenheter</caption>\n<thead><tr>"
	                     "<th scope=\"col\">Benämning</th><th scope=\"col\">I bruk</th>"
	                     "<th scope=\"col\">Ändra</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < l.n; i++) {
		const struct apartment_row *a = &l.v[i];
		bool failed = f->edit_id == a->id;
		char name[32], label[64];

		snprintf(name, sizeof(name), "label-%" PRId64, a->id);
		html_raw_trusted(&h, "<tr><th scope=\"row\">");
		html_text(&h, a->label);
		html_raw_trusted(&h, a->active ? "</th><td>Ja</td><td>" : "</th><td>Nej</td><td>");
		html_raw_trusted(&h, "<form method=\"post\" action=\"/apartments/admin/");
		html_int(&h, a->id);
		html_raw_trusted(&h, "\">\n");
		html_csrf_input(&h, req->csrf);
		snprintf(label, sizeof(label), "Ny benämning (nr %" PRId64 ")", a->id);
		field_input(&h, "label", label, "text", failed ? f->label : a->label,
		            failed ? f->e_edit : NULL, "off", true);
		html_raw_trusted(&h,
		                 "<div class=\"check\"><input type=\"checkbox\" name=\"active\" "
		                 "value=\"1\" id=\"");
		html_attr(&h, name);
		html_raw_trusted(&h, a->active ? "\" checked> <label for=\"" : "\"> <label for=\"");
		html_attr(&h, name);
		html_raw_trusted(&h, "\">I bruk</label></div>\n<button type=\"submit\">Spara"
		                     "</button>\n</form></td></tr>\n");
	}
	if (l.n == 0)
		html_raw_trusted(&h, "<tr><td colspan=\"3\">Inga lägenheter ännu.</td></tr>\n");
	html_raw_trusted(&h, "</tbody>\n</table>\n<section aria-labelledby=\"h-new\">\n"
	                     "<h2 id=\"h-new\">Ny lägenhet</h2>\n<form method=\"post\" "
	                     "action=\"/apartments/admin\" class=\"form narrow\">\n");
	html_csrf_input(&h, req->csrf);
	field_input(&h, "label", "Benämning (till exempel Lägenhet 3)", "text",
	            f->edit_id == 0 ? f->label : NULL, f->e_label, "off", true);
	html_raw_trusted(&h, "<p><button type=\"submit\">Lägg till</button></p>\n</form>\n"
	                     "</section>\n");
	layout_end(&h);
	rc = h.err;
out:
	free(l.v);
	return rc;
}

static int admin_get(struct request *req, struct response *resp)
{
	struct admin_form f = {0};
	int rc;

	if (!apt_may_apartment(req, ACT_CREATE))
		return NRS_EDENIED;
	rc = apt_ensure(req);
	return rc != 0 ? rc : render_admin(req, resp, 200, &f);
}

static int admin_post(struct request *req, struct response *resp)
{
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct admin_form f = {0};
	int64_t id = 0;
	int rc;

	if (!apt_may_apartment(req, ACT_CREATE))
		return NRS_EDENIED;
	f.label = form_get_unique(&req->form, "label");
	activity_actor(req, &actor);
	rc = housingsvc_apartment_create(req->st, req->keys, &actor, f.label, &id, &err);
	if (rc == NRS_EINVAL || rc == NRS_EEXIST) {
		f.e_label = activity_msg(req, err.msg);
		return render_admin(req, resp, 422, &f);
	}
	return rc != 0 ? rc : response_redirect(resp, "/apartments/admin?done=saved");
}

static int admin_update_post(struct request *req, struct response *resp)
{
	const char *active = form_get_unique(&req->form, "active");
	struct clientsvc_actor actor;
	struct apartment_row a;
	struct nrs_error err = {0};
	struct admin_form f = {0};
	int64_t id;
	int rc;

	if (!apt_may_apartment(req, ACT_UPDATE))
		return NRS_EDENIED;
	/* another organisation's apartment is not found: ids are not an oracle */
	if (activity_parse_id(req_param(req, "id"), &id) != 0 ||
	    housingsvc_apartment_get(req->st, req->acc.organisation_id, id, &a) != 0)
		return NRS_ENOTFOUND;
	f.label = form_get_unique(&req->form, "label");
	f.edit_id = id;
	activity_actor(req, &actor);
	rc = housingsvc_apartment_update(req->st, req->keys, &actor, id, f.label,
	                                 active != NULL && strcmp(active, "1") == 0, &err);
	if (rc == NRS_EINVAL || rc == NRS_EEXIST) {
		f.e_edit = activity_msg(req, err.msg);
		return render_admin(req, resp, 422, &f);
	}
	return rc != 0 ? rc : response_redirect(resp, "/apartments/admin?done=saved");
}

/* ---- the list of stays ---- */

struct stay_item {
	int64_t id;
	const char *apartment, *code, *move_in, *move_out;
	int64_t nights;
	int children;
};

struct stay_items {
	struct request *req;
	struct nrs_date today;
	struct stay_item *v;
	size_t n, cap;
	int rc;
};

static int collect_stay(const struct stay_rec *r, void *ctx)
{
	struct stay_items *l = ctx;
	struct stay_item *v = listing_grow(l->v, l->n, &l->cap, sizeof(*v)), *it;

	if (v == NULL)
		return NRS_ENOMEM;
	l->v = v;
	it = &l->v[l->n];
	it->id = r->id;
	it->apartment = req_strdup(l->req, r->apartment_label);
	it->code = req_strdup(l->req, r->client_code);
	it->move_in = req_strdup(l->req, r->move_in);
	it->move_out = req_strdup(l->req, r->move_out);
	it->nights = housingsvc_stay_nights(r, &l->today);
	it->children = r->children_count;
	if (it->apartment == NULL || it->code == NULL || it->move_in == NULL ||
	    it->move_out == NULL)
		return NRS_ENOMEM;
	l->n++;
	return 0;
}

static const char *const stay_sort_keys[] = {"move_in", "apartment", "nights"};

static int cmp_move_in(const void *a, const void *b)
{
	const struct stay_item *x = a, *y = b;
	int c = strcmp(x->move_in, y->move_in);

	return c != 0 ? c : (x->id > y->id) - (x->id < y->id);
}

static int cmp_apartment(const void *a, const void *b)
{
	const struct stay_item *x = a, *y = b;
	int c = strcmp(x->apartment, y->apartment);

	return c != 0 ? c : cmp_move_in(a, b);
}

static int cmp_nights(const void *a, const void *b)
{
	const struct stay_item *x = a, *y = b;
	int c = (x->nights > y->nights) - (x->nights < y->nights);

	return c != 0 ? c : cmp_move_in(a, b);
}

static int stays_get(struct request *req, struct response *resp)
{
	const char *done = form_get(&req->query, "done");
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct stay_items l = {0};
	struct html h;
	size_t key, first, count;
	bool desc;
	int64_t page;
	int rc;

	if (!apt_may_stay(req, ACT_LIST))
		return NRS_EDENIED;
	rc = listing_sort_param(req, stay_sort_keys, 3, &key, &desc);
	if (rc == 0)
		rc = listing_page_param(req, &page);
	if (rc != 0)
		return rc;
	/* newest first unless the user chose an order */
	if (form_get(&req->query, "sort") == NULL)
		desc = true;
	activity_actor(req, &actor);
	l.req = req;
	l.today = actor.today;
	rc = housingsvc_stay_list(req->st, req->keys, &actor, collect_stay, &l, &err);
	if (rc != 0)
		goto out;
	if (l.n > 1)
		qsort(l.v, l.n, sizeof(*l.v),
		      key == 1   ? cmp_apartment
		      : key == 2 ? cmp_nights
		                 : cmp_move_in);
	for (size_t i = 0; desc && i < l.n / 2; i++) {
		struct stay_item t = l.v[i];

		l.v[i] = l.v[l.n - 1 - i];
		l.v[l.n - 1 - i] = t;
	}
	listing_page_slice((int64_t)l.n, LISTING_PER_PAGE, &page, &first, &count);
	html_init(&h, &resp->body);
	layout_begin(&h, req, "Vistelser i jourlägenheter");
	html_raw_trusted(&h, "<h1>Vistelser i jourlägenheter</h1>\n");
	put_subnav(&h, req, "/apartments/stays");
	if (done != NULL && strcmp(done, "created") == 0)
		layout_notice(&h, "Vistelsen är sparad.");
	html_raw_trusted(&h, "<table>\n<caption>Vistelser (");
	html_int(&h, (int64_t)l.n);
	html_raw_trusted(&h, " st)</caption>\n<thead><tr><th scope=\"col\">Vistelse</th>\n");
	listing_sort_th(&h, req, "/apartments/stays", "Lägenhet", "apartment", key == 1, desc);
	html_raw_trusted(&h, "<th scope=\"col\">Klient</th>\n");
	listing_sort_th(&h, req, "/apartments/stays", "Inflyttning", "move_in", key == 0, desc);
	html_raw_trusted(&h, "<th scope=\"col\">Utflyttning</th>\n");
	listing_sort_th(&h, req, "/apartments/stays", "Nätter", "nights", key == 2, desc);
	html_raw_trusted(&h, "<th scope=\"col\" class=\"num\">Barn</th></tr></thead>\n<tbody>\n");
	for (size_t i = first; i < first + count; i++) {
		const struct stay_item *s = &l.v[i];

		html_raw_trusted(&h, "<tr><th scope=\"row\">");
		put_stay_link(&h, s->id);
		html_raw_trusted(&h, "</th><td>");
		html_text(&h, s->apartment);
		html_raw_trusted(&h, "</td><td>");
		html_text(&h, s->code);
		html_raw_trusted(&h, "</td><td>");
		html_text(&h, s->move_in);
		html_raw_trusted(&h, "</td><td>");
		if (s->move_out[0] != '\0')
			html_text(&h, s->move_out);
		else
			html_raw_trusted(&h, "Bor kvar");
		html_raw_trusted(&h, "</td><td class=\"num\">");
		html_int(&h, s->nights);
		html_raw_trusted(&h, "</td><td class=\"num\">");
		html_int(&h, s->children);
		html_raw_trusted(&h, "</td></tr>\n");
	}
	if (l.n == 0)
		html_raw_trusted(&h, "<tr><td colspan=\"7\">Inga vistelser ännu.</td></tr>\n");
	html_raw_trusted(&h, "</tbody>\n</table>\n");
	listing_pager(&h, req, "/apartments/stays", page, (int64_t)l.n, LISTING_PER_PAGE);
	layout_end(&h);
	rc = h.err;
out:
	free(l.v);
	return rc;
}

/* ---- a new stay ---- */

struct new_form {
	const char *apartment_id, *client_code, *children_ages, *home_municipality;
	const char *move_in, *move_out, *outside_staff, *outside_staff_org;
	const char *e_apartment, *e_client, *e_ages, *e_muni, *e_in, *e_out, *e_staff, *e_general;
};

static void yes_no_fieldset(struct html *h, const char *name, const char *legend, const char *value,
                            const char *error)
{
	html_raw_trusted(h, error ? "<fieldset class=\"field has-error\">\n<legend>"
	                          : "<fieldset class=\"field\">\n<legend>");
	html_text(h, legend);
	html_raw_trusted(h, "</legend>\n");
	field_error(h, name, error);
	for (int i = 0; i < 2; i++) {
		const char *v = i == 0 ? "yes" : "no";
		bool checked = value != NULL ? strcmp(value, v) == 0 : i == 1;

		html_raw_trusted(h, "<div class=\"check\"><input type=\"radio\" name=\"");
		html_attr(h, name);
		html_raw_trusted(h, "\" id=\"f-");
		html_attr(h, name);
		html_raw_trusted(h, "-");
		html_raw_trusted(h, v);
		html_raw_trusted(h, "\" value=\"");
		html_raw_trusted(h, v);
		html_raw_trusted(h, checked ? "\" checked" : "\"");
		if (error) {
			html_raw_trusted(h, " aria-describedby=\"e-");
			html_attr(h, name);
			html_raw_trusted(h, "\"");
		}
		html_raw_trusted(h, "> <label for=\"f-");
		html_attr(h, name);
		html_raw_trusted(h, "-");
		html_raw_trusted(h, v);
		html_raw_trusted(h, i == 0 ? "\">Ja</label></div>\n" : "\">Nej</label></div>\n");
	}
	html_raw_trusted(h, "</fieldset>\n");
}

static int render_new(struct request *req, struct response *resp, int status,
                      const struct new_form *f)
{
	struct apt_list l = {0};
	struct html h;
	char id[24];
	int rc =
	    housingsvc_apartment_list(req->st, req->acc.organisation_id, 1, collect_apartment, &l);

	if (rc != 0)
		goto out;
	resp->status = status;
	html_init(&h, &resp->body);
	layout_begin(&h, req, "Ny vistelse");
	html_raw_trusted(&h, "<h1>Ny vistelse i jourlägenhet</h1>\n");
	put_subnav(&h, req, "/apartments/stays/new");
	if (f->e_apartment || f->e_client || f->e_ages || f->e_muni || f->e_in || f->e_out ||
	    f->e_staff || f->e_general)
		activity_form_alert(&h, f->e_general ? f->e_general : "Vistelsen sparades inte.");
	html_raw_trusted(&h, "<form method=\"post\" action=\"/apartments/stays/new\" "
	                     "class=\"form\">\n");
	html_csrf_input(&h, req->csrf);
	field_select_open(&h, "apartment_id", "Lägenhet", f->e_apartment, "Välj lägenhet");
	for (size_t i = 0; i < l.n; i++) {
		snprintf(id, sizeof(id), "%" PRId64, l.v[i].id);
		field_option(&h, id, l.v[i].label,
		             f->apartment_id != NULL && strcmp(f->apartment_id, id) == 0);
	}
	field_select_close(&h);
	field_input(&h, "client_code", "Den vuxnas klientkod (till exempel K-2026-0042)", "text",
	            f->client_code, f->e_client, "off", true);
	field_input(&h, "children_ages",
	            "Medföljande barns åldrar i hela år, åtskilda med kommatecken (till exempel "
	            "4, 9; tomt om inga barn följer med)",
	            "text", f->children_ages, f->e_ages, "off", false);
	rc = activity_municipality_select(&h, req, "home_municipality", "Hemkommun",
	                                  f->home_municipality, f->e_muni, "Klientens hemkommun");
	if (rc != 0)
		goto out;
	field_input(&h, "move_in", "Inflyttning", "date", f->move_in, f->e_in, NULL, true);
	field_input(&h, "move_out", "Utflyttning (tomt så länge hushållet bor kvar)", "date",
	            f->move_out, f->e_out, NULL, false);
	yes_no_fieldset(&h, "outside_staff", "Följer utomstående personal med?", f->outside_staff,
	                NULL);
	rc =
	    activity_org_select(&h, req, "outside_staff_org",
	                        "Den utomstående personalens organisation (om personal följer med)",
	                        f->outside_staff_org, f->e_staff, "Ej angiven");
	if (rc != 0)
		goto out;
	html_raw_trusted(&h, "<p><button type=\"submit\">Spara vistelsen</button> "
	                     "<a href=\"/apartments/stays\">Avbryt</a></p>\n</form>\n");
	layout_end(&h);
	rc = h.err;
out:
	free(l.v);
	return rc;
}

static int stay_new_get(struct request *req, struct response *resp)
{
	struct new_form f;
	int rc;

	if (!apt_may_stay(req, ACT_CREATE))
		return NRS_EDENIED;
	rc = apt_ensure(req);
	if (rc != 0)
		return rc;
	memset(&f, 0, sizeof(f));
	return render_new(req, resp, 200, &f);
}

/* Put a service error beside its field. */
static void new_form_error(struct request *req, struct new_form *f, const struct nrs_error *err)
{
	const char *msg = activity_msg(req, err->msg);

	if (strcmp(err->field, "apartment_id") == 0)
		f->e_apartment = msg;
	else if (strcmp(err->field, "client_code") == 0)
		f->e_client = msg;
	else if (strcmp(err->field, "children_ages") == 0)
		f->e_ages = msg;
	else if (strcmp(err->field, "home_municipality") == 0)
		f->e_muni = msg;
	else if (strcmp(err->field, "move_in") == 0)
		f->e_in = msg;
	else if (strcmp(err->field, "move_out") == 0)
		f->e_out = msg;
	else if (strcmp(err->field, "outside_staff_org") == 0)
		f->e_staff = msg;
	else
		f->e_general = msg;
}

static int stay_new_post(struct request *req, struct response *resp)
{
	struct apt_stay_values v = {0};
	struct nrs_error err = {0};
	struct new_form f;
	char loc[64];
	int64_t id = 0;
	int rc;

	if (!apt_may_stay(req, ACT_CREATE))
		return NRS_EDENIED;
	memset(&f, 0, sizeof(f));
	f.apartment_id = form_get_unique(&req->form, "apartment_id");
	f.client_code = form_get_unique(&req->form, "client_code");
	f.children_ages = form_get_unique(&req->form, "children_ages");
	f.home_municipality = form_get_unique(&req->form, "home_municipality");
	f.move_in = form_get_unique(&req->form, "move_in");
	f.move_out = form_get_unique(&req->form, "move_out");
	f.outside_staff = form_get_unique(&req->form, "outside_staff");
	f.outside_staff_org = form_get_unique(&req->form, "outside_staff_org");
	if (f.apartment_id == NULL || activity_parse_id(f.apartment_id, &v.apartment_id) != 0) {
		rc = nrs_error_set(&err, NRS_EINVAL, "apartment_id",
		                   "Välj en av jourlägenheterna i listan.");
	} else if (f.outside_staff_org != NULL && f.outside_staff_org[0] != '\0' &&
	           activity_parse_id(f.outside_staff_org, &v.outside_staff_org) != 0) {
		rc = nrs_error_set(&err, NRS_EINVAL, "outside_staff_org",
		                   "Välj en organisation i listan.");
	} else {
		v.client_code = f.client_code;
		v.children_ages = f.children_ages;
		v.home_municipality = f.home_municipality;
		v.move_in = f.move_in;
		v.move_out = f.move_out;
		v.outside_staff = f.outside_staff != NULL && strcmp(f.outside_staff, "yes") == 0;
		rc = apt_stay_create(req, &v, &id, &err);
	}
	if (rc == NRS_EINVAL || rc == NRS_ECONFLICT) {
		new_form_error(req, &f, &err);
		return render_new(req, resp, 422, &f);
	}
	if (rc != 0)
		return rc;
	snprintf(loc, sizeof(loc), "/apartments/stays/%" PRId64 "?done=created", id);
	return response_redirect(resp, loc);
}

/* ---- one stay ---- */

struct view_forms {
	const char *move_out, *e_move_out;
	const char *reason, *amount, *e_reason, *e_amount;
	const char *e_general;
};

struct charge_ctx {
	struct html *h;
	size_t n;
};

static int put_charge(const struct stay_charge_row *c, void *ctx)
{
	struct charge_ctx *x = ctx;
	const char *reason = housing_label(housing_charge_reasons, c->reason);
	char amount[48];

	money_format(c->amount_ore, 1, amount, sizeof(amount));
	html_raw_trusted(x->h, "<tr><th scope=\"row\">");
	html_textn(x->h, c->created_at, 10);
	html_raw_trusted(x->h, "</th><td>");
	html_text(x->h, reason != NULL ? reason : c->reason);
	html_raw_trusted(x->h, "</td><td>");
	html_text(x->h, c->municipality);
	html_raw_trusted(x->h, "</td><td class=\"num\">");
	html_text(x->h, amount);
	html_raw_trusted(x->h, "</td></tr>\n");
	x->n++;
	return 0;
}

static void render_stay_facts(struct html *h, const struct stay_rec *r, int64_t nights)
{
	html_raw_trusted(h, "<dl class=\"facts\">\n<dt>Lägenhet</dt><dd>");
	html_text(h, r->apartment_label);
	html_raw_trusted(h, "</dd>\n<dt>Vuxen (klientkod)</dt><dd><a href=\"/clients/");
	html_int(h, r->client_id);
	html_raw_trusted(h, "\">");
	html_text(h, r->client_code);
	html_raw_trusted(h, "</a></dd>\n<dt>Medföljande barn</dt><dd>");
	html_int(h, r->children_count);
	if (r->children_count > 0) {
		html_raw_trusted(h, " (åldrar ");
		html_text(h, r->children_ages);
		html_raw_trusted(h, " år)");
	}
	html_raw_trusted(h, "</dd>\n<dt>Hemkommun</dt><dd>");
	html_text(h, r->municipality_name[0] ? r->municipality_name : r->home_municipality);
	html_raw_trusted(h, "</dd>\n<dt>Inflyttning</dt><dd>");
	html_text(h, r->move_in);
	html_raw_trusted(h, "</dd>\n<dt>Utflyttning</dt><dd>");
	if (r->move_out[0] != '\0')
		html_text(h, r->move_out);
	else
		html_raw_trusted(h, "Bor kvar");
	html_raw_trusted(h, "</dd>\n<dt>Nätter</dt><dd>");
	html_int(h, nights);
	if (r->move_out[0] == '\0')
		html_raw_trusted(h, " hittills");
	html_raw_trusted(h, "</dd>\n<dt>Utomstående personal följer med</dt><dd>");
	if (!r->outside_staff)
		html_raw_trusted(h, "Nej");
	else if (r->outside_staff_org_name[0] != '\0') {
		html_raw_trusted(h, "Ja, ");
		html_text(h, r->outside_staff_org_name);
	} else
		html_raw_trusted(h, "Ja");
	html_raw_trusted(h, "</dd>\n</dl>\n");
}

static void form_open(struct html *h, const struct request *req, int64_t id, const char *what,
                      const char *heading)
{
	html_raw_trusted(h, "<section aria-labelledby=\"h-");
	html_raw_trusted(h, what);
	html_raw_trusted(h, "\">\n<h2 id=\"h-");
	html_raw_trusted(h, what);
	html_raw_trusted(h, "\">");
	html_text(h, heading);
	html_raw_trusted(h, "</h2>\n<form method=\"post\" action=\"/apartments/stays/");
	html_int(h, id);
	html_raw_trusted(h, "/");
	html_raw_trusted(h, what);
	html_raw_trusted(h, "\" class=\"form narrow\">\n");
	html_csrf_input(h, req->csrf);
}

static int render_stay(struct request *req, struct response *resp, int status, int64_t id,
                       const struct view_forms *f)
{
	const char *done = form_get(&req->query, "done");
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct charge_ctx cc;
	struct stay_rec r;
	struct html h;
	char title[48];
	int rc;

	activity_actor(req, &actor);
	rc = housingsvc_stay_read(req->st, req->keys, &actor, id, &r, &err);
	if (rc != 0)
		return rc;
	snprintf(title, sizeof(title), "Vistelse nr %" PRId64, id);
	resp->status = status;
	html_init(&h, &resp->body);
	layout_begin(&h, req, title);
	html_raw_trusted(&h, "<h1>");
	html_text(&h, title);
	html_raw_trusted(&h, "</h1>\n");
	put_subnav(&h, req, "");
	if (status == 200 && done != NULL) {
		if (strcmp(done, "created") == 0)
			layout_notice(&h, "Vistelsen är sparad.");
		else if (strcmp(done, "moveout") == 0)
			layout_notice(&h, "Utflyttningen är sparad.");
		else if (strcmp(done, "charge") == 0)
			layout_notice(&h, "Debiteringen är sparad och faktureras hemkommunen.");
	}
	if (f->e_general != NULL)
		activity_form_alert(&h, f->e_general);
	else if (f->e_move_out || f->e_reason || f->e_amount)
		activity_form_alert(&h, "Ändringen sparades inte.");
	render_stay_facts(&h, &r, housingsvc_stay_nights(&r, &actor.today));

	html_raw_trusted(&h, "<table>\n<caption>Debiteringar till hemkommunen</caption>\n<thead>"
	                     "<tr><th scope=\"col\">Datum</th><th scope=\"col\">Avser</th>"
	                     "<th scope=\"col\">Kommun</th><th scope=\"col\" class=\"num\">Belopp"
	                     "</th></tr></thead>\n<tbody>\n");
	cc.h = &h;
	cc.n = 0;
	rc = housingsvc_stay_charges(req->st, id, put_charge, &cc);
	if (rc != 0)
		return rc;
	if (cc.n == 0)
		html_raw_trusted(&h, "<tr><td colspan=\"4\">Inga debiteringar.</td></tr>\n");
	html_raw_trusted(&h, "</tbody>\n</table>\n");

	if (apt_may_stay(req, ACT_UPDATE)) {
		form_open(&h, req, id, "moveout",
		          r.move_out[0] ? "Ändra utflyttning" : "Registrera utflyttning");
		field_input(&h, "move_out", "Utflyttningsdatum", "date",
		            f->move_out ? f->move_out : (r.move_out[0] ? r.move_out : NULL),
		            f->e_move_out, NULL, true);
		html_raw_trusted(&h, "<p><button type=\"submit\">Spara utflyttningen</button></p>\n"
		                     "</form>\n</section>\n");
		if (r.move_out[0] != '\0') {
			form_open(&h, req, id, "charge", "Debitera slitage eller städning");
			html_raw_trusted(&h, "<p>Kostnaden faktureras den boendes hemkommun "
			                     "(samverkansavtalet 11.4). Fakturan innehåller inga "
			                     "personuppgifter, bara vistelsens nummer.</p>\n");
			field_select_open(&h, "reason", "Avser", f->e_reason, "Välj");
			for (size_t i = 0; housing_charge_reasons[i].key != NULL; i++)
				field_option(&h, housing_charge_reasons[i].key,
				             housing_charge_reasons[i].label,
				             f->reason != NULL &&
				                 strcmp(f->reason, housing_charge_reasons[i].key) ==
				                     0);
			field_select_close(&h);
			field_input(&h, "amount",
			            "Belopp i kronor (till exempel 2 500 eller 2 500,50)", "text",
			            f->amount, f->e_amount, "off", true);
			html_raw_trusted(&h, "<p><button type=\"submit\">Debitera hemkommunen"
			                     "</button></p>\n</form>\n</section>\n");
		}
	}
	html_raw_trusted(&h, "<p><a href=\"/apartments/stays\">Alla vistelser</a></p>\n");
	layout_end(&h);
	return h.err;
}

static int stay_get(struct request *req, struct response *resp)
{
	struct view_forms f = {0};
	int64_t id;
	int rc = apt_stay_load(req, ACT_READ, &id);

	return rc != 0 ? rc : render_stay(req, resp, 200, id, &f);
}

static int redirect_done(struct response *resp, int64_t id, const char *what)
{
	char loc[80];

	snprintf(loc, sizeof(loc), "/apartments/stays/%" PRId64 "?done=%s", id, what);
	return response_redirect(resp, loc);
}

static int stay_moveout_post(struct request *req, struct response *resp)
{
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct view_forms f = {0};
	int64_t id;
	int rc = apt_stay_load(req, ACT_UPDATE, &id);

	if (rc != 0)
		return rc;
	f.move_out = form_get_unique(&req->form, "move_out");
	activity_actor(req, &actor);
	rc = housingsvc_stay_move_out(req->st, req->keys, &actor, id, f.move_out, &err);
	if (rc == NRS_EINVAL || rc == NRS_ECONFLICT) {
		if (strcmp(err.field, "move_out") == 0)
			f.e_move_out = activity_msg(req, err.msg);
		else
			f.e_general = activity_msg(req, err.msg);
		return render_stay(req, resp, 422, id, &f);
	}
	return rc != 0 ? rc : redirect_done(resp, id, "moveout");
}

static int stay_charge_post(struct request *req, struct response *resp)
{
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct view_forms f = {0};
	int64_t id, charge = 0;
	ore_t amount = 0;
	int rc = apt_stay_load(req, ACT_UPDATE, &id);

	if (rc != 0)
		return rc;
	f.reason = form_get_unique(&req->form, "reason");
	f.amount = form_get_unique(&req->form, "amount");
	activity_actor(req, &actor);
	if (f.amount == NULL || f.amount[0] == '\0')
		rc = nrs_error_set(&err, NRS_EINVAL, "amount", "Ange beloppet i kronor.");
	else
		rc = money_parse(f.amount, "amount", &amount, &err);
	if (rc == 0)
		rc = housingsvc_stay_charge(req->st, req->keys, &actor, id, f.reason, amount,
		                            &charge, &err);
	if (rc == NRS_EINVAL || rc == NRS_ECONFLICT) {
		activity_error_sentence(&err);
		if (strcmp(err.field, "amount") == 0)
			f.e_amount = activity_msg(req, err.msg);
		else if (strcmp(err.field, "reason") == 0)
			f.e_reason = activity_msg(req, err.msg);
		else
			f.e_general = activity_msg(req, err.msg);
		return render_stay(req, resp, 422, id, &f);
	}
	return rc != 0 ? rc : redirect_done(resp, id, "charge");
}

const struct route apartments_routes[] = {
    {"GET", "/apartments", calendar_get, true, REC_APARTMENT, ACT_LIST, 0},
    {"GET", "/apartments/stats", stats_get, true, REC_STAY, ACT_LIST, 0},
    {"GET", "/apartments/admin", admin_get, true, REC_APARTMENT, ACT_CREATE, 0},
    {"POST", "/apartments/admin", admin_post, true, REC_APARTMENT, ACT_CREATE, 0},
    {"POST", "/apartments/admin/:id", admin_update_post, true, REC_APARTMENT, ACT_UPDATE, 0},
    {"GET", "/apartments/stays", stays_get, true, REC_STAY, ACT_LIST, 0},
    {"GET", "/apartments/stays/new", stay_new_get, true, REC_STAY, ACT_CREATE, 0},
    {"POST", "/apartments/stays/new", stay_new_post, true, REC_STAY, ACT_CREATE, 0},
    {"GET", "/apartments/stays/:id", stay_get, true, REC_STAY, ACT_READ, 0},
    {"POST", "/apartments/stays/:id/moveout", stay_moveout_post, true, REC_STAY, ACT_UPDATE, 0},
    {"POST", "/apartments/stays/:id/charge", stay_charge_post, true, REC_STAY, ACT_UPDATE, 0},
};
ROUTE_TABLE_COUNT(apartments);
