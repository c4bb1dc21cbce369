/* Anonymous contacts / information phone (R41) and consultations to professionals (R12):
 * GET /contacts, GET/POST /contacts/new, GET /consultations, GET/POST /consultations/new.
 * Neither holds personal data: the forms have no field for a name, a number or an address,
 * and the topic field warns against writing names. */
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

#define TOPIC_HINT                                                                                 \
	"Skriv inga namn, personnummer eller andra uppgifter som kan peka ut en person. Skriv "    \
	"bara vad samtalet handlade om, till exempel \"frågor om skyddat boende\"."

/* A form's typed values and errors, by field index (names[i] is the field's name). */
#define FORM_FIELDS_MAX 8
struct fstate {
	const char *const *names;
	size_t n;
	const char *v[FORM_FIELDS_MAX];
	const char *e[FORM_FIELDS_MAX];
	const char *general;
};

static void fstate_read(struct request *req, struct fstate *f)
{
	for (size_t i = 0; i < f->n; i++)
		f->v[i] = form_get_unique(&req->form, f->names[i]);
}

/* Put the service's error beside its field (or at the top when it names none of them). */
static void fstate_error(struct request *req, struct fstate *f, const struct nrs_error *err)
{
	const char *msg = activity_msg(req, err->msg);

	for (size_t i = 0; i < f->n; i++)
		if (strcmp(err->field, f->names[i]) == 0) {
			f->e[i] = msg;
			return;
		}
	f->general = msg;
}

static bool fstate_failed(const struct fstate *f)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->e[i] != NULL)
			return true;
	return f->general != NULL;
}

/* minutes from a form: blank is "not given" (the service says so), else a whole number. */
static int read_minutes(const char *text, bool *given, int64_t *minutes, struct nrs_error *err)
{
	*given = text != NULL && text[0] != '\0';
	*minutes = 0;
	return *given ? activity_int_text(text, "minutes", "Längden", minutes, err) : 0;
}

/* Newest first unless the user chose a sort: the default of a log is its latest entries. */
static int sort_params(const struct request *req, const char *const *keys, size_t nkeys,
                       size_t *key, bool *desc)
{
	int rc = listing_sort_param(req, keys, nkeys, key, desc);

	if (rc == 0 && form_get(&req->query, "sort") == NULL)
		*desc = true;
	return rc;
}

static void reverse(void *base, size_t n, size_t size, void *tmp)
{
	char *p = base;

	for (size_t i = 0; i < n / 2; i++) {
		memcpy(tmp, p + i * size, size);
		memcpy(p + i * size, p + (n - 1 - i) * size, size);
		memcpy(p + (n - 1 - i) * size, tmp, size);
	}
}

static int cmp_i64(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

static int cmp_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a == NULL) - (b == NULL); /* missing values last */
	return strcmp(a, b);
}

/* ---- the lists of contacts and of consultations: one table but for a column ---- */

struct log_item {
	int64_t id, minutes;
	/* who: the caller category's label (contacts) or the asking organisation
	 * (consultations); outcome: the outcome's label (contacts only, else NULL). */
	const char *date, *who, *municipality, *topic, *outcome;
};

struct log_items {
	struct request *req;
	struct log_item *v;
	size_t n, cap;
	int64_t minutes;
};

/* Appends a copy of row (strings in request memory) and adds up its minutes. */
static int log_add(struct log_items *l, const struct log_item *row)
{
	struct log_item *nv, *it;
	int rc = 0;

	nv = listing_grow(l->v, l->n, &l->cap, sizeof(*nv));
	if (nv == NULL)
		return NRS_ENOMEM;
	l->v = nv;
	it = &l->v[l->n];
	it->id = row->id;
	it->minutes = row->minutes;
	it->date = listing_strdup(l->req, row->date, &rc);
	it->who = listing_strdup(l->req, row->who, &rc);
	it->municipality = listing_strdup(l->req, row->municipality, &rc);
	it->topic = listing_strdup(l->req, row->topic, &rc);
	it->outcome = listing_strdup(l->req, row->outcome, &rc);
	if (rc == 0) {
		l->n++;
		l->minutes += row->minutes;
	}
	return rc;
}

static int cmp_log_date(const void *a, const void *b)
{
	const struct log_item *x = a, *y = b;
	int c = strcmp(x->date, y->date);

	return c != 0 ? c : cmp_i64(x->id, y->id);
}

