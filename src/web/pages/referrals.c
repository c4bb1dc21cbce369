/* Police referrals with consent (R22): GET /referrals (by time left, open first, with the
 * 48-hour marks), GET/POST /referrals/new, GET /referrals/:id (attempts, outcome, link to a
 * client; contact details only on request, audited), POST /referrals/:id/attempts, /outcome
 * and /link, and the start-page panel of centre staff. Times are typed and shown in Swedish
 * local time and stored in UTC. */
#include "web/pages/activity.h"

#include "base/date.h"
#include "base/err.h"
#include "base/str.h"
#include "domain/deadline.h"
#include "security/policy.h"
#include "store/reference.h"
#include "web/fields.h"
#include "web/layout.h"
#include "web/listing.h"
#include "web/pages/panels.h"
#include "web/response.h"
#include "web/router.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PANEL_ROWS 5

/* ---- shared pieces ---- */

/* The referrals of the user's organisation are the only ones a list shows, so the list's
 * relation is "own organisation". */
static bool may_list(const struct request *req)
{
	return policy_allows(req->acc.roles, REL_ANY | REL_OWN_ORG, REC_REFERRAL, ACT_LIST);
}

/* An ISO instant of a list entry as Swedish local "YYYY-MM-DD HH:MM"; "–" if absent. */
static void put_local_iso(struct html *h, const char *iso)
{
	char local[17];
	int64_t t;

	if (iso == NULL || time_epoch_from_iso(iso, &t) != 0) {
		html_raw_trusted(h, "–");
		return;
	}
	activity_local_text(t, local);
	html_text(h, local);
}

static void put_local(struct html *h, int64_t t)
{
	char local[17];

	activity_local_text(t, local);
	html_text(h, local);
}

/* The status with a symbol and a word, so that it is not told by colour alone. */
static void put_status(struct html *h, enum police_status s, const char *outcome)
{
	const char *key = activity_referral_status_key(s, outcome);

	html_raw_trusted(h, "<strong class=\"status status-");
	html_attr(h, key);
	html_raw_trusted(h, "\">");
	if (strcmp(key, "overdue") == 0)
		html_raw_trusted(h, "<span aria-hidden=\"true\">⚠ </span>");
	else if (strcmp(key, "soon") == 0)
		html_raw_trusted(h, "<span aria-hidden=\"true\">◔ </span>");
	html_text(h, activity_referral_status_text(s, outcome));
	html_raw_trusted(h, "</strong>");
}

/* Time left for an open referral; for an overdue one, how far past the deadline it is. */
static void put_time_left(struct html *h, int64_t seconds_left, bool open)
{
	char d[48];

	if (!open) {
		html_raw_trusted(h, "–");
		return;
	}
	if (seconds_left > 0) {
		activity_duration_text(seconds_left, d, sizeof(d));
		html_text(h, d);
		return;
	}
	activity_duration_text(-seconds_left, d, sizeof(d));
	html_raw_trusted(h, "0 min (");
	html_text(h, d);
	html_raw_trusted(h, " över tidsfristen)");
}

/* A municipality by name (the code if the register does not know it), "–" if none. */
static void put_municipality(struct html *h, struct request *req, const char *code)
{
	char name[101];

	if (code == NULL || code[0] == '\0')
		html_raw_trusted(h, "–");
	else if (store_municipality_exists(req->st, code, name, sizeof(name)) == 1)
		html_text(h, name);
	else
		html_text(h, code);
}

static bool is_open(const char *first_contact_at, const char *outcome)
{
	return (first_contact_at == NULL || first_contact_at[0] == '\0') &&
	       (outcome == NULL || outcome[0] == '\0');
}

