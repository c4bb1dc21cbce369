/* Loggkontroll (R35): GET /admin/audit (the audit log, filtered and paged, newest first),
 * GET /admin/audit/sample (Stickprov: random read accesses in a date range for review) and
 * POST /admin/audit/verify (check the hash chain). Looking at the log is itself logged. */
#include "web/pages/admin.h"

#include "base/date.h"
#include "base/err.h"
#include "base/str.h"
#include "security/audit.h"
#include "web/fields.h"
#include "web/layout.h"
#include "web/listing.h"
#include "web/response.h"
#include "web/router.h"

#include <stdio.h>
#include <string.h>

#define SAMPLE_MAX 100
#define SAMPLE_DEFAULT "10"

struct code_label {
	const char *code, *label;
};

/* The actions written to the log today, for the filter and for showing them in Swedish. */
static const struct code_label actions[] = {
    {"read", "Läsning"},
    {"create", "Skapande"},
    {"update", "Ändring"},
    {"delete", "Borttagning"},
    {"login", "Inloggning"},
    {"login_failed", "Misslyckad inloggning"},
    {"login_locked", "Inloggning mot spärrat konto"},
    {"logout", "Utloggning"},
    {"logout_all", "Utloggning överallt"},
    {"password_change", "Byte av lösenord"},
    {"password_reset", "Återställt lösenord"},
    {"deactivate", "Inaktivering"},
    {"import", "Import"},
    {"verify", "Kontroll av loggkedjan"},
};

static const struct code_label kinds[] = {
    {"user", "Användare"},      {"organisation", "Organisation"},
    {"municipality", "Kommun"}, {"population", "Befolkning"},
    {"audit_log", "Logg"},      {"statistics", "Statistik"},
    {"client", "Klient"},       {"case", "Ärende"},
};

#define NACTIONS (sizeof(actions) / sizeof(actions[0]))
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

static const char *label_of(const struct code_label *t, size_t n, const char *code, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(t[i].code) == len && memcmp(t[i].code, code, len) == 0)
			return t[i].label;
	return NULL;
}

static bool in_list(const struct code_label *t, size_t n, const char *code)
{
	return label_of(t, n, code, strlen(code)) != NULL;
}

/* A query value: NULL when absent or empty. */
static const char *qget(const struct request *req, const char *name)
{
	const char *v = form_get(&req->query, name);

	return v != NULL && v[0] != '\0' ? v : NULL;
}

int admin_audit_filter_parse(const struct request *req, struct admin_audit_filter *f)
{
	struct nrs_date from, to;
	bool have_from = false, have_to = false;

	memset(f, 0, sizeof(*f));
	f->from = qget(req, "from");
	f->to = qget(req, "to");
	f->user = qget(req, "user");
	f->kind = qget(req, "kind");
	f->action = qget(req, "action");
	if (f->from) {
		if (date_parse(f->from, &from) != 0)
			f->e_from = "Skriv datumet som ÅÅÅÅ-MM-DD.";
		else
			have_from = true;
	}
	if (f->to) {
		if (date_parse(f->to, &to) != 0) {
			f->e_to = "Skriv datumet som ÅÅÅÅ-MM-DD.";
		} else {
			struct nrs_date next = date_from_days(date_to_days(&to) + 1);

			date_format(&next, f->to_excl);
			have_to = true;
		}
	}
	if (have_from && have_to && date_cmp(&to, &from) < 0)
		f->e_to = "Slutdatumet är före startdatumet.";
	if (f->user && (strlen(f->user) > 64 || !str_utf8_ok(f->user, strlen(f->user))))
		f->e_user = "Användarnamnet är för långt.";
	if (f->kind && !in_list(kinds, NKINDS, f->kind))
		f->e_kind = "Okänd posttyp.";
	if (f->action && !in_list(actions, NACTIONS, f->action))
		f->e_action = "Okänd händelse.";
	if (listing_page_param(req, &f->page) != 0)
		f->e_page = "Ogiltigt sidnummer.";
	return f->e_from || f->e_to || f->e_user || f->e_kind || f->e_action || f->e_page
	           ? NRS_EINVAL
	           : 0;
}

const char *admin_audit_filter_error(const struct admin_audit_filter *f, const char **field)
{
	const struct {
		const char *field, *msg;
	} e[] = {{"from", f->e_from}, {"to", f->e_to},         {"user", f->e_user},
	         {"kind", f->e_kind}, {"action", f->e_action}, {"page", f->e_page}};

	for (size_t i = 0; i < sizeof(e) / sizeof(e[0]); i++)
		if (e[i].msg) {
			*field = e[i].field;
			return e[i].msg;
		}
	*field = "";
	return NULL;
}

