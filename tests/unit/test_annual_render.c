/* Unit tests for the four writers of the annual report (src/report/annual_*.c) on a small
 * model built by hand, with marks set directly: exact fragments of the HTML (escaping,
 * table structure, legend, charts, no inline style or script), the print document (style
 * with @page), CSV (BOM, CRLF, quoting, one line per published entry), JSON (parsed back
 * with jansson: values and their types) and XLSX (a zip with one worksheet per section,
 * and, when the unzip program is there, the sheets' contents).
 *
 * The hidden cells carry numbers that occur nowhere else (987651, ...): no output may
 * contain them, in plain digits or grouped.
 *
 * To look at the outputs (open the document in a browser, print it), run
 *     NRS_ANNUAL_WRITE=/tmp ./test_annual_render
 * which also writes annual.html, annual.csv, annual.json and annual.xlsx there. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/csv.h"
#include "base/err.h"
#include "domain/report_model.h"
#include "report/annual.h"
#include "report/xlsx.h"

#define NBSP "\xc2\xa0"

/* The hidden values, as digits and as grouped text. */
static const char *const secret[] = {
    "987651",         "987" NBSP "651", "876542",  "876" NBSP "542", "765433",
    "765" NBSP "433", "123457",         "12345,7", "9999",
};

static void set_labels(char (*dst)[RPT_LABEL_MAX], const char *const *src, size_t n)
{
	for (size_t k = 0; k < n; k++)
		snprintf(dst[k], RPT_LABEL_MAX, "%s", src[k]);
}

static void set_row(struct rpt_table *t, size_t i, const int64_t *v)
{
	for (size_t j = 0; j < t->cols; j++)
		t->v[i][j] = v[j];
}

/* Ten tables in five sections; every kind, every mark, both charts, row and column totals.
 * threshold 3. */
