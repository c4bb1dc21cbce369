/* Organisations, the municipality register and population figures (R2, R3):
 * GET /admin/organisations, GET/POST /admin/organisations/new, GET /admin/organisations/:id,
 * GET /admin/municipalities, GET /admin/population and POST /admin/population (SCB import). */
#include "web/pages/admin.h"

#include "base/date.h"
#include "base/err.h"
#include "base/str.h"
#include "domain/orgnr.h"
#include "domain/popfile.h"
#include "domain/regionconf.h"
#include "store/reference.h"
#include "store/setup.h"
#include "web/fields.h"
#include "web/layout.h"
#include "web/listing.h"
#include "web/response.h"
#include "web/router.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ORG_NAME_MAX_CHARS 200
#define POPULATION_SOURCE "inklistrad SCB-fil"

static const char *const org_kinds[] = {"municipality", "region",     "police",       "centre",
                                        "shelter",      "prosecutor", "county_board", "other"};
#define NORG_KINDS (sizeof(org_kinds) / sizeof(org_kinds[0]))

static size_t utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* "64 871" with a no-break space between thousands. */
static void put_grouped(struct html *h, int64_t v)
{
	char digits[24], out[48];
	size_t n, o = 0;

	if (v < 0) {
		html_raw_trusted(h, "–");
		return;
	}
	snprintf(digits, sizeof(digits), "%" PRId64, v);
	n = strlen(digits);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0) {
			out[o++] = '\xc2';
			out[o++] = '\xa0';
		}
		out[o++] = digits[i];
	}
	out[o] = '\0';
	html_text(h, out);
}

/* ---- operations (admin.h) ---- */

static int check_org(struct request *req, const struct admin_org_input *in, char orgnr[12],
                     struct nrs_error *err)
{
	int rc;

	if (in->kind == NULL || !org_kind_valid(in->kind))
		return nrs_error_set(err, NRS_EINVAL, "kind", "Välj en typ av organisation.");
	if (in->name == NULL || in->name[0] == '\0')
		return nrs_error_set(err, NRS_EINVAL, "name", "Fyll i organisationens namn.");
	if (!str_utf8_ok(in->name, strlen(in->name)) || utf8_chars(in->name) > ORG_NAME_MAX_CHARS)
		return nrs_error_set(err, NRS_EINVAL, "name", "Namnet får vara högst %d tecken.",
		                     ORG_NAME_MAX_CHARS);
	orgnr[0] = '\0';
	if (in->org_number && in->org_number[0] != '\0') {
		rc = orgnr_parse(in->org_number, orgnr, err);
		if (rc != 0) {
			snprintf(err->field, sizeof(err->field), "org_number");
			return rc;
		}
	}
	if (in->municipality && in->municipality[0] != '\0') {
		if (strlen(in->municipality) != 4 || !str_all_digits(in->municipality))
			return nrs_error_set(
			    err, NRS_EINVAL, "municipality",
			    "Kommunkoden ska vara fyra siffror, till exempel 2380.");
		rc = store_municipality_exists(req->st, in->municipality, NULL, 0);
		if (rc < 0)
			return nrs_error_set(err, rc, "", "databasfel");
		if (rc == 0)
			return nrs_error_set(err, NRS_EINVAL, "municipality",
			                     "Kommunkoden %s finns inte i kommunregistret.",
			                     in->municipality);
	} else if (strcmp(in->kind, "municipality") == 0) {
		return nrs_error_set(err, NRS_EINVAL, "municipality",
		                     "En kommun behöver en kommunkod.");
	}
	return 0;
}

int admin_org_create(struct request *req, const struct admin_org_input *in, int64_t *id,
                     struct nrs_error *err)
{
	char orgnr[12];
	struct org_input oi;
	int rc = store_tx_begin(req->st);

	if (rc != 0)
		return nrs_error_set(err, rc, "", "kan inte starta transaktion");
	rc = check_org(req, in, orgnr, err);
	if (rc == 0) {
		oi = (struct org_input){in->kind, in->name, orgnr[0] ? orgnr : NULL,
		                        in->municipality && in->municipality[0] ? in->municipality
		                                                                : NULL};
		rc = store_org_add(req->st, &oi, id, err);
		if (rc == NRS_EEXIST)
			snprintf(err->field, sizeof(err->field), "name");
	}
	if (rc == 0)
		rc = admin_audit(req, "create", "organisation", *id, err);
	if (rc == 0)
		return store_tx_commit(req->st);
	store_tx_rollback(req->st);
	return rc;
}