void admin_audit_query_init(const struct admin_audit_filter *f, int64_t per_page,
                            struct audit_query *q)
{
	memset(q, 0, sizeof(*q));
	q->from = f->from;
	q->to = f->to ? f->to_excl : NULL;
	q->username = f->user;
	q->record_kind = f->kind;
	q->action = f->action;
	q->limit = per_page;
	q->offset = (f->page - 1) * per_page;
}

/* ---- rendering ---- */

static void textn_or_dash(struct html *h, const char *s, size_t n)
{
	if (s == NULL || n == 0)
		html_raw_trusted(h, "–");
	else
		html_textn(h, s, n);
}

static void put_labelled(struct html *h, const struct code_label *t, size_t nt, const char *s,
                         size_t n)
{
	const char *l = s ? label_of(t, nt, s, n) : NULL;

	if (l)
		html_text(h, l);
	else
		textn_or_dash(h, s, n);
}

static void table_head(struct html *h, const char *caption)
{
	html_raw_trusted(h, "<table>\n<caption>");
	html_text(h, caption);
	html_raw_trusted(h, "</caption>\n<thead><tr><th scope=\"col\">Tid</th>"
	                    "<th scope=\"col\">Användare</th><th scope=\"col\">Händelse</th>"
	                    "<th scope=\"col\">Posttyp</th><th scope=\"col\">Post</th>"
	                    "<th scope=\"col\">Från adress</th><th scope=\"col\">Skäl</th>"
	                    "<th scope=\"col\">Rad</th></tr></thead>\n<tbody>\n");
}

struct row_ctx {
	struct html *h;
	size_t n;
};

static int put_row(const struct audit_row *r, void *vctx)
{
	struct row_ctx *c = vctx;
	struct html *h = c->h;
	char at[20] = "", when[20];

	/* the row's text is counted, not terminated */
	if (r->at != NULL) {
		size_t n = r->at_len < sizeof(at) - 1 ? r->at_len : sizeof(at) - 1;

		memcpy(at, r->at, n);
		at[n] = '\0';
	}
	time_utc_to_local(at, when);
	html_raw_trusted(h, "<tr><td>");
	html_text(h, when);
	html_raw_trusted(h, "</td><td>");
	textn_or_dash(h, r->username, r->username_len);
	html_raw_trusted(h, "</td><td>");
	put_labelled(h, actions, NACTIONS, r->action, r->action_len);
	html_raw_trusted(h, "</td><td>");
	put_labelled(h, kinds, NKINDS, r->record_kind, r->record_kind_len);
	html_raw_trusted(h, "</td><td>");
	textn_or_dash(h, r->record_id, r->record_id_len);
	html_raw_trusted(h, "</td><td>");
	textn_or_dash(h, r->remote, r->remote_len);
	html_raw_trusted(h, "</td><td>");
	textn_or_dash(h, r->reason, r->reason_len);
	html_raw_trusted(h, "</td><td>");
	html_int(h, r->id);
	html_raw_trusted(h, "</td></tr>\n");
	c->n++;
	return h->err;
}

static void date_field(struct html *h, const char *name, const char *label, const char *value,
                       const char *error)
{
	field_input(h, name, label, "date", value, error, NULL, false);
}

/* A select of code_label options with "any" first. */
static void code_select(struct html *h, const char *name, const char *label,
                        const struct code_label *t, size_t n, const char *selected,
                        const char *error)
{
	field_select_open(h, name, label, error, "Alla");
	for (size_t i = 0; i < n; i++)
		field_option(h, t[i].code, t[i].label,
		             selected && strcmp(selected, t[i].code) == 0);
	field_select_close(h);
}

/* The Stickprov form and the chain check button, below the log and on their own pages. */
static void review_forms(struct html *h, const struct request *req, const char *from,
                         const char *to, const char *n, const char *e_from, const char *e_to,
                         const char *e_n)
{
	html_raw_trusted(h,
	                 "<section aria-labelledby=\"h-stickprov\">\n<h2 id=\"h-stickprov\">"
	                 "Stickprov</h2>\n<p>Välj slumpvis ut läsningar av personuppgifter "
	                 "under en period och granska att var och en hade ett skäl.</p>\n"
	                 "<form method=\"get\" action=\"/admin/audit/sample\" class=\"form\">\n");
	date_field(h, "sfrom", "Från och med", from, e_from);
	date_field(h, "sto", "Till och med", to, e_to);
	field_input(h, "n", "Antal läsningar (1–100)", "number", n, e_n, NULL, true);
	html_raw_trusted(h,
	                 "<p><button type=\"submit\">Ta stickprov</button></p>\n</form>\n"
	                 "</section>\n<section aria-labelledby=\"h-kedjan\">\n<h2 id=\"h-kedjan\">"
	                 "Loggkedjan</h2>\n<p>Kontrollera att ingen rad i loggen har ändrats "
	                 "eller tagits bort.</p>\n<form method=\"post\" "
	                 "action=\"/admin/audit/verify\">\n");
	html_csrf_input(h, req->csrf);
	html_raw_trusted(h, "<p><button type=\"submit\">Kontrollera kedjan</button></p>\n"
	                    "</form>\n</section>\n");
}

