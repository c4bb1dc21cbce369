/* The queue (R9): GET /queue?type=KEY, one tab per intervention type, of who waits (client
 * code only), since when and how many days as of today, longest wait first; the start-page
 * panels "Kö" (counts per type and the longest wait) and "Klienter vid centrumet utan
 * biståndsbeslut" for municipal officers. The centre sees its own queue; a municipal officer
 * sees the waiting clients of their own municipality. */
#include "web/pages/interventions.h"
#include "web/pages/panels.h"

#include "base/date.h"
#include "base/str.h"
#include "security/roles.h"
#include "store/intervention.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/listing.h"
#include "web/response.h"
#include "web/router.h"

#include <stdlib.h>
#include <string.h>

/* One waiting intervention, copied into request memory. */
struct wait_item {
	int64_t intervention_id;
	const char *code, *type, *type_label, *requested, *basis;
	int64_t days;
};

struct wait_list {
	struct request *req;
	struct wait_item *v;
	size_t n, cap;
};

static int add_item(struct wait_list *l, int64_t id, const char *code, const char *type,
                    const char *label, const char *requested, const char *basis, int64_t days)
{
	struct wait_item *nv = listing_grow(l->v, l->n, &l->cap, sizeof(*nv)), *it;

	if (nv == NULL)
		return NRS_ENOMEM;
	l->v = nv;
	it = &l->v[l->n];
	it->intervention_id = id;
	it->days = days;
	it->code = req_strdup(l->req, code);
	it->type = req_strdup(l->req, type);
	it->type_label = req_strdup(l->req, label);
	it->requested = req_strdup(l->req, requested);
	it->basis = req_strdup(l->req, basis);
	if (!it->code || !it->type || !it->type_label || !it->requested || !it->basis)
		return NRS_ENOMEM;
	l->n++;
	return 0;
}

static int centre_cb(const struct queue_entry *e, void *ctx)
{
	return add_item(ctx, e->intervention_id, e->client_code, e->type, e->type_label,
	                e->requested, e->basis, e->days_waited);
}

static int muni_cb(const struct groupsvc_muni_entry *e, void *ctx)
{
	const struct followup_muni_row *r = e->row;

	return add_item(ctx, r->intervention_id, r->client_code, r->type, r->type_label,
	                r->requested, r->basis, e->days_waited);
}

/* Everyone waiting, longest first: the centre's own queue, or for a municipal officer the
 * clients of their municipality (the one relation that gives them the list). */
static int load_waiting(struct request *req, struct wait_list *l)
{
	struct nrs_error err = {0};
	struct iv_who w;

	iv_who_init(req, &w);
	if (policy_allows(req->acc.roles, REL_OWN_ORG | REL_ASSIGNED, REC_INTERVENTION, ACT_LIST))
		return clientsvc_queue(req->st, req->keys, &w.actor, NULL, &w.actor.today,
		                       centre_cb, l, &err);
	if (req->acc.municipality_code[0] != '\0' &&
	    policy_allows(req->acc.roles, REL_HOME_MUNICIPALITY, REC_INTERVENTION, ACT_LIST))
		return groupsvc_muni_list(req->st, req->keys, &w.actor, FOLLOWUP_MUNI_WAITING,
		                          req->acc.municipality_code, NULL, &w.actor.today, muni_cb,
		                          l, &err);
	return NRS_EDENIED;
}

struct type_item {
	const char *key, *label;
	int64_t count, longest;
};

struct type_list {
	struct request *req;
	struct type_item v[32];
	size_t n;
};

static int type_cb(const struct intervention_type_row *row, void *ctx)
{
	struct type_list *t = ctx;

	if (t->n >= sizeof(t->v) / sizeof(t->v[0]))
		return 0;
	t->v[t->n].key = req_strdup(t->req, row->key);
	t->v[t->n].label = req_strdup(t->req, row->label_sv);
	if (t->v[t->n].key == NULL || t->v[t->n].label == NULL)
		return NRS_ENOMEM;
	t->v[t->n].count = 0;
	t->v[t->n].longest = 0;
	t->n++;
	return 0;
}

/* The active types with how many wait and the longest wait of each. */
static int count_types(struct request *req, const struct wait_list *l, struct type_list *t)
{
	int rc;

	t->req = req;
	t->n = 0;
	rc = store_intervention_type_list(req->st, 1, type_cb, t);
	for (size_t i = 0; rc == 0 && i < l->n; i++)
		for (size_t k = 0; k < t->n; k++)
			if (strcmp(t->v[k].key, l->v[i].type) == 0) {
				t->v[k].count++;
				if (l->v[i].days > t->v[k].longest)
					t->v[k].longest = l->v[i].days;
			}
	return rc;
}

static void days_text(struct html *h, int64_t days)
{
	html_int(h, days);
	html_raw_trusted(h, days == 1 ? " dag" : " dagar");
}