static int cmp_log_who(const void *a, const void *b)
{
	const struct log_item *x = a, *y = b;
	int c = cmp_str(x->who, y->who);

	return c != 0 ? c : cmp_log_date(a, b);
}

static int cmp_log_municipality(const void *a, const void *b)
{
	const struct log_item *x = a, *y = b;
	int c = cmp_str(x->municipality, y->municipality);

	return c != 0 ? c : cmp_log_date(a, b);
}

static int cmp_log_minutes(const void *a, const void *b)
{
	const struct log_item *x = a, *y = b;
	int c = cmp_i64(x->minutes, y->minutes);

	return c != 0 ? c : cmp_log_date(a, b);
}

/* By the sort keys' index: date, who, municipality, minutes. */
static int (*const log_cmp[])(const void *, const void *) = {cmp_log_date, cmp_log_who,
                                                             cmp_log_municipality,
                                                             cmp_log_minutes};

/* What tells one list page from the other. The *_html members are trusted markup. */
struct log_page {
	const char *base, *title;
	const char *heading_html, *created_html, *lead_html;
	enum record_kind kind;  /* who may create: shows new_html */
	const char *new_html;
	const char *caption;    /* "Kontakter": the caption's first word */
	const char *keys[4];    /* the sort keys of date, who, municipality, minutes */
	const char *labels[4];  /* their column headers */
	bool outcome;           /* a last column "Ledde till" */
	const char *empty_html; /* the row of an empty list */
	/* The service's list walk, collecting into l. */
	int (*walk)(struct request *req, const struct clientsvc_actor *actor, struct log_items *l);
};

/* Sort key, direction and page from the query. */
static int log_params(struct request *req, const struct log_page *pg, size_t *key, bool *desc,
                      int64_t *page)
{
	int rc = sort_params(req, pg->keys, 4, key, desc);

	return rc != 0 ? rc : listing_page_param(req, page);
}

/* Sorts and pages the collected rows l and writes the page. */
static int log_render(struct request *req, struct response *resp, const struct log_page *pg,
                      struct log_items *l, size_t key, bool desc, int64_t page)
{
	const char *done = form_get(&req->query, "done");
	struct log_item tmp;
	struct html h;
	size_t first, count;

	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), log_cmp[key]);
	if (desc)
		reverse(l->v, l->n, sizeof(*l->v), &tmp);
	listing_page_slice((int64_t)l->n, LISTING_PER_PAGE, &page, &first, &count);

	html_init(&h, &resp->body);
	layout_begin(&h, req, pg->title);
	html_raw_trusted(&h, pg->heading_html);
	if (done && strcmp(done, "created") == 0)
		html_raw_trusted(&h, pg->created_html);
	html_raw_trusted(&h, pg->lead_html);
	if (policy_allows_some(req->acc.roles, pg->kind, ACT_CREATE))
		html_raw_trusted(&h, pg->new_html);
	html_raw_trusted(&h, "<table>\n<caption>");
	html_raw_trusted(&h, pg->caption);
	html_raw_trusted(&h, " (");
	html_int(&h, (int64_t)l->n);
	html_raw_trusted(&h, " st, sammanlagt ");
	html_int(&h, l->minutes);
	html_raw_trusted(&h, " minuter)</caption>\n<thead><tr>\n");
	for (size_t i = 0; i < 3; i++)
		listing_sort_th(&h, req, pg->base, pg->labels[i], pg->keys[i], key == i, desc);
	html_raw_trusted(&h, "<th scope=\"col\">Ämne</th>\n");
	listing_sort_th(&h, req, pg->base, pg->labels[3], pg->keys[3], key == 3, desc);
	if (pg->outcome)
		html_raw_trusted(&h, "<th scope=\"col\">Ledde till</th>\n");
	html_raw_trusted(&h, "</tr></thead>\n<tbody>\n");
	for (size_t i = first; i < first + count; i++) {
		const struct log_item *c = &l->v[i];

		html_raw_trusted(&h, "<tr><th scope=\"row\">");
		html_text(&h, c->date);
		html_raw_trusted(&h, "</th><td>");
		activity_text_or_dash(&h, c->who);
		html_raw_trusted(&h, "</td><td>");
		activity_text_or_dash(&h, c->municipality);
		html_raw_trusted(&h, "</td><td>");
		html_text(&h, c->topic);
		html_raw_trusted(&h, "</td><td class=\"num\">");
		html_int(&h, c->minutes);
		if (pg->outcome) {
			html_raw_trusted(&h, "</td><td>");
			activity_text_or_dash(&h, c->outcome);
		}
		html_raw_trusted(&h, "</td></tr>\n");
	}
	if (l->n == 0)
		html_raw_trusted(&h, pg->empty_html);
	html_raw_trusted(&h, "</tbody>\n</table>\n");
	listing_pager(&h, req, pg->base, page, (int64_t)l->n, LISTING_PER_PAGE);
	layout_end(&h);
	return h.err;
}

