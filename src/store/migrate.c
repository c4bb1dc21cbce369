/* Numbered schema migrations, compiled into the binary. Each runs once, in its own
 * transaction, and records its number in schema_version. Never edit a migration that has
 * shipped: add a new one. */
#include "store/db.h"
#include "base/date.h"
#include "base/embed.h"
#include "base/log.h"

#include <stdio.h>
#include <string.h>

#define MIGRATION_DIR "src/store/migrations/"

/* Migrations live in src/store/migrations/NNNN_name.sql and are compiled into the binary;
 * they are applied in name order. */
static int migration_sql(int i, const char **sql)
{
	int n = 0;

	for (size_t k = 0; k < nrs_embedded_count(); k++) {
		const struct nrs_blob *b = nrs_embedded_at(k);
		if (strncmp(b->name, MIGRATION_DIR, sizeof(MIGRATION_DIR) - 1) != 0)
			continue;
		if (n++ == i) {
			*sql = (const char *)b->data;
			return 0;
		}
	}
	return NRS_ENOTFOUND;
}

int store_migration_count(void)
{
	int n = 0;

	for (size_t k = 0; k < nrs_embedded_count(); k++)
		n += strncmp(nrs_embedded_at(k)->name, MIGRATION_DIR, sizeof(MIGRATION_DIR) - 1) == 0;
	return n;
}

int store_schema_version(struct store *st, int *version)
{
	static const char sql_has[] =
		"SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_version'";
	static const char sql_max[] = "SELECT coalesce(max(version), 0) FROM schema_version";
	sqlite3_stmt *s;
	int rc;

	*version = 0;
	rc = sqlite3_prepare_v2(st->db, sql_has, -1, &s, NULL);
	if (rc != SQLITE_OK)
		return store_error(st, rc, NULL);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW || sqlite3_column_int(s, 0) == 0) {
		sqlite3_finalize(s);
		return rc == SQLITE_ROW ? 0 : store_error(st, rc, NULL);
	}
	sqlite3_finalize(s);
	rc = sqlite3_prepare_v2(st->db, sql_max, -1, &s, NULL);
	if (rc != SQLITE_OK)
		return store_error(st, rc, NULL);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*version = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : store_error(st, rc, NULL);
}

static int apply(struct store *st, int number, const char *sql, struct nrs_error *err)
{
	static const char sql_ver[] =
		"INSERT INTO schema_version (version, applied_at) VALUES ($1, $2)";
	char now[21];
	sqlite3_stmt *s = NULL;
	int rc;

	rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		log_error("migration %d: %s", number, sqlite3_errmsg(st->db));
		return nrs_error_set(err, NRS_EDB, "", "migrering %d misslyckades", number);
	}
	time_now_iso(now);
	rc = sqlite3_prepare_v2(st->db, sql_ver, -1, &s, NULL);
	if (rc != SQLITE_OK)
		return store_error(st, rc, err);
	if (store_bind_int(s, 1, number) || store_bind_text(s, 2, now)) {
		sqlite3_finalize(s);
		return NRS_EDB;
	}
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : store_error(st, rc, err);
}

int store_migrate(struct store *st, struct nrs_error *err)
{
	int version, rc, n = store_migration_count();

	rc = sqlite3_exec(st->db,
			  "CREATE TABLE IF NOT EXISTS schema_version ("
			  " version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL) STRICT",
			  NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return store_error(st, rc, err);
	rc = store_schema_version(st, &version);
	if (rc != 0)
		return rc;
	if (version > n)
		return nrs_error_set(err, NRS_EDB, "",
				     "databasen har schemaversion %d men programmet känner bara"
				     " till %d: använd en nyare version av norrsken",
				     version, n);
	for (int i = version; i < n; i++) {
		rc = store_tx_begin(st);
		if (rc != 0)
			return nrs_error_set(err, rc, "", "kan inte starta transaktion");
		const char *sql = NULL;
		rc = migration_sql(i, &sql);
		if (rc == 0)
			rc = apply(st, i + 1, sql, err);
		if (rc != 0) {
			store_tx_rollback(st);
			return rc;
		}
		rc = store_tx_commit(st);
		if (rc != 0)
			return nrs_error_set(err, rc, "", "migrering %d kunde inte sparas", i + 1);
		log_debug("applied migration %d", i + 1);
	}
	return 0;
}
