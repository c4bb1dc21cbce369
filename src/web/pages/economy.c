/* The economy pages (R24–R30): GET /economy (a year's budget, cost distribution, outcome,
 * quality review and open charges), GET/POST /economy/budget (edit a year), POST
 * /economy/invoices/generate and /economy/distribute, the invoice list and one invoice
 * (print-friendly), and the CSV/XLSX downloads. No personal data anywhere here. */
#include "web/pages/activity.h"
#include "web/pages/economy.h"
#include "web/pages/panels.h"

#include "base/date.h"
#include "base/err.h"
#include "domain/costkey.h"
#include "domain/money.h"
#include "security/economysvc.h"
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
#include <unistd.h>

#define FORM_ROWS_EMPTY 4 /* empty line rows offered after the filled ones */

/* ---- shared with the API (economy.h) ---- */

int economy_may(const struct request *req, enum policy_action action)
{
	/* economy holds no personal data: no relation is needed, the role decides */
	return policy_allows(req->acc.roles, REL_ANY, REC_ECONOMY, action);
}

void economy_kr_plain(int64_t ore, char *out, size_t n)
{
	int64_t a = ore < 0 ? -ore : ore;

	if (a % 100 == 0)
		snprintf(out, n, "%s%" PRId64, ore < 0 ? "-" : "", a / 100);
	else
		snprintf(out, n, "%s%" PRId64 ",%02" PRId64, ore < 0 ? "-" : "", a / 100, a % 100);
}

void economy_percent_plain(int bp, char *out, size_t n)
{
	economysvc_format_percent(bp, out, n);
}

int economy_year_param(const struct request *req, int *year)
{
	const char *s = form_get(&req->query, "year");

	if (s == NULL || s[0] == '\0') {
		*year = date_today().year;
		return 0;
	}
	return economysvc_parse_year(s, "year", year, NULL);
}

/* ---- small writers ---- */

static void kr(struct html *h, int64_t ore)
{
	char t[40];

	money_format_kr(ore, 1, t, sizeof(t));
	html_text(h, t);
}

static void share(struct html *h, int32_t s)
{
	char t[24];

	costkey_format_share(s, 1, t, sizeof(t));
	html_text(h, t);
}

static void year_link(struct html *h, const char *base, int year, const char *label)
{
	html_raw_trusted(h, "<a href=\"");
	html_attr(h, base);
	html_raw_trusted(h, "?year=");
	html_int(h, year);
	html_raw_trusted(h, "\">");
	html_text(h, label);
	html_raw_trusted(h, "</a>");
}

static void distribution_table(struct html *h, const char *caption,
                               const struct economy_distribution *d)
{
	html_raw_trusted(h, "<table>\n<caption>");
	html_text(h, caption);
	html_raw_trusted(h, " (befolkning ");
	html_text(h, d->population_date);
	html_raw_trusted(h, ")</caption>\n<thead><tr><th scope=\"col\">Kommun</th>"
	                    "<th scope=\"col\" class=\"num\">Befolkning</th>"
	                    "<th scope=\"col\" class=\"num\">Andel</th>"
	                    "<th scope=\"col\" class=\"num\">Belopp</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < d->n; i++) {
		html_raw_trusted(h, "<tr><th scope=\"row\">");
		html_text(h, d->rows[i].name);
		html_raw_trusted(h, "</th><td class=\"num\">");
		html_int(h, d->rows[i].population);
		html_raw_trusted(h, "</td><td class=\"num\">");
		share(h, d->rows[i].share);
		html_raw_trusted(h, "</td><td class=\"num\">");
		kr(h, d->rows[i].amount_ore);
		html_raw_trusted(h, "</td></tr>\n");
	}
	html_raw_trusted(h, "</tbody>\n<tfoot><tr><th scope=\"row\">Summa</th><td class=\"num\">");
	html_int(h, d->population_sum);
	html_raw_trusted(h, "</td><td class=\"num\">");
	share(h, COSTKEY_SHARE_WHOLE);
	html_raw_trusted(h, "</td><td class=\"num\">");
	kr(h, d->total_ore);
	html_raw_trusted(h, "</td></tr></tfoot>\n</table>\n");
}

/* A distribution of amount by the key, or the reason it cannot be made. */
static void distribution_or_reason(struct html *h, struct request *req, int year,
                                   const char *caption, int64_t amount)
{
	struct economy_distribution *d = calloc(1, sizeof(*d));
	struct nrs_error err = {0};

	if (d == NULL) {
		h->err = NRS_ENOMEM;
		return;
	}
	if (economysvc_distribute(req->st, year, money_round_kr(amount), d, &err) == 0) {
		distribution_table(h, caption, d);
	} else {
		html_raw_trusted(h, "<p class=\"error\">");
		html_text(h, err.msg);
		html_raw_trusted(h, "</p>\n");
	}
	free(d);
}

