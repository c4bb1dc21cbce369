/* Clients (R4-R6): GET /clients (the centre's or the municipality's clients, paged and
 * sorted, filtered by code), POST /clients/search (by identity number through the blind
 * index, or by name among the user's assigned clients), GET/POST /clients/new, GET
 * /clients/:id, POST /clients/:id/reveal (protected identity after a stated reason) and POST
 * /clients/:id/relations. Also the helpers the case pages and the API share (casework.h). */
#include "web/pages/casework.h"

#include "base/date.h"
#include "base/err.h"
#include "base/log.h"
#include "base/str.h"
#include "domain/instrument.h"
#include "security/risksvc.h"
#include "store/intervention.h"
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

/* ---- shared helpers (casework.h) ---- */

void casework_actor(struct request *req, struct clientsvc_actor *a)
{
	memset(a, 0, sizeof(*a));
	a->user_id = req->acc.id;
	a->username = req->acc.username;
	a->organisation_id = req->acc.organisation_id;
	a->remote = req->remote[0] ? req->remote : NULL;
	a->today = date_today();
}

int casework_parse_id(const char *s, int64_t *id)
{
	if (s == NULL || str_to_i64(s, 1, INT64_MAX, id) != 0)
		return NRS_EINVAL;
	return 0;
}

/* Deny unknown ids to those who would need a relation to see one (no oracle). */
static int unknown_id(const struct request *req, enum record_kind kind, enum policy_action action)
{
	return policy_allows(req->acc.roles, REL_ANY, kind, action) ? NRS_ENOTFOUND : NRS_EDENIED;
}

int casework_client_load(struct request *req, const char *id_text, enum record_kind kind,
                         enum policy_action action, struct cq_client *c, unsigned *rel)
{
	int64_t id;
	int rc;

	*rel = REL_ANY;
	if (casework_parse_id(id_text, &id) != 0)
		return unknown_id(req, kind, action);
	rc = casequery_client(req->st, &req->acc, id, c, rel);
	if (rc == NRS_ENOTFOUND)
		return unknown_id(req, kind, action);
	if (rc != 0)
		return rc;
	return policy_allows(req->acc.roles, *rel, kind, action) ? 0 : NRS_EDENIED;
}

int casework_case_load(struct request *req, const char *id_text, enum record_kind kind,
                       enum policy_action action, struct cq_case *c, unsigned *rel)
{
	int64_t id;
	int rc;

	*rel = REL_ANY;
	if (casework_parse_id(id_text, &id) != 0)
		return unknown_id(req, kind, action);
	rc = casequery_case(req->st, &req->acc, id, c, rel);
	if (rc == NRS_ENOTFOUND)
		return unknown_id(req, kind, action);
	if (rc != 0)
		return rc;
	return policy_allows(req->acc.roles, *rel, kind, action) ? 0 : NRS_EDENIED;
}

bool casework_sees_content(const struct request *req, unsigned rel)
{
	return policy_allows(req->acc.roles, rel, REC_JOURNAL, ACT_READ);
}

enum casework_identity casework_identity_for(const struct request *req, unsigned rel,
                                             int protected_identity)
{
	if (!casework_sees_content(req, rel))
		return IDENTITY_HIDDEN;
	if (!protected_identity)
		return IDENTITY_SHOWN;
	return (rel & REL_ASSIGNED) ? IDENTITY_REVEAL : IDENTITY_HIDDEN;
}

const struct casework_label casework_genders[] = {
    {"kvinna", "Kvinna"}, {"man", "Man"}, {"annat", "Annat"}, {NULL, NULL}};
const struct casework_label casework_client_roles[] = {{"victim", "Våldsutsatt"},
                                                       {"child", "Barn som upplevt våld"},
                                                       {"perpetrator", "Våldsutövare"},
                                                       {"relative", "Anhörig"},
                                                       {NULL, NULL}};
const struct casework_label casework_sources[] = {
    {"self", "Egen kontakt"},    {"social_services", "Socialtjänsten"},
    {"police", "Polisen"},       {"health", "Hälso- och sjukvården"},
    {"shelter", "Kvinnojouren"}, {"school", "Skolan"},
    {"other", "Annan"},          {NULL, NULL}};
const struct casework_label casework_violence[] = {{"physical", "Fysiskt våld"},
                                                   {"psychological", "Psykiskt våld"},
                                                   {"sexual", "Sexuellt våld"},
                                                   {"economic", "Ekonomiskt våld"},
                                                   {"material", "Materiellt våld"},
                                                   {"neglect", "Försummelse"},
                                                   {"honour", "Hedersrelaterat våld"},
                                                   {"digital", "Digitalt våld"},
                                                   {NULL, NULL}};
const struct casework_label casework_relation_kinds[] = {{"child_of", "Barn till"},
                                                         {"parent_of", "Förälder till"},
                                                         {"partner_of", "Partner till"},
                                                         {"ex_partner_of", "Tidigare partner till"},
                                                         {NULL, NULL}};

const char *casework_label_of(const struct casework_label *table, const char *key)
{
	if (key == NULL)
		return "";
	for (; table->key != NULL; table++)
		if (strcmp(table->key, key) == 0)
			return table->label;
	return key;
}

unsigned casework_role_bit(const char *key)
{
	static const unsigned bits[] = {CLIENT_ROLE_VICTIM, CLIENT_ROLE_CHILD,
	                                CLIENT_ROLE_PERPETRATOR, CLIENT_ROLE_RELATIVE};

	for (size_t i = 0; key != NULL && i < 4; i++)
		if (strcmp(casework_client_roles[i].key, key) == 0)
			return bits[i];
	return 0;
}

const char *casework_relation_label(const char *kind, int reverse)
{
	if (kind != NULL && strcmp(kind, "child_of") == 0)
		return reverse ? "Förälder till" : "Barn till";
	return casework_label_of(casework_relation_kinds, kind);
}

const char *casework_sentence(struct request *req, const char *msg)
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
	else if ((unsigned char)s[0] == 0xc3 && (unsigned char)s[1] >= 0xa0 &&
	         (unsigned char)s[1] <= 0xbe && (unsigned char)s[1] != 0xb7)
		s[1] = (char)((unsigned char)s[1] - 0x20); /* å ä ö é ... */
	if (s[n - 1] != '.' && s[n - 1] != '!' && s[n - 1] != '?') {
		s[n] = '.';
		s[n + 1] = '\0';
	}
	return s;
}

