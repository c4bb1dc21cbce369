/* Cases (R7, R40): GET/POST /cases/new (open a case for a client), GET /cases/:id (header,
 * assigned staff, violence types, implementation plan, journal, risk assessments,
 * interventions), POST /cases/:id/reveal (journal and plan of a protected client after a
 * stated reason), /staff, /violence, /plan, /notes, GET /cases/:id/risk/new and POST
 * /cases/:id/risk, POST /cases/:id/close; and the start-page panel "Mina ärenden". */
#include "web/pages/casework.h"

#include "base/date.h"
#include "base/err.h"
#include "base/str.h"
#include "domain/instrument.h"
#include "security/risksvc.h"
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

#define MY_CASES_MAX 10

static void today_text(char out[11])
{
	struct nrs_date d = date_today();

	date_format(&d, out);
}

static int redirect_case(struct response *resp, int64_t id, const char *suffix)
{
	char loc[96];

	snprintf(loc, sizeof(loc), "/cases/%" PRId64 "%s", id, suffix);
	return response_redirect(resp, loc);
}

/* ---- GET/POST /cases/new ---- */

struct open_form {
	int64_t client_id;
	const char *client_code;
	const char *opened, *source, *municipality;
	bool assign_me;
	const char *e_opened, *e_source, *e_municipality, *e_general;
	int64_t existing_case; /* the client's open case, when that was the problem */
};

static int render_open_form(struct request *req, struct response *resp, int status,
                            const struct open_form *f)
{
	struct casework_options munis;
	struct html h;
	char id[24];
	int rc = casework_municipality_options(req, &munis);

	if (rc != 0)
		goto out;
	resp->status = status;
	html_init(&h, &resp->body);
	layout_begin(&h, req, "Nytt ärende");
	html_raw_trusted(&h, "<h1>Nytt ärende för ");
	html_text(&h, f->client_code);
	html_raw_trusted(&h, "</h1>\n");
	if (f->e_opened || f->e_source || f->e_municipality || f->e_general) {
		html_raw_trusted(&h, "<div class=\"alert\" role=\"alert\"><p>");
		html_text(&h, f->e_general ? f->e_general
		                           : "Ärendet öppnades inte. Rätta uppgifterna som är "
		                             "markerade nedan.");
		if (f->existing_case > 0) {
			html_raw_trusted(&h, " <a href=\"/cases/");
			html_int(&h, f->existing_case);
			html_raw_trusted(&h, "\">Gå till det öppna ärendet</a>");
		}
		html_raw_trusted(&h, "</p></div>\n");
	}
	html_raw_trusted(&h, "<form method=\"post\" action=\"/cases/new\" class=\"form\">\n");
	html_csrf_input(&h, req->csrf);
	snprintf(id, sizeof(id), "%" PRId64, f->client_id);
	html_raw_trusted(&h, "<input type=\"hidden\" name=\"klient\" value=\"");
	html_attr(&h, id);
	html_raw_trusted(&h, "\">\n");
	field_input(&h, "oppnat", "Öppnat (ÅÅÅÅ-MM-DD)", "date", f->opened, f->e_opened, "off",
	            true);
	field_select_open(&h, "remittent", "Kontakten kom via", f->e_source, "Välj");
	for (const struct casework_label *s = casework_sources; s->key; s++)
		field_option(&h, s->key, s->label, f->source && strcmp(f->source, s->key) == 0);
	field_select_close(&h);
	field_select_open(&h, "remitterande_kommun", "Remitterande kommun", f->e_municipality,
	                  "Ingen");
	for (size_t i = 0; i < munis.n; i++)
		field_option(&h, munis.v[i].key, munis.v[i].label,
		             f->municipality && strcmp(f->municipality, munis.v[i].key) == 0);
	field_select_close(&h);
	html_raw_trusted(&h, "<fieldset class=\"field\">\n<legend>Handläggare</legend>\n");
	field_checkbox(&h, "tilldela_mig", "1", "Tilldela mig ärendet", f->assign_me);
	html_raw_trusted(&h, "</fieldset>\n<p><button type=\"submit\">Öppna ärende</button> "
	                     "<a href=\"/clients/");
	html_int(&h, f->client_id);
	html_raw_trusted(&h, "\">Avbryt</a></p>\n</form>\n");
	layout_end(&h);
	rc = h.err;
out:
	casework_options_free(&munis);
	return rc;
}

static int cases_new_get(struct request *req, struct response *resp)
{
	struct open_form f = {0};
	struct cq_client c;
	unsigned rel;
	char today[11];
	const char *client = form_get(&req->query, "client");
	int rc;

	if (client == NULL || client[0] == '\0') {
		response_error_status(resp, req, false, 400,
		                      "Öppna ett ärende från klientens sida: välj klienten först.");
		return 0;
	}
	rc = casework_client_load(req, client, REC_CASE, ACT_CREATE, &c, &rel);
	if (rc != 0)
		return rc;
	today_text(today);
	f.client_id = c.id;
	f.client_code = c.code;
	f.opened = today;
	f.assign_me = true;
	return render_open_form(req, resp, 200, &f);
}

static void open_form_error(struct request *req, struct open_form *f, const struct nrs_error *e)
{
	const char *msg = casework_sentence(req, e->msg);

	if (strcmp(e->field, "oppnat") == 0)
		f->e_opened = msg;
	else if (strcmp(e->field, "remittent") == 0)
		f->e_source = msg;
	else if (strcmp(e->field, "remitterande_kommun") == 0)
		f->e_municipality = msg;
	else
		f->e_general = msg;
}

static int first_case_id(const struct cq_case_row *row, void *ctx)
{
	*(int64_t *)ctx = row->id;
	return 1;
}

static int cases_new_post(struct request *req, struct response *resp)
{
	struct open_form f = {0};
	struct case_open_input in = {0};
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct cq_client c;
	unsigned rel;
	const char *client = form_get_unique(&req->form, "klient");
	int64_t id = 0;
	int rc;

	/* the form always carries the client; without one there is nothing to refuse access to */
	if (casework_parse_id(client, &id) != 0) {
		response_error_status(resp, req, false, 400,
		                      "Öppna ett ärende från klientens sida: välj klienten först.");
		return 0;
	}
	rc = casework_client_load(req, client, REC_CASE, ACT_CREATE, &c, &rel);
	if (rc != 0)
		return rc;
	f.client_id = c.id;
	f.client_code = c.code;
	f.opened = form_get_unique(&req->form, "oppnat");
	f.source = form_get_unique(&req->form, "remittent");
	f.municipality = form_get_unique(&req->form, "remitterande_kommun");
	f.assign_me = form_get(&req->form, "tilldela_mig") != NULL;
	if (f.opened == NULL || f.opened[0] == '\0')
		f.e_opened = "Fyll i datumet då ärendet öppnades.";
	if (f.source == NULL || casework_label_of(casework_sources, f.source) == f.source)
		f.e_source = "Välj varifrån kontakten kom.";
	if (f.e_opened || f.e_source)
		return render_open_form(req, resp, 422, &f);

	in.client_id = c.id;
	in.opened = f.opened;
	in.referral_source = f.source;
	in.referring_municipality = f.municipality;
	casework_actor(req, &actor);
	/* opening and assigning in one transaction: both or neither */
	rc = store_tx_begin(req->st);
	if (rc != 0)
		return rc;
	rc = clientsvc_case_open(req->st, req->keys, &actor, &in, &id, &err);
	if (rc == 0 && f.assign_me)
		rc = clientsvc_case_assign(req->st, req->keys, &actor, id, req->acc.id, &err);
	if (rc != 0) {
		store_tx_rollback(req->st);
	} else {
		rc = store_tx_commit(req->st);
	}
	if (rc == NRS_EEXIST) {
		struct cq_case_filter cf = {0};
		int64_t total = 0;

		cf.client_id = c.id;
		cf.open_only = 1;
		cf.limit = 1;
		if (casequery_cases(req->st, req->keys, &actor, &req->acc, &cf, first_case_id,
		                    &f.existing_case, &total, &err) < 0)
			f.existing_case = 0;
		f.e_general = "Klienten har redan ett öppet ärende. Inget nytt ärende har öppnats.";
		return render_open_form(req, resp, 422, &f);
	}
	if (rc == NRS_EINVAL) {
		open_form_error(req, &f, &err);
		return render_open_form(req, resp, 422, &f);
	}
	if (rc != 0)
		return rc;
	return redirect_case(resp, id, "?klart=oppnat");
}