int admin_population_import(struct request *req, const char *text, const char *ref_date,
                            size_t *rows, struct nrs_error *err)
{
	struct pop_file pf = {0};
	struct nrs_date d;
	int rc;

	*rows = 0;
	if (ref_date == NULL || ref_date[0] == '\0')
		return nrs_error_set(err, NRS_EINVAL, "date", "Fyll i referensdatum.");
	if (date_parse(ref_date, &d) != 0)
		return nrs_error_set(err, NRS_EINVAL, "date", "Skriv datumet som ÅÅÅÅ-MM-DD.");
	if (text == NULL || text[0] == '\0')
		return nrs_error_set(err, NRS_EINVAL, "data", "Klistra in befolkningsuppgifterna.");
	rc = popfile_parse(text, strlen(text), POPFILE_CSV, "Inklistrade uppgifter", &pf, err);
	if (rc == 0 && pf.count == 0)
		rc = nrs_error_set(err, NRS_EINVAL, "", "Det finns inga rader att importera.");
	if (rc != 0) {
		/* the parser names the line and field in the message; the form field is the text */
		snprintf(err->field, sizeof(err->field), "data");
		goto out;
	}
	rc = store_tx_begin(req->st);
	if (rc != 0) {
		nrs_error_set(err, rc, "", "kan inte starta transaktion");
		goto out;
	}
	rc = store_population_import(req->st, &pf, ref_date, POPULATION_SOURCE, err);
	if (rc == NRS_EINVAL)
		snprintf(err->field, sizeof(err->field), "data");
	if (rc == 0)
		rc = admin_audit(req, "import", "population", 0, err);
	if (rc == 0)
		rc = store_tx_commit(req->st);
	else
		store_tx_rollback(req->st);
	if (rc == 0)
		*rows = pf.count;
out:
	popfile_free(&pf);
	return rc;
}

/* ---- organisations ---- */

struct org_item {
	int64_t id;
	const char *kind, *name, *org_number, *mcode, *mname; /* request memory; NULL if none */
	int active, member;
};

struct org_items {
	struct request *req;
	struct org_item *v;
	size_t n, cap;
	const char *kind; /* filter; NULL for all */
};

static int collect_org(const struct org_row *row, void *ctx)
{
	struct org_items *l = ctx;
	struct org_item *nv, *it;
	int rc = 0;

	nv = listing_grow(l->v, l->n, &l->cap, sizeof(*nv));
	if (nv == NULL)
		return NRS_ENOMEM;
	l->v = nv;
	it = &l->v[l->n];
	it->id = row->id;
	it->active = row->active;
	it->member = row->member;
	it->kind = listing_strdup(l->req, row->kind, &rc);
	it->name = listing_strdup(l->req, row->name, &rc);
	it->org_number = listing_strdup(l->req, row->org_number, &rc);
	it->mcode = listing_strdup(l->req, row->municipality_code, &rc);
	it->mname = listing_strdup(l->req, row->municipality_name, &rc);
	if (rc == 0)
		l->n++;
	return rc;
}

static int strcmp_null(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a == NULL) - (b == NULL); /* missing values last */
	return strcmp(a, b);
}

static int cmp_org_name(const void *a, const void *b)
{
	return strcmp(((const struct org_item *)a)->name, ((const struct org_item *)b)->name);
}

static int cmp_org_kind(const void *a, const void *b)
{
	const struct org_item *x = a, *y = b;
	int c = strcmp(org_kind_label(x->kind), org_kind_label(y->kind));

	return c != 0 ? c : cmp_org_name(a, b);
}

static int cmp_org_number(const void *a, const void *b)
{
	const struct org_item *x = a, *y = b;
	int c = strcmp_null(x->org_number, y->org_number);

	return c != 0 ? c : cmp_org_name(a, b);
}

static int cmp_org_municipality(const void *a, const void *b)
{
	const struct org_item *x = a, *y = b;
	int c = strcmp_null(x->mname, y->mname);

	return c != 0 ? c : cmp_org_name(a, b);
}

static const char *const org_sort_keys[] = {"name", "kind", "org_number", "municipality"};
static int (*const org_cmp[])(const void *, const void *) = {cmp_org_name, cmp_org_kind,
                                                             cmp_org_number, cmp_org_municipality};

