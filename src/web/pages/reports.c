/* Mandatory reports (R42): GET /reports and GET/POST /reports/new. A report of concern about a
 * child (orosanmälan, SoL 14 kap. 1 §) or of a deficiency in the centre's own work (lex Sarah)
 * concerns a case, chosen by the client's pseudonymous code; the user's organisation must own
 * it (or the user be assigned to it). Reports are personal data: every list and write is
 * audited, and only client codes are shown. */
#include "web/pages/activity.h"

#include "base/date.h"
#include "base/err.h"
#include "security/account.h"
#include "security/policy.h"
#include "web/fields.h"
#include "web/layout.h"
#include "web/listing.h"
#include "web/response.h"
#include "web/router.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CASES_MAX 20 /* cases of one client offered in the form */

static bool may(const struct request *req, unsigned relations, enum policy_action action)
{
	return policy_allows(req->acc.roles, relations, REC_MANDATORY_REPORT, action);
}

/* ---- the list ---- */

struct report_item {
	int64_t id;
	const char *date, *kind, *client_code, *made_by, *recipient;
};

struct report_items {
	struct request *req;
	struct report_item *v;
	size_t n, cap;
};

static const char *dup_or_dash(struct request *req, const char *s, int *rc)
{
	return listing_strdup(req, s != NULL ? s : "–", rc);
}

static int collect_report(const struct report_row *row, void *ctx)
{
	struct report_items *l = ctx;
	struct report_item *nv, *it;
	int rc = 0;

	nv = listing_grow(l->v, l->n, &l->cap, sizeof(*nv));
	if (nv == NULL)
		return NRS_ENOMEM;
	l->v = nv;
	it = &l->v[l->n];
	it->id = row->id;
	it->date = dup_or_dash(l->req, row->date, &rc);
	it->kind = dup_or_dash(l->req, row->kind, &rc);
	it->client_code = dup_or_dash(l->req, row->client_code, &rc);
	it->made_by = dup_or_dash(l->req, row->made_by_name, &rc);
	it->recipient = dup_or_dash(l->req, row->recipient_name, &rc);
	if (rc == 0)
		l->n++;
	return rc;
}

static int cmp_report_date(const void *a, const void *b)
{
	const struct report_item *x = a, *y = b;
	int c = strcmp(x->date, y->date);

	return c != 0 ? c : (x->id < y->id ? -1 : x->id > y->id);
}

static int cmp_report_kind(const void *a, const void *b)
{
	const struct report_item *x = a, *y = b;
	int c = strcmp(x->kind, y->kind);

	return c != 0 ? c : cmp_report_date(a, b);
}

static const char *const report_sort_keys[] = {"date", "kind"};
static int (*const report_cmp[])(const void *, const void *) = {cmp_report_date, cmp_report_kind};