/* ---- the case page ---- */

struct case_page {
	struct cq_case c;
	unsigned rel;
	const char *reason, *e_reason; /* journal and plan of a protected client */
	const char *done;
	const char *note_text, *e_note;
	int64_t corrects;
	bool plan_posted;
	const char *plan_goals, *plan_planned, *plan_follow_up;
	const char *e_goals, *e_planned, *e_follow_up;
	const char *e_staff, *e_violence;
	const char *closed, *e_closed;
};

struct staff_item {
	int64_t id;
	const char *name;
};
struct staff_list {
	struct request *req;
	struct staff_item *v;
	size_t n, cap;
	int64_t organisation_id;
};

static int collect_staff(int64_t user_id, const char *username, const char *display_name,
                         void *vctx)
{
	struct staff_list *l = vctx;
	struct staff_item *nv = listing_grow(l->v, l->n, &l->cap, sizeof(*nv));

	(void)username;
	if (nv == NULL)
		return NRS_ENOMEM;
	l->v = nv;
	l->v[l->n].id = user_id;
	l->v[l->n].name = req_strdup(l->req, display_name ? display_name : "");
	if (l->v[l->n].name == NULL)
		return NRS_ENOMEM;
	l->n++;
	return 0;
}

/* Active users of the case's organisation who could work a case. */
static int collect_candidate(const struct account *a, void *vctx)
{
	struct staff_list *l = vctx;

	if (!a->active || a->organisation_id != l->organisation_id ||
	    !policy_allows_some(a->roles, REC_CASE, ACT_UPDATE))
		return 0;
	return collect_staff(a->id, a->username, a->display_name, vctx);
}

static int put_staff(struct request *req, struct html *h, const struct case_page *p,
                     bool may_update)
{
	struct staff_list cur = {req, NULL, 0, 0, 0}, cand = {req, NULL, 0, 0, 0};
	int rc = casequery_case_staff(req->st, p->c.id, collect_staff, &cur);

	cand.organisation_id = p->c.organisation_id;
	if (rc == 0 && may_update && p->c.closed[0] == '\0')
		rc = account_list(req->st, collect_candidate, &cand);
	if (rc != 0)
		goto out;
	html_raw_trusted(h, "<section aria-labelledby=\"personal\"><h2 id=\"personal\">"
	                    "Handläggare</h2>\n");
	if (!(may_update && p->c.closed[0] == '\0'))
		field_error(h, "anvandare", p->e_staff);
	html_raw_trusted(h, "<ul>\n");
	for (size_t i = 0; i < cur.n; i++) {
		html_raw_trusted(h, "<li>");
		html_text(h, cur.v[i].name);
		if (may_update && p->c.closed[0] == '\0') {
			char id[24];

			snprintf(id, sizeof(id), "%" PRId64, cur.v[i].id);
			html_raw_trusted(h, " <form method=\"post\" action=\"/cases/");
			html_int(h, p->c.id);
			html_raw_trusted(h, "/staff\">");
			html_csrf_input(h, req->csrf);
			html_raw_trusted(h,
			                 "<input type=\"hidden\" name=\"atgard\" value=\"ta_bort\">"
			                 "<input type=\"hidden\" name=\"anvandare\" value=\"");
			html_attr(h, id);
			html_raw_trusted(h, "\"><button type=\"submit\" class=\"link\" "
			                    "aria-label=\"Ta bort ");
			html_attr(h, cur.v[i].name);
			html_raw_trusted(h, "\">Ta bort</button></form>");
		}
		html_raw_trusted(h, "</li>\n");
	}
	if (cur.n == 0)
		html_raw_trusted(h, "<li>Ingen är tilldelad ärendet.</li>\n");
	html_raw_trusted(h, "</ul>\n");
	if (may_update && p->c.closed[0] == '\0') {
		html_raw_trusted(h, "<form method=\"post\" action=\"/cases/");
		html_int(h, p->c.id);
		html_raw_trusted(h, "/staff\" class=\"form\">\n");
		html_csrf_input(h, req->csrf);
		html_raw_trusted(h, "<input type=\"hidden\" name=\"atgard\" value=\"tilldela\">\n");
		field_select_open(h, "tilldela", "Tilldela medarbetare", p->e_staff,
		                  "Välj medarbetare");
		for (size_t i = 0; i < cand.n; i++) {
			char id[24];
			bool assigned = false;

			/* staff already on the case are not offered again */
			for (size_t k = 0; k < cur.n && !assigned; k++)
				assigned = cur.v[k].id == cand.v[i].id;
			if (assigned)
				continue;
			snprintf(id, sizeof(id), "%" PRId64, cand.v[i].id);
			field_option(h, id, cand.v[i].name, false);
		}
		field_select_close(h);
		html_raw_trusted(h, "<p><button type=\"submit\">Tilldela</button></p>\n</form>\n");
	}
	html_raw_trusted(h, "</section>\n");
out:
	free(cur.v);
	free(cand.v);
	return rc;
}

struct violence_set {
	unsigned bits; /* bit i: casework_violence[i] */
};

static int collect_violence(const char *type, void *vctx)
{
	struct violence_set *v = vctx;

	for (unsigned i = 0; casework_violence[i].key; i++)
		if (strcmp(casework_violence[i].key, type) == 0)
			v->bits |= 1u << i;
	return 0;
}

static int put_violence(struct request *req, struct html *h, const struct case_page *p,
                        bool may_update)
{
	struct violence_set v = {0};
	bool any = false;
	int rc = casequery_case_violence(req->st, p->c.id, collect_violence, &v);

	if (rc != 0)
		return rc;
	html_raw_trusted(h, "<section aria-labelledby=\"vald\"><h2 id=\"vald\">Våldstyper</h2>\n");
	if (!may_update || p->c.closed[0] != '\0') {
		html_raw_trusted(h, "<ul>\n");
		for (unsigned i = 0; casework_violence[i].key; i++)
			if (v.bits & (1u << i)) {
				html_raw_trusted(h, "<li>");
				html_text(h, casework_violence[i].label);
				html_raw_trusted(h, "</li>\n");
				any = true;
			}
		if (!any)
			html_raw_trusted(h, "<li>Inga våldstyper registrerade.</li>\n");
		html_raw_trusted(h, "</ul>\n</section>\n");
		return 0;
	}
	html_raw_trusted(h, "<form method=\"post\" action=\"/cases/");
	html_int(h, p->c.id);
	html_raw_trusted(h, "/violence\" class=\"form\">\n");
	html_csrf_input(h, req->csrf);
	html_raw_trusted(h, p->e_violence ? "<fieldset class=\"field has-error\" "
	                                    "aria-describedby=\"e-valdstyp\">\n"
	                                  : "<fieldset class=\"field\">\n");
	html_raw_trusted(h, "<legend>Våld som förekommer i ärendet (registrerade typer står "
	                    "kvar)</legend>\n");
	field_error(h, "valdstyp", p->e_violence);
	for (unsigned i = 0; casework_violence[i].key; i++)
		field_checkbox(h, "valdstyp", casework_violence[i].key, casework_violence[i].label,
		               (v.bits & (1u << i)) != 0);
	html_raw_trusted(h, "</fieldset>\n<p><button type=\"submit\">Spara våldstyper</button>"
	                    "</p>\n</form>\n</section>\n");
	return 0;
}