static void reverse(void *base, size_t n, size_t size, void *tmp)
{
	char *p = base;

	for (size_t i = 0; i < n / 2; i++) {
		memcpy(tmp, p + i * size, size);
		memcpy(p + i * size, p + (n - 1 - i) * size, size);
		memcpy(p + (n - 1 - i) * size, tmp, size);
	}
}

static void kind_select(struct html *h, const char *name, const char *label, const char *selected,
                        const char *any, const char *error)
{
	field_select_open(h, name, label, error, any);
	for (size_t i = 0; i < NORG_KINDS; i++)
		field_option(h, org_kinds[i], org_kind_label(org_kinds[i]),
		             selected && strcmp(selected, org_kinds[i]) == 0);
	field_select_close(h);
}

static void text_or_dash(struct html *h, const char *s)
{
	if (s == NULL || s[0] == '\0')
		html_raw_trusted(h, "–");
	else
		html_text(h, s);
}

static int orgs_list_get(struct request *req, struct response *resp)
{
	static const char *const labels[] = {"Namn", "Typ", "Organisationsnummer", "Kommun"};
	struct org_items l = {0};
	struct org_item tmp;
	struct html h;
	size_t key, first, count;
	bool desc;
	int64_t page;
	int rc;

	l.req = req;
	l.kind = form_get(&req->query, "kind");
	if (l.kind != NULL && l.kind[0] == '\0')
		l.kind = NULL;
	if (l.kind != NULL && !org_kind_valid(l.kind))
		return NRS_EINVAL;
	rc = listing_sort_param(req, org_sort_keys, 4, &key, &desc);
	if (rc == 0)
		rc = listing_page_param(req, &page);
	if (rc == 0)
		rc = store_org_list(req->st, l.kind, collect_org, &l);
	if (rc != 0)
		goto out;
	if (l.n > 1)
		qsort(l.v, l.n, sizeof(*l.v), org_cmp[key]);
	if (desc)
		reverse(l.v, l.n, sizeof(*l.v), &tmp);
	listing_page_slice((int64_t)l.n, LISTING_PER_PAGE, &page, &first, &count);

	html_init(&h, &resp->body);
	layout_begin(&h, req, "Organisationer");
	html_raw_trusted(&h, "<h1>Organisationer</h1>\n");
	if (policy_allows_some(req->acc.roles, REC_ORGANISATION, ACT_CREATE))
		html_raw_trusted(&h, "<p><a class=\"button\" href=\"/admin/organisations/new\">Ny "
		                     "organisation</a></p>\n");
	html_raw_trusted(&h, "<form method=\"get\" action=\"/admin/organisations\" "
	                     "class=\"filter\">\n");
	kind_select(&h, "kind", "Typ", l.kind, "Alla typer", NULL);
	html_raw_trusted(&h, "<p><button type=\"submit\">Filtrera</button></p>\n</form>\n"
	                     "<table>\n<caption>Organisationer (");
	html_int(&h, (int64_t)l.n);
	html_raw_trusted(&h, " st)</caption>\n<thead><tr>\n");
	for (size_t i = 0; i < 4; i++)
		listing_sort_th(&h, req, "/admin/organisations", labels[i], org_sort_keys[i],
		                key == i, desc);
	html_raw_trusted(&h, "<th scope=\"col\">Medlem i samverkan</th>\n</tr></thead>\n<tbody>\n");
	for (size_t i = first; i < first + count; i++) {
		const struct org_item *o = &l.v[i];

		html_raw_trusted(&h, "<tr><th scope=\"row\"><a href=\"/admin/organisations/");
		html_int(&h, o->id);
		html_raw_trusted(&h, "\">");
		html_text(&h, o->name);
		html_raw_trusted(&h, "</a>");
		if (!o->active)
			html_raw_trusted(&h, " (inaktiv)");
		html_raw_trusted(&h, "</th><td>");
		html_text(&h, org_kind_label(o->kind));
		html_raw_trusted(&h, "</td><td>");
		text_or_dash(&h, o->org_number);
		html_raw_trusted(&h, "</td><td>");
		if (o->mcode) {
			html_text(&h, o->mname);
			html_raw_trusted(&h, " (");
			html_text(&h, o->mcode);
			html_raw_trusted(&h, ")");
		} else {
			html_raw_trusted(&h, "–");
		}
		html_raw_trusted(&h, o->member ? "</td><td>Ja</td></tr>\n"
		                               : "</td><td>Nej</td></tr>\n");
	}
	if (l.n == 0)
		html_raw_trusted(&h, "<tr><td colspan=\"5\">Inga organisationer.</td></tr>\n");
	html_raw_trusted(&h, "</tbody>\n</table>\n");
	listing_pager(&h, req, "/admin/organisations", page, (int64_t)l.n, LISTING_PER_PAGE);
	layout_end(&h);
	rc = h.err;
out:
	free(l.v);
	return rc;
}