static int reports_list_get(struct request *req, struct response *resp)
{
	const char *done = form_get(&req->query, "done");
	struct report_items l = {0};
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct html h;
	size_t key, first, count;
	bool desc;
	int64_t page;
	int rc;

	/* the list is the user's organisation's reports */
	if (!may(req, REL_ANY | REL_OWN_ORG, ACT_LIST))
		return NRS_EDENIED;
	l.req = req;
	activity_actor(req, &actor);
	rc = listing_sort_param(req, report_sort_keys, 2, &key, &desc);
	if (rc == 0 && form_get(&req->query, "sort") == NULL)
		desc = true; /* newest first */
	if (rc == 0)
		rc = listing_page_param(req, &page);
	if (rc == 0)
		rc = activitysvc_report_list(req->st, req->keys, &actor, collect_report, &l, &err);
	if (rc != 0)
		goto out;
	if (l.n > 1)
		qsort(l.v, l.n, sizeof(*l.v), report_cmp[key]);
	for (size_t i = 0; desc && i < l.n / 2; i++) {
		struct report_item t = l.v[i];

		l.v[i] = l.v[l.n - 1 - i];
		l.v[l.n - 1 - i] = t;
	}
	listing_page_slice((int64_t)l.n, LISTING_PER_PAGE, &page, &first, &count);

	html_init(&h, &resp->body);
	layout_begin(&h, req, "Anmälningar");
	html_raw_trusted(&h, "<h1>Orosanmälningar och lex Sarah</h1>\n");
	if (done && strcmp(done, "created") == 0)
		html_raw_trusted(&h, "<div class=\"notice\" role=\"status\"><p>Anmälan är "
		                     "registrerad.</p></div>\n");
	if (may(req, REL_ANY | REL_OWN_ORG, ACT_CREATE))
		html_raw_trusted(&h, "<p><a class=\"button\" href=\"/reports/new\">Registrera "
		                     "anmälan</a></p>\n");
	html_raw_trusted(&h, "<table>\n<caption>Anmälningar (");
	html_int(&h, (int64_t)l.n);
	html_raw_trusted(&h, " st)</caption>\n<thead><tr>\n");
	listing_sort_th(&h, req, "/reports", "Datum", "date", key == 0, desc);
	listing_sort_th(&h, req, "/reports", "Typ", "kind", key == 1, desc);
	html_raw_trusted(&h, "<th scope=\"col\">Klient</th>\n<th scope=\"col\">Gjord av</th>\n"
	                     "<th scope=\"col\">Mottagare</th>\n</tr></thead>\n<tbody>\n");
	for (size_t i = first; i < first + count; i++) {
		const struct report_item *r = &l.v[i];

		html_raw_trusted(&h, "<tr><th scope=\"row\">");
		html_text(&h, r->date);
		html_raw_trusted(&h, "</th><td>");
		activity_text_or_dash(&h, activity_label(activity_report_kinds, r->kind));
		html_raw_trusted(&h, "</td><td>");
		html_text(&h, r->client_code);
		html_raw_trusted(&h, "</td><td>");
		html_text(&h, r->made_by);
		html_raw_trusted(&h, "</td><td>");
		html_text(&h, r->recipient);
		html_raw_trusted(&h, "</td></tr>\n");
	}
	if (l.n == 0)
		html_raw_trusted(&h, "<tr><td colspan=\"5\">Inga anmälningar.</td></tr>\n");
	html_raw_trusted(&h, "</tbody>\n</table>\n");
	listing_pager(&h, req, "/reports", page, (int64_t)l.n, LISTING_PER_PAGE);
	layout_end(&h);
	rc = h.err;
out:
	free(l.v);
	return rc;
}

/* ---- a new report ---- */

struct report_form {
	const char *kind, *date, *client_code, *case_id, *made_by, *recipient_org, *recipient_text;
	const char *e_kind, *e_date, *e_client_code, *e_case, *e_made_by, *e_recipient_org,
	    *e_recipient_text, *e_general;
	struct activity_case cases[CASES_MAX]; /* offered when the code has several */
	size_t ncases;
};

struct staff_opts {
	struct html *h;
	int64_t org;
	const char *selected;
};

static int staff_option(const struct account *a, void *ctx)
{
	struct staff_opts *o = ctx;
	char id[24];

	if (!a->active || a->organisation_id != o->org)
		return 0;
	snprintf(id, sizeof(id), "%lld", (long long)a->id);
	field_option(o->h, id, a->display_name,
	             o->selected != NULL && strcmp(o->selected, id) == 0);
	return 0;
}

static void case_option_label(const struct activity_case *c, char *out, size_t n)
{
	if (c->closed[0] != '\0')
		snprintf(out, n, "Ärende %lld, %s–%s", (long long)c->case_id, c->opened, c->closed);
	else
		snprintf(out, n, "Ärende %lld, öppnat %s (pågår)", (long long)c->case_id,
		         c->opened);
}

