/* Unit tests for the chart writer (src/report/svg.c): nice axis ticks, Swedish number
 * formatting, XML escaping of hostile text, well-formed output (checked by a tiny XML
 * checker below, so the test needs no xmllint), suppressed bars drawn as labels only, gaps
 * in lines, input validation, and golden files for one small chart of each kind.
 *
 * Golden files: tests/data/svg/bar.svg and line.svg, read from NRS_SRCDIR (else the cwd).
 * To regenerate them after an intended change to the drawing, run from the source root
 *     NRS_SVG_WRITE=tests/data/svg ./test_svg
 * (any directory works; /tmp gives files to open in a browser), then review the diff and
 * look at the rendered charts before committing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "report/svg.h"

#define NBSP "\xc2\xa0"

/* ---- a tiny well-formedness checker ------------------------------------------------ */

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == ':' || c == '.';
}

/* An entity at p (which points at '&'): the five we write or a decimal reference. Returns
 * its length, or 0. */
static size_t entity_len(const char *p)
{
	static const char *const known[] = { "&amp;", "&lt;", "&gt;", "&quot;", "&#39;" };
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strncmp(p, known[i], strlen(known[i])) == 0)
			return strlen(known[i]);
	if (p[1] == '#') {
		i = 2;
		while (p[i] >= '0' && p[i] <= '9')
			i++;
		if (i > 2 && p[i] == ';')
			return i + 1;
	}
	return 0;
}

/* True if s is one element with balanced tags, quoted attributes without '<' or a bare
 * '&', text without a raw '<', '>' or bare '&', and nothing but whitespace around it. */
static bool well_formed(const char *s)
{
	const char *stack[64];
	size_t nstack[64];
	int depth = 0, roots = 0;
	const char *p = s;

	while (*p != '\0') {
		if (*p == '<') {
			bool closing = p[1] == '/';
			const char *name;
			size_t n;

			p += closing ? 2 : 1;
			name = p;
			while (name_char(*p))
				p++;
			n = (size_t)(p - name);
			if (n == 0)
				return false;
			if (closing) {
				while (*p == ' ' || *p == '\n')
					p++;
				if (*p != '>' || depth == 0 || nstack[depth - 1] != n ||
				    strncmp(stack[depth - 1], name, n) != 0)
					return false;
				depth--;
				p++;
				continue;
			}
			if (depth == 0 && ++roots > 1)
				return false;
			for (;;) {
				while (*p == ' ' || *p == '\n' || *p == '\t')
					p++;
				if (*p == '>') {
					if (depth == 64)
						return false;
					stack[depth] = name;
					nstack[depth++] = n;
					p++;
					break;
				}
				if (p[0] == '/' && p[1] == '>') {
					p += 2;
					break;
				}
				if (!name_char(*p))
					return false;
				while (name_char(*p))
					p++;
				if (p[0] != '=' || p[1] != '"')
					return false;
				p += 2;
				while (*p != '"') {
					if (*p == '\0' || *p == '<')
						return false;
					if (*p == '&' && entity_len(p) == 0)
						return false;
					p++;
				}
				p++;
			}
		} else {
			if (*p == '>')
				return false;
			if (*p == '&') {
				size_t n = entity_len(p);

				if (n == 0)
					return false;
				p += n;
				continue;
			}
			if (depth == 0 && *p != ' ' && *p != '\n')
				return false;
			p++;
		}
	}
	return depth == 0 && roots == 1;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	const char *p = hay;

	while ((p = strstr(p, needle)) != NULL) {
		n++;
		p += strlen(needle);
	}
	return n;
}

/* How often needle occurs inside <g class="cls" ...>...</g> (groups are not nested). */
static size_t group_count(const char *svg, const char *cls, const char *needle)
{
	char open[64];
	const char *p, *end;
	size_t n = 0;

	snprintf(open, sizeof(open), "<g class=\"%s\"", cls);
	p = strstr(svg, open);
	assert_non_null(p);
	end = strstr(p, "</g>");
	assert_non_null(end);
	while ((p = strstr(p, needle)) != NULL && p < end) {
		n++;
		p += strlen(needle);
	}
	return n;
}

