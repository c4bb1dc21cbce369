/* The annual report as an XLSX workbook (see annual.h): one worksheet per section, named
 * after it; a text section holds its paragraphs, a table section its tables one under the
 * other (bold title, header row, rows, totals row), with an empty row between them.
 * Published figures are numbers with a number format (counts and kronor whole, tenths
 * "0.0", full-time equivalents "0.00", per mille as a percentage "0.0%"), read back from
 * rpt_cell_text so they are the figures the other formats show; marks are right-aligned
 * text, explained in a line at the top of each sheet with tables. A note under a table
 * follows it as text. */
#include "report/annual.h"

#include "report/annual_entry.h"
#include "report/xlsx.h"

#include <stdlib.h>
#include <string.h>

/* The XLSX cell of a published entry; text must outlive the cell. */
static struct xlsx_cell entry_cell(const struct annual_report *r, const struct rpt_table *t,
                                   size_t i, size_t j, char *text)
{
	struct annual_number num;

	if (!annual_entry(r, t, i, j, text, &num))
		return (struct xlsx_cell){.type = XLSX_MARK, .text = text};
	if (t->kind == RPT_PERMILLE && num.decimals == 1)
		return (struct xlsx_cell){.type = XLSX_PERMILLE, .value = num.scaled};
	switch (num.decimals) {
	case 0:
		return (struct xlsx_cell){.type = XLSX_INT, .value = num.scaled};
	case 1:
		return (struct xlsx_cell){.type = XLSX_TENTHS, .value = num.scaled};
	case 2:
		return (struct xlsx_cell){.type = XLSX_HUNDREDTHS, .value = num.scaled};
	default:
		return (struct xlsx_cell){.type = XLSX_MARK, .text = text};
	}
}

/* Row i of the table (i == rows: the totals row). */
static int table_row(struct xlsx_book *b, const struct annual_report *r, const struct rpt_table *t,
                     size_t i, struct nrs_error *err)
{
	char text[RPT_MAX_COLS + 1][RPT_CELL_MAX];
	struct xlsx_cell cells[RPT_MAX_COLS + 2];
	size_t n = 0;

	cells[n++] = (struct xlsx_cell){.type = XLSX_TEXT, .text = annual_row_label(t, i)};
	for (size_t j = 0; j <= t->cols; j++)
		if (annual_published(t, i, j))
			cells[n++] = entry_cell(r, t, i, j, text[j]);
	return xlsx_book_row(b, cells, n, i == t->rows ? XLSX_ROW_TOTAL : XLSX_ROW_PLAIN, err);
}

static int put_table(struct xlsx_book *b, const struct annual_report *r, const struct rpt_table *t,
                     struct nrs_error *err)
{
	struct xlsx_cell head[RPT_MAX_COLS + 2];
	struct xlsx_cell title = {.type = XLSX_TEXT, .text = t->title};
	struct xlsx_cell note = {.type = XLSX_TEXT, .text = t->note};
	size_t n = 0;
	int rc;

	head[n++] = (struct xlsx_cell){.type = XLSX_TEXT, .text = t->corner};
	for (size_t j = 0; j < t->cols; j++)
		head[n++] = (struct xlsx_cell){.type = XLSX_MARK, .text = t->col_label[j]};
	if (t->row_totals)
		head[n++] = (struct xlsx_cell){.type = XLSX_MARK, .text = ANNUAL_TOTAL_LABEL};
	rc = xlsx_book_row(b, &title, 1, XLSX_ROW_TITLE, err);
	if (rc == 0)
		rc = xlsx_book_row(b, head, n, XLSX_ROW_HEADER, err);
	for (size_t i = 0; i < t->rows && rc == 0; i++)
		rc = table_row(b, r, t, i, err);
	if (rc == 0 && t->col_totals)
		rc = table_row(b, r, t, t->rows, err);
	if (rc == 0 && t->note[0] != '\0')
		rc = xlsx_book_row(b, &note, 1, XLSX_ROW_PLAIN, err);
	if (rc == 0)
		rc = xlsx_book_row(b, NULL, 0, XLSX_ROW_PLAIN, err);
	return rc;
}

/* The free text, a paragraph per row. */
static int put_text(struct xlsx_book *b, const char *text, struct nrs_error *err)
{
	const char *pos = text, *p;
	size_t len;
	int rc = 0;

	while (rc == 0 && (p = annual_paragraph(&pos, &len)) != NULL) {
		char *para = strndup(p, len);
		struct xlsx_cell cell = {.type = XLSX_TEXT, .text = para};

		rc = para != NULL
		         ? xlsx_book_row(b, &cell, 1, XLSX_ROW_PLAIN, err)
		         : nrs_error_set(err, NRS_ENOMEM, "", "minnet räckte inte till exporten");
		free(para);
	}
	return rc;
}

static int put_section(struct xlsx_book *b, const struct annual_report *r,
                       const struct rpt_section *s, struct nrs_error *err)
{
	struct xlsx_cell heading = {.type = XLSX_TEXT, .text = s->title};
	char legend[512];
	int rc = xlsx_book_sheet(b, s->title, err);

	if (rc == 0)
		rc = xlsx_book_widths(b, 0, 0, 40, err);
	if (rc == 0)
		rc = xlsx_book_widths(b, 1, RPT_MAX_COLS + 1, 12, err);
	if (rc == 0)
		rc = xlsx_book_row(b, &heading, 1, XLSX_ROW_TITLE, err);
	if (rc == 0)
		rc = xlsx_book_row(b, NULL, 0, XLSX_ROW_PLAIN, err);
	if (rc == 0 && s->text != NULL)
		rc = put_text(b, s->text, err);
	if (rc == 0 && s->n > 0) {
		annual_legend_text(r, legend, sizeof(legend));
		rc = xlsx_book_row(b, &(struct xlsx_cell){.type = XLSX_TEXT, .text = legend}, 1,
		                   XLSX_ROW_PLAIN, err);
		if (rc == 0)
			rc = xlsx_book_row(b, NULL, 0, XLSX_ROW_PLAIN, err);
	}
	for (size_t n = 0; n < s->n && rc == 0; n++)
		rc = put_table(b, r, &r->tables[s->first + n], err);
	return rc;
}

int annual_xlsx(const struct annual_report *r, const char *path, struct nrs_error *err)
{
	struct xlsx_book *b = NULL;
	int rc = xlsx_book_open(&b, path, err);

	if (rc != 0)
		return rc;
	if (r->n_sections == 0)
		rc = xlsx_book_sheet(b, r->title, err);
	for (size_t k = 0; k < r->n_sections && rc == 0; k++)
		rc = put_section(b, r, &r->sections[k], err);
	if (rc != 0) {
		xlsx_book_discard(b);
		return rc;
	}
	return xlsx_book_close(b, err);
}
