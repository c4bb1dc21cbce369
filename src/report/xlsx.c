/* The XLSX writer on libxlsxwriter (see xlsx.h). Amounts are exact integers of öre, tenths
 * and so on up to the cell; only the spreadsheet's own number (a double, as XLSX stores
 * every number) holds the scaled value, and 2^53 is far beyond any figure we write.
 *
 * libxlsxwriter keeps the workbook in memory and writes the file only when it is closed. It
 * writes to a private temporary file beside the target ("<path>.XXXXXX", mode 0600), which
 * is then linked to the target name: the target appears whole or not at all, an existing
 * file there is never replaced, and a failure removes only our own temporary file. */
#include "report/xlsx.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define N_STYLES 4 /* enum xlsx_row_style */
#define N_TYPES 8  /* enum xlsx_cell_type */

struct xlsx_book {
	lxw_workbook *wb;
	lxw_worksheet *ws;                  /* current worksheet, or NULL before the first */
	lxw_row_t next_row;                 /* of the current worksheet */
	char *path;                         /* the target */
	char *tmp;                          /* where libxlsxwriter writes */
	lxw_format *fmt[N_STYLES][N_TYPES]; /* made on first use */
};

static int io_error(struct nrs_error *err)
{
	return nrs_error_set(err, NRS_EIO, "", "exportfilen kunde inte skrivas");
}

static void book_free(struct xlsx_book *b)
{
	free(b->path);
	free(b->tmp);
	free(b);
}

/* Reserve a fresh temporary name beside path in b->tmp. */
static int make_tmp(struct xlsx_book *b)
{
	size_t n = strlen(b->path) + sizeof(".XXXXXX");
	int fd;

	b->tmp = malloc(n);
	if (b->tmp == NULL)
		return NRS_ENOMEM;
	snprintf(b->tmp, n, "%s.XXXXXX", b->path);
	fd = mkstemp(b->tmp);
	if (fd < 0)
		return NRS_EIO;
	close(fd);
	return 0;
}

int xlsx_book_open(struct xlsx_book **out, const char *path, struct nrs_error *err)
{
	lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
	struct xlsx_book *b;
	int rc;

	*out = NULL;
	b = calloc(1, sizeof(*b));
	if (b == NULL || (b->path = strdup(path)) == NULL) {
		free(b);
		return nrs_error_set(err, NRS_ENOMEM, "", "minnet räckte inte till exporten");
	}
	rc = make_tmp(b);
	if (rc == 0) {
		b->wb = workbook_new_opt(b->tmp, &opt);
		if (b->wb == NULL) {
			unlink(b->tmp);
			rc = NRS_EIO;
		}
	}
	if (rc != 0) {
		book_free(b);
		return rc == NRS_ENOMEM
		           ? nrs_error_set(err, rc, "", "minnet räckte inte till exporten")
		           : nrs_error_set(err, rc, "", "exportfilen kunde inte skapas");
	}
	*out = b;
	return 0;
}

/* Close the workbook (which writes the temporary file and frees the workbook, so it must
 * always run), give the file its name if keep, and free b. Returns 0, NRS_EEXIST when the
 * target exists, or NRS_EIO. */
static int finish(struct xlsx_book *b, bool keep, struct nrs_error *err)
{
	int rc = 0;

	if (workbook_close(b->wb) != LXW_NO_ERROR && keep)
		rc = io_error(err);
	if (keep && rc == 0 && link(b->tmp, b->path) != 0)
		rc = errno == EEXIST ? nrs_error_set(err, NRS_EEXIST, "", "%s finns redan", b->path)
		                     : io_error(err);
	unlink(b->tmp);
	book_free(b);
	return rc;
}

int xlsx_book_close(struct xlsx_book *b, struct nrs_error *err)
{
	return finish(b, true, err);
}

void xlsx_book_discard(struct xlsx_book *b)
{
	if (b != NULL)
		finish(b, false, NULL);
}

/* Write into out (which holds LXW_MAX_SHEETNAME_LENGTH bytes) a name Excel accepts: the
 * forbidden characters replaced, cut to max characters (UTF-8 code points, as
 * libxlsxwriter counts), no apostrophe first or last. */
static void clean_sheet_name(const char *name, size_t max, char *out)
{
	size_t o = 0, chars = 0;

	for (const char *p = name; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if (((c & 0xC0) != 0x80 && chars++ == max) || o + 1 >= LXW_MAX_SHEETNAME_LENGTH)
			break;
		if (strchr("[]:*?/\\", c) != NULL || c < 0x20)
			c = '-';
		out[o++] = (char)c;
	}
	out[o] = '\0';
	while (o > 0 && out[o - 1] == '\'')
		out[--o] = '\0';
	if (out[0] == '\'')
		out[0] = '-';
	if (out[0] == '\0')
		snprintf(out, LXW_MAX_SHEETNAME_LENGTH, "Blad");
}

int xlsx_book_sheet(struct xlsx_book *b, const char *name, struct nrs_error *err)
{
	char base[LXW_MAX_SHEETNAME_LENGTH], cand[LXW_MAX_SHEETNAME_LENGTH + 16];

	clean_sheet_name(name, LXW_SHEETNAME_MAX, cand);
	for (int n = 2; workbook_validate_sheet_name(b->wb, cand) != LXW_NO_ERROR; n++) {
		if (n > 999)
			return io_error(err);
		/* room for " (999)" */
		clean_sheet_name(name, LXW_SHEETNAME_MAX - 6, base);
		snprintf(cand, sizeof(cand), "%s (%d)", base, n);
	}
	b->ws = workbook_add_worksheet(b->wb, cand);
	if (b->ws == NULL)
		return io_error(err);
	b->next_row = 0;
	return 0;
}

