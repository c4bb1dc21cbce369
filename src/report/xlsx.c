/* The XLSX table writer on libxlsxwriter (see xlsx.h). Amounts are exact integers of öre
 * up to the cell; only the spreadsheet's own number (a double, as XLSX stores every number)
 * holds kronor, and 2^53 öre is far beyond any budget. */
#include "report/xlsx.h"

#include <stdio.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define XLSX_MAX_ROWS 1000000

int xlsx_write_table(const char *path, const char *sheet, const char *const *headers,
                     size_t ncols, const struct xlsx_cell *cells, size_t nrows,
                     struct nrs_error *err)
{
	lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold, *kr;
	lxw_error lrc = LXW_NO_ERROR;
	int rc = 0;

	if (ncols == 0 || ncols > 100 || nrows > XLSX_MAX_ROWS)
		return nrs_error_set(err, NRS_EINVAL, "", "tabellen är för stor för en export");
	wb = workbook_new_opt(path, &opt);
	if (wb == NULL)
		return nrs_error_set(err, NRS_EIO, "", "exportfilen kunde inte skapas");
	ws = workbook_add_worksheet(wb, sheet);
	bold = workbook_add_format(wb);
	kr = workbook_add_format(wb);
	if (ws == NULL || bold == NULL || kr == NULL) {
		rc = nrs_error_set(err, NRS_EIO, "", "exportfilen kunde inte skapas");
		workbook_close(wb);
		goto out;
	}
	format_set_bold(bold);
	format_set_num_format(kr, "#,##0.00");
	for (size_t c = 0; c < ncols && lrc == LXW_NO_ERROR; c++)
		lrc = worksheet_write_string(ws, 0, (lxw_col_t)c, headers[c], bold);
	for (size_t r = 0; r < nrows && lrc == LXW_NO_ERROR; r++) {
		for (size_t c = 0; c < ncols && lrc == LXW_NO_ERROR; c++) {
			const struct xlsx_cell *x = &cells[r * ncols + c];
			lxw_row_t row = (lxw_row_t)(r + 1);
			lxw_col_t col = (lxw_col_t)c;

			switch (x->type) {
			case XLSX_TEXT:
				lrc = worksheet_write_string(ws, row, col, x->text ? x->text : "",
				                             NULL);
				break;
			case XLSX_INT:
				lrc = worksheet_write_number(ws, row, col, (double)x->value, NULL);
				break;
			case XLSX_KRONOR:
				lrc = worksheet_write_number(ws, row, col, (double)x->value / 100.0,
				                             kr);
				break;
			case XLSX_EMPTY: break;
			}
		}
	}
	if (lrc == LXW_NO_ERROR)
		lrc = worksheet_set_column(ws, 0, (lxw_col_t)(ncols - 1), 18, NULL);
	if (lrc != LXW_NO_ERROR) {
		workbook_close(wb);
		rc = nrs_error_set(err, NRS_EIO, "", "exportfilen kunde inte skrivas");
		goto out;
	}
	if (workbook_close(wb) != LXW_NO_ERROR)
		rc = nrs_error_set(err, NRS_EIO, "", "exportfilen kunde inte skrivas");
out:
	if (rc != 0)
		unlink(path);
	return rc;
}