struct org_form {
	struct admin_org_input in;
	const char *e_kind, *e_name, *e_org_number, *e_municipality, *e_general;
};

static int render_org_form(struct request *req, struct response *resp, int status,
                           const struct org_form *f)
{
	struct html h;

	resp->status = status;
	html_init(&h, &resp->body);
	layout_begin(&h, req, "Ny organisation");
	html_raw_trusted(&h, "<h1>Ny organisation</h1>\n");
	if (f->e_kind || f->e_name || f->e_org_number || f->e_municipality || f->e_general) {
		html_raw_trusted(&h, "<div class=\"alert\" role=\"alert\"><p>");
		html_text(&h, f->e_general
		                  ? f->e_general
		                  : "Organisationen sparades inte. Rätta uppgifterna som är "
		                    "markerade nedan.");
		html_raw_trusted(&h, "</p></div>\n");
	}
	html_raw_trusted(&h, "<form method=\"post\" action=\"/admin/organisations/new\" "
	                     "class=\"form\">\n");
	html_csrf_input(&h, req->csrf);
	kind_select(&h, "kind", "Typ", f->in.kind, "Välj typ", f->e_kind);
	field_input(&h, "name", "Namn", "text", f->in.name, f->e_name, NULL, true);
	field_input(&h, "org_number", "Organisationsnummer (NNNNNN-NNNN)", "text", f->in.org_number,
	            f->e_org_number, NULL, false);
	field_input(&h, "municipality", "Kommunkod (fyra siffror; krävs för en kommun)", "text",
	            f->in.municipality, f->e_municipality, NULL, false);
	html_raw_trusted(&h, "<p><button type=\"submit\">Spara organisationen</button> "
	                     "<a href=\"/admin/organisations\">Avbryt</a></p>\n</form>\n");
	layout_end(&h);
	return h.err;
}

static int orgs_new_get(struct request *req, struct response *resp)
{
	struct org_form f;

	memset(&f, 0, sizeof(f));
	return render_org_form(req, resp, 200, &f);
}

static int orgs_new_post(struct request *req, struct response *resp)
{
	struct nrs_error err = {0};
	struct org_form f;
	char loc[64];
	int64_t id = 0;
	int rc;

	memset(&f, 0, sizeof(f));
	f.in.kind = form_get_unique(&req->form, "kind");
	f.in.name = form_get_unique(&req->form, "name");
	f.in.org_number = form_get_unique(&req->form, "org_number");
	f.in.municipality = form_get_unique(&req->form, "municipality");
	rc = admin_org_create(req, &f.in, &id, &err);
	if (rc == NRS_EINVAL || rc == NRS_EEXIST) {
		const char *msg = admin_sentence(req, err.msg);

		if (strcmp(err.field, "kind") == 0)
			f.e_kind = msg;
		else if (strcmp(err.field, "name") == 0)
			f.e_name = msg;
		else if (strcmp(err.field, "org_number") == 0)
			f.e_org_number = msg;
		else if (strcmp(err.field, "municipality") == 0)
			f.e_municipality = msg;
		else
			f.e_general = msg;
		return render_org_form(req, resp, 422, &f);
	}
	if (rc != 0)
		return rc;
	snprintf(loc, sizeof(loc), "/admin/organisations/%" PRId64 "?done=created", id);
	return response_redirect(resp, loc);
}

static int copy_one_org(const struct org_row *row, void *ctx)
{
	return collect_org(row, ctx);
}

