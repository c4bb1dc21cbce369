/* Group programmes (R11): GET /groups, GET/POST /groups/new, GET /groups/:id with the forms
 * to add a participant (by client code), a meeting and the attendance of each meeting, and
 * their POST routes. A participant's start in a group is a started womens_group
 * intervention of their case (security/groupsvc.c). Participants appear by code only. */
#include "web/pages/interventions.h"

#include "base/date.h"
#include "base/str.h"
#include "security/account.h"
#include "security/roles.h"
#include "web/fields.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/listing.h"
#include "web/response.h"
#include "web/router.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the list ---- */

struct group_item {
	int64_t id, participants, meetings;
	const char *name, *format, *start;
};

struct group_items {
	struct request *req;
	struct group_item *v;
	size_t n, cap;
};

static int collect_group(const struct group_row *row, void *ctx)
{
	struct group_items *l = ctx;
	struct group_item *nv = listing_grow(l->v, l->n, &l->cap, sizeof(*nv)), *it;

	if (nv == NULL)
		return NRS_ENOMEM;
	l->v = nv;
	it = &l->v[l->n];
	it->id = row->id;
	it->participants = row->participants;
	it->meetings = row->meetings;
	it->name = req_strdup(l->req, row->name);
	it->format = req_strdup(l->req, row->format);
	it->start = req_strdup(l->req, row->start);
	if (!it->name || !it->format || !it->start)
		return NRS_ENOMEM;
	l->n++;
	return 0;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct group_item *)a)->name, ((const struct group_item *)b)->name);
}

static const char *const sort_keys[] = {"start", "name"};

static int groups_get(struct request *req, struct response *resp)
{
	struct group_items l = {0};
	struct nrs_error err = {0};
	struct iv_who w;
	struct html h;
	size_t key, first, count;
	bool desc;
	int64_t page;
	int rc;

	l.req = req;
	iv_who_init(req, &w);
	/* the list holds the user's own organisation's groups only */
	if (!policy_allows(req->acc.roles, REL_OWN_ORG, REC_GROUP, ACT_LIST))
		return NRS_EDENIED;
	rc = listing_sort_param(req, sort_keys, 2, &key, &desc);
	if (rc == 0)
		rc = listing_page_param(req, &page);
	if (rc == 0)
		rc = groupsvc_group_list(req->st, req->keys, &w.actor, collect_group, &l, &err);
	if (rc != 0)
		goto out;
	/* rows come latest start first */
	if (key == 1 && l.n > 1)
		qsort(l.v, l.n, sizeof(*l.v), cmp_name);
	if (desc)
		for (size_t i = 0; i < l.n / 2; i++) {
			struct group_item tmp = l.v[i];
			l.v[i] = l.v[l.n - 1 - i];
			l.v[l.n - 1 - i] = tmp;
		}
	listing_page_slice((int64_t)l.n, LISTING_PER_PAGE, &page, &first, &count);
	html_init(&h, &resp->body);
	layout_begin(&h, req, "Grupper");
	html_raw_trusted(&h, "<h1>Grupper</h1>\n");
	if (policy_allows(req->acc.roles, REL_OWN_ORG, REC_GROUP, ACT_CREATE))
		html_raw_trusted(&h,
		                 "<p><a class=\"button\" href=\"/groups/new\">Ny grupp</a></p>\n");
	html_raw_trusted(&h, "<table>\n<caption>Grupper (");
	html_int(&h, (int64_t)l.n);
	html_raw_trusted(&h, " st)</caption>\n<thead><tr>\n");
	listing_sort_th(&h, req, "/groups", "Namn", "name", key == 1, desc);
	html_raw_trusted(&h, "<th scope=\"col\">Format</th>\n");
	listing_sort_th(&h, req, "/groups", "Start", "start", key == 0, desc);
	html_raw_trusted(&h, "<th scope=\"col\">Deltagare</th><th scope=\"col\">Träffar</th>\n"
	                     "</tr></thead>\n<tbody>\n");
	for (size_t i = first; i < first + count; i++) {
		html_raw_trusted(&h, "<tr><th scope=\"row\"><a href=\"/groups/");
		html_int(&h, l.v[i].id);
		html_raw_trusted(&h, "\">");
		html_text(&h, l.v[i].name);
		html_raw_trusted(&h, "</a></th><td>");
		html_text(&h, iv_group_format_label(l.v[i].format));
		html_raw_trusted(&h, "</td><td>");
		html_text(&h, l.v[i].start);
		html_raw_trusted(&h, "</td><td class=\"num\">");
		html_int(&h, l.v[i].participants);
		html_raw_trusted(&h, "</td><td class=\"num\">");
		html_int(&h, l.v[i].meetings);
		html_raw_trusted(&h, "</td></tr>\n");
	}
	if (l.n == 0)
		html_raw_trusted(&h, "<tr><td colspan=\"5\">Inga grupper ännu.</td></tr>\n");
	html_raw_trusted(&h, "</tbody>\n</table>\n");
	listing_pager(&h, req, "/groups", page, (int64_t)l.n, LISTING_PER_PAGE);
	layout_end(&h);
	rc = h.err;
out:
	free(l.v);
	return rc;
}

