/* Administration of user accounts: GET /admin/users (filter, sort, pages), GET/POST
 * /admin/users/new, GET /admin/users/:id, POST /admin/users/:id/reset and /deactivate.
 * Also the helpers every admin page and API twin shares (see admin.h). */
#include "web/pages/admin.h"

#include "base/err.h"
#include "base/log.h"
#include "base/str.h"
#include "security/audit.h"
#include "security/roles.h"
#include "store/reference.h"
#include "web/fields.h"
#include "web/layout.h"
#include "web/listing.h"
#include "web/response.h"
#include "web/router.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- shared helpers (admin.h) ---- */

int admin_audit(struct request *req, const char *action, const char *kind, int64_t id,
                struct nrs_error *err)
{
	char rid[24];
	struct audit_entry e = {
	    .user_id = req->acc.id,
	    .username = req->acc.username,
	    .organisation_id = req->acc.organisation_id,
	    .action = action,
	    .record_kind = kind,
	    .record_id = NULL,
	    .remote = req->remote[0] ? req->remote : NULL,
	    .reason = NULL,
	};
	int rc;

	if (id > 0) {
		snprintf(rid, sizeof(rid), "%" PRId64, id);
		e.record_id = rid;
	}
	rc = audit_append(req->st, req->keys->audit, &e, err);
	if (rc != 0)
		log_error("loggraden kunde inte skrivas (%s %s)", action, kind);
	return rc;
}

int admin_parse_id(const char *s, int64_t *id)
{
	if (s == NULL || str_to_i64(s, 1, INT64_MAX, id) != 0)
		return NRS_EINVAL;
	return 0;
}

const char *admin_sentence(struct request *req, const char *msg)
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
	if (s[n - 1] != '.' && s[n - 1] != '!' && s[n - 1] != '?') {
		s[n] = '.';
		s[n + 1] = '\0';
	}
	return s;
}

/* ---- user operations (admin.h) ---- */

int admin_user_load(struct request *req, const char *id_param, enum policy_action action,
                    struct account *out)
{
	unsigned rel = REL_ANY;
	int64_t id;
	int rc;

	if (admin_parse_id(id_param, &id) != 0)
		rc = NRS_ENOTFOUND;
	else
		rc = account_get(req->st, id, out);
	if (rc == NRS_ENOTFOUND)
		return policy_allows(req->acc.roles, REL_ANY, REC_USER, action) ? NRS_ENOTFOUND
		                                                                : NRS_EDENIED;
	if (rc != 0)
		return rc;
	if (out->organisation_id == req->acc.organisation_id)
		rel |= REL_OWN_ORG;
	if (action == ACT_READ && out->id == req->acc.id)
		rel |= REL_SELF;
	return policy_allows(req->acc.roles, rel, REC_USER, action) ? 0 : NRS_EDENIED;
}

int admin_user_create(struct request *req, const struct account_new *in, int64_t *id,
                      char otp[ACCOUNT_OTP_CHARS + 1], struct nrs_error *err)
{
	/* One transaction around account_create (which nests) and the audit row: a user never
	 * exists without the row that says who created it. */
	int rc = store_tx_begin(req->st);

	otp[0] = '\0';
	if (rc != 0)
		return nrs_error_set(err, rc, "", "kan inte starta transaktion");
	rc = account_create(req->st, in, id, otp, err);
	if (rc == 0)
		rc = admin_audit(req, "create", "user", *id, err);
	if (rc == 0)
		rc = store_tx_commit(req->st);
	else
		store_tx_rollback(req->st);
	if (rc != 0)
		memset(otp, 0, ACCOUNT_OTP_CHARS + 1);
	return rc;
}

int admin_user_reset(struct request *req, int64_t id, char otp[ACCOUNT_OTP_CHARS + 1],
                     struct nrs_error *err)
{
	int rc = store_tx_begin(req->st);

	otp[0] = '\0';
	if (rc != 0)
		return nrs_error_set(err, rc, "", "kan inte starta transaktion");
	rc = account_reset(req->st, id, otp, err);
	if (rc == 0)
		rc = admin_audit(req, "password_reset", "user", id, err);
	if (rc == 0)
		rc = store_tx_commit(req->st);
	else
		store_tx_rollback(req->st);
	if (rc != 0)
		memset(otp, 0, ACCOUNT_OTP_CHARS + 1);
	return rc;
}

