/* Loading reference data, county configuration and population imports (see setup.h). */
#include "store/setup.h"
#include "base/csv.h"
#include "base/embed.h"
#include "base/str.h"
#include "store/reference.h"

#include <stdio.h>
#include <string.h>

static int load_municipalities(struct store *st, struct nrs_error *err)
{
	const struct nrs_blob *b = nrs_embedded("data/municipalities.csv");
	struct csv_reader r;
	int rc = 0, got;

	if (b == NULL)
		return nrs_error_set(err, NRS_EIO, "", "kommunregistret saknas i programmet");
	csv_open(&r, (const char *)b->data, b->len, ',');
	while ((got = csv_next(&r)) == 1) {
		if (r.line == 1)
			continue; /* header */
		if (r.nfields != 4) {
			rc = nrs_error_set(err, NRS_EINVAL, "", "municipalities.csv rad %d: fel antal fält",
					   r.line);
			break;
		}
		rc = store_county_put(st, r.fields[2], r.fields[3], err);
		if (rc == 0)
			rc = store_municipality_put(st, r.fields[0], r.fields[1], r.fields[2], err);
		if (rc != 0)
			break;
	}
	if (got < 0 && rc == 0)
		rc = nrs_error_set(err, NRS_EINVAL, "", "municipalities.csv rad %d: felaktig rad",
				   r.line);
	csv_close(&r);
	return rc;
}

static int load_population_2021(struct store *st, struct nrs_error *err)
{
	const struct nrs_blob *b = nrs_embedded("data/population-2021.csv");
	struct csv_reader r;
	int rc = 0, got;
	int64_t pop;

	if (b == NULL)
		return nrs_error_set(err, NRS_EIO, "", "befolkningsdata saknas i programmet");
	csv_open(&r, (const char *)b->data, b->len, ',');
	while ((got = csv_next(&r)) == 1) {
		if (r.line == 1)
			continue;
		if (r.nfields != 4 || str_to_i64(r.fields[2], 0, 100000000, &pop) != 0) {
			rc = nrs_error_set(err, NRS_EINVAL, "", "population-2021.csv rad %d: felaktig rad",
					   r.line);
			break;
		}
		rc = store_population_put(st, r.fields[0], r.fields[3], pop, "SCB folkmängd", err);
		if (rc != 0)
			break;
	}
	if (got < 0 && rc == 0)
		rc = nrs_error_set(err, NRS_EINVAL, "", "population-2021.csv: felaktig rad");
	csv_close(&r);
	return rc;
}

int store_load_reference(struct store *st, struct nrs_error *err)
{
	int rc = store_tx_begin(st);

	if (rc != 0)
		return nrs_error_set(err, rc, "", "kan inte starta transaktion");
	rc = load_municipalities(st, err);
	if (rc == 0)
		rc = load_population_2021(st, err);
	if (rc != 0) {
		store_tx_rollback(st);
		return rc;
	}
	return store_tx_commit(st);
}

static int apply_members(struct store *st, const struct regionconf *rc, struct nrs_error *err)
{
	char mname[101];
	int r;

	for (int i = 0; i < rc->nmembers; i++) {
		const struct regionconf_member *m = &rc->members[i];
		struct org_input in = {"municipality", m->name[0] ? m->name : NULL,
				       m->org_number[0] ? m->org_number : NULL, m->code};

		r = store_municipality_exists(st, m->code, mname, sizeof(mname));
		if (r < 0)
			return r;
		if (r == 0 || strncmp(m->code, rc->county, 2) != 0)
			return nrs_error_set(err, NRS_EINVAL, "member",
					     "kommunkoden %s finns inte i län %s", m->code,
					     rc->county);
		if (in.name == NULL) {
			char full[160];
			snprintf(full, sizeof(full), "%s kommun", mname);
			in.name = full;
			r = store_org_add(st, &in, NULL, err);
		} else {
			r = store_org_add(st, &in, NULL, err);
		}
		if (r == 0)
			r = store_region_member_add(st, m->code, err);
		if (r == 0 && m->population >= 0 && rc->population_date[0])
			r = store_population_put(st, m->code, rc->population_date, m->population,
						 "samverkansavtal", err);
		if (r != 0)
			return r;
	}
	return 0;
}

