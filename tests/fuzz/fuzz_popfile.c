/* libFuzzer target for the population importer's parser (CSV and JSON-stat 2). Any input
 * must either parse into rows that satisfy the parser's own promises or be rejected with a
 * message; never crash, leak or read out of bounds. */
#include "domain/popfile.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pop_file pf;
	struct nrs_error err = {0};

	for (int fmt = POPFILE_AUTO; fmt <= POPFILE_JSONSTAT; fmt++) {
		if (popfile_parse((const char *)data, size, (enum popfile_format)fmt, "fuzz", &pf,
				  &err) != 0) {
			if (err.msg[0] == '\0' || pf.rows != NULL)
				abort();
			continue;
		}
		for (size_t i = 0; i < pf.count; i++) {
			const struct pop_row *r = &pf.rows[i];
			if (strlen(r->code) != 4 || r->population < 0)
				abort();
		}
		popfile_free(&pf);
	}
	return 0;
}
