/* A county's cooperation configuration (data/region-NN.ini): the county, the host
 * municipality, member municipalities with organisation numbers and population, and the
 * other parties. Parsed from text; loading into the database is the caller's. */
#ifndef NRS_DOMAIN_REGIONCONF_H
#define NRS_DOMAIN_REGIONCONF_H

#include "base/err.h"

#include <stdint.h>

#define REGIONCONF_MAX 64

struct regionconf_member {
	char code[5];
	char name[101];
	char org_number[12]; /* "" if not given */
	int64_t population;  /* -1 if not given */
};

struct regionconf_org {
	char key[32];
	char kind[16];
	char name[201];
	char org_number[12];
	char municipality[5];
};

struct regionconf {
	char county[3];
	char name[101];
	char host[5];
	char population_date[11]; /* "" if not given */
	int nmembers, norgs;
	struct regionconf_member members[REGIONCONF_MAX];
	struct regionconf_org orgs[REGIONCONF_MAX];
};

/* Parse INI text. Returns 0 or NRS_EINVAL naming the line and key. */
int regionconf_parse(const char *text, struct regionconf *rc, struct nrs_error *err);
/* True if kind is one of the organisation kinds of R2. */
int org_kind_valid(const char *kind);
/* Swedish label of an organisation kind ("kommun", "polis", ...). */
const char *org_kind_label(const char *kind);

#endif