static int orgs_view_get(struct request *req, struct response *resp)
{
	const char *done = form_get(&req->query, "done");
	struct org_items l = {0};
	const struct org_item *o;
	struct html h;
	unsigned rel = REL_ANY;
	int64_t id;
	int rc;

	l.req = req;
	if (admin_parse_id(req_param(req, "id"), &id) != 0)
		rc = NRS_ENOTFOUND;
	else
		rc = store_org_get(req->st, id, copy_one_org, &l);
	if (rc == NRS_ENOTFOUND || (rc == 0 && l.n == 0)) {
		rc = policy_allows(req->acc.roles, REL_ANY, REC_ORGANISATION, ACT_READ)
		         ? NRS_ENOTFOUND
		         : NRS_EDENIED;
		goto out;
	}
	if (rc != 0)
		goto out;
	o = &l.v[0];
	if (o->id == req->acc.organisation_id)
		rel |= REL_OWN_ORG;
	if (!policy_allows(req->acc.roles, rel, REC_ORGANISATION, ACT_READ)) {
		rc = NRS_EDENIED;
		goto out;
	}
	html_init(&h, &resp->body);
	layout_begin(&h, req, "Organisation");
	html_raw_trusted(&h, "<h1>");
	html_text(&h, o->name);
	html_raw_trusted(&h, "</h1>\n");
	if (done && strcmp(done, "created") == 0)
		html_raw_trusted(&h, "<div class=\"notice\" role=\"status\"><p>Organisationen är "
		                     "sparad.</p></div>\n");
	html_raw_trusted(&h, "<dl class=\"facts\">\n<dt>Typ</dt><dd>");
	html_text(&h, org_kind_label(o->kind));
	html_raw_trusted(&h, "</dd>\n<dt>Organisationsnummer</dt><dd>");
	text_or_dash(&h, o->org_number);
	html_raw_trusted(&h, "</dd>\n<dt>Kommun</dt><dd>");
	if (o->mcode) {
		html_text(&h, o->mname);
		html_raw_trusted(&h, " (");
		html_text(&h, o->mcode);
		html_raw_trusted(&h, ")");
	} else {
		html_raw_trusted(&h, "–");
	}
	html_raw_trusted(&h, "</dd>\n<dt>Medlem i samverkan</dt><dd>");
	html_raw_trusted(&h, o->member ? "Ja" : "Nej");
	html_raw_trusted(&h, "</dd>\n<dt>Aktiv</dt><dd>");
	html_raw_trusted(&h, o->active ? "Ja" : "Nej");
	html_raw_trusted(&h, "</dd>\n</dl>\n");
	if (policy_allows_some(req->acc.roles, REC_USER, ACT_LIST)) {
		html_raw_trusted(&h, "<p><a href=\"/admin/users?org=");
		html_int(&h, o->id);
		html_raw_trusted(&h, "\">Organisationens användare</a></p>\n");
	}
	html_raw_trusted(&h, "<p><a href=\"/admin/organisations\">Alla organisationer</a></p>\n");
	layout_end(&h);
	rc = h.err;
out:
	free(l.v);
	return rc;
}

/* ---- municipalities ---- */

struct muni_item {
	const char *code, *name, *county, *county_name; /* request memory */
	int member;
	int64_t population;
};

struct muni_items {
	struct request *req;
	struct muni_item *v;
	size_t n, cap;
};

static int collect_muni(const struct municipality_row *row, void *ctx)
{
	struct muni_items *l = ctx;
	struct muni_item *nv, *it;
	int rc = 0;

	nv = listing_grow(l->v, l->n, &l->cap, sizeof(*nv));
	if (nv == NULL)
		return NRS_ENOMEM;
	l->v = nv;
	it = &l->v[l->n];
	it->code = listing_strdup(l->req, row->code, &rc);
	it->name = listing_strdup(l->req, row->name, &rc);
	it->county = listing_strdup(l->req, row->county_code, &rc);
	it->county_name = listing_strdup(l->req, row->county_name, &rc);
	it->member = row->member;
	it->population = row->population;
	if (rc == 0)
		l->n++;
	return rc;
}

static int cmp_muni_code(const void *a, const void *b)
{
	return strcmp(((const struct muni_item *)a)->code, ((const struct muni_item *)b)->code);
}

static int cmp_muni_name(const void *a, const void *b)
{
	const struct muni_item *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c != 0 ? c : cmp_muni_code(a, b);
}

static int cmp_muni_population(const void *a, const void *b)
{
	const struct muni_item *x = a, *y = b;

	if (x->population != y->population)
		return x->population < y->population ? -1 : 1;
	return cmp_muni_code(a, b);
}

static const char *const muni_sort_keys[] = {"code", "name", "population"};
static int (*const muni_cmp[])(const void *, const void *) = {cmp_muni_code, cmp_muni_name,
                                                              cmp_muni_population};