/* A date and a time field under one legend; the error (id e-NAME) describes both. */
static void datetime_fieldset(struct html *h, const char *name, const char *legend,
                              const char *date, const char *hhmm, const char *error, bool required)
{
	static const char *const part[2] = {"_date", "_time"};
	static const char *const label[2] = {"Datum", "Klockslag"};
	static const char *const type[2] = {"date", "time"};
	const char *value[2] = {date, hhmm};

	html_raw_trusted(h, error ? "<fieldset class=\"field has-error\">\n<legend>"
	                          : "<fieldset class=\"field\">\n<legend>");
	html_text(h, legend);
	html_raw_trusted(h, "</legend>\n");
	field_error(h, name, error);
	for (int i = 0; i < 2; i++) {
		html_raw_trusted(h, "<label for=\"f-");
		html_attr(h, name);
		html_raw_trusted(h, part[i]);
		html_raw_trusted(h, "\">");
		html_text(h, label[i]);
		html_raw_trusted(h, "</label>\n<input id=\"f-");
		html_attr(h, name);
		html_raw_trusted(h, part[i]);
		html_raw_trusted(h, "\" name=\"");
		html_attr(h, name);
		html_raw_trusted(h, part[i]);
		html_raw_trusted(h, "\" type=\"");
		html_raw_trusted(h, type[i]);
		html_raw_trusted(h, "\"");
		if (value[i] != NULL) {
			html_raw_trusted(h, " value=\"");
			html_attr(h, value[i]);
			html_raw_trusted(h, "\"");
		}
		if (error != NULL) {
			html_raw_trusted(h, " aria-invalid=\"true\" aria-describedby=\"e-");
			html_attr(h, name);
			html_raw_trusted(h, "\"");
		}
		html_raw_trusted(h, required ? " required>\n" : ">\n");
	}
	html_raw_trusted(h, "</fieldset>\n");
}

/* ---- the list ---- */

struct ref_item {
	int64_t id;
	const char *received_at, *first_contact_at, *outcome, *municipality, *client_code;
	int64_t seconds_left, attempts;
	enum police_status status;
	int consent;
};

struct ref_items {
	struct request *req;
	struct ref_item *v;
	size_t n, cap;
	size_t max;  /* stop after this many (0: all) */
	size_t open; /* open referrals seen */
};

static int collect_ref(const struct referral_entry *e, void *ctx)
{
	struct ref_items *l = ctx;
	struct ref_item *nv, *it;
	int rc = 0;

	if (is_open(e->first_contact_at, e->outcome))
		l->open++;
	if (l->max != 0 && l->n >= l->max)
		return 0;
	nv = listing_grow(l->v, l->n, &l->cap, sizeof(*nv));
	if (nv == NULL)
		return NRS_ENOMEM;
	l->v = nv;
	it = &l->v[l->n];
	it->id = e->id;
	it->seconds_left = e->seconds_left;
	it->attempts = e->attempts;
	it->status = e->status;
	it->consent = e->consent;
	it->received_at = listing_strdup(l->req, e->received_at, &rc);
	it->first_contact_at = listing_strdup(l->req, e->first_contact_at, &rc);
	it->outcome = listing_strdup(l->req, e->outcome, &rc);
	it->municipality = listing_strdup(l->req, e->municipality, &rc);
	it->client_code = listing_strdup(l->req, e->client_code, &rc);
	if (rc == 0)
		l->n++;
	return rc;
}

static int cmp_received(const void *a, const void *b)
{
	const struct ref_item *x = a, *y = b;
	int c = strcmp(x->received_at, y->received_at);

	return c != 0 ? c : (x->id < y->id ? -1 : x->id > y->id);
}

static int load_refs(struct request *req, bool open_only, struct ref_items *l)
{
	struct clientsvc_actor actor;
	struct nrs_error err = {0};

	activity_actor(req, &actor);
	l->req = req;
	return clientsvc_referral_list(req->st, req->keys, &actor, (int64_t)req->now,
	                               open_only ? 1 : 0, collect_ref, l, &err);
}

static void put_ref_link(struct html *h, int64_t id)
{
	html_raw_trusted(h, "<a href=\"/referrals/");
	html_int(h, id);
	html_raw_trusted(h, "\">Nr ");
	html_int(h, id);
	html_raw_trusted(h, "</a>");
}

static const char *const ref_sort_keys[] = {"time_left", "received"};

