/* Reference data and the county configuration: counties, municipalities, population,
 * organisations (parties) and the region (county, host, members). */
#ifndef NRS_STORE_REFERENCE_H
#define NRS_STORE_REFERENCE_H

#include "store/db.h"

#include <stdint.h>

struct org_row {
	int64_t id;
	const char *kind;
	const char *name;
	const char *org_number;        /* NULL if unknown */
	const char *municipality_code; /* NULL if none */
	const char *municipality_name; /* NULL if none */
	int active;
	int member;                    /* a member municipality of the region */
};

struct municipality_row {
	const char *code;
	const char *name;
	const char *county_code;
	const char *county_name;
	int member;
	int64_t population;            /* at the region's population date, -1 if unknown */
};

struct population_row {
	const char *code;
	const char *name;
	const char *ref_date;
	int64_t population;
	const char *source;
};

struct region_info {
	char county[3];
	char county_name[101];
	char name[101];
	char host[5];
	char host_name[101];
	char population_date[11];
	int configured; /* 0 if init has not run */
};

/* Row callbacks get borrowed rows valid during the call; a non-zero return stops the walk
 * and is passed back to the caller. */
typedef int (*org_cb)(const struct org_row *row, void *ctx);
typedef int (*municipality_cb)(const struct municipality_row *row, void *ctx);
typedef int (*population_cb)(const struct population_row *row, void *ctx);

int store_county_put(struct store *st, const char *code, const char *name, struct nrs_error *err);
int store_municipality_put(struct store *st, const char *code, const char *name,
			   const char *county, struct nrs_error *err);
/* 1 if the municipality exists, 0 if not, negative on error. name (may be NULL) receives it. */
int store_municipality_exists(struct store *st, const char *code, char *name, size_t namesz);
int store_county_exists(struct store *st, const char *code);
/* county may be NULL for all. */
int store_municipality_list(struct store *st, const char *county, municipality_cb cb, void *ctx);

int store_population_put(struct store *st, const char *code, const char *ref_date,
			 int64_t population, const char *source, struct nrs_error *err);
/* code and ref_date may be NULL for all. Ordered by date (newest first), then code. */
int store_population_list(struct store *st, const char *code, const char *ref_date,
			  population_cb cb, void *ctx);
int store_population_count(struct store *st, int64_t *count);

struct org_input {
	const char *kind;
	const char *name;
	const char *org_number;   /* normalised, or NULL */
	const char *municipality; /* or NULL */
};
int store_org_add(struct store *st, const struct org_input *in, int64_t *id, struct nrs_error *err);
/* kind may be NULL for all. Ordered by kind, then name. */
int store_org_list(struct store *st, const char *kind, org_cb cb, void *ctx);
int store_org_get(struct store *st, int64_t id, org_cb cb, void *ctx);
int store_org_count(struct store *st, int64_t *count);

int store_region_set(struct store *st, const char *county, const char *name, const char *host,
		     const char *population_date, struct nrs_error *err);
int store_region_member_add(struct store *st, const char *code, struct nrs_error *err);
int store_region_get(struct store *st, struct region_info *out);

#endif
