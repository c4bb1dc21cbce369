/* Read-only queries over clients and cases (see casequery.h). Every value is bound; the
 * list orders are chosen by a bound number among fixed ORDER BY terms, never pasted. */
#include "store/casequery.h"

#include "base/err.h"

#include <stdio.h>
#include <string.h>

static void copy_col(sqlite3_stmt *s, int i, char *out, size_t n)
{
	const char *v = store_col_text(s, i);

	snprintf(out, n, "%s", v != NULL ? v : "");
}

static int one_row_done(struct store *st, sqlite3_stmt *s, int step)
{
	sqlite3_reset(s);
	if (step == SQLITE_ROW)
		return 0;
	return step == SQLITE_DONE ? NRS_ENOTFOUND : store_error(st, step, NULL);
}

/* SQL pieces pasted together at compile time; clang-format would scatter them. */
/* clang-format off */
/* "belongs to organisation $2": a case there, or registered by one of its users */
#define CQ_OF_ORG(c, org)                                                                          \
	"(EXISTS (SELECT 1 FROM case_file f WHERE f.client_id = " c                                \
	" AND f.organisation_id = " org ") OR EXISTS (SELECT 1 FROM app_user u"                    \
	" WHERE u.id = (SELECT created_by FROM client WHERE id = " c ")"                           \
	" AND u.organisation_id = " org "))"
#define CQ_ASSIGNED(c, user)                                                                       \
	"EXISTS (SELECT 1 FROM case_staff s JOIN case_file f ON f.id = s.case_id"                  \
	" WHERE f.client_id = " c " AND s.user_id = " user ")"
#define CQ_ROLES(c)                                                                                \
	"coalesce((SELECT group_concat(role, ',') FROM (SELECT role FROM client_role"              \
	" WHERE client_id = " c " ORDER BY role)), '')"
/* clang-format on */

int store_cq_client(struct store *st, int64_t client_id, int64_t organisation_id, int64_t user_id,
                    struct cq_client *out)
{
	/* clang-format off */
	static const char sql[] =
	    "SELECT c.id, c.code, c.gender, c.birth_year, c.home_municipality,"
	    " coalesce(m.name, c.home_municipality), c.protected, " CQ_ROLES("c.id") ", "
	    CQ_OF_ORG("c.id", "$2") ", " CQ_ASSIGNED("c.id", "$3")
	    " FROM client c LEFT JOIN municipality m ON m.code = c.home_municipality"
	    " WHERE c.id = $1";
	/* clang-format on */
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	memset(out, 0, sizeof(*out));
	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, client_id) || store_bind_int(s, 2, organisation_id) ||
	    store_bind_int(s, 3, user_id))
		return NRS_EDB;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		out->id = sqlite3_column_int64(s, 0);
		copy_col(s, 1, out->code, sizeof(out->code));
		copy_col(s, 2, out->gender, sizeof(out->gender));
		out->birth_year = sqlite3_column_int(s, 3);
		copy_col(s, 4, out->home_municipality, sizeof(out->home_municipality));
		copy_col(s, 5, out->municipality_name, sizeof(out->municipality_name));
		out->protected_identity = sqlite3_column_int(s, 6);
		copy_col(s, 7, out->roles, sizeof(out->roles));
		out->of_org = sqlite3_column_int(s, 8);
		out->assigned = sqlite3_column_int(s, 9);
	}
	return one_row_done(st, s, step);
}

int store_cq_client_by_code(struct store *st, const char *code, int64_t *id)
{
	static const char sql[] = "SELECT id FROM client WHERE code = $1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	*id = 0;
	if (rc != 0)
		return rc;
	if (store_bind_text(s, 1, code))
		return NRS_EDB;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	return one_row_done(st, s, step);
}

