/* The statistics pages (R31–R33): GET /statistics (what there is), the annual activity
 * report and the quality review compilation as pages inside the layout with a year switcher
 * and downloads in four formats, and the centre manager's form for the staff FTE and the
 * report's two free-text sections. Only protected aggregates are shown: the report model
 * has applied the small-number protection before anything here sees a figure. */
#include "web/pages/activity.h"
#include "web/pages/statistics.h"

#include "base/date.h"
#include "base/err.h"
#include "report/annual.h"
#include "security/economysvc.h"
#include "security/policy.h"
#include "security/reportsvc.h"
#include "store/report.h"
#include "web/fields.h"
#include "web/layout.h"
#include "web/response.h"
#include "web/router.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define VIEW_DETAIL "kommun" /* ?view=kommun: one row per member municipality */

/* ---- shared with the API (statistics.h) ---- */

bool statistics_may_detail(const struct request *req)
{
	return policy_allows(req->acc.roles, REL_ANY, REC_REPORT_DETAIL, ACT_READ);
}

bool statistics_may_input(const struct request *req)
{
	return policy_allows(req->acc.roles, REL_ANY, REC_REPORT_INPUT, ACT_UPDATE);
}

/* A year as typed (s), or the last year the report can be made for when s is empty. */
static int parse_year(struct request *req, const char *s, int *year, struct nrs_error *err)
{
	struct nrs_date today = date_today();
	int first = 0, last = 0, rc;

	if (s != NULL && s[0] != '\0')
		return economysvc_parse_year(s, "year", year, err);
	rc = reportsvc_years(req->st, &today, &first, &last);
	if (rc != 0)
		return nrs_error_set(err, rc, "year", "Åren med uppgifter kunde inte läsas.");
	*year = last;
	return 0;
}

int statistics_query(struct request *req, bool quality, struct stat_query *q, struct nrs_error *err)
{
	const char *view = form_get(&req->query, "view");
	int rc;

	memset(q, 0, sizeof(*q));
	q->quality = quality;
	rc = parse_year(req, form_get(&req->query, "year"), &q->year, err);
	if (rc != 0)
		return rc;
	if (view == NULL || view[0] == '\0')
		return 0;
	if (strcmp(view, VIEW_DETAIL) != 0)
		return nrs_error_set(err, NRS_EINVAL, "view",
		                     "Okänd vy: ange view=kommun eller ingen vy alls.");
	/* deny by default: the figures per municipality are for the centre manager alone */
	if (!statistics_may_detail(req))
		return nrs_error_set(err, NRS_EDENIED, "view",
		                     "Siffrorna per kommun visas bara för verksamhetsledaren.");
	q->per_municipality = true;
	return 0;
}

int statistics_build(struct request *req, const struct stat_query *q, struct annual_report *r,
                     struct nrs_error *err)
{
	struct reportsvc_opts o = {0};
	struct clientsvc_actor actor;
	int rc;

	o.year = q->year;
	o.quality = q->quality;
	o.per_municipality = q->per_municipality;
	o.threshold = req->cfg != NULL ? req->cfg->report_threshold : NRS_CONFIG_THRESHOLD_DEFAULT;
	o.today = date_today();
	rc = reportsvc_build(req->st, &o, r, err);
	if (rc == 0) {
		activity_actor(req, &actor);
		rc = reportsvc_log_view(req->st, req->keys, &actor, &o, err);
	}
	return rc;
}

/* ---- formats ---- */

struct stat_format {
	const char *name; /* ?format= and the file extension */
	const char *label;
	const char *content_type;
};