static void put_plan_form(struct request *req, struct html *h, const struct case_page *p,
                          const struct plan_view *plan, const struct casework_options *types)
{
	const char *goals = p->plan_posted ? p->plan_goals : plan ? plan->goals : NULL;
	const char *planned = p->plan_posted ? p->plan_planned : plan ? plan->planned : NULL;
	const char *follow = p->plan_posted ? p->plan_follow_up : plan ? plan->follow_up : NULL;

	html_raw_trusted(h, "<form method=\"post\" action=\"/cases/");
	html_int(h, p->c.id);
	html_raw_trusted(h, "/plan\" class=\"form\">\n");
	html_csrf_input(h, req->csrf);
	field_textarea(h, "mal", "Mål", goals, p->e_goals, 4, true);
	field_select_open(h, "planerad_insats", "Planerad insats", p->e_planned, "Ingen vald");
	for (size_t i = 0; i < types->n; i++)
		field_option(h, types->v[i].key, types->v[i].label,
		             planned && strcmp(planned, types->v[i].key) == 0);
	field_select_close(h);
	field_input(h, "uppfoljning", "Uppföljningsdatum (ÅÅÅÅ-MM-DD)", "date", follow,
	            p->e_follow_up, "off", false);
	html_raw_trusted(h, plan ? "<p><button type=\"submit\">Spara ny version av planen</button>"
	                           "</p>\n</form>\n"
	                         : "<p><button type=\"submit\">Spara planen</button></p>\n"
	                           "</form>\n");
}

static int put_plan_form_only(struct request *req, struct html *h, const struct case_page *p)
{
	struct casework_options types;
	int rc = casework_type_options(req, &types);

	if (rc == 0) {
		html_raw_trusted(h, "<section aria-labelledby=\"plan\"><h2 id=\"plan\">"
		                    "Genomförandeplan</h2>\n");
		put_plan_form(req, h, p, NULL, &types);
		html_raw_trusted(h, "</section>\n");
	}
	casework_options_free(&types);
	return rc;
}

static int put_plan(struct request *req, struct html *h, const struct case_page *p,
                    const char *reason, bool may_write)
{
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct plan_view *plan = NULL;
	struct casework_options types = {0};
	int rc;

	casework_actor(req, &actor);
	rc = clientsvc_plan_get(req->st, req->keys, &actor, p->c.id, reason, &plan, &err);
	if (rc == NRS_ENOTFOUND)
		rc = 0;
	if (rc == 0)
		rc = casework_type_options(req, &types);
	if (rc != 0)
		goto out;
	html_raw_trusted(h, "<section aria-labelledby=\"plan\"><h2 id=\"plan\">Genomförandeplan"
	                    "</h2>\n");
	if (plan != NULL) {
		char at[20];

		time_utc_to_local(plan->updated_at, at);
		html_raw_trusted(h, "<dl class=\"facts\">\n<dt>Mål</dt><dd class=\"text\">");
		html_text(h, plan->goals);
		html_raw_trusted(h, "</dd>\n<dt>Planerad insats</dt><dd>");
		if (plan->planned[0])
			html_text(h, casework_option_label(&types, plan->planned));
		else
			html_raw_trusted(h, "–");
		html_raw_trusted(h, "</dd>\n<dt>Uppföljning</dt><dd>");
		if (plan->follow_up[0])
			html_text(h, plan->follow_up);
		else
			html_raw_trusted(h, "–");
		html_raw_trusted(h, "</dd>\n<dt>Senast ändrad</dt><dd>");
		html_text(h, at);
		html_raw_trusted(h, "</dd>\n</dl>\n");
	} else {
		html_raw_trusted(h, "<p>Ärendet har ingen genomförandeplan ännu.</p>\n");
	}
	if (may_write && p->c.closed[0] == '\0')
		put_plan_form(req, h, p, plan, &types);
	html_raw_trusted(h, "</section>\n");
out:
	clientsvc_plan_free(plan);
	casework_options_free(&types);
	return rc;
}

struct note_item {
	int64_t id, corrects, corrected_by;
	const char *written_at, *author, *text;
};
struct note_list {
	struct request *req;
	struct note_item *v;
	size_t n, cap;
};

static int collect_note(const struct note_view *note, void *vctx)
{
	struct note_list *l = vctx;
	struct note_item *nv = listing_grow(l->v, l->n, &l->cap, sizeof(*nv)), *it;
	char at[20];

	if (nv == NULL)
		return NRS_ENOMEM;
	l->v = nv;
	it = &l->v[l->n];
	time_utc_to_local(note->written_at, at);
	it->id = note->id;
	it->corrects = note->corrects;
	it->corrected_by = note->corrected_by;
	it->written_at = req_strdup(l->req, at);
	it->author = req_strdup(l->req, note->author_name ? note->author_name : "okänd");
	it->text = req_strdup(l->req, note->text);
	if (!it->written_at || !it->author || !it->text)
		return NRS_ENOMEM;
	l->n++;
	return 0;
}

static void put_note_form(struct request *req, struct html *h, const struct case_page *p)
{
	html_raw_trusted(h, "<form method=\"post\" action=\"/cases/");
	html_int(h, p->c.id);
	html_raw_trusted(h, "/notes\" class=\"form\" id=\"ny-anteckning\">\n");
	html_csrf_input(h, req->csrf);
	if (p->corrects > 0) {
		char id[24];

		snprintf(id, sizeof(id), "%" PRId64, p->corrects);
		html_raw_trusted(h, "<input type=\"hidden\" name=\"rattar\" value=\"");
		html_attr(h, id);
		html_raw_trusted(h, "\">\n<p>Du skriver en rättelse av anteckning nr ");
		html_int(h, p->corrects);
		html_raw_trusted(h, ". Den rättade anteckningen står kvar oförändrad.</p>\n");
	}
	field_textarea(h, "text", p->corrects > 0 ? "Rättelse" : "Ny anteckning", p->note_text,
	               p->e_note, 5, true);
	html_raw_trusted(h, "<p><button type=\"submit\">Spara och signera</button></p>\n"
	                    "</form>\n");
}

static int put_journal(struct request *req, struct html *h, const struct case_page *p,
                       const char *reason, bool may_write)
{
	struct note_list l = {req, NULL, 0, 0};
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	int rc;

	casework_actor(req, &actor);
	rc = clientsvc_notes_read(req->st, req->keys, &actor, p->c.id, reason, collect_note, &l,
	                          &err);
	if (rc != 0)
		goto out;
	html_raw_trusted(h, "<section aria-labelledby=\"journal\"><h2 id=\"journal\">Journal</h2>\n"
	                    "<p>Anteckningar signeras när de sparas och kan inte ändras. Ett fel "
	                    "rättas med en ny anteckning.</p>\n");
	if (may_write && (p->c.closed[0] == '\0' || p->corrects > 0))
		put_note_form(req, h, p);
	if (l.n == 0)
		html_raw_trusted(h, "<p>Inga anteckningar ännu.</p>\n");
	/* newest first */
	for (size_t k = l.n; k-- > 0;) {
		const struct note_item *it = &l.v[k];

		html_raw_trusted(h, "<article class=\"note\" id=\"anteckning-");
		html_int(h, it->id);
		html_raw_trusted(h, "\"><h3>");
		html_text(h, it->written_at);
		html_raw_trusted(h, " · ");
		html_text(h, it->author);
		html_raw_trusted(h, "</h3>\n");
		if (it->corrects > 0) {
			html_raw_trusted(h, "<p><em>Rättelse av <a href=\"#anteckning-");
			html_int(h, it->corrects);
			html_raw_trusted(h, "\">anteckning nr ");
			html_int(h, it->corrects);
			html_raw_trusted(h, "</a></em></p>\n");
		}
		html_raw_trusted(h, "<p class=\"text\">");
		html_text(h, it->text);
		html_raw_trusted(h, "</p>\n<p class=\"meta\">Anteckning nr ");
		html_int(h, it->id);
		html_raw_trusted(h, ", signerad");
		if (it->corrected_by > 0) {
			html_raw_trusted(h, " · <strong>rättad i <a href=\"#anteckning-");
			html_int(h, it->corrected_by);
			html_raw_trusted(h, "\">anteckning nr ");
			html_int(h, it->corrected_by);
			html_raw_trusted(h, "</a></strong>");
		}
		if (may_write) {
			html_raw_trusted(h, " · <a href=\"/cases/");
			html_int(h, p->c.id);
			html_raw_trusted(h, "?rattar=");
			html_int(h, it->id);
			html_raw_trusted(h, "#ny-anteckning\">Rättelse</a>");
		}
		html_raw_trusted(h, "</p>\n</article>\n");
	}
	html_raw_trusted(h, "</section>\n");
out:
	free(l.v);
	return rc;
}

