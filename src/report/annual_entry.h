/* What the four writers of the annual report (annual_*.c) share: which entries of a table
 * are published, the published value of an entry as a number, names of the table kinds,
 * and the paragraphs of a free text. Internal to src/report. */
#ifndef NRS_REPORT_ANNUAL_ENTRY_H
#define NRS_REPORT_ANNUAL_ENTRY_H

#include "domain/report_model.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ANNUAL_TOTAL_LABEL "Totalt"

/* Whether entry (i, j) of t is published: every cell; the row totals (j == cols) when
 * t->row_totals; the column totals (i == rows) when t->col_totals; the grand total only
 * when both are. */
bool annual_published(const struct rpt_table *t, size_t i, size_t j);

/* The label of row i (or "Totalt" for i == rows), and of column j likewise. */
const char *annual_row_label(const struct rpt_table *t, size_t i);
const char *annual_col_label(const struct rpt_table *t, size_t j);

/* A published figure as a decimal number: scaled / 10^decimals (kronor have 0 decimals,
 * tenths and per mille as percent 1, hundredths 2). */
struct annual_number {
	int64_t scaled;
	int decimals;
};

/* The entry's published text (rpt_cell_text, plain) in text (RPT_CELL_MAX bytes), and
 * true with *num set when that text is a number. The number is read back from the text,
 * so it is exactly what CSV and HTML show; a mark ("<3", "..", "–") gives false. */
bool annual_entry(const struct annual_report *r, const struct rpt_table *t, size_t i, size_t j,
                  char *text, struct annual_number *num);

/* What the marks mean and the threshold, as one line of plain text for formats without a
 * legend of their own ("Tecken: <3 färre än 3 ..."). out holds outsz bytes. */
void annual_legend_text(const struct annual_report *r, char *out, size_t outsz);

/* "count", "plain", "tenths", "permille", "ore", "hundredths". */
const char *annual_kind_name(enum rpt_kind kind);

/* The next paragraph of a free text, where a line holding only blanks separates two
 * paragraphs. *pos starts at the text (may be NULL) and is advanced; returns the start of
 * the paragraph with its length in *len (without surrounding blank lines, line breaks
 * inside kept, CR LF and lone CR both count as a line break), or NULL when none is left. */
const char *annual_paragraph(const char **pos, size_t *len);

#endif