static void build(struct annual_report *r, int64_t threshold)
{
	static const char *const years[] = {"2024", "2025", "2026"};
	static const char *const months[] = {"jan", "feb", "mar", "apr", "maj", "jun",
	                                     "jul", "aug", "sep", "okt", "nov", "dec"};
	struct nrs_error err;
	struct rpt_table *t;

	rpt_init(r);
	r->year = 2026;
	r->n_years = 3;
	r->years[0] = 2024;
	r->years[1] = 2025;
	r->years[2] = 2026;
	r->threshold = threshold;
	snprintf(r->title, sizeof(r->title), "Verksamhetsberättelse 2026 <&\">");
	snprintf(r->organisation, sizeof(r->organisation), "Centrum & Co");
	snprintf(r->host_name, sizeof(r->host_name), "Östersund");
	snprintf(r->generated, sizeof(r->generated), "2026-11-24 23:59");

	assert_int_equal(rpt_section(r, "goals", "Mål & <syfte>", &err), 0);
	assert_int_equal(rpt_section_text(r,
	                                  "Första stycket med <b>&\"citat\".\r\nRad två.\n\n  \n"
	                                  "Andra stycket.\n",
	                                  &err),
	                 0);
	assert_int_equal(rpt_section(r, "events", "Väsentliga händelser", &err), 0);

	assert_int_equal(rpt_section(r, "individual", "Individuellt stöd", &err), 0);
	t = rpt_add_table(r, "started.victim_support.gender", "Startade <serier> & \"mer\"",
	                  RPT_COUNT, 3, 3, &err);
	assert_non_null(t);
	snprintf(t->corner, sizeof(t->corner), "Kön");
	snprintf(t->note, sizeof(t->note), "Not: a < b & c");
	set_labels(t->row_label, (const char *const[]){"Kvinnor", "Män", "Annan; \"x\""}, 3);
	set_labels(t->col_label, years, 3);
	t->chart = RPT_CHART_BARS;
	set_row(t, 0, (const int64_t[]){10, 1234, 14});
	set_row(t, 1, (const int64_t[]){5, 987651, 6});
	set_row(t, 2, (const int64_t[]){0, 876542, 0});
	set_row(t, 3, (const int64_t[]){15, 765433, 20});
	t->mark[1][1] = RPT_SMALL;
	t->mark[2][1] = RPT_HIDDEN;
	t->mark[3][1] = RPT_HIDDEN;

	assert_int_equal(rpt_section(r, "interventions", "Insatser per typ", &err), 0);
	t = rpt_add_table(r, "queue.month", "Kötid per månad", RPT_TENTHS, 3, 12, &err);
	assert_non_null(t);
	snprintf(t->corner, sizeof(t->corner), "År");
	set_labels(t->row_label, years, 3);
	set_labels(t->col_label, months, 12);
	t->chart = RPT_CHART_LINE;
	for (size_t i = 0; i < 3; i++)
		for (size_t j = 0; j < 12; j++)
			t->v[i][j] = (int64_t)(10 * i + j + 40);
	t->v[2][5] = 123457;
	t->mark[2][5] = RPT_HIDDEN;
	t->mark[2][11] = RPT_MISSING;
	t = rpt_add_table(r, "trainings.participants", "Deltagare per kommun 2026", RPT_PLAIN, 2, 2,
	                  &err);
	assert_non_null(t);
	snprintf(t->corner, sizeof(t->corner), "Kommun");
	set_labels(t->row_label, (const char *const[]){"Östersund", "=SUMMA(A1)"}, 2);
	set_labels(t->col_label, (const char *const[]){"Koncept", "Special"}, 2);
	t->row_totals = true;
	set_row(t, 0, (const int64_t[]){3, 4});
	set_row(t, 1, (const int64_t[]){1, 2});
	t->v[0][2] = 7;
	t->v[1][2] = 3;
	t->v[2][0] = 4;
	t->v[2][1] = 6;
	t->v[2][2] = 10;

	assert_int_equal(rpt_section(r, "economy", "Ekonomi", &err), 0);
	t = rpt_add_table(r, "economy.summary", "Ekonomi", RPT_ORE, 3, 3, &err);
	assert_non_null(t);
	set_labels(t->row_label, (const char *const[]){"Budget", "Utfall", "Resultat"}, 3);
	set_labels(t->col_label, years, 3);
	set_row(t, 0, (const int64_t[]){123456789, 0, 100000000});
	set_row(t, 1, (const int64_t[]){123406739, 0, 100050050});
	set_row(t, 2, (const int64_t[]){50050, 0, -50050});
	for (size_t i = 0; i < 3; i++)
		t->mark[i][1] = RPT_MISSING;
	t = rpt_add_table(r, "resources.fte", "Personal", RPT_HUNDREDTHS, 1, 3, &err);
	assert_non_null(t);
	set_labels(t->row_label, (const char *const[]){"Personal (årsarbetare)"}, 1);
	set_labels(t->col_label, years, 3);
	set_row(t, 0, (const int64_t[]){0, 600, 650});
	t->mark[0][0] = RPT_MISSING;

	/* a second section titled like the one before: its worksheet needs another name */
	assert_int_equal(rpt_section(r, "activity", "Ekonomi", &err), 0);
	t = rpt_add_table(r, "activity.referrals_48h", "Inom 48 timmar", RPT_PERMILLE, 1, 3, &err);
	assert_non_null(t);
	set_labels(t->row_label, (const char *const[]){"Polisremisser kontaktade inom 48 timmar"},
	           1);
	set_labels(t->col_label, years, 3);
	set_row(t, 0, (const int64_t[]){573, 9999, 1000});
	t->mark[0][1] = RPT_HIDDEN;
	t = rpt_add_table(r, "activity.counts", "Räknade", RPT_COUNT, 1, 3, &err);
	assert_non_null(t);
	set_labels(t->row_label, (const char *const[]){"Polisremisser"}, 1);
	set_labels(t->col_label, years, 3);
	t->col_totals = false;
	set_row(t, 0, (const int64_t[]){12345, 0, 2});
	t->mark[0][2] = RPT_SMALL;
}

static void assert_contains(const char *hay, const char *needle)
{
	if (strstr(hay, needle) == NULL) {
		fprintf(stderr, "missing: [%s]\n", needle);
		fail();
	}
}

static void assert_lacks(const char *hay, const char *needle)
{
	if (strstr(hay, needle) != NULL) {
		fprintf(stderr, "unexpected: [%s]\n", needle);
		fail();
	}
}

