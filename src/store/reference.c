/* Reference data and county configuration (see reference.h). */
#include "store/reference.h"

#include <stdio.h>
#include <string.h>

int store_county_put(struct store *st, const char *code, const char *name, struct nrs_error *err)
{
	static const char sql[] = "INSERT INTO county (code, name) VALUES ($1, $2)"
				  " ON CONFLICT (code) DO UPDATE SET name = excluded.name";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc == 0)
		rc = store_bind_text(s, 1, code) || store_bind_text(s, 2, name) ? NRS_EDB : 0;
	return rc ? rc : store_step_done(st, s, err);
}

int store_municipality_put(struct store *st, const char *code, const char *name,
			   const char *county, struct nrs_error *err)
{
	static const char sql[] =
		"INSERT INTO municipality (code, name, county_code) VALUES ($1, $2, $3)"
		" ON CONFLICT (code) DO UPDATE SET name = excluded.name,"
		" county_code = excluded.county_code";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc == 0)
		rc = store_bind_text(s, 1, code) || store_bind_text(s, 2, name) ||
				     store_bind_text(s, 3, county)
			     ? NRS_EDB
			     : 0;
	return rc ? rc : store_step_done(st, s, err);
}

int store_municipality_exists(struct store *st, const char *code, char *name, size_t namesz)
{
	static const char sql[] = "SELECT name FROM municipality WHERE code = $1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_text(s, 1, code))
		return NRS_EDB;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		if (name)
			snprintf(name, namesz, "%s", store_col_text(s, 0));
		sqlite3_reset(s);
		return 1;
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_error(st, rc, NULL);
}

int store_county_exists(struct store *st, const char *code)
{
	static const char sql[] = "SELECT 1 FROM county WHERE code = $1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_text(s, 1, code))
		return NRS_EDB;
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : store_error(st, rc, NULL);
}

int store_municipality_list(struct store *st, const char *county, municipality_cb cb, void *ctx)
{
	static const char sql[] =
		"SELECT m.code, m.name, m.county_code, c.name,"
		" m.code IN (SELECT municipality_code FROM region_member),"
		" coalesce((SELECT p.population FROM population p WHERE p.municipality_code = m.code"
		"   AND p.ref_date = (SELECT population_date FROM region WHERE id = 1)), -1)"
		" FROM municipality m JOIN county c ON c.code = m.county_code"
		" WHERE $1 IS NULL OR m.county_code = $1 ORDER BY m.code";
	struct municipality_row row;
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_text(s, 1, county))
		return NRS_EDB;
	STORE_WALK_ROWS(st, s,
		  (row.code = store_col_text(s, 0), row.name = store_col_text(s, 1),
		   row.county_code = store_col_text(s, 2), row.county_name = store_col_text(s, 3),
		   row.member = sqlite3_column_int(s, 4), row.population = sqlite3_column_int64(s, 5)),
		  cb, ctx);
}

int store_population_put(struct store *st, const char *code, const char *ref_date,
			 int64_t population, const char *source, struct nrs_error *err)
{
	static const char sql[] =
		"INSERT INTO population (municipality_code, ref_date, population, source)"
		" VALUES ($1, $2, $3, $4) ON CONFLICT (municipality_code, ref_date)"
		" DO UPDATE SET population = excluded.population, source = excluded.source";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc == 0)
		rc = store_bind_text(s, 1, code) || store_bind_text(s, 2, ref_date) ||
				     store_bind_int(s, 3, population) || store_bind_text(s, 4, source)
			     ? NRS_EDB
			     : 0;
	return rc ? rc : store_step_done(st, s, err);
}

int store_population_list(struct store *st, const char *code, const char *ref_date,
			  population_cb cb, void *ctx)
{
	static const char sql[] =
		"SELECT p.municipality_code, m.name, p.ref_date, p.population, p.source"
		" FROM population p JOIN municipality m ON m.code = p.municipality_code"
		" WHERE ($1 IS NULL OR p.municipality_code = $1) AND ($2 IS NULL OR p.ref_date = $2)"
		" ORDER BY p.ref_date DESC, p.municipality_code";
	struct population_row row;
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_text(s, 1, code) || store_bind_text(s, 2, ref_date))
		return NRS_EDB;
	STORE_WALK_ROWS(st, s,
		  (row.code = store_col_text(s, 0), row.name = store_col_text(s, 1), row.ref_date = store_col_text(s, 2),
		   row.population = sqlite3_column_int64(s, 3), row.source = store_col_text(s, 4)),
		  cb, ctx);
}

static int count_rows(struct store *st, const char *sql, int64_t *count)
{
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	rc = sqlite3_step(s);
	*count = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : store_error(st, rc, NULL);
}

int store_population_count(struct store *st, int64_t *count)
{
	static const char sql[] = "SELECT count(*) FROM population";
	return count_rows(st, sql, count);
}