static void post_button(struct html *h, struct request *req, const char *action, int year,
                        const char *name, const char *value, const char *label)
{
	html_raw_trusted(h, "<form method=\"post\" class=\"inline\" action=\"");
	html_attr(h, action);
	html_raw_trusted(h, "\">");
	html_csrf_input(h, req->csrf);
	html_raw_trusted(h, "<input type=\"hidden\" name=\"year\" value=\"");
	html_int(h, year);
	html_raw_trusted(h, "\">");
	if (name != NULL) {
		html_raw_trusted(h, "<input type=\"hidden\" name=\"");
		html_attr(h, name);
		html_raw_trusted(h, "\" value=\"");
		html_attr(h, value);
		html_raw_trusted(h, "\">");
	}
	html_raw_trusted(h, "<button type=\"submit\">");
	html_text(h, label);
	html_raw_trusted(h, "</button></form>\n");
}

/* ---- GET /economy ---- */

static int charge_row(const struct charge_row *row, void *ctx)
{
	struct html *h = ctx;

	html_raw_trusted(h, "<tr><td>");
	html_text(h, economysvc_charge_label(row->kind));
	html_raw_trusted(h, "</td><td>");
	html_text(h, row->municipality_name);
	html_raw_trusted(h, "</td><td>");
	html_text(h, row->description);
	html_raw_trusted(h, "</td><td class=\"num\">");
	kr(h, row->amount_ore);
	html_raw_trusted(h, "</td></tr>\n");
	return h->err;
}

static void budget_body(struct html *h, struct request *req, const struct economy_budget *b,
                        bool editor)
{
	char t[64], pct[16];

	html_raw_trusted(h, "<table>\n<caption>Budget ");
	html_int(h, b->year);
	html_raw_trusted(h, "</caption>\n<thead><tr><th scope=\"col\">Kostnad</th>"
	                    "<th scope=\"col\" class=\"num\">Belopp</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < b->nlines; i++) {
		html_raw_trusted(h, "<tr><th scope=\"row\">");
		html_text(h, b->lines[i].label);
		html_raw_trusted(h, "</th><td class=\"num\">");
		kr(h, b->lines[i].amount_ore);
		html_raw_trusted(h, "</td></tr>\n");
	}
	html_raw_trusted(h, "</tbody>\n<tfoot>\n");
	if (b->uprated_from) {
		economy_percent_plain(b->uprate_bp, pct, sizeof(pct));
		snprintf(t, sizeof(t), "%d uppräknat med %s %%", b->uprated_from, pct);
		html_raw_trusted(h, "<tr><th scope=\"row\">");
		html_text(h, t);
		html_raw_trusted(h, "</th><td class=\"num\">");
		kr(h, b->total_ore);
		html_raw_trusted(h, "</td></tr>\n");
	} else {
		html_raw_trusted(h, "<tr><th scope=\"row\">Totalt</th><td class=\"num\">");
		kr(h, b->subtotal_ore);
		economy_percent_plain(b->overhead_bp, pct, sizeof(pct));
		snprintf(t, sizeof(t), "OH-kostnader (%s %%)", pct);
		html_raw_trusted(h, "</td></tr>\n<tr><th scope=\"row\">");
		html_text(h, t);
		html_raw_trusted(h, "</th><td class=\"num\">");
		kr(h, b->overhead_ore);
		html_raw_trusted(h, "</td></tr>\n<tr><th scope=\"row\">Totalt inkl. OH</th>"
		                    "<td class=\"num\">");
		kr(h, b->total_ore);
		html_raw_trusted(h, "</td></tr>\n");
	}
	html_raw_trusted(h, "</tfoot>\n</table>\n<h2>Kostnadsfördelning</h2>\n");
	distribution_or_reason(h, req, b->year, "Fördelning av verksamhetens kostnad",
	                       b->total_ore);
	if (b->coordinator_ore > 0) {
		html_raw_trusted(h, "<h2>Samordnare</h2>\n");
		distribution_or_reason(h, req, b->year, "Fördelning av samordnarens kostnad",
		                       b->coordinator_ore);
	}
	html_raw_trusted(h, "<h2>Kvalitetsgranskning</h2>\n");
	if (b->quality_review_ore > 0) {
		html_raw_trusted(h, "<p>Kostnad: ");
		kr(h, b->quality_review_ore);
		html_raw_trusted(h, ".</p>\n");
		if (b->needs_socsam)
			html_raw_trusted(
			    h, "<p class=\"warning\"><strong>Kräver beslut i SocSam:</strong> "
			       "styrgruppen får besluta om högst 150 000 kr.</p>\n");
		distribution_or_reason(h, req, b->year, "Fördelning av kvalitetsgranskningen",
		                       b->quality_review_ore);
		if (editor)
			post_button(h, req, "/economy/distribute", b->year, "what",
			            "quality_review", "Skapa avgifter för kvalitetsgranskningen");
	} else {
		html_raw_trusted(h,
		                 b->quality_review_year
		                     ? "<p>Året är ett granskningsår men ingen kostnad är angiven."
		                       "</p>\n"
		                     : "<p>Ingen kvalitetsgranskning detta år.</p>\n");
	}
	html_raw_trusted(h, "<h2>Utfall</h2>\n");
	if (!b->has_outcome) {
		html_raw_trusted(h, "<p>Årets utfall är inte registrerat.</p>\n");
	} else {
		html_raw_trusted(h, "<p>Utfall: ");
		kr(h, b->outcome_ore);
		html_raw_trusted(h, ". ");
		if (b->deficit_ore > 0) {
			html_raw_trusted(h, "Underskott: ");
			kr(h, b->deficit_ore);
			html_raw_trusted(h, ", fördelas på kommunerna.</p>\n");
			distribution_or_reason(h, req, b->year, "Fördelning av underskottet",
			                       b->deficit_ore);
			if (editor)
				post_button(h, req, "/economy/distribute", b->year, "what",
				            "deficit", "Skapa avgifter för underskottet");
		} else {
			html_raw_trusted(h, "Överskott: ");
			kr(h, b->carried_over_ore);
			html_raw_trusted(h, ", förs över till nästa år och fördelas inte.</p>\n");
		}
	}
}