static int cmp_code(const void *a, const void *b)
{
	const struct wait_item *x = a, *y = b;
	int c = strcmp(x->code, y->code);

	return c != 0 ? c
	              : (x->intervention_id > y->intervention_id) -
	                    (x->intervention_id < y->intervention_id);
}

static const char *const sort_keys[] = {"requested", "code"};

static int queue_get(struct request *req, struct response *resp)
{
	const char *type = form_get(&req->query, "type");
	struct wait_list l = {0};
	struct type_list *t = NULL;
	const char *label = NULL;
	struct html h;
	size_t key, first, count, n = 0;
	bool desc;
	int64_t page;
	int rc;

	l.req = req;
	if (type != NULL && type[0] == '\0')
		type = NULL;
	rc = listing_sort_param(req, sort_keys, 2, &key, &desc);
	if (rc == 0)
		rc = listing_page_param(req, &page);
	if (rc != 0)
		return rc;
	t = req_alloc(req, sizeof(*t));
	if (t == NULL)
		return NRS_ENOMEM;
	rc = load_waiting(req, &l);
	if (rc == 0)
		rc = count_types(req, &l, t);
	if (rc != 0)
		goto out;
	for (size_t k = 0; type != NULL && k < t->n; k++)
		if (strcmp(t->v[k].key, type) == 0)
			label = t->v[k].label;
	if (type != NULL && label == NULL) {
		rc = NRS_ENOTFOUND;
		goto out;
	}
	/* rows come longest wait first; keep the type asked for at the front */
	for (size_t i = 0; i < l.n; i++)
		if (type == NULL || strcmp(l.v[i].type, type) == 0)
			l.v[n++] = l.v[i];
	if (key == 1 && n > 1)
		qsort(l.v, n, sizeof(*l.v), cmp_code);
	if (desc)
		for (size_t i = 0; i < n / 2; i++) {
			struct wait_item tmp = l.v[i];
			l.v[i] = l.v[n - 1 - i];
			l.v[n - 1 - i] = tmp;
		}
	listing_page_slice((int64_t)n, LISTING_PER_PAGE, &page, &first, &count);

	html_init(&h, &resp->body);
	layout_begin(&h, req, "Kö");
	html_raw_trusted(&h, "<h1>Kö</h1>\n");
	if (!policy_allows(req->acc.roles, REL_OWN_ORG | REL_ASSIGNED, REC_INTERVENTION, ACT_LIST))
		html_raw_trusted(&h, "<p class=\"lead\">Klienter från din kommun som väntar på en "
		                     "insats vid centrumet.</p>\n");
	html_raw_trusted(&h, "<nav aria-label=\"Insatstyper\"><ul class=\"tabs\">\n<li><a "
	                     "href=\"/queue\"");
	if (type == NULL)
		html_raw_trusted(&h, " aria-current=\"page\"");
	html_raw_trusted(&h, ">Alla (");
	html_int(&h, (int64_t)l.n);
	html_raw_trusted(&h, ")</a></li>\n");
	for (size_t k = 0; k < t->n; k++) {
		html_raw_trusted(&h, "<li><a href=\"/queue?type=");
		html_url(&h, t->v[k].key);
		html_raw_trusted(&h, "\"");
		if (type != NULL && strcmp(type, t->v[k].key) == 0)
			html_raw_trusted(&h, " aria-current=\"page\"");
		html_raw_trusted(&h, ">");
		html_text(&h, t->v[k].label);
		html_raw_trusted(&h, " (");
		html_int(&h, t->v[k].count);
		html_raw_trusted(&h, ")</a></li>\n");
	}
	html_raw_trusted(&h, "</ul></nav>\n<table>\n<caption>");
	html_text(&h, label != NULL ? label : "Alla insatstyper");
	html_raw_trusted(&h, ": ");
	html_int(&h, (int64_t)n);
	html_raw_trusted(&h, " väntar");
	html_raw_trusted(&h, ", längst väntan först</caption>\n<thead><tr>\n");
	listing_sort_th(&h, req, "/queue", "Klient", "code", key == 1, desc);
	if (type == NULL)
		html_raw_trusted(&h, "<th scope=\"col\">Insatstyp</th>\n");
	listing_sort_th(&h, req, "/queue", "Väntar sedan", "requested", key == 0, desc);
	html_raw_trusted(&h, "<th scope=\"col\">Dagar i kö</th><th scope=\"col\">Grund</th>\n"
	                     "</tr></thead>\n<tbody>\n");
	for (size_t i = first; i < first + count; i++) {
		const struct wait_item *it = &l.v[i];

		html_raw_trusted(&h, "<tr><th scope=\"row\"><a href=\"/interventions/");
		html_int(&h, it->intervention_id);
		html_raw_trusted(&h, "\">");
		html_text(&h, it->code);
		html_raw_trusted(&h, "</a></th>");
		if (type == NULL) {
			html_raw_trusted(&h, "<td>");
			html_text(&h, it->type_label);
			html_raw_trusted(&h, "</td>");
		}
		html_raw_trusted(&h, "<td>");
		html_text(&h, it->requested);
		html_raw_trusted(&h, "</td><td class=\"num\">");
		html_int(&h, it->days);
		html_raw_trusted(&h, "</td><td>");
		html_text(&h, iv_basis_label(it->basis));
		html_raw_trusted(&h, "</td></tr>\n");
	}
	if (n == 0)
		html_raw_trusted(&h, "<tr><td colspan=\"5\">Ingen väntar.</td></tr>\n");
	html_raw_trusted(&h, "</tbody>\n</table>\n");
	listing_pager(&h, req, "/queue", page, (int64_t)n, LISTING_PER_PAGE);
	layout_end(&h);
	rc = h.err;
out:
	free(l.v);
	return rc;
}