static void assert_no_secret(const char *s)
{
	for (size_t k = 0; k < sizeof(secret) / sizeof(secret[0]); k++)
		assert_lacks(s, secret[k]);
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(hay, needle); p != NULL; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* ---- HTML ------------------------------------------------------------------------------ */

static void test_html_fragment(void **state)
{
	struct annual_report r;
	struct buf b;
	const char *h;

	(void)state;
	build(&r, 3);
	buf_init(&b, 0);
	assert_int_equal(annual_html_fragment(&r, &b), 0);
	h = buf_cstr(&b);
	assert_no_secret(h);
	/* the CSP: classes only */
	assert_lacks(h, " style=");
	assert_lacks(h, "<script");
	assert_lacks(h, "<style");
	/* sections, escaped titles and texts */
	assert_contains(h, "<h2 id=\"avsnitt-goals\">Mål &amp; &lt;syfte&gt;</h2>\n");
	assert_contains(h, "<p>Första stycket med &lt;b&gt;&amp;&quot;citat&quot;.<br>\nRad två."
	                   "</p>\n<p>Andra stycket.</p>\n");
	assert_contains(h, "<h2 id=\"avsnitt-events\">Väsentliga händelser</h2>\n"
	                   "<p class=\"rpt-empty\">");
	assert_contains(h, "<a href=\"#avsnitt-economy\">Ekonomi</a>");
	/* the legend and the threshold */
	assert_contains(h, "<dt>&lt;3</dt>");
	assert_contains(h, "<dt>..</dt>");
	assert_contains(h, "Tröskelvärde för skydd av små tal: 3.");
	assert_true(strstr(h, "rpt-legend") < strstr(h, "<section"));
	/* an accessible table: caption, scopes, marks, totals */
	assert_contains(h, "<table class=\"rpt-table rpt-count\" "
	                   "id=\"tabell-started.victim_support.gender\" "
	                   "data-table=\"started.victim_support.gender\">\n"
	                   "<caption>Startade &lt;serier&gt; &amp; &quot;mer&quot;</caption>\n"
	                   "<thead><tr><th scope=\"col\" class=\"rpt-corner\">Kön</th>"
	                   "<th scope=\"col\">2024</th><th scope=\"col\">2025</th>"
	                   "<th scope=\"col\">2026</th></tr></thead>\n");
	assert_contains(h, "<tr><th scope=\"row\">Kvinnor</th><td>10</td><td>1" NBSP "234</td>"
	                   "<td>14</td></tr>\n");
	assert_contains(h, "<tr><th scope=\"row\">Män</th><td>5</td>"
	                   "<td class=\"rpt-mark\">&lt;3</td><td>6</td></tr>\n");
	assert_contains(h, "<th scope=\"row\">Annan; &quot;x&quot;</th><td>0</td>"
	                   "<td class=\"rpt-mark\">..</td>");
	assert_contains(h, "<tr class=\"rpt-total\"><th scope=\"row\" class=\"rpt-total\">Totalt"
	                   "</th><td class=\"rpt-total\">15</td>"
	                   "<td class=\"rpt-total rpt-mark\">..</td>"
	                   "<td class=\"rpt-total\">20</td></tr>\n");
	assert_contains(h, "<p class=\"rpt-note\">Not: a &lt; b &amp; c</p>");
	/* a totals column, and no totals row where none is published */
	assert_contains(h, "<th scope=\"col\" class=\"rpt-total rpt-total-col\">Totalt</th>");
	assert_contains(h, "<th scope=\"row\">Östersund</th><td>3</td><td>4</td>"
	                   "<td class=\"rpt-total rpt-total-col\">7</td></tr>\n");
	assert_contains(h, "<th scope=\"row\">=SUMMA(A1)</th>");
	assert_contains(h, "<td class=\"rpt-total rpt-total-col\">10</td>");
	assert_contains(h, "<th scope=\"row\">Polisremisser</th><td>12" NBSP "345</td><td>0</td>"
	                   "<td class=\"rpt-mark\">&lt;3</td></tr>\n</tbody>");
	/* the other kinds */
	assert_contains(h, "<td>1" NBSP "234" NBSP "568</td>");
	assert_contains(h, "<td>-501</td>");
	assert_contains(h, "<td>501</td>");
	assert_contains(h, "<td class=\"rpt-missing\">\u2013</td>");
	assert_contains(h, "<td>6,50</td>");
	assert_contains(h, "<td>57,3" NBSP "%</td>");
	assert_contains(h, "<td>4,5</td>");
	/* the charts: bars after the gender table, a line for queue time, no other */
	assert_int_equal(count(h, "<svg "), 2);
	assert_contains(h, "</table>\n<p class=\"rpt-note\">Not: a &lt; b &amp; c</p>\n</div>\n"
	                   "<div class=\"rpt-chart\">\n<svg ");
	assert_contains(h, "id=\"diagram-started-victim_support-gender-title\"");
	assert_contains(h, "id=\"diagram-queue-month-title\"");
	assert_contains(h, "Män: 2024 5, 2025 &lt;3, 2026 6.");
	assert_lacks(h, "&lt;&lt;");
	buf_free(&b);
	rpt_free(&r);
}

static void test_html_document(void **state)
{
	struct annual_report r;
	struct buf b, frag;
	const char *h, *style, *style_end;

	(void)state;
	build(&r, 3);
	buf_init(&b, 0);
	buf_init(&frag, 0);
	assert_int_equal(annual_html_document(&r, &b), 0);
	assert_int_equal(annual_html_fragment(&r, &frag), 0);
	h = buf_cstr(&b);
	assert_no_secret(h);
	assert_true(strncmp(h, "<!DOCTYPE html>\n<html lang=\"sv\">\n", 33) == 0);
	assert_contains(h, "<meta charset=\"utf-8\">");
	assert_contains(h, "<title>Verksamhetsberättelse 2026 &lt;&amp;&quot;&gt;</title>");
	style = strstr(h, "<style>\n");
	style_end = strstr(h, "</style>");
	assert_non_null(style);
	assert_non_null(style_end);
	assert_true(style < style_end);
	/* the print stylesheet: A4, a page per section, nothing split */
	assert_contains(style, "@page");
	assert_contains(style, "size: A4");
	assert_contains(style, "break-before: page");
	assert_contains(style, "break-inside: avoid");
	assert_true(strstr(style, "@page") < style_end);
	/* the title page, then the very fragment of the web page */
	assert_contains(h, "<header class=\"rpt-titlepage\">\n<p class=\"rpt-org\">Centrum &amp; Co"
	                   "</p>\n<h1>Verksamhetsberättelse 2026 &lt;&amp;&quot;&gt;</h1>\n");
	assert_contains(h, "2024\u20132026");
	assert_contains(h, "Framtagen 2026-11-24 23:59");
	assert_contains(h, buf_cstr(&frag));
	assert_lacks(h, " style=");
	assert_true(strcmp(h + b.len - 8, "</html>\n") == 0);
	buf_free(&frag);
	buf_free(&b);
	rpt_free(&r);
}

static void test_html_no_threshold(void **state)
{
	struct annual_report r;
	struct buf b;

	(void)state;
	build(&r, 0);
	buf_init(&b, 0);
	assert_int_equal(annual_html_fragment(&r, &b), 0);
	assert_contains(buf_cstr(&b), "(tröskelvärde 0)");
	assert_lacks(buf_cstr(&b), "<dt>&lt;0</dt>");
	buf_free(&b);
	rpt_free(&r);
}

/* ---- CSV ------------------------------------------------------------------------------- */

static void test_csv(void **state)
{
	struct annual_report r;
	struct csv_reader rd;
	struct buf b;
	const char *c;
	int lines = 0;

	(void)state;
	build(&r, 3);
	buf_init(&b, 0);
	assert_int_equal(annual_csv(&r, &b), 0);
	c = buf_cstr(&b);
	assert_no_secret(c);
	assert_true(strncmp(c,
	                    "\xEF\xBB\xBF"
	                    "avsnitt;tabell;rad;kolumn;värde\r\n",
	                    3 + 33) == 0);
	/* every line break is CRLF */
	for (size_t k = 0; k < b.len; k++)
		if (c[k] == '\n')
			assert_true(k > 0 && c[k - 1] == '\r');
	assert_true(b.len >= 2 && c[b.len - 2] == '\r' && c[b.len - 1] == '\n');
	assert_contains(c,
	                "\r\nIndividuellt stöd;started.victim_support.gender;Kvinnor;2024;10\r\n");
	assert_contains(
	    c, "\r\nIndividuellt stöd;started.victim_support.gender;Kvinnor;2025;1234\r\n");
	assert_contains(c, "\r\nIndividuellt stöd;started.victim_support.gender;Män;2025;<3\r\n");
	assert_contains(c, "\r\nIndividuellt stöd;started.victim_support.gender;"
	                   "\"Annan; \"\"x\"\"\";2025;..\r\n");
	assert_contains(c,
	                "\r\nIndividuellt stöd;started.victim_support.gender;Totalt;2025;..\r\n");
	assert_contains(c,
	                "\r\nIndividuellt stöd;started.victim_support.gender;Totalt;2026;20\r\n");
	assert_contains(c, "\r\nInsatser per typ;queue.month;2024;jan;4,0\r\n");
	assert_contains(c, "\r\nInsatser per typ;queue.month;2026;jun;..\r\n");
	assert_contains(c, "\r\nInsatser per typ;queue.month;2026;dec;\u2013\r\n");
	assert_contains(c, "\r\nInsatser per typ;trainings.participants;Östersund;Totalt;7\r\n");
	assert_contains(c, "\r\nInsatser per typ;trainings.participants;Totalt;Totalt;10\r\n");
	/* a label a spreadsheet would run as a formula is defused */
	assert_contains(c, "\r\nInsatser per typ;trainings.participants;'=SUMMA(A1);Koncept;1\r\n");
	assert_contains(c, "\r\nEkonomi;economy.summary;Budget;2024;1234568\r\n");
	assert_contains(c, "\r\nEkonomi;economy.summary;Resultat;2026;-501\r\n");
	assert_contains(c, "\r\nEkonomi;resources.fte;Personal (årsarbetare);2026;6,50\r\n");
	assert_contains(c, "\r\nEkonomi;activity.referrals_48h;"
	                   "Polisremisser kontaktade inom 48 timmar;2024;57,3\r\n");
	assert_contains(c, "\r\nEkonomi;activity.counts;Polisremisser;2026;<3\r\n");
	/* no totals where none are published; no free text */
	assert_lacks(c, "activity.counts;Totalt");
	assert_lacks(c, "economy.summary;Totalt");
	assert_lacks(c, "stycket");
	assert_lacks(c, NBSP);

	/* parsed back: one record per published entry, five fields each */
	csv_open(&rd, c, b.len, ';');
	while (csv_next(&rd) == 1) {
		assert_int_equal(rd.nfields, 5);
		lines++;
	}
	csv_close(&rd);
	/* header + gender 9+3 + queue 36 + participants 4+2+3 + economy 9 + fte 3 + 48h 3 +
	 * counts 3 */
	assert_int_equal(lines, 1 + 12 + 36 + 9 + 9 + 3 + 3 + 3);
	buf_free(&b);
	rpt_free(&r);
}

/* ---- JSON ------------------------------------------------------------------------------ */

static json_t *table_by_id(json_t *root, const char *id)
{
	json_t *sections = json_object_get(root, "sections"), *s, *t;
	size_t k, n;

	json_array_foreach(sections, k, s)
	{
		json_array_foreach(json_object_get(s, "tables"), n, t)
		{
			if (strcmp(json_string_value(json_object_get(t, "id")), id) == 0)
				return t;
		}
	}
	fail_msg("no table %s", id);
	return NULL;
}

static json_t *cell(json_t *t, size_t i, size_t j)
{
	return json_array_get(json_array_get(json_object_get(t, "cells"), i), j);
}

static void assert_json_int(json_t *v, json_int_t want)
{
	assert_true(json_is_integer(v));
	assert_int_equal(json_integer_value(v), want);
}

static void assert_json_real(json_t *v, double want)
{
	assert_true(json_is_real(v));
	assert_true(json_real_value(v) > want - 1e-9 && json_real_value(v) < want + 1e-9);
}

static void assert_json_str(json_t *v, const char *want)
{
	assert_true(json_is_string(v));
	assert_string_equal(json_string_value(v), want);
}

static void test_json(void **state)
{
	struct annual_report r;
	json_error_t jerr;
	json_t *root, *s, *t;
	struct buf b;

	(void)state;
	build(&r, 3);
	buf_init(&b, 0);
	assert_int_equal(annual_json(&r, &b), 0);
	assert_no_secret(buf_cstr(&b));
	/* decimals as written, not as the nearest double */
	assert_contains(buf_cstr(&b), "[57.3,\"..\",100.0]");
	root = json_loadb(b.data, b.len, JSON_REJECT_DUPLICATES, &jerr);
	assert_non_null(root);
	assert_json_str(json_object_get(root, "report"), "annual");
	assert_json_int(json_object_get(root, "year"), 2026);
	assert_int_equal(json_array_size(json_object_get(root, "years")), 3);
	assert_json_int(json_array_get(json_object_get(root, "years"), 0), 2024);
	assert_json_int(json_object_get(root, "threshold"), 3);
	assert_true(json_is_false(json_object_get(root, "per_municipality")));
	assert_int_equal(json_array_size(json_object_get(root, "sections")), 6);

	s = json_array_get(json_object_get(root, "sections"), 0);
	assert_json_str(json_object_get(s, "id"), "goals");
	assert_json_str(json_object_get(s, "title"), "Mål & <syfte>");
	assert_contains(json_string_value(json_object_get(s, "text")), "<b>&\"citat\"");
	assert_int_equal(json_array_size(json_object_get(s, "tables")), 0);
	s = json_array_get(json_object_get(root, "sections"), 1);
	assert_true(json_is_null(json_object_get(s, "text")));

	t = table_by_id(root, "started.victim_support.gender");
	assert_json_str(json_object_get(t, "title"), "Startade <serier> & \"mer\"");
	assert_json_str(json_object_get(t, "kind"), "count");
	assert_json_str(json_object_get(t, "corner"), "Kön");
	assert_json_str(json_array_get(json_object_get(t, "rows"), 2), "Annan; \"x\"");
	assert_json_str(json_array_get(json_object_get(t, "columns"), 0), "2024");
	assert_json_int(cell(t, 0, 0), 10);
	assert_json_int(cell(t, 0, 1), 1234);
	assert_json_str(cell(t, 1, 1), "<3");
	assert_json_str(cell(t, 2, 1), "..");
	assert_true(json_is_null(json_object_get(t, "row_totals")));
	assert_json_int(json_array_get(json_object_get(t, "column_totals"), 0), 15);
	assert_json_str(json_array_get(json_object_get(t, "column_totals"), 1), "..");
	assert_true(json_is_null(json_object_get(t, "total")));

	t = table_by_id(root, "queue.month");
	assert_json_str(json_object_get(t, "kind"), "tenths");
	assert_json_real(cell(t, 0, 5), 4.5);
	assert_json_str(cell(t, 2, 5), "..");
	assert_true(json_is_null(cell(t, 2, 11)));
	assert_true(json_is_null(json_object_get(t, "column_totals")));

	t = table_by_id(root, "trainings.participants");
	assert_json_str(json_object_get(t, "kind"), "plain");
	assert_json_int(json_array_get(json_object_get(t, "row_totals"), 0), 7);
	assert_json_int(json_array_get(json_object_get(t, "column_totals"), 1), 6);
	assert_json_int(json_object_get(t, "total"), 10);

	t = table_by_id(root, "economy.summary");
	assert_json_str(json_object_get(t, "kind"), "ore");
	assert_json_int(cell(t, 0, 0), 1234568);
	assert_json_int(cell(t, 2, 0), 501);
	assert_json_int(cell(t, 2, 2), -501);
	assert_true(json_is_null(cell(t, 1, 1)));

	t = table_by_id(root, "resources.fte");
	assert_json_str(json_object_get(t, "kind"), "hundredths");
	assert_true(json_is_null(cell(t, 0, 0)));
	assert_json_real(cell(t, 0, 1), 6.0);
	assert_json_real(cell(t, 0, 2), 6.5);

	t = table_by_id(root, "activity.referrals_48h");
	assert_json_str(json_object_get(t, "kind"), "permille");
	assert_json_real(cell(t, 0, 0), 57.3);
	assert_json_real(cell(t, 0, 2), 100.0);

	t = table_by_id(root, "activity.counts");
	assert_json_int(cell(t, 0, 0), 12345);
	assert_json_str(cell(t, 0, 2), "<3");
	assert_true(json_is_null(json_object_get(t, "column_totals")));

	json_decref(root);
	buf_free(&b);
	rpt_free(&r);
}

/* ---- XLSX ------------------------------------------------------------------------------ */

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		data = malloc((size_t)n + 1);
		if (data != NULL && fread(data, 1, (size_t)n, f) == (size_t)n) {
			data[n] = '\0';
			*len = (size_t)n;
		} else {
			free(data);
			data = NULL;
		}
	}
	fclose(f);
	return data;
}