static int economy_get(struct request *req, struct response *resp)
{
	struct economy_budget *b = NULL;
	struct nrs_error err = {0};
	const char *done = form_get(&req->query, "done");
	bool editor = economy_may(req, ACT_UPDATE);
	struct html h;
	int year, rc;

	if (!economy_may(req, ACT_READ))
		return NRS_EDENIED;
	if (economy_year_param(req, &year) != 0)
		return NRS_ENOTFOUND;
	b = calloc(1, sizeof(*b));
	if (b == NULL)
		return NRS_ENOMEM;
	html_init(&h, &resp->body);
	layout_begin(&h, req, "Ekonomi");
	html_raw_trusted(&h, "<h1>Ekonomi ");
	html_int(&h, year);
	html_raw_trusted(&h, "</h1>\n<nav aria-label=\"År\"><p>");
	year_link(&h, "/economy", year - 1, "Föregående år");
	html_raw_trusted(&h, " · ");
	year_link(&h, "/economy", year + 1, "Nästa år");
	html_raw_trusted(&h, " · ");
	year_link(&h, "/economy/invoices", year, "Fakturor");
	if (editor) {
		html_raw_trusted(&h, " · ");
		year_link(&h, "/economy/budget", year, "Ändra budgeten");
	}
	html_raw_trusted(&h, "</p></nav>\n");
	if (done && strcmp(done, "saved") == 0)
		layout_notice(&h, "Budgeten är sparad.");
	else if (done && strcmp(done, "distributed") == 0)
		layout_notice(&h, "Avgifterna är skapade. Fakturera dem under Fakturor.");
	rc = economysvc_budget_get(req->st, year, b, &err);
	if (rc == NRS_ENOTFOUND) {
		html_raw_trusted(&h, "<p>");
		html_text(&h, err.msg);
		html_raw_trusted(&h, "</p>\n");
		rc = 0;
	} else if (rc == 0) {
		budget_body(&h, req, b, editor);
	}
	if (rc == 0) {
		html_raw_trusted(&h,
		                 "<h2>Ofakturerade avgifter</h2>\n<table>\n<caption>Avgifter som "
		                 "ännu inte är fakturerade</caption>\n<thead><tr>"
		                 "<th scope=\"col\">Typ</th><th scope=\"col\">Kommun</th>"
		                 "<th scope=\"col\">Beskrivning</th>"
		                 "<th scope=\"col\" class=\"num\">Belopp</th></tr></thead>\n"
		                 "<tbody>\n");
		rc = store_charge_list(req->st, 1, charge_row, &h);
		html_raw_trusted(&h, "</tbody>\n</table>\n");
	}
	free(b);
	if (rc != 0) {
		buf_reset(&resp->body);
		return rc;
	}
	layout_end(&h);
	return h.err;
}

/* ---- GET/POST /economy/budget ---- */

struct line_field {
	const char *label, *amount;
	const char *e_label, *e_amount;
};

struct budget_form {
	const char *year, *overhead, *uprate, *population_date, *coordinator, *quality_review,
	    *outcome, *invoice_date;
	const char *e_year, *e_overhead, *e_uprate, *e_population_date, *e_coordinator,
	    *e_quality_review, *e_outcome, *e_invoice_date, *e_general;
	struct line_field lines[ECONOMY_LINES_MAX];
	size_t nrows;
};