/* ---- start-page panels (panels.h) ---- */

int panel_queue(struct request *req, struct html *h)
{
	struct wait_list l = {0};
	struct type_list *t = req_alloc(req, sizeof(*t));
	int rc;

	if (t == NULL)
		return NRS_ENOMEM;
	l.req = req;
	rc = load_waiting(req, &l);
	if (rc == 0)
		rc = count_types(req, &l, t);
	if (rc != 0 || l.n == 0)
		goto out;
	html_raw_trusted(h, "<ul>\n");
	for (size_t k = 0; k < t->n; k++) {
		if (t->v[k].count == 0)
			continue;
		html_raw_trusted(h, "<li><a href=\"/queue?type=");
		html_url(h, t->v[k].key);
		html_raw_trusted(h, "\">");
		html_text(h, t->v[k].label);
		html_raw_trusted(h, "</a>: ");
		html_int(h, t->v[k].count);
		html_raw_trusted(h, " väntar, längst ");
		days_text(h, t->v[k].longest);
		html_raw_trusted(h, "</li>\n");
	}
	html_raw_trusted(h, "</ul>\n<p>Längsta väntan just nu: ");
	days_text(h, l.v[0].days); /* the list comes longest wait first */
	html_raw_trusted(h, ". <a href=\"/queue\">Hela kön</a></p>\n");
out:
	free(l.v);
	if (rc != 0)
		return rc;
	return l.n == 0 ? 1 : h->err;
}

#define PANEL_ROWS 20

int panel_no_aid_decision(struct request *req, struct html *h)
{
	struct wait_list l = {0};
	struct nrs_error err = {0};
	struct iv_who w;
	size_t shown;
	int rc;

	if (req->acc.municipality_code[0] == '\0')
		return 1;
	iv_who_init(req, &w);
	l.req = req;
	rc = groupsvc_muni_list(req->st, req->keys, &w.actor, FOLLOWUP_MUNI_NO_DECISION,
	                        req->acc.municipality_code, NULL, NULL, muni_cb, &l, &err);
	if (rc != 0 || l.n == 0)
		goto out;
	shown = l.n < PANEL_ROWS ? l.n : PANEL_ROWS;
	html_raw_trusted(h, "<p>Insatser som ges som serviceinsats utan behovsbedömning och "
	                    "biståndsbeslut. Registrera beslutet på insatsen när det är "
	                    "fattat.</p>\n<table>\n<caption>");
	html_text(h, iv_municipality_name(req, req->acc.municipality_code));
	html_raw_trusted(h, ": ");
	html_int(h, (int64_t)l.n);
	html_raw_trusted(h, l.n == 1 ? " insats" : " insatser");
	html_raw_trusted(h, " utan biståndsbeslut</caption>\n<thead><tr><th scope=\"col\">Klient"
	                    "</th><th scope=\"col\">Insatstyp</th><th scope=\"col\">Begärd</th>"
	                    "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < shown; i++) {
		html_raw_trusted(h, "<tr><th scope=\"row\"><a href=\"/interventions/");
		html_int(h, l.v[i].intervention_id);
		html_raw_trusted(h, "\">");
		html_text(h, l.v[i].code);
		html_raw_trusted(h, "</a></th><td>");
		html_text(h, l.v[i].type_label);
		html_raw_trusted(h, "</td><td>");
		html_text(h, l.v[i].requested);
		html_raw_trusted(h, "</td></tr>\n");
	}
	html_raw_trusted(h, "</tbody>\n</table>\n");
	if (l.n > shown) {
		html_raw_trusted(h, "<p>Ytterligare ");
		html_int(h, (int64_t)(l.n - shown));
		html_raw_trusted(h, " visas inte här.</p>\n");
	}
out:
	free(l.v);
	if (rc != 0)
		return rc;
	return l.n == 0 ? 1 : h->err;
}

const struct route queue_routes[] = {
    {"GET", "/queue", queue_get, true, REC_INTERVENTION, ACT_LIST, 0},
};
ROUTE_TABLE_COUNT(queue);
