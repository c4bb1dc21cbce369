/* Storage: migrations run once and are idempotent, transactions nest and roll back whole,
 * constraints reject bad rows, and the county configuration loads. */
#include "fixture.h"

#include "store/db.h"
#include "store/reference.h"
#include "store/setup.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

static char db_path[FIXTURE_PATH_MAX];

static int setup(void **state)
{
	(void)state;
	fixture_path(db_path);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fixture_remove(db_path);
	return 0;
}

static void test_migrations_once(void **state)
{
	struct store *st = NULL;
	int v = -1;

	(void)state;
	assert_int_equal(store_open(db_path, &st, NULL), 0);
	assert_int_equal(store_schema_version(st, &v), 0);
	assert_int_equal(v, store_migration_count());
	assert_int_equal(fixture_query_int(st, "SELECT count(*) FROM schema_version"),
	                 store_migration_count());
	store_close(st);
	/* second start: no migration runs again, no error */
	assert_int_equal(store_open(db_path, &st, NULL), 0);
	assert_int_equal(fixture_query_int(st, "SELECT count(*) FROM schema_version"),
	                 store_migration_count());
	assert_int_equal(store_migrate(st, NULL), 0);
	assert_int_equal(fixture_query_int(st, "SELECT count(*) FROM schema_version"),
	                 store_migration_count());
	store_close(st);
}

static void test_pragmas(void **state)
{
	struct store *st = NULL;

	(void)state;
	assert_int_equal(store_open(db_path, &st, NULL), 0);
	assert_int_equal(fixture_query_int(st, "PRAGMA foreign_keys"), 1);
	assert_int_equal(fixture_query_int(st, "PRAGMA synchronous"), 2); /* FULL */
	{
		sqlite3_stmt *s;
		assert_int_equal(sqlite3_prepare_v2(st->db, "PRAGMA journal_mode", -1, &s, NULL),
				 SQLITE_OK);
		assert_int_equal(sqlite3_step(s), SQLITE_ROW);
		assert_string_equal((const char *)sqlite3_column_text(s, 0), "wal");
		sqlite3_finalize(s);
	}
	store_close(st);
}

static void test_newer_schema_refused(void **state)
{
	struct store *st = NULL;
	struct nrs_error err = {0};

	(void)state;
	assert_int_equal(store_open(db_path, &st, NULL), 0);
	assert_int_equal(sqlite3_exec(st->db,
				      "INSERT INTO schema_version VALUES (999, '2030-01-01T00:00:00Z')",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	store_close(st);
	assert_int_equal(store_open(db_path, &st, &err), NRS_EDB);
	assert_non_null(strstr(err.msg, "nyare version"));
}

static void test_tx_nested_rollback(void **state)
{
	struct store *st = NULL;

	(void)state;
	assert_int_equal(store_open(db_path, &st, NULL), 0);
	assert_int_equal(store_tx_begin(st), 0);
	assert_int_equal(store_county_put(st, "99", "Testlän", NULL), 0);
	assert_int_equal(store_tx_begin(st), 0);
	assert_int_equal(store_municipality_put(st, "9901", "Testby", "99", NULL), 0);
	store_tx_rollback(st); /* the inner level is undone, the outer goes on */
	assert_int_equal(fixture_query_int(st, "SELECT count(*) FROM municipality"), 0);
	assert_int_equal(store_tx_commit(st), 0);
	assert_int_equal(fixture_query_int(st, "SELECT count(*) FROM county"), 1);
	assert_int_equal(fixture_query_int(st, "SELECT count(*) FROM municipality"), 0);
	/* and an outer rollback undoes everything, inner commits included */
	assert_int_equal(store_tx_begin(st), 0);
	assert_int_equal(store_tx_begin(st), 0);
	assert_int_equal(store_municipality_put(st, "9902", "Testås", "99", NULL), 0);
	assert_int_equal(store_tx_commit(st), 0);
	store_tx_rollback(st);
	assert_int_equal(fixture_query_int(st, "SELECT count(*) FROM municipality"), 0);
	store_close(st);
}

static void test_constraints(void **state)
{
	struct store *st = NULL;
	struct nrs_error err = {0};

	(void)state;
	assert_int_equal(store_open(db_path, &st, NULL), 0);
	assert_int_equal(store_county_put(st, "23", "Jämtlands län", NULL), 0);
	/* municipality code must start with its county code */
	assert_int_equal(store_municipality_put(st, "2403", "Fel", "23", &err), NRS_EINVAL);
	/* county must exist */
	assert_int_equal(store_municipality_put(st, "0101", "Fel", "01", &err), NRS_EINVAL);
	assert_int_equal(store_municipality_put(st, "2303", "Ragunda", "23", &err), 0);
	/* negative population */
	assert_int_equal(store_population_put(st, "2303", "2023-11-01", -5, "test", &err), NRS_EINVAL);
	/* unknown municipality */
	assert_int_equal(store_population_put(st, "2399", "2023-11-01", 5, "test", &err), NRS_EINVAL);
	store_close(st);
}

static int count_members(const struct municipality_row *m, void *ctx)
{
	int *n = ctx;
	if (m->member)
		(*n)++;
	return 0;
}

static void test_reference_and_region(void **state)
{
	struct store *st = NULL;
	struct nrs_error err = {0};
	struct regionconf *rc = calloc(1, sizeof(*rc));
	struct region_info ri;
	int members = 0;

	(void)state;
	assert_non_null(rc);
	assert_int_equal(store_open(db_path, &st, NULL), 0);
	assert_int_equal(store_load_reference(st, &err), 0);
	assert_int_equal(fixture_query_int(st, "SELECT count(*) FROM municipality"), 290);
	assert_int_equal(fixture_query_int(st, "SELECT count(*) FROM county"), 21);
	/* loading twice changes nothing */
	assert_int_equal(store_load_reference(st, &err), 0);
	assert_int_equal(fixture_query_int(st, "SELECT count(*) FROM municipality"), 290);
	/* Västernorrland from the register: seven members, host the most populous */
	assert_int_equal(store_region_for_county(st, "22", NULL, rc, &err), 0);
	assert_int_equal(rc->nmembers, 7);
	assert_string_equal(rc->host, "2281"); /* Sundsvall */
	assert_int_equal(store_apply_region(st, rc, &err), 0);
	assert_int_equal(store_region_get(st, &ri), 0);
	assert_true(ri.configured);
	assert_string_equal(ri.county, "22");
	assert_int_equal(store_municipality_list(st, "22", count_members, &members), 0);
	assert_int_equal(members, 7);
	/* a host outside the members is refused and changes nothing */
	assert_int_equal(store_region_for_county(st, "22", "2380", rc, &err), 0);
	assert_int_equal(store_apply_region(st, rc, &err), NRS_EINVAL);
	assert_int_equal(store_region_get(st, &ri), 0);
	assert_string_equal(ri.host, "2281");
	store_close(st);
	free(rc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_migrations_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pragmas, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newer_schema_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tx_nested_rollback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_constraints, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reference_and_region, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