static int render_budget_form(struct request *req, struct response *resp, int status,
                              const struct budget_form *f)
{
	char name[24], label[40];
	struct html h;
	bool failed = f->e_year || f->e_overhead || f->e_uprate || f->e_population_date ||
	              f->e_coordinator || f->e_quality_review || f->e_outcome ||
	              f->e_invoice_date || f->e_general;

	for (size_t i = 0; i < f->nrows; i++)
		failed = failed || f->lines[i].e_label || f->lines[i].e_amount;
	resp->status = status;
	html_init(&h, &resp->body);
	layout_begin(&h, req, "Ändra budget");
	html_raw_trusted(&h, "<h1>Ändra budget</h1>\n");
	if (failed)
		activity_form_alert(&h, f->e_general ? f->e_general : "Budgeten sparades inte.");
	html_raw_trusted(&h, "<form method=\"post\" action=\"/economy/budget\" class=\"form\">\n");
	html_csrf_input(&h, req->csrf);
	field_input(&h, "year", "År", "text", f->year, f->e_year, "off", true);
	html_raw_trusted(&h, "<fieldset>\n<legend>Kostnadsrader (kronor)</legend>\n<p>Tomma rader "
	                     "räknas inte. Utan rader räknas förra årets total upp med "
	                     "uppräkningen.</p>\n");
	for (size_t i = 0; i < f->nrows; i++) {
		snprintf(name, sizeof(name), "label_%zu", i + 1);
		snprintf(label, sizeof(label), "Kostnad, rad %zu", i + 1);
		field_input(&h, name, label, "text", f->lines[i].label, f->lines[i].e_label, "off",
		            false);
		snprintf(name, sizeof(name), "amount_%zu", i + 1);
		snprintf(label, sizeof(label), "Belopp, rad %zu", i + 1);
		field_input(&h, name, label, "text", f->lines[i].amount, f->lines[i].e_amount,
		            "off", false);
	}
	html_raw_trusted(&h, "</fieldset>\n");
	field_input(&h, "overhead", "Påslag för OH-kostnader (%)", "text", f->overhead,
	            f->e_overhead, "off", true);
	field_input(&h, "uprate", "Årlig uppräkning (%)", "text", f->uprate, f->e_uprate, "off",
	            true);
	field_input(&h, "population_date",
	            "Befolkningens referensdatum (tomt: 1 november två år "
	            "före)",
	            "date", f->population_date, f->e_population_date, "off", false);
	field_input(&h, "coordinator", "Samordnarens kostnad att fördela (kronor)", "text",
	            f->coordinator, f->e_coordinator, "off", false);
	field_input(&h, "quality_review", "Kvalitetsgranskning (kronor)", "text", f->quality_review,
	            f->e_quality_review, "off", false);
	field_input(&h, "outcome", "Årets utfall (kronor, tomt om okänt)", "text", f->outcome,
	            f->e_outcome, "off", false);
	field_input(&h, "invoice_date", "Datum för årsfakturorna (tomt: 15 januari)", "date",
	            f->invoice_date, f->e_invoice_date, "off", false);
	html_raw_trusted(&h, "<p><button type=\"submit\">Spara</button> <a href=\"/economy\">"
	                     "Avbryt</a></p>\n</form>\n");
	layout_end(&h);
	return h.err;
}

static const char *dup_kr(struct request *req, int64_t ore)
{
	char t[40];

	economy_kr_plain(ore, t, sizeof(t));
	return req_strdup(req, t);
}

static const char *dup_pct(struct request *req, int bp)
{
	char t[24];

	economy_percent_plain(bp, t, sizeof(t));
	return req_strdup(req, t);
}

static int budget_edit_get(struct request *req, struct response *resp)
{
	struct economy_budget *b = calloc(1, sizeof(*b));
	struct budget_form f;
	char y[8];
	int year, rc = 0;

	if (b == NULL)
		return NRS_ENOMEM;
	memset(&f, 0, sizeof(f));
	if (economy_year_param(req, &year) != 0) {
		rc = NRS_ENOTFOUND;
		goto out;
	}
	snprintf(y, sizeof(y), "%d", year);
	f.year = req_strdup(req, y);
	if (economysvc_budget_get(req->st, year, b, NULL) != 0) {
		memset(b, 0, sizeof(*b));
		b->overhead_bp = 900;
		b->uprate_bp = 300;
	}
	f.overhead = dup_pct(req, b->overhead_bp);
	f.uprate = dup_pct(req, b->uprate_bp);
	if (b->stored && !b->population_date_default)
		f.population_date = req_strdup(req, b->population_date);
	if (b->stored && b->invoice_date[0])
		f.invoice_date = req_strdup(req, b->invoice_date);
	if (b->coordinator_ore)
		f.coordinator = dup_kr(req, b->coordinator_ore);
	if (b->quality_review_ore)
		f.quality_review = dup_kr(req, b->quality_review_ore);
	if (b->has_outcome)
		f.outcome = dup_kr(req, b->outcome_ore);
	for (size_t i = 0; i < b->nlines; i++) {
		f.lines[i].label = req_strdup(req, b->lines[i].label);
		f.lines[i].amount = dup_kr(req, b->lines[i].amount_ore);
	}
	f.nrows = b->nlines + FORM_ROWS_EMPTY;
	if (f.nrows > ECONOMY_LINES_MAX)
		f.nrows = ECONOMY_LINES_MAX;
	rc = render_budget_form(req, resp, 200, &f);
out:
	free(b);
	return rc;
}

static void place_budget_error(struct request *req, struct budget_form *f,
                               const struct nrs_error *err)
{
	const char *msg = activity_msg(req, err->msg);
	size_t no = 0;

	if (strcmp(err->field, "year") == 0)
		f->e_year = msg;
	else if (strcmp(err->field, "overhead") == 0)
		f->e_overhead = msg;
	else if (strcmp(err->field, "uprate") == 0)
		f->e_uprate = msg;
	else if (strcmp(err->field, "population_date") == 0)
		f->e_population_date = msg;
	else if (strcmp(err->field, "coordinator") == 0)
		f->e_coordinator = msg;
	else if (strcmp(err->field, "quality_review") == 0)
		f->e_quality_review = msg;
	else if (strcmp(err->field, "outcome") == 0)
		f->e_outcome = msg;
	else if (strcmp(err->field, "invoice_date") == 0)
		f->e_invoice_date = msg;
	else if (sscanf(err->field, "label_%zu", &no) == 1 && no >= 1 && no <= f->nrows)
		f->lines[no - 1].e_label = msg;
	else if (sscanf(err->field, "amount_%zu", &no) == 1 && no >= 1 && no <= f->nrows)
		f->lines[no - 1].e_amount = msg;
	else
		f->e_general = msg;
}