static int referrals_list_get(struct request *req, struct response *resp)
{
	const char *show = form_get(&req->query, "visa");
	const char *done = form_get(&req->query, "done");
	struct ref_items l = {0};
	struct html h;
	size_t key, first, count;
	bool desc, open_only;
	int64_t page;
	int rc;

	if (!may_list(req))
		return NRS_EDENIED;
	if (show != NULL && show[0] != '\0' && strcmp(show, "open") != 0 &&
	    strcmp(show, "all") != 0)
		return NRS_EINVAL;
	open_only = show != NULL && strcmp(show, "open") == 0;
	rc = listing_sort_param(req, ref_sort_keys, 2, &key, &desc);
	if (rc == 0)
		rc = listing_page_param(req, &page);
	if (rc == 0)
		rc = load_refs(req, open_only, &l);
	if (rc != 0)
		goto out;
	/* time left is the service's order (open first, least time left first) */
	if (key == 1 && l.n > 1)
		qsort(l.v, l.n, sizeof(*l.v), cmp_received);
	for (size_t i = 0; desc && i < l.n / 2; i++) {
		struct ref_item t = l.v[i];

		l.v[i] = l.v[l.n - 1 - i];
		l.v[l.n - 1 - i] = t;
	}
	listing_page_slice((int64_t)l.n, LISTING_PER_PAGE, &page, &first, &count);

	html_init(&h, &resp->body);
	layout_begin(&h, req, "Polisremisser");
	html_raw_trusted(&h, "<h1>Polisremisser</h1>\n");
	if (done && strcmp(done, "created") == 0)
		html_raw_trusted(&h, "<div class=\"notice\" role=\"status\"><p>Remissen är "
		                     "sparad.</p></div>\n");
	html_raw_trusted(&h, "<p class=\"lead\">Centrumet ska kontakta personen inom 48 timmar "
	                     "från att remissen kom in. <strong>⚠ Försenad</strong>: mer än 48 "
	                     "timmar har gått utan kontakt. <strong>◔ Snart</strong>: 12 timmar "
	                     "eller mindre kvar. Tider visas i svensk tid.</p>\n");
	if (policy_allows(req->acc.roles, REL_ANY | REL_OWN_ORG, REC_REFERRAL, ACT_CREATE))
		html_raw_trusted(&h, "<p><a class=\"button\" href=\"/referrals/new\">Ny "
		                     "polisremiss</a></p>\n");
	html_raw_trusted(&h, "<form method=\"get\" action=\"/referrals\" class=\"filter\">\n");
	field_select_open(&h, "visa", "Visa", NULL, NULL);
	field_option(&h, "all", "Alla remisser", !open_only);
	field_option(&h, "open", "Endast öppna", open_only);
	field_select_close(&h);
	html_raw_trusted(&h, "<p><button type=\"submit\">Visa</button></p>\n</form>\n"
	                     "<table>\n<caption>Polisremisser (");
	html_int(&h, (int64_t)l.n);
	html_raw_trusted(&h, " st, varav ");
	html_int(&h, (int64_t)l.open);
	html_raw_trusted(&h, " öppna)</caption>\n<thead><tr>\n<th scope=\"col\">Remiss</th>\n");
	listing_sort_th(&h, req, "/referrals", "Mottagen", "received", key == 1, desc);
	html_raw_trusted(&h, "<th scope=\"col\">Tidsfrist (48 h)</th>\n");
	listing_sort_th(&h, req, "/referrals", "Tid kvar", "time_left", key == 0, desc);
	html_raw_trusted(&h, "<th scope=\"col\">Status</th>\n<th scope=\"col\">Samtycke</th>\n"
	                     "<th scope=\"col\">Kommun</th>\n<th scope=\"col\">Försök</th>\n"
	                     "<th scope=\"col\">Klient</th>\n</tr></thead>\n<tbody>\n");
	for (size_t i = first; i < first + count; i++) {
		const struct ref_item *r = &l.v[i];
		bool open = is_open(r->first_contact_at, r->outcome);
		int64_t received = 0;

		html_raw_trusted(&h, activity_referral_urgent(r->status, r->outcome)
		                         ? "<tr class=\"urgent\"><th scope=\"row\">"
		                         : "<tr><th scope=\"row\">");
		put_ref_link(&h, r->id);
		html_raw_trusted(&h, "</th><td>");
		put_local_iso(&h, r->received_at);
		html_raw_trusted(&h, "</td><td>");
		if (time_epoch_from_iso(r->received_at, &received) == 0)
			put_local(&h, police_deadline(received));
		html_raw_trusted(&h, "</td><td>");
		put_time_left(&h, r->seconds_left, open);
		html_raw_trusted(&h, "</td><td>");
		put_status(&h, r->status, r->outcome);
		html_raw_trusted(&h, r->consent ? "</td><td>Ja</td><td>" : "</td><td>Nej</td><td>");
		put_municipality(&h, req, r->municipality);
		html_raw_trusted(&h, "</td><td class=\"num\">");
		html_int(&h, r->attempts);
		html_raw_trusted(&h, "</td><td>");
		activity_text_or_dash(&h, r->client_code);
		html_raw_trusted(&h, "</td></tr>\n");
	}
	if (l.n == 0)
		html_raw_trusted(&h, "<tr><td colspan=\"9\">Inga polisremisser.</td></tr>\n");
	html_raw_trusted(&h, "</tbody>\n</table>\n");
	listing_pager(&h, req, "/referrals", page, (int64_t)l.n, LISTING_PER_PAGE);
	layout_end(&h);
	rc = h.err;
out:
	free(l.v);
	return rc;
}

