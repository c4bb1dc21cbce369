/* The annual report as HTML (see annual.h): a fragment for the web page and a complete
 * print-ready document around the same fragment.
 *
 * The fragment lives under the site's strict CSP, so it has no style attribute and no
 * script: all looks come from classes styled by src/web/static/report.css. Every string
 * from the model goes through xml_escape_append; the only unescaped text is our own markup
 * and the chart writer's SVG (which escapes its own input).
 *
 * Anchors, stable for the page and its tests: a section's <h2> has id "avsnitt-<section>",
 * a table has id "tabell-<table id>" and data-table="<table id>", a chart's <svg> id
 * "diagram-<table id with '.' as '-'>". */
#include "report/annual.h"

#include "base/embed.h"
#include "report/annual_entry.h"
#include "report/svg.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REPORT_CSS "src/web/static/report.css"

/* Undo a failed write: out as it was at start. */
static int restore(struct buf *out, size_t start, int rc)
{
	if (rc != 0 && out->data != NULL) {
		out->len = start;
		out->data[start] = '\0';
	}
	return rc;
}

static int esc(struct buf *out, const char *s)
{
	return xml_escape_append(out, s);
}

/* A free text as paragraphs, a line break inside a paragraph kept as <br>. */
static int put_paragraphs(struct buf *out, const char *text)
{
	const char *pos = text, *p;
	size_t len;
	int rc = 0;

	while (rc == 0 && (p = annual_paragraph(&pos, &len)) != NULL) {
		const char *end = p + len;

		rc = buf_puts(out, "<p>");
		while (rc == 0 && p < end) {
			size_t n = strcspn(p, "\r\n");
			char *line;

			if (n > (size_t)(end - p))
				n = (size_t)(end - p);
			line = strndup(p, n);
			rc = line != NULL ? esc(out, line) : NRS_ENOMEM;
			free(line);
			p += n;
			if (p < end && *p == '\r')
				p++;
			if (p < end && *p == '\n')
				p++;
			if (rc == 0 && p < end)
				rc = buf_puts(out, "<br>\n");
		}
		if (rc == 0)
			rc = buf_puts(out, "</p>\n");
	}
	return rc;
}

/* What the marks mean, and the threshold in force. */
static int put_legend(struct buf *out, const struct annual_report *r)
{
	int rc = buf_puts(out, "<div class=\"rpt-legend\">\n"
	                       "<p class=\"rpt-legend-title\">Tecken i tabellerna</p>\n"
	                       "<dl class=\"rpt-marks\">\n");

	if (rc == 0 && r->threshold > 0)
		rc = buf_printf(out,
		                "<div><dt>&lt;%" PRId64 "</dt><dd>Färre än %" PRId64
		                "; det exakta talet visas inte.</dd></div>\n"
		                "<div><dt>..</dt><dd>Döljs så att ett litet tal inte kan räknas "
		                "fram ur andra tal, eller bygger på färre än %" PRId64
		                " personer.</dd></div>\n",
		                r->threshold, r->threshold, r->threshold);
	if (rc == 0)
		rc = buf_puts(out, "<div><dt>\u2013</dt><dd>Uppgift saknas.</dd></div>\n</dl>\n");
	if (rc == 0 && r->threshold > 0)
		rc = buf_printf(out,
		                "<p class=\"rpt-threshold\">Tröskelvärde för skydd av små tal: "
		                "%" PRId64 ".</p>\n",
		                r->threshold);
	else if (rc == 0)
		rc = buf_puts(out, "<p class=\"rpt-threshold\">Små tal skyddas inte i den här "
		                   "rapporten (tröskelvärde 0).</p>\n");
	return rc == 0 ? buf_puts(out, "</div>\n") : rc;
}

static int put_toc(struct buf *out, const struct annual_report *r)
{
	int rc = buf_puts(out, "<nav class=\"rpt-toc\" aria-label=\"Innehåll\">\n<ol>\n");

	for (size_t k = 0; k < r->n_sections && rc == 0; k++) {
		rc = buf_puts(out, "<li><a href=\"#avsnitt-");
		if (rc == 0)
			rc = esc(out, r->sections[k].id);
		if (rc == 0)
			rc = buf_puts(out, "\">");
		if (rc == 0)
			rc = esc(out, r->sections[k].title);
		if (rc == 0)
			rc = buf_puts(out, "</a></li>\n");
	}
	return rc == 0 ? buf_puts(out, "</ol>\n</nav>\n") : rc;
}

