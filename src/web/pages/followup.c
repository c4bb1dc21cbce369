/* The systematic follow-up at group level (R13): GET /followup?year=&type=, the count and
 * mean of each measure at start, end and follow-up, for statistics readers. Only these
 * aggregates leave the case; a cell of fewer than GROUPSVC_MIN_CELL values shows "<3". */
#include "web/pages/interventions.h"

#include "base/date.h"
#include "base/str.h"
#include "store/intervention.h"
#include "web/fields.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/response.h"
#include "web/router.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define MAX_ROWS 32

/* The table: one row per measure with a cell per phase. */
struct fu_grid {
	size_t n;
	struct {
		char key[41];
		char label[101];
		int min, max;
		int64_t count[3];
		int suppressed[3];
		int64_t mean_tenths[3];
	} r[MAX_ROWS];
};

static int grid_measure(const struct followup_measure_row *row, void *ctx)
{
	struct fu_grid *g = ctx;

	if (g->n >= MAX_ROWS)
		return 0;
	memset(&g->r[g->n], 0, sizeof(g->r[g->n]));
	snprintf(g->r[g->n].key, sizeof(g->r[g->n].key), "%s", row->key);
	snprintf(g->r[g->n].label, sizeof(g->r[g->n].label), "%s", row->label_sv);
	g->r[g->n].min = row->scale_min;
	g->r[g->n].max = row->scale_max;
	g->n++;
	return 0;
}

static int grid_cell(const struct groupsvc_cell *c, void *ctx)
{
	struct fu_grid *g = ctx;
	int p = -1;

	for (int i = 0; iv_phases[i]; i++)
		if (strcmp(iv_phases[i], c->row->phase) == 0)
			p = i;
	for (size_t i = 0; p >= 0 && i < g->n; i++)
		if (strcmp(g->r[i].key, c->row->measure) == 0) {
			g->r[i].count[p] = c->row->count;
			g->r[i].suppressed[p] = c->suppressed;
			g->r[i].mean_tenths[p] = c->mean_tenths;
		}
	return 0;
}

/* "6,5" from 65 tenths (Swedish decimal comma). */
static void put_tenths(struct html *h, int64_t t)
{
	char s[40];
	int64_t mag = t < 0 ? -t : t;

	snprintf(s, sizeof(s), "%s%" PRId64 ",%" PRId64, t < 0 ? "−" : "", mag / 10, mag % 10);
	html_text(h, s);
}

struct type_opts {
	struct html *h;
	const char *selected;
	const char *label; /* out: the selected type's label */
	char label_buf[101];
};

static int type_option(const struct intervention_type_row *row, void *ctx)
{
	struct type_opts *t = ctx;
	bool sel = t->selected != NULL && strcmp(t->selected, row->key) == 0;

	if (sel) {
		snprintf(t->label_buf, sizeof(t->label_buf), "%s", row->label_sv);
		t->label = t->label_buf;
	}
	field_option(t->h, row->key, row->label_sv, sel);
	return 0;
}

static int followup_get(struct request *req, struct response *resp)
{
	const char *year_s = form_get(&req->query, "year");
	const char *type = form_get(&req->query, "type");
	struct type_opts to = {0};
	struct fu_grid *g;
	struct html h;
	int64_t year = 0;
	int rc;

	if (year_s != NULL && year_s[0] != '\0' && str_to_i64(year_s, 2000, 9999, &year) != 0)
		return NRS_EINVAL;
	if (type != NULL && type[0] == '\0')
		type = NULL;
	if (type != NULL) {
		rc = store_intervention_type_active(req->st, type);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return NRS_EINVAL;
	}
	g = req_alloc(req, sizeof(*g));
	if (g == NULL)
		return NRS_ENOMEM;
	g->n = 0;
	rc = groupsvc_measures(req->st, grid_measure, g);
	if (rc == 0)
		rc = groupsvc_followup_aggregate(req->st, (int)year, type, grid_cell, g);
	if (rc != 0)
		return rc;

	html_init(&h, &resp->body);
	layout_begin(&h, req, "Systematisk uppföljning");
	html_raw_trusted(&h, "<h1>Systematisk uppföljning</h1>\n<p class=\"lead\">Mätvärden "
	                     "sammanräknade för alla insatser: antal och medelvärde per mått vid "
	                     "start, avslut och uppföljning. Enskilda klienters värden visas "
	                     "aldrig här.</p>\n<form method=\"get\" action=\"/followup\" "
	                     "class=\"filter\">\n");
	field_input(&h, "year", "År (tomt för alla år)", "number", year_s, NULL, NULL, false);
	field_select_open(&h, "type", "Insatstyp", NULL, "Alla insatstyper");
	to.h = &h;
	to.selected = type;
	rc = store_intervention_type_list(req->st, 1, type_option, &to);
	field_select_close(&h);
	if (rc != 0)
		return rc;
	html_raw_trusted(&h, "<p><button type=\"submit\">Visa</button></p>\n</form>\n"
	                     "<table>\n<caption>Uppföljning ");
	if (year > 0) {
		html_raw_trusted(&h, "år ");
		html_int(&h, year);
	} else {
		html_raw_trusted(&h, "alla år");
	}
	html_raw_trusted(&h, ", ");
	html_text(&h, to.label != NULL ? to.label : "alla insatstyper");
	html_raw_trusted(&h, "</caption>\n<thead><tr><th scope=\"col\" rowspan=\"2\">Mått</th>");
	for (size_t p = 0; iv_phases[p]; p++) {
		html_raw_trusted(&h, "<th scope=\"colgroup\" colspan=\"2\">");
		html_text(&h, iv_phase_label(iv_phases[p]));
		html_raw_trusted(&h, "</th>");
	}
	html_raw_trusted(&h, "</tr>\n<tr>");
	for (size_t p = 0; iv_phases[p]; p++)
		html_raw_trusted(&h,
		                 "<th scope=\"col\">Antal</th><th scope=\"col\">Medelvärde</th>");
	html_raw_trusted(&h, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < g->n; i++) {
		html_raw_trusted(&h, "<tr><th scope=\"row\">");
		html_text(&h, g->r[i].label);
		html_raw_trusted(&h, " (");
		html_int(&h, g->r[i].min);
		html_raw_trusted(&h, "–");
		html_int(&h, g->r[i].max);
		html_raw_trusted(&h, ")</th>");
		for (size_t p = 0; p < 3; p++) {
			html_raw_trusted(&h, "<td class=\"num\">");
			if (g->r[i].count[p] == 0) {
				html_raw_trusted(&h, "0</td><td class=\"num\">–");
			} else if (g->r[i].suppressed[p]) {
				html_raw_trusted(&h, "&lt;3</td><td class=\"num\">–");
			} else {
				html_int(&h, g->r[i].count[p]);
				html_raw_trusted(&h, "</td><td class=\"num\">");
				put_tenths(&h, g->r[i].mean_tenths[p]);
			}
			html_raw_trusted(&h, "</td>");
		}
		html_raw_trusted(&h, "</tr>\n");
	}
	if (g->n == 0)
		html_raw_trusted(&h, "<tr><td colspan=\"7\">Inga mått är aktiva.</td></tr>\n");
	html_raw_trusted(&h, "</tbody>\n</table>\n<p>Celler med färre än 3 värden visas som "
	                     "&lt;3 och utan medelvärde, så att ingen enskild person kan "
	                     "pekas ut.</p>\n");
	layout_end(&h);
	return h.err;
}

const struct route followup_routes[] = {
    {"GET", "/followup", followup_get, true, REC_STATISTICS, ACT_READ, 0},
};
ROUTE_TABLE_COUNT(followup);
