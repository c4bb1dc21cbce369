/* Helpers shared by the annual report's writers (see annual_entry.h). */
#include "report/annual_entry.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

bool annual_published(const struct rpt_table *t, size_t i, size_t j)
{
	if (i > t->rows || j > t->cols)
		return false;
	if (i == t->rows && j == t->cols)
		return t->row_totals && t->col_totals;
	if (i == t->rows)
		return t->col_totals;
	if (j == t->cols)
		return t->row_totals;
	return true;
}

const char *annual_row_label(const struct rpt_table *t, size_t i)
{
	return i < t->rows ? t->row_label[i] : ANNUAL_TOTAL_LABEL;
}

const char *annual_col_label(const struct rpt_table *t, size_t j)
{
	return j < t->cols ? t->col_label[j] : ANNUAL_TOTAL_LABEL;
}

/* "-1234", "4,5", "6,50" as a number; false for anything else. */
static bool parse_number(const char *s, struct annual_number *num)
{
	bool neg = false, comma = false;
	int64_t v = 0;
	int decimals = 0, digits = 0;

	if (*s == '-') {
		neg = true;
		s++;
	}
	for (; *s != '\0'; s++) {
		if (*s == ',' && !comma && digits > 0) {
			comma = true;
			continue;
		}
		if (*s < '0' || *s > '9' || digits >= 18)
			return false;
		v = v * 10 + (*s - '0');
		digits++;
		decimals += comma;
	}
	if (digits == 0 || (comma && decimals == 0))
		return false;
	num->scaled = neg ? -v : v;
	num->decimals = decimals;
	return true;
}

bool annual_entry(const struct annual_report *r, const struct rpt_table *t, size_t i, size_t j,
                  char *text, struct annual_number *num)
{
	rpt_cell_text(r, t, i, j, 1, text, RPT_CELL_MAX);
	return t->mark[i][j] == RPT_SHOWN && parse_number(text, num);
}

void annual_legend_text(const struct annual_report *r, char *out, size_t outsz)
{
	if (r->threshold > 0)
		snprintf(
		    out, outsz,
		    "Tecken: <%" PRId64 " färre än %" PRId64 " (talet visas inte), .. dolt så att "
		    "ett litet tal inte kan räknas fram eller bygger på färre än %" PRId64
		    " personer, \u2013 uppgift saknas. Tröskelvärde för skydd av små tal: %" PRId64
		    ".",
		    r->threshold, r->threshold, r->threshold, r->threshold);
	else
		snprintf(out, outsz,
		         "Tecken: \u2013 uppgift saknas. Små tal skyddas inte "
		         "(tröskelvärde 0).");
}

const char *annual_kind_name(enum rpt_kind kind)
{
	switch (kind) {
	case RPT_COUNT:
		return "count";
	case RPT_PLAIN:
		return "plain";
	case RPT_TENTHS:
		return "tenths";
	case RPT_PERMILLE:
		return "permille";
	case RPT_ORE:
		return "ore";
	case RPT_HUNDREDTHS:
		return "hundredths";
	}
	return "count";
}

/* The end of the line starting at p, and in *next the start of the line after it. */
static const char *line_end(const char *p, const char **next)
{
	size_t n = strcspn(p, "\r\n");

	*next = p + n;
	if (**next == '\r')
		(*next)++;
	if (**next == '\n')
		(*next)++;
	return p + n;
}

static bool blank(const char *p, const char *end)
{
	for (; p < end; p++)
		if (*p != ' ' && *p != '\t')
			return false;
	return true;
}

const char *annual_paragraph(const char **pos, size_t *len)
{
	const char *p = *pos, *start = NULL, *stop = NULL, *next;

	if (p == NULL)
		return NULL;
	while (*p != '\0') {
		const char *end = line_end(p, &next);

		if (blank(p, end)) {
			if (start != NULL)
				break;
		} else {
			if (start == NULL)
				start = p;
			stop = end;
		}
		p = next;
	}
	*pos = p;
	if (start == NULL)
		return NULL;
	*len = (size_t)(stop - start);
	return start;
}
