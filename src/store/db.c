/* Database connection, pragmas, transactions and the statement cache (see db.h). */
#include "store/db.h"
#include "base/log.h"
#include "base/str.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int exec_simple(struct store *st, const char *sql, struct nrs_error *err)
{
	char *msg = NULL;
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK) {
		log_error("sqlite: %s", msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return nrs_error_set(err, NRS_EDB, "", "databasfel: %s", sqlite3_errstr(rc));
	}
	return 0;
}

static int open_db(const char *path, struct store **out, int migrate, struct nrs_error *err)
{
	struct store *st = calloc(1, sizeof(*st));
	int rc;

	*out = NULL;
	if (st == NULL)
		return nrs_error_set(err, NRS_ENOMEM, "", "minnet tog slut");
	rc = sqlite3_open_v2(path, &st->db,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		nrs_error_set(err, NRS_EDB, "database", "%s: kan inte öppna databasen (%s)", path,
			      sqlite3_errstr(rc));
		rc = NRS_EDB;
		goto fail;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, 5000);
	/* WAL lets readers run beside the writer; FULL syncs the WAL on every commit, so an
	 * acknowledged write survives power loss (R39). */
	rc = exec_simple(st, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
			     " PRAGMA foreign_keys=ON; PRAGMA trusted_schema=OFF;",
			 err);
	if (rc != 0)
		goto fail;
	if (migrate) {
		rc = store_migrate(st, err);
		if (rc != 0)
			goto fail;
	}
	*out = st;
	return 0;
fail:
	store_close(st);
	return rc;
}

int store_open(const char *path, struct store **out, struct nrs_error *err)
{
	return open_db(path, out, 1, err);
}

int store_open_nomigrate(const char *path, struct store **out, struct nrs_error *err)
{
	return open_db(path, out, 0, err);
}

void store_close(struct store *st)
{
	if (st == NULL)
		return;
	if (st->tx_depth > 0) {
		/* an abandoned transaction must not keep the process's write lock */
		st->tx_depth = 1;
		store_tx_rollback(st);
	}
	for (int i = 0; i < STORE_STMT_CACHE; i++)
		if (st->cache[i].stmt)
			sqlite3_finalize(st->cache[i].stmt);
	if (st->db)
		sqlite3_close(st->db);
	free(st);
}

const char *store_path(struct store *st)
{
	const char *p = sqlite3_db_filename(st->db, "main");

	return p ? p : "";
}

int store_error(struct store *st, int rc, struct nrs_error *err)
{
	int prim = rc & 0xff;

	if (prim == SQLITE_CONSTRAINT) {
		log_debug("sqlite constraint: %s", sqlite3_errmsg(st->db));
		if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
			return nrs_error_set(err, NRS_EEXIST, "", "uppgiften finns redan");
		if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
			return nrs_error_set(err, NRS_EINVAL, "",
					     "hänvisar till något som inte finns");
		return nrs_error_set(err, NRS_EINVAL, "", "uppgiften är inte tillåten");
	}
	if (prim == SQLITE_NOMEM)
		return nrs_error_set(err, NRS_ENOMEM, "", "minnet tog slut");
	log_error("sqlite: %s (%d)", sqlite3_errmsg(st->db), rc);
	return nrs_error_set(err, NRS_EDB, "", "databasfel");
}

/* SQLite has one write lock per database. Threads of this process that find it taken would
 * sleep on SQLite's busy back-off (1, 2, 5 … 100 ms) and not wake when it frees, so under
 * load the server spent most of its time asleep. Writers of one process therefore queue on
 * this mutex first: a waiting thread runs as soon as the previous transaction ends. Other
 * processes (the command line beside a running server) still meet the busy timeout. */
static pthread_mutex_t write_lock = PTHREAD_MUTEX_INITIALIZER;

/* Run one savepoint statement ("SAVEPOINT", "RELEASE", "ROLLBACK TO") for nesting level n. */
static int savepoint(struct store *st, const char *verb, int n)
{
	char sql[48];
	int rc;

	snprintf(sql, sizeof(sql), "%s nrs_sp%d", verb, n);
	rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : store_error(st, rc, NULL);
}

int store_tx_begin(struct store *st)
{
	int rc;

	if (st->tx_depth > 0) {
		rc = savepoint(st, "SAVEPOINT", st->tx_depth);
		if (rc == 0)
			st->tx_depth++;
		return rc;
	}
	pthread_mutex_lock(&write_lock);
	/* IMMEDIATE takes the write lock now, so a transaction never fails half-way with
	 * SQLITE_BUSY when it upgrades from reading to writing. */
	rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		pthread_mutex_unlock(&write_lock);
		return store_error(st, rc, NULL);
	}
	st->tx_depth = 1;
	return 0;
}