static void put_reveal_form(struct request *req, struct html *h, const struct case_page *p)
{
	html_raw_trusted(h, "<section aria-labelledby=\"skyddat\" class=\"panel\"><h2 "
	                    "id=\"skyddat\">Journal och genomförandeplan</h2>\n<p>Klienten har "
	                    "skyddade personuppgifter. Ange varför du öppnar journalen och "
	                    "planen; skälet sparas i loggen.</p>\n<form method=\"post\" "
	                    "action=\"/cases/");
	html_int(h, p->c.id);
	html_raw_trusted(h, "/reveal\" class=\"form\">\n");
	html_csrf_input(h, req->csrf);
	field_textarea(h, "skal", "Skäl", p->reason, p->e_reason, 2, true);
	html_raw_trusted(h, "<p><button type=\"submit\">Visa journal och plan</button></p>\n"
	                    "</form>\n</section>\n");
}

static const char *scale_label(const struct instrument *inst, int value)
{
	for (int k = 0; inst != NULL && k < inst->nscale; k++)
		if (inst->scale[k].value == value)
			return inst->scale[k].label;
	return NULL;
}

struct risk_rows {
	struct html *h;
	size_t n;
};

static int put_risk_row(const struct risk_view *v, void *vctx)
{
	struct risk_rows *r = vctx;
	struct html *h = r->h;

	html_raw_trusted(h, "<tr><th scope=\"row\">");
	html_text(h, v->assessed);
	html_raw_trusted(h, "</th><td>");
	html_text(h, v->instrument_name);
	html_raw_trusted(h, " (version ");
	html_text(h, v->instrument_version);
	html_raw_trusted(h, ")</td><td>");
	html_text(h, v->assessor_name ? v->assessor_name : "okänd");
	html_raw_trusted(h, "</td><td>");
	html_int(h, v->sum);
	html_raw_trusted(h, "</td><td><strong>");
	html_text(h, risk_level_label(v->level));
	html_raw_trusted(h, "</strong></td><td>");
	if (v->instrument != NULL) {
		html_raw_trusted(h, "<details><summary>Svar</summary><ol>\n");
		for (size_t i = 0; i < v->nanswers; i++) {
			const char *lbl = scale_label(v->instrument, v->answers[i]);

			html_raw_trusted(h, "<li>");
			html_text(h, v->instrument->items[i].label);
			html_raw_trusted(h, ": ");
			if (lbl)
				html_text(h, lbl);
			else
				html_int(h, v->answers[i]);
			html_raw_trusted(h, "</li>\n");
		}
		html_raw_trusted(h, "</ol></details>");
	} else {
		html_raw_trusted(h, "–");
	}
	html_raw_trusted(h, "</td></tr>\n");
	r->n++;
	return 0;
}

static void instrument_select(struct html *h, const char *selected, const char *error)
{
	field_select_open(h, "instrument", "Instrument", error, "Välj instrument");
	for (size_t i = 0; i < risksvc_instrument_count(); i++) {
		const struct instrument *inst = risksvc_instrument_at(i);

		field_option(h, inst->id, inst->name, selected && strcmp(selected, inst->id) == 0);
	}
	field_select_close(h);
}

static int put_risk(struct request *req, struct html *h, const struct case_page *p, bool may_create)
{
	struct risk_rows r = {h, 0};
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	enum risk_level level;
	char assessed[11];
	int rc;

	casework_actor(req, &actor);
	html_raw_trusted(h, "<section aria-labelledby=\"risk\"><h2 id=\"risk\">Riskbedömningar"
	                    "</h2>\n<p>Senaste risknivå: <strong>");
	rc = risksvc_latest_case(req->st, p->c.id, &level, assessed);
	if (rc == 0) {
		html_text(h, risk_level_label(level));
		html_raw_trusted(h, "</strong> (");
		html_text(h, assessed);
		html_raw_trusted(h, ")</p>\n");
	} else if (rc == NRS_ENOTFOUND) {
		html_raw_trusted(h, "ingen bedömning</strong></p>\n");
	} else {
		return rc;
	}
	if (may_create && p->c.closed[0] == '\0') {
		html_raw_trusted(h, "<form method=\"get\" action=\"/cases/");
		html_int(h, p->c.id);
		html_raw_trusted(h, "/risk/new\" class=\"form\">\n");
		instrument_select(h, NULL, NULL);
		html_raw_trusted(h, "<p><button type=\"submit\">Ny riskbedömning</button></p>\n"
		                    "</form>\n");
	}
	html_raw_trusted(h, "<table>\n<caption>Gjorda bedömningar, senaste först</caption>\n"
	                    "<thead><tr><th scope=\"col\">Datum</th><th scope=\"col\">Instrument"
	                    "</th><th scope=\"col\">Bedömare</th><th scope=\"col\">Summa</th>"
	                    "<th scope=\"col\">Nivå</th><th scope=\"col\">Svar</th></tr></thead>\n"
	                    "<tbody>\n");
	rc = risksvc_list(req->st, req->keys, &actor, p->c.id, put_risk_row, &r, &err);
	if (rc != 0)
		return rc;
	if (r.n == 0)
		html_raw_trusted(h, "<tr><td colspan=\"6\">Inga riskbedömningar.</td></tr>\n");
	html_raw_trusted(h, "</tbody>\n</table>\n</section>\n");
	return 0;
}

struct iv_rows {
	struct request *req;
	struct html *h;
	size_t n;
};

/* The name of the municipality that decided an intervention (the code if it is unknown).
 * Looked up per row: listing every municipality for the few decisions a case has cost more
 * than the rest of the case page together. */
static void put_municipality(struct request *req, struct html *h, const char *code)
{
	char name[256];

	if (code != NULL && store_municipality_exists(req->st, code, name, sizeof(name)) == 1)
		html_text(h, name);
	else
		html_text(h, code != NULL ? code : "");
}

static int put_iv_row(const struct intervention_row *row, void *vctx)
{
	struct iv_rows *r = vctx;
	struct html *h = r->h;

	html_raw_trusted(h, "<tr><th scope=\"row\"><a href=\"/interventions/");
	html_int(h, row->id);
	html_raw_trusted(h, "\">");
	html_text(h, row->type_label);
	html_raw_trusted(h, "</a></th><td>");
	html_text(h, row->requested);
	html_raw_trusted(h, "</td><td>");
	html_text(h, row->started ? row->started : "–");
	html_raw_trusted(h, "</td><td>");
	html_text(h, row->ended ? row->ended : "–");
	html_raw_trusted(h, "</td><td>");
	if (strcmp(row->basis, "aid_decision") == 0) {
		html_raw_trusted(h, "Biståndsbeslut, ");
		put_municipality(r->req, h, row->decision_municipality);
		html_raw_trusted(h, " ");
		html_text(h, row->decision_date);
		if (row->decision_ref) {
			html_raw_trusted(h, " (");
			html_text(h, row->decision_ref);
			html_raw_trusted(h, ")");
		}
	} else {
		html_raw_trusted(h, "Serviceinsats");
	}
	html_raw_trusted(h, "</td><td>");
	html_int(h, row->sessions_held);
	html_raw_trusted(h, "</td></tr>\n");
	r->n++;
	return 0;
}

