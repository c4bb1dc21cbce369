/* A real store for the unit tests that need one: a database in a new temporary directory,
 * migrated and holding the reference data, optionally the county of Jämtland; fixed keys;
 * the test centre, its worker anna and its apartments; and the small queries the tests check
 * with. Failures end the running test through cmocka, so callers need not check. */
#ifndef NRS_TESTS_FIXTURE_H
#define NRS_TESTS_FIXTURE_H

#include "base/date.h"
#include "security/clientsvc.h"
#include "security/crypto.h"
#include "store/db.h"

#include <stdint.h>

/* Room for the database's file name in a caller's buffer. */
#define FIXTURE_PATH_MAX 96

/* A new temporary directory, and in path the name of a database file in it that does not
 * exist yet: for tests that open the store themselves. */
void fixture_path(char path[FIXTURE_PATH_MAX]);

/* A migrated store with the reference data (and crypto_init done) at a new fixture_path. */
struct store *fixture_open(char path[FIXTURE_PATH_MAX]);

/* Jämtland (the embedded data/region-23.ini) as the configured county: its municipalities,
 * the centre and the other parties as organisations. */
void fixture_region(struct store *st);

/* Fixed keys with distinct bytes per purpose, as the key file would derive. */
void fixture_keys(struct crypto_keys *keys);

/* A centre of its own, "Centrum mot våld (test)" in Östersund, for stores without a county. */
int64_t fixture_centre(struct store *st);

/* An app_user created at the start of 2023, before any test's data; its id. */
int64_t fixture_user(struct store *st, const char *username, const char *display, int64_t org,
                     int active);

/* The default actor: a new active user anna (Anna Andersson) of org, at 192.0.2.1 on today. */
struct clientsvc_actor fixture_anna(struct store *st, int64_t org, struct nrs_date today);

/* The ids of org's first two active apartments into apt1 and apt2; both must exist. */
void fixture_apartments(struct store *st, int64_t org, int64_t *apt1, int64_t *apt2);

/* The first column of a one-row query as an integer, -1 when there is no row. */
int64_t fixture_query_int(struct store *st, const char *sql);

/* Run SQL that must succeed; the rowid of the last insert. */
int64_t fixture_exec(struct store *st, const char *sql);

/* Whether the file holds needle anywhere, byte for byte (0 for a missing file): for checking
 * that no plain text reaches the database or its journal. */
int fixture_file_contains(const char *path, const char *needle);

/* Remove the directory of fixture_path with everything in it (journal files too). */
void fixture_remove(const char *path);

/* Close st (may be NULL) and fixture_remove its directory. */
void fixture_close(struct store *st, const char *path);

#endif