static int audit_list_get(struct request *req, struct response *resp)
{
	struct admin_audit_filter f;
	struct audit_query q;
	struct nrs_error err = {0};
	struct html h;
	struct row_ctx rc_ctx;
	int64_t total = 0;
	size_t first, count;
	bool bad = admin_audit_filter_parse(req, &f) != 0;
	int rc;

	/* looking at the log is a read of personal data: logged before anything is shown */
	rc = admin_audit(req, "read", "audit_log", 0, &err);
	if (rc != 0)
		return rc;
	html_init(&h, &resp->body);
	layout_begin(&h, req, "Loggkontroll");
	html_raw_trusted(&h, "<h1>Loggkontroll</h1>\n<p>Loggen visar vem som har läst och ändrat "
	                     "vad, nyast först. Att du tittar här loggas också.</p>\n"
	                     "<form method=\"get\" action=\"/admin/audit\" class=\"filter\">\n");
	date_field(&h, "from", "Från och med", f.from, f.e_from);
	date_field(&h, "to", "Till och med", f.to, f.e_to);
	field_input(&h, "user", "Användarnamn", "text", f.user, f.e_user, NULL, false);
	code_select(&h, "kind", "Posttyp", kinds, NKINDS, f.kind, f.e_kind);
	code_select(&h, "action", "Händelse", actions, NACTIONS, f.action, f.e_action);
	html_raw_trusted(&h, "<p><button type=\"submit\">Visa</button> <a href=\"/admin/audit\">"
	                     "Rensa filtret</a></p>\n</form>\n");
	if (bad) {
		resp->status = 400;
		html_raw_trusted(&h,
		                 "<div class=\"alert\" role=\"alert\"><p>Filtret innehåller fel; "
		                 "rätta de markerade fälten.</p></div>\n");
	} else {
		admin_audit_query_init(&f, LISTING_PER_PAGE, &q);
		rc_ctx.h = &h;
		rc_ctx.n = 0;
		table_head(&h, "Loggrader");
		rc = audit_query(req->st, &q, put_row, &rc_ctx, &total, &err);
		if (rc != 0)
			return rc;
		if (rc_ctx.n == 0)
			html_raw_trusted(&h, "<tr><td colspan=\"8\">Inga loggrader matchar "
			                     "filtret.</td></tr>\n");
		html_raw_trusted(&h, "</tbody>\n</table>\n<p>");
		html_int(&h, total);
		html_raw_trusted(&h, " rader totalt.</p>\n");
		listing_page_slice(total, LISTING_PER_PAGE, &f.page, &first, &count);
		listing_pager(&h, req, "/admin/audit", f.page, total, LISTING_PER_PAGE);
	}
	review_forms(&h, req, NULL, NULL, SAMPLE_DEFAULT, NULL, NULL, NULL);
	layout_end(&h);
	return h.err;
}