/* ---- the start-page panel ---- */

int panel_referrals(struct request *req, struct html *h)
{
	struct ref_items l = {0};
	int rc;

	if (!may_list(req))
		return 1;
	l.max = PANEL_ROWS;
	rc = load_refs(req, true, &l);
	if (rc != 0)
		goto out;
	if (l.n == 0) {
		rc = 1;
		goto out;
	}
	html_raw_trusted(h, "<table>\n<caption>Öppna polisremisser, minst tid kvar först (");
	html_int(h, (int64_t)l.open);
	html_raw_trusted(h, " öppna)</caption>\n<thead><tr><th scope=\"col\">Remiss</th>"
	                    "<th scope=\"col\">Tid kvar</th><th scope=\"col\">Status</th>"
	                    "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < l.n; i++) {
		html_raw_trusted(h, "<tr><th scope=\"row\">");
		put_ref_link(h, l.v[i].id);
		if (l.v[i].client_code != NULL) {
			html_raw_trusted(h, " (");
			html_text(h, l.v[i].client_code);
			html_raw_trusted(h, ")");
		}
		html_raw_trusted(h, "</th><td>");
		put_time_left(h, l.v[i].seconds_left, true);
		html_raw_trusted(h, "</td><td>");
		put_status(h, l.v[i].status, l.v[i].outcome);
		html_raw_trusted(h, "</td></tr>\n");
	}
	html_raw_trusted(h, "</tbody>\n</table>\n<p><a href=\"/referrals?visa=open\">Alla öppna "
	                    "polisremisser</a></p>\n");
	rc = h->err;
out:
	free(l.v);
	return rc;
}

/* ---- a new referral ---- */

struct new_form {
	const char *received_date, *received_time, *consent, *contact, *municipality;
	const char *e_received, *e_consent, *e_contact, *e_municipality, *e_general;
};

static int render_new(struct request *req, struct response *resp, int status,
                      const struct new_form *f)
{
	struct html h;
	int rc;

	resp->status = status;
	html_init(&h, &resp->body);
	layout_begin(&h, req, "Ny polisremiss");
	html_raw_trusted(&h, "<h1>Ny polisremiss</h1>\n");
	if (f->e_received || f->e_consent || f->e_contact || f->e_municipality || f->e_general)
		activity_form_alert(&h, f->e_general ? f->e_general : "Remissen sparades inte.");
	html_raw_trusted(&h, "<form method=\"post\" action=\"/referrals/new\" class=\"form\">\n");
	html_csrf_input(&h, req->csrf);
	datetime_fieldset(&h, "received", "Mottagen (svensk tid)", f->received_date,
	                  f->received_time, f->e_received, true);
	html_raw_trusted(&h, f->e_consent ? "<fieldset class=\"field has-error\">\n"
	                                  : "<fieldset class=\"field\">\n");
	html_raw_trusted(&h, "<legend>Samtycker personen till att centrumet kontaktar "
	                     "henne eller honom?</legend>\n");
	field_error(&h, "consent", f->e_consent);
	for (int i = 0; i < 2; i++) {
		const char *v = i == 0 ? "yes" : "no";

		html_raw_trusted(&h, "<div class=\"check\"><input type=\"radio\" name=\"consent\" "
		                     "id=\"f-consent-");
		html_raw_trusted(&h, v);
		html_raw_trusted(&h, "\" value=\"");
		html_raw_trusted(&h, v);
		html_raw_trusted(&h, "\"");
		if (f->consent != NULL && strcmp(f->consent, v) == 0)
			html_raw_trusted(&h, " checked");
		if (f->e_consent)
			html_raw_trusted(&h, " aria-describedby=\"e-consent\"");
		html_raw_trusted(&h, "> <label for=\"f-consent-");
		html_raw_trusted(&h, v);
		html_raw_trusted(&h, i == 0 ? "\">Ja</label></div>\n" : "\">Nej</label></div>\n");
	}
	html_raw_trusted(&h, "</fieldset>\n");
	html_raw_trusted(&h, "<p id=\"h-contact\">Kontaktuppgifter får bara sparas när personen "
	                     "har samtyckt. De krypteras och visas aldrig i listor.</p>\n");
	field_textarea(&h, "contact",
	               "Kontaktuppgifter (telefon, när och hur personen vill bli "
	               "kontaktad)",
	               f->contact, f->e_contact, 3, false);
	rc = activity_municipality_select(&h, req, "municipality", "Kommun (om den är känd)",
	                                  f->municipality, f->e_municipality, "Ej angiven");
	if (rc != 0)
		return rc;
	html_raw_trusted(&h, "<p><button type=\"submit\">Spara remissen</button> "
	                     "<a href=\"/referrals\">Avbryt</a></p>\n</form>\n");
	layout_end(&h);
	return h.err;
}