static unsigned le16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static unsigned long le32(const unsigned char *p)
{
	return (unsigned long)le16(p) | (unsigned long)le16(p + 2) << 16;
}

/* The number of worksheets in a zip (xl/worksheets/sheetN.xml in its central directory),
 * or -1 when it is not a well-formed zip. */
static int zip_sheets(const char *path)
{
	size_t len = 0;
	unsigned char *z = (unsigned char *)read_file(path, &len);
	size_t eocd, pos;
	unsigned entries;
	int sheets = 0;

	if (z == NULL || len < 22 || memcmp(z, "PK\x03\x04", 4) != 0) {
		free(z);
		return -1;
	}
	for (eocd = len - 22; eocd > 0 && le32(z + eocd) != 0x06054b50UL; eocd--)
		;
	entries = le16(z + eocd + 10);
	pos = le32(z + eocd + 16);
	for (unsigned k = 0; k < entries; k++) {
		size_t nlen, total;

		if (pos + 46 > len || le32(z + pos) != 0x02014b50UL) {
			sheets = -1;
			break;
		}
		nlen = le16(z + pos + 28);
		total = 46 + nlen + le16(z + pos + 30) + le16(z + pos + 32);
		if (pos + 46 + nlen > len) {
			sheets = -1;
			break;
		}
		if (nlen >= 24 && memcmp(z + pos + 46, "xl/worksheets/sheet", 19) == 0 &&
		    memcmp(z + pos + 46 + nlen - 4, ".xml", 4) == 0)
			sheets++;
		pos += total;
	}
	free(z);
	return sheets;
}