const char *casework_pnr_message(struct request *req, const char *msg)
{
	static const char prefix[] = "Personnumret godtas inte: ";
	size_t n = msg ? strlen(msg) : 0;
	char *s;

	if (n == 0 || strstr(msg, "personnummer") == msg)
		return casework_sentence(req, msg);
	s = req_alloc(req, sizeof(prefix) + n + 1);
	if (s == NULL)
		return msg;
	memcpy(s, prefix, sizeof(prefix) - 1);
	memcpy(s + sizeof(prefix) - 1, msg, n + 1);
	n += sizeof(prefix) - 1;
	if (s[n - 1] != '.') {
		s[n] = '.';
		s[n + 1] = '\0';
	}
	return s;
}

/* ---- options for selects ---- */

static int option_add(struct request *req, struct casework_options *o, const char *key,
                      const char *label)
{
	struct casework_option *nv = listing_grow(o->v, o->n, &o->cap, sizeof(*nv));

	if (nv == NULL)
		return NRS_ENOMEM;
	o->v = nv;
	o->v[o->n].key = req_strdup(req, key);
	o->v[o->n].label = req_strdup(req, label);
	if (o->v[o->n].key == NULL || o->v[o->n].label == NULL)
		return NRS_ENOMEM;
	o->n++;
	return 0;
}

struct option_ctx {
	struct request *req;
	struct casework_options *o;
};

static int add_member(const struct municipality_row *row, void *vctx)
{
	struct option_ctx *c = vctx;

	return row->member ? option_add(c->req, c->o, row->code, row->name) : 0;
}

static int cmp_option_label(const void *a, const void *b)
{
	return strcmp(((const struct casework_option *)a)->label,
	              ((const struct casework_option *)b)->label);
}

int casework_municipality_options(struct request *req, struct casework_options *o)
{
	struct option_ctx c = {req, o};
	int rc;

	memset(o, 0, sizeof(*o));
	rc = store_municipality_list(req->st, NULL, add_member, &c);
	if (rc == 0 && o->n > 1)
		qsort(o->v, o->n, sizeof(*o->v), cmp_option_label);
	return rc;
}

static int add_type(const struct intervention_type_row *row, void *vctx)
{
	struct option_ctx *c = vctx;

	return option_add(c->req, c->o, row->key, row->label_sv);
}

int casework_type_options(struct request *req, struct casework_options *o)
{
	struct option_ctx c = {req, o};

	memset(o, 0, sizeof(*o));
	return store_intervention_type_list(req->st, 1, add_type, &c);
}

const char *casework_option_label(const struct casework_options *o, const char *key)
{
	for (size_t i = 0; key != NULL && i < o->n; i++)
		if (strcmp(o->v[i].key, key) == 0)
			return o->v[i].label;
	return key != NULL ? key : "";
}

void casework_options_free(struct casework_options *o)
{
	free(o->v);
	memset(o, 0, sizeof(*o));
}

/* ---- client lists ---- */

struct collect_ctx {
	struct request *req;
	struct casework_client_list *l;
};

static int collect_client(const struct cq_client_row *row, void *vctx)
{
	struct collect_ctx *c = vctx;
	struct casework_client_list *l = c->l;
	struct casework_client_item *nv = listing_grow(l->v, l->n, &l->cap, sizeof(*nv)), *it;

	if (nv == NULL)
		return NRS_ENOMEM;
	l->v = nv;
	it = &l->v[l->n];
	memset(it, 0, sizeof(*it));
	it->id = row->id;
	it->code = req_strdup(c->req, row->code);
	it->gender = req_strdup(c->req, row->gender);
	it->birth_year = row->birth_year;
	it->municipality = req_strdup(c->req, row->home_municipality);
	it->municipality_name = req_strdup(c->req, row->municipality_name);
	it->roles = req_strdup(c->req, row->roles);
	it->protected_identity = row->protected_identity;
	it->assigned = row->assigned;
	it->open_case_id = row->open_case_id;
	if (!it->code || !it->gender || !it->municipality || !it->municipality_name || !it->roles)
		return NRS_ENOMEM;
	l->n++;
	return 0;
}

/* Fold ASCII and the Latin-1 letters (Å, Ä, Ö, É, ...) to lower case in place. */
static void fold_case(char *s)
{
	for (unsigned char *p = (unsigned char *)s; *p; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p = (unsigned char)(*p + 32);
		else if (*p == 0xc3 && p[1] >= 0x80 && p[1] <= 0x9e && p[1] != 0x97)
			p[1] = (unsigned char)(p[1] + 32);
	}
}

/* The relations a list row implies: every row of a scoped list is of the user's organisation
 * or municipality; "assigned" comes with the row. */
static unsigned list_relations(const struct casework_client_item *it,
                               const struct casequery_scope *sc)
{
	unsigned rel = REL_ANY;

	if (sc->organisation_id > 0)
		rel |= REL_OWN_ORG;
	if (sc->municipality[0] != '\0')
		rel |= REL_HOME_MUNICIPALITY;
	if (it->assigned)
		rel |= REL_ASSIGNED;
	return rel;
}

/* Decrypt the names a list may show, all reads in one transaction (one commit). With match,
 * rows whose name does not contain it are dropped. */
static int fill_names(struct request *req, struct casework_client_list *l, const char *match,
                      struct nrs_error *err)
{
	struct clientsvc_actor actor;
	struct casequery_scope sc;
	char *needle = NULL;
	size_t kept = 0;
	int rc;

	l->names = casequery_scope_of(&req->acc, &sc) == 0 && sc.organisation_id > 0 &&
	           casework_sees_content(req, REL_ANY | REL_OWN_ORG);
	if (!l->names)
		return 0;
	casework_actor(req, &actor);
	if (match != NULL) {
		needle = req_strdup(req, match);
		if (needle == NULL)
			return NRS_ENOMEM;
		fold_case(needle);
	}
	rc = store_tx_begin(req->st);
	if (rc != 0)
		return nrs_error_set(err, rc, "", "databasen är upptagen; försök igen");
	for (size_t i = 0; rc == 0 && i < l->n; i++) {
		struct casework_client_item *it = &l->v[i];
		struct client_view *v = NULL;
		size_t n;
		char *name;

		if (it->protected_identity || !it->assigned ||
		    casework_identity_for(req, list_relations(it, &sc), 0) != IDENTITY_SHOWN) {
			if (match == NULL)
				l->v[kept++] = *it;
			continue;
		}
		rc = clientsvc_get(req->st, req->keys, &actor, it->id, NULL, &v, err);
		if (rc != 0)
			break;
		n = strlen(v->first_name) + 1 + strlen(v->last_name) + 1;
		name = req_alloc(req, n);
		if (name == NULL) {
			rc = NRS_ENOMEM;
		} else {
			snprintf(name, n, "%s %s", v->first_name, v->last_name);
			it->name = name;
		}
		clientsvc_view_free(v);
		if (rc == 0 && needle != NULL) {
			char *folded = req_strdup(req, name);

			if (folded == NULL) {
				rc = NRS_ENOMEM;
				break;
			}
			fold_case(folded);
			if (strstr(folded, needle) != NULL)
				l->v[kept++] = *it;
		} else if (rc == 0) {
			l->v[kept++] = *it;
		}
	}
	if (rc != 0) {
		store_tx_rollback(req->st);
		return rc;
	}
	l->n = kept;
	rc = store_tx_commit(req->st);
	return rc != 0 ? nrs_error_set(err, rc, "", "loggen kan inte skrivas") : 0;
}

