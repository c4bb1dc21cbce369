/* A small XLSX writer for tables of text and number cells (exports of invoices and
 * reports), on libxlsxwriter: a workbook of worksheets, each a list of rows of cells, with
 * bold title, header and total rows, and numbers written as numbers with a number format
 * (kronor, one or two decimals, percent). It knows nothing of the data it writes; the
 * caller decides what may be exported. */
#ifndef NRS_REPORT_XLSX_H
#define NRS_REPORT_XLSX_H

#include "base/err.h"

#include <stddef.h>
#include <stdint.h>

enum xlsx_cell_type {
	XLSX_EMPTY = 0,
	XLSX_TEXT,       /* text (UTF-8) */
	XLSX_INT,        /* a whole number */
	XLSX_KRONOR,     /* an amount in öre, written as kronor with two decimals */
	XLSX_TENTHS,     /* value / 10, shown with one decimal ("4,5") */
	XLSX_HUNDREDTHS, /* value / 100, shown with two decimals ("6,50") */
	XLSX_PERMILLE,   /* value / 1000 as a percentage with one decimal ("57,3 %") */
	XLSX_MARK,       /* text standing in a column of numbers ("<3"), aligned right */
};

struct xlsx_cell {
	enum xlsx_cell_type type;
	const char *text; /* XLSX_TEXT, XLSX_MARK; borrowed */
	int64_t value;    /* the number in the unit of its type (öre, tenths, ...) */
};

/* How a row is drawn. */
enum xlsx_row_style {
	XLSX_ROW_PLAIN = 0,
	XLSX_ROW_TITLE,  /* a table's title: bold and larger */
	XLSX_ROW_HEADER, /* column headings: bold, a line below */
	XLSX_ROW_TOTAL,  /* a totals row: bold, a line above */
};

#define XLSX_MAX_COLS 100
#define XLSX_MAX_ROWS 1000000

/* A workbook being written. Nothing is on disk until xlsx_book_close. */
struct xlsx_book;

/* Start a workbook that xlsx_book_close will write to a new file at path (never replacing
 * one). Returns 0 and *out (free with xlsx_book_close or xlsx_book_discard), or NRS_EIO /
 * NRS_ENOMEM with a Swedish message. */
int xlsx_book_open(struct xlsx_book **out, const char *path, struct nrs_error *err);

/* Add a worksheet; the rows added next go to it. Any name is accepted: characters Excel
 * forbids ([]:*?/\) become '-', it is cut to 31 characters, an empty name becomes "Blad",
 * and a name already used (in any case) gets " (2)", " (3)" ... Returns 0 or NRS_EIO. */
int xlsx_book_sheet(struct xlsx_book *b, const char *name, struct nrs_error *err);

/* Append a row of n cells (n <= XLSX_MAX_COLS) to the current worksheet; n = 0 gives an
 * empty row. Returns 0, NRS_EINVAL (no worksheet, too many cells or rows) or NRS_EIO. */
int xlsx_book_row(struct xlsx_book *b, const struct xlsx_cell *cells, size_t n,
                  enum xlsx_row_style style, struct nrs_error *err);

/* Width of columns first..last of the current worksheet, in characters. */
int xlsx_book_widths(struct xlsx_book *b, size_t first, size_t last, double width,
                     struct nrs_error *err);

/* Write the file and free b. Returns 0, or NRS_EEXIST (a file is already at the path,
 * and is left as it was) / NRS_EIO with a Swedish message, and then nothing new is left
 * on disk. */
int xlsx_book_close(struct xlsx_book *b, struct nrs_error *err);

/* Give up: free b and leave no file at the path. Accepts NULL. */
void xlsx_book_discard(struct xlsx_book *b);

/* Write one worksheet named sheet (at most 31 characters) to a new file at path: a header
 * row of ncols texts, then nrows rows of ncols cells (cells[r * ncols + c]). Returns 0, or
 * NRS_EIO / NRS_EINVAL / NRS_EEXIST with a Swedish message; a half-written file is
 * removed. */
int xlsx_write_table(const char *path, const char *sheet, const char *const *headers, size_t ncols,
                     const struct xlsx_cell *cells, size_t nrows, struct nrs_error *err);

#endif