int admin_user_deactivate(struct request *req, int64_t id, struct nrs_error *err)
{
	int rc;

	if (id == req->acc.id)
		return nrs_error_set(err, NRS_EINVAL, "id",
		                     "Du kan inte inaktivera ditt eget konto.");
	rc = store_tx_begin(req->st);
	if (rc != 0)
		return nrs_error_set(err, rc, "", "kan inte starta transaktion");
	rc = account_deactivate(req->st, id, err);
	if (rc == 0)
		rc = admin_audit(req, "deactivate", "user", id, err);
	if (rc == 0)
		rc = store_tx_commit(req->st);
	else
		store_tx_rollback(req->st);
	return rc;
}

/* ---- data for the pages ---- */

struct user_list {
	struct account *v;
	size_t n, cap;
	int64_t org;   /* filter: organisation id, 0 for any */
	unsigned role; /* filter: role bit, 0 for any */
};

static int collect_user(const struct account *acc, void *ctx)
{
	struct user_list *l = ctx;
	struct account *nv;

	if ((l->org != 0 && acc->organisation_id != l->org) ||
	    (l->role != 0 && (acc->roles & l->role) == 0))
		return 0;
	nv = listing_grow(l->v, l->n, &l->cap, sizeof(*nv));
	if (nv == NULL)
		return NRS_ENOMEM;
	l->v = nv;
	l->v[l->n++] = *acc;
	return 0;
}

struct org_option {
	int64_t id;
	char *name; /* request memory */
	int active;
};

struct org_options {
	struct request *req;
	struct org_option *v;
	size_t n, cap;
};

static int collect_org(const struct org_row *row, void *ctx)
{
	struct org_options *o = ctx;
	struct org_option *nv;

	nv = listing_grow(o->v, o->n, &o->cap, sizeof(*nv));
	if (nv == NULL)
		return NRS_ENOMEM;
	o->v = nv;
	o->v[o->n].id = row->id;
	o->v[o->n].active = row->active;
	o->v[o->n].name = req_strdup(o->req, row->name);
	if (o->v[o->n].name == NULL)
		return NRS_ENOMEM;
	o->n++;
	return 0;
}

/* Organisations for a select, in the register's order. Caller frees o->v. */
static int load_orgs(struct request *req, struct org_options *o)
{
	memset(o, 0, sizeof(*o));
	o->req = req;
	return store_org_list(req->st, NULL, collect_org, o);
}

static const char *const user_sort_keys[] = {"username", "name", "organisation", "active"};

static int cmp_username(const void *a, const void *b)
{
	return strcmp(((const struct account *)a)->username, ((const struct account *)b)->username);
}

static int cmp_name(const void *a, const void *b)
{
	const struct account *x = a, *y = b;
	int c = strcmp(x->display_name, y->display_name);

	return c != 0 ? c : strcmp(x->username, y->username);
}

static int cmp_org(const void *a, const void *b)
{
	const struct account *x = a, *y = b;
	int c = strcmp(x->organisation_name, y->organisation_name);

	return c != 0 ? c : strcmp(x->username, y->username);
}

static int cmp_active(const void *a, const void *b)
{
	const struct account *x = a, *y = b;
	int c = (y->active != 0) - (x->active != 0);

	return c != 0 ? c : strcmp(x->username, y->username);
}

/* One comparator per key of user_sort_keys (qsort has no context argument). */
static int (*const user_cmp[])(const void *, const void *) = {cmp_username, cmp_name, cmp_org,
                                                              cmp_active};

/* ---- pages ---- */

static void role_list(struct html *h, unsigned roles)
{
	bool first = true;

	for (int i = 0; i < ROLE_COUNT; i++) {
		if (!(roles & (1u << i)))
			continue;
		if (!first)
			html_raw_trusted(h, ", ");
		html_text(h, role_label(i));
		first = false;
	}
}

static void yes_no(struct html *h, int v)
{
	html_raw_trusted(h, v ? "Ja" : "Nej");
}

static void org_select(struct html *h, const char *name, const char *label,
                       const struct org_options *o, int64_t selected, const char *any,
                       const char *error)
{
	char id[24];

	field_select_open(h, name, label, error, any);
	for (size_t i = 0; i < o->n; i++) {
		if (!o->v[i].active && o->v[i].id != selected)
			continue;
		snprintf(id, sizeof(id), "%" PRId64, o->v[i].id);
		field_option(h, id, o->v[i].name, o->v[i].id == selected);
	}
	field_select_close(h);
}