/* ---- a new group ---- */

struct new_group_form {
	const char *name, *format, *start;
	const struct form *posted; /* leaders checked, NULL on a fresh form */
	const char *field, *msg;
};

static const char *gerr(const struct new_group_form *f, const char *field)
{
	return f->field != NULL && strcmp(f->field, field) == 0 ? f->msg : NULL;
}

struct leader_opts {
	struct html *h;
	const struct request *req;
	const struct form *posted;
};

static int leader_box(const struct account *a, void *ctx)
{
	struct leader_opts *o = ctx;
	char idtext[24];
	bool checked = false;

	if (!a->active || a->organisation_id != o->req->acc.organisation_id ||
	    (a->roles & (ROLE_CENTRE_STAFF | ROLE_CENTRE_MANAGER)) == 0)
		return 0;
	snprintf(idtext, sizeof(idtext), "%" PRId64, a->id);
	if (o->posted != NULL) {
		for (size_t i = 0; i < o->posted->n; i++)
			if (strcmp(o->posted->fields[i].name, "leaders") == 0 &&
			    strcmp(o->posted->fields[i].value, idtext) == 0)
				checked = true;
	} else {
		checked = a->id == o->req->acc.id;
	}
	field_checkbox(o->h, "leaders", idtext, a->display_name, checked);
	return 0;
}

static int render_new(struct request *req, struct response *resp, int status,
                      const struct new_group_form *f)
{
	struct leader_opts lo;
	const char *e_leaders = gerr(f, "leaders");
	struct html h;
	int rc;

	resp->status = status;
	html_init(&h, &resp->body);
	layout_begin(&h, req, "Ny grupp");
	html_raw_trusted(&h, "<h1>Ny grupp</h1>\n");
	if (f->msg != NULL)
		layout_alert(&h,
		             "Gruppen sparades inte. Rätta uppgifterna som är markerade nedan.");
	html_raw_trusted(&h, "<form method=\"post\" action=\"/groups/new\" class=\"form\">\n");
	html_csrf_input(&h, req->csrf);
	field_input(&h, "name",
	            "Namn (till exempel ”Kvinnogrupp hösten 2026”; inga namn på "
	            "personer)",
	            "text", f->name, gerr(f, "name"), "off", true);
	field_select_open(&h, "format", "Format", gerr(f, "format"), "Välj format");
	for (size_t i = 0; iv_group_formats[i]; i++)
		field_option(&h, iv_group_formats[i], iv_group_format_label(iv_group_formats[i]),
		             f->format != NULL && strcmp(f->format, iv_group_formats[i]) == 0);
	field_select_close(&h);
	field_input(&h, "start", "Startdatum (ÅÅÅÅ-MM-DD)", "date", f->start, gerr(f, "start"),
	            NULL, true);
	html_raw_trusted(&h, e_leaders ? "<fieldset class=\"field has-error\" "
	                                 "aria-describedby=\"e-leaders\">\n<legend>Gruppledare"
	                                 "</legend>\n"
	                               : "<fieldset class=\"field\">\n<legend>Gruppledare"
	                                 "</legend>\n");
	field_error(&h, "leaders", e_leaders);
	lo.h = &h;
	lo.req = req;
	lo.posted = f->posted;
	rc = account_list(req->st, leader_box, &lo);
	if (rc != 0)
		return rc;
	html_raw_trusted(&h, "</fieldset>\n<p><button type=\"submit\">Spara gruppen</button> "
	                     "<a href=\"/groups\">Avbryt</a></p>\n</form>\n");
	if (f->msg != NULL && f->field != NULL && !gerr(f, "name") && !gerr(f, "format") &&
	    !gerr(f, "start") && !e_leaders)
		layout_alert(&h, f->msg);
	layout_end(&h);
	return h.err;
}