int store_apply_region(struct store *st, const struct regionconf *rc, struct nrs_error *err)
{
	int r = store_tx_begin(st);
	int host_member = 0;

	if (r != 0)
		return nrs_error_set(err, r, "", "kan inte starta transaktion");
	for (int i = 0; i < rc->nmembers; i++)
		host_member |= strcmp(rc->members[i].code, rc->host) == 0;
	if (!host_member) {
		r = nrs_error_set(err, NRS_EINVAL, "host",
				  "huvudmannen %s är inte en av länets medlemskommuner", rc->host);
		goto out;
	}
	r = store_county_exists(st, rc->county);
	if (r <= 0) {
		r = r < 0 ? r : nrs_error_set(err, NRS_EINVAL, "county", "länskoden %s finns inte",
					      rc->county);
		goto out;
	}
	r = store_region_set(st, rc->county, rc->name, rc->host,
			     rc->population_date[0] ? rc->population_date : NULL, err);
	if (r == 0)
		r = apply_members(st, rc, err);
	for (int i = 0; r == 0 && i < rc->norgs; i++) {
		const struct regionconf_org *o = &rc->orgs[i];
		struct org_input in = {o->kind, o->name, o->org_number[0] ? o->org_number : NULL,
				       o->municipality[0] ? o->municipality : NULL};
		r = store_org_add(st, &in, NULL, err);
	}
out:
	if (r != 0) {
		store_tx_rollback(st);
		return r;
	}
	return store_tx_commit(st);
}

struct county_walk {
	struct regionconf *rc;
	int64_t best_pop;
	struct store *st;
};

static int pick_largest(const struct population_row *row, void *ctx)
{
	struct county_walk *w = ctx;

	if (strncmp(row->code, w->rc->county, 2) == 0 && row->population > w->best_pop) {
		w->best_pop = row->population;
		snprintf(w->rc->host, sizeof(w->rc->host), "%s", row->code);
	}
	return 0;
}

static int add_member(const struct municipality_row *row, void *ctx)
{
	struct county_walk *w = ctx;
	struct regionconf_member *m;

	if (w->rc->nmembers == REGIONCONF_MAX)
		return NRS_ETOOBIG;
	m = &w->rc->members[w->rc->nmembers++];
	memset(m, 0, sizeof(*m));
	snprintf(m->code, sizeof(m->code), "%s", row->code);
	m->population = -1;
	snprintf(w->rc->name, sizeof(w->rc->name), "%s", row->county_name);
	return 0;
}

int store_region_for_county(struct store *st, const char *county, const char *host,
			    struct regionconf *rc, struct nrs_error *err)
{
	struct county_walk w = {rc, -1, st};
	int r;

	memset(rc, 0, sizeof(*rc));
	snprintf(rc->county, sizeof(rc->county), "%s", county);
	r = store_municipality_list(st, county, add_member, &w);
	if (r != 0)
		return r;
	if (rc->nmembers == 0)
		return nrs_error_set(err, NRS_EINVAL, "county", "länskoden %s finns inte", county);
	if (host) {
		snprintf(rc->host, sizeof(rc->host), "%s", host);
	} else {
		r = store_population_list(st, NULL, NULL, pick_largest, &w);
		if (r != 0)
			return r;
	}
	return 0;
}

int store_population_import(struct store *st, const struct pop_file *pf, const char *ref_date,
			    const char *source, struct nrs_error *err)
{
	int r = store_tx_begin(st);

	if (r != 0)
		return nrs_error_set(err, r, "", "kan inte starta transaktion");
	for (size_t i = 0; i < pf->count; i++) {
		const struct pop_row *row = &pf->rows[i];

		r = store_municipality_exists(st, row->code, NULL, 0);
		if (r == 0)
			r = nrs_error_set(err, NRS_EINVAL, "kod",
					  "%s %s: fältet kod: kommunkoden %s finns inte", source,
					  row->where, row->code);
		if (r < 0)
			goto out;
		r = store_population_put(st, row->code, ref_date, row->population, source, err);
		if (r != 0)
			goto out;
	}
out:
	if (r != 0) {
		store_tx_rollback(st);
		return r;
	}
	return store_tx_commit(st);
}