static void role_select(struct html *h, unsigned selected)
{
	field_select_open(h, "role", "Roll", NULL, "Alla roller");
	for (int i = 0; i < ROLE_COUNT; i++)
		field_option(h, role_name(i), role_label(i), selected == (1u << i));
	field_select_close(h);
}

/* Optional filters of the list; NRS_EINVAL for malformed values. */
static int user_filters(const struct request *req, int64_t *org, unsigned *role)
{
	const char *o = form_get(&req->query, "org"), *r = form_get(&req->query, "role");

	*org = 0;
	*role = 0;
	if (o != NULL && o[0] != '\0' && admin_parse_id(o, org) != 0)
		return NRS_EINVAL;
	if (r != NULL && r[0] != '\0' && (*role = role_from_name(r)) == 0)
		return NRS_EINVAL;
	return 0;
}

static int users_list_get(struct request *req, struct response *resp)
{
	static const char *const labels[] = {"Användarnamn", "Namn", "Organisation", "Aktiv"};
	struct user_list l = {0};
	struct org_options orgs = {0};
	struct html h;
	size_t key, first, count;
	bool desc;
	int64_t page;
	int rc;

	rc = user_filters(req, &l.org, &l.role);
	if (rc == 0)
		rc = listing_sort_param(req, user_sort_keys, 4, &key, &desc);
	if (rc == 0)
		rc = listing_page_param(req, &page);
	if (rc == 0)
		rc = account_list(req->st, collect_user, &l);
	if (rc == 0)
		rc = load_orgs(req, &orgs);
	if (rc != 0)
		goto out;
	if (l.n > 1)
		qsort(l.v, l.n, sizeof(*l.v), user_cmp[key]);
	for (size_t i = 0; desc && i < l.n / 2; i++) {
		struct account t = l.v[i];

		l.v[i] = l.v[l.n - 1 - i];
		l.v[l.n - 1 - i] = t;
	}
	listing_page_slice((int64_t)l.n, LISTING_PER_PAGE, &page, &first, &count);

	html_init(&h, &resp->body);
	layout_begin(&h, req, "Användare");
	html_raw_trusted(&h, "<h1>Användare</h1>\n");
	if (policy_allows_some(req->acc.roles, REC_USER, ACT_CREATE))
		html_raw_trusted(&h, "<p><a class=\"button\" href=\"/admin/users/new\">Ny "
		                     "användare</a></p>\n");
	html_raw_trusted(&h, "<form method=\"get\" action=\"/admin/users\" class=\"filter\">\n");
	org_select(&h, "org", "Organisation", &orgs, l.org, "Alla organisationer", NULL);
	role_select(&h, l.role);
	if (key != 0 || desc) {
		html_raw_trusted(&h, "<input type=\"hidden\" name=\"sort\" value=\"");
		html_attr(&h, user_sort_keys[key]);
		html_raw_trusted(&h, desc ? "\">\n<input type=\"hidden\" name=\"dir\" "
		                            "value=\"desc\">\n"
		                          : "\">\n");
	}
	html_raw_trusted(&h, "<p><button type=\"submit\">Filtrera</button></p>\n</form>\n");
	html_raw_trusted(&h, "<table>\n<caption>Användare (");
	html_int(&h, (int64_t)l.n);
	html_raw_trusted(&h, " st)</caption>\n<thead><tr>\n");
	for (size_t i = 0; i < 3; i++)
		listing_sort_th(&h, req, "/admin/users", labels[i], user_sort_keys[i], key == i,
		                desc);
	html_raw_trusted(&h, "<th scope=\"col\">Roller</th>\n");
	listing_sort_th(&h, req, "/admin/users", labels[3], user_sort_keys[3], key == 3, desc);
	html_raw_trusted(&h,
	                 "<th scope=\"col\">Måste byta lösenord</th>\n</tr></thead>\n<tbody>\n");
	for (size_t i = first; i < first + count; i++) {
		const struct account *a = &l.v[i];

		html_raw_trusted(&h, "<tr><th scope=\"row\"><a href=\"/admin/users/");
		html_int(&h, a->id);
		html_raw_trusted(&h, "\">");
		html_text(&h, a->username);
		html_raw_trusted(&h, "</a></th><td>");
		html_text(&h, a->display_name);
		html_raw_trusted(&h, "</td><td>");
		html_text(&h, a->organisation_name);
		html_raw_trusted(&h, "</td><td>");
		role_list(&h, a->roles);
		html_raw_trusted(&h, "</td><td>");
		yes_no(&h, a->active);
		html_raw_trusted(&h, "</td><td>");
		yes_no(&h, a->must_change_password);
		html_raw_trusted(&h, "</td></tr>\n");
	}
	if (l.n == 0)
		html_raw_trusted(&h, "<tr><td colspan=\"6\">Inga användare matchar "
		                     "filtret.</td></tr>\n");
	html_raw_trusted(&h, "</tbody>\n</table>\n");
	listing_pager(&h, req, "/admin/users", page, (int64_t)l.n, LISTING_PER_PAGE);
	layout_end(&h);
	rc = h.err;
out:
	free(l.v);
	free(orgs.v);
	return rc;
}