static const struct stat_format formats[] = {
    {"html", "HTML för utskrift", "text/html; charset=utf-8"},
    {"csv", "CSV", "text/csv; charset=utf-8"},
    {"json", "JSON", "application/json"},
    {"xlsx", "Excel (XLSX)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
};

static const struct stat_format *format_find(const char *name)
{
	for (size_t i = 0; name != NULL && i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strcmp(formats[i].name, name) == 0)
			return &formats[i];
	return NULL;
}

/* "verksamhetsberattelse-2026.csv", "-kommuner" for the view per municipality, and
 * "kvalitetsgranskning-2026.csv" for the compilation: ASCII, the name the browser saves. */
static void file_name(const struct stat_query *q, const struct stat_format *f, char *out, size_t n)
{
	snprintf(out, n, "%s-%d%s.%s", q->quality ? "kvalitetsgranskning" : "verksamhetsberattelse",
	         q->year, q->per_municipality ? "-kommuner" : "", f->name);
}

/* libxlsxwriter writes a file: into a private directory of our own (mode 0700), so no
 * other user of the machine can plant a link where it is written; then into the body. */
static int xlsx_body(const struct annual_report *r, struct buf *body, struct nrs_error *err)
{
	char dir[] = "/tmp/norrsken-report-XXXXXX";
	char path[sizeof(dir) + 16];
	char chunk[8192];
	FILE *f = NULL;
	size_t n;
	int rc;

	if (mkdtemp(dir) == NULL)
		return NRS_EIO;
	snprintf(path, sizeof(path), "%s/report.xlsx", dir);
	rc = annual_xlsx(r, path, err);
	if (rc == 0 && (f = fopen(path, "rb")) == NULL)
		rc = NRS_EIO;
	while (rc == 0 && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rc = buf_append(body, chunk, n);
	if (rc == 0 && ferror(f))
		rc = NRS_EIO;
	if (f != NULL)
		fclose(f);
	unlink(path);
	rmdir(dir);
	return rc;
}

static int format_body(const struct annual_report *r, const struct stat_format *f, struct buf *body,
                       struct nrs_error *err)
{
	if (strcmp(f->name, "html") == 0)
		return annual_html_document(r, body);
	if (strcmp(f->name, "csv") == 0)
		return annual_csv(r, body);
	if (strcmp(f->name, "json") == 0)
		return annual_json(r, body);
	return xlsx_body(r, body, err);
}

/* ---- links ---- */

/* href="base?year=Y[&view=kommun][&format=F]" */
static void report_href(struct html *h, const char *base, int year, bool detail, const char *format)
{
	html_raw_trusted(h, "href=\"");
	html_attr(h, base);
	html_raw_trusted(h, "?year=");
	html_int(h, year);
	if (detail)
		html_raw_trusted(h, "&amp;view=" VIEW_DETAIL);
	if (format != NULL) {
		html_raw_trusted(h, "&amp;format=");
		html_url(h, format);
	}
	html_raw_trusted(h, "\"");
}

static const char *page_base(const struct stat_query *q)
{
	return q->quality ? "/statistics/quality" : "/statistics/annual";
}

/* A query the page cannot answer: 400 with the reason, 403 for a view not allowed. */
static int query_refused(struct request *req, struct response *resp, int rc,
                         const struct nrs_error *err)
{
	if (rc == NRS_EINVAL) {
		response_error_status(resp, req, false, 400, err->msg);
		return 0;
	}
	if (rc == NRS_EDENIED) {
		response_error_status(resp, req, false, 403, err->msg);
		return 0;
	}
	return rc;
}

/* ---- GET /statistics ---- */

static void landing_item(struct html *h, const char *path, const char *label, const char *what)
{
	html_raw_trusted(h, "<li><a href=\"");
	html_attr(h, path);
	html_raw_trusted(h, "\">");
	html_text(h, label);
	html_raw_trusted(h, "</a> – ");
	html_text(h, what);
	html_raw_trusted(h, "</li>\n");
}

static int landing_get(struct request *req, struct response *resp)
{
	struct html h;

	html_init(&h, &resp->body);
	layout_begin(&h, req, "Statistik och rapporter");
	html_raw_trusted(&h, "<h1>Statistik och rapporter</h1>\n<p>Alla siffror är sammanräknade "
	                     "och skyddade: små tal visas som &lt;3 och tal som annars skulle gå "
	                     "att räkna ut visas som ..</p>\n<ul>\n");
	landing_item(&h, "/statistics/annual", "Verksamhetsberättelse",
	             "årets statistik med de två föregående åren, diagram och nedladdning som "
	             "HTML, CSV, JSON och Excel.");
	landing_item(&h, "/statistics/quality", "Sammanställning för kvalitetsgranskning",
	             "de två senaste årens statistik med den systematiska uppföljningen.");
	if (router_has_get("/followup"))
		landing_item(&h, "/followup", "Systematisk uppföljning",
		             "skattningarna vid start, avslut och uppföljning per insatstyp.");
	html_raw_trusted(&h, "</ul>\n");
	if (statistics_may_input(req))
		html_raw_trusted(&h,
		                 "<p>Årsarbetare, måluppfyllelse och väsentliga händelser skrivs "
		                 "in från verksamhetsberättelsen.</p>\n");
	layout_end(&h);
	return h.err;
}

/* ---- GET /statistics/annual and /statistics/quality ---- */

static void year_switcher(struct html *h, struct request *req, const struct stat_query *q)
{
	struct nrs_date today = date_today();
	int first = q->year, last = q->year;
	char y[8];

	if (reportsvc_years(req->st, &today, &first, &last) != 0)
		first = last = q->year;
	if (q->year < first)
		first = q->year;
	if (q->year > last)
		last = q->year;
	html_raw_trusted(h, "<form method=\"get\" class=\"filter no-print\" action=\"");
	html_attr(h, page_base(q));
	html_raw_trusted(h, "\">\n");
	field_select_open(h, "year", "År", NULL, NULL);
	for (int i = last; i >= first; i--) {
		snprintf(y, sizeof(y), "%d", i);
		field_option(h, y, y, i == q->year);
	}
	field_select_close(h);
	if (q->per_municipality)
		html_raw_trusted(h,
		                 "<input type=\"hidden\" name=\"view\" value=\"" VIEW_DETAIL "\">");
	html_raw_trusted(h, "<button type=\"submit\">Visa</button>\n</form>\n");
}

static void report_tools(struct html *h, struct request *req, const struct stat_query *q)
{
	char name[64];

	year_switcher(h, req, q);
	html_raw_trusted(h, "<div class=\"no-print\">\n<p>Ladda ner: ");
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		char base[48];

		snprintf(base, sizeof(base), "%s/download", page_base(q));
		file_name(q, &formats[i], name, sizeof(name));
		if (i > 0)
			html_raw_trusted(h, " · ");
		html_raw_trusted(h, "<a ");
		report_href(h, base, q->year, q->per_municipality, formats[i].name);
		html_raw_trusted(h, " download=\"");
		html_attr(h, name);
		html_raw_trusted(h, "\">");
		html_text(h, formats[i].label);
		html_raw_trusted(h, "</a>");
	}
	html_raw_trusted(h, "</p>\n");
	if (statistics_may_detail(req)) {
		html_raw_trusted(h, "<p><a ");
		report_href(h, page_base(q), q->year, !q->per_municipality, NULL);
		html_raw_trusted(h,
		                 q->per_municipality
		                     ? ">Visa övriga kommuner sammanslagna</a></p>\n"
		                     : ">Visa per kommun</a> (bara för verksamhetsledaren)</p>\n");
	}
	if (!q->quality && statistics_may_input(req)) {
		html_raw_trusted(h, "<p><a ");
		report_href(h, "/statistics/annual/input", q->year, false, NULL);
		html_raw_trusted(h, ">Skriv in årsarbetare, måluppfyllelse och väsentliga "
		                    "händelser</a></p>\n");
	}
	html_raw_trusted(h, "</div>\n");
}

static int report_page(struct request *req, struct response *resp, bool quality)
{
	const char *done = form_get(&req->query, "done");
	struct annual_report *r = NULL;
	struct nrs_error err = {0};
	struct stat_query q;
	struct html h;
	int rc;

	rc = statistics_query(req, quality, &q, &err);
	if (rc != 0)
		return query_refused(req, resp, rc, &err);
	r = malloc(sizeof(*r));
	if (r == NULL)
		return NRS_ENOMEM;
	rpt_init(r);
	rc = statistics_build(req, &q, r, &err);
	if (rc == 0) {
		html_init(&h, &resp->body);
		layout_begin_with_css(&h, req, r->title, "/static/report.css");
		html_raw_trusted(&h, "<h1>");
		html_text(&h, r->title);
		html_raw_trusted(&h, "</h1>\n");
		if (q.per_municipality)
			html_raw_trusted(
			    &h, "<p class=\"warning\">Per kommun: en rad för varje "
			        "medlemskommun. Visas bara för verksamhetsledaren; "
			        "verksamhetsberättelsen som publiceras har övriga kommuner "
			        "sammanslagna.</p>\n");
		if (done != NULL && strcmp(done, "saved") == 0)
			html_raw_trusted(&h,
			                 "<div class=\"notice\" role=\"status\"><p>Uppgifterna är "
			                 "sparade.</p></div>\n");
		report_tools(&h, req, &q);
		if (h.err == 0)
			h.err = annual_html_fragment(r, &resp->body);
		layout_end(&h);
		rc = h.err;
	} else if (rc == NRS_EINVAL) {
		rc = query_refused(req, resp, rc, &err);
	}
	rpt_free(r);
	free(r);
	if (rc != 0)
		buf_reset(&resp->body);
	return rc;
}

static int annual_get(struct request *req, struct response *resp)
{
	return report_page(req, resp, false);
}

static int quality_get(struct request *req, struct response *resp)
{
	return report_page(req, resp, true);
}

/* ---- GET /statistics/annual/download and /statistics/quality/download ---- */

static int report_download(struct request *req, struct response *resp, bool quality)
{
	const struct stat_format *f = format_find(form_get(&req->query, "format"));
	struct annual_report *r = NULL;
	struct nrs_error err = {0};
	struct stat_query q;
	int rc;

	rc = statistics_query(req, quality, &q, &err);
	if (rc != 0)
		return query_refused(req, resp, rc, &err);
	if (f == NULL) {
		response_error_status(resp, req, false, 400,
		                      "Okänt format: välj html, csv, json eller xlsx.");
		return 0;
	}
	r = malloc(sizeof(*r));
	if (r == NULL)
		return NRS_ENOMEM;
	rpt_init(r);
	rc = statistics_build(req, &q, r, &err);
	if (rc == 0)
		rc = format_body(r, f, &resp->body, &err);
	rpt_free(r);
	free(r);
	if (rc != 0) {
		buf_reset(&resp->body);
		return rc == NRS_EINVAL ? query_refused(req, resp, rc, &err) : rc;
	}
	resp->content_type = f->content_type;
	file_name(&q, f, resp->download, sizeof(resp->download));
	return 0;
}

static int annual_download(struct request *req, struct response *resp)
{
	return report_download(req, resp, false);
}

static int quality_download(struct request *req, struct response *resp)
{
	return report_download(req, resp, true);
}

/* ---- GET/POST /statistics/annual/input ---- */

struct input_form {
	int year;
	const char *fte, *goals, *events;
	const char *e_fte, *e_goals, *e_events, *e_general;
};

static int render_input_form(struct request *req, struct response *resp, int status,
                             const struct input_form *f)
{
	char title[64];
	struct html h;

	resp->status = status;
	snprintf(title, sizeof(title), "Verksamhetsberättelse %d: egna uppgifter", f->year);
	html_init(&h, &resp->body);
	layout_begin(&h, req, title);
	html_raw_trusted(&h, "<h1>");
	html_text(&h, title);
	html_raw_trusted(&h, "</h1>\n");
	if (f->e_fte || f->e_goals || f->e_events || f->e_general)
		activity_form_alert(&h, f->e_general ? f->e_general : "Uppgifterna sparades inte.");
	html_raw_trusted(&h, "<div class=\"warning\"><p><strong>Texterna publiceras i "
	                     "verksamhetsberättelsen.</strong> Skriv inga personuppgifter: inga "
	                     "namn, personnummer eller beskrivningar som pekar ut en enskild "
	                     "person.</p></div>\n"
	                     "<form method=\"post\" action=\"/statistics/annual/input\" "
	                     "class=\"form\">\n");
	html_csrf_input(&h, req->csrf);
	html_raw_trusted(&h, "<input type=\"hidden\" name=\"year\" value=\"");
	html_int(&h, f->year);
	html_raw_trusted(&h, "\">\n<p id=\"fte-hint\">Antal årsarbetare med decimalkomma, till "
	                     "exempel 6,5. Lämna tomt om det inte är känt.</p>\n");
	field_input(&h, "staff_fte", "Personal, årsarbetare", "text", f->fte, f->e_fte, "off",
	            false);
	field_textarea(&h, "goals", "Måluppfyllelse", f->goals, f->e_goals, 10, false);
	field_textarea(&h, "events", "Väsentliga händelser", f->events, f->e_events, 10, false);
	html_raw_trusted(&h, "<p><button type=\"submit\">Spara</button> <a ");
	report_href(&h, "/statistics/annual", f->year, false, NULL);
	html_raw_trusted(&h, ">Avbryt</a></p>\n</form>\n");
	layout_end(&h);
	return h.err;
}

/* Hundredths as the form shows them: "7", "6,5", "6,25". */
static const char *fte_text(struct request *req, int64_t hundredths)
{
	char t[32];

	if (hundredths % 100 == 0)
		snprintf(t, sizeof(t), "%lld", (long long)(hundredths / 100));
	else if (hundredths % 10 == 0)
		snprintf(t, sizeof(t), "%lld,%lld", (long long)(hundredths / 100),
		         (long long)(hundredths % 100 / 10));
	else
		snprintf(t, sizeof(t), "%lld,%02lld", (long long)(hundredths / 100),
		         (long long)(hundredths % 100));
	return req_strdup(req, t);
}

static int input_get(struct request *req, struct response *resp)
{
	struct report_year_input in;
	struct input_form f = {0};
	struct nrs_error err = {0};
	int rc;

	rc = parse_year(req, form_get(&req->query, "year"), &f.year, &err);
	if (rc != 0)
		return query_refused(req, resp, rc, &err);
	memset(&in, 0, sizeof(in));
	rc = store_report_input_get(req->st, f.year, &in);
	if (rc == 0) {
		f.fte = in.has_fte ? fte_text(req, in.staff_fte) : NULL;
		f.goals = req_strdup(req, in.goals ? in.goals : "");
		f.events = req_strdup(req, in.events ? in.events : "");
	}
	store_report_input_free(&in);
	if (rc != 0 && rc != NRS_ENOTFOUND)
		return rc;
	return render_input_form(req, resp, 200, &f);
}

static void place_input_error(struct request *req, struct input_form *f,
                              const struct nrs_error *err)
{
	const char *msg = activity_msg(req, err->msg);

	if (strcmp(err->field, "staff_fte") == 0)
		f->e_fte = msg;
	else if (strcmp(err->field, "goals") == 0)
		f->e_goals = msg;
	else if (strcmp(err->field, "events") == 0)
		f->e_events = msg;
	else
		f->e_general = msg;
}

static int input_post(struct request *req, struct response *resp)
{
	struct reportsvc_input in;
	struct clientsvc_actor actor;
	struct input_form f = {0};
	struct nrs_error err = {0};
	char loc[64];
	int rc;

	rc = economysvc_parse_year(form_get_unique(&req->form, "year"), "year", &f.year, &err);
	if (rc != 0)
		return query_refused(req, resp, rc, &err);
	f.fte = form_get_unique(&req->form, "staff_fte");
	f.goals = form_get_unique(&req->form, "goals");
	f.events = form_get_unique(&req->form, "events");
	in.staff_fte = f.fte ? f.fte : "";
	in.goals = f.goals ? f.goals : "";
	in.events = f.events ? f.events : "";
	activity_actor(req, &actor);
	rc = reportsvc_input_put(req->st, req->keys, &actor, f.year, &in, &err);
	if (rc == NRS_EINVAL || rc == NRS_ETOOBIG) {
		place_input_error(req, &f, &err);
		return render_input_form(req, resp, 422, &f);
	}
	if (rc != 0)
		return rc;
	snprintf(loc, sizeof(loc), "/statistics/annual?year=%d&done=saved", f.year);
	return response_redirect(resp, loc);
}

const struct route statistics_routes[] = {
    {"GET", "/statistics", landing_get, true, REC_STATISTICS, ACT_READ, 0},
    {"GET", "/statistics/annual", annual_get, true, REC_STATISTICS, ACT_READ, 0},
    {"GET", "/statistics/annual/download", annual_download, true, REC_STATISTICS, ACT_READ, 0},
    {"GET", "/statistics/annual/input", input_get, true, REC_REPORT_INPUT, ACT_UPDATE, 0},
    {"POST", "/statistics/annual/input", input_post, true, REC_REPORT_INPUT, ACT_UPDATE, 0},
    {"GET", "/statistics/quality", quality_get, true, REC_STATISTICS, ACT_READ, 0},
    {"GET", "/statistics/quality/download", quality_download, true, REC_STATISTICS, ACT_READ, 0},
};
ROUTE_TABLE_COUNT(statistics);