/* How often c occurs in the d="..." of the first path at or after p. */
static size_t path_count(const char *p, char c)
{
	size_t n = 0;

	p = strstr(p, " d=\"");
	assert_non_null(p);
	for (p += 4; *p != '"'; p++)
		if (*p == c)
			n++;
	return n;
}

/* ---- sample charts (also the golden files) ----------------------------------------- */

static const char *const sample_cats[] = { "Våldsutsatta", "Barn (Trappan)", "Våldsutövare",
                                           "Anhöriga" };
static const int64_t y2022[] = { 142, 38, 41, 2 };
static const int64_t y2023[] = { 156, 45, 37, 6 };
static const int64_t y2024[] = { 171, 52, 44, 9 };
static const bool supp2022[] = { false, false, false, true };

static const struct svg_bar_series sample_series[] = {
	{ "2022", y2022, supp2022 },
	{ "2023", y2023, NULL },
	{ "2024", y2024, NULL },
};

static const struct svg_bar_chart sample_bar = {
	.id = "bar1",
	.title = "Påbörjade serier 2022–2024",
	.desc = NULL,
	.unit = "Antal",
	.show_title = true,
	.n_categories = 4,
	.categories = sample_cats,
	.n_series = 3,
	.series = sample_series,
};

static const char *const months[] = { "jan", "feb", "mar", "apr", "maj", "jun",
                                      "jul", "aug", "sep", "okt", "nov", "dec" };
static const int64_t q2024[] = { 125, 98, 140, 71, 60, 45, 0, 210, 133, 118, 90, 87 };
static const bool m2024[] = { false, false, false, false, false, false,
                              true,  false, false, false, false, false };
static const int64_t q2023[] = { 150, 162, 131, 120, 95, 102, 180, 171, 144, 128, 110, 99 };

static const struct svg_line_series sample_lines[] = {
	{ "2023", q2023, NULL },
	{ "2024", q2024, m2024 },
};

static const struct svg_line_chart sample_line = {
	.id = "line1",
	.title = "Kötid per månad (median, dagar)",
	.desc = NULL,
	.unit = "Dagar",
	.show_title = true,
	.n_points = 12,
	.x_labels = months,
	.n_series = 2,
	.series = sample_lines,
	.decimals = 1,
	.markers = true,
	.labels = false,
};

/* Render into a fresh buffer; caller frees. */
static char *render_bar(const struct svg_bar_chart *c)
{
	struct buf b;

	buf_init(&b, 0);
	assert_int_equal(svg_bar_chart(&b, c), 0);
	return buf_steal(&b);
}

static char *render_line(const struct svg_line_chart *c)
{
	struct buf b;

	buf_init(&b, 0);
	assert_int_equal(svg_line_chart(&b, c), 0);
	return buf_steal(&b);
}

/* ---- tests ------------------------------------------------------------------------- */

static void check_axis(int64_t max, int64_t min_step, int64_t step, int64_t top, int n)
{
	struct svg_axis ax;

	assert_int_equal(svg_nice_axis(max, min_step, &ax), 0);
	assert_int_equal(ax.step, step);
	assert_int_equal(ax.top, top);
	assert_int_equal(ax.n_ticks, n);
}

static void test_nice_axis(void **state)
{
	struct svg_axis ax;

	(void)state;
	check_axis(0, 1, 1, 0, 1);
	check_axis(1, 1, 1, 1, 2);
	check_axis(5, 1, 1, 5, 6);
	check_axis(6, 1, 2, 6, 4);
	check_axis(7, 1, 2, 8, 5);
	check_axis(10, 1, 2, 10, 6);
	check_axis(11, 1, 5, 15, 4);
	check_axis(100, 1, 20, 100, 6);
	check_axis(1234, 1, 500, 1500, 4);
	check_axis(171, 1, 50, 200, 5);
	check_axis(4744767, 1, 1000000, 5000000, 6);
	check_axis(SVG_VALUE_MAX, 1, INT64_C(200000000000000), SVG_VALUE_MAX, 6);
	check_axis(SVG_VALUE_MAX - 1, 1, INT64_C(200000000000000), SVG_VALUE_MAX, 6);
	/* Tenths with whole-unit steps: 4,5 days → 0..5 by 1. */
	check_axis(45, 10, 10, 50, 6);
	check_axis(8, 1, 2, 8, 5);
	check_axis(8, 10, 10, 10, 2);
	assert_int_equal(svg_nice_axis(-1, 1, &ax), NRS_EINVAL);
	assert_int_equal(svg_nice_axis(SVG_VALUE_MAX + 1, 1, &ax), NRS_EINVAL);
	assert_int_equal(svg_nice_axis(5, 0, &ax), NRS_EINVAL);
	assert_int_equal(svg_nice_axis(5, 1, NULL), NRS_EINVAL);
}