static int new_get(struct request *req, struct response *resp)
{
	struct new_group_form f = {0};

	if (!policy_allows(req->acc.roles, REL_OWN_ORG, REC_GROUP, ACT_CREATE))
		return NRS_EDENIED;
	return render_new(req, resp, 200, &f);
}

static int new_post(struct request *req, struct response *resp)
{
	struct new_group_form f = {0};
	struct nrs_error err = {0};
	struct group_create in = {0};
	struct iv_who w;
	int64_t *leaders, id = 0;
	size_t n = 0, max = form_count(&req->form, "leaders");
	char loc[64];
	int rc = 0;

	if (!policy_allows(req->acc.roles, REL_OWN_ORG, REC_GROUP, ACT_CREATE))
		return NRS_EDENIED;
	iv_who_init(req, &w);
	f.name = form_get_unique(&req->form, "name");
	f.format = form_get_unique(&req->form, "format");
	f.start = form_get_unique(&req->form, "start");
	f.posted = &req->form;
	leaders = req_alloc(req, (max + 1) * sizeof(*leaders));
	if (leaders == NULL)
		return NRS_ENOMEM;
	for (size_t i = 0; rc == 0 && i < req->form.n; i++) {
		if (strcmp(req->form.fields[i].name, "leaders") != 0)
			continue;
		if (iv_parse_id(req->form.fields[i].value, &leaders[n]) != 0)
			rc =
			    nrs_error_set(&err, NRS_EINVAL, "leaders", "välj gruppledare i listan");
		else
			n++;
	}
	in.name = f.name;
	in.format = f.format;
	in.start = f.start;
	in.leaders = leaders;
	in.nleaders = n;
	if (rc == 0)
		rc = groupsvc_group_create(req->st, req->keys, &w.actor, &in, &id, &err);
	if (rc == NRS_EINVAL || rc == NRS_ETOOBIG) {
		f.field = req_strdup(req, err.field);
		f.msg = iv_sentence(req, err.msg);
		return render_new(req, resp, 422, &f);
	}
	if (rc != 0)
		return rc;
	snprintf(loc, sizeof(loc), "/groups/%" PRId64 "?done=created", id);
	return response_redirect(resp, loc);
}

/* ---- a group ---- */

struct part_item {
	int64_t client_id, intervention_id, present;
	const char *code, *joined;
};

struct meet_item {
	int64_t id, present, recorded;
	const char *held;
};

struct att_item {
	int64_t meeting_id, client_id;
	int present;
};

struct group_page {
	struct request *req;
	struct html *h;
	int leaders;
	struct part_item *p;
	size_t np, capp;
	struct meet_item *m;
	size_t nm, capm;
	struct att_item *a;
	size_t na, capa;
};

static int leader_cb(int64_t user_id, const char *username, const char *display_name, void *ctx)
{
	struct group_page *g = ctx;

	(void)user_id;
	(void)username;
	if (g->leaders++ > 0)
		html_raw_trusted(g->h, ", ");
	html_text(g->h, display_name);
	return 0;
}

static int part_cb(const struct group_participant_row *row, void *ctx)
{
	struct group_page *g = ctx;
	struct part_item *nv = listing_grow(g->p, g->np, &g->capp, sizeof(*nv)), *it;

	if (nv == NULL)
		return NRS_ENOMEM;
	g->p = nv;
	it = &g->p[g->np];
	it->client_id = row->client_id;
	it->intervention_id = row->intervention_id;
	it->present = row->meetings_present;
	it->code = req_strdup(g->req, row->client_code);
	it->joined = req_strdup(g->req, row->joined);
	if (!it->code || !it->joined)
		return NRS_ENOMEM;
	g->np++;
	return 0;
}

static int meet_cb(const struct group_meeting_row *row, void *ctx)
{
	struct group_page *g = ctx;
	struct meet_item *nv = listing_grow(g->m, g->nm, &g->capm, sizeof(*nv)), *it;

	if (nv == NULL)
		return NRS_ENOMEM;
	g->m = nv;
	it = &g->m[g->nm];
	it->id = row->id;
	it->present = row->present;
	it->recorded = row->recorded;
	it->held = req_strdup(g->req, row->held);
	if (!it->held)
		return NRS_ENOMEM;
	g->nm++;
	return 0;
}