static int referrals_new_get(struct request *req, struct response *resp)
{
	struct new_form f;
	char date[11], hhmm[6];

	memset(&f, 0, sizeof(f));
	activity_local_parts((int64_t)req->now, date, hhmm);
	f.received_date = date;
	f.received_time = hhmm;
	return render_new(req, resp, 200, &f);
}

static int referrals_new_post(struct request *req, struct response *resp)
{
	struct referral_create in = {0};
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct new_form f;
	char loc[64];
	int64_t id = 0;
	int rc;

	if (!policy_allows(req->acc.roles, REL_ANY | REL_OWN_ORG, REC_REFERRAL, ACT_CREATE))
		return NRS_EDENIED;
	memset(&f, 0, sizeof(f));
	f.received_date = form_get_unique(&req->form, "received_date");
	f.received_time = form_get_unique(&req->form, "received_time");
	f.consent = form_get_unique(&req->form, "consent");
	f.contact = form_get_unique(&req->form, "contact");
	f.municipality = form_get_unique(&req->form, "municipality");
	rc =
	    activity_local_to_utc(f.received_date, f.received_time, "received", &in.received, &err);
	if (rc == 0 &&
	    (f.consent == NULL || (strcmp(f.consent, "yes") != 0 && strcmp(f.consent, "no") != 0)))
		rc = nrs_error_set(&err, NRS_EINVAL, "consent",
		                   "Ange om personen samtycker till kontakt.");
	if (rc == 0) {
		activity_actor(req, &actor);
		in.consent = strcmp(f.consent, "yes") == 0;
		in.contact = f.contact;
		in.municipality = f.municipality;
		rc = clientsvc_referral_create(req->st, req->keys, &actor, &in, (int64_t)req->now,
		                               &id, &err);
		activity_error_sentence(&err);
	}
	if (rc == NRS_EINVAL || rc == NRS_ETOOBIG) {
		const char *msg = activity_msg(req, err.msg);

		if (strcmp(err.field, "received") == 0 || strcmp(err.field, "mottagen") == 0)
			f.e_received = msg;
		else if (strcmp(err.field, "consent") == 0)
			f.e_consent = msg;
		else if (strcmp(err.field, "kontakt") == 0)
			f.e_contact = msg;
		else if (strcmp(err.field, "kommun") == 0)
			f.e_municipality = msg;
		else
			f.e_general = msg;
		return render_new(req, resp, 422, &f);
	}
	if (rc != 0)
		return rc;
	snprintf(loc, sizeof(loc), "/referrals/%" PRId64 "?done=created", id);
	return response_redirect(resp, loc);
}

/* ---- one referral ---- */

struct view_forms {
	const char *at_date, *at_time, *note, *e_at, *e_note;
	const char *contact_date, *contact_time, *outcome, *e_contact_at, *e_outcome;
	const char *client_code, *e_client_code;
	const char *e_general;
};

static void render_facts(struct html *h, const struct referral_view *v)
{
	bool open = v->first_contact < 0 && v->outcome[0] == '\0';

	html_raw_trusted(h, "<dl class=\"facts\">\n<dt>Status</dt><dd>");
	put_status(h, v->status, v->outcome);
	html_raw_trusted(h, "</dd>\n<dt>Mottagen</dt><dd>");
	put_local(h, v->received);
	html_raw_trusted(h, "</dd>\n<dt>Tidsfrist (48 h)</dt><dd>");
	put_local(h, v->deadline);
	html_raw_trusted(h, "</dd>\n<dt>Tid kvar</dt><dd>");
	put_time_left(h, v->seconds_left, open);
	html_raw_trusted(h, "</dd>\n<dt>Samtycke till kontakt</dt><dd>");
	html_raw_trusted(h, v->consent ? "Ja" : "Nej");
	html_raw_trusted(h, "</dd>\n<dt>Kommun</dt><dd>");
	activity_text_or_dash(h, v->municipality_name[0] ? v->municipality_name : NULL);
	html_raw_trusted(h, "</dd>\n<dt>Första kontakt</dt><dd>");
	if (v->first_contact >= 0)
		put_local(h, v->first_contact);
	else
		html_raw_trusted(h, "–");
	html_raw_trusted(h, "</dd>\n<dt>Utfall</dt><dd>");
	activity_text_or_dash(h, activity_label(activity_referral_outcomes, v->outcome));
	html_raw_trusted(h, "</dd>\n<dt>Klient</dt><dd>");
	activity_text_or_dash(h, v->client_code);
	html_raw_trusted(h, "</dd>\n</dl>\n");
}