int store_cq_case(struct store *st, int64_t case_id, int64_t user_id, struct cq_case *out)
{
	static const char sql[] =
	    "SELECT f.id, f.client_id, c.code, c.protected, c.home_municipality, f.opened,"
	    " f.closed, f.referral_source, f.referring_municipality, coalesce(m.name, ''),"
	    " f.organisation_id, coalesce(o.name, ''),"
	    " EXISTS (SELECT 1 FROM case_staff s WHERE s.case_id = f.id AND s.user_id = $2)"
	    " FROM case_file f JOIN client c ON c.id = f.client_id"
	    " LEFT JOIN municipality m ON m.code = f.referring_municipality"
	    " LEFT JOIN organisation o ON o.id = f.organisation_id WHERE f.id = $1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	memset(out, 0, sizeof(*out));
	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, case_id) || store_bind_int(s, 2, user_id))
		return NRS_EDB;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		out->id = sqlite3_column_int64(s, 0);
		out->client_id = sqlite3_column_int64(s, 1);
		copy_col(s, 2, out->client_code, sizeof(out->client_code));
		out->client_protected = sqlite3_column_int(s, 3);
		copy_col(s, 4, out->home_municipality, sizeof(out->home_municipality));
		copy_col(s, 5, out->opened, sizeof(out->opened));
		copy_col(s, 6, out->closed, sizeof(out->closed));
		copy_col(s, 7, out->referral_source, sizeof(out->referral_source));
		copy_col(s, 8, out->referring_municipality, sizeof(out->referring_municipality));
		copy_col(s, 9, out->referring_name, sizeof(out->referring_name));
		out->organisation_id = sqlite3_column_int64(s, 10);
		copy_col(s, 11, out->organisation_name, sizeof(out->organisation_name));
		out->assigned = sqlite3_column_int(s, 12);
	}
	return one_row_done(st, s, step);
}

/* clang-format off */
/* $1 organisation (0: any), $2 municipality (NULL: any), $3 user, $4 code (NULL: any),
 * $5 assigned only, $6 open only */
#define CQ_CLIENT_WHERE                                                                            \
	" WHERE ($1 = 0 OR " CQ_OF_ORG("c.id", "$1") ")"                                           \
	" AND ($2 IS NULL OR c.home_municipality = $2)"                                            \
	" AND ($4 IS NULL OR c.code = $4)"                                                         \
	" AND ($5 = 0 OR " CQ_ASSIGNED("c.id", "$3") ")"                                           \
	" AND ($6 = 0 OR EXISTS (SELECT 1 FROM case_file f WHERE f.client_id = c.id"               \
	" AND f.closed IS NULL AND ($1 = 0 OR f.organisation_id = $1)))"
/* clang-format on */

static int bind_client_filter(sqlite3_stmt *s, const struct cq_client_filter *f)
{
	return store_bind_int(s, 1, f->organisation_id) || store_bind_text(s, 2, f->municipality) ||
	       store_bind_int(s, 3, f->user_id) || store_bind_text(s, 4, f->code) ||
	       store_bind_int(s, 5, f->assigned_only ? 1 : 0) ||
	       store_bind_int(s, 6, f->open_only ? 1 : 0);
}

static int count_rows(struct store *st, sqlite3_stmt *s, int64_t *total)
{
	int step = sqlite3_step(s);

	if (step == SQLITE_ROW)
		*total = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return step == SQLITE_ROW ? 0 : store_error(st, step, NULL);
}