/* What the new-user form holds and what is wrong with it. */
struct user_form {
	const char *username, *name;
	int64_t org;
	unsigned roles;
	const char *e_username, *e_name, *e_org, *e_roles, *e_general;
};

static int render_user_form(struct request *req, struct response *resp, int status,
                            const struct user_form *f)
{
	struct org_options orgs;
	struct html h;
	int rc = load_orgs(req, &orgs);

	if (rc != 0)
		goto out;
	resp->status = status;
	html_init(&h, &resp->body);
	layout_begin(&h, req, "Ny användare");
	html_raw_trusted(&h, "<h1>Ny användare</h1>\n");
	if (f->e_username || f->e_name || f->e_org || f->e_roles || f->e_general) {
		html_raw_trusted(&h, "<div class=\"alert\" role=\"alert\"><p>");
		html_text(&h, f->e_general ? f->e_general
		                           : "Användaren skapades inte. Rätta uppgifterna som är "
		                             "markerade nedan.");
		html_raw_trusted(&h, "</p></div>\n");
	}
	html_raw_trusted(&h, "<p>Användaren får ett engångslösenord som visas en gång när "
	                     "kontot har skapats. Det måste bytas vid första inloggningen.</p>\n"
	                     "<form method=\"post\" action=\"/admin/users/new\" class=\"form\">\n");
	html_csrf_input(&h, req->csrf);
	field_input(&h, "username", "Användarnamn (a–z, 0–9, punkt, bindestreck)", "text",
	            f->username, f->e_username, "off", true);
	field_input(&h, "name", "Namn", "text", f->name, f->e_name, "off", true);
	org_select(&h, "organisation", "Organisation", &orgs, f->org, "Välj organisation",
	           f->e_org);
	html_raw_trusted(&h, f->e_roles ? "<fieldset class=\"field has-error\" "
	                                  "aria-describedby=\"e-roles\">\n<legend>Roller</legend>\n"
	                                : "<fieldset class=\"field\">\n<legend>Roller</legend>\n");
	field_error(&h, "roles", f->e_roles);
	for (int i = 0; i < ROLE_COUNT; i++)
		field_checkbox(&h, "roles", role_name(i), role_label(i),
		               (f->roles & (1u << i)) != 0);
	html_raw_trusted(&h, "</fieldset>\n<p><button type=\"submit\">Skapa användare</button> "
	                     "<a href=\"/admin/users\">Avbryt</a></p>\n</form>\n");
	layout_end(&h);
	rc = h.err;
out:
	free(orgs.v);
	return rc;
}

static int users_new_get(struct request *req, struct response *resp)
{
	struct user_form f = {0};

	return render_user_form(req, resp, 200, &f);
}