static int att_cb(int64_t meeting_id, int64_t client_id, int present, void *ctx)
{
	struct group_page *g = ctx;
	struct att_item *nv = listing_grow(g->a, g->na, &g->capa, sizeof(*nv));

	if (nv == NULL)
		return NRS_ENOMEM;
	g->a = nv;
	g->a[g->na].meeting_id = meeting_id;
	g->a[g->na].client_id = client_id;
	g->a[g->na].present = present;
	g->na++;
	return 0;
}

static bool was_present(const struct group_page *g, int64_t meeting_id, int64_t client_id)
{
	for (size_t i = 0; i < g->na; i++)
		if (g->a[i].meeting_id == meeting_id && g->a[i].client_id == client_id)
			return g->a[i].present != 0;
	return false;
}

/* The form of the page that failed ("participant", "meeting", or the meeting id of an
 * attendance form), with its error. */
struct gview {
	const char *form;
	int64_t meeting_id;
	const char *field, *msg;
};

static bool gfailed(const struct gview *v, const char *form)
{
	return v->form != NULL && strcmp(v->form, form) == 0;
}

static const char *gkept(const struct request *req, const struct gview *v, const char *form,
                         const char *field, const char *dflt)
{
	return gfailed(v, form) ? form_get(&req->form, field) : dflt;
}

static const char *gerr_at(const struct gview *v, const char *form, const char *field)
{
	return gfailed(v, form) && v->field != NULL && strcmp(v->field, field) == 0 ? v->msg : NULL;
}

static void gform_alert(struct html *h, const struct gview *v, const char *form, const char *what,
                        const char *f1, const char *f2)
{
	if (!gfailed(v, form))
		return;
	html_raw_trusted(h, "<div class=\"alert\" role=\"alert\"><p>");
	html_text(h, what);
	html_raw_trusted(h, "</p>");
	if (v->field == NULL ||
	    (strcmp(v->field, f1) != 0 && (f2 == NULL || strcmp(v->field, f2) != 0))) {
		html_raw_trusted(h, "<p>");
		html_text(h, v->msg);
		html_raw_trusted(h, "</p>");
	}
	html_raw_trusted(h, "</div>\n");
}

static const char *gdone_text(const char *done)
{
	static const char *const t[][2] = {
	    {"created", "Gruppen är sparad."},
	    {"participant", "Deltagaren är tillagd och insatsen startad."},
	    {"meeting", "Träffen är sparad."},
	    {"attendance", "Närvaron är sparad."},
	};

	for (size_t i = 0; done != NULL && i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(done, t[i][0]) == 0)
			return t[i][1];
	return NULL;
}

static void attendance_form(struct html *h, const struct request *req, const struct group_page *g,
                            const struct groupsvc_group *grp, const struct meet_item *m,
                            const struct gview *v)
{
	bool failed_here = gfailed(v, "attendance") && v->meeting_id == m->id;
	int listed = 0;

	html_raw_trusted(h, "<form method=\"post\" action=\"/groups/");
	html_int(h, grp->id);
	html_raw_trusted(h, "/meetings/");
	html_int(h, m->id);
	html_raw_trusted(h, "/attendance\" class=\"form\">\n");
	html_csrf_input(h, req->csrf);
	html_raw_trusted(h, "<fieldset class=\"field\">\n<legend>Närvaro ");
	html_text(h, m->held);
	html_raw_trusted(h, "</legend>\n");
	if (failed_here) {
		html_raw_trusted(h, "<p class=\"error\" role=\"alert\">");
		html_text(h, v->msg);
		html_raw_trusted(h, "</p>\n");
	}
	for (size_t i = 0; i < g->np; i++) {
		const struct part_item *p = &g->p[i];

		if (strcmp(p->joined, m->held) > 0)
			continue;
		listed++;
		/* ids per meeting: each meeting's form has its own checkboxes */
		html_raw_trusted(h,
		                 "<div class=\"check\"><input type=\"checkbox\" name=\"present\" "
		                 "id=\"f-att-");
		html_int(h, m->id);
		html_raw_trusted(h, "-");
		html_int(h, p->client_id);
		html_raw_trusted(h, "\" value=\"");
		html_int(h, p->client_id);
		html_raw_trusted(h, was_present(g, m->id, p->client_id) ? "\" checked> " : "\"> ");
		html_raw_trusted(h, "<label for=\"f-att-");
		html_int(h, m->id);
		html_raw_trusted(h, "-");
		html_int(h, p->client_id);
		html_raw_trusted(h, "\">");
		html_text(h, p->code);
		html_raw_trusted(h, "</label></div>\n");
	}
	if (listed == 0)
		html_raw_trusted(h, "<p>Ingen deltagare hade börjat i gruppen den dagen.</p>\n");
	html_raw_trusted(h, "</fieldset>\n");
	if (listed > 0)
		html_raw_trusted(h, "<p><button type=\"submit\">Spara närvaron</button></p>\n");
	html_raw_trusted(h, "</form>\n");
}