int store_org_count(struct store *st, int64_t *count)
{
	static const char sql[] = "SELECT count(*) FROM organisation";
	return count_rows(st, sql, count);
}

int store_org_add(struct store *st, const struct org_input *in, int64_t *id, struct nrs_error *err)
{
	static const char sql[] =
		"INSERT INTO organisation (kind, name, org_number, municipality_code, created_at)"
		" VALUES ($1, $2, $3, $4, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_text(s, 1, in->kind) || store_bind_text(s, 2, in->name) ||
	    store_bind_text(s, 3, in->org_number) || store_bind_text(s, 4, in->municipality))
		return NRS_EDB;
	rc = store_step_done(st, s, err);
	if (rc == NRS_EEXIST)
		return nrs_error_set(err, NRS_EEXIST, "namn",
				     "det finns redan en organisation med det namnet eller för"
				     " den kommunen");
	if (rc == 0 && id)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

#define ORG_COLUMNS                                                                              \
	"SELECT o.id, o.kind, o.name, o.org_number, o.municipality_code, m.name, o.active,"     \
	" o.kind = 'municipality' AND o.municipality_code IN"                                    \
	"   (SELECT municipality_code FROM region_member)"                                       \
	" FROM organisation o LEFT JOIN municipality m ON m.code = o.municipality_code"

#define ORG_FILL                                                                                 \
	(row.id = sqlite3_column_int64(s, 0), row.kind = store_col_text(s, 1), row.name = store_col_text(s, 2), \
	 row.org_number = store_col_text(s, 3), row.municipality_code = store_col_text(s, 4),                \
	 row.municipality_name = store_col_text(s, 5), row.active = sqlite3_column_int(s, 6),          \
	 row.member = sqlite3_column_int(s, 7))

int store_org_list(struct store *st, const char *kind, org_cb cb, void *ctx)
{
	static const char sql[] = ORG_COLUMNS " WHERE $1 IS NULL OR o.kind = $1"
					      " ORDER BY o.kind <> 'municipality', o.kind, o.name";
	struct org_row row;
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_text(s, 1, kind))
		return NRS_EDB;
	STORE_WALK_ROWS(st, s, ORG_FILL, cb, ctx);
}

int store_org_get(struct store *st, int64_t id, org_cb cb, void *ctx)
{
	static const char sql[] = ORG_COLUMNS " WHERE o.id = $1";
	struct org_row row;
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, id))
		return NRS_EDB;
	step = sqlite3_step(s);
	if (step != SQLITE_ROW) {
		sqlite3_reset(s);
		return step == SQLITE_DONE ? NRS_ENOTFOUND : store_error(st, step, NULL);
	}
	ORG_FILL;
	rc = cb(&row, ctx);
	sqlite3_reset(s);
	return rc;
}

int store_region_set(struct store *st, const char *county, const char *name, const char *host,
		     const char *population_date, struct nrs_error *err)
{
	static const char sql[] =
		"INSERT INTO region (id, county_code, name, host_municipality, population_date)"
		" VALUES (1, $1, $2, $3, $4) ON CONFLICT (id) DO UPDATE SET"
		" county_code = excluded.county_code, name = excluded.name,"
		" host_municipality = excluded.host_municipality,"
		" population_date = excluded.population_date";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_text(s, 1, county) || store_bind_text(s, 2, name) ||
	    store_bind_text(s, 3, host) || store_bind_text(s, 4, population_date))
		return NRS_EDB;
	return store_step_done(st, s, err);
}

int store_region_member_add(struct store *st, const char *code, struct nrs_error *err)
{
	static const char sql[] =
		"INSERT INTO region_member (municipality_code) VALUES ($1) ON CONFLICT DO NOTHING";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_text(s, 1, code))
		return NRS_EDB;
	return store_step_done(st, s, err);
}

int store_region_get(struct store *st, struct region_info *out)
{
	static const char sql[] =
		"SELECT r.county_code, c.name, r.name, r.host_municipality, m.name,"
		" coalesce(r.population_date, '')"
		" FROM region r JOIN county c ON c.code = r.county_code"
		" JOIN municipality m ON m.code = r.host_municipality WHERE r.id = 1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	memset(out, 0, sizeof(*out));
	if (rc != 0)
		return rc;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->configured = 1;
		snprintf(out->county, sizeof(out->county), "%s", store_col_text(s, 0));
		snprintf(out->county_name, sizeof(out->county_name), "%s", store_col_text(s, 1));
		snprintf(out->name, sizeof(out->name), "%s", store_col_text(s, 2));
		snprintf(out->host, sizeof(out->host), "%s", store_col_text(s, 3));
		snprintf(out->host_name, sizeof(out->host_name), "%s", store_col_text(s, 4));
		snprintf(out->population_date, sizeof(out->population_date), "%s", store_col_text(s, 5));
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_error(st, rc, NULL);
}
