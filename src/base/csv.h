/* A reader for delimited text (comma or semicolon), one record per line, with RFC 4180
 * quoting. Used for reference data and population imports; reports the line number so
 * that errors can name it. */
#ifndef NRS_BASE_CSV_H
#define NRS_BASE_CSV_H

#include <stddef.h>

#define CSV_MAX_FIELDS 32

struct csv_reader {
	const char *p, *end;
	char sep;
	int line;          /* line number of the record last read (1-based) */
	char *fields[CSV_MAX_FIELDS];
	int nfields;
	char *scratch;     /* holds the unquoted fields of the current record */
	size_t scratch_cap;
};

/* The reader borrows data[0..len) until csv_close. A UTF-8 BOM at the start is skipped. */
void csv_open(struct csv_reader *r, const char *data, size_t len, char sep);
/* Read the next non-empty record. Returns 1 for a record, 0 at end, NRS_EINVAL for a
 * malformed record (unterminated quote, too many fields), NRS_ENOMEM. */
int csv_next(struct csv_reader *r);
void csv_close(struct csv_reader *r);

#endif