static void test_format(void **state)
{
	char s[40];

	(void)state;
	svg_format_int(0, s, sizeof(s));
	assert_string_equal(s, "0");
	svg_format_int(999, s, sizeof(s));
	assert_string_equal(s, "999");
	svg_format_int(1500, s, sizeof(s));
	assert_string_equal(s, "1" NBSP "500");
	svg_format_int(1234567, s, sizeof(s));
	assert_string_equal(s, "1" NBSP "234" NBSP "567");
	svg_format_int(-1234, s, sizeof(s));
	assert_string_equal(s, "-1" NBSP "234");
	svg_format_int(INT64_MIN, s, sizeof(s));
	assert_string_equal(s, "-9" NBSP "223" NBSP "372" NBSP "036" NBSP "854" NBSP "775"
	                       NBSP "808");
	svg_format_tenths(45, 1, s, sizeof(s));
	assert_string_equal(s, "4,5");
	svg_format_tenths(0, 1, s, sizeof(s));
	assert_string_equal(s, "0,0");
	svg_format_tenths(12340, 1, s, sizeof(s));
	assert_string_equal(s, "1" NBSP "234,0");
	svg_format_tenths(45, 0, s, sizeof(s));
	assert_string_equal(s, "5");
	svg_format_tenths(44, 0, s, sizeof(s));
	assert_string_equal(s, "4");
	svg_format_tenths(-45, 0, s, sizeof(s));
	assert_string_equal(s, "-5");
	svg_format_tenths(-4, 0, s, sizeof(s));
	assert_string_equal(s, "0");
	/* Truncation is safe. */
	assert_int_equal(svg_format_int(1234567, s, 4), 3);
	assert_string_equal(s, "1" NBSP);
}

static void test_escape(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(xml_escape_append(&b, "<script>&\"'"), 0);
	assert_string_equal(buf_cstr(&b), "&lt;script&gt;&amp;&quot;&#39;");
	buf_reset(&b);
	assert_int_equal(xml_escape_append(&b, NULL), 0);
	assert_int_equal(xml_escape_append(&b, "a\x01" "b\tc\x1f" "Å"), 0);
	assert_string_equal(buf_cstr(&b), "a\xef\xbf\xbd" "b\tc\xef\xbf\xbd" "Å");
	buf_free(&b);
}

static void test_hostile_text(void **state)
{
	static const char *const hostile = "<script>&\"'";
	const char *const cats[] = { hostile, "ok" };
	const int64_t v[] = { 3, 4 };
	const struct svg_bar_series series[] = { { hostile, v, NULL } };
	struct svg_bar_chart c = {
		.id = "h", .title = hostile, .unit = hostile, .show_title = true,
		.n_categories = 2, .categories = cats, .n_series = 1, .series = series,
		.suppressed_label = hostile,
	};
	const char *const xl[] = { hostile, hostile };
	const int64_t t[] = { 10, 20 };
	const struct svg_line_series ls[] = { { hostile, t, NULL } };
	struct svg_line_chart l = {
		.id = "l", .title = hostile, .desc = hostile, .unit = hostile,
		.show_title = true, .n_points = 2, .x_labels = xl, .n_series = 1,
		.series = ls, .markers = true, .labels = true,
	};
	char *out;

	(void)state;
	out = render_bar(&c);
	assert_true(well_formed(out));
	assert_null(strstr(out, "<script"));
	assert_null(strstr(out, "&\""));
	assert_true(count(out, "&lt;script&gt;&amp;&quot;&#39;") >= 5);
	free(out);

	c.desc = hostile;
	out = render_bar(&c);
	assert_true(well_formed(out));
	assert_null(strstr(out, "<script"));
	free(out);

	out = render_line(&l);
	assert_true(well_formed(out));
	assert_null(strstr(out, "<script"));
	assert_true(count(out, "&lt;script&gt;&amp;&quot;&#39;") >= 5);
	free(out);
}