static int munis_get(struct request *req, struct response *resp)
{
	static const char *const labels[] = {"Kod", "Kommun", "Befolkning"};
	const char *county = form_get(&req->query, "county");
	struct muni_items all = {0};
	struct muni_item tmp;
	struct region_info reg;
	struct html h;
	char members_label[160];
	size_t key, first, count, n = 0;
	bool desc, members = county == NULL || county[0] == '\0';
	int64_t page;
	int rc;

	all.req = req;
	if (!members && strcmp(county, "all") != 0 &&
	    (strlen(county) != 2 || !str_all_digits(county)))
		return NRS_EINVAL;
	rc = listing_sort_param(req, muni_sort_keys, 3, &key, &desc);
	if (rc == 0)
		rc = listing_page_param(req, &page);
	if (rc == 0)
		rc = store_region_get(req->st, &reg);
	if (rc == 0)
		rc = store_municipality_list(req->st, NULL, collect_muni, &all);
	if (rc != 0)
		goto out;

	html_init(&h, &resp->body);
	layout_begin(&h, req, "Kommuner");
	html_raw_trusted(&h,
	                 "<h1>Kommuner</h1>\n<form method=\"get\" action=\"/admin/municipalities\" "
	                 "class=\"filter\">\n");
	if (reg.configured)
		snprintf(members_label, sizeof(members_label), "Samverkanskommuner (%s)", reg.name);
	else
		snprintf(members_label, sizeof(members_label), "Samverkanskommuner");
	field_select_open(&h, "county", "Visa", NULL, members_label);
	field_option(&h, "all", "Hela kommunregistret", !members && strcmp(county, "all") == 0);
	/* one option per county, in the register's order (by municipality code) */
	for (size_t i = 0; i < all.n; i++) {
		if (i > 0 && strcmp(all.v[i].county, all.v[i - 1].county) == 0)
			continue;
		field_option(&h, all.v[i].county, all.v[i].county_name,
		             !members && strcmp(county, all.v[i].county) == 0);
	}
	field_select_close(&h);
	html_raw_trusted(&h, "<p><button type=\"submit\">Visa</button></p>\n</form>\n");

	/* keep the rows asked for at the front of the array */
	for (size_t i = 0; i < all.n; i++) {
		bool keep =
		    members ? all.v[i].member != 0
		            : strcmp(county, "all") == 0 || strcmp(county, all.v[i].county) == 0;

		if (keep)
			all.v[n++] = all.v[i];
	}
	if (n > 1)
		qsort(all.v, n, sizeof(*all.v), muni_cmp[key]);
	if (desc)
		reverse(all.v, n, sizeof(*all.v), &tmp);
	listing_page_slice((int64_t)n, LISTING_PER_PAGE, &page, &first, &count);
	html_raw_trusted(&h, "<table>\n<caption>");
	html_raw_trusted(&h, members ? "Kommuner i samverkan" : "Kommuner");
	html_raw_trusted(&h, " (");
	html_int(&h, (int64_t)n);
	html_raw_trusted(&h, " st)");
	if (reg.configured && reg.population_date[0]) {
		html_raw_trusted(&h, ", befolkning den ");
		html_text(&h, reg.population_date);
	}
	html_raw_trusted(&h, "</caption>\n<thead><tr>\n");
	for (size_t i = 0; i < 2; i++)
		listing_sort_th(&h, req, "/admin/municipalities", labels[i], muni_sort_keys[i],
		                key == i, desc);
	html_raw_trusted(&h, "<th scope=\"col\">Län</th>\n");
	listing_sort_th(&h, req, "/admin/municipalities", labels[2], muni_sort_keys[2], key == 2,
	                desc);
	html_raw_trusted(&h, "<th scope=\"col\">Medlem i samverkan</th>\n</tr></thead>\n<tbody>\n");
	for (size_t i = first; i < first + count; i++) {
		const struct muni_item *m = &all.v[i];

		html_raw_trusted(&h, "<tr><td>");
		html_text(&h, m->code);
		html_raw_trusted(&h, "</td><th scope=\"row\">");
		html_text(&h, m->name);
		html_raw_trusted(&h, "</th><td>");
		html_text(&h, m->county_name);
		html_raw_trusted(&h, "</td><td class=\"num\">");
		put_grouped(&h, m->population);
		html_raw_trusted(&h, m->member ? "</td><td>Ja</td></tr>\n"
		                               : "</td><td>Nej</td></tr>\n");
	}
	if (n == 0)
		html_raw_trusted(&h, "<tr><td colspan=\"5\">Inga kommuner.</td></tr>\n");
	html_raw_trusted(&h, "</tbody>\n</table>\n");
	listing_pager(&h, req, "/admin/municipalities", page, (int64_t)n, LISTING_PER_PAGE);
	layout_end(&h);
	rc = h.err;
out:
	free(all.v);
	return rc;
}

