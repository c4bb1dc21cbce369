/* Trainings and network meetings (R23): GET /trainings, GET/POST /trainings/new and
 * GET /trainings/:id. Participants are counted per organisation (rows of an organisation and
 * a number), never named. */
#include "web/pages/activity.h"

#include "base/date.h"
#include "base/err.h"
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

#define FORM_ROWS_MIN 5   /* empty participant rows offered at first */
#define FORM_ROWS_EXTRA 2 /* empty rows after the typed ones when the form comes back */

/* ---- the list ---- */

struct training_item {
	int64_t id, participants, organisations;
	const char *date, *title, *kind;
};

struct training_items {
	struct request *req;
	struct training_item *v;
	size_t n, cap;
	int64_t participants;
};

static int collect_training(const struct training_row *row, void *ctx)
{
	struct training_items *l = ctx;
	struct training_item *nv, *it;

	nv = listing_grow(l->v, l->n, &l->cap, sizeof(*nv));
	if (nv == NULL)
		return NRS_ENOMEM;
	l->v = nv;
	it = &l->v[l->n];
	it->id = row->id;
	it->participants = row->participants;
	it->organisations = row->organisations;
	it->date = req_strdup(l->req, row->date);
	it->title = req_strdup(l->req, row->title);
	it->kind = req_strdup(l->req, row->kind);
	if (it->date == NULL || it->title == NULL || it->kind == NULL)
		return NRS_ENOMEM;
	l->n++;
	l->participants += row->participants;
	return 0;
}