/* The format of a cell of this type in a row of this style; NULL is the default. */
static lxw_format *cell_format(struct xlsx_book *b, enum xlsx_row_style style,
                               enum xlsx_cell_type type)
{
	static const char *const num[N_TYPES] = {
	    [XLSX_KRONOR] = "#,##0.00",
	    [XLSX_TENTHS] = "0.0",
	    [XLSX_HUNDREDTHS] = "0.00",
	    [XLSX_PERMILLE] = "0.0%",
	};
	lxw_format *f;

	if ((unsigned)style >= N_STYLES || (unsigned)type >= N_TYPES)
		return NULL;
	if (style == XLSX_ROW_PLAIN && num[type] == NULL && type != XLSX_MARK)
		return NULL;
	if (b->fmt[style][type] != NULL)
		return b->fmt[style][type];
	f = workbook_add_format(b->wb);
	if (f == NULL)
		return NULL;
	if (num[type] != NULL)
		format_set_num_format(f, num[type]);
	if (type == XLSX_MARK)
		format_set_align(f, LXW_ALIGN_RIGHT);
	if (style != XLSX_ROW_PLAIN)
		format_set_bold(f);
	if (style == XLSX_ROW_TITLE)
		format_set_font_size(f, 12);
	if (style == XLSX_ROW_HEADER)
		format_set_bottom(f, LXW_BORDER_THIN);
	if (style == XLSX_ROW_TOTAL)
		format_set_top(f, LXW_BORDER_THIN);
	b->fmt[style][type] = f;
	return f;
}

static lxw_error write_cell(struct xlsx_book *b, lxw_col_t col, const struct xlsx_cell *x,
                            enum xlsx_row_style style)
{
	lxw_worksheet *ws = b->ws;
	lxw_row_t row = b->next_row;
	lxw_format *f = cell_format(b, style, x->type);

	switch (x->type) {
	case XLSX_TEXT:
	case XLSX_MARK:
		return worksheet_write_string(ws, row, col, x->text ? x->text : "", f);
	case XLSX_INT:
		return worksheet_write_number(ws, row, col, (double)x->value, f);
	case XLSX_KRONOR:
	case XLSX_HUNDREDTHS:
		return worksheet_write_number(ws, row, col, (double)x->value / 100.0, f);
	case XLSX_TENTHS:
		return worksheet_write_number(ws, row, col, (double)x->value / 10.0, f);
	case XLSX_PERMILLE:
		return worksheet_write_number(ws, row, col, (double)x->value / 1000.0, f);
	case XLSX_EMPTY:
		/* a blank cell still carries the row's border */
		return f != NULL ? worksheet_write_blank(ws, row, col, f) : LXW_NO_ERROR;
	}
	return LXW_NO_ERROR;
}

int xlsx_book_row(struct xlsx_book *b, const struct xlsx_cell *cells, size_t n,
                  enum xlsx_row_style style, struct nrs_error *err)
{
	lxw_error lrc = LXW_NO_ERROR;

	if (b->ws == NULL || n > XLSX_MAX_COLS || b->next_row >= XLSX_MAX_ROWS)
		return nrs_error_set(err, NRS_EINVAL, "", "tabellen är för stor för en export");
	for (size_t c = 0; c < n && lrc == LXW_NO_ERROR; c++)
		lrc = write_cell(b, (lxw_col_t)c, &cells[c], style);
	if (lrc != LXW_NO_ERROR)
		return io_error(err);
	b->next_row++;
	return 0;
}

int xlsx_book_widths(struct xlsx_book *b, size_t first, size_t last, double width,
                     struct nrs_error *err)
{
	if (b->ws == NULL || first > last || last >= XLSX_MAX_COLS)
		return nrs_error_set(err, NRS_EINVAL, "", "ogiltig kolumnbredd i exporten");
	if (worksheet_set_column(b->ws, (lxw_col_t)first, (lxw_col_t)last, width, NULL) !=
	    LXW_NO_ERROR)
		return io_error(err);
	return 0;
}

int xlsx_write_table(const char *path, const char *sheet, const char *const *headers, size_t ncols,
                     const struct xlsx_cell *cells, size_t nrows, struct nrs_error *err)
{
	struct xlsx_cell head[XLSX_MAX_COLS];
	struct xlsx_book *b = NULL;
	int rc;

	if (ncols == 0 || ncols > XLSX_MAX_COLS || nrows >= XLSX_MAX_ROWS)
		return nrs_error_set(err, NRS_EINVAL, "", "tabellen är för stor för en export");
	for (size_t c = 0; c < ncols; c++)
		head[c] = (struct xlsx_cell){.type = XLSX_TEXT, .text = headers[c]};
	rc = xlsx_book_open(&b, path, err);
	if (rc != 0)
		return rc;
	rc = xlsx_book_sheet(b, sheet, err);
	if (rc == 0)
		rc = xlsx_book_row(b, head, ncols, XLSX_ROW_HEADER, err);
	for (size_t r = 0; r < nrows && rc == 0; r++)
		rc = xlsx_book_row(b, &cells[r * ncols], ncols, XLSX_ROW_PLAIN, err);
	if (rc == 0)
		rc = xlsx_book_widths(b, 0, ncols - 1, 18, err);
	if (rc != 0) {
		xlsx_book_discard(b);
		return rc;
	}
	return xlsx_book_close(b, err);
}