int store_cq_clients(struct store *st, const struct cq_client_filter *f, cq_client_cb cb, void *ctx,
                     int64_t *total)
{
	/* clang-format off */
	static const char sql_count[] = "SELECT count(*) FROM client c" CQ_CLIENT_WHERE;
	static const char sql[] =
	    "SELECT c.id, c.code, c.gender, c.birth_year, c.home_municipality,"
	    " coalesce(m.name, c.home_municipality), c.protected, " CQ_ROLES("c.id") ","
	    " coalesce((SELECT f.id FROM case_file f WHERE f.client_id = c.id AND f.closed IS NULL"
	    " AND ($1 = 0 OR f.organisation_id = $1) ORDER BY f.id DESC LIMIT 1), 0), "
	    CQ_ASSIGNED("c.id", "$3")
	    " FROM client c LEFT JOIN municipality m ON m.code = c.home_municipality"
	    CQ_CLIENT_WHERE
	    " ORDER BY CASE WHEN $7 = 0 AND $8 = 0 THEN c.id END ASC,"
	    " CASE WHEN $7 = 0 AND $8 = 1 THEN c.id END DESC,"
	    " CASE WHEN $7 = 1 AND $8 = 0 THEN c.birth_year END ASC,"
	    " CASE WHEN $7 = 1 AND $8 = 1 THEN c.birth_year END DESC,"
	    " CASE WHEN $7 = 2 AND $8 = 0 THEN coalesce(m.name, c.home_municipality) END ASC,"
	    " CASE WHEN $7 = 2 AND $8 = 1 THEN coalesce(m.name, c.home_municipality) END DESC,"
	    " CASE WHEN $7 = 3 AND $8 = 0 THEN c.gender END ASC,"
	    " CASE WHEN $7 = 3 AND $8 = 1 THEN c.gender END DESC,"
	    " c.id LIMIT $9 OFFSET $10";
	/* clang-format on */
	struct cq_client_row row;
	sqlite3_stmt *s;
	int rc, step;

	if (f->organisation_id <= 0 && f->municipality == NULL)
		return NRS_EINVAL;
	if (total != NULL) {
		rc = store_prepare(st, sql_count, &s);
		if (rc != 0)
			return rc;
		if (bind_client_filter(s, f))
			return NRS_EDB;
		rc = count_rows(st, s, total);
		if (rc != 0)
			return rc;
	}
	rc = store_prepare(st, sql, &s);
	if (rc != 0)
		return rc;
	if (bind_client_filter(s, f) || store_bind_int(s, 7, (int64_t)f->sort) ||
	    store_bind_int(s, 8, f->desc ? 1 : 0) || store_bind_int(s, 9, f->limit) ||
	    store_bind_int(s, 10, f->offset))
		return NRS_EDB;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		row.id = sqlite3_column_int64(s, 0);
		row.code = store_col_text(s, 1);
		row.gender = store_col_text(s, 2);
		row.birth_year = sqlite3_column_int(s, 3);
		row.home_municipality = store_col_text(s, 4);
		row.municipality_name = store_col_text(s, 5);
		row.protected_identity = sqlite3_column_int(s, 6);
		row.roles = store_col_text(s, 7);
		row.open_case_id = sqlite3_column_int64(s, 8);
		row.assigned = sqlite3_column_int(s, 9);
		rc = cb(&row, ctx);
		if (rc != 0) {
			sqlite3_reset(s);
			return rc;
		}
	}
	sqlite3_reset(s);
	return step == SQLITE_DONE ? 0 : store_error(st, step, NULL);
}

/* $1 organisation (0: any), $2 municipality (NULL: any), $3 user, $4 client (0: any),
 * $5 open only, $6 mine only */
#define CQ_CASE_WHERE                                                                              \
	" WHERE ($1 = 0 OR f.organisation_id = $1)"                                                \
	" AND ($2 IS NULL OR c.home_municipality = $2)"                                            \
	" AND ($4 = 0 OR f.client_id = $4) AND ($5 = 0 OR f.closed IS NULL)"                       \
	" AND ($6 = 0 OR EXISTS (SELECT 1 FROM case_staff s WHERE s.case_id = f.id"                \
	" AND s.user_id = $3))"

static int bind_case_filter(sqlite3_stmt *s, const struct cq_case_filter *f)
{
	return store_bind_int(s, 1, f->organisation_id) || store_bind_text(s, 2, f->municipality) ||
	       store_bind_int(s, 3, f->user_id) || store_bind_int(s, 4, f->client_id) ||
	       store_bind_int(s, 5, f->open_only ? 1 : 0) ||
	       store_bind_int(s, 6, f->mine_only ? 1 : 0);
}