int casework_clients_load(struct request *req, struct cq_client_filter *f,
                          struct casework_client_list *l, struct nrs_error *err)
{
	struct clientsvc_actor actor;
	struct collect_ctx c = {req, l};
	int rc;

	memset(l, 0, sizeof(*l));
	casework_actor(req, &actor);
	rc = casequery_clients(req->st, req->keys, &actor, &req->acc, f, collect_client, &c,
	                       &l->total, err);
	if (rc == 0)
		rc = fill_names(req, l, NULL, err);
	return rc;
}

/* How many of the user's assigned clients a name search decrypts at most. */
#define NAME_SEARCH_MAX 500

int casework_clients_by_name(struct request *req, const char *query, struct casework_client_list *l,
                             struct nrs_error *err)
{
	struct cq_client_filter f = {0};
	struct clientsvc_actor actor;
	struct collect_ctx c = {req, l};
	int rc;

	memset(l, 0, sizeof(*l));
	casework_actor(req, &actor);
	f.assigned_only = 1;
	f.limit = NAME_SEARCH_MAX;
	rc = casequery_clients(req->st, req->keys, &actor, &req->acc, &f, collect_client, &c,
	                       &l->total, err);
	if (rc == 0)
		rc = fill_names(req, l, query, err);
	if (rc == 0 && !l->names)
		l->n = 0; /* no names for this user: nothing can match */
	l->total = (int64_t)l->n;
	return rc;
}