static int render_report_form(struct request *req, struct response *resp, int status,
                              const struct report_form *f)
{
	struct staff_opts so;
	struct html h;
	char own[24], label[96], id[24];
	int rc;

	resp->status = status;
	html_init(&h, &resp->body);
	layout_begin(&h, req, "Registrera anmälan");
	html_raw_trusted(&h, "<h1>Registrera orosanmälan eller lex Sarah</h1>\n");
	if (f->e_kind || f->e_date || f->e_client_code || f->e_case || f->e_made_by ||
	    f->e_recipient_org || f->e_recipient_text || f->e_general)
		activity_form_alert(&h,
		                    f->e_general ? f->e_general : "Anmälan registrerades inte.");
	html_raw_trusted(&h, "<p>Anmälan registreras på det ärende den gäller. Ange klientens "
	                     "kod, inte namn eller personnummer.</p>\n"
	                     "<form method=\"post\" action=\"/reports/new\" class=\"form\">\n");
	html_csrf_input(&h, req->csrf);
	activity_choice_select(&h, "kind", "Typ av anmälan", activity_report_kinds, f->kind,
	                       f->e_kind, "Välj typ");
	field_input(&h, "date", "Datum då anmälan gjordes", "date", f->date, f->e_date, NULL, true);
	field_input(&h, "client_code", "Klientens kod (till exempel K-2026-0042)", "text",
	            f->client_code, f->e_client_code, "off", true);
	if (f->ncases > 0) {
		field_select_open(&h, "case_id", "Ärende", f->e_case, "Välj ärende");
		for (size_t i = 0; i < f->ncases; i++) {
			case_option_label(&f->cases[i], label, sizeof(label));
			snprintf(id, sizeof(id), "%lld", (long long)f->cases[i].case_id);
			field_option(&h, id, label, f->case_id && strcmp(f->case_id, id) == 0);
		}
		field_select_close(&h);
	}
	snprintf(own, sizeof(own), "%lld", (long long)req->acc.id);
	so = (struct staff_opts){&h, req->acc.organisation_id, f->made_by ? f->made_by : own};
	field_select_open(&h, "made_by", "Gjord av", f->e_made_by, NULL);
	rc = account_list(req->st, staff_option, &so);
	if (rc != 0)
		return rc;
	field_select_close(&h);
	html_raw_trusted(&h, "<fieldset class=\"field\">\n<legend>Till vem gjordes anmälan? "
	                     "Välj i listan eller skriv mottagaren.</legend>\n");
	rc = activity_org_select(&h, req, "recipient_organisation", "Organisation i registret",
	                         f->recipient_org, f->e_recipient_org, "Ingen vald");
	if (rc != 0)
		return rc;
	field_input(&h, "recipient_text", "Annan mottagare (till exempel IVO)", "text",
	            f->recipient_text, f->e_recipient_text, "off", false);
	html_raw_trusted(&h, "</fieldset>\n<p><button type=\"submit\">Registrera anmälan</button> "
	                     "<a href=\"/reports\">Avbryt</a></p>\n</form>\n");
	layout_end(&h);
	return h.err;
}

static int reports_new_get(struct request *req, struct response *resp)
{
	struct report_form *f = req_alloc(req, sizeof(*f));
	char *today = req_alloc(req, 11);
	struct nrs_date d = date_today();

	if (f == NULL || today == NULL)
		return NRS_ENOMEM;
	memset(f, 0, sizeof(*f));
	date_format(&d, today);
	f->date = today;
	return render_report_form(req, resp, 200, f);
}

struct case_pick {
	const struct request *req;
	struct report_form *f;
};

/* Offer only the cases the user may report on. */
static int pick_case(const struct activity_case *c, void *ctx)
{
	struct case_pick *p = ctx;

	if (!may(p->req, c->relations, ACT_CREATE) || p->f->ncases >= CASES_MAX)
		return 0;
	p->f->cases[p->f->ncases++] = *c;
	return 0;
}

/* The case the report concerns: the chosen one, or the code's only one. 0 and *case_id, or
 * an error beside client_code / case_id (NRS_EINVAL), or a store error. */