/* One <td> with the published text; classes mark totals (rpt-total, and rpt-total-col in
 * the totals column), hidden figures (rpt-mark) and missing ones (rpt-missing). */
static int put_cell(struct buf *out, const struct annual_report *r, const struct rpt_table *t,
                    size_t i, size_t j)
{
	char text[RPT_CELL_MAX], cls[64];
	unsigned char m = t->mark[i][j];
	int rc;

	rpt_cell_text(r, t, i, j, 0, text, sizeof(text));
	snprintf(cls, sizeof(cls), "%s%s%s", i == t->rows || j == t->cols ? " rpt-total" : "",
	         j == t->cols ? " rpt-total-col" : "",
	         m == RPT_SHOWN     ? ""
	         : m == RPT_MISSING ? " rpt-missing"
	                            : " rpt-mark");
	rc = cls[0] != '\0' ? buf_printf(out, "<td class=\"%s\">", cls + 1) : buf_puts(out, "<td>");
	if (rc == 0)
		rc = esc(out, text);
	return rc == 0 ? buf_puts(out, "</td>") : rc;
}

/* <th scope=...> with an escaped label and an optional class. */
static int put_th(struct buf *out, const char *scope, const char *cls, const char *label)
{
	int rc = buf_printf(out, "<th scope=\"%s\"%s%s%s>", scope, cls ? " class=\"" : "",
	                    cls ? cls : "", cls ? "\"" : "");

	if (rc == 0)
		rc = esc(out, label);
	return rc == 0 ? buf_puts(out, "</th>") : rc;
}

/* Row i (or the totals row, i == rows) of the body. */
static int put_row(struct buf *out, const struct annual_report *r, const struct rpt_table *t,
                   size_t i)
{
	bool total = i == t->rows;
	int rc = buf_puts(out, total ? "<tr class=\"rpt-total\">" : "<tr>");

	if (rc == 0)
		rc = put_th(out, "row", total ? "rpt-total" : NULL, annual_row_label(t, i));
	for (size_t j = 0; j <= t->cols && rc == 0; j++)
		if (annual_published(t, i, j))
			rc = put_cell(out, r, t, i, j);
	return rc == 0 ? buf_puts(out, "</tr>\n") : rc;
}

static int put_table(struct buf *out, const struct annual_report *r, const struct rpt_table *t)
{
	int rc = buf_printf(out, "<div class=\"rpt-block\">\n<table class=\"rpt-table rpt-%s\" ",
	                    annual_kind_name(t->kind));

	if (rc == 0)
		rc = buf_puts(out, "id=\"tabell-");
	if (rc == 0)
		rc = esc(out, t->id);
	if (rc == 0)
		rc = buf_puts(out, "\" data-table=\"");
	if (rc == 0)
		rc = esc(out, t->id);
	if (rc == 0)
		rc = buf_puts(out, "\">\n<caption>");
	if (rc == 0)
		rc = esc(out, t->title);
	if (rc == 0)
		rc = buf_puts(out, "</caption>\n<thead><tr>");
	/* an empty header cell means nothing to a screen reader: then a plain cell */
	if (rc == 0 && t->corner[0] == '\0')
		rc = buf_puts(out, "<td class=\"rpt-corner\"></td>");
	else if (rc == 0)
		rc = put_th(out, "col", "rpt-corner", t->corner);
	for (size_t j = 0; j < t->cols && rc == 0; j++)
		rc = put_th(out, "col", NULL, t->col_label[j]);
	if (rc == 0 && t->row_totals)
		rc = put_th(out, "col", "rpt-total rpt-total-col", ANNUAL_TOTAL_LABEL);
	if (rc == 0)
		rc = buf_puts(out, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < t->rows && rc == 0; i++)
		rc = put_row(out, r, t, i);
	if (rc == 0 && t->col_totals)
		rc = put_row(out, r, t, t->rows);
	if (rc == 0)
		rc = buf_puts(out, "</tbody>\n</table>\n");
	if (rc == 0 && t->note[0] != '\0') {
		rc = buf_puts(out, "<p class=\"rpt-note\">");
		if (rc == 0)
			rc = esc(out, t->note);
		if (rc == 0)
			rc = buf_puts(out, "</p>\n");
	}
	return rc == 0 ? buf_puts(out, "</div>\n") : rc;
}

