/* Files compiled into the binary (reference data, static web assets), so that the program
 * runs from any directory without a data folder beside it. */
#ifndef NRS_BASE_EMBED_H
#define NRS_BASE_EMBED_H

#include <stddef.h>

struct nrs_blob {
	const char *name; /* path relative to the source tree, e.g. "data/municipalities.csv" */
	const unsigned char *data;
	size_t len;
};

/* The compiled-in file with this name, or NULL. */
const struct nrs_blob *nrs_embedded(const char *name);
/* Number of compiled-in files and the i-th of them, in name order (for iteration). */
size_t nrs_embedded_count(void);
const struct nrs_blob *nrs_embedded_at(size_t i);

#endif