static void render_attempts(struct html *h, const struct referral_view *v)
{
	html_raw_trusted(h, "<table>\n<caption>Kontaktförsök (");
	html_int(h, (int64_t)v->nattempts);
	html_raw_trusted(h, " st)</caption>\n<thead><tr><th scope=\"col\">Tid</th>"
	                    "<th scope=\"col\">Anteckning</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < v->nattempts; i++) {
		html_raw_trusted(h, "<tr><th scope=\"row\">");
		put_local(h, v->attempts[i].at);
		html_raw_trusted(h, "</th><td>");
		activity_text_or_dash(h, v->attempts[i].note);
		html_raw_trusted(h, "</td></tr>\n");
	}
	if (v->nattempts == 0)
		html_raw_trusted(h, "<tr><td colspan=\"2\">Inga försök ännu.</td></tr>\n");
	html_raw_trusted(h, "</tbody>\n</table>\n");
}

static void form_open(struct html *h, const struct request *req, int64_t id, const char *what,
                      const char *heading_id, const char *heading)
{
	html_raw_trusted(h, "<section aria-labelledby=\"");
	html_raw_trusted(h, heading_id);
	html_raw_trusted(h, "\">\n<h2 id=\"");
	html_raw_trusted(h, heading_id);
	html_raw_trusted(h, "\">");
	html_text(h, heading);
	html_raw_trusted(h, "</h2>\n<form method=\"post\" action=\"/referrals/");
	html_int(h, id);
	html_raw_trusted(h, "/");
	html_raw_trusted(h, what);
	html_raw_trusted(h, "\" class=\"form\">\n");
	html_csrf_input(h, req->csrf);
}

