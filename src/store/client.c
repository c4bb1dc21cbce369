/* Storage of clients: codes, plain columns, sealed columns, roles and relations
 * (see client.h). Only ciphertext and blind indexes pass through here. */
#include "store/client.h"

#include <stdio.h>
#include <string.h>

int store_bind_sealed(sqlite3_stmt *s, int n, const struct sealed *v)
{
	if (v == NULL || v->data == NULL)
		return store_bind_null(s, n);
	return store_bind_blob(s, n, v->data, v->len);
}

struct sealed store_col_sealed(sqlite3_stmt *s, int col)
{
	struct sealed v = {NULL, 0};

	if (sqlite3_column_type(s, col) == SQLITE_NULL)
		return v;
	v.data = sqlite3_column_blob(s, col);
	v.len = (size_t)sqlite3_column_bytes(s, col);
	/* a zero-length blob comes back as a NULL pointer; keep it distinct from SQL NULL */
	if (v.data == NULL)
		v.data = "";
	return v;
}

int store_client_code_next(struct store *st, int year, char code[CLIENT_CODE_MAX],
                           struct nrs_error *err)
{
	static const char sql[] = "INSERT INTO client_code_seq (year, last) VALUES ($1, 1)"
	                          " ON CONFLICT (year) DO UPDATE SET last = last + 1"
	                          " RETURNING last";
	sqlite3_stmt *s;
	int64_t last = 0;
	int rc, step;

	code[0] = '\0';
	if (year < 2000 || year > 9999)
		return nrs_error_set(err, NRS_EINVAL, "", "registreringsåret är orimligt");
	rc = store_prepare(st, sql, &s);
	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, year))
		return NRS_EDB;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		last = sqlite3_column_int64(s, 0);
	/* RETURNING: the row is only final once the statement has run to completion */
	while (step == SQLITE_ROW)
		step = sqlite3_step(s);
	sqlite3_reset(s);
	if (step != SQLITE_DONE)
		return store_error(st, step, err);
	if (last < 1 || last > 999999)
		return nrs_error_set(err, NRS_EINVAL, "", "klientkoderna för året är slut");
	snprintf(code, CLIENT_CODE_MAX, "K-%04d-%04lld", year, (long long)last);
	return 0;
}

int store_client_insert(struct store *st, const struct client_insert *in, int64_t *id,
                        struct nrs_error *err)
{
	/* X'' placeholders: the ciphertext needs the id as associated data (see 0004) */
	static const char sql[] =
	    "INSERT INTO client (code, name_enc, pnr_enc, pnr_index, birth_year, birth_date_enc,"
	    " gender, home_municipality, protected, created_at, created_by)"
	    " VALUES ($1, X'', CASE WHEN $2 IS NULL THEN NULL ELSE X'' END, $2, $3,"
	    " CASE WHEN $2 IS NULL THEN NULL ELSE X'' END, $4, $5, $6, $7, $8)";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_text(s, 1, in->code) ||
	    (in->pnr_index ? store_bind_blob(s, 2, in->pnr_index, CLIENT_INDEX_BYTES)
	                   : store_bind_null(s, 2)) ||
	    store_bind_int(s, 3, in->birth_year) || store_bind_text(s, 4, in->gender) ||
	    store_bind_text(s, 5, in->home_municipality) ||
	    store_bind_int(s, 6, in->protected_identity ? 1 : 0) ||
	    store_bind_text(s, 7, in->created_at) ||
	    (in->created_by ? store_bind_int(s, 8, in->created_by) : store_bind_null(s, 8)))
		return NRS_EDB;
	rc = store_step_done(st, s, err);
	if (rc == NRS_EEXIST)
		return nrs_error_set(err, NRS_EEXIST, "personnummer",
		                     "det finns redan en klient med det personnumret");
	if (rc == 0)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

static int changed_one(struct store *st, int rc)
{
	if (rc != 0)
		return rc;
	return sqlite3_changes(st->db) == 1 ? 0 : NRS_ENOTFOUND;
}

int store_client_seal(struct store *st, int64_t id, const struct sealed *name,
                      const struct sealed *pnr, const struct sealed *birth_date,
                      const struct sealed *contact, struct nrs_error *err)
{
	static const char sql[] = "UPDATE client SET name_enc = $2, pnr_enc = $3,"
	                          " birth_date_enc = $4, contact_enc = $5 WHERE id = $1";
	sqlite3_stmt *s;
	int rc;

	if (name == NULL || name->data == NULL || name->len == 0)
		return nrs_error_set(err, NRS_EINVAL, "namn", "namnet saknas");
	rc = store_prepare(st, sql, &s);
	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, id) || store_bind_sealed(s, 2, name) ||
	    store_bind_sealed(s, 3, pnr) || store_bind_sealed(s, 4, birth_date) ||
	    store_bind_sealed(s, 5, contact))
		return NRS_EDB;
	return changed_one(st, store_step_done(st, s, err));
}