static int put_interventions(struct request *req, struct html *h, const struct case_page *p,
                             bool may_create)
{
	struct iv_rows r = {req, h, 0};
	int rc;

	html_raw_trusted(h, "<section aria-labelledby=\"insatser\"><h2 id=\"insatser\">Insatser"
	                    "</h2>\n");
	if (may_create && p->c.closed[0] == '\0') {
		html_raw_trusted(h, "<p><a class=\"button\" href=\"/interventions/new?case=");
		html_int(h, p->c.id);
		html_raw_trusted(h, "\">Ny insats</a></p>\n");
	}
	html_raw_trusted(h, "<table>\n<caption>Ärendets insatser</caption>\n<thead><tr>"
	                    "<th scope=\"col\">Insats</th><th scope=\"col\">Begärd</th>"
	                    "<th scope=\"col\">Start</th><th scope=\"col\">Slut</th>"
	                    "<th scope=\"col\">Grund</th><th scope=\"col\">Hållna samtal</th>"
	                    "</tr></thead>\n<tbody>\n");
	rc = casequery_case_interventions(req->st, p->c.id, put_iv_row, &r);
	if (rc != 0)
		return rc;
	if (r.n == 0)
		html_raw_trusted(h, "<tr><td colspan=\"6\">Inga insatser.</td></tr>\n");
	html_raw_trusted(h, "</tbody>\n</table>\n</section>\n");
	return 0;
}

static void put_close(struct request *req, struct html *h, const struct case_page *p)
{
	char today[11];

	today_text(today);
	html_raw_trusted(h, "<section aria-labelledby=\"avsluta\"><h2 id=\"avsluta\">Avsluta "
	                    "ärendet</h2>\n<form method=\"post\" action=\"/cases/");
	html_int(h, p->c.id);
	html_raw_trusted(h, "/close\" class=\"form\">\n");
	html_csrf_input(h, req->csrf);
	field_input(h, "avslutat", "Avslutat (ÅÅÅÅ-MM-DD)", "date", p->closed ? p->closed : today,
	            p->e_closed, "off", true);
	html_raw_trusted(h, "<p><button type=\"submit\">Avsluta ärendet</button></p>\n</form>\n"
	                    "</section>\n");
}

static void put_header(struct request *req, struct html *h, const struct case_page *p, bool risk)
{
	enum risk_level level;
	char assessed[11];

	html_raw_trusted(h, "<dl class=\"facts\">\n<dt>Klient</dt><dd><a href=\"/clients/");
	html_int(h, p->c.client_id);
	html_raw_trusted(h, "\">");
	html_text(h, p->c.client_code);
	html_raw_trusted(h, "</a>");
	if (p->c.client_protected)
		html_raw_trusted(h, " (skyddade personuppgifter)");
	html_raw_trusted(h, "</dd>\n<dt>Öppnat</dt><dd>");
	html_text(h, p->c.opened);
	html_raw_trusted(h, "</dd>\n<dt>Status</dt><dd>");
	if (p->c.closed[0]) {
		html_raw_trusted(h, "Avslutat ");
		html_text(h, p->c.closed);
	} else {
		html_raw_trusted(h, "Öppet");
	}
	html_raw_trusted(h, "</dd>\n<dt>Kontakten kom via</dt><dd>");
	html_text(h, casework_label_of(casework_sources, p->c.referral_source));
	html_raw_trusted(h, "</dd>\n<dt>Remitterande kommun</dt><dd>");
	html_text(h, p->c.referring_name[0] ? p->c.referring_name : "–");
	html_raw_trusted(h, "</dd>\n<dt>Verksamhet</dt><dd>");
	html_text(h, p->c.organisation_name);
	html_raw_trusted(h, "</dd>\n");
	if (risk) {
		html_raw_trusted(h, "<dt>Senaste risknivå</dt><dd>");
		if (risksvc_latest_case(req->st, p->c.id, &level, assessed) == 0) {
			html_text(h, risk_level_label(level));
			html_raw_trusted(h, " (");
			html_text(h, assessed);
			html_raw_trusted(h, ")");
		} else {
			html_raw_trusted(h, "Ingen bedömning");
		}
		html_raw_trusted(h, "</dd>\n");
	}
	html_raw_trusted(h, "</dl>\n");
}

static const char *done_text(const char *done)
{
	static const struct casework_label texts[] = {
	    {"oppnat", "Ärendet är öppnat."},
	    {"personal", "Handläggarna är ändrade."},
	    {"vald", "Våldstyperna är sparade."},
	    {"plan", "Genomförandeplanen är sparad."},
	    {"anteckning", "Anteckningen är sparad och signerad."},
	    {"avslutat", "Ärendet är avslutat."},
	    {NULL, NULL}};

	for (const struct casework_label *t = texts; t->key; t++)
		if (done && strcmp(done, t->key) == 0)
			return t->label;
	return NULL;
}

/* The case page. reason: for a protected client, the stated reason that opens journal and
 * plan (already checked non-blank), or NULL. The read is audited first. */
static int render_case(struct request *req, struct response *resp, int status, struct case_page *p,
                       const char *reason)
{
	bool content = casework_sees_content(req, p->rel);
	bool may_update = policy_allows(req->acc.roles, p->rel, REC_CASE, ACT_UPDATE);
	bool journal_write = policy_allows(req->acc.roles, p->rel, REC_JOURNAL, ACT_CREATE);
	bool risk_read = policy_allows(req->acc.roles, p->rel, REC_RISK, ACT_READ);
	bool risk_create = policy_allows(req->acc.roles, p->rel, REC_RISK, ACT_CREATE);
	bool iv_list = policy_allows(req->acc.roles, p->rel, REC_INTERVENTION, ACT_LIST);
	bool iv_create = policy_allows(req->acc.roles, p->rel, REC_INTERVENTION, ACT_CREATE);
	bool open_journal = content && (!p->c.client_protected || reason != NULL);
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	const char *done = done_text(p->done);
	struct html h;
	char title[64];
	int rc;

	casework_actor(req, &actor);
	/* outside a transaction: committed at once, or with the request's other access rows
	 * before the page is sent (audit_defer_begin in server.c) */
	rc = casequery_audit(req->st, req->keys, &actor, "read", "case", p->c.id, NULL, &err);
	if (rc != 0)
		return rc;

	snprintf(title, sizeof(title), "Ärende %" PRId64 " (%s)", p->c.id, p->c.client_code);
	resp->status = status;
	html_init(&h, &resp->body);
	layout_begin(&h, req, title);
	html_raw_trusted(&h, "<h1>Ärende ");
	html_int(&h, p->c.id);
	html_raw_trusted(&h, " · ");
	html_text(&h, p->c.client_code);
	html_raw_trusted(&h, "</h1>\n");
	if (done != NULL)
		layout_notice(&h, done);
	if (p->done && strcmp(p->done, "risk") == 0 && risk_read) {
		enum risk_level lv;
		char assessed[11];

		/* the level from the register, not from the link: a link cannot fake it */
		html_raw_trusted(&h, "<div class=\"notice\" role=\"status\"><p>Riskbedömningen är "
		                     "sparad.");
		if (risksvc_latest_case(req->st, p->c.id, &lv, assessed) == 0) {
			html_raw_trusted(&h, " Senaste risknivå: <strong>");
			html_text(&h, risk_level_label(lv));
			html_raw_trusted(&h, "</strong>.");
		}
		html_raw_trusted(&h, "</p></div>\n");
	}
	if (status == 422 && p->e_reason == NULL)
		layout_alert(&h, "Uppgifterna sparades inte. Rätta det som är markerat nedan.");
	put_header(req, &h, p, risk_read);
	rc = 0;
	if (content)
		rc = put_staff(req, &h, p, may_update);
	if (rc == 0 && content)
		rc = put_violence(req, &h, p, may_update);
	if (rc == 0 && content && !open_journal) {
		if (p->c.assigned) {
			put_reveal_form(req, &h, p);
		} else {
			html_raw_trusted(
			    &h, "<section class=\"panel\"><h2>Journal och "
			        "genomförandeplan</h2>\n<p>Klienten har skyddade "
			        "personuppgifter. Journal och plan visas bara för personal "
			        "som är tilldelad ärendet.</p>\n</section>\n");
		}
		if (journal_write && p->c.closed[0] == '\0') {
			html_raw_trusted(&h, "<section aria-labelledby=\"journal\"><h2 "
			                     "id=\"journal\">Ny journalanteckning</h2>\n");
			put_note_form(req, &h, p);
			html_raw_trusted(&h, "</section>\n");
		}
		/* a plan that failed validation comes back with what was typed */
		if (journal_write && p->plan_posted)
			rc = put_plan_form_only(req, &h, p);
	}
	if (rc == 0 && open_journal)
		rc = put_plan(req, &h, p, reason, journal_write);
	if (rc == 0 && open_journal)
		rc = put_journal(req, &h, p, reason, journal_write);
	if (rc == 0 && risk_read)
		rc = put_risk(req, &h, p, risk_create);
	if (rc == 0 && iv_list)
		rc = put_interventions(req, &h, p, iv_create);
	if (rc != 0)
		return rc;
	if (may_update && p->c.closed[0] == '\0')
		put_close(req, &h, p);
	html_raw_trusted(&h, "<p><a href=\"/clients/");
	html_int(&h, p->c.client_id);
	html_raw_trusted(&h, "\">Till klienten</a></p>\n");
	layout_end(&h);
	return h.err;
}