/* Show a one-time password once, with how to hand it over. */
static int render_otp(struct request *req, struct response *resp, const char *title,
                      const struct account *acc, const char *otp)
{
	struct html h;

	html_init(&h, &resp->body);
	layout_begin(&h, req, title);
	html_raw_trusted(&h, "<h1>");
	html_text(&h, title);
	html_raw_trusted(&h, "</h1>\n<dl class=\"facts\">\n<dt>Användarnamn</dt><dd>");
	html_text(&h, acc->username);
	html_raw_trusted(&h, "</dd>\n<dt>Namn</dt><dd>");
	html_text(&h, acc->display_name);
	html_raw_trusted(&h, "</dd>\n<dt>Engångslösenord</dt><dd><code class=\"otp\">");
	html_text(&h, otp);
	html_raw_trusted(
	    &h, "</code></dd>\n</dl>\n<div class=\"notice\" role=\"note\"><p><strong>Lösenordet "
	        "visas bara den här gången.</strong> Lämna över det på ett säkert sätt: "
	        "personligen, eller per telefon när du vet vem du talar med. Skicka det aldrig "
	        "i samma meddelande som användarnamnet och spara det inte. Användaren måste "
	        "byta lösenordet vid första inloggningen.</p></div>\n<p><a href=\"/admin/users/");
	html_int(&h, acc->id);
	html_raw_trusted(&h, "\">Till användaren</a> · <a href=\"/admin/users\">Alla "
	                     "användare</a></p>\n");
	layout_end(&h);
	return h.err;
}

static int users_new_post(struct request *req, struct response *resp)
{
	struct user_form f = {0};
	struct nrs_error err = {0};
	struct account_new in;
	struct account acc;
	char otp[ACCOUNT_OTP_CHARS + 1] = "";
	const char *org = form_get_unique(&req->form, "organisation");
	int64_t id = 0;
	int rc;

	f.username = form_get_unique(&req->form, "username");
	f.name = form_get_unique(&req->form, "name");
	if (f.username == NULL || f.username[0] == '\0')
		f.e_username = "Fyll i ett användarnamn.";
	if (f.name == NULL || f.name[0] == '\0')
		f.e_name = "Fyll i namnet.";
	if (org == NULL || org[0] == '\0')
		f.e_org = "Välj en organisation.";
	else if (admin_parse_id(org, &f.org) != 0)
		f.e_org = "Organisationen finns inte.";
	for (size_t i = 0; i < req->form.n; i++) {
		unsigned bit;

		if (strcmp(req->form.fields[i].name, "roles") != 0)
			continue;
		bit = role_from_name(req->form.fields[i].value);
		if (bit == 0)
			f.e_roles = "Okänd roll.";
		f.roles |= bit;
	}
	if (f.roles == 0 && f.e_roles == NULL)
		f.e_roles = "Välj minst en roll.";
	if (f.e_username || f.e_name || f.e_org || f.e_roles)
		return render_user_form(req, resp, 422, &f);

	in = (struct account_new){f.username, f.name, f.org, f.roles};
	rc = admin_user_create(req, &in, &id, otp, &err);
	if (rc == NRS_EINVAL || rc == NRS_EEXIST) {
		const char *msg = admin_sentence(req, err.msg);

		if (strcmp(err.field, "anvandarnamn") == 0)
			f.e_username = msg;
		else if (strcmp(err.field, "namn") == 0)
			f.e_name = msg;
		else if (strcmp(err.field, "organisation") == 0)
			f.e_org = msg;
		else if (strcmp(err.field, "roller") == 0)
			f.e_roles = msg;
		else
			f.e_general = msg;
		return render_user_form(req, resp, 422, &f);
	}
	if (rc == 0)
		rc = account_get(req->st, id, &acc);
	if (rc == 0)
		rc = render_otp(req, resp, "Användaren är skapad", &acc, otp);
	memset(otp, 0, sizeof(otp));
	return rc;
}