/* Everything in the zip, uncompressed, when the unzip program is there; else NULL. */
static char *unzip_all(const char *path)
{
	char cmd[512];
	struct buf b;
	char chunk[4096];
	size_t n;
	FILE *p;

	if (access("/usr/bin/unzip", X_OK) != 0)
		return NULL;
	snprintf(cmd, sizeof(cmd), "/usr/bin/unzip -p '%s'", path);
	p = popen(cmd, "r");
	if (p == NULL)
		return NULL;
	buf_init(&b, 0);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		assert_int_equal(buf_append(&b, chunk, n), 0);
	assert_int_equal(pclose(p), 0);
	return buf_steal(&b);
}

static void test_xlsx(void **state)
{
	char dir[] = "/tmp/nrs-test-annual-XXXXXX", path[64], bad[96];
	struct annual_report r;
	struct nrs_error err;
	struct stat st;
	char *all;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/rapport.xlsx", dir);
	build(&r, 3);
	assert_int_equal(annual_xlsx(&r, path, &err), 0);
	assert_int_equal(zip_sheets(path), 6);

	all = unzip_all(path);
	if (all != NULL) {
		assert_no_secret(all);
		/* sheet names: escaped, and the second "Ekonomi" renamed */
		assert_contains(all, "name=\"Mål &amp; &lt;syfte&gt;\"");
		assert_contains(all, "name=\"Ekonomi\"");
		assert_contains(all, "name=\"Ekonomi (2)\"");
		/* marks and labels are text, the paragraphs of the free text rows */
		assert_contains(all, "<t>&lt;3</t>");
		assert_contains(all, "<t>..</t>");
		assert_contains(all, "<t>Startade &lt;serier&gt; &amp; \"mer\"</t>");
		assert_contains(all, "<t>Andra stycket.</t>");
		assert_contains(all, "<t>Tecken: &lt;3 färre än 3 (talet visas inte)");
		/* numbers are numbers: kronor whole, tenths and per mille scaled */
		assert_contains(all, "<v>1234568</v>");
		assert_contains(all, "<v>-501</v>");
		assert_contains(all, "<v>4.5</v>");
		assert_contains(all, "<v>0.573</v>");
		assert_contains(all, "<v>6.5</v>");
		assert_contains(all, "formatCode=\"0.0%\"");
		free(all);
	}

	/* a file that cannot be written leaves nothing behind */
	snprintf(bad, sizeof(bad), "%s/no-such-dir/rapport.xlsx", dir);
	assert_int_equal(annual_xlsx(&r, bad, &err), NRS_EIO);
	assert_int_not_equal(stat(bad, &st), 0);

	/* an existing file is never replaced, and nothing is left beside it */
	{
		size_t before_len = 0, after_len = 0;
		char *before = read_file(path, &before_len), *after;

		r.tables[0].v[0][0] = 11;
		assert_int_equal(annual_xlsx(&r, path, &err), NRS_EEXIST);
		after = read_file(path, &after_len);
		assert_non_null(before);
		assert_non_null(after);
		assert_true(before_len == after_len && memcmp(before, after, before_len) == 0);
		free(before);
		free(after);
	}

	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0); /* empty: no temporary file left */
	rpt_free(&r);
}