/* GET of a list page: the rows from pg's walk, sorted and paged as the query says. */
static int log_list_get(struct request *req, struct response *resp, const struct log_page *pg)
{
	struct log_items l = {0};
	struct clientsvc_actor actor;
	size_t key;
	bool desc;
	int64_t page;
	int rc;

	l.req = req;
	activity_actor(req, &actor);
	rc = log_params(req, pg, &key, &desc, &page);
	if (rc == 0)
		rc = pg->walk(req, &actor, &l);
	if (rc == 0)
		rc = log_render(req, resp, pg, &l, key, desc, page);
	free(l.v);
	return rc;
}

/* ---- anonymous contacts ---- */

enum { C_DATE, C_CATEGORY, C_MUNICIPALITY, C_TOPIC, C_MINUTES, C_OUTCOME, C_N };
static const char *const contact_fields[C_N] = {"date",  "category", "municipality",
                                                "topic", "minutes",  "outcome"};

static int collect_contact(const struct contact_row *row, void *ctx)
{
	const struct log_item it = {row->id,
	                            row->minutes,
	                            row->date,
	                            activity_label(activity_caller_categories, row->category),
	                            row->municipality_name,
	                            row->topic,
	                            activity_label(activity_contact_outcomes, row->outcome)};

	return log_add(ctx, &it);
}

static int walk_contacts(struct request *req, const struct clientsvc_actor *actor,
                         struct log_items *l)
{
	return activitysvc_contact_list(req->st, actor, collect_contact, l);
}

static const struct log_page contact_page = {
    "/contacts",
    "Informationstelefon",
    "<h1>Informationstelefon och anonyma kontakter</h1>\n",
    "<div class=\"notice\" role=\"status\"><p>Kontakten är sparad.</p></div>\n",
    "<p class=\"lead\">Samtal och besök utan registrerad klient. Inga personuppgifter "
    "sparas.</p>\n",
    REC_CONTACT,
    "<p><a class=\"button\" href=\"/contacts/new\">Ny kontakt</a></p>\n",
    "Kontakter",
    {"date", "category", "municipality", "minutes"},
    {"Datum", "Vem kontaktade", "Kommun", "Minuter"},
    true,
    "<tr><td colspan=\"6\">Inga kontakter.</td></tr>\n",
    walk_contacts};

static int contacts_list_get(struct request *req, struct response *resp)
{
	return log_list_get(req, resp, &contact_page);
}

static int render_contact_form(struct request *req, struct response *resp, int status,
                               const struct fstate *f)
{
	struct html h;
	int rc;

	resp->status = status;
	html_init(&h, &resp->body);
	layout_begin(&h, req, "Ny kontakt");
	html_raw_trusted(&h, "<h1>Ny kontakt på informationstelefonen</h1>\n");
	if (fstate_failed(f))
		activity_form_alert(&h, f->general ? f->general : "Kontakten sparades inte.");
	html_raw_trusted(&h, "<p>Registrera samtal och besök där ingen klient registreras. "
	                     "Formuläret har inga fält för personuppgifter.</p>\n"
	                     "<form method=\"post\" action=\"/contacts/new\" class=\"form\">\n");
	html_csrf_input(&h, req->csrf);
	field_input(&h, "date", "Datum", "date", f->v[C_DATE], f->e[C_DATE], NULL, true);
	activity_choice_select(&h, "category", "Vem kontaktade centrumet",
	                       activity_caller_categories, f->v[C_CATEGORY], f->e[C_CATEGORY],
	                       "Välj");
	rc = activity_municipality_select(&h, req, "municipality", "Kommun (om den uppgavs)",
	                                  f->v[C_MUNICIPALITY], f->e[C_MUNICIPALITY], "Ej angiven");
	if (rc != 0)
		return rc;
	html_raw_trusted(&h, "<p class=\"warning\" id=\"h-topic\"><strong>Obs!</strong> ");
	html_text(&h, TOPIC_HINT);
	html_raw_trusted(&h, "</p>\n");
	field_input(&h, "topic", "Ämne (kort, utan namn)", "text", f->v[C_TOPIC], f->e[C_TOPIC],
	            "off", true);
	field_input(&h, "minutes", "Längd i minuter", "number", f->v[C_MINUTES], f->e[C_MINUTES],
	            NULL, true);
	activity_choice_select(&h, "outcome", "Vad ledde kontakten till", activity_contact_outcomes,
	                       f->v[C_OUTCOME], f->e[C_OUTCOME], "Välj");
	html_raw_trusted(&h, "<p><button type=\"submit\">Spara kontakten</button> "
	                     "<a href=\"/contacts\">Avbryt</a></p>\n</form>\n");
	layout_end(&h);
	return h.err;
}