static int render_group(struct request *req, struct response *resp, int status, struct iv_who *w,
                        const struct groupsvc_group *grp, const struct gview *v)
{
	const char *done = gdone_text(form_get(&req->query, "done"));
	struct groupsvc_group_walk walk = {0};
	struct group_page g = {0};
	struct nrs_error err = {0};
	bool may_update = policy_allows(req->acc.roles, REL_OWN_ORG, REC_GROUP, ACT_UPDATE);
	struct html h;
	char today[11];
	int rc;

	date_format(&w->actor.today, today);
	g.req = req;
	g.h = &h;
	resp->status = status;
	html_init(&h, &resp->body);
	layout_begin(&h, req, "Grupp");
	html_raw_trusted(&h, "<h1>");
	html_text(&h, grp->name);
	html_raw_trusted(&h, "</h1>\n");
	if (done != NULL && v->form == NULL) {
		html_raw_trusted(&h, "<div class=\"notice\" role=\"status\"><p>");
		html_text(&h, done);
		html_raw_trusted(&h, "</p></div>\n");
	}
	html_raw_trusted(&h, "<dl class=\"facts\">\n<dt>Format</dt><dd>");
	html_text(&h, iv_group_format_label(grp->format));
	html_raw_trusted(&h, "</dd>\n<dt>Start</dt><dd>");
	html_text(&h, grp->start);
	html_raw_trusted(&h, "</dd>\n<dt>Gruppledare</dt><dd>");
	/* the audit row is written before anything of the group is shown */
	walk.leader = leader_cb;
	walk.participant = part_cb;
	walk.meeting = meet_cb;
	walk.attendance = att_cb;
	walk.ctx = &g;
	rc = groupsvc_group_read(req->st, req->keys, &w->actor, grp->id, &walk, &err);
	if (rc != 0)
		goto out;
	if (g.leaders == 0)
		html_raw_trusted(&h, "–");
	html_raw_trusted(&h, "</dd>\n</dl>\n");

	html_raw_trusted(&h, "<section aria-labelledby=\"h-participants\">\n<h2 id=\""
	                     "h-participants\">Deltagare</h2>\n<table>\n<caption>Deltagare (");
	html_int(&h, (int64_t)g.np);
	html_raw_trusted(&h, " st)</caption>\n<thead><tr><th scope=\"col\">Klient</th><th "
	                     "scope=\"col\">Började</th><th scope=\"col\">Närvarande</th></tr>"
	                     "</thead>\n<tbody>\n");
	for (size_t i = 0; i < g.np; i++) {
		html_raw_trusted(&h, "<tr><th scope=\"row\"><a href=\"/interventions/");
		html_int(&h, g.p[i].intervention_id);
		html_raw_trusted(&h, "\">");
		html_text(&h, g.p[i].code);
		html_raw_trusted(&h, "</a></th><td>");
		html_text(&h, g.p[i].joined);
		html_raw_trusted(&h, "</td><td class=\"num\">");
		html_int(&h, g.p[i].present);
		html_raw_trusted(&h, " av ");
		html_int(&h, (int64_t)g.nm);
		html_raw_trusted(&h, " träffar</td></tr>\n");
	}
	if (g.np == 0)
		html_raw_trusted(&h, "<tr><td colspan=\"3\">Inga deltagare ännu.</td></tr>\n");
	html_raw_trusted(&h, "</tbody>\n</table>\n");
	if (may_update) {
		html_raw_trusted(&h, "<h3>Lägg till deltagare</h3>\n");
		gform_alert(&h, v, "participant",
		            "Deltagaren lades inte till. Rätta uppgifterna som är markerade nedan.",
		            "client", "joined");
		html_raw_trusted(&h, "<p>Deltagandet räknas som en påbörjad insats "
		                     "(kvinnogrupp) i klientens ärende. Står klienten i kön för "
		                     "kvinnogrupp startas den insatsen.</p>\n<form method=\"post\" "
		                     "action=\"/groups/");
		html_int(&h, grp->id);
		html_raw_trusted(&h, "/participants\" class=\"form\">\n");
		html_csrf_input(&h, req->csrf);
		field_input(&h, "client", "Klientens kod (till exempel K-2026-0042)", "text",
		            gkept(req, v, "participant", "client", NULL),
		            gerr_at(v, "participant", "client"), "off", true);
		field_input(&h, "joined", "Började (ÅÅÅÅ-MM-DD)", "date",
		            gkept(req, v, "participant", "joined", today),
		            gerr_at(v, "participant", "joined"), NULL, true);
		html_raw_trusted(&h,
		                 "<p><button type=\"submit\">Lägg till</button></p>\n</form>\n");
	}
	html_raw_trusted(&h, "</section>\n<section aria-labelledby=\"h-meetings\">\n<h2 id=\""
	                     "h-meetings\">Träffar</h2>\n<table>\n<caption>Träffar (");
	html_int(&h, (int64_t)g.nm);
	html_raw_trusted(&h, " st)</caption>\n<thead><tr><th scope=\"col\">Datum</th><th "
	                     "scope=\"col\">Närvarande</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < g.nm; i++) {
		html_raw_trusted(&h, "<tr><th scope=\"row\">");
		html_text(&h, g.m[i].held);
		html_raw_trusted(&h, "</th><td class=\"num\">");
		if (g.m[i].recorded == 0) {
			html_raw_trusted(&h, "Inte registrerad");
		} else {
			html_int(&h, g.m[i].present);
			html_raw_trusted(&h, " av ");
			html_int(&h, g.m[i].recorded);
		}
		html_raw_trusted(&h, "</td></tr>\n");
	}
	if (g.nm == 0)
		html_raw_trusted(&h, "<tr><td colspan=\"2\">Inga träffar ännu.</td></tr>\n");
	html_raw_trusted(&h, "</tbody>\n</table>\n");
	if (may_update) {
		html_raw_trusted(&h, "<h3>Ny träff</h3>\n");
		gform_alert(&h, v, "meeting",
		            "Träffen sparades inte. Rätta uppgifterna som är markerade nedan.",
		            "held", NULL);
		html_raw_trusted(&h, "<form method=\"post\" action=\"/groups/");
		html_int(&h, grp->id);
		html_raw_trusted(&h, "/meetings\" class=\"form\">\n");
		html_csrf_input(&h, req->csrf);
		field_input(&h, "held", "Datum (ÅÅÅÅ-MM-DD)", "date",
		            gkept(req, v, "meeting", "held", today), gerr_at(v, "meeting", "held"),
		            NULL, true);
		html_raw_trusted(&h, "<p><button type=\"submit\">Spara träffen</button></p>\n"
		                     "</form>\n");
		if (g.nm > 0)
			html_raw_trusted(&h, "<h3>Närvaro per träff</h3>\n");
		for (size_t i = 0; i < g.nm; i++)
			attendance_form(&h, req, &g, grp, &g.m[i], v);
	}
	html_raw_trusted(&h, "</section>\n<p><a href=\"/groups\">Alla grupper</a></p>\n");
	layout_end(&h);
	rc = h.err;
out:
	free(g.p);
	free(g.m);
	free(g.a);
	return rc;
}