static int resolve_case(struct request *req, struct report_form *f, int64_t *case_id)
{
	struct case_pick p = {req, f};
	int64_t chosen = 0;
	int rc;

	*case_id = 0;
	if (f->client_code == NULL || f->client_code[0] == '\0') {
		f->e_client_code = "Ange klientens kod.";
		return NRS_EINVAL;
	}
	rc = activitysvc_cases_by_code(req->st, &req->acc, f->client_code, pick_case, &p);
	if (rc != 0)
		return rc;
	/* an unknown code and a client of another organisation get the same answer */
	if (f->ncases == 0) {
		f->e_client_code = "Det finns inget ärende hos din verksamhet för den koden.";
		return NRS_EINVAL;
	}
	if (f->case_id != NULL && f->case_id[0] != '\0') {
		if (activity_parse_id(f->case_id, &chosen) == 0)
			for (size_t i = 0; i < f->ncases; i++)
				if (f->cases[i].case_id == chosen)
					*case_id = chosen;
		if (*case_id == 0) {
			f->e_case = "Välj ett av klientens ärenden i listan.";
			return NRS_EINVAL;
		}
		return 0;
	}
	if (f->ncases > 1) {
		f->e_case = "Klienten har flera ärenden: välj vilket anmälan gäller.";
		return NRS_EINVAL;
	}
	*case_id = f->cases[0].case_id;
	return 0;
}

static int reports_new_post(struct request *req, struct response *resp)
{
	struct report_form *f = req_alloc(req, sizeof(*f));
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct report_new in = {0};
	int64_t id = 0;
	int rc;

	if (f == NULL)
		return NRS_ENOMEM;
	memset(f, 0, sizeof(*f));
	f->kind = form_get_unique(&req->form, "kind");
	f->date = form_get_unique(&req->form, "date");
	f->client_code = form_get_unique(&req->form, "client_code");
	f->case_id = form_get_unique(&req->form, "case_id");
	f->made_by = form_get_unique(&req->form, "made_by");
	f->recipient_org = form_get_unique(&req->form, "recipient_organisation");
	f->recipient_text = form_get_unique(&req->form, "recipient_text");
	rc = resolve_case(req, f, &in.case_id);
	if (rc == NRS_EINVAL)
		return render_report_form(req, resp, 422, f);
	if (rc != 0)
		return rc;
	in.kind = f->kind;
	in.date = f->date;
	in.made_by = req->acc.id;
	in.recipient_text = f->recipient_text;
	if (f->made_by != NULL && f->made_by[0] != '\0' &&
	    activity_parse_id(f->made_by, &in.made_by) != 0) {
		f->e_made_by = "Välj en medarbetare i listan.";
		return render_report_form(req, resp, 422, f);
	}
	if (f->recipient_org != NULL && f->recipient_org[0] != '\0' &&
	    activity_parse_id(f->recipient_org, &in.recipient_organisation_id) != 0) {
		f->e_recipient_org = "Välj en organisation i listan.";
		return render_report_form(req, resp, 422, f);
	}
	activity_actor(req, &actor);
	rc = activitysvc_report_create(req->st, req->keys, &actor, &in, &id, &err);
	if (rc == NRS_EINVAL || rc == NRS_ETOOBIG) {
		const char *msg = activity_msg(req, err.msg);

		if (strcmp(err.field, "kind") == 0)
			f->e_kind = msg;
		else if (strcmp(err.field, "date") == 0)
			f->e_date = msg;
		else if (strcmp(err.field, "case") == 0)
			f->e_client_code = msg;
		else if (strcmp(err.field, "made_by") == 0)
			f->e_made_by = msg;
		else if (strcmp(err.field, "recipient") == 0 && in.recipient_organisation_id == 0)
			f->e_recipient_text = msg;
		else if (strcmp(err.field, "recipient") == 0)
			f->e_recipient_org = msg;
		else
			f->e_general = msg;
		return render_report_form(req, resp, 422, f);
	}
	return rc != 0 ? rc : response_redirect(resp, "/reports?done=created");
}

const struct route reports_routes[] = {
    {"GET", "/reports", reports_list_get, true, REC_MANDATORY_REPORT, ACT_LIST, 0},
    {"GET", "/reports/new", reports_new_get, true, REC_MANDATORY_REPORT, ACT_CREATE, 0},
    {"POST", "/reports/new", reports_new_post, true, REC_MANDATORY_REPORT, ACT_CREATE, 0},
};
ROUTE_TABLE_COUNT(reports);
