/* Numbered schema migrations, compiled into the binary. Each runs once, in its own
 * transaction, and records its number in schema_version. Never edit a migration that has
 * shipped: add a new one. */
#include "store/db.h"
#include "base/date.h"
#include "base/log.h"

#include <stdio.h>

static const char *const migrations[] = {
	/* 1: reference data and the county configuration */
	"CREATE TABLE county ("
	"  code TEXT PRIMARY KEY CHECK (length(code) = 2 AND code GLOB '[0-9][0-9]'),"
	"  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100)"
	") STRICT;"
	"CREATE TABLE municipality ("
	"  code TEXT PRIMARY KEY CHECK (code GLOB '[0-9][0-9][0-9][0-9]'),"
	"  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),"
	"  county_code TEXT NOT NULL REFERENCES county(code),"
	"  CHECK (substr(code, 1, 2) = county_code)"
	") STRICT;"
	"CREATE INDEX municipality_county ON municipality(county_code);"
	"CREATE TABLE organisation ("
	"  id INTEGER PRIMARY KEY,"
	"  kind TEXT NOT NULL CHECK (kind IN ('municipality', 'region', 'police', 'centre',"
	"    'shelter', 'prosecutor', 'county_board', 'other')),"
	"  name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),"
	"  org_number TEXT CHECK (org_number IS NULL OR org_number GLOB"
	"    '[0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]'),"
	"  municipality_code TEXT REFERENCES municipality(code),"
	"  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),"
	"  created_at TEXT NOT NULL,"
	"  CHECK (kind <> 'municipality' OR municipality_code IS NOT NULL)"
	") STRICT;"
	/* one organisation per municipality of kind municipality */
	"CREATE UNIQUE INDEX organisation_municipality ON organisation(municipality_code)"
	"  WHERE kind = 'municipality';"
	"CREATE TABLE population ("
	"  municipality_code TEXT NOT NULL REFERENCES municipality(code),"
	"  ref_date TEXT NOT NULL CHECK (ref_date GLOB"
	"    '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),"
	"  population INTEGER NOT NULL CHECK (population BETWEEN 0 AND 100000000),"
	"  source TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 200),"
	"  PRIMARY KEY (municipality_code, ref_date)"
	") STRICT;"
	"CREATE TABLE region ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  county_code TEXT NOT NULL REFERENCES county(code),"
	"  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),"
	"  host_municipality TEXT NOT NULL REFERENCES municipality(code),"
	"  population_date TEXT CHECK (population_date IS NULL OR population_date GLOB"
	"    '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')"
	") STRICT;"
	"CREATE TABLE region_member ("
	"  municipality_code TEXT PRIMARY KEY REFERENCES municipality(code)"
	") STRICT;",
};

int store_migration_count(void)
{
	return (int)(sizeof(migrations) / sizeof(migrations[0]));
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
		rc = apply(st, i + 1, migrations[i], err);
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