static int group_get(struct request *req, struct response *resp)
{
	struct groupsvc_group grp;
	struct gview v = {0};
	struct iv_who w;
	int rc = iv_load_group(req, &w, "id", ACT_READ, &grp);

	if (rc != 0)
		return rc;
	return render_group(req, resp, 200, &w, &grp, &v);
}

static int after_post(struct request *req, struct response *resp, struct iv_who *w,
                      const struct groupsvc_group *grp, const char *form, int64_t meeting_id,
                      int rc, const struct nrs_error *err, const char *done)
{
	struct gview v = {0};
	char loc[64];

	if (rc == NRS_EINVAL || rc == NRS_ETOOBIG || rc == NRS_EEXIST || rc == NRS_ECONFLICT) {
		v.form = form;
		v.meeting_id = meeting_id;
		v.field = req_strdup(req, err->field);
		v.msg = iv_sentence(req, err->msg);
		return render_group(req, resp, 422, w, grp, &v);
	}
	if (rc != 0)
		return rc;
	snprintf(loc, sizeof(loc), "/groups/%" PRId64 "?done=%s", grp->id, done);
	return response_redirect(resp, loc);
}

static int participant_post(struct request *req, struct response *resp)
{
	struct nrs_error err = {0};
	struct groupsvc_group grp;
	struct groupsvc_case c;
	struct iv_who w;
	unsigned rel = 0;
	int64_t iv_id = 0;
	int rc = iv_load_group(req, &w, "id", ACT_UPDATE, &grp);

	if (rc != 0)
		return rc;
	rc = groupsvc_participant_lookup(req->st, &w.who, &grp,
	                                 form_get_unique(&req->form, "client"), &c, &rel, &err);
	/* joining starts an intervention in the client's case: the user must be allowed that */
	if (rc == 0 && !policy_allows(req->acc.roles, rel, REC_INTERVENTION, ACT_CREATE))
		return NRS_EDENIED;
	if (rc == 0)
		rc = groupsvc_participant_add(req->st, req->keys, &w.actor, &grp, &c,
		                              form_get_unique(&req->form, "joined"), &iv_id, &err);
	return after_post(req, resp, &w, &grp, "participant", 0, rc, &err, "participant");
}