static int contacts_new_get(struct request *req, struct response *resp)
{
	struct fstate f = {contact_fields, C_N, {0}, {0}, NULL};
	char today[11];
	struct nrs_date d = date_today();

	date_format(&d, today);
	f.v[C_DATE] = today;
	return render_contact_form(req, resp, 200, &f);
}

static int contacts_new_post(struct request *req, struct response *resp)
{
	struct fstate f = {contact_fields, C_N, {0}, {0}, NULL};
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct contact_new in = {0};
	int64_t id = 0;
	int rc;

	fstate_read(req, &f);
	in.date = f.v[C_DATE];
	in.category = f.v[C_CATEGORY];
	in.municipality = f.v[C_MUNICIPALITY];
	in.topic = f.v[C_TOPIC];
	in.outcome = f.v[C_OUTCOME];
	rc = read_minutes(f.v[C_MINUTES], &in.has_minutes, &in.minutes, &err);
	if (rc == 0) {
		activity_actor(req, &actor);
		rc = activitysvc_contact_create(req->st, req->keys, &actor, &in, &id, &err);
	}
	if (rc == NRS_EINVAL || rc == NRS_ETOOBIG) {
		fstate_error(req, &f, &err);
		return render_contact_form(req, resp, 422, &f);
	}
	return rc != 0 ? rc : response_redirect(resp, "/contacts?done=created");
}

/* ---- consultations ---- */

enum { K_DATE, K_ORG, K_MUNICIPALITY, K_TOPIC, K_MINUTES, K_N };
static const char *const consultation_fields[K_N] = {"date", "asker_organisation",
                                                     "asker_municipality", "topic", "minutes"};

static int collect_consultation(const struct consultation_row *row, void *ctx)
{
	const struct log_item it = {row->id,
	                            row->minutes,
	                            row->date,
	                            row->asker_organisation_name,
	                            row->asker_municipality_name,
	                            row->topic,
	                            NULL};

	return log_add(ctx, &it);
}

static int walk_consultations(struct request *req, const struct clientsvc_actor *actor,
                              struct log_items *l)
{
	return activitysvc_consultation_list(req->st, actor, collect_consultation, l);
}

static const struct log_page consultation_page = {
    "/consultations",
    "Konsultationer",
    "<h1>Konsultationer till yrkesverksamma</h1>\n",
    "<div class=\"notice\" role=\"status\"><p>Konsultationen är sparad.</p></div>\n",
    "<p class=\"lead\">Frågor från yrkesverksamma om våld i nära relationer, utan "
    "personuppgifter.</p>\n",
    REC_CONSULTATION,
    "<p><a class=\"button\" href=\"/consultations/new\">Ny konsultation</a></p>\n",
    "Konsultationer",
    {"date", "organisation", "municipality", "minutes"},
    {"Datum", "Organisation", "Kommun", "Minuter"},
    false,
    "<tr><td colspan=\"5\">Inga konsultationer.</td></tr>\n",
    walk_consultations};

static int consultations_list_get(struct request *req, struct response *resp)
{
	return log_list_get(req, resp, &consultation_page);
}