static int render_view(struct request *req, struct response *resp, int status, int64_t id,
                       const struct view_forms *f)
{
	const char *done = form_get(&req->query, "done");
	const char *show = form_get(&req->query, "visa");
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct referral_view *v = NULL;
	char *contact = NULL;
	char title[48], date[11], hhmm[6];
	bool may_update =
	    policy_allows(req->acc.roles, REL_ANY | REL_OWN_ORG, REC_REFERRAL, ACT_UPDATE);
	struct html h;
	int rc;

	activity_actor(req, &actor);
	rc = activitysvc_referral_read(req->st, req->keys, &actor, id, (int64_t)req->now, &v, &err);
	if (rc == 0 && show != NULL && strcmp(show, "kontakt") == 0 && v->has_contact)
		rc = clientsvc_referral_contact(req->st, req->keys, &actor, id, &contact, &err);
	if (rc != 0)
		goto out;
	snprintf(title, sizeof(title), "Polisremiss nr %" PRId64, id);
	resp->status = status;
	html_init(&h, &resp->body);
	layout_begin(&h, req, title);
	html_raw_trusted(&h, "<h1>");
	html_text(&h, title);
	html_raw_trusted(&h, "</h1>\n");
	if (status == 200 && done != NULL) {
		static const struct activity_choice notices[] = {
		    {"created", "Remissen är sparad."},
		    {"attempt", "Försöket är sparat."},
		    {"outcome", "Kontakten och utfallet är sparade."},
		    {"link", "Remissen är kopplad till klienten."},
		    {NULL, NULL},
		};
		const char *text = activity_label(notices, done);

		if (text != NULL) {
			html_raw_trusted(&h, "<div class=\"notice\" role=\"status\"><p>");
			html_text(&h, text);
			html_raw_trusted(&h, "</p></div>\n");
		}
	}
	if (f->e_general != NULL)
		activity_form_alert(&h, f->e_general);
	render_facts(&h, v);

	html_raw_trusted(&h, "<section aria-labelledby=\"h-contact\">\n<h2 id=\"h-contact\">"
	                     "Kontaktuppgifter</h2>\n");
	if (!v->has_contact)
		html_raw_trusted(&h, "<p>Inga kontaktuppgifter är sparade.</p>\n");
	else if (contact != NULL) {
		html_raw_trusted(&h, "<p class=\"contact\">");
		html_text(&h, contact);
		html_raw_trusted(&h, "</p>\n<p>Att du har läst uppgifterna är loggat.</p>\n");
	} else {
		html_raw_trusted(&h, "<p>Kontaktuppgifterna visas bara när du ber om det, och det "
		                     "loggas. <a href=\"/referrals/");
		html_int(&h, id);
		html_raw_trusted(&h, "?visa=kontakt\">Visa kontaktuppgifter</a></p>\n");
	}
	html_raw_trusted(&h, "</section>\n");

	render_attempts(&h, v);
	if (may_update) {
		activity_local_parts((int64_t)req->now, date, hhmm);
		form_open(&h, req, id, "attempts", "h-attempt", "Nytt kontaktförsök");
		datetime_fieldset(&h, "at", "Tid för försöket (svensk tid)",
		                  f->at_date ? f->at_date : date, f->at_time ? f->at_time : hhmm,
		                  f->e_at, true);
		field_textarea(&h, "note", "Anteckning (valfri, till exempel \"inget svar\")",
		               f->note, f->e_note, 2, false);
		html_raw_trusted(&h, "<p><button type=\"submit\">Spara försöket</button></p>\n"
		                     "</form>\n</section>\n");
		if (v->outcome[0] == '\0') {
			form_open(&h, req, id, "outcome", "h-outcome", "Första kontakt och utfall");
			html_raw_trusted(&h,
			                 "<p>Ange när kontakten togs. Om personen inte gick att "
			                 "nå, välj \"Nåddes inte\" och lämna tiden tom.</p>\n");
			datetime_fieldset(&h, "contact_at", "Kontakt togs (svensk tid)",
			                  f->contact_date, f->contact_time, f->e_contact_at, false);
			activity_choice_select(&h, "outcome", "Utfall", activity_referral_outcomes,
			                       f->outcome, f->e_outcome, "Välj utfall");
			html_raw_trusted(&h, "<p><button type=\"submit\">Spara utfallet</button>"
			                     "</p>\n</form>\n</section>\n");
		}
		if (v->client_code[0] == '\0') {
			form_open(&h, req, id, "link", "h-link", "Koppla till klient");
			field_input(&h, "client_code", "Klientens kod (till exempel K-2026-0042)",
			            "text", f->client_code, f->e_client_code, "off", true);
			html_raw_trusted(&h, "<p><button type=\"submit\">Koppla</button></p>\n"
			                     "</form>\n</section>\n");
		}
	}
	html_raw_trusted(&h, "<p><a href=\"/referrals\">Alla polisremisser</a></p>\n");
	layout_end(&h);
	rc = h.err;
out:
	clientsvc_text_free(contact);
	activitysvc_referral_free(v);
	return rc;
}

static int referral_view_get(struct request *req, struct response *resp)
{
	struct view_forms f;
	int64_t id;
	int rc = activity_referral_load(req, ACT_READ, &id);

	if (rc != 0)
		return rc;
	memset(&f, 0, sizeof(f));
	return render_view(req, resp, 200, id, &f);
}

static int redirect_done(struct response *resp, int64_t id, const char *what)
{
	char loc[80];

	snprintf(loc, sizeof(loc), "/referrals/%" PRId64 "?done=%s", id, what);
	return response_redirect(resp, loc);
}

static int referral_attempt_post(struct request *req, struct response *resp)
{
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct view_forms f;
	int64_t id, at = 0, attempt = 0;
	int rc = activity_referral_load(req, ACT_UPDATE, &id);

	if (rc != 0)
		return rc;
	memset(&f, 0, sizeof(f));
	f.at_date = form_get_unique(&req->form, "at_date");
	f.at_time = form_get_unique(&req->form, "at_time");
	f.note = form_get_unique(&req->form, "note");
	rc = activity_local_to_utc(f.at_date, f.at_time, "at", &at, &err);
	if (rc == 0) {
		activity_actor(req, &actor);
		rc = clientsvc_referral_attempt(req->st, req->keys, &actor, id, at, f.note,
		                                (int64_t)req->now, &attempt, &err);
		activity_error_sentence(&err);
	}
	if (rc == NRS_EINVAL || rc == NRS_ETOOBIG) {
		const char *msg = activity_msg(req, err.msg);

		if (strcmp(err.field, "anteckning") == 0)
			f.e_note = msg;
		else if (strcmp(err.field, "at") == 0 || strcmp(err.field, "tid") == 0)
			f.e_at = msg;
		else
			f.e_general = msg;
		return render_view(req, resp, 422, id, &f);
	}
	return rc != 0 ? rc : redirect_done(resp, id, "attempt");
}