static void test_checker_rejects(void **state)
{
	(void)state;
	/* The checker itself must catch what it is there to catch. */
	assert_true(well_formed("<svg a=\"1\"><g><text>a &amp; b</text></g></svg>\n"));
	assert_false(well_formed("<svg><g></svg>"));
	assert_false(well_formed("<svg><text>a & b</text></svg>"));
	assert_false(well_formed("<svg><text>a > b</text></svg>"));
	assert_false(well_formed("<svg a=\"<\"/>"));
	assert_false(well_formed("<svg/><svg/>"));
	assert_false(well_formed("<svg a=1/>"));
}

static void test_accessible(void **state)
{
	char *out;

	(void)state;
	out = render_bar(&sample_bar);
	assert_true(well_formed(out));
	assert_non_null(strstr(out, "role=\"img\" aria-labelledby=\"bar1-title bar1-desc\""));
	assert_non_null(strstr(out, "<title id=\"bar1-title\">Påbörjade serier 2022–2024"
	                            "</title>"));
	/* The summary gives every value, suppressed ones as the label. */
	assert_non_null(strstr(out, "<desc id=\"bar1-desc\">Våldsutsatta: 2022 142, 2023 156, "
	                            "2024 171."));
	assert_non_null(strstr(out, "Anhöriga: 2022 &lt;3, 2023 6, 2024 9.</desc>"));
	assert_non_null(strstr(out, "viewBox=\"0 0 720 400\""));
	assert_null(strstr(out, "style="));
	assert_null(strstr(out, "<script"));
	/* Patterns for series 1 and 2, scoped by the chart's id. */
	assert_non_null(strstr(out, "<pattern id=\"bar1-p1\""));
	assert_non_null(strstr(out, "<pattern id=\"bar1-p2\""));
	assert_non_null(strstr(out, "fill=\"url(#bar1-p2)\""));
	/* Legend names and ticks (0, 50, 100, 150, 200). */
	assert_non_null(strstr(out, ">2023</text>"));
	assert_non_null(strstr(out, ">200</text>"));
	assert_null(strstr(out, ">250</text>"));
	free(out);

	out = render_line(&sample_line);
	assert_true(well_formed(out));
	assert_non_null(strstr(out, "aria-labelledby=\"line1-title line1-desc\""));
	assert_non_null(strstr(out, "jun 4,5, jul uppgift saknas, aug 21,0"));
	assert_null(strstr(out, "style="));
	free(out);
}

static void test_suppressed(void **state)
{
	const char *const cats[] = { "A", "B" };
	const int64_t v[] = { 2, 40 };
	const bool sup[] = { true, false };
	const struct svg_bar_series series[] = { { "2024", v, sup } };
	struct svg_bar_chart c = {
		.id = "s", .title = "T", .n_categories = 2, .categories = cats, .n_series = 1,
		.series = series,
	};
	const int64_t big[] = { 1000000, 1 };
	const struct svg_bar_series series2[] = { { "2024", big, sup } };
	char *out;

	(void)state;
	out = render_bar(&c);
	assert_true(well_formed(out));
	/* One bar; the suppressed cell is a label only. */
	assert_int_equal(group_count(out, "bars", "<rect"), 1);
	assert_int_equal(group_count(out, "bars", "<text"), 2);
	assert_int_equal(count(out, ">&lt;3</text>"), 1);
	assert_null(strstr(out, ">2</text>"));
	assert_non_null(strstr(out, ">40</text>"));
	/* The suppressed value does not set the scale: 40 gives ticks up to 40. */
	assert_non_null(strstr(out, ">40</text>"));
	free(out);

	c.suppressed_label = "–";
	out = render_bar(&c);
	assert_int_equal(count(out, ">–</text>"), 1);
	assert_null(strstr(out, "&lt;3"));
	free(out);

	/* A hidden large value must not squash the scale of the visible ones. */
	c.series = series2;
	c.suppressed_label = NULL;
	out = render_bar(&c);
	assert_null(strstr(out, "1" NBSP "000" NBSP "000"));
	assert_non_null(strstr(out, ">1</text>")); /* the top tick */
	free(out);
}

