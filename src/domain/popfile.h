/* Population files from Statistics Sweden (SCB): a plain semicolon CSV (code;name;population)
 * and the PxWeb JSON-stat 2 format. Parsing only; the caller stores the rows, all or none.
 * Every rejection names the file, the place in it and the field. */
#ifndef NRS_DOMAIN_POPFILE_H
#define NRS_DOMAIN_POPFILE_H

#include "base/err.h"

#include <stddef.h>
#include <stdint.h>

#define POPFILE_MAX_ROWS 10000

struct pop_row {
	char code[5];      /* municipality code, 4 digits */
	char name[101];    /* name as given in the file (may be empty for JSON-stat) */
	int64_t population;
	char where[48];    /* "rad 5" or "region 2303": where in the file the row came from */
};

struct pop_file {
	struct pop_row *rows;
	size_t count;
	char ref_date[11]; /* reference date stated by the file (JSON-stat time), or "" */
};

enum popfile_format { POPFILE_AUTO = 0, POPFILE_CSV, POPFILE_JSONSTAT };

/* Parse data[0..len). name is the file name used in messages. On error nothing is left
 * in out. Caller frees out with popfile_free. */
int popfile_parse(const char *data, size_t len, enum popfile_format fmt, const char *name,
		  struct pop_file *out, struct nrs_error *err);
void popfile_free(struct pop_file *pf);

#endif
