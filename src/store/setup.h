/* Loading a new database: the municipality register, the shipped population figures, a
 * county's configuration, and population imports. Each entry point is one transaction:
 * on any error the database is exactly as before. */
#ifndef NRS_STORE_SETUP_H
#define NRS_STORE_SETUP_H

#include "domain/popfile.h"
#include "domain/regionconf.h"
#include "store/db.h"

/* Counties, municipalities and the shipped population (2021-12-31) from the embedded
 * reference files. Idempotent. */
int store_load_reference(struct store *st, struct nrs_error *err);

/* Apply a county configuration: the region, member municipalities as organisations with
 * their population at the configured date, and the other parties. */
int store_apply_region(struct store *st, const struct regionconf *rc, struct nrs_error *err);

/* A configuration for any county without a shipped file: every municipality of the county
 * is a member, the host is `host` (or, if NULL, the county's most populous municipality in
 * the shipped figures). Fills rc. */
int store_region_for_county(struct store *st, const char *county, const char *host,
			    struct regionconf *rc, struct nrs_error *err);

/* Store the rows of a population file at ref_date, all or none. Every code must be a
 * known municipality. source is a short note such as the file name. */
int store_population_import(struct store *st, const struct pop_file *pf, const char *ref_date,
			    const char *source, struct nrs_error *err);

#endif