static int meeting_post(struct request *req, struct response *resp)
{
	struct nrs_error err = {0};
	struct groupsvc_group grp;
	struct iv_who w;
	int64_t id = 0;
	int rc = iv_load_group(req, &w, "id", ACT_UPDATE, &grp);

	if (rc != 0)
		return rc;
	rc = groupsvc_meeting_add(req->st, req->keys, &w.actor, &grp,
	                          form_get_unique(&req->form, "held"), &id, &err);
	return after_post(req, resp, &w, &grp, "meeting", 0, rc, &err, "meeting");
}

static int attendance_post(struct request *req, struct response *resp)
{
	struct nrs_error err = {0};
	struct groupsvc_group grp;
	struct iv_who w;
	size_t n = 0, max = form_count(&req->form, "present");
	int64_t mid, *present;
	int rc = iv_load_group(req, &w, "id", ACT_UPDATE, &grp);

	if (rc != 0)
		return rc;
	if (iv_parse_id(req_param(req, "mid"), &mid) != 0)
		return NRS_ENOTFOUND;
	present = req_alloc(req, (max + 1) * sizeof(*present));
	if (present == NULL)
		return NRS_ENOMEM;
	for (size_t i = 0; rc == 0 && i < req->form.n; i++) {
		if (strcmp(req->form.fields[i].name, "present") != 0)
			continue;
		if (iv_parse_id(req->form.fields[i].value, &present[n]) != 0)
			rc = nrs_error_set(&err, NRS_EINVAL, "present", "välj deltagare i listan");
		else
			n++;
	}
	if (rc == 0)
		rc = groupsvc_attendance_set(req->st, req->keys, &w.actor, &grp, mid, present, n,
		                             &err);
	return after_post(req, resp, &w, &grp, "attendance", mid, rc, &err, "attendance");
}

const struct route groups_routes[] = {
    {"GET", "/groups", groups_get, true, REC_GROUP, ACT_LIST, 0},
    {"GET", "/groups/new", new_get, true, REC_GROUP, ACT_CREATE, 0},
    {"POST", "/groups/new", new_post, true, REC_GROUP, ACT_CREATE, 0},
    {"GET", "/groups/:id", group_get, true, REC_GROUP, ACT_READ, 0},
    {"POST", "/groups/:id/participants", participant_post, true, REC_GROUP, ACT_UPDATE, 0},
    {"POST", "/groups/:id/meetings", meeting_post, true, REC_GROUP, ACT_UPDATE, 0},
    {"POST", "/groups/:id/meetings/:mid/attendance", attendance_post, true, REC_GROUP, ACT_UPDATE,
     0},
};
ROUTE_TABLE_COUNT(groups);