/* ---- charts --------------------------------------------------------------------------- */

/* Everything one chart needs: labels, values as [series][point], hidden flags. */
struct chart_data {
	char id[RPT_ID_MAX + 16];
	const char *rows[RPT_MAX_ROWS], *cols[RPT_MAX_COLS];
	int64_t v[SVG_MAX_SERIES][SVG_MAX_CATEGORIES];
	bool hidden[SVG_MAX_SERIES][SVG_MAX_CATEGORIES];
	char mark[RPT_CELL_MAX];
	struct buf desc;
};

/* The accessible description: every cell's published text, row by row, so that it says
 * exactly what the table says ("Kvinnor: 2024 12, 2025 <3."). */
static int chart_desc(struct chart_data *d, const struct annual_report *r,
                      const struct rpt_table *t)
{
	char text[RPT_CELL_MAX];
	int rc = 0;

	for (size_t i = 0; i < t->rows && rc == 0; i++) {
		rc = buf_printf(&d->desc, "%s%s:", i > 0 ? " " : "", t->row_label[i]);
		for (size_t j = 0; j < t->cols && rc == 0; j++) {
			rpt_cell_text(r, t, i, j, 0, text, sizeof(text));
			rc = buf_printf(&d->desc, "%s %s %s", j > 0 ? "," : "", t->col_label[j],
			                text);
		}
		if (rc == 0)
			rc = buf_putc(&d->desc, '.');
	}
	return rc;
}

/* The chart's value of a shown cell in the chart's unit (whole units for bars, tenths for
 * lines), or -1 when the kind cannot be drawn. */
static int64_t chart_value(const struct rpt_table *t, size_t i, size_t j, bool tenths)
{
	int64_t v = t->v[i][j];

	switch (t->kind) {
	case RPT_COUNT:
	case RPT_PLAIN:
		if (v < 0 || v > SVG_VALUE_MAX / 10)
			return -1;
		return tenths ? v * 10 : v;
	case RPT_TENTHS:
	case RPT_PERMILLE:
		return tenths && v >= 0 && v <= SVG_VALUE_MAX ? v : -1;
	default:
		return -1;
	}
}

/* Fill d with the table's drawable figures: the cells as [series][point], series being
 * columns (bars) or rows (lines). Hidden and missing cells are flagged and carry 0, never
 * their value. False when the table does not fit the chart writer. */
static bool chart_fill(struct chart_data *d, const struct rpt_table *t, bool lines)
{
	size_t n_series = lines ? t->rows : t->cols, n_points = lines ? t->cols : t->rows;

	if (n_series > SVG_MAX_SERIES || n_points > SVG_MAX_CATEGORIES)
		return false;
	for (size_t i = 0; i < t->rows; i++) {
		for (size_t j = 0; j < t->cols; j++) {
			size_t s = lines ? i : j, p = lines ? j : i;
			bool shown = t->mark[i][j] == RPT_SHOWN;
			int64_t v = shown ? chart_value(t, i, j, lines) : 0;

			if (v < 0)
				return false;
			d->v[s][p] = v;
			d->hidden[s][p] = !shown;
		}
	}
	for (size_t i = 0; i < t->rows; i++)
		d->rows[i] = t->row_label[i];
	for (size_t j = 0; j < t->cols; j++)
		d->cols[j] = t->col_label[j];
	snprintf(d->id, sizeof(d->id), "diagram-%s", t->id);
	for (char *c = d->id; *c != '\0'; c++)
		if (*c == '.')
			*c = '-';
	return true;
}

/* The label drawn where a bar is hidden: the cells' common mark, or ".." when they differ
 * (never claiming "<3" for a figure hidden for another reason). */