int store_cq_cases(struct store *st, const struct cq_case_filter *f, cq_case_cb cb, void *ctx,
                   int64_t *total)
{
	static const char sql_count[] =
	    "SELECT count(*) FROM case_file f JOIN client c ON c.id = f.client_id" CQ_CASE_WHERE;
	static const char sql[] =
	    "SELECT f.id, f.client_id, c.code, c.protected, c.home_municipality, f.opened,"
	    " f.closed, f.referral_source, f.referring_municipality, f.organisation_id,"
	    " EXISTS (SELECT 1 FROM case_staff s WHERE s.case_id = f.id AND s.user_id = $3),"
	    " (SELECT r.level FROM risk_assessment r WHERE r.case_id = f.id"
	    " ORDER BY r.assessed DESC, r.id DESC LIMIT 1)"
	    " FROM case_file f JOIN client c ON c.id = f.client_id" CQ_CASE_WHERE
	    " ORDER BY f.opened DESC, f.id DESC LIMIT $7 OFFSET $8";
	struct cq_case_row row;
	sqlite3_stmt *s;
	int rc, step;

	if (f->organisation_id <= 0 && f->municipality == NULL)
		return NRS_EINVAL;
	if (total != NULL) {
		rc = store_prepare(st, sql_count, &s);
		if (rc != 0)
			return rc;
		if (bind_case_filter(s, f))
			return NRS_EDB;
		rc = count_rows(st, s, total);
		if (rc != 0)
			return rc;
	}
	rc = store_prepare(st, sql, &s);
	if (rc != 0)
		return rc;
	if (bind_case_filter(s, f) || store_bind_int(s, 7, f->limit) ||
	    store_bind_int(s, 8, f->offset))
		return NRS_EDB;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		row.id = sqlite3_column_int64(s, 0);
		row.client_id = sqlite3_column_int64(s, 1);
		row.client_code = store_col_text(s, 2);
		row.client_protected = sqlite3_column_int(s, 3);
		row.home_municipality = store_col_text(s, 4);
		row.opened = store_col_text(s, 5);
		row.closed = store_col_text(s, 6);
		row.referral_source = store_col_text(s, 7);
		row.referring_municipality = store_col_text(s, 8);
		row.organisation_id = sqlite3_column_int64(s, 9);
		row.assigned = sqlite3_column_int(s, 10);
		row.risk_level = store_col_text(s, 11);
		rc = cb(&row, ctx);
		if (rc != 0) {
			sqlite3_reset(s);
			return rc;
		}
	}
	sqlite3_reset(s);
	return step == SQLITE_DONE ? 0 : store_error(st, step, NULL);
}

int store_cq_relations(struct store *st, int64_t client_id, cq_relation_cb cb, void *ctx)
{
	static const char sql[] =
	    "SELECT r.kind, 0, r.related_client_id, o.code FROM client_relation r"
	    " JOIN client o ON o.id = r.related_client_id WHERE r.client_id = $1"
	    " UNION ALL"
	    " SELECT r.kind, 1, r.client_id, o.code FROM client_relation r"
	    " JOIN client o ON o.id = r.client_id WHERE r.related_client_id = $1"
	    " ORDER BY 3, 1, 2";
	struct cq_relation_row row;
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, client_id))
		return NRS_EDB;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		row.kind = store_col_text(s, 0);
		row.reverse = sqlite3_column_int(s, 1);
		row.other_id = sqlite3_column_int64(s, 2);
		row.other_code = store_col_text(s, 3);
		rc = cb(&row, ctx);
		if (rc != 0) {
			sqlite3_reset(s);
			return rc;
		}
	}
	sqlite3_reset(s);
	return step == SQLITE_DONE ? 0 : store_error(st, step, NULL);
}