/* ---- population ---- */

struct pop_item {
	const char *code, *name, *date, *source; /* request memory */
	int64_t population;
};

struct pop_items {
	struct request *req;
	struct pop_item *v;
	size_t n, cap;
};

static int collect_pop(const struct population_row *row, void *ctx)
{
	struct pop_items *l = ctx;
	struct pop_item *nv, *it;
	int rc = 0;

	nv = listing_grow(l->v, l->n, &l->cap, sizeof(*nv));
	if (nv == NULL)
		return NRS_ENOMEM;
	l->v = nv;
	it = &l->v[l->n];
	it->code = listing_strdup(l->req, row->code, &rc);
	it->name = listing_strdup(l->req, row->name, &rc);
	it->date = listing_strdup(l->req, row->ref_date, &rc);
	it->source = listing_strdup(l->req, row->source, &rc);
	it->population = row->population;
	if (rc == 0)
		l->n++;
	return rc;
}

struct pop_form {
	const char *date, *data;
	const char *e_date, *e_data;
};

static int render_population(struct request *req, struct response *resp, int status,
                             const struct pop_form *f)
{
	const char *want = form_get(&req->query, "date");
	const char *imported = form_get(&req->query, "imported");
	struct pop_items all = {0};
	struct html h;
	const char *date = NULL;
	size_t n = 0, first, count;
	int64_t page, dummy;
	int rc;

	all.req = req;
	if (want != NULL && want[0] == '\0')
		want = NULL;
	rc = listing_page_param(req, &page);
	if (rc == 0)
		rc = store_population_list(req->st, NULL, NULL, collect_pop, &all);
	if (rc != 0)
		goto out;
	/* rows come newest date first: the default is the newest */
	for (size_t i = 0; i < all.n && date == NULL; i++)
		if (want == NULL || strcmp(all.v[i].date, want) == 0)
			date = all.v[i].date;
	if (want != NULL && date == NULL) {
		rc = NRS_ENOTFOUND;
		goto out;
	}
	resp->status = status;
	html_init(&h, &resp->body);
	layout_begin(&h, req, "Befolkning");
	html_raw_trusted(&h, "<h1>Befolkning</h1>\n");
	if (imported && str_to_i64(imported, 0, POPFILE_MAX_ROWS, &dummy) == 0) {
		html_raw_trusted(&h, "<div class=\"notice\" role=\"status\"><p>");
		html_int(&h, dummy);
		html_raw_trusted(&h, " rader importerades.</p></div>\n");
	}
	/* written out: its id is f-showdate, as the import form below has its own f-date */
	html_raw_trusted(&h,
	                 "<form method=\"get\" action=\"/admin/population\" class=\"filter\">\n"
	                 "<div class=\"field\">\n<label for=\"f-showdate\">Referensdatum</label>\n"
	                 "<select id=\"f-showdate\" name=\"date\">\n");
	for (size_t i = 0; i < all.n; i++) {
		if (i > 0 && strcmp(all.v[i].date, all.v[i - 1].date) == 0)
			continue;
		/* no value attribute: the date shown is the date sent */
		field_option(&h, NULL, all.v[i].date, date && strcmp(all.v[i].date, date) == 0);
	}
	field_select_close(&h);
	html_raw_trusted(&h, "<p><button type=\"submit\">Visa</button></p>\n</form>\n");
	for (size_t i = 0; date && i < all.n; i++)
		if (strcmp(all.v[i].date, date) == 0)
			all.v[n++] = all.v[i];
	listing_page_slice((int64_t)n, LISTING_PER_PAGE, &page, &first, &count);
	html_raw_trusted(&h, "<table>\n<caption>Befolkning");
	if (date) {
		html_raw_trusted(&h, " den ");
		html_text(&h, date);
	}
	html_raw_trusted(&h, " (");
	html_int(&h, (int64_t)n);
	html_raw_trusted(&h, " kommuner)</caption>\n<thead><tr><th scope=\"col\">Kod</th>"
	                     "<th scope=\"col\">Kommun</th><th scope=\"col\">Befolkning</th>"
	                     "<th scope=\"col\">Källa</th></tr></thead>\n<tbody>\n");
	for (size_t i = first; i < first + count; i++) {
		html_raw_trusted(&h, "<tr><td>");
		html_text(&h, all.v[i].code);
		html_raw_trusted(&h, "</td><th scope=\"row\">");
		html_text(&h, all.v[i].name);
		html_raw_trusted(&h, "</th><td class=\"num\">");
		put_grouped(&h, all.v[i].population);
		html_raw_trusted(&h, "</td><td>");
		text_or_dash(&h, all.v[i].source);
		html_raw_trusted(&h, "</td></tr>\n");
	}
	if (n == 0)
		html_raw_trusted(&h,
		                 "<tr><td colspan=\"4\">Inga befolkningsuppgifter.</td></tr>\n");
	html_raw_trusted(&h, "</tbody>\n</table>\n");
	listing_pager(&h, req, "/admin/population", page, (int64_t)n, LISTING_PER_PAGE);

	if (policy_allows_some(req->acc.roles, REC_POPULATION, ACT_CREATE)) {
		html_raw_trusted(&h, "<section aria-labelledby=\"h-import\">\n<h2 id=\"h-import\">"
		                     "Importera befolkning från SCB</h2>\n");
		if (f->e_date || f->e_data)
			html_raw_trusted(
			    &h, "<div class=\"alert\" role=\"alert\"><p>Inget importerades. "
			        "Rätta uppgifterna som är markerade nedan.</p></div>\n");
		html_raw_trusted(&h, "<p>Klistra in SCB:s tabell som text med en kommun per rad: "
		                     "<code>kommunkod;namn;folkmängd</code>, till exempel "
		                     "<code>2380;Östersund;64871</code>. En rubrikrad får finnas. "
		                     "Antingen importeras alla rader eller ingen.</p>\n"
		                     "<form method=\"post\" action=\"/admin/population\" "
		                     "class=\"form\">\n");
		html_csrf_input(&h, req->csrf);
		field_input(&h, "date", "Referensdatum (ÅÅÅÅ-MM-DD)", "date", f->date, f->e_date,
		            NULL, true);
		field_textarea(&h, "data", "Uppgifter från SCB", f->data, f->e_data, 12, true);
		html_raw_trusted(&h, "<p><button type=\"submit\">Importera</button></p>\n</form>\n"
		                     "</section>\n");
	}
	layout_end(&h);
	rc = h.err;
out:
	free(all.v);
	return rc;
}