static void bar_mark(struct chart_data *d, const struct annual_report *r, const struct rpt_table *t)
{
	char text[RPT_CELL_MAX];

	d->mark[0] = '\0';
	for (size_t i = 0; i < t->rows; i++) {
		for (size_t j = 0; j < t->cols; j++) {
			if (t->mark[i][j] == RPT_SHOWN)
				continue;
			rpt_cell_text(r, t, i, j, 0, text, sizeof(text));
			if (d->mark[0] == '\0')
				snprintf(d->mark, sizeof(d->mark), "%s", text);
			else if (strcmp(d->mark, text) != 0)
				snprintf(d->mark, sizeof(d->mark), "..");
		}
	}
}

static int draw_bars(struct buf *out, struct chart_data *d, const struct annual_report *r,
                     const struct rpt_table *t)
{
	struct svg_bar_series series[SVG_MAX_SERIES];
	struct svg_bar_chart c = {
	    .id = d->id,
	    .title = t->title,
	    .desc = buf_cstr(&d->desc),
	    .unit = "Antal",
	    .n_categories = t->rows,
	    .categories = d->rows,
	    .n_series = t->cols,
	    .series = series,
	    .suppressed_label = d->mark,
	};

	bar_mark(d, r, t);
	for (size_t j = 0; j < t->cols; j++)
		series[j] = (struct svg_bar_series){d->cols[j], d->v[j], d->hidden[j]};
	return svg_bar_chart(out, &c);
}

static int draw_lines(struct buf *out, struct chart_data *d, const struct rpt_table *t)
{
	struct svg_line_series series[SVG_MAX_SERIES];
	struct svg_line_chart c = {
	    .id = d->id,
	    .title = t->title,
	    .desc = buf_cstr(&d->desc),
	    .n_points = t->cols,
	    .x_labels = d->cols,
	    .n_series = t->rows,
	    .series = series,
	    .decimals = t->kind == RPT_COUNT || t->kind == RPT_PLAIN ? 0 : 1,
	    .markers = true,
	};

	for (size_t i = 0; i < t->rows; i++)
		series[i] = (struct svg_line_series){d->rows[i], d->v[i], d->hidden[i]};
	return svg_line_chart(out, &c);
}

/* The table's chart, if it has one that can be drawn. A chart the writer refuses
 * (NRS_EINVAL) is left out: the table above it holds the same figures. */
static int put_chart(struct buf *out, const struct annual_report *r, const struct rpt_table *t)
{
	struct chart_data d;
	bool lines = t->chart == RPT_CHART_LINE;
	size_t start = out->len;
	int rc;

	if (t->chart != RPT_CHART_BARS && !lines)
		return 0;
	memset(&d, 0, sizeof(d));
	if (!chart_fill(&d, t, lines))
		return 0;
	buf_init(&d.desc, RPT_MAX_ROWS * RPT_MAX_COLS * (2 * RPT_LABEL_MAX + RPT_CELL_MAX));
	rc = chart_desc(&d, r, t);
	if (rc == 0)
		rc = buf_puts(out, "<div class=\"rpt-chart\">\n");
	if (rc == 0)
		rc = lines ? draw_lines(out, &d, t) : draw_bars(out, &d, r, t);
	if (rc == 0)
		rc = buf_puts(out, "</div>\n");
	buf_free(&d.desc);
	if (rc == NRS_EINVAL) {
		restore(out, start, rc);
		rc = 0;
	}
	return rc;
}

/* ---- sections and the whole -------------------------------------------------------------- */