static int audit_sample_get(struct request *req, struct response *resp)
{
	const char *from = qget(req, "sfrom"), *to = qget(req, "sto"), *n = qget(req, "n");
	const char *e_from = NULL, *e_to = NULL, *e_n = NULL;
	struct nrs_date df, dt;
	char to_excl[11] = "";
	struct nrs_error err = {0};
	struct row_ctx c;
	struct html h;
	int64_t count = 0;
	int rc;

	if (from && date_parse(from, &df) != 0)
		e_from = "Skriv datumet som ÅÅÅÅ-MM-DD.";
	if (to && date_parse(to, &dt) != 0) {
		e_to = "Skriv datumet som ÅÅÅÅ-MM-DD.";
	} else if (to) {
		struct nrs_date next = date_from_days(date_to_days(&dt) + 1);

		date_format(&next, to_excl);
		if (from && e_from == NULL && date_cmp(&dt, &df) < 0)
			e_to = "Slutdatumet är före startdatumet.";
	}
	if (n == NULL || str_to_i64(n, 1, SAMPLE_MAX, &count) != 0)
		e_n = "Ange ett antal från 1 till 100.";

	rc = admin_audit(req, "read", "audit_log", 0, &err);
	if (rc != 0)
		return rc;
	html_init(&h, &resp->body);
	layout_begin(&h, req, "Stickprov");
	html_raw_trusted(&h, "<h1>Stickprov</h1>\n");
	if (e_from || e_to || e_n) {
		resp->status = 400;
		html_raw_trusted(&h,
		                 "<div class=\"alert\" role=\"alert\"><p>Stickprovet kunde inte "
		                 "tas; rätta de markerade fälten.</p></div>\n");
	} else {
		c.h = &h;
		c.n = 0;
		html_raw_trusted(&h,
		                 "<p>Granska för varje läsning att personen hade ett skäl att "
		                 "läsa uppgifterna. Ett nytt stickprov ger ett nytt urval.</p>\n");
		table_head(&h, "Slumpvis valda läsningar");
		rc = audit_sample_reads(req->st, from, to ? to_excl : NULL, count, put_row, &c,
		                        &err);
		if (rc != 0)
			return rc;
		if (c.n == 0)
			html_raw_trusted(&h, "<tr><td colspan=\"8\">Inga läsningar under "
			                     "perioden.</td></tr>\n");
		html_raw_trusted(&h, "</tbody>\n</table>\n");
	}
	review_forms(&h, req, from, to, n, e_from, e_to, e_n);
	html_raw_trusted(&h, "<p><a href=\"/admin/audit\">Till loggen</a></p>\n");
	layout_end(&h);
	return h.err;
}

static int audit_verify_post(struct request *req, struct response *resp)
{
	struct audit_verify_result res;
	struct nrs_error err = {0};
	struct html h;
	int rc = audit_verify_full(req->st, req->keys->audit, &res);

	if (rc != 0 && rc != NRS_ECONFLICT)
		return rc;
	/* the check is recorded after it ran, so it does not count itself */
	if (admin_audit(req, "verify", "audit_log", 0, &err) != 0)
		return NRS_EDB;
	html_init(&h, &resp->body);
	layout_begin(&h, req, "Kontroll av loggkedjan");
	html_raw_trusted(&h, "<h1>Kontroll av loggkedjan</h1>\n");
	if (rc == 0) {
		html_raw_trusted(&h, "<div class=\"notice\" role=\"status\"><p>Kedjan är hel. ");
		html_int(&h, res.checked);
		html_raw_trusted(&h,
		                 " rader kontrollerades och ingen har ändrats eller tagits "
		                 "bort.</p></div>\n<p>Skriv gärna ned senaste radens nummer och "
		                 "kontrollsumma utanför systemet; då kan även borttagna rader i "
		                 "slutet av loggen upptäckas senare (norrsken audit verify "
		                 "--anchor).</p>\n<dl class=\"facts\"><dt>Senaste rad</dt><dd>");
		html_int(&h, res.last_id);
		html_raw_trusted(&h, "</dd><dt>Kontrollsumma</dt><dd><code>");
		for (size_t i = 0; i < AUDIT_HASH_BYTES; i++) {
			static const char hex[] = "0123456789abcdef";
			char pair[3] = {hex[res.last_hash[i] >> 4], hex[res.last_hash[i] & 15], 0};

			html_text(&h, pair);
		}
		html_raw_trusted(&h, "</code></dd></dl>\n");
	} else {
		html_raw_trusted(&h, "<div class=\"alert\" role=\"alert\"><p><strong>Kedjan är "
		                     "bruten.</strong> Rad ");
		html_int(&h, res.bad_id);
		html_raw_trusted(&h, " stämmer inte med raden före: loggen har ändrats eller rader "
		                     "har tagits bort. Spara databasen som den är och kontakta "
		                     "den som ansvarar för informationssäkerheten.</p></div>\n<p>");
		html_int(&h, res.checked);
		html_raw_trusted(&h, " rader kontrollerades.</p>\n");
	}
	html_raw_trusted(&h, "<p><a href=\"/admin/audit\">Till loggen</a></p>\n");
	layout_end(&h);
	return h.err;
}

const struct route admin_audit_routes[] = {
    {"GET", "/admin/audit", audit_list_get, true, REC_AUDIT_LOG, ACT_LIST, 0},
    {"GET", "/admin/audit/sample", audit_sample_get, true, REC_AUDIT_LOG, ACT_LIST, 0},
    {"POST", "/admin/audit/verify", audit_verify_post, true, REC_AUDIT_LOG, ACT_READ, 0},
};
ROUTE_TABLE_COUNT(admin_audit);