static int cmp_i64(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

static int cmp_training_date(const void *a, const void *b)
{
	const struct training_item *x = a, *y = b;
	int c = strcmp(x->date, y->date);

	return c != 0 ? c : cmp_i64(x->id, y->id);
}

static int cmp_training_title(const void *a, const void *b)
{
	const struct training_item *x = a, *y = b;
	int c = strcmp(x->title, y->title);

	return c != 0 ? c : cmp_training_date(a, b);
}

static int cmp_training_kind(const void *a, const void *b)
{
	const struct training_item *x = a, *y = b;
	const char *kx = activity_label(activity_training_kinds, x->kind);
	const char *ky = activity_label(activity_training_kinds, y->kind);
	int c = strcmp(kx ? kx : "", ky ? ky : "");

	return c != 0 ? c : cmp_training_date(a, b);
}

static int cmp_training_participants(const void *a, const void *b)
{
	const struct training_item *x = a, *y = b;
	int c = cmp_i64(x->participants, y->participants);

	return c != 0 ? c : cmp_training_date(a, b);
}

static const char *const training_sort_keys[] = {"date", "title", "kind", "participants"};
static int (*const training_cmp[])(const void *, const void *) = {
    cmp_training_date, cmp_training_title, cmp_training_kind, cmp_training_participants};

static int trainings_list_get(struct request *req, struct response *resp)
{
	static const char *const labels[] = {"Datum", "Rubrik", "Typ", "Deltagare"};
	struct training_items l = {0};
	struct clientsvc_actor actor;
	struct html h;
	size_t key, first, count;
	bool desc;
	int64_t page;
	int rc;

	l.req = req;
	activity_actor(req, &actor);
	rc = listing_sort_param(req, training_sort_keys, 4, &key, &desc);
	/* newest first unless a sort was chosen */
	if (rc == 0 && form_get(&req->query, "sort") == NULL)
		desc = true;
	if (rc == 0)
		rc = listing_page_param(req, &page);
	if (rc == 0)
		rc = activitysvc_training_list(req->st, &actor, collect_training, &l);
	if (rc != 0)
		goto out;
	if (l.n > 1)
		qsort(l.v, l.n, sizeof(*l.v), training_cmp[key]);
	for (size_t i = 0; desc && i < l.n / 2; i++) {
		struct training_item t = l.v[i];

		l.v[i] = l.v[l.n - 1 - i];
		l.v[l.n - 1 - i] = t;
	}
	listing_page_slice((int64_t)l.n, LISTING_PER_PAGE, &page, &first, &count);

	html_init(&h, &resp->body);
	layout_begin(&h, req, "Utbildningar");
	html_raw_trusted(&h, "<h1>Utbildningar och nätverksträffar</h1>\n");
	if (policy_allows_some(req->acc.roles, REC_TRAINING, ACT_CREATE))
		html_raw_trusted(&h, "<p><a class=\"button\" href=\"/trainings/new\">Ny utbildning "
		                     "eller nätverksträff</a></p>\n");
	html_raw_trusted(&h, "<table>\n<caption>Utbildningar och nätverksträffar (");
	html_int(&h, (int64_t)l.n);
	html_raw_trusted(&h, " st, sammanlagt ");
	html_int(&h, l.participants);
	html_raw_trusted(&h, " deltagare)</caption>\n<thead><tr>\n");
	for (size_t i = 0; i < 4; i++)
		listing_sort_th(&h, req, "/trainings", labels[i], training_sort_keys[i], key == i,
		                desc);
	html_raw_trusted(&h, "<th scope=\"col\">Organisationer</th>\n</tr></thead>\n<tbody>\n");
	for (size_t i = first; i < first + count; i++) {
		const struct training_item *t = &l.v[i];

		html_raw_trusted(&h, "<tr><td>");
		html_text(&h, t->date);
		html_raw_trusted(&h, "</td><th scope=\"row\"><a href=\"/trainings/");
		html_int(&h, t->id);
		html_raw_trusted(&h, "\">");
		html_text(&h, t->title);
		html_raw_trusted(&h, "</a></th><td>");
		activity_text_or_dash(&h, activity_label(activity_training_kinds, t->kind));
		html_raw_trusted(&h, "</td><td class=\"num\">");
		html_int(&h, t->participants);
		html_raw_trusted(&h, "</td><td class=\"num\">");
		html_int(&h, t->organisations);
		html_raw_trusted(&h, "</td></tr>\n");
	}
	if (l.n == 0)
		html_raw_trusted(&h, "<tr><td colspan=\"5\">Inga utbildningar eller "
		                     "nätverksträffar.</td></tr>\n");
	html_raw_trusted(&h, "</tbody>\n</table>\n");
	listing_pager(&h, req, "/trainings", page, (int64_t)l.n, LISTING_PER_PAGE);
	layout_end(&h);
	rc = h.err;
out:
	free(l.v);
	return rc;
}

/* ---- a new training ---- */

struct prow {
	const char *org, *count;     /* as typed */
	const char *e_org, *e_count; /* errors */
};

struct training_form {
	const char *date, *title, *kind;
	const char *e_date, *e_title, *e_kind, *e_general;
	struct prow rows[TRAINING_ROWS_MAX];
	size_t nrows; /* rows to show */
};

static int render_training_form(struct request *req, struct response *resp, int status,
                                const struct training_form *f)
{
	struct html h;
	char name[32], legend[32];
	bool failed = f->e_date || f->e_title || f->e_kind || f->e_general;
	int rc = 0;

	for (size_t i = 0; i < f->nrows; i++)
		failed = failed || f->rows[i].e_org || f->rows[i].e_count;
	resp->status = status;
	html_init(&h, &resp->body);
	layout_begin(&h, req, "Ny utbildning");
	html_raw_trusted(&h, "<h1>Ny utbildning eller nätverksträff</h1>\n");
	if (failed)
		activity_form_alert(&h,
		                    f->e_general ? f->e_general : "Utbildningen sparades inte.");
	html_raw_trusted(&h, "<form method=\"post\" action=\"/trainings/new\" class=\"form\">\n");
	html_csrf_input(&h, req->csrf);
	html_raw_trusted(&h, "<input type=\"hidden\" name=\"rows\" value=\"");
	html_int(&h, (int64_t)f->nrows);
	html_raw_trusted(&h, "\">\n");
	field_input(&h, "date", "Datum", "date", f->date, f->e_date, NULL, true);
	field_input(&h, "title", "Rubrik", "text", f->title, f->e_title, "off", true);
	activity_choice_select(&h, "kind", "Typ", activity_training_kinds, f->kind, f->e_kind,
	                       "Välj typ");
	html_raw_trusted(&h, "<h2>Deltagare</h2>\n<p>Ange antal deltagare per organisation, en "
	                     "organisation per rad. Tomma rader räknas inte. Inga namn.</p>\n");
	for (size_t i = 0; i < f->nrows && rc == 0; i++) {
		const struct prow *r = &f->rows[i];

		snprintf(legend, sizeof(legend), "Rad %zu", i + 1);
		html_raw_trusted(&h, r->e_org || r->e_count ? "<fieldset class=\"field has-error\">"
		                                            : "<fieldset class=\"field\">");
		html_raw_trusted(&h, "\n<legend>");
		html_text(&h, legend);
		html_raw_trusted(&h, "</legend>\n");
		snprintf(name, sizeof(name), "org_%zu", i + 1);
		rc = activity_org_select(&h, req, name, "Organisation", r->org, r->e_org,
		                         "Välj organisation");
		snprintf(name, sizeof(name), "count_%zu", i + 1);
		field_input(&h, name, "Antal deltagare", "number", r->count, r->e_count, NULL,
		            false);
		html_raw_trusted(&h, "</fieldset>\n");
	}
	if (rc != 0)
		return rc;
	/* Spara comes first: it is the button Enter presses */
	html_raw_trusted(&h, "<p><button type=\"submit\">Spara</button> ");
	if (f->nrows < TRAINING_ROWS_MAX)
		html_raw_trusted(&h, "<button type=\"submit\" name=\"action\" value=\"more\">"
		                     "Fler rader</button> ");
	html_raw_trusted(&h, "<a href=\"/trainings\">Avbryt</a></p>\n</form>\n");
	layout_end(&h);
	return h.err;
}

static int trainings_new_get(struct request *req, struct response *resp)
{
	struct training_form f;
	char today[11];
	struct nrs_date d = date_today();

	memset(&f, 0, sizeof(f));
	date_format(&d, today);
	f.date = today;
	f.nrows = FORM_ROWS_MIN;
	return render_training_form(req, resp, 200, &f);
}

static bool blank(const char *s)
{
	return s == NULL || s[0] == '\0';
}

/* Put a service error beside its field; rows are named org_N / count_N. */
static void place_error(struct request *req, struct training_form *f, const struct nrs_error *err)
{
	const char *msg = activity_msg(req, err->msg);
	size_t no = 0;

	if (strcmp(err->field, "date") == 0)
		f->e_date = msg;
	else if (strcmp(err->field, "title") == 0)
		f->e_title = msg;
	else if (strcmp(err->field, "kind") == 0)
		f->e_kind = msg;
	else if (sscanf(err->field, "org_%zu", &no) == 1 && no >= 1 && no <= f->nrows)
		f->rows[no - 1].e_org = msg;
	else if (sscanf(err->field, "count_%zu", &no) == 1 && no >= 1 && no <= f->nrows)
		f->rows[no - 1].e_count = msg;
	else
		f->e_general = msg;
}

static int trainings_new_post(struct request *req, struct response *resp)
{
	struct training_row_new rows[TRAINING_ROWS_MAX];
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct training_new in = {0};
	struct training_form f;
	const char *action;
	char name[32], loc[64];
	size_t last = 0;
	int64_t id = 0;
	int rc = 0;

	memset(&f, 0, sizeof(f));
	memset(rows, 0, sizeof(rows));
	f.date = form_get_unique(&req->form, "date");
	f.title = form_get_unique(&req->form, "title");
	f.kind = form_get_unique(&req->form, "kind");
	for (size_t i = 0; i < TRAINING_ROWS_MAX; i++) {
		snprintf(name, sizeof(name), "org_%zu", i + 1);
		f.rows[i].org = form_get_unique(&req->form, name);
		snprintf(name, sizeof(name), "count_%zu", i + 1);
		f.rows[i].count = form_get_unique(&req->form, name);
		if (!blank(f.rows[i].org) || !blank(f.rows[i].count))
			last = i + 1;
	}
	f.nrows = last + FORM_ROWS_EXTRA;
	if (f.nrows < FORM_ROWS_MIN)
		f.nrows = FORM_ROWS_MIN;
	if (f.nrows > TRAINING_ROWS_MAX)
		f.nrows = TRAINING_ROWS_MAX;
	/* "Fler rader": the same form with room for more, nothing saved */
	action = form_get_unique(&req->form, "action");
	if (action != NULL && strcmp(action, "more") == 0) {
		int64_t shown = 0;
		const char *rows_text = form_get_unique(&req->form, "rows");

		if (rows_text == NULL ||
		    activity_int_text(rows_text, "rows", "rows", &shown, NULL) ||
		    shown < (int64_t)last)
			shown = (int64_t)last;
		f.nrows = (size_t)shown + FORM_ROWS_MIN;
		if (f.nrows > TRAINING_ROWS_MAX)
			f.nrows = TRAINING_ROWS_MAX;
		return render_training_form(req, resp, 200, &f);
	}
	/* the filled rows, each keeping its number in the form for the error messages */
	for (size_t i = 0; i < last && rc == 0; i++) {
		struct training_row_new *r = &rows[in.nrows];

		if (blank(f.rows[i].org) && blank(f.rows[i].count))
			continue;
		r->number = i + 1;
		snprintf(name, sizeof(name), "org_%zu", i + 1);
		if (!blank(f.rows[i].org) && activity_parse_id(f.rows[i].org, &r->organisation_id))
			rc =
			    nrs_error_set(&err, NRS_EINVAL, name, "Välj en organisation i listan.");
		snprintf(name, sizeof(name), "count_%zu", i + 1);
		r->has_count = !blank(f.rows[i].count);
		if (rc == 0 && r->has_count)
			rc = activity_int_text(f.rows[i].count, name, "Antalet deltagare",
			                       &r->participants, &err);
		in.nrows++;
	}
	if (rc == 0) {
		in.date = f.date;
		in.title = f.title;
		in.kind = f.kind;
		in.rows = rows;
		activity_actor(req, &actor);
		rc = activitysvc_training_create(req->st, req->keys, &actor, &in, &id, &err);
	}
	if (rc == NRS_EINVAL || rc == NRS_ETOOBIG) {
		place_error(req, &f, &err);
		return render_training_form(req, resp, 422, &f);
	}
	if (rc != 0)
		return rc;
	snprintf(loc, sizeof(loc), "/trainings/%" PRId64 "?done=created", id);
	return response_redirect(resp, loc);
}

/* ---- one training ---- */

struct training_view {
	struct html *h;
	struct request *req;
	bool header_done;
};

static int view_head(const struct training_row *row, void *ctx)
{
	struct training_view *v = ctx;
	const char *done = form_get(&v->req->query, "done");
	struct html *h = v->h;

	layout_begin(h, v->req, row->title);
	html_raw_trusted(h, "<h1>");
	html_text(h, row->title);
	html_raw_trusted(h, "</h1>\n");
	if (done && strcmp(done, "created") == 0)
		html_raw_trusted(h, "<div class=\"notice\" role=\"status\"><p>Utbildningen är "
		                    "sparad.</p></div>\n");
	html_raw_trusted(h, "<dl class=\"facts\">\n<dt>Datum</dt><dd>");
	html_text(h, row->date);
	html_raw_trusted(h, "</dd>\n<dt>Typ</dt><dd>");
	activity_text_or_dash(h, activity_label(activity_training_kinds, row->kind));
	html_raw_trusted(h, "</dd>\n<dt>Deltagare</dt><dd>");
	html_int(h, row->participants);
	html_raw_trusted(h, "</dd>\n</dl>\n<table>\n<caption>Deltagare per organisation"
	                    "</caption>\n<thead><tr><th scope=\"col\">Organisation</th>"
	                    "<th scope=\"col\">Antal</th></tr></thead>\n<tbody>\n");
	v->header_done = true;
	return h->err;
}

static int view_row(const struct training_participant_row *row, void *ctx)
{
	struct training_view *v = ctx;

	html_raw_trusted(v->h, "<tr><th scope=\"row\">");
	html_text(v->h, row->organisation_name);
	html_raw_trusted(v->h, "</th><td class=\"num\">");
	html_int(v->h, row->participants);
	html_raw_trusted(v->h, "</td></tr>\n");
	return v->h->err;
}

static int training_view_get(struct request *req, struct response *resp)
{
	struct html h;
	struct training_view v = {&h, req, false};
	int64_t id;
	int rc;

	/* trainings hold no personal data: no relation is needed, any centre role reads any */
	if (!policy_allows(req->acc.roles, REL_ANY, REC_TRAINING, ACT_READ))
		return NRS_EDENIED;
	if (activity_parse_id(req_param(req, "id"), &id) != 0)
		return NRS_ENOTFOUND;
	html_init(&h, &resp->body);
	rc = activitysvc_training_get(req->st, id, view_head, view_row, &v);
	if (rc != 0) {
		buf_reset(&resp->body);
		return rc;
	}
	html_raw_trusted(&h, "</tbody>\n</table>\n<p><a href=\"/trainings\">Alla utbildningar och "
	                     "nätverksträffar</a></p>\n");
	layout_end(&h);
	return h.err;
}

const struct route trainings_routes[] = {
    {"GET", "/trainings", trainings_list_get, true, REC_TRAINING, ACT_LIST, 0},
    {"GET", "/trainings/new", trainings_new_get, true, REC_TRAINING, ACT_CREATE, 0},
    {"POST", "/trainings/new", trainings_new_post, true, REC_TRAINING, ACT_CREATE, 0},
    {"GET", "/trainings/:id", training_view_get, true, REC_TRAINING, ACT_READ, 0},
};
ROUTE_TABLE_COUNT(trainings);