static int referral_outcome_post(struct request *req, struct response *resp)
{
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct view_forms f;
	int64_t id, at = 0;
	bool has_time;
	int rc = activity_referral_load(req, ACT_UPDATE, &id);

	if (rc != 0)
		return rc;
	memset(&f, 0, sizeof(f));
	f.contact_date = form_get_unique(&req->form, "contact_at_date");
	f.contact_time = form_get_unique(&req->form, "contact_at_time");
	f.outcome = form_get_unique(&req->form, "outcome");
	has_time = (f.contact_date != NULL && f.contact_date[0] != '\0') ||
	           (f.contact_time != NULL && f.contact_time[0] != '\0');
	rc = has_time
	         ? activity_local_to_utc(f.contact_date, f.contact_time, "contact_at", &at, &err)
	         : 0;
	if (rc == 0) {
		activity_actor(req, &actor);
		rc = clientsvc_referral_outcome(req->st, req->keys, &actor, id,
		                                has_time ? &at : NULL, f.outcome, (int64_t)req->now,
		                                &err);
		activity_error_sentence(&err);
	}
	if (rc == NRS_EINVAL || rc == NRS_ECONFLICT) {
		const char *msg = activity_msg(req, err.msg);

		if (strcmp(err.field, "utfall") == 0)
			f.e_outcome = msg;
		else if (strcmp(err.field, "contact_at") == 0 ||
		         strcmp(err.field, "kontakttid") == 0)
			f.e_contact_at = msg;
		else
			f.e_general = msg;
		return render_view(req, resp, rc == NRS_ECONFLICT ? 409 : 422, id, &f);
	}
	return rc != 0 ? rc : redirect_done(resp, id, "outcome");
}

static int referral_link_post(struct request *req, struct response *resp)
{
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct view_forms f;
	unsigned rel = 0;
	int64_t id, client_id = 0;
	int rc = activity_referral_load(req, ACT_UPDATE, &id);

	if (rc != 0)
		return rc;
	memset(&f, 0, sizeof(f));
	f.client_code = form_get_unique(&req->form, "client_code");
	activity_actor(req, &actor);
	rc = activitysvc_client_by_code(req->st, &req->acc, f.client_code, &client_id, &rel);
	/* the same answer for an unknown code and a client the user may not see: no oracle */
	if (rc == NRS_ENOTFOUND ||
	    (rc == 0 && !policy_allows(req->acc.roles, rel, REC_CLIENT, ACT_READ))) {
		f.e_client_code = "Det finns ingen klient med den koden bland centrumets klienter.";
		return render_view(req, resp, 422, id, &f);
	}
	if (rc == 0)
		rc = clientsvc_referral_link(req->st, req->keys, &actor, id, client_id, &err);
	if (rc == NRS_EINVAL) {
		activity_error_sentence(&err);
		f.e_client_code = activity_msg(req, err.msg);
		return render_view(req, resp, 422, id, &f);
	}
	return rc != 0 ? rc : redirect_done(resp, id, "link");
}

const struct route referrals_routes[] = {
    {"GET", "/referrals", referrals_list_get, true, REC_REFERRAL, ACT_LIST, 0},
    {"GET", "/referrals/new", referrals_new_get, true, REC_REFERRAL, ACT_CREATE, 0},
    {"POST", "/referrals/new", referrals_new_post, true, REC_REFERRAL, ACT_CREATE, 0},
    {"GET", "/referrals/:id", referral_view_get, true, REC_REFERRAL, ACT_READ, 0},
    {"POST", "/referrals/:id/attempts", referral_attempt_post, true, REC_REFERRAL, ACT_UPDATE, 0},
    {"POST", "/referrals/:id/outcome", referral_outcome_post, true, REC_REFERRAL, ACT_UPDATE, 0},
    {"POST", "/referrals/:id/link", referral_link_post, true, REC_REFERRAL, ACT_UPDATE, 0},
};
ROUTE_TABLE_COUNT(referrals);