static int case_view_get(struct request *req, struct response *resp)
{
	struct case_page p = {0};
	const char *corr = form_get(&req->query, "rattar");
	int rc = casework_case_load(req, req_param(req, "id"), REC_CASE, ACT_READ, &p.c, &p.rel);

	if (rc != 0)
		return rc;
	p.done = form_get(&req->query, "klart");
	if (corr != NULL && casework_parse_id(corr, &p.corrects) != 0)
		p.corrects = 0;
	return render_case(req, resp, 200, &p, NULL);
}

static int case_reveal_post(struct request *req, struct response *resp)
{
	struct case_page p = {0};
	const char *given;
	char *reason;
	int rc = casework_case_load(req, req_param(req, "id"), REC_JOURNAL, ACT_READ, &p.c, &p.rel);

	if (rc != 0)
		return rc;
	if (!p.c.client_protected)
		return redirect_case(resp, p.c.id, "");
	/* R5: a protected client's journal only to staff assigned to the case */
	if (!p.c.assigned)
		return NRS_EDENIED;
	given = form_get_unique(&req->form, "skal");
	p.reason = given;
	reason = given != NULL ? req_strdup(req, given) : NULL;
	if (reason == NULL || str_trim(reason)[0] == '\0') {
		p.e_reason = "Ange skälet till att du öppnar journalen.";
		return render_case(req, resp, 422, &p, NULL);
	}
	if (strlen(reason) > CLIENT_REASON_MAX_BYTES) {
		p.e_reason = "Skälet får vara högst 1000 byte.";
		return render_case(req, resp, 422, &p, NULL);
	}
	return render_case(req, resp, 200, &p, reason);
}

static int case_staff_post(struct request *req, struct response *resp)
{
	struct case_page p = {0};
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	const char *action = form_get_unique(&req->form, "atgard");
	const char *user = form_get_unique(&req->form, "anvandare");
	int64_t uid = 0;
	int rc = casework_case_load(req, req_param(req, "id"), REC_CASE, ACT_UPDATE, &p.c, &p.rel);

	if (rc != 0)
		return rc;
	if (action != NULL && strcmp(action, "tilldela") == 0)
		user = form_get_unique(&req->form, "tilldela");
	if (action == NULL || (strcmp(action, "tilldela") != 0 && strcmp(action, "ta_bort") != 0)) {
		p.e_staff = "Välj om medarbetaren ska tilldelas eller tas bort.";
	} else if (casework_parse_id(user, &uid) != 0) {
		p.e_staff = "Välj en medarbetare.";
	} else {
		casework_actor(req, &actor);
		rc = strcmp(action, "tilldela") == 0
		         ? clientsvc_case_assign(req->st, req->keys, &actor, p.c.id, uid, &err)
		         : clientsvc_case_unassign(req->st, req->keys, &actor, p.c.id, uid, &err);
		if (rc == NRS_EINVAL || rc == NRS_ENOTFOUND || rc == NRS_ECONFLICT)
			p.e_staff =
			    casework_sentence(req, rc == NRS_ENOTFOUND && err.field[0] == '\0'
			                               ? "medarbetaren är inte tilldelad"
			                               : err.msg);
		else if (rc != 0)
			return rc;
	}
	if (p.e_staff != NULL) {
		/* the relation may have changed: reload before showing the page again */
		rc =
		    casework_case_load(req, req_param(req, "id"), REC_CASE, ACT_READ, &p.c, &p.rel);
		return rc != 0 ? rc : render_case(req, resp, 422, &p, NULL);
	}
	return redirect_case(resp, p.c.id, "?klart=personal#personal");
}

static int case_violence_post(struct request *req, struct response *resp)
{
	struct case_page p = {0};
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	size_t n = 0;
	int rc = casework_case_load(req, req_param(req, "id"), REC_CASE, ACT_UPDATE, &p.c, &p.rel);

	if (rc != 0)
		return rc;
	for (size_t i = 0; i < req->form.n; i++) {
		const char *v = req->form.fields[i].value;

		if (strcmp(req->form.fields[i].name, "valdstyp") != 0)
			continue;
		if (casework_label_of(casework_violence, v) == v)
			p.e_violence = "Okänd våldstyp.";
		n++;
	}
	if (n == 0)
		p.e_violence = "Välj minst en våldstyp.";
	if (p.e_violence != NULL)
		return render_case(req, resp, 422, &p, NULL);
	casework_actor(req, &actor);
	/* all types or none */
	rc = store_tx_begin(req->st);
	for (size_t i = 0; rc == 0 && i < req->form.n; i++)
		if (strcmp(req->form.fields[i].name, "valdstyp") == 0)
			rc = clientsvc_case_violence_add(req->st, req->keys, &actor, p.c.id,
			                                 req->form.fields[i].value, &err);
	if (rc != 0) {
		store_tx_rollback(req->st);
		if (rc != NRS_EINVAL)
			return rc;
		p.e_violence = casework_sentence(req, err.msg);
		return render_case(req, resp, 422, &p, NULL);
	}
	rc = store_tx_commit(req->st);
	if (rc != 0)
		return rc;
	return redirect_case(resp, p.c.id, "?klart=vald#vald");
}

static int case_plan_post(struct request *req, struct response *resp)
{
	struct case_page p = {0};
	struct plan_input in = {0};
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	int rc =
	    casework_case_load(req, req_param(req, "id"), REC_JOURNAL, ACT_CREATE, &p.c, &p.rel);

	if (rc != 0)
		return rc;
	p.plan_posted = true;
	p.plan_goals = form_get_unique(&req->form, "mal");
	p.plan_planned = form_get_unique(&req->form, "planerad_insats");
	p.plan_follow_up = form_get_unique(&req->form, "uppfoljning");
	in.goals = p.plan_goals ? p.plan_goals : "";
	in.planned = p.plan_planned;
	in.follow_up = p.plan_follow_up;
	casework_actor(req, &actor);
	rc = clientsvc_plan_set(req->st, req->keys, &actor, p.c.id, &in, &err);
	if (rc == NRS_EINVAL || rc == NRS_ETOOBIG || rc == NRS_ECONFLICT) {
		const char *msg = casework_sentence(req, err.msg);

		if (strcmp(err.field, "uppfoljning") == 0)
			p.e_follow_up = msg;
		else if (strcmp(err.field, "planerad_insats") == 0)
			p.e_planned = msg;
		else
			p.e_goals = msg;
		/* a protected client's plan form is shown only with the journal opened */
		return render_case(req, resp, 422, &p, NULL);
	}
	if (rc != 0)
		return rc;
	return redirect_case(resp, p.c.id, "?klart=plan#plan");
}