static int population_get(struct request *req, struct response *resp)
{
	struct pop_form f = {0};

	return render_population(req, resp, 200, &f);
}

static int population_post(struct request *req, struct response *resp)
{
	struct pop_form f = {0};
	struct nrs_error err = {0};
	char loc[96];
	size_t rows = 0;
	int rc;

	f.date = form_get_unique(&req->form, "date");
	f.data = form_get_unique(&req->form, "data");
	rc = admin_population_import(req, f.data, f.date, &rows, &err);
	if (rc == NRS_EINVAL || rc == NRS_ETOOBIG) {
		const char *msg = admin_sentence(req, err.msg);

		if (strcmp(err.field, "date") == 0)
			f.e_date = msg;
		else
			f.e_data = msg;
		return render_population(req, resp, 422, &f);
	}
	if (rc != 0)
		return rc;
	snprintf(loc, sizeof(loc), "/admin/population?date=%s&imported=%zu", f.date, rows);
	return response_redirect(resp, loc);
}

const struct route admin_orgs_routes[] = {
    {"GET", "/admin/organisations", orgs_list_get, true, REC_ORGANISATION, ACT_LIST, 0},
    {"GET", "/admin/organisations/new", orgs_new_get, true, REC_ORGANISATION, ACT_CREATE, 0},
    {"POST", "/admin/organisations/new", orgs_new_post, true, REC_ORGANISATION, ACT_CREATE, 0},
    {"GET", "/admin/organisations/:id", orgs_view_get, true, REC_ORGANISATION, ACT_READ, 0},
    {"GET", "/admin/municipalities", munis_get, true, REC_MUNICIPALITY, ACT_LIST, 0},
    {"GET", "/admin/population", population_get, true, REC_POPULATION, ACT_LIST, 0},
    {"POST", "/admin/population", population_post, true, REC_POPULATION, ACT_CREATE, 0},
};
ROUTE_TABLE_COUNT(admin_orgs);