static int users_view_get(struct request *req, struct response *resp)
{
	const char *done = form_get(&req->query, "done");
	struct account a;
	struct html h;
	unsigned rel = REL_ANY;
	int rc = admin_user_load(req, req_param(req, "id"), ACT_READ, &a);

	if (rc != 0)
		return rc;
	if (a.organisation_id == req->acc.organisation_id)
		rel |= REL_OWN_ORG;
	html_init(&h, &resp->body);
	layout_begin(&h, req, "Användare");
	html_raw_trusted(&h, "<h1>");
	html_text(&h, a.display_name);
	html_raw_trusted(&h, "</h1>\n");
	if (done && strcmp(done, "deactivated") == 0)
		html_raw_trusted(
		    &h, "<div class=\"notice\" role=\"status\"><p>Kontot är "
		        "inaktiverat och alla dess inloggningar är avslutade.</p></div>\n");
	html_raw_trusted(&h, "<dl class=\"facts\">\n<dt>Användarnamn</dt><dd>");
	html_text(&h, a.username);
	html_raw_trusted(&h, "</dd>\n<dt>Organisation</dt><dd><a href=\"/admin/organisations/");
	html_int(&h, a.organisation_id);
	html_raw_trusted(&h, "\">");
	html_text(&h, a.organisation_name);
	html_raw_trusted(&h, "</a></dd>\n<dt>Roller</dt><dd>");
	role_list(&h, a.roles);
	html_raw_trusted(&h, "</dd>\n<dt>Aktiv</dt><dd>");
	yes_no(&h, a.active);
	html_raw_trusted(&h, "</dd>\n<dt>Måste byta lösenord</dt><dd>");
	yes_no(&h, a.must_change_password);
	html_raw_trusted(&h, "</dd>\n</dl>\n");
	if (policy_allows(req->acc.roles, rel, REC_USER, ACT_UPDATE)) {
		html_raw_trusted(&h, "<h2>Återställ lösenord</h2>\n<p>Användaren får ett nytt "
		                     "engångslösenord och loggas ut överallt.</p>\n"
		                     "<form method=\"post\" action=\"/admin/users/");
		html_int(&h, a.id);
		html_raw_trusted(&h, "/reset\">\n");
		html_csrf_input(&h, req->csrf);
		html_raw_trusted(&h, "<p><button type=\"submit\">Återställ lösenord</button></p>\n"
		                     "</form>\n");
		if (a.active && a.id != req->acc.id) {
			html_raw_trusted(&h,
			                 "<h2>Inaktivera kontot</h2>\n<p>Användaren kan inte "
			                 "längre logga in. Loggen över vad kontot har gjort finns "
			                 "kvar.</p>\n<form method=\"post\" action=\"/admin/users/");
			html_int(&h, a.id);
			html_raw_trusted(&h, "/deactivate\">\n");
			html_csrf_input(&h, req->csrf);
			html_raw_trusted(&h,
			                 "<p><button type=\"submit\" class=\"danger\">Inaktivera "
			                 "kontot</button></p>\n</form>\n");
		}
	}
	html_raw_trusted(&h, "<p><a href=\"/admin/users\">Alla användare</a></p>\n");
	layout_end(&h);
	return h.err;
}

static int users_reset_post(struct request *req, struct response *resp)
{
	struct nrs_error err = {0};
	char otp[ACCOUNT_OTP_CHARS + 1] = "";
	struct account a;
	int rc = admin_user_load(req, req_param(req, "id"), ACT_UPDATE, &a);

	if (rc == 0)
		rc = admin_user_reset(req, a.id, otp, &err);
	if (rc == 0)
		rc = account_get(req->st, a.id, &a);
	if (rc == 0)
		rc = render_otp(req, resp, "Lösenordet är återställt", &a, otp);
	memset(otp, 0, sizeof(otp));
	return rc;
}

static int users_deactivate_post(struct request *req, struct response *resp)
{
	struct nrs_error err = {0};
	struct account a;
	char loc[64];
	int rc = admin_user_load(req, req_param(req, "id"), ACT_UPDATE, &a);

	if (rc != 0)
		return rc;
	rc = admin_user_deactivate(req, a.id, &err);
	if (rc == NRS_EINVAL) {
		response_error_status(resp, req, false, 400, admin_sentence(req, err.msg));
		return 0;
	}
	if (rc != 0)
		return rc;
	snprintf(loc, sizeof(loc), "/admin/users/%" PRId64 "?done=deactivated", a.id);
	return response_redirect(resp, loc);
}

const struct route admin_users_routes[] = {
    {"GET", "/admin/users", users_list_get, true, REC_USER, ACT_LIST, 0},
    {"GET", "/admin/users/new", users_new_get, true, REC_USER, ACT_CREATE, 0},
    {"POST", "/admin/users/new", users_new_post, true, REC_USER, ACT_CREATE, 0},
    {"GET", "/admin/users/:id", users_view_get, true, REC_USER, ACT_READ, 0},
    {"POST", "/admin/users/:id/reset", users_reset_post, true, REC_USER, ACT_UPDATE, 0},
    {"POST", "/admin/users/:id/deactivate", users_deactivate_post, true, REC_USER, ACT_UPDATE, 0},
};
ROUTE_TABLE_COUNT(admin_users);