static bool blank(const char *s)
{
	return s == NULL || s[0] == '\0';
}

/* Parse the form into in; the service checks the rest. Errors name the form's field. */
static int budget_parse(struct budget_form *f, struct economy_budget_input *in,
                        struct economy_line_input *lines, size_t *row_of, struct nrs_error *err)
{
	char field[24], label[48];
	int rc;

	rc = economysvc_parse_year(f->year, "year", &in->year, err);
	for (size_t i = 0; rc == 0 && i < f->nrows; i++) {
		if (blank(f->lines[i].label) && blank(f->lines[i].amount))
			continue;
		snprintf(field, sizeof(field), "amount_%zu", i + 1);
		snprintf(label, sizeof(label), "Beloppet på rad %zu", i + 1);
		lines[in->nlines].label = f->lines[i].label ? f->lines[i].label : "";
		rc = economysvc_parse_kr(f->lines[i].amount, field, label,
		                         &lines[in->nlines].amount_ore, err);
		row_of[in->nlines++] = i + 1;
	}
	in->lines = lines;
	if (rc == 0)
		rc = economysvc_parse_percent(f->overhead, "overhead", "Påslaget för OH-kostnader",
		                              0, &in->overhead_bp, err);
	if (rc == 0)
		rc = economysvc_parse_percent(f->uprate, "uprate", "Uppräkningen", 1,
		                              &in->uprate_bp, err);
	in->population_date = f->population_date;
	in->invoice_date = f->invoice_date;
	if (rc == 0 && !blank(f->coordinator))
		rc = economysvc_parse_kr(f->coordinator, "coordinator", "Samordnarens kostnad",
		                         &in->coordinator_ore, err);
	if (rc == 0 && !blank(f->quality_review))
		rc = economysvc_parse_kr(f->quality_review, "quality_review",
		                         "Kvalitetsgranskningen", &in->quality_review_ore, err);
	if (rc == 0 && !blank(f->outcome)) {
		rc = economysvc_parse_kr(f->outcome, "outcome", "Utfallet", &in->outcome_ore, err);
		in->has_outcome = 1;
	}
	return rc;
}

static int budget_edit_post(struct request *req, struct response *resp)
{
	struct economy_line_input lines[ECONOMY_LINES_MAX];
	size_t row_of[ECONOMY_LINES_MAX];
	struct economy_budget_input in = {0};
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	struct budget_form f;
	char name[24], loc[48];
	size_t last = 0, no = 0;
	int rc;

	memset(&f, 0, sizeof(f));
	f.year = form_get_unique(&req->form, "year");
	f.overhead = form_get_unique(&req->form, "overhead");
	f.uprate = form_get_unique(&req->form, "uprate");
	f.population_date = form_get_unique(&req->form, "population_date");
	f.coordinator = form_get_unique(&req->form, "coordinator");
	f.quality_review = form_get_unique(&req->form, "quality_review");
	f.outcome = form_get_unique(&req->form, "outcome");
	f.invoice_date = form_get_unique(&req->form, "invoice_date");
	for (size_t i = 0; i < ECONOMY_LINES_MAX; i++) {
		snprintf(name, sizeof(name), "label_%zu", i + 1);
		f.lines[i].label = form_get_unique(&req->form, name);
		snprintf(name, sizeof(name), "amount_%zu", i + 1);
		f.lines[i].amount = form_get_unique(&req->form, name);
		if (!blank(f.lines[i].label) || !blank(f.lines[i].amount))
			last = i + 1;
	}
	f.nrows = last + FORM_ROWS_EMPTY;
	if (f.nrows > ECONOMY_LINES_MAX)
		f.nrows = ECONOMY_LINES_MAX;
	rc = budget_parse(&f, &in, lines, row_of, &err);
	if (rc == 0) {
		activity_actor(req, &actor);
		rc = economysvc_budget_set(req->st, req->keys, &actor, &in, &err);
		/* the service numbers the filled lines; the form numbers its rows */
		if ((sscanf(err.field, "label_%zu", &no) == 1 ||
		     sscanf(err.field, "amount_%zu", &no) == 1) &&
		    no >= 1 && no <= in.nlines)
			snprintf(err.field, sizeof(err.field), "%s_%zu",
			         err.field[0] == 'l' ? "label" : "amount", row_of[no - 1]);
	}
	if (rc == NRS_EINVAL || rc == NRS_ETOOBIG) {
		place_budget_error(req, &f, &err);
		return render_budget_form(req, resp, 422, &f);
	}
	if (rc != 0)
		return rc;
	snprintf(loc, sizeof(loc), "/economy?year=%d&done=saved", in.year);
	return response_redirect(resp, loc);
}

/* ---- POST /economy/invoices/generate and /economy/distribute ---- */

