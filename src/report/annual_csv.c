/* The annual report as CSV for further work in a spreadsheet (see annual.h): UTF-8 with a
 * BOM so that Excel reads the Swedish letters, ';' because Swedish Excel expects it, CRLF,
 * and one line per published entry:
 *     avsnitt;tabell;rad;kolumn;värde
 * avsnitt is the section's title, tabell the table's id (unique, unlike the titles that the
 * three breakdowns of one statistic share), rad and kolumn the labels ("Totalt" for
 * totals), värde the published text without grouping or unit ("1234", "4,5", "<3", "..").
 * CSV carries the tables only: the free texts (goals, events) are in the other formats. */
#include "report/annual.h"

#include "report/annual_entry.h"

#include <string.h>

/* Append one field, quoted when it holds the separator, a quote or a line break. A text
 * field that a spreadsheet would take for a formula (= + - @ first) gets a leading
 * apostrophe; values are never altered (a negative result is a number, not a formula). */
static int put_field(struct buf *out, const char *s, bool text)
{
	bool quote = strpbrk(s, ";\"\r\n") != NULL;
	int rc = 0;

	if (quote)
		rc = buf_putc(out, '"');
	if (rc == 0 && text && s[0] != '\0' && strchr("=+-@\t", s[0]) != NULL)
		rc = buf_putc(out, '\'');
	for (; rc == 0 && *s != '\0'; s++)
		rc = *s == '"' ? buf_puts(out, "\"\"") : buf_putc(out, *s);
	if (rc == 0 && quote)
		rc = buf_putc(out, '"');
	return rc;
}

static int put_line(struct buf *out, const char *const f[5])
{
	int rc = 0;

	for (int k = 0; k < 5 && rc == 0; k++) {
		if (k > 0)
			rc = buf_putc(out, ';');
		if (rc == 0)
			rc = put_field(out, f[k], k < 4);
	}
	return rc == 0 ? buf_puts(out, "\r\n") : rc;
}

static int put_table(struct buf *out, const struct annual_report *r, const struct rpt_section *s,
                     const struct rpt_table *t)
{
	char text[RPT_CELL_MAX];
	struct annual_number num;
	int rc = 0;

	for (size_t i = 0; i <= t->rows && rc == 0; i++) {
		for (size_t j = 0; j <= t->cols && rc == 0; j++) {
			if (!annual_published(t, i, j))
				continue;
			annual_entry(r, t, i, j, text, &num);
			rc = put_line(out, (const char *const[5]){s->title, t->id,
			                                          annual_row_label(t, i),
			                                          annual_col_label(t, j), text});
		}
	}
	return rc;
}

int annual_csv(const struct annual_report *r, struct buf *out)
{
	int rc = buf_puts(out, "\xEF\xBB\xBF"
	                       "avsnitt;tabell;rad;kolumn;värde\r\n");

	for (size_t k = 0; k < r->n_sections && rc == 0; k++) {
		const struct rpt_section *s = &r->sections[k];

		for (size_t n = 0; n < s->n && rc == 0; n++)
			rc = put_table(out, r, s, &r->tables[s->first + n]);
	}
	return rc;
}