void casework_clients_free(struct casework_client_list *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* ---- small renderers ---- */

/* The client's roles in the vocabulary's order (the store gives them in name order). */
static void put_roles(struct html *h, const char *roles)
{
	bool first = true;

	for (const struct casework_label *r = casework_client_roles; r->key; r++) {
		const char *p = roles;
		size_t n = strlen(r->key);
		bool has = false;

		while (p != NULL && *p && !has) {
			size_t len = strcspn(p, ",");

			has = len == n && strncmp(p, r->key, n) == 0;
			p += len;
			if (*p == ',')
				p++;
		}
		if (!has)
			continue;
		if (!first)
			html_raw_trusted(h, ", ");
		html_text(h, r->label);
		first = false;
	}
}

/* "YYYYMMDD-NNNN" from the 12-digit normal form. */
static void put_pnr(struct html *h, const char *pnr)
{
	if (pnr == NULL || strlen(pnr) != 12) {
		html_text(h, pnr);
		return;
	}
	html_textn(h, pnr, 8);
	html_raw_trusted(h, "-");
	html_text(h, pnr + 8);
}

static void client_table(struct html *h, const struct request *req,
                         const struct casework_client_list *l, const char *caption, bool sortable,
                         size_t key, bool desc)
{
	static const char *const keys[] = {"kod", "fodelsear", "hemkommun", "kon"};

	html_raw_trusted(h, "<table>\n<caption>");
	html_text(h, caption);
	html_raw_trusted(h, " (");
	html_int(h, l->total);
	html_raw_trusted(h, " st)</caption>\n<thead><tr>\n");
	if (sortable)
		listing_sort_th(h, req, "/clients", "Kod", keys[0], key == 0, desc);
	else
		html_raw_trusted(h, "<th scope=\"col\">Kod</th>\n");
	if (l->names)
		html_raw_trusted(h, "<th scope=\"col\">Namn</th>\n");
	if (sortable) {
		listing_sort_th(h, req, "/clients", "Kön", keys[3], key == 3, desc);
		listing_sort_th(h, req, "/clients", "Födelseår", keys[1], key == 1, desc);
		listing_sort_th(h, req, "/clients", "Hemkommun", keys[2], key == 2, desc);
	} else {
		html_raw_trusted(h, "<th scope=\"col\">Kön</th>\n<th scope=\"col\">Födelseår</th>\n"
		                    "<th scope=\"col\">Hemkommun</th>\n");
	}
	html_raw_trusted(h, "<th scope=\"col\">Roller</th>\n<th scope=\"col\">Öppet ärende</th>\n"
	                    "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < l->n; i++) {
		const struct casework_client_item *it = &l->v[i];

		html_raw_trusted(h, "<tr><th scope=\"row\"><a href=\"/clients/");
		html_int(h, it->id);
		html_raw_trusted(h, "\">");
		html_text(h, it->code);
		html_raw_trusted(h, "</a></th>");
		if (l->names) {
			html_raw_trusted(h, "<td>");
			if (it->name != NULL)
				html_text(h, it->name);
			else if (it->protected_identity)
				html_raw_trusted(h, "<em>Skyddade personuppgifter</em>");
			else
				html_raw_trusted(h, "–");
			html_raw_trusted(h, "</td>");
		}
		html_raw_trusted(h, "<td>");
		html_text(h, casework_label_of(casework_genders, it->gender));
		html_raw_trusted(h, "</td><td>");
		html_int(h, it->birth_year);
		html_raw_trusted(h, "</td><td>");
		html_text(h, it->municipality_name);
		html_raw_trusted(h, "</td><td>");
		put_roles(h, it->roles);
		html_raw_trusted(h, "</td><td>");
		if (it->open_case_id > 0) {
			html_raw_trusted(h, "<a href=\"/cases/");
			html_int(h, it->open_case_id);
			html_raw_trusted(h, "\">Ärende ");
			html_int(h, it->open_case_id);
			html_raw_trusted(h, "</a>");
		} else {
			html_raw_trusted(h, "–");
		}
		html_raw_trusted(h, "</td></tr>\n");
	}
	if (l->n == 0) {
		html_raw_trusted(h, l->names ? "<tr><td colspan=\"7\">" : "<tr><td colspan=\"6\">");
		html_raw_trusted(h, "Inga klienter.</td></tr>\n");
	}
	html_raw_trusted(h, "</tbody>\n</table>\n");
}

/* ---- GET /clients, POST /clients/search ---- */

static const char *const client_sort_keys[] = {"kod", "fodelsear", "hemkommun", "kon"};

struct search_form {
	const char *pnr, *name;
	const char *e_pnr, *e_name;
	const struct casework_client_list *results; /* name search results, or NULL */
};

/* Normalised code filter (upper case) in request memory; NULL when absent. */
static const char *code_filter(struct request *req)
{
	const char *q = form_get(&req->query, "kod");
	char *code;

	if (q == NULL || q[0] == '\0')
		return NULL;
	code = req_strdup(req, q);
	if (code == NULL)
		return NULL;
	str_trim(code);
	for (char *p = code; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 32);
	return code;
}

static void search_forms(struct html *h, const struct request *req, const struct search_form *s,
                         bool names)
{
	const char *code = form_get(&req->query, "kod");

	html_raw_trusted(h, "<section aria-labelledby=\"sok\"><h2 id=\"sok\">Sök klient</h2>\n"
	                    "<form method=\"get\" action=\"/clients\" class=\"filter\">\n");
	field_input(h, "kod", "Klientkod (t.ex. K-2026-0042)", "text", code, NULL, "off", false);
	field_checkbox(h, "oppna", "1", "Bara klienter med öppet ärende",
	               form_get(&req->query, "oppna") != NULL);
	if (names)
		field_checkbox(h, "mina", "1", "Bara mina klienter",
		               form_get(&req->query, "mina") != NULL);
	html_raw_trusted(h, "<p><button type=\"submit\">Visa</button></p>\n</form>\n"
	                    "<form method=\"post\" action=\"/clients/search\" class=\"filter\">\n");
	html_csrf_input(h, req->csrf);
	field_input(h, "personnummer", "Personnummer eller samordningsnummer (ÅÅÅÅMMDD-NNNN)",
	            "text", s->pnr, s->e_pnr, "off", false);
	html_raw_trusted(h, "<p><button type=\"submit\">Sök på personnummer</button></p>\n"
	                    "</form>\n");
	if (names) {
		html_raw_trusted(h, "<form method=\"post\" action=\"/clients/search\" "
		                    "class=\"filter\">\n");
		html_csrf_input(h, req->csrf);
		field_input(h, "namn", "Namn (bland klienter i dina ärenden)", "text", s->name,
		            s->e_name, "off", false);
		html_raw_trusted(h,
		                 "<p><button type=\"submit\">Sök på namn</button></p>\n</form>\n");
	}
	html_raw_trusted(h, "</section>\n");
}

/* The list page, with the search forms' state s (values, errors, name results). */
static int render_list(struct request *req, struct response *resp, int status,
                       const struct search_form *s)
{
	struct cq_client_filter f = {0};
	struct casework_client_list l = {0};
	struct nrs_error err = {0};
	struct html h;
	size_t key = 0;
	bool desc = false, names;
	int64_t page = 1;
	int rc;

	rc = listing_sort_param(req, client_sort_keys, 4, &key, &desc);
	if (rc == 0)
		rc = listing_page_param(req, &page);
	if (rc != 0)
		return rc;
	f.code = code_filter(req);
	f.open_only = form_get(&req->query, "oppna") != NULL;
	f.assigned_only = form_get(&req->query, "mina") != NULL;
	f.sort = (enum cq_client_sort)key;
	f.desc = desc;
	f.limit = LISTING_PER_PAGE;
	f.offset = (page - 1) * LISTING_PER_PAGE;
	rc = casework_clients_load(req, &f, &l, &err);
	if (rc == 0 && l.n == 0 && l.total > 0) {
		/* past the last page: show the last one */
		page = (l.total + LISTING_PER_PAGE - 1) / LISTING_PER_PAGE;
		f.offset = (page - 1) * LISTING_PER_PAGE;
		casework_clients_free(&l);
		rc = casework_clients_load(req, &f, &l, &err);
	}
	if (rc != 0)
		goto out;
	names = l.names;

	resp->status = status;
	html_init(&h, &resp->body);
	layout_begin(&h, req, "Klienter");
	html_raw_trusted(&h, "<h1>Klienter</h1>\n");
	if (policy_allows_some(req->acc.roles, REC_CLIENT, ACT_CREATE))
		html_raw_trusted(
		    &h, "<p><a class=\"button\" href=\"/clients/new\">Ny klient</a></p>\n");
	if (s->e_pnr || s->e_name)
		layout_alert(&h, "Sökningen gav ingen träff. Se meddelandet vid fältet nedan.");
	search_forms(&h, req, s, names);
	if (s->results != NULL) {
		html_raw_trusted(&h, "<h2>Sökresultat</h2>\n");
		client_table(&h, req, s->results, "Klienter vars namn matchar", false, 0, false);
	}
	html_raw_trusted(&h, "<h2>Alla klienter</h2>\n");
	if (!names)
		html_raw_trusted(&h,
		                 "<p>Listan visar klienter med hemkommun i din kommun. Namn och "
		                 "personnummer visas inte.</p>\n");
	client_table(&h, req, &l, "Klienter", true, key, desc);
	listing_pager(&h, req, "/clients", page, l.total, LISTING_PER_PAGE);
	layout_end(&h);
	rc = h.err;
out:
	casework_clients_free(&l);
	return rc;
}

static int clients_list_get(struct request *req, struct response *resp)
{
	struct search_form s = {0};

	return render_list(req, resp, 200, &s);
}

static int clients_search_post(struct request *req, struct response *resp)
{
	struct search_form s = {0};
	struct casework_client_list l = {0};
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct cq_client c;
	unsigned rel;
	int64_t id = 0;
	char loc[48];
	int rc;

	s.pnr = form_get_unique(&req->form, "personnummer");
	s.name = form_get_unique(&req->form, "namn");
	if (s.pnr != NULL && s.pnr[0] != '\0') {
		/* the number is validated by pnr_parse inside the service and looked up by its
		 * blind index; it is never logged and never put in a URL */
		casework_actor(req, &actor);
		rc = clientsvc_find_by_pnr(req->st, req->keys, &actor, s.pnr, &id, &err);
		if (rc == NRS_EINVAL) {
			s.e_pnr = casework_pnr_message(req, err.msg);
			return render_list(req, resp, 422, &s);
		}
		if (rc == 0)
			rc = casequery_client(req->st, &req->acc, id, &c, &rel);
		/* a client the user may not see is answered like one that is not there */
		if (rc == 0 && !policy_allows(req->acc.roles, rel, REC_CLIENT, ACT_READ))
			rc = NRS_ENOTFOUND;
		if (rc == NRS_ENOTFOUND) {
			s.e_pnr = "Ingen av dina klienter har det personnumret.";
			return render_list(req, resp, 404, &s);
		}
		if (rc != 0)
			return rc;
		snprintf(loc, sizeof(loc), "/clients/%" PRId64, id);
		return response_redirect(resp, loc);
	}
	if (s.name != NULL && s.name[0] != '\0') {
		rc = casework_clients_by_name(req, s.name, &l, &err);
		if (rc == 0) {
			if (l.n == 0)
				s.e_name = "Ingen klient i dina ärenden har ett sådant namn.";
			s.results = &l;
			rc = render_list(req, resp, l.n == 0 ? 404 : 200, &s);
		}
		casework_clients_free(&l);
		return rc;
	}
	s.e_pnr = "Fyll i personnummer (eller namn i sökningen på namn).";
	return render_list(req, resp, 422, &s);
}

/* ---- GET/POST /clients/new ---- */

struct client_form {
	const char *pnr, *birth_year, *first, *last, *gender, *municipality, *contact;
	unsigned roles;
	bool protected_identity;
	const char *e_pnr, *e_year, *e_first, *e_last, *e_gender, *e_municipality, *e_roles,
	    *e_contact, *e_general;
	int64_t duplicate_id;
};

static bool client_form_has_error(const struct client_form *f)
{
	return f->e_pnr || f->e_year || f->e_first || f->e_last || f->e_gender ||
	       f->e_municipality || f->e_roles || f->e_contact || f->e_general;
}

static int render_client_form(struct request *req, struct response *resp, int status,
                              const struct client_form *f)
{
	struct casework_options munis;
	struct html h;
	int rc = casework_municipality_options(req, &munis);

	if (rc != 0)
		goto out;
	resp->status = status;
	html_init(&h, &resp->body);
	layout_begin(&h, req, "Ny klient");
	html_raw_trusted(&h, "<h1>Ny klient</h1>\n");
	if (client_form_has_error(f)) {
		html_raw_trusted(&h, "<div class=\"alert\" role=\"alert\"><p>");
		html_text(&h, f->e_general
		                  ? f->e_general
		                  : "Klienten registrerades inte. Rätta uppgifterna som är "
		                    "markerade nedan.");
		if (f->duplicate_id > 0) {
			html_raw_trusted(&h, " <a href=\"/clients/");
			html_int(&h, f->duplicate_id);
			html_raw_trusted(&h, "\">Gå till den registrerade klienten</a>");
		}
		html_raw_trusted(&h, "</p></div>\n");
	}
	html_raw_trusted(&h, "<p>Ange personnummer eller, om klienten saknar det eller vill vara "
	                     "anonym, bara födelseår. Klienten får en kod (K-ÅÅÅÅ-NNNN) som "
	                     "används överallt där namnet inte behövs.</p>\n"
	                     "<form method=\"post\" action=\"/clients/new\" class=\"form\">\n");
	html_csrf_input(&h, req->csrf);
	field_input(&h, "personnummer", "Personnummer eller samordningsnummer (ÅÅÅÅMMDD-NNNN)",
	            "text", f->pnr, f->e_pnr, "off", false);
	if (f->duplicate_id > 0) {
		html_raw_trusted(&h, "<p><a href=\"/clients/");
		html_int(&h, f->duplicate_id);
		html_raw_trusted(&h, "\">Klienten med det personnumret</a></p>\n");
	}
	field_input(&h, "fodelsear", "Födelseår (om personnummer saknas)", "text", f->birth_year,
	            f->e_year, "off", false);
	field_input(&h, "fornamn", "Förnamn", "text", f->first, f->e_first, "off", true);
	field_input(&h, "efternamn", "Efternamn", "text", f->last, f->e_last, "off", true);
	field_select_open(&h, "kon", "Kön", f->e_gender, "Välj kön");
	for (const struct casework_label *g = casework_genders; g->key; g++)
		field_option(&h, g->key, g->label, f->gender && strcmp(f->gender, g->key) == 0);
	field_select_close(&h);
	field_select_open(&h, "hemkommun", "Hemkommun", f->e_municipality, "Välj hemkommun");
	for (size_t i = 0; i < munis.n; i++)
		field_option(&h, munis.v[i].key, munis.v[i].label,
		             f->municipality && strcmp(f->municipality, munis.v[i].key) == 0);
	field_select_close(&h);
	html_raw_trusted(&h, f->e_roles ? "<fieldset class=\"field has-error\" "
	                                  "aria-describedby=\"e-roll\">\n<legend>Roll</legend>\n"
	                                : "<fieldset class=\"field\">\n<legend>Roll</legend>\n");
	field_error(&h, "roll", f->e_roles);
	for (size_t i = 0; casework_client_roles[i].key; i++)
		field_checkbox(&h, "roll", casework_client_roles[i].key,
		               casework_client_roles[i].label,
		               (f->roles & casework_role_bit(casework_client_roles[i].key)) != 0);
	html_raw_trusted(&h, "</fieldset>\n<fieldset class=\"field\">\n<legend>Skyddade "
	                     "personuppgifter</legend>\n");
	field_checkbox(&h, "skyddad", "1",
	               "Klienten har skyddade personuppgifter (namn, personnummer och "
	               "kontaktuppgifter visas bara för tilldelad personal, efter angivet skäl)",
	               f->protected_identity);
	html_raw_trusted(&h, "</fieldset>\n");
	field_textarea(&h, "kontakt", "Kontaktuppgifter (telefon, hur klienten vill bli nådd)",
	               f->contact, f->e_contact, 3, false);
	html_raw_trusted(&h, "<p><button type=\"submit\">Registrera klient</button> "
	                     "<a href=\"/clients\">Avbryt</a></p>\n</form>\n");
	layout_end(&h);
	rc = h.err;
out:
	casework_options_free(&munis);
	return rc;
}

static int clients_new_get(struct request *req, struct response *resp)
{
	struct client_form f = {0};

	return render_client_form(req, resp, 200, &f);
}

/* Put a service error beside its field. */
static void client_form_error(struct request *req, struct client_form *f,
                              const struct nrs_error *err)
{
	const char *msg = casework_sentence(req, err->msg);

	if (strcmp(err->field, "personnummer") == 0)
		f->e_pnr = casework_pnr_message(req, err->msg);
	else if (strcmp(err->field, "fodelsear") == 0)
		f->e_year = msg;
	else if (strcmp(err->field, "fornamn") == 0)
		f->e_first = msg;
	else if (strcmp(err->field, "efternamn") == 0)
		f->e_last = msg;
	else if (strcmp(err->field, "kon") == 0)
		f->e_gender = msg;
	else if (strcmp(err->field, "hemkommun") == 0)
		f->e_municipality = msg;
	else if (strcmp(err->field, "roll") == 0)
		f->e_roles = msg;
	else if (strcmp(err->field, "kontakt") == 0)
		f->e_contact = msg;
	else
		f->e_general = msg;
}

static int clients_new_post(struct request *req, struct response *resp)
{
	struct client_form f = {0};
	struct client_input in = {0};
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	char code[CLIENT_CODE_MAX], loc[64];
	int64_t year = 0, id = 0;
	int rc;

	f.pnr = form_get_unique(&req->form, "personnummer");
	f.birth_year = form_get_unique(&req->form, "fodelsear");
	f.first = form_get_unique(&req->form, "fornamn");
	f.last = form_get_unique(&req->form, "efternamn");
	f.gender = form_get_unique(&req->form, "kon");
	f.municipality = form_get_unique(&req->form, "hemkommun");
	f.contact = form_get_unique(&req->form, "kontakt");
	f.protected_identity = form_get(&req->form, "skyddad") != NULL;
	for (size_t i = 0; i < req->form.n; i++) {
		unsigned bit;

		if (strcmp(req->form.fields[i].name, "roll") != 0)
			continue;
		bit = casework_role_bit(req->form.fields[i].value);
		if (bit == 0)
			f.e_roles = "Okänd roll.";
		f.roles |= bit;
	}
	/* what can be checked without the register, all at once */
	if (f.birth_year != NULL && f.birth_year[0] != '\0' &&
	    str_to_i64(f.birth_year, 1000, 9999, &year) != 0)
		f.e_year = "Födelseåret ska vara ett år med fyra siffror.";
	if ((f.pnr == NULL || f.pnr[0] == '\0') &&
	    (f.birth_year == NULL || f.birth_year[0] == '\0'))
		f.e_pnr = "Fyll i personnummer, eller födelseår om klienten saknar personnummer.";
	if (f.first == NULL || f.first[0] == '\0')
		f.e_first = "Fyll i förnamnet.";
	if (f.last == NULL || f.last[0] == '\0')
		f.e_last = "Fyll i efternamnet.";
	if (f.gender == NULL || casework_label_of(casework_genders, f.gender) == f.gender)
		f.e_gender = "Välj kön: kvinna, man eller annat.";
	if (f.municipality == NULL || f.municipality[0] == '\0')
		f.e_municipality = "Välj hemkommun.";
	if (f.roles == 0 && f.e_roles == NULL)
		f.e_roles = "Välj minst en roll.";
	if (client_form_has_error(&f))
		return render_client_form(req, resp, 422, &f);

	in.first_name = f.first;
	in.last_name = f.last;
	in.pnr = f.pnr;
	in.birth_year = (int)year;
	in.gender = f.gender;
	in.home_municipality = f.municipality;
	in.roles = f.roles;
	in.protected_identity = f.protected_identity;
	in.contact = f.contact;
	casework_actor(req, &actor);
	rc = clientsvc_register(req->st, req->keys, &actor, &in, &id, code, &err);
	if (rc == NRS_EEXIST) {
		f.duplicate_id = id;
		f.e_pnr = "Det finns redan en klient med det personnumret.";
		f.e_general = "Klienten är redan registrerad. Ingen ny klient har skapats.";
		return render_client_form(req, resp, 422, &f);
	}
	if (rc == NRS_EINVAL || rc == NRS_ETOOBIG) {
		client_form_error(req, &f, &err);
		return render_client_form(req, resp, 422, &f);
	}
	if (rc != 0)
		return rc;
	snprintf(loc, sizeof(loc), "/clients/%" PRId64 "?klart=registrerad", id);
	return response_redirect(resp, loc);
}

/* ---- GET /clients/:id and what is posted to it ---- */

struct client_page {
	struct cq_client c;
	unsigned rel;
	const struct client_view *v; /* decrypted identity, or NULL */
	const char *reason, *e_reason;
	const char *rel_kind, *rel_code, *e_rel_kind, *e_rel_code;
	const char *done;
};

struct case_rows_ctx {
	struct html *h;
	size_t n;
};

static int put_case_row(const struct cq_case_row *row, void *vctx)
{
	struct case_rows_ctx *c = vctx;

	html_raw_trusted(c->h, "<tr><th scope=\"row\"><a href=\"/cases/");
	html_int(c->h, row->id);
	html_raw_trusted(c->h, "\">Ärende ");
	html_int(c->h, row->id);
	html_raw_trusted(c->h, "</a></th><td>");
	html_text(c->h, row->opened);
	html_raw_trusted(c->h, "</td><td>");
	if (row->closed)
		html_text(c->h, row->closed);
	else
		html_raw_trusted(c->h, "Öppet");
	html_raw_trusted(c->h, "</td><td>");
	html_text(c->h, casework_label_of(casework_sources, row->referral_source));
	html_raw_trusted(c->h, "</td></tr>\n");
	c->n++;
	return 0;
}

static int put_cases(struct request *req, struct html *h, const struct client_page *p)
{
	struct cq_case_filter f = {0};
	struct case_rows_ctx c = {h, 0};
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	int64_t total = 0;
	int rc;

	casework_actor(req, &actor);
	f.client_id = p->c.id;
	f.limit = 100;
	html_raw_trusted(h, "<section aria-labelledby=\"arenden\"><h2 id=\"arenden\">Ärenden</h2>\n"
	                    "<table>\n<caption>Klientens ärenden</caption>\n<thead><tr>"
	                    "<th scope=\"col\">Ärende</th><th scope=\"col\">Öppnat</th>"
	                    "<th scope=\"col\">Avslutat</th><th scope=\"col\">Kontakt via</th>"
	                    "</tr></thead>\n<tbody>\n");
	rc = casequery_cases(req->st, req->keys, &actor, &req->acc, &f, put_case_row, &c, &total,
	                     &err);
	if (rc != 0)
		return rc;
	if (c.n == 0)
		html_raw_trusted(h, "<tr><td colspan=\"4\">Inga ärenden.</td></tr>\n");
	html_raw_trusted(h, "</tbody>\n</table>\n</section>\n");
	return 0;
}

static int put_relation(const struct cq_relation_row *row, void *vctx)
{
	struct case_rows_ctx *c = vctx;

	html_raw_trusted(c->h, "<li>");
	html_text(c->h, casework_relation_label(row->kind, row->reverse));
	html_raw_trusted(c->h, " <a href=\"/clients/");
	html_int(c->h, row->other_id);
	html_raw_trusted(c->h, "\">");
	html_text(c->h, row->other_code);
	html_raw_trusted(c->h, "</a></li>\n");
	c->n++;
	return 0;
}

static int put_relations(struct request *req, struct html *h, const struct client_page *p)
{
	struct case_rows_ctx c = {h, 0};
	int rc;

	html_raw_trusted(h, "<section aria-labelledby=\"relationer\"><h2 id=\"relationer\">"
	                    "Relationer till andra klienter</h2>\n<ul>\n");
	rc = casequery_relations(req->st, p->c.id, put_relation, &c);
	if (rc != 0)
		return rc;
	if (c.n == 0)
		html_raw_trusted(h, "<li>Inga registrerade relationer.</li>\n");
	html_raw_trusted(h, "</ul>\n");
	if (policy_allows(req->acc.roles, p->rel, REC_CLIENT, ACT_UPDATE)) {
		html_raw_trusted(h, "<form method=\"post\" action=\"/clients/");
		html_int(h, p->c.id);
		html_raw_trusted(h, "/relations\" class=\"form\">\n");
		html_csrf_input(h, req->csrf);
		field_select_open(h, "relation", "Den här klienten är", p->e_rel_kind,
		                  "Välj relation");
		for (const struct casework_label *k = casework_relation_kinds; k->key; k++)
			field_option(h, k->key, k->label,
			             p->rel_kind && strcmp(p->rel_kind, k->key) == 0);
		field_select_close(h);
		field_input(h, "kod", "Den andra klientens kod", "text", p->rel_code, p->e_rel_code,
		            "off", true);
		html_raw_trusted(h, "<p><button type=\"submit\">Lägg till relation</button></p>\n"
		                    "</form>\n");
	}
	html_raw_trusted(h, "</section>\n");
	return 0;
}

static void put_identity(struct html *h, const struct client_view *v)
{
	html_raw_trusted(h, "<dt>Namn</dt><dd>");
	html_text(h, v->first_name);
	html_raw_trusted(h, " ");
	html_text(h, v->last_name);
	html_raw_trusted(h, "</dd>\n<dt>Personnummer</dt><dd>");
	if (v->pnr != NULL)
		put_pnr(h, v->pnr);
	else
		html_raw_trusted(h, "Saknas (bara födelseår)");
	html_raw_trusted(h, "</dd>\n");
	if (v->birth_date != NULL) {
		html_raw_trusted(h, "<dt>Födelsedatum</dt><dd>");
		html_text(h, v->birth_date);
		html_raw_trusted(h, "</dd>\n");
	}
	html_raw_trusted(h, "<dt>Kontaktuppgifter</dt><dd>");
	if (v->contact != NULL)
		html_text(h, v->contact);
	else
		html_raw_trusted(h, "–");
	html_raw_trusted(h, "</dd>\n");
}

static void put_reveal_form(struct html *h, const struct request *req, const struct client_page *p)
{
	html_raw_trusted(h, "<section aria-labelledby=\"skyddat\" class=\"panel\"><h2 "
	                    "id=\"skyddat\">Visa skyddade uppgifter</h2>\n<p>Klienten har "
	                    "skyddade personuppgifter. Du är tilldelad klientens ärende och kan "
	                    "se namn, personnummer och kontaktuppgifter, men måste först ange "
	                    "varför. Skälet sparas i loggen.</p>\n<form method=\"post\" "
	                    "action=\"/clients/");
	html_int(h, p->c.id);
	html_raw_trusted(h, "/reveal\" class=\"form\">\n");
	html_csrf_input(h, req->csrf);
	field_textarea(h, "skal", "Skäl", p->reason, p->e_reason, 2, true);
	html_raw_trusted(h, "<p><button type=\"submit\">Visa skyddade uppgifter</button></p>\n"
	                    "</form>\n</section>\n");
}

static void put_latest_risk(struct request *req, struct html *h, const struct client_page *p)
{
	enum risk_level level;
	char assessed[11];
	int64_t org = req->acc.organisation_id;
	int rc = risksvc_latest_client(req->st, p->c.id, org, &level, assessed);

	html_raw_trusted(h, "<dt>Senaste riskbedömning</dt><dd>");
	if (rc == 0) {
		html_text(h, risk_level_label(level));
		html_raw_trusted(h, " (");
		html_text(h, assessed);
		html_raw_trusted(h, ")");
	} else {
		html_raw_trusted(h, "Ingen riskbedömning");
	}
	html_raw_trusted(h, "</dd>\n");
}

static int render_client(struct request *req, struct response *resp, int status,
                         const struct client_page *p)
{
	enum casework_identity idm = casework_identity_for(req, p->rel, p->c.protected_identity);
	bool content = casework_sees_content(req, p->rel);
	struct html h;
	char title[40];
	int rc;

	snprintf(title, sizeof(title), "Klient %s", p->c.code);
	resp->status = status;
	html_init(&h, &resp->body);
	layout_begin(&h, req, title);
	html_raw_trusted(&h, "<h1>Klient ");
	html_text(&h, p->c.code);
	html_raw_trusted(&h, "</h1>\n");
	if (p->done && strcmp(p->done, "registrerad") == 0)
		layout_notice(&h, "Klienten är registrerad.");
	if (p->done && strcmp(p->done, "relation") == 0)
		layout_notice(&h, "Relationen är sparad.");
	if (p->e_rel_kind || p->e_rel_code)
		layout_alert(&h,
		             "Relationen sparades inte. Rätta uppgifterna som är markerade nedan.");
	if (p->c.protected_identity)
		html_raw_trusted(&h, "<p class=\"lead\"><strong>Skyddade personuppgifter.</strong> "
		                     "Namn, personnummer och kontaktuppgifter visas bara för "
		                     "personal som är tilldelad klientens ärende, efter angivet "
		                     "skäl.</p>\n");
	html_raw_trusted(&h, "<dl class=\"facts\">\n<dt>Kod</dt><dd>");
	html_text(&h, p->c.code);
	html_raw_trusted(&h, "</dd>\n");
	if (p->v != NULL)
		put_identity(&h, p->v);
	html_raw_trusted(&h, "<dt>Kön</dt><dd>");
	html_text(&h, casework_label_of(casework_genders, p->c.gender));
	html_raw_trusted(&h, "</dd>\n<dt>Födelseår</dt><dd>");
	html_int(&h, p->c.birth_year);
	html_raw_trusted(&h, "</dd>\n<dt>Hemkommun</dt><dd>");
	html_text(&h, p->c.municipality_name);
	html_raw_trusted(&h, "</dd>\n<dt>Roller</dt><dd>");
	put_roles(&h, p->c.roles);
	html_raw_trusted(&h, "</dd>\n");
	if (policy_allows(req->acc.roles, p->rel, REC_RISK, ACT_READ))
		put_latest_risk(req, &h, p);
	html_raw_trusted(&h, "</dl>\n");
	if (idm == IDENTITY_REVEAL && p->v == NULL)
		put_reveal_form(&h, req, p);
	rc = put_cases(req, &h, p);
	if (rc == 0 && policy_allows(req->acc.roles, p->rel, REC_CASE, ACT_CREATE)) {
		html_raw_trusted(&h, "<p><a class=\"button\" href=\"/cases/new?client=");
		html_int(&h, p->c.id);
		html_raw_trusted(&h, "\">Öppna nytt ärende</a></p>\n");
	}
	if (rc == 0 && content)
		rc = put_relations(req, &h, p);
	if (rc != 0)
		return rc;
	html_raw_trusted(&h, "<p><a href=\"/clients\">Alla klienter</a></p>\n");
	layout_end(&h);
	return h.err;
}

/* Show the client: decrypting (and auditing) the identity when the user may see it now,
 * auditing a read of the plain facts otherwise. reason: for IDENTITY_REVEAL, or NULL. */
static int show_client(struct request *req, struct response *resp, int status,
                       struct client_page *p, const char *reason)
{
	enum casework_identity idm = casework_identity_for(req, p->rel, p->c.protected_identity);
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct client_view *v = NULL;
	int rc;

	casework_actor(req, &actor);
	if (idm == IDENTITY_SHOWN || (idm == IDENTITY_REVEAL && reason != NULL)) {
		rc = clientsvc_get(req->st, req->keys, &actor, p->c.id, reason, &v, &err);
	} else {
		rc = store_tx_begin(req->st);
		if (rc == 0) {
			rc = casequery_audit(req->st, req->keys, &actor, "read", "client", p->c.id,
			                     NULL, &err);
			if (rc == 0)
				rc = store_tx_commit(req->st);
			else
				store_tx_rollback(req->st);
		}
	}
	if (rc != 0)
		return rc;
	p->v = v;
	rc = render_client(req, resp, status, p);
	clientsvc_view_free(v);
	p->v = NULL;
	return rc;
}

static int client_view_get(struct request *req, struct response *resp)
{
	struct client_page p = {0};
	int rc =
	    casework_client_load(req, req_param(req, "id"), REC_CLIENT, ACT_READ, &p.c, &p.rel);

	if (rc != 0)
		return rc;
	p.done = form_get(&req->query, "klart");
	return show_client(req, resp, 200, &p, NULL);
}

static int client_reveal_post(struct request *req, struct response *resp)
{
	struct client_page p = {0};
	char loc[48], *reason;
	int rc =
	    casework_client_load(req, req_param(req, "id"), REC_CLIENT, ACT_READ, &p.c, &p.rel);

	if (rc != 0)
		return rc;
	if (!p.c.protected_identity) {
		snprintf(loc, sizeof(loc), "/clients/%" PRId64, p.c.id);
		return response_redirect(resp, loc);
	}
	/* R5: only staff assigned to the client's case may open a protected identity */
	if (casework_identity_for(req, p.rel, 1) != IDENTITY_REVEAL)
		return NRS_EDENIED;
	p.reason = form_get_unique(&req->form, "skal");
	reason = p.reason != NULL ? req_strdup(req, p.reason) : NULL;
	if (reason == NULL || str_trim(reason)[0] == '\0') {
		p.e_reason = "Ange skälet till att du öppnar de skyddade uppgifterna.";
		return show_client(req, resp, 422, &p, NULL);
	}
	if (strlen(p.reason) > CLIENT_REASON_MAX_BYTES) {
		p.e_reason = "Skälet får vara högst 1000 byte.";
		return show_client(req, resp, 422, &p, NULL);
	}
	return show_client(req, resp, 200, &p, reason);
}

static int client_relation_post(struct request *req, struct response *resp)
{
	struct client_page p = {0};
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	const struct casework_label *k;
	char *code = NULL, loc[64];
	int64_t other = 0;
	int rc =
	    casework_client_load(req, req_param(req, "id"), REC_CLIENT, ACT_UPDATE, &p.c, &p.rel);

	if (rc != 0)
		return rc;
	p.rel_kind = form_get_unique(&req->form, "relation");
	p.rel_code = form_get_unique(&req->form, "kod");
	for (k = casework_relation_kinds; k->key; k++)
		if (p.rel_kind && strcmp(p.rel_kind, k->key) == 0)
			break;
	if (k->key == NULL)
		p.e_rel_kind = "Välj en relation.";
	if (p.rel_code == NULL || p.rel_code[0] == '\0') {
		p.e_rel_code = "Fyll i den andra klientens kod.";
	} else {
		code = req_strdup(req, p.rel_code);
		if (code == NULL)
			return NRS_ENOMEM;
		str_trim(code);
		for (char *c = code; *c; c++)
			if (*c >= 'a' && *c <= 'z')
				*c = (char)(*c - 32);
		/* the other client must be one the user may change too */
		rc = casequery_client_by_code(req->st, &req->acc, code, &other);
		if (rc == NRS_ENOTFOUND) {
			p.e_rel_code = "Det finns ingen av dina klienter med den koden.";
		} else if (rc != 0) {
			return rc;
		} else {
			struct cq_client o;
			unsigned orel;

			rc = casequery_client(req->st, &req->acc, other, &o, &orel);
			if (rc != 0)
				return rc;
			if (!policy_allows(req->acc.roles, orel, REC_CLIENT, ACT_UPDATE))
				p.e_rel_code = "Det finns ingen av dina klienter med den koden.";
			else if (other == p.c.id)
				p.e_rel_code = "En klient kan inte ha en relation till sig själv.";
		}
	}
	if (p.e_rel_kind || p.e_rel_code)
		return show_client(req, resp, 422, &p, NULL);
	casework_actor(req, &actor);
	/* "this client is parent of the other" is stored as "the other is child of this" */
	if (strcmp(k->key, "parent_of") == 0)
		rc = clientsvc_relation_add(req->st, req->keys, &actor, other, p.c.id, "child_of",
		                            &err);
	else
		rc =
		    clientsvc_relation_add(req->st, req->keys, &actor, p.c.id, other, k->key, &err);
	if (rc == NRS_EINVAL) {
		p.e_rel_code = casework_sentence(req, err.msg);
		return show_client(req, resp, 422, &p, NULL);
	}
	if (rc != 0)
		return rc;
	snprintf(loc, sizeof(loc), "/clients/%" PRId64 "?klart=relation#relationer", p.c.id);
	return response_redirect(resp, loc);
}

/* /clients/new before /clients/:id: the first matching pattern wins. */
const struct route clients_routes[] = {
    {"GET", "/clients", clients_list_get, true, REC_CLIENT, ACT_LIST, 0},
    {"POST", "/clients/search", clients_search_post, true, REC_CLIENT, ACT_LIST, 0},
    {"GET", "/clients/new", clients_new_get, true, REC_CLIENT, ACT_CREATE, 0},
    {"POST", "/clients/new", clients_new_post, true, REC_CLIENT, ACT_CREATE, 0},
    {"GET", "/clients/:id", client_view_get, true, REC_CLIENT, ACT_READ, 0},
    {"POST", "/clients/:id/reveal", client_reveal_post, true, REC_CLIENT, ACT_READ, 0},
    {"POST", "/clients/:id/relations", client_relation_post, true, REC_CLIENT, ACT_UPDATE, 0},
};
ROUTE_TABLE_COUNT(clients);