static void test_zero_and_large(void **state)
{
	const char *const cats[] = { "A", "B", "C" };
	const int64_t zero[] = { 0, 0, 0 };
	const int64_t large[] = { SVG_VALUE_MAX, 123456789012, 0 };
	struct svg_bar_series series[] = { { "x", zero, NULL }, { "y", zero, NULL },
	                                   { "z", zero, NULL } };
	struct svg_bar_chart c = {
		.id = "z", .title = "T", .n_categories = 3, .categories = cats, .n_series = 3,
		.series = series,
	};
	char *out;

	(void)state;
	out = render_bar(&c);
	assert_true(well_formed(out));
	assert_int_equal(group_count(out, "bars", "<rect"), 0);
	assert_int_equal(count(out, ">0</text>"), 10); /* one tick, nine value labels */
	free(out);

	series[0].values = large;
	series[1].values = large;
	series[2].values = large;
	out = render_bar(&c);
	assert_true(well_formed(out));
	assert_non_null(strstr(out, ">1" NBSP "000" NBSP "000" NBSP "000" NBSP "000" NBSP
	                            "000</text>"));
	/* Wide labels are turned upright. */
	assert_non_null(strstr(out, "rotate(-90"));
	free(out);
}

static void test_line_gaps(void **state)
{
	const char *const xl[] = { "a", "b", "c", "d", "e" };
	const int64_t t[] = { 10, 20, 30, 40, 50 };
	const bool miss[] = { false, true, false, true, false };
	const struct svg_line_series ls[] = { { "s", t, miss } };
	struct svg_line_chart l = {
		.id = "g", .title = "T", .n_points = 5, .x_labels = xl, .n_series = 1,
		.series = ls, .decimals = 0,
	};
	const bool miss2[] = { false, false, true, false, false };
	const struct svg_line_series ls2[] = { { "s", t, miss2 } };
	char *out;
	const char *d;

	(void)state;
	out = render_line(&l);
	assert_true(well_formed(out));
	/* Three isolated points: three subpaths, and each gets a marker though markers are
	 * off. */
	d = strstr(out, "<g class=\"series\"><path d=\"");
	assert_non_null(d);
	assert_int_equal(count(d, "<circle"), 3);
	assert_int_equal(path_count(d, 'M'), 3);
	assert_int_equal(path_count(d, 'L'), 0);
	/* Whole-unit ticks: 0..5. */
	assert_non_null(strstr(out, ">5</text>"));
	assert_null(strstr(out, ",5</text>"));
	free(out);

	l.series = ls2;
	out = render_line(&l);
	d = strstr(out, "<g class=\"series\"><path d=\"");
	assert_non_null(d);
	assert_int_equal(count(d, "<circle"), 0);
	assert_int_equal(path_count(d, 'M'), 2);
	assert_int_equal(path_count(d, 'L'), 2);
	free(out);
}