int store_client_set_contact(struct store *st, int64_t id, const struct sealed *contact,
                             struct nrs_error *err)
{
	static const char sql[] = "UPDATE client SET contact_enc = $2 WHERE id = $1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, id) || store_bind_sealed(s, 2, contact))
		return NRS_EDB;
	return changed_one(st, store_step_done(st, s, err));
}

int store_client_set_protected(struct store *st, int64_t id, int protected_identity,
                               struct nrs_error *err)
{
	static const char sql[] = "UPDATE client SET protected = $2 WHERE id = $1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, id) || store_bind_int(s, 2, protected_identity ? 1 : 0))
		return NRS_EDB;
	return changed_one(st, store_step_done(st, s, err));
}

int store_client_role_add(struct store *st, int64_t client_id, const char *role,
                          struct nrs_error *err)
{
	static const char sql[] = "INSERT INTO client_role (client_id, role) VALUES ($1, $2)"
	                          " ON CONFLICT DO NOTHING";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, client_id) || store_bind_text(s, 2, role))
		return NRS_EDB;
	return store_step_done(st, s, err);
}

int store_client_relation_add(struct store *st, int64_t client_id, int64_t related_id,
                              const char *kind, struct nrs_error *err)
{
	static const char sql[] =
	    "INSERT INTO client_relation (client_id, related_client_id, kind) VALUES ($1, $2, $3)"
	    " ON CONFLICT DO NOTHING";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, client_id) || store_bind_int(s, 2, related_id) ||
	    store_bind_text(s, 3, kind))
		return NRS_EDB;
	return store_step_done(st, s, err);
}

int store_client_find_by_index(struct store *st, const unsigned char index[CLIENT_INDEX_BYTES],
                               int64_t *id)
{
	static const char sql[] = "SELECT id FROM client WHERE pnr_index = $1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	if (rc != 0)
		return rc;
	if (store_bind_blob(s, 1, index, CLIENT_INDEX_BYTES))
		return NRS_EDB;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (step == SQLITE_ROW)
		return 0;
	return step == SQLITE_DONE ? NRS_ENOTFOUND : store_error(st, step, NULL);
}

int store_client_get(struct store *st, int64_t id, client_row_cb cb, void *ctx)
{
	static const char sql[] =
	    "SELECT c.id, c.code, c.name_enc, c.pnr_enc, c.birth_date_enc, c.contact_enc,"
	    " c.birth_year, c.gender, c.home_municipality, c.protected, c.created_at,"
	    " coalesce(c.created_by, 0),"
	    " coalesce((SELECT group_concat(role, ',') FROM"
	    "   (SELECT role FROM client_role WHERE client_id = c.id ORDER BY role)), '')"
	    " FROM client c WHERE c.id = $1";
	struct client_row row;
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
	row.id = sqlite3_column_int64(s, 0);
	row.code = store_col_text(s, 1);
	row.name = store_col_sealed(s, 2);
	row.pnr = store_col_sealed(s, 3);
	row.birth_date = store_col_sealed(s, 4);
	row.contact = store_col_sealed(s, 5);
	row.birth_year = sqlite3_column_int(s, 6);
	row.gender = store_col_text(s, 7);
	row.home_municipality = store_col_text(s, 8);
	row.protected_identity = sqlite3_column_int(s, 9);
	row.created_at = store_col_text(s, 10);
	row.created_by = sqlite3_column_int64(s, 11);
	row.roles = store_col_text(s, 12);
	rc = cb(&row, ctx);
	sqlite3_reset(s);
	return rc;
}

int store_client_facts(struct store *st, int64_t id, int *birth_year, int *protected_identity)
{
	static const char sql[] = "SELECT birth_year, protected FROM client WHERE id = $1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, id))
		return NRS_EDB;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		if (birth_year)
			*birth_year = sqlite3_column_int(s, 0);
		if (protected_identity)
			*protected_identity = sqlite3_column_int(s, 1);
	}
	sqlite3_reset(s);
	if (step == SQLITE_ROW)
		return 0;
	return step == SQLITE_DONE ? NRS_ENOTFOUND : store_error(st, step, NULL);
}