/* A refused action: the page again with the message on top (422). */
static int action_refused(struct request *req, struct response *resp, const char *title,
                          const char *msg, const char *back)
{
	struct html h;

	resp->status = 422;
	html_init(&h, &resp->body);
	layout_begin(&h, req, title);
	html_raw_trusted(&h, "<h1>");
	html_text(&h, title);
	html_raw_trusted(&h, "</h1>\n");
	activity_form_alert(&h, msg);
	html_raw_trusted(&h, "<p><a href=\"");
	html_attr(&h, back);
	html_raw_trusted(&h, "\">Tillbaka</a></p>\n");
	layout_end(&h);
	return h.err;
}

static int generate_post(struct request *req, struct response *resp)
{
	const char *extra = form_get_unique(&req->form, "extra");
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	char loc[64];
	int year = 0, created = 0, rc;

	rc = economysvc_parse_year(form_get_unique(&req->form, "year"), "year", &year, &err);
	if (rc == 0) {
		activity_actor(req, &actor);
		rc = extra != NULL && strcmp(extra, "1") == 0
		         ? economysvc_invoice_generate_extra(req->st, req->keys, &actor, year,
		                                             &created, &err)
		         : economysvc_invoice_generate(req->st, req->keys, &actor, year, &created,
		                                       &err);
	}
	if (rc == NRS_EINVAL || rc == NRS_EEXIST || rc == NRS_ENOTFOUND) {
		/* back to the year the user was working on, when it could be read */
		if (year > 0)
			snprintf(loc, sizeof(loc), "/economy/invoices?year=%d", year);
		else
			snprintf(loc, sizeof(loc), "/economy/invoices");
		return action_refused(req, resp, "Fakturorna skapades inte", err.msg, loc);
	}
	if (rc != 0)
		return rc;
	snprintf(loc, sizeof(loc), "/economy/invoices?year=%d&created=%d", year, created);
	return response_redirect(resp, loc);
}

static int distribute_post(struct request *req, struct response *resp)
{
	struct clientsvc_actor actor;
	struct nrs_error err = {0};
	char loc[64];
	int year = 0, created = 0, rc;

	rc = economysvc_parse_year(form_get_unique(&req->form, "year"), "year", &year, &err);
	if (rc == 0) {
		activity_actor(req, &actor);
		rc = economysvc_distribute_charges(req->st, req->keys, &actor, year,
		                                   form_get_unique(&req->form, "what"), &created,
		                                   &err);
	}
	if (rc == NRS_EINVAL || rc == NRS_EEXIST || rc == NRS_ENOTFOUND) {
		if (year > 0)
			snprintf(loc, sizeof(loc), "/economy?year=%d", year);
		else
			snprintf(loc, sizeof(loc), "/economy");
		return action_refused(req, resp, "Avgifterna skapades inte", err.msg, loc);
	}
	if (rc != 0)
		return rc;
	snprintf(loc, sizeof(loc), "/economy?year=%d&done=distributed", year);
	return response_redirect(resp, loc);
}

/* ---- GET /economy/invoices ---- */

struct invoice_list {
	struct html *h;
	int64_t total;
	size_t n;
};

static int invoice_list_row(const struct invoice_row *row, void *ctx)
{
	struct invoice_list *l = ctx;
	struct html *h = l->h;

	html_raw_trusted(h, "<tr><th scope=\"row\"><a href=\"/economy/invoices/");
	html_int(h, row->id);
	html_raw_trusted(h, "\">");
	html_text(h, row->number);
	html_raw_trusted(h, "</a></th><td>");
	html_text(h, strcmp(row->kind, "annual") == 0 ? "Årsfaktura" : "Extra");
	html_raw_trusted(h, "</td><td>");
	html_text(h, row->invoice_date);
	html_raw_trusted(h, "</td><td>");
	html_text(h, row->recipient_name);
	html_raw_trusted(h, "</td><td class=\"num\">");
	kr(h, row->total_ore);
	html_raw_trusted(h, "</td></tr>\n");
	l->total += row->total_ore;
	l->n++;
	return h->err;
}