static int render_consultation_form(struct request *req, struct response *resp, int status,
                                    const struct fstate *f)
{
	struct html h;
	int rc;

	resp->status = status;
	html_init(&h, &resp->body);
	layout_begin(&h, req, "Ny konsultation");
	html_raw_trusted(&h, "<h1>Ny konsultation till yrkesverksam</h1>\n");
	if (fstate_failed(f))
		activity_form_alert(&h, f->general ? f->general : "Konsultationen sparades inte.");
	html_raw_trusted(&h, "<form method=\"post\" action=\"/consultations/new\" "
	                     "class=\"form\">\n");
	html_csrf_input(&h, req->csrf);
	field_input(&h, "date", "Datum", "date", f->v[K_DATE], f->e[K_DATE], NULL, true);
	html_raw_trusted(&h, "<p>Ange organisationen som frågade, kommunen, eller båda.</p>\n");
	rc = activity_org_select(&h, req, "asker_organisation", "Organisation som frågade",
	                         f->v[K_ORG], f->e[K_ORG], "Ingen i registret");
	if (rc == 0)
		rc = activity_municipality_select(&h, req, "asker_municipality", "Kommun",
		                                  f->v[K_MUNICIPALITY], f->e[K_MUNICIPALITY],
		                                  "Ej angiven");
	if (rc != 0)
		return rc;
	html_raw_trusted(&h, "<p class=\"warning\" id=\"h-topic\"><strong>Obs!</strong> ");
	html_text(&h, TOPIC_HINT);
	html_raw_trusted(&h, "</p>\n");
	field_input(&h, "topic", "Ämne (kort, utan namn)", "text", f->v[K_TOPIC], f->e[K_TOPIC],
	            "off", true);
	field_input(&h, "minutes", "Längd i minuter", "number", f->v[K_MINUTES], f->e[K_MINUTES],
	            NULL, true);
	html_raw_trusted(&h, "<p><button type=\"submit\">Spara konsultationen</button> "
	                     "<a href=\"/consultations\">Avbryt</a></p>\n</form>\n");
	layout_end(&h);
	return h.err;
}

static int consultations_new_get(struct request *req, struct response *resp)
{
	struct fstate f = {consultation_fields, K_N, {0}, {0}, NULL};
	char today[11];
	struct nrs_date d = date_today();

	date_format(&d, today);
	f.v[K_DATE] = today;
	return render_consultation_form(req, resp, 200, &f);
}

static int consultations_new_post(struct request *req, struct response *resp)
{
	struct fstate f = {consultation_fields, K_N, {0}, {0}, NULL};
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct consultation_new in = {0};
	int64_t id = 0;
	int rc = 0;

	fstate_read(req, &f);
	in.date = f.v[K_DATE];
	in.asker_municipality = f.v[K_MUNICIPALITY];
	in.topic = f.v[K_TOPIC];
	if (f.v[K_ORG] != NULL && f.v[K_ORG][0] != '\0' &&
	    activity_parse_id(f.v[K_ORG], &in.asker_organisation_id) != 0)
		rc = nrs_error_set(&err, NRS_EINVAL, "asker_organisation",
		                   "Välj en organisation i listan.");
	if (rc == 0)
		rc = read_minutes(f.v[K_MINUTES], &in.has_minutes, &in.minutes, &err);
	if (rc == 0) {
		activity_actor(req, &actor);
		rc = activitysvc_consultation_create(req->st, req->keys, &actor, &in, &id, &err);
	}
	if (rc == NRS_EINVAL || rc == NRS_ETOOBIG) {
		fstate_error(req, &f, &err);
		return render_consultation_form(req, resp, 422, &f);
	}
	return rc != 0 ? rc : response_redirect(resp, "/consultations?done=created");
}

const struct route contacts_routes[] = {
    {"GET", "/contacts", contacts_list_get, true, REC_CONTACT, ACT_LIST, 0},
    {"GET", "/contacts/new", contacts_new_get, true, REC_CONTACT, ACT_CREATE, 0},
    {"POST", "/contacts/new", contacts_new_post, true, REC_CONTACT, ACT_CREATE, 0},
    {"GET", "/consultations", consultations_list_get, true, REC_CONSULTATION, ACT_LIST, 0},
    {"GET", "/consultations/new", consultations_new_get, true, REC_CONSULTATION, ACT_CREATE, 0},
    {"POST", "/consultations/new", consultations_new_post, true, REC_CONSULTATION, ACT_CREATE, 0},
};
ROUTE_TABLE_COUNT(contacts);
