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

static const char *dup_opt(struct request *req, const char *s, int *rc)
{
	char *d;

	if (s == NULL)
		return NULL;
	d = req_strdup(req, s);
	if (d == NULL)
		*rc = NRS_ENOMEM;
	return d;
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

/* ---- anonymous contacts ---- */

enum { C_DATE, C_CATEGORY, C_MUNICIPALITY, C_TOPIC, C_MINUTES, C_OUTCOME, C_N };
static const char *const contact_fields[C_N] = {"date",  "category", "municipality",
                                                "topic", "minutes",  "outcome"};

struct contact_item {
	int64_t id, minutes;
	const char *date, *category, *municipality, *topic, *outcome;
};

struct contact_items {
	struct request *req;
	struct contact_item *v;
	size_t n, cap;
	int64_t minutes;
};

static int collect_contact(const struct contact_row *row, void *ctx)
{
	struct contact_items *l = ctx;
	struct contact_item *nv, *it;
	int rc = 0;

	nv = listing_grow(l->v, l->n, &l->cap, sizeof(*nv));
	if (nv == NULL)
		return NRS_ENOMEM;
	l->v = nv;
	it = &l->v[l->n];
	it->id = row->id;
	it->minutes = row->minutes;
	it->date = dup_opt(l->req, row->date, &rc);
	it->category = dup_opt(l->req, row->category, &rc);
	it->municipality = dup_opt(l->req, row->municipality_name, &rc);
	it->topic = dup_opt(l->req, row->topic, &rc);
	it->outcome = dup_opt(l->req, row->outcome, &rc);
	if (rc == 0) {
		l->n++;
		l->minutes += row->minutes;
	}
	return rc;
}

static int cmp_contact_date(const void *a, const void *b)
{
	const struct contact_item *x = a, *y = b;
	int c = strcmp(x->date, y->date);

	return c != 0 ? c : cmp_i64(x->id, y->id);
}

static int cmp_contact_category(const void *a, const void *b)
{
	const struct contact_item *x = a, *y = b;
	int c = cmp_str(activity_label(activity_caller_categories, x->category),
	                activity_label(activity_caller_categories, y->category));

	return c != 0 ? c : cmp_contact_date(a, b);
}

static int cmp_contact_municipality(const void *a, const void *b)
{
	const struct contact_item *x = a, *y = b;
	int c = cmp_str(x->municipality, y->municipality);

	return c != 0 ? c : cmp_contact_date(a, b);
}

static int cmp_contact_minutes(const void *a, const void *b)
{
	const struct contact_item *x = a, *y = b;
	int c = cmp_i64(x->minutes, y->minutes);

	return c != 0 ? c : cmp_contact_date(a, b);
}

static const char *const contact_sort_keys[] = {"date", "category", "municipality", "minutes"};
static int (*const contact_cmp[])(const void *, const void *) = {
    cmp_contact_date, cmp_contact_category, cmp_contact_municipality, cmp_contact_minutes};

static int contacts_list_get(struct request *req, struct response *resp)
{
	static const char *const labels[] = {"Datum", "Vem kontaktade", "Kommun", "Minuter"};
	const char *done = form_get(&req->query, "done");
	struct contact_items l = {0};
	struct clientsvc_actor actor;
	struct contact_item tmp;
	struct html h;
	size_t key, first, count;
	bool desc;
	int64_t page;
	int rc;

	l.req = req;
	activity_actor(req, &actor);
	rc = sort_params(req, contact_sort_keys, 4, &key, &desc);
	if (rc == 0)
		rc = listing_page_param(req, &page);
	if (rc == 0)
		rc = activitysvc_contact_list(req->st, &actor, collect_contact, &l);
	if (rc != 0)
		goto out;
	if (l.n > 1)
		qsort(l.v, l.n, sizeof(*l.v), contact_cmp[key]);
	if (desc)
		reverse(l.v, l.n, sizeof(*l.v), &tmp);
	listing_page_slice((int64_t)l.n, LISTING_PER_PAGE, &page, &first, &count);

	html_init(&h, &resp->body);
	layout_begin(&h, req, "Informationstelefon");
	html_raw_trusted(&h, "<h1>Informationstelefon och anonyma kontakter</h1>\n");
	if (done && strcmp(done, "created") == 0)
		html_raw_trusted(&h, "<div class=\"notice\" role=\"status\"><p>Kontakten är "
		                     "sparad.</p></div>\n");
	html_raw_trusted(&h, "<p class=\"lead\">Samtal och besök utan registrerad klient. Inga "
	                     "personuppgifter sparas.</p>\n");
	if (policy_allows_some(req->acc.roles, REC_CONTACT, ACT_CREATE))
		html_raw_trusted(&h, "<p><a class=\"button\" href=\"/contacts/new\">Ny "
		                     "kontakt</a></p>\n");
	html_raw_trusted(&h, "<table>\n<caption>Kontakter (");
	html_int(&h, (int64_t)l.n);
	html_raw_trusted(&h, " st, sammanlagt ");
	html_int(&h, l.minutes);
	html_raw_trusted(&h, " minuter)</caption>\n<thead><tr>\n");
	for (size_t i = 0; i < 3; i++)
		listing_sort_th(&h, req, "/contacts", labels[i], contact_sort_keys[i], key == i,
		                desc);
	html_raw_trusted(&h, "<th scope=\"col\">Ämne</th>\n");
	listing_sort_th(&h, req, "/contacts", labels[3], contact_sort_keys[3], key == 3, desc);
	html_raw_trusted(&h, "<th scope=\"col\">Ledde till</th>\n</tr></thead>\n<tbody>\n");
	for (size_t i = first; i < first + count; i++) {
		const struct contact_item *c = &l.v[i];

		html_raw_trusted(&h, "<tr><th scope=\"row\">");
		html_text(&h, c->date);
		html_raw_trusted(&h, "</th><td>");
		activity_text_or_dash(&h, activity_label(activity_caller_categories, c->category));
		html_raw_trusted(&h, "</td><td>");
		activity_text_or_dash(&h, c->municipality);
		html_raw_trusted(&h, "</td><td>");
		html_text(&h, c->topic);
		html_raw_trusted(&h, "</td><td class=\"num\">");
		html_int(&h, c->minutes);
		html_raw_trusted(&h, "</td><td>");
		activity_text_or_dash(&h, activity_label(activity_contact_outcomes, c->outcome));
		html_raw_trusted(&h, "</td></tr>\n");
	}
	if (l.n == 0)
		html_raw_trusted(&h, "<tr><td colspan=\"6\">Inga kontakter.</td></tr>\n");
	html_raw_trusted(&h, "</tbody>\n</table>\n");
	listing_pager(&h, req, "/contacts", page, (int64_t)l.n, LISTING_PER_PAGE);
	layout_end(&h);
	rc = h.err;
out:
	free(l.v);
	return rc;
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

struct consultation_item {
	int64_t id, minutes;
	const char *date, *organisation, *municipality, *topic;
};

struct consultation_items {
	struct request *req;
	struct consultation_item *v;
	size_t n, cap;
	int64_t minutes;
};

static int collect_consultation(const struct consultation_row *row, void *ctx)
{
	struct consultation_items *l = ctx;
	struct consultation_item *nv, *it;
	int rc = 0;

	nv = listing_grow(l->v, l->n, &l->cap, sizeof(*nv));
	if (nv == NULL)
		return NRS_ENOMEM;
	l->v = nv;
	it = &l->v[l->n];
	it->id = row->id;
	it->minutes = row->minutes;
	it->date = dup_opt(l->req, row->date, &rc);
	it->organisation = dup_opt(l->req, row->asker_organisation_name, &rc);
	it->municipality = dup_opt(l->req, row->asker_municipality_name, &rc);
	it->topic = dup_opt(l->req, row->topic, &rc);
	if (rc == 0) {
		l->n++;
		l->minutes += row->minutes;
	}
	return rc;
}

static int cmp_consultation_date(const void *a, const void *b)
{
	const struct consultation_item *x = a, *y = b;
	int c = strcmp(x->date, y->date);

	return c != 0 ? c : cmp_i64(x->id, y->id);
}

static int cmp_consultation_org(const void *a, const void *b)
{
	const struct consultation_item *x = a, *y = b;
	int c = cmp_str(x->organisation, y->organisation);

	return c != 0 ? c : cmp_consultation_date(a, b);
}

static int cmp_consultation_municipality(const void *a, const void *b)
{
	const struct consultation_item *x = a, *y = b;
	int c = cmp_str(x->municipality, y->municipality);

	return c != 0 ? c : cmp_consultation_date(a, b);
}

static int cmp_consultation_minutes(const void *a, const void *b)
{
	const struct consultation_item *x = a, *y = b;
	int c = cmp_i64(x->minutes, y->minutes);

	return c != 0 ? c : cmp_consultation_date(a, b);
}

static const char *const consultation_sort_keys[] = {"date", "organisation", "municipality",
                                                     "minutes"};
static int (*const consultation_cmp[])(const void *, const void *) = {
    cmp_consultation_date, cmp_consultation_org, cmp_consultation_municipality,
    cmp_consultation_minutes};

static int consultations_list_get(struct request *req, struct response *resp)
{
	static const char *const labels[] = {"Datum", "Organisation", "Kommun", "Minuter"};
	const char *done = form_get(&req->query, "done");
	struct consultation_items l = {0};
	struct clientsvc_actor actor;
	struct consultation_item tmp;
	struct html h;
	size_t key, first, count;
	bool desc;
	int64_t page;
	int rc;

	l.req = req;
	activity_actor(req, &actor);
	rc = sort_params(req, consultation_sort_keys, 4, &key, &desc);
	if (rc == 0)
		rc = listing_page_param(req, &page);
	if (rc == 0)
		rc = activitysvc_consultation_list(req->st, &actor, collect_consultation, &l);
	if (rc != 0)
		goto out;
	if (l.n > 1)
		qsort(l.v, l.n, sizeof(*l.v), consultation_cmp[key]);
	if (desc)
		reverse(l.v, l.n, sizeof(*l.v), &tmp);
	listing_page_slice((int64_t)l.n, LISTING_PER_PAGE, &page, &first, &count);

	html_init(&h, &resp->body);
	layout_begin(&h, req, "Konsultationer");
	html_raw_trusted(&h, "<h1>Konsultationer till yrkesverksamma</h1>\n");
	if (done && strcmp(done, "created") == 0)
		html_raw_trusted(&h, "<div class=\"notice\" role=\"status\"><p>Konsultationen är "
		                     "sparad.</p></div>\n");
	html_raw_trusted(&h, "<p class=\"lead\">Frågor från yrkesverksamma om våld i nära "
	                     "relationer, utan personuppgifter.</p>\n");
	if (policy_allows_some(req->acc.roles, REC_CONSULTATION, ACT_CREATE))
		html_raw_trusted(&h, "<p><a class=\"button\" href=\"/consultations/new\">Ny "
		                     "konsultation</a></p>\n");
	html_raw_trusted(&h, "<table>\n<caption>Konsultationer (");
	html_int(&h, (int64_t)l.n);
	html_raw_trusted(&h, " st, sammanlagt ");
	html_int(&h, l.minutes);
	html_raw_trusted(&h, " minuter)</caption>\n<thead><tr>\n");
	for (size_t i = 0; i < 3; i++)
		listing_sort_th(&h, req, "/consultations", labels[i], consultation_sort_keys[i],
		                key == i, desc);
	html_raw_trusted(&h, "<th scope=\"col\">Ämne</th>\n");
	listing_sort_th(&h, req, "/consultations", labels[3], consultation_sort_keys[3], key == 3,
	                desc);
	html_raw_trusted(&h, "</tr></thead>\n<tbody>\n");
	for (size_t i = first; i < first + count; i++) {
		const struct consultation_item *c = &l.v[i];

		html_raw_trusted(&h, "<tr><th scope=\"row\">");
		html_text(&h, c->date);
		html_raw_trusted(&h, "</th><td>");
		activity_text_or_dash(&h, c->organisation);
		html_raw_trusted(&h, "</td><td>");
		activity_text_or_dash(&h, c->municipality);
		html_raw_trusted(&h, "</td><td>");
		html_text(&h, c->topic);
		html_raw_trusted(&h, "</td><td class=\"num\">");
		html_int(&h, c->minutes);
		html_raw_trusted(&h, "</td></tr>\n");
	}
	if (l.n == 0)
		html_raw_trusted(&h, "<tr><td colspan=\"5\">Inga konsultationer.</td></tr>\n");
	html_raw_trusted(&h, "</tbody>\n</table>\n");
	listing_pager(&h, req, "/consultations", page, (int64_t)l.n, LISTING_PER_PAGE);
	layout_end(&h);
	rc = h.err;
out:
	free(l.v);
	return rc;
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
