/* The database connection: open with the durability pragmas, run the numbered migrations,
 * transactions, and a per-connection cache of prepared statements.
 * One struct store per thread; it is not shared between threads. */
#ifndef NRS_STORE_DB_H
#define NRS_STORE_DB_H

#include "base/err.h"

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#define STORE_STMT_CACHE 256

struct store {
	sqlite3 *db;
	int tx_depth; /* nesting of store_tx_begin: 1 is the transaction, deeper are savepoints */
	struct {
		const char *sql; /* the statement's text constant; its address is the cache key */
		sqlite3_stmt *stmt;
	} cache[STORE_STMT_CACHE];
};

/* Open (creating if needed) the database at path with WAL, synchronous=FULL, foreign keys
 * and a busy timeout, and bring the schema up to date. Caller frees with store_close. */
int store_open(const char *path, struct store **out, struct nrs_error *err);
/* Open without migrating (for read-only tools that must not change the file). */
int store_open_nomigrate(const char *path, struct store **out, struct nrs_error *err);
void store_close(struct store *st);
/* The database file's path as SQLite resolved it (absolute; "" for a temporary database).
 * Borrowed until store_close. Tells apart stores of different files in one process. */
const char *store_path(struct store *st);

/* Apply every migration newer than the schema version, each in its own transaction.
 * Running it again is a no-op. */
int store_migrate(struct store *st, struct nrs_error *err);
/* The current schema version (0 for an empty database). */
int store_schema_version(struct store *st, int *version);
/* The number of migrations compiled into this binary. */
int store_migration_count(void);

/* Transactions nest: the outermost begin starts the transaction, inner ones are savepoints.
 * An inner rollback undoes only its own level (the caller decides whether the whole fails);
 * only the outermost commit makes anything durable. */
int store_tx_begin(struct store *st);
int store_tx_commit(struct store *st);
void store_tx_rollback(struct store *st);

/* A cached prepared statement for sql, which must be a string constant (its address is the
 * cache key). The statement is reset and its bindings cleared; borrowed, do not finalize. */
int store_prepare(struct store *st, const char *sql, sqlite3_stmt **out);

/* Bind by "$n" name, which SQLite numbers by first appearance, not by n. */
int store_bind_text(sqlite3_stmt *s, int n, const char *v);
int store_bind_int(sqlite3_stmt *s, int n, int64_t v);
int store_bind_null(sqlite3_stmt *s, int n);
int store_bind_blob(sqlite3_stmt *s, int n, const void *v, size_t len);

/* Run a prepared statement that returns no rows. Maps constraint errors to NRS_EEXIST /
 * NRS_EINVAL and fills err with a Swedish line. */
int store_step_done(struct store *st, sqlite3_stmt *s, struct nrs_error *err);
/* Turn an SQLite result code into an nrs_err, logging the SQLite message (which never
 * contains bound values). */
int store_error(struct store *st, int sqlite_rc, struct nrs_error *err);

/* Text column, borrowed until the next step or reset of s; NULL for SQL NULL. */
const char *store_col_text(sqlite3_stmt *s, int col);
/* Bind an id, or NULL when id is 0 (optional references). */
int store_bind_id_or_null(sqlite3_stmt *s, int n, int64_t id);

/* The body of a list walk: step through the rows of s, run `fill` (an expression that fills a
 * local `row` from s), call cb(&row, ctx) for each; a non-zero callback result stops the walk
 * and is returned; returns from the enclosing function. */
#define STORE_WALK_ROWS(st, s, fill, cb, ctx)                                                    \
	do {                                                                                     \
		int step_;                                                                       \
		while ((step_ = sqlite3_step(s)) == SQLITE_ROW) {                                \
			fill;                                                                    \
			int crc_ = cb(&row, ctx);                                                \
			if (crc_ != 0) {                                                         \
				sqlite3_reset(s);                                                \
				return crc_;                                                     \
			}                                                                        \
		}                                                                                \
		sqlite3_reset(s);                                                                \
		return step_ == SQLITE_DONE ? 0 : store_error(st, step_, NULL);                  \
	} while (0)

/* A walk for modules whose row callbacks have many types: the caller's typed callback travels
 * as a generic function pointer (a function pointer may not pass through void *) and each
 * row function casts it back before calling it. */
typedef void (*store_any_fn)(void);
struct store_box {
	store_any_fn cb;
	void *ctx;
};
typedef int (*store_row_fn)(sqlite3_stmt *s, const struct store_box *b);
/* Walk the rows of s with fn; *seen (may be NULL) is set when there was a row. Resets s
 * whatever happens. */
int store_walk(struct store *st, sqlite3_stmt *s, store_row_fn fn, store_any_fn cb, void *ctx,
	       int *seen);

/* Text column as a freshly allocated string (NULL for SQL NULL); caller frees. */
char *store_col_text_dup(sqlite3_stmt *s, int col);

#endif