static int put_section(struct buf *out, const struct annual_report *r, const struct rpt_section *s)
{
	bool has_text = s->text != NULL && strspn(s->text, " \t\r\n") < strlen(s->text);
	int rc = buf_puts(out, "<section class=\"rpt-section\">\n<h2 id=\"avsnitt-");
	if (rc == 0)
		rc = esc(out, s->id);
	if (rc == 0)
		rc = buf_puts(out, "\">");
	if (rc == 0)
		rc = esc(out, s->title);
	if (rc == 0)
		rc = buf_puts(out, "</h2>\n");
	if (rc == 0 && has_text)
		rc = put_paragraphs(out, s->text);
	else if (rc == 0 && s->n == 0)
		rc = buf_puts(out, "<p class=\"rpt-empty\">Ingen text är skriven för året.</p>\n");
	for (size_t n = 0; n < s->n && rc == 0; n++) {
		const struct rpt_table *t = &r->tables[s->first + n];

		rc = put_table(out, r, t);
		if (rc == 0)
			rc = put_chart(out, r, t);
	}
	return rc == 0 ? buf_puts(out, "</section>\n") : rc;
}

static int put_fragment(struct buf *out, const struct annual_report *r)
{
	int rc = buf_printf(out, "<div class=\"rpt\" data-year=\"%d\">\n", r->year);

	if (rc == 0)
		rc = put_legend(out, r);
	if (rc == 0)
		rc = put_toc(out, r);
	for (size_t k = 0; k < r->n_sections && rc == 0; k++)
		rc = put_section(out, r, &r->sections[k]);
	return rc == 0 ? buf_puts(out, "</div>\n") : rc;
}

/* "2024–2026" or "2025–2026": the years compared. */
static int put_years(struct buf *out, const struct annual_report *r)
{
	if (r->n_years <= 1)
		return buf_printf(out, "%d", r->year);
	return buf_printf(out, "%d\u2013%d", r->years[0], r->years[r->n_years - 1]);
}

static int put_titlepage(struct buf *out, const struct annual_report *r)
{
	int rc = buf_puts(out, "<header class=\"rpt-titlepage\">\n<p class=\"rpt-org\">");

	if (rc == 0)
		rc = esc(out, r->organisation);
	if (rc == 0)
		rc = buf_puts(out, "</p>\n<h1>");
	if (rc == 0)
		rc = esc(out, r->title);
	if (rc == 0)
		rc = buf_puts(out, r->quality ? "</h1>\n<p class=\"rpt-subtitle\">Sammanställning "
		                                "för kvalitetsuppföljning, år "
		                              : "</h1>\n<p class=\"rpt-subtitle\">Verksamhetsår "
		                                "med jämförelse, år ");
	if (rc == 0)
		rc = put_years(out, r);
	if (rc == 0 && r->per_municipality)
		rc = buf_puts(out, ". Redovisning per kommun");
	if (rc == 0)
		rc = buf_puts(out, ".</p>\n<p class=\"rpt-generated\">Framtagen ");
	if (rc == 0)
		rc = esc(out, r->generated);
	return rc == 0 ? buf_puts(out, "</p>\n</header>\n") : rc;
}

int annual_html_fragment(const struct annual_report *r, struct buf *out)
{
	size_t start = out->len;

	return restore(out, start, put_fragment(out, r));
}

/* Our own stylesheet goes into a <style> element raw: it must not be able to end it. */
static bool style_safe(const struct nrs_blob *css)
{
	for (size_t k = 0; k < css->len; k++)
		if (css->data[k] == '<')
			return false;
	return true;
}

int annual_html_document(const struct annual_report *r, struct buf *out)
{
	const struct nrs_blob *css = nrs_embedded(REPORT_CSS);
	size_t start = out->len;
	int rc;

	if (css == NULL || !style_safe(css))
		return NRS_EIO;
	rc = buf_puts(out, "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n"
	                   "<meta name=\"viewport\" content=\"width=device-width, "
	                   "initial-scale=1\">\n<title>");
	if (rc == 0)
		rc = esc(out, r->title);
	if (rc == 0)
		rc = buf_puts(out, "</title>\n<style>\n");
	if (rc == 0)
		rc = buf_append(out, css->data, css->len);
	if (rc == 0)
		rc = buf_puts(out, "</style>\n</head>\n<body class=\"rpt-doc\">\n");
	if (rc == 0)
		rc = put_titlepage(out, r);
	if (rc == 0)
		rc = buf_puts(out, "<main>\n");
	if (rc == 0)
		rc = put_fragment(out, r);
	if (rc == 0)
		rc = buf_puts(out, "</main>\n</body>\n</html>\n");
	return restore(out, start, rc);
}