static int invoices_get(struct request *req, struct response *resp)
{
	const char *created = form_get(&req->query, "created");
	struct html h;
	struct invoice_list l = {&h, 0, 0};
	char t[64];
	int year, rc;

	if (!economy_may(req, ACT_LIST))
		return NRS_EDENIED;
	if (economy_year_param(req, &year) != 0)
		return NRS_ENOTFOUND;
	html_init(&h, &resp->body);
	snprintf(t, sizeof(t), "Fakturor %d", year);
	layout_begin(&h, req, t);
	html_raw_trusted(&h, "<h1>");
	html_text(&h, t);
	html_raw_trusted(&h, "</h1>\n<nav aria-label=\"År\"><p>");
	year_link(&h, "/economy/invoices", year - 1, "Föregående år");
	html_raw_trusted(&h, " · ");
	year_link(&h, "/economy/invoices", year + 1, "Nästa år");
	html_raw_trusted(&h, " · ");
	year_link(&h, "/economy", year, "Budget och fördelning");
	html_raw_trusted(&h, "</p></nav>\n");
	if (created != NULL) {
		snprintf(t, sizeof(t), "%s fakturor skapades.",
		         strlen(created) < 6 ? created : "Nya");
		layout_notice(&h, t);
	}
	if (economy_may(req, ACT_CREATE)) {
		html_raw_trusted(&h, "<div class=\"actions\">\n");
		post_button(&h, req, "/economy/invoices/generate", year, NULL, NULL,
		            "Skapa årets januarifakturor");
		post_button(&h, req, "/economy/invoices/generate", year, "extra", "1",
		            "Fakturera ofakturerade avgifter");
		html_raw_trusted(&h, "</div>\n");
	}
	html_raw_trusted(&h, "<table>\n<caption>Fakturor ");
	html_int(&h, year);
	html_raw_trusted(&h, "</caption>\n<thead><tr><th scope=\"col\">Nummer</th>"
	                     "<th scope=\"col\">Typ</th><th scope=\"col\">Datum</th>"
	                     "<th scope=\"col\">Mottagare</th>"
	                     "<th scope=\"col\" class=\"num\">Belopp</th></tr></thead>\n<tbody>\n");
	rc = store_invoice_list(req->st, year, invoice_list_row, &l);
	if (rc != 0) {
		buf_reset(&resp->body);
		return rc;
	}
	if (l.n == 0)
		html_raw_trusted(&h, "<tr><td colspan=\"5\">Inga fakturor detta år.</td></tr>\n");
	html_raw_trusted(&h, "</tbody>\n<tfoot><tr><th scope=\"row\" colspan=\"4\">Summa</th>"
	                     "<td class=\"num\">");
	kr(&h, l.total);
	html_raw_trusted(&h, "</td></tr></tfoot>\n</table>\n<p>Exportera: <a href=\"/economy/"
	                     "export/fakturor-");
	html_int(&h, year);
	html_raw_trusted(&h, ".csv\">CSV</a> · <a href=\"/economy/export/fakturor-");
	html_int(&h, year);
	html_raw_trusted(&h, ".xlsx\">Excel (XLSX)</a></p>\n");
	layout_end(&h);
	return h.err;
}

/* ---- GET /economy/invoices/:id ---- */

struct invoice_view {
	struct html *h;
	struct request *req;
};

static int view_head(const struct invoice_row *row, void *ctx)
{
	struct invoice_view *v = ctx;
	struct html *h = v->h;
	char t[48];

	snprintf(t, sizeof(t), "Faktura %s", row->number);
	layout_begin(h, v->req, t);
	html_raw_trusted(h, "<article class=\"invoice\">\n<h1>");
	html_text(h, t);
	html_raw_trusted(h, "</h1>\n<dl class=\"facts\">\n<dt>Fakturanummer</dt><dd>");
	html_text(h, row->number);
	html_raw_trusted(h, "</dd>\n<dt>Fakturadatum</dt><dd>");
	html_text(h, row->invoice_date);
	html_raw_trusted(h, "</dd>\n<dt>Förfallodatum</dt><dd>");
	html_text(h, row->due_date);
	html_raw_trusted(h, "</dd>\n<dt>Mottagare</dt><dd>");
	html_text(h, row->recipient_name);
	html_raw_trusted(h, "</dd>\n<dt>Organisationsnummer</dt><dd>");
	activity_text_or_dash(h, row->recipient_org_number);
	html_raw_trusted(h, "</dd>\n<dt>Typ</dt><dd>");
	html_text(h, strcmp(row->kind, "annual") == 0 ? "Årsfaktura" : "Extra faktura");
	html_raw_trusted(h, "</dd>\n</dl>\n<table>\n<caption>Fakturarader</caption>\n<thead><tr>"
	                    "<th scope=\"col\">Beskrivning</th>"
	                    "<th scope=\"col\" class=\"num\">Belopp</th></tr></thead>\n<tbody>\n");
	return h->err;
}

static int view_line(const struct invoice_line_row *row, void *ctx)
{
	struct invoice_view *v = ctx;

	html_raw_trusted(v->h, "<tr><td>");
	html_text(v->h, row->description);
	html_raw_trusted(v->h, "</td><td class=\"num\">");
	kr(v->h, row->amount_ore);
	html_raw_trusted(v->h, "</td></tr>\n");
	return v->h->err;
}

static int view_total(const struct invoice_row *row, void *ctx)
{
	struct invoice_view *v = ctx;

	html_raw_trusted(v->h, "</tbody>\n<tfoot><tr><th scope=\"row\">Att betala</th>"
	                       "<td class=\"num\">");
	kr(v->h, row->total_ore);
	html_raw_trusted(v->h, "</td></tr></tfoot>\n</table>\n</article>\n<p class=\"no-print\">"
	                       "<a href=\"/economy/invoices?year=");
	html_int(v->h, row->year);
	html_raw_trusted(v->h, "\">Alla fakturor</a> · Skriv ut med webbläsarens utskrift.</p>\n");
	return v->h->err;
}