static int case_note_post(struct request *req, struct response *resp)
{
	struct case_page p = {0};
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	const char *corr = form_get_unique(&req->form, "rattar");
	int64_t id = 0;
	int rc =
	    casework_case_load(req, req_param(req, "id"), REC_JOURNAL, ACT_CREATE, &p.c, &p.rel);

	if (rc != 0)
		return rc;
	p.note_text = form_get_unique(&req->form, "text");
	if (corr != NULL && corr[0] != '\0' && casework_parse_id(corr, &p.corrects) != 0) {
		p.e_note = "Anteckningen som ska rättas finns inte.";
		return render_case(req, resp, 422, &p, NULL);
	}
	casework_actor(req, &actor);
	rc = clientsvc_note_add(req->st, req->keys, &actor, p.c.id, p.note_text, p.corrects, &id,
	                        &err);
	if (rc == NRS_EINVAL || rc == NRS_ETOOBIG || rc == NRS_ECONFLICT) {
		p.e_note = casework_sentence(req, err.field[0] && strcmp(err.field, "text") != 0 &&
		                                          strcmp(err.field, "arende") != 0
		                                      ? "anteckningen som ska rättas finns inte i "
		                                        "ärendet"
		                                      : err.msg);
		return render_case(req, resp, 422, &p, NULL);
	}
	if (rc != 0)
		return rc;
	return redirect_case(resp, p.c.id, "?klart=anteckning#journal");
}

static int case_close_post(struct request *req, struct response *resp)
{
	struct case_page p = {0};
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	int rc = casework_case_load(req, req_param(req, "id"), REC_CASE, ACT_UPDATE, &p.c, &p.rel);

	if (rc != 0)
		return rc;
	p.closed = form_get_unique(&req->form, "avslutat");
	casework_actor(req, &actor);
	rc = clientsvc_case_close(req->st, req->keys, &actor, p.c.id, p.closed, &err);
	if (rc == NRS_EINVAL || rc == NRS_ECONFLICT) {
		p.e_closed = casework_sentence(req, err.msg);
		return render_case(req, resp, 422, &p, NULL);
	}
	if (rc != 0)
		return rc;
	return redirect_case(resp, p.c.id, "?klart=avslutat");
}

/* ---- risk assessment form ---- */

struct risk_form {
	const struct instrument *inst;
	const char *assessed;
	int answers[INSTRUMENT_MAX_ITEMS];
	const char *e_instrument, *e_assessed, *e_general;
	const char *e_item[INSTRUMENT_MAX_ITEMS];
};

static int render_risk_form(struct request *req, struct response *resp, int status,
                            const struct case_page *p, const struct risk_form *f)
{
	struct html h;
	char title[64];
	bool any_error = f->e_instrument || f->e_assessed || f->e_general;

	for (int i = 0; f->inst && i < f->inst->nitems; i++)
		any_error = any_error || f->e_item[i];
	snprintf(title, sizeof(title), "Ny riskbedömning (%s)", p->c.client_code);
	resp->status = status;
	html_init(&h, &resp->body);
	layout_begin(&h, req, title);
	html_raw_trusted(&h, "<h1>Ny riskbedömning · ");
	html_text(&h, p->c.client_code);
	html_raw_trusted(&h, "</h1>\n");
	if (any_error)
		layout_alert(&h, f->e_general
		                     ? f->e_general
		                     : "Bedömningen sparades inte. Rätta det som är markerat "
		                       "nedan.");
	if (f->inst == NULL) {
		html_raw_trusted(&h, "<form method=\"get\" action=\"/cases/");
		html_int(&h, p->c.id);
		html_raw_trusted(&h, "/risk/new\" class=\"form\">\n");
		instrument_select(&h, NULL, f->e_instrument);
		html_raw_trusted(&h, "<p><button type=\"submit\">Fortsätt</button></p>\n</form>\n");
	} else {
		html_raw_trusted(&h, "<p>");
		html_text(&h, f->inst->name);
		html_raw_trusted(&h, " (version ");
		html_text(&h, f->inst->version);
		html_raw_trusted(&h, "). Frågornas korta rubriker är våra egna; ställ frågorna "
		                     "enligt instrumentets formulär och manual. Nivån beräknas "
		                     "enligt instrumentets regel när bedömningen sparas och är ett "
		                     "stöd för din professionella bedömning.</p>\n"
		                     "<form method=\"post\" action=\"/cases/");
		html_int(&h, p->c.id);
		html_raw_trusted(&h, "/risk\" class=\"form\">\n");
		html_csrf_input(&h, req->csrf);
		html_raw_trusted(&h, "<input type=\"hidden\" name=\"instrument\" value=\"");
		html_attr(&h, f->inst->id);
		html_raw_trusted(&h, "\">\n");
		field_input(&h, "datum", "Bedömningsdatum (ÅÅÅÅ-MM-DD)", "date", f->assessed,
		            f->e_assessed, "off", true);
		for (int i = 0; i < f->inst->nitems; i++) {
			char name[24];

			snprintf(name, sizeof(name), "fraga_%d", i + 1);
			if (f->e_item[i]) {
				html_raw_trusted(&h, "<fieldset class=\"field has-error\" "
				                     "aria-describedby=\"e-");
				html_attr(&h, name);
				html_raw_trusted(&h, "\">\n<legend>");
			} else {
				html_raw_trusted(&h, "<fieldset class=\"field\">\n<legend>");
			}
			html_int(&h, i + 1);
			html_raw_trusted(&h, ". ");
			html_text(&h, f->inst->items[i].label);
			html_raw_trusted(&h, "</legend>\n");
			field_error(&h, name, f->e_item[i]);
			for (int k = 0; k < f->inst->nscale; k++) {
				char value[16], id[48];

				snprintf(value, sizeof(value), "%d", f->inst->scale[k].value);
				snprintf(id, sizeof(id), "f-%s-%d", name, k);
				html_raw_trusted(&h, "<div class=\"check\"><input type=\"radio\" "
				                     "name=\"");
				html_attr(&h, name);
				html_raw_trusted(&h, "\" id=\"");
				html_attr(&h, id);
				html_raw_trusted(&h, "\" value=\"");
				html_attr(&h, value);
				html_raw_trusted(&h, f->answers[i] == f->inst->scale[k].value
				                         ? "\" checked required> <label for=\""
				                         : "\" required> <label for=\"");
				html_attr(&h, id);
				html_raw_trusted(&h, "\">");
				html_text(&h, f->inst->scale[k].label);
				html_raw_trusted(&h, "</label></div>\n");
			}
			html_raw_trusted(&h, "</fieldset>\n");
		}
		html_raw_trusted(&h, "<p><button type=\"submit\">Spara bedömningen</button> "
		                     "<a href=\"/cases/");
		html_int(&h, p->c.id);
		html_raw_trusted(&h, "#risk\">Avbryt</a></p>\n</form>\n");
	}
	layout_end(&h);
	return h.err;
}