int store_tx_commit(struct store *st)
{
	int rc;

	if (st->tx_depth <= 0)
		return NRS_EINVAL;
	if (--st->tx_depth > 0)
		return savepoint(st, "RELEASE", st->tx_depth);
	rc = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		int e = store_error(st, rc, NULL);
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		pthread_mutex_unlock(&write_lock);
		return e;
	}
	pthread_mutex_unlock(&write_lock);
	return 0;
}

void store_tx_rollback(struct store *st)
{
	if (st->tx_depth <= 0)
		return;
	if (--st->tx_depth > 0) {
		/* undo this level only; the enclosing transaction goes on */
		if (savepoint(st, "ROLLBACK TO", st->tx_depth) == 0)
			savepoint(st, "RELEASE", st->tx_depth);
		return;
	}
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	pthread_mutex_unlock(&write_lock);
}

int store_prepare(struct store *st, const char *sql, sqlite3_stmt **out)
{
	size_t h = ((uintptr_t)sql >> 3) % STORE_STMT_CACHE;
	int rc;

	for (size_t i = 0; i < STORE_STMT_CACHE; i++) {
		size_t k = (h + i) % STORE_STMT_CACHE;
		if (st->cache[k].sql == sql) {
			sqlite3_reset(st->cache[k].stmt);
			sqlite3_clear_bindings(st->cache[k].stmt);
			*out = st->cache[k].stmt;
			return 0;
		}
		if (st->cache[k].sql == NULL) {
			rc = sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
						&st->cache[k].stmt, NULL);
			if (rc != SQLITE_OK)
				return store_error(st, rc, NULL);
			st->cache[k].sql = sql;
			*out = st->cache[k].stmt;
			return 0;
		}
	}
	/* cache full: should not happen with a fixed set of statements */
	log_error("statement cache full");
	return NRS_EDB;
}

static int param_index(sqlite3_stmt *s, int n)
{
	char name[16];

	snprintf(name, sizeof(name), "$%d", n);
	return sqlite3_bind_parameter_index(s, name);
}

static int bind_rc(int rc)
{
	return rc == SQLITE_OK ? 0 : NRS_EDB;
}

int store_bind_text(sqlite3_stmt *s, int n, const char *v)
{
	int i = param_index(s, n);

	if (i == 0)
		return NRS_EDB;
	if (v == NULL)
		return bind_rc(sqlite3_bind_null(s, i));
	return bind_rc(sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT));
}

int store_bind_int(sqlite3_stmt *s, int n, int64_t v)
{
	int i = param_index(s, n);

	return i == 0 ? NRS_EDB : bind_rc(sqlite3_bind_int64(s, i, v));
}

int store_bind_null(sqlite3_stmt *s, int n)
{
	int i = param_index(s, n);

	return i == 0 ? NRS_EDB : bind_rc(sqlite3_bind_null(s, i));
}

int store_bind_blob(sqlite3_stmt *s, int n, const void *v, size_t len)
{
	int i = param_index(s, n);

	if (i == 0 || len > INT32_MAX)
		return NRS_EDB;
	return bind_rc(sqlite3_bind_blob(s, i, v, (int)len, SQLITE_TRANSIENT));
}

int store_step_done(struct store *st, sqlite3_stmt *s, struct nrs_error *err)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return 0;
	return store_error(st, rc, err);
}

char *store_col_text_dup(sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);

	if (t == NULL)
		return NULL;
	return str_ndup((const char *)t, (size_t)sqlite3_column_bytes(s, col));
}

const char *store_col_text(sqlite3_stmt *s, int col)
{
	return (const char *)sqlite3_column_text(s, col);
}

int store_bind_id_or_null(sqlite3_stmt *s, int n, int64_t id)
{
	return id ? store_bind_int(s, n, id) : store_bind_null(s, n);
}

int store_walk(struct store *st, sqlite3_stmt *s, store_row_fn fn, store_any_fn cb, void *ctx,
	       int *seen)
{
	struct store_box b = {cb, ctx};
	int step, rc;

	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if (seen)
			*seen = 1;
		rc = fn(s, &b);
		if (rc != 0) {
			sqlite3_reset(s);
			return rc;
		}
	}
	sqlite3_reset(s);
	return step == SQLITE_DONE ? 0 : store_error(st, step, NULL);
}
