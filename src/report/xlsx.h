/* A small XLSX writer for tables of text and number cells (exports of invoices and
 * reports), on libxlsxwriter: one worksheet, a bold header row, kronor with two decimals.
 * It knows nothing of the data it writes; the caller decides what may be exported. */
#ifndef NRS_REPORT_XLSX_H
#define NRS_REPORT_XLSX_H

#include "base/err.h"

#include <stddef.h>
#include <stdint.h>

enum xlsx_cell_type {
	XLSX_EMPTY = 0,
	XLSX_TEXT,   /* text (UTF-8) */
	XLSX_INT,    /* a whole number */
	XLSX_KRONOR, /* an amount in öre, written as kronor with two decimals */
};

struct xlsx_cell {
	enum xlsx_cell_type type;
	const char *text; /* XLSX_TEXT; borrowed */
	int64_t value;    /* XLSX_INT: the number; XLSX_KRONOR: öre */
};

/* Write one worksheet named sheet (at most 31 characters) to a new file at path: a header
 * row of ncols texts, then nrows rows of ncols cells (cells[r * ncols + c]). Returns 0, or
 * NRS_EIO / NRS_EINVAL with a Swedish message; a half-written file is removed. */
int xlsx_write_table(const char *path, const char *sheet, const char *const *headers,
                     size_t ncols, const struct xlsx_cell *cells, size_t nrows,
                     struct nrs_error *err);

#endif