static int case_risk_new_get(struct request *req, struct response *resp)
{
	struct case_page p = {0};
	struct risk_form f = {0};
	const char *id = form_get(&req->query, "instrument");
	char today[11];
	int rc = casework_case_load(req, req_param(req, "id"), REC_RISK, ACT_CREATE, &p.c, &p.rel);

	if (rc != 0)
		return rc;
	if (p.c.closed[0] != '\0')
		return NRS_ECONFLICT;
	f.inst = risksvc_instrument_find(id);
	if (f.inst == NULL && id != NULL && id[0] != '\0')
		f.e_instrument = "Det finns inget sådant instrument.";
	today_text(today);
	f.assessed = today;
	for (int i = 0; i < INSTRUMENT_MAX_ITEMS; i++)
		f.answers[i] = INSTRUMENT_UNANSWERED;
	return render_risk_form(req, resp, f.e_instrument ? 422 : 200, &p, &f);
}

static int case_risk_post(struct request *req, struct response *resp)
{
	struct case_page p = {0};
	struct risk_form f = {0};
	struct risk_assess_input in = {0};
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	bool bad = false;
	int rc = casework_case_load(req, req_param(req, "id"), REC_RISK, ACT_CREATE, &p.c, &p.rel);

	if (rc != 0)
		return rc;
	f.inst = risksvc_instrument_find(form_get_unique(&req->form, "instrument"));
	f.assessed = form_get_unique(&req->form, "datum");
	for (int i = 0; i < INSTRUMENT_MAX_ITEMS; i++)
		f.answers[i] = INSTRUMENT_UNANSWERED;
	if (f.inst == NULL) {
		f.e_instrument = "Välj ett instrument.";
		return render_risk_form(req, resp, 422, &p, &f);
	}
	/* every unanswered item is marked at once */
	for (int i = 0; i < f.inst->nitems; i++) {
		char name[24];
		const char *v;
		int64_t n;

		snprintf(name, sizeof(name), "fraga_%d", i + 1);
		v = form_get_unique(&req->form, name);
		if (v == NULL || v[0] == '\0') {
			f.e_item[i] = "Besvara frågan.";
			bad = true;
		} else if (str_to_i64(v, 0, INSTRUMENT_MAX_VALUE, &n) != 0) {
			f.e_item[i] = "Svaret finns inte på skalan.";
			bad = true;
		} else {
			f.answers[i] = (int)n;
		}
	}
	if (f.assessed == NULL || f.assessed[0] == '\0') {
		f.e_assessed = "Fyll i bedömningsdatum.";
		bad = true;
	}
	if (bad)
		return render_risk_form(req, resp, 422, &p, &f);
	in.case_id = p.c.id;
	in.instrument = f.inst->id;
	in.assessed = f.assessed;
	in.answers = f.answers;
	in.nanswers = (size_t)f.inst->nitems;
	casework_actor(req, &actor);
	rc = risksvc_assess(req->st, req->keys, &actor, &in, NULL, NULL, NULL, &err);
	if (rc == NRS_EINVAL || rc == NRS_ECONFLICT) {
		const char *msg = casework_sentence(req, err.msg);
		int64_t item = 0;

		if (strcmp(err.field, "datum") == 0)
			f.e_assessed = msg;
		else if (str_starts(err.field, "fraga_") &&
		         str_to_i64(err.field + 6, 1, f.inst->nitems, &item) == 0)
			f.e_item[item - 1] = msg;
		else
			f.e_general = msg;
		return render_risk_form(req, resp, 422, &p, &f);
	}
	if (rc != 0)
		return rc;
	return redirect_case(resp, p.c.id, "?klart=risk#risk");
}

/* ---- the start-page panel "Mina ärenden" ---- */

/* A start-page panel of open cases: the centre's staff see their own with the latest risk
 * level; a municipal officer sees the open cases of the municipality's clients, without risk
 * level (no policy row lets them read risk assessments). */
struct panel_ctx {
	struct html *h;
	size_t n;
	bool show_risk;
	const char *caption;
};

static int put_panel_case(const struct cq_case_row *row, void *vctx)
{
	struct panel_ctx *c = vctx;
	enum risk_level level;

	if (c->n == 0) {
		html_raw_trusted(c->h, "<table>\n<caption>");
		html_text(c->h, c->caption);
		html_raw_trusted(c->h, "</caption>\n<thead><tr><th scope=\"col\">Klient</th>"
		                       "<th scope=\"col\">Öppnat</th>");
		if (c->show_risk)
			html_raw_trusted(c->h, "<th scope=\"col\">Risknivå</th>");
		html_raw_trusted(c->h, "</tr></thead>\n<tbody>\n");
	}
	html_raw_trusted(c->h, "<tr><th scope=\"row\"><a href=\"/cases/");
	html_int(c->h, row->id);
	html_raw_trusted(c->h, "\">");
	html_text(c->h, row->client_code);
	html_raw_trusted(c->h, "</a></th><td class=\"date\">");
	html_text(c->h, row->opened);
	html_raw_trusted(c->h, "</td>");
	if (c->show_risk) {
		html_raw_trusted(c->h, "<td>");
		if (row->risk_level != NULL && risk_level_parse(row->risk_level, &level) == 0)
			html_text(c->h, risk_level_label(level));
		else
			html_raw_trusted(c->h, "–");
		html_raw_trusted(c->h, "</td>");
	}
	html_raw_trusted(c->h, "</tr>\n");
	c->n++;
	return 0;
}

static int panel_cases(struct request *req, struct html *h, bool mine, bool show_risk,
                       const char *caption)
{
	struct cq_case_filter f = {0};
	struct panel_ctx c = {h, 0, show_risk, caption};
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	int64_t total = 0;
	int rc;

	casework_actor(req, &actor);
	f.open_only = 1;
	f.mine_only = mine;
	f.limit = MY_CASES_MAX;
	rc = casequery_cases(req->st, req->keys, &actor, &req->acc, &f, put_panel_case, &c, &total,
	                     &err);
	if (rc == NRS_EDENIED)
		return 1;
	if (rc != 0)
		return rc;
	if (c.n == 0)
		return 1;
	html_raw_trusted(h, "</tbody>\n</table>\n");
	if (total > MY_CASES_MAX) {
		html_raw_trusted(h, "<p>");
		html_int(h, total);
		html_raw_trusted(h, " öppna ärenden; de tio senast öppnade visas.</p>\n");
	}
	return 0;
}

int panel_my_cases(struct request *req, struct html *h)
{
	return panel_cases(req, h, true, true, "Dina öppna ärenden (högst 10)");
}

int panel_municipality_cases(struct request *req, struct html *h)
{
	return panel_cases(req, h, false, false, "Öppna ärenden för kommunens invånare (högst 10)");
}

/* /cases/new before /cases/:id: the first matching pattern wins. */
const struct route cases_routes[] = {
    {"GET", "/cases/new", cases_new_get, true, REC_CASE, ACT_CREATE, 0},
    {"POST", "/cases/new", cases_new_post, true, REC_CASE, ACT_CREATE, 0},
    {"GET", "/cases/:id", case_view_get, true, REC_CASE, ACT_READ, 0},
    {"POST", "/cases/:id/reveal", case_reveal_post, true, REC_JOURNAL, ACT_READ, 0},
    {"POST", "/cases/:id/staff", case_staff_post, true, REC_CASE, ACT_UPDATE, 0},
    {"POST", "/cases/:id/violence", case_violence_post, true, REC_CASE, ACT_UPDATE, 0},
    {"POST", "/cases/:id/plan", case_plan_post, true, REC_JOURNAL, ACT_CREATE, 0},
    {"POST", "/cases/:id/notes", case_note_post, true, REC_JOURNAL, ACT_CREATE, 0},
    {"GET", "/cases/:id/risk/new", case_risk_new_get, true, REC_RISK, ACT_CREATE, 0},
    {"POST", "/cases/:id/risk", case_risk_post, true, REC_RISK, ACT_CREATE, 0},
    {"POST", "/cases/:id/close", case_close_post, true, REC_CASE, ACT_UPDATE, 0},
};
ROUTE_TABLE_COUNT(cases);