static int invoice_view_get(struct request *req, struct response *resp)
{
	struct html h;
	struct invoice_view v = {&h, req};
	int64_t id;
	int rc;

	if (!economy_may(req, ACT_READ))
		return NRS_EDENIED;
	if (activity_parse_id(req_param(req, "id"), &id) != 0)
		return NRS_ENOTFOUND;
	html_init(&h, &resp->body);
	rc = store_invoice_get(req->st, id, view_head, &v);
	if (rc == 0)
		rc = store_invoice_lines(req->st, id, view_line, &v);
	if (rc == 0)
		rc = store_invoice_get(req->st, id, view_total, &v);
	if (rc != 0) {
		buf_reset(&resp->body);
		return rc;
	}
	layout_end(&h);
	return h.err;
}

/* ---- GET /economy/export/:file ---- */

int economy_export(struct request *req, struct response *resp, int year, bool xlsx)
{
	struct nrs_error err = {0};
	char dir[] = "/tmp/norrsken-export-XXXXXX";
	char path[sizeof(dir) + 16];
	FILE *f = NULL;
	char chunk[8192];
	size_t n;
	int rc;

	snprintf(resp->download, sizeof(resp->download), "fakturor-%d.%s", year,
	         xlsx ? "xlsx" : "csv");
	if (!xlsx) {
		rc = economysvc_export_csv(req->st, year, &resp->body, &err);
		if (rc == 0)
			resp->content_type = "text/csv; charset=utf-8";
		return rc;
	}
	/* libxlsxwriter writes a file: into a private directory of our own (mode 0700), so no
	 * other user of the machine can plant a link where the file will be written */
	if (mkdtemp(dir) == NULL)
		return NRS_EIO;
	snprintf(path, sizeof(path), "%s/export.xlsx", dir);
	rc = economysvc_export_xlsx(req->st, year, path, &err);
	if (rc == 0) {
		f = fopen(path, "rb");
		if (f == NULL)
			rc = NRS_EIO;
	}
	while (rc == 0 && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rc = buf_append(&resp->body, chunk, n);
	if (rc == 0 && ferror(f))
		rc = NRS_EIO;
	if (f != NULL)
		fclose(f);
	unlink(path);
	rmdir(dir);
	if (rc == 0)
		resp->content_type =
		    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	else
		buf_reset(&resp->body);
	return rc;
}

/* "fakturor-2025.csv" or "fakturor-2025.xlsx": the name the browser saves. */
static int export_get(struct request *req, struct response *resp)
{
	const char *file = req_param(req, "file");
	char y[5];
	int year;

	if (!economy_may(req, ACT_READ))
		return NRS_EDENIED;
	if (file == NULL || strncmp(file, "fakturor-", 9) != 0 || strlen(file) < 17)
		return NRS_ENOTFOUND;
	memcpy(y, file + 9, 4);
	y[4] = '\0';
	if (economysvc_parse_year(y, "year", &year, NULL) != 0)
		return NRS_ENOTFOUND;
	if (strcmp(file + 13, ".csv") == 0)
		return economy_export(req, resp, year, false);
	if (strcmp(file + 13, ".xlsx") == 0)
		return economy_export(req, resp, year, true);
	return NRS_ENOTFOUND;
}

/* ---- the start-page panel ---- */

static int panel_count(const struct invoice_row *row, void *ctx)
{
	(void)row;
	(*(size_t *)ctx)++;
	return 0;
}

int panel_economy(struct request *req, struct html *h)
{
	struct economy_budget *b = calloc(1, sizeof(*b));
	int year = date_today().year;
	size_t n = 0;
	int rc;

	if (b == NULL)
		return NRS_ENOMEM;
	if (economysvc_budget_get(req->st, year, b, NULL) != 0) {
		free(b);
		return 1;
	}
	rc = store_invoice_list(req->st, year, panel_count, &n);
	if (rc == 0) {
		html_raw_trusted(h, "<p>Budget ");
		html_int(h, year);
		html_raw_trusted(h, ": ");
		kr(h, b->total_ore);
		html_raw_trusted(h, ". Fakturor i år: ");
		html_int(h, (int64_t)n);
		html_raw_trusted(h, ".</p>\n<p><a href=\"/economy\">Till ekonomin</a></p>\n");
		if (b->needs_socsam)
			html_raw_trusted(
			    h, "<p class=\"warning\">Kvalitetsgranskningen kräver beslut i "
			       "SocSam.</p>\n");
	}
	free(b);
	return rc != 0 ? rc : h->err;
}

const struct route economy_routes[] = {
    {"GET", "/economy", economy_get, true, REC_ECONOMY, ACT_READ, 0},
    {"GET", "/economy/budget", budget_edit_get, true, REC_ECONOMY, ACT_UPDATE, 0},
    {"POST", "/economy/budget", budget_edit_post, true, REC_ECONOMY, ACT_UPDATE, 0},
    {"POST", "/economy/distribute", distribute_post, true, REC_ECONOMY, ACT_CREATE, 0},
    {"GET", "/economy/invoices", invoices_get, true, REC_ECONOMY, ACT_LIST, 0},
    {"POST", "/economy/invoices/generate", generate_post, true, REC_ECONOMY, ACT_CREATE, 0},
    {"GET", "/economy/invoices/:id", invoice_view_get, true, REC_ECONOMY, ACT_READ, 0},
    {"GET", "/economy/export/:file", export_get, true, REC_ECONOMY, ACT_READ, 0},
};
ROUTE_TABLE_COUNT(economy);