static void test_invalid(void **state)
{
	const char *const cats[] = { "A" };
	const int64_t v[] = { 1 };
	const int64_t neg[] = { -1 };
	struct svg_bar_series series[SVG_MAX_SERIES + 1];
	struct svg_bar_chart c = {
		.id = "ok", .title = "T", .n_categories = 1, .categories = cats, .n_series = 1,
		.series = series,
	};
	struct svg_bar_chart bad;
	struct buf b;
	size_t i;

	(void)state;
	for (i = 0; i <= SVG_MAX_SERIES; i++) {
		series[i].name = "s";
		series[i].values = v;
		series[i].suppressed = NULL;
	}
	buf_init(&b, 0);
	assert_int_equal(buf_puts(&b, "before"), 0);

	bad = c;
	bad.id = "1abc";
	assert_int_equal(svg_bar_chart(&b, &bad), NRS_EINVAL);
	bad.id = "a\"b";
	assert_int_equal(svg_bar_chart(&b, &bad), NRS_EINVAL);
	bad.id = NULL;
	assert_int_equal(svg_bar_chart(&b, &bad), NRS_EINVAL);
	bad = c;
	bad.title = NULL;
	assert_int_equal(svg_bar_chart(&b, &bad), NRS_EINVAL);
	bad = c;
	bad.n_series = SVG_MAX_SERIES + 1;
	assert_int_equal(svg_bar_chart(&b, &bad), NRS_EINVAL);
	bad = c;
	bad.n_categories = 0;
	assert_int_equal(svg_bar_chart(&b, &bad), NRS_EINVAL);
	bad = c;
	bad.width = 100;
	assert_int_equal(svg_bar_chart(&b, &bad), NRS_EINVAL);
	series[0].values = neg;
	assert_int_equal(svg_bar_chart(&b, &c), NRS_EINVAL);
	series[0].values = v;
	assert_int_equal(svg_bar_chart(NULL, &c), NRS_EINVAL);
	assert_int_equal(svg_bar_chart(&b, NULL), NRS_EINVAL);
	assert_int_equal(svg_line_chart(&b, NULL), NRS_EINVAL);
	assert_string_equal(buf_cstr(&b), "before");

	/* Too small for its legend: many series wrapping over several rows. */
	bad = c;
	bad.n_series = SVG_MAX_SERIES;
	bad.width = 200;
	bad.height = 200;
	for (i = 0; i < SVG_MAX_SERIES; i++)
		series[i].name = "ett långt seriennamn";
	assert_int_equal(svg_bar_chart(&b, &bad), NRS_EINVAL);
	assert_string_equal(buf_cstr(&b), "before");
	buf_free(&b);

	/* A full buffer fails cleanly and leaves the buffer as it was. */
	buf_init(&b, 100);
	assert_int_equal(buf_puts(&b, "before"), 0);
	assert_int_equal(svg_bar_chart(&b, &sample_bar), NRS_ETOOBIG);
	assert_string_equal(buf_cstr(&b), "before");
	assert_int_equal(svg_line_chart(&b, &sample_line), NRS_ETOOBIG);
	assert_string_equal(buf_cstr(&b), "before");
	buf_free(&b);
}

static void test_deterministic(void **state)
{
	char *a, *b;

	(void)state;
	a = render_bar(&sample_bar);
	b = render_bar(&sample_bar);
	assert_string_equal(a, b);
	free(a);
	free(b);
	a = render_line(&sample_line);
	b = render_line(&sample_line);
	assert_string_equal(a, b);
	free(a);
	free(b);
}

/* Compare with tests/data/svg/<name>; with NRS_SVG_WRITE=dir write <dir>/<name> instead. */
static void golden(const char *name, const char *got)
{
	const char *dir = getenv("NRS_SVG_WRITE");
	const char *srcdir = getenv("NRS_SRCDIR");
	char path[4096];
	char *want;
	size_t n;
	long size;
	FILE *f;

	if (dir != NULL) {
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		f = fopen(path, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(got, 1, strlen(got), f), strlen(got));
		assert_int_equal(fclose(f), 0);
		return;
	}
	snprintf(path, sizeof(path), "%s/tests/data/svg/%s", srcdir ? srcdir : ".", name);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	size = ftell(f);
	assert_true(size > 0 && size < 1000000);
	rewind(f);
	want = malloc((size_t)size + 1);
	assert_non_null(want);
	n = fread(want, 1, (size_t)size, f);
	fclose(f);
	want[n] = '\0';
	assert_string_equal(got, want);
	free(want);
}

static void test_golden(void **state)
{
	char *out;

	(void)state;
	out = render_bar(&sample_bar);
	golden("bar.svg", out);
	free(out);
	out = render_line(&sample_line);
	golden("line.svg", out);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nice_axis),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_checker_rejects),
		cmocka_unit_test(test_hostile_text),
		cmocka_unit_test(test_accessible),
		cmocka_unit_test(test_suppressed),
		cmocka_unit_test(test_zero_and_large),
		cmocka_unit_test(test_line_gaps),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_golden),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