static void test_xlsx_book(void **state)
{
	char dir[] = "/tmp/nrs-test-xlsx-XXXXXX", path[64];
	static const char *const heads[] = {"Nummer", "Belopp"};
	struct xlsx_cell cells[] = {
	    {XLSX_TEXT, "F-1", 0},
	    {XLSX_KRONOR, NULL, 12345},
	};
	struct xlsx_book *b = NULL;
	struct nrs_error err;
	struct stat st;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/t.xlsx", dir);

	/* the one-table export of invoices */
	assert_int_equal(xlsx_write_table(path, "Fakturor", heads, 2, cells, 1, &err), 0);
	assert_int_equal(zip_sheets(path), 1);
	unlink(path);

	/* forbidden characters, long and repeated names */
	assert_int_equal(xlsx_book_open(&b, path, &err), 0);
	assert_int_equal(xlsx_book_sheet(b, "a[b]:c*d?e/f\\g", &err), 0);
	assert_int_equal(xlsx_book_sheet(b, "Överlånga namn på avsnittet i rapporten", &err), 0);
	assert_int_equal(xlsx_book_sheet(b, "Överlånga namn på avsnittet i rapporten", &err), 0);
	assert_int_equal(xlsx_book_sheet(b, "", &err), 0);
	assert_int_equal(xlsx_book_sheet(b, "'", &err), 0);
	assert_int_equal(xlsx_book_row(b, cells, 2, XLSX_ROW_TOTAL, &err), 0);
	assert_int_equal(xlsx_book_close(b, &err), 0);
	assert_int_equal(zip_sheets(path), 5);
	{
		char *all = unzip_all(path);

		if (all != NULL) {
			assert_contains(all, "name=\"a-b--c-d-e-f-g\"");
			assert_contains(all, "name=\"Överlånga namn på avsnittet i r\"");
			assert_contains(all, "name=\"Överlånga namn på avsnitt (2)\"");
			assert_contains(all, "name=\"Blad\"");
			assert_contains(all, "name=\"Blad (2)\"");
			free(all);
		}
	}
	unlink(path);

	/* a discarded workbook leaves no file */
	assert_int_equal(xlsx_book_open(&b, path, &err), 0);
	assert_int_equal(xlsx_book_sheet(b, "Blad", &err), 0);
	assert_int_equal(xlsx_book_row(b, cells, 2, XLSX_ROW_PLAIN, &err), 0);
	xlsx_book_discard(b);
	assert_int_not_equal(stat(path, &st), 0);
	/* no row before a sheet */
	assert_int_equal(xlsx_book_open(&b, path, &err), 0);
	assert_int_equal(xlsx_book_row(b, cells, 2, XLSX_ROW_PLAIN, &err), NRS_EINVAL);
	xlsx_book_discard(b);
	assert_int_not_equal(stat(path, &st), 0);
	assert_int_equal(rmdir(dir), 0);
}

/* Write the outputs of the test model to NRS_ANNUAL_WRITE, if set, for a human to review. */
static void write_samples(void)
{
	const char *dir = getenv("NRS_ANNUAL_WRITE");
	struct annual_report r;
	struct nrs_error err;
	char path[512];
	struct {
		const char *name;
		int (*write)(const struct annual_report *, struct buf *);
	} text[] = {{"annual.html", annual_html_document},
	            {"annual.csv", annual_csv},
	            {"annual.json", annual_json}};

	if (dir == NULL)
		return;
	build(&r, 3);
	for (size_t k = 0; k < sizeof(text) / sizeof(text[0]); k++) {
		struct buf b;
		FILE *f;

		buf_init(&b, 0);
		snprintf(path, sizeof(path), "%s/%s", dir, text[k].name);
		f = fopen(path, "wb");
		if (f != NULL && text[k].write(&r, &b) == 0)
			fwrite(b.data, 1, b.len, f);
		if (f != NULL)
			fclose(f);
		buf_free(&b);
	}
	snprintf(path, sizeof(path), "%s/annual.xlsx", dir);
	annual_xlsx(&r, path, &err);
	rpt_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_html_fragment),
	    cmocka_unit_test(test_html_document),
	    cmocka_unit_test(test_html_no_threshold),
	    cmocka_unit_test(test_csv),
	    cmocka_unit_test(test_json),
	    cmocka_unit_test(test_xlsx),
	    cmocka_unit_test(test_xlsx_book),
	};

	write_samples();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
