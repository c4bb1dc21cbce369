/* Sessions (src/security/session.c): create and resolve, idle and absolute expiry (the row
 * is deleted), last-seen written at most once a minute, logout of one and of all sessions,
 * inactive users, housekeeping, and that the database never holds the cookie token. */
#include "security/account.h"
#include "security/crypto.h"
#include "security/roles.h"
#include "security/session.h"
#include "store/reference.h"
#include "store/session.h"
#include "store/setup.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define T0 ((time_t)1750000000)

struct fixture {
	struct store *st;
	struct account anna, bo;
};

static const struct session_limits lim = {30 * 60, 12 * 60 * 60};

static void make_account(struct fixture *f, int64_t org, const char *name, struct account *acc)
{
	struct account_new in = {name, "Testperson", org, ROLE_CENTRE_STAFF};
	char otp[ACCOUNT_OTP_CHARS + 1];
	int64_t id;

	assert_int_equal(account_create(f->st, &in, &id, otp, NULL), 0);
	assert_int_equal(account_get(f->st, id, acc), 0);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct org_input centre = {"centre", "Centrum mot våld (test)", NULL, "2380"};
	int64_t org;

	assert_non_null(f);
	assert_int_equal(crypto_init(), 0);
	account_set_hash_cost_for_tests();
	assert_int_equal(store_open(":memory:", &f->st, NULL), 0);
	assert_int_equal(store_load_reference(f->st, NULL), 0);
	assert_int_equal(store_org_add(f->st, &centre, &org, NULL), 0);
	make_account(f, org, "anna", &f->anna);
	make_account(f, org, "bo", &f->bo);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	store_close(f->st);
	free(f);
	return 0;
}

static int64_t sessions(struct fixture *f, int64_t user_id)
{
	int64_t n = -1;

	assert_int_equal(store_session_count(f->st, user_id, &n), 0);
	return n;
}

static int64_t last_seen(struct fixture *f)
{
	sqlite3_stmt *s;
	int64_t v = -1;

	assert_int_equal(sqlite3_prepare_v2(f->st->db, "SELECT max(last_seen_epoch) FROM session",
					    -1, &s, NULL),
			 SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static void clear_sessions(struct fixture *f)
{
	assert_int_equal(sqlite3_exec(f->st->db, "DELETE FROM session", NULL, NULL, NULL), SQLITE_OK);
}

static void test_create_resolve(void **state)
{
	struct fixture *f = *state;
	struct session s, r;

	clear_sessions(f);
	assert_int_equal(session_create(f->st, &f->anna, T0, &s), 0);
	assert_int_equal(strlen(s.token), CRYPTO_TOKEN_CHARS);
	assert_int_equal(strlen(s.csrf), CRYPTO_TOKEN_CHARS);
	assert_string_not_equal(s.token, s.csrf);
	assert_int_equal(s.acc.id, f->anna.id);
	assert_int_equal(session_resolve(f->st, s.token, &lim, T0 + 5, &r), 0);
	assert_int_equal(r.acc.id, f->anna.id);
	assert_string_equal(r.acc.username, "anna");
	assert_int_equal(r.acc.roles, ROLE_CENTRE_STAFF);
	assert_string_equal(r.acc.organisation_name, "Centrum mot våld (test)");
	assert_true(crypto_str_equal(r.csrf, s.csrf));
	assert_string_equal(r.token, ""); /* the token is never read back */
	/* unknown, malformed and missing tokens */
	assert_int_equal(session_resolve(f->st, s.csrf, &lim, T0, &r), NRS_EAUTH);
	assert_int_equal(r.acc.id, 0);
	assert_int_equal(session_resolve(f->st, "kort", &lim, T0, &r), NRS_EAUTH);
	assert_int_equal(session_resolve(f->st, "", &lim, T0, &r), NRS_EAUTH);
	assert_int_equal(session_resolve(f->st, NULL, &lim, T0, &r), NRS_EAUTH);
	/* NULL limits mean the defaults */
	assert_int_equal(session_resolve(f->st, s.token, NULL, T0 + 60, &r), 0);
	/* an inactive account cannot create a session */
	{
		struct account off = f->anna;
		off.active = 0;
		assert_int_equal(session_create(f->st, &off, T0, &r), NRS_EAUTH);
	}
}

static void test_token_stored_hashed(void **state)
{
	struct fixture *f = *state;
	unsigned char want[CRYPTO_HASH_BYTES];
	struct session s;
	sqlite3_stmt *q;
	int rows = 0;

	clear_sessions(f);
	assert_int_equal(session_create(f->st, &f->anna, T0, &s), 0);
	crypto_token_hash(s.token, want);
	assert_int_equal(sqlite3_prepare_v2(f->st->db,
					    "SELECT token_hash, user_id, csrf_token, created_epoch,"
					    " last_seen_epoch FROM session",
					    -1, &q, NULL),
			 SQLITE_OK);
	while (sqlite3_step(q) == SQLITE_ROW) {
		rows++;
		assert_int_equal(sqlite3_column_bytes(q, 0), CRYPTO_HASH_BYTES);
		assert_memory_equal(sqlite3_column_blob(q, 0), want, CRYPTO_HASH_BYTES);
		/* no column, read as text, contains the token */
		for (int c = 0; c < 5; c++) {
			const char *v = (const char *)sqlite3_column_text(q, c);
			int n = sqlite3_column_bytes(q, c);
			for (int i = 0; v && i + CRYPTO_TOKEN_CHARS <= n; i++)
				assert_true(memcmp(v + i, s.token, CRYPTO_TOKEN_CHARS) != 0);
		}
	}
	sqlite3_finalize(q);
	assert_int_equal(rows, 1);
}

static void test_idle_expiry(void **state)
{
	struct fixture *f = *state;
	struct session s, r;

	clear_sessions(f);
	assert_int_equal(session_create(f->st, &f->anna, T0, &s), 0);
	/* exactly at the limit still counts as active */
	assert_int_equal(session_resolve(f->st, s.token, &lim, T0 + 1800, &r), 0);
	/* that resolve moved last_seen to T0+1800 */
	assert_int_equal(last_seen(f), (int64_t)T0 + 1800);
	assert_int_equal(session_resolve(f->st, s.token, &lim, T0 + 3601, &r), NRS_EAUTH);
	assert_int_equal(r.acc.id, 0);
	assert_string_equal(r.csrf, "");
	/* the row is gone: going back in time does not revive it */
	assert_int_equal(sessions(f, f->anna.id), 0);
	assert_int_equal(session_resolve(f->st, s.token, &lim, T0 + 1900, &r), NRS_EAUTH);
}

static void test_touch_once_a_minute(void **state)
{
	struct fixture *f = *state;
	struct session s, r;

	clear_sessions(f);
	assert_int_equal(session_create(f->st, &f->anna, T0, &s), 0);
	assert_int_equal(session_resolve(f->st, s.token, &lim, T0 + 30, &r), 0);
	assert_int_equal(last_seen(f), (int64_t)T0); /* under a minute: no write */
	assert_int_equal(session_resolve(f->st, s.token, &lim, T0 + 59, &r), 0);
	assert_int_equal(last_seen(f), (int64_t)T0);
	assert_int_equal(session_resolve(f->st, s.token, &lim, T0 + 60, &r), 0);
	assert_int_equal(last_seen(f), (int64_t)T0 + 60);
	/* activity keeps the session alive past the idle limit counted from creation */
	assert_int_equal(session_resolve(f->st, s.token, &lim, T0 + 60 + 1700, &r), 0);
	assert_int_equal(session_resolve(f->st, s.token, &lim, T0 + 60 + 1700 + 1700, &r), 0);
}

static void test_absolute_expiry(void **state)
{
	struct fixture *f = *state;
	struct session s, r;
	time_t t;

	clear_sessions(f);
	assert_int_equal(session_create(f->st, &f->anna, T0, &s), 0);
	/* busy all day: active every 20 minutes */
	for (t = T0 + 1200; t <= T0 + 12 * 3600; t += 1200)
		assert_int_equal(session_resolve(f->st, s.token, &lim, t, &r), 0);
	assert_int_equal(session_resolve(f->st, s.token, &lim, T0 + 12 * 3600 + 1, &r), NRS_EAUTH);
	assert_int_equal(sessions(f, f->anna.id), 0);
}

static void test_end_and_end_all(void **state)
{
	struct fixture *f = *state;
	struct session a1, a2, b1, r;

	clear_sessions(f);
	assert_int_equal(session_create(f->st, &f->anna, T0, &a1), 0);
	assert_int_equal(session_create(f->st, &f->anna, T0, &a2), 0);
	assert_int_equal(session_create(f->st, &f->bo, T0, &b1), 0);
	assert_int_equal(sessions(f, -1), 3);
	/* one */
	assert_int_equal(session_end(f->st, a1.token), 0);
	assert_int_equal(session_resolve(f->st, a1.token, &lim, T0, &r), NRS_EAUTH);
	assert_int_equal(session_resolve(f->st, a2.token, &lim, T0, &r), 0);
	assert_int_equal(session_end(f->st, "not a token"), 0);
	/* all of one user's, and only those */
	assert_int_equal(session_create(f->st, &f->anna, T0, &a1), 0);
	assert_int_equal(session_end_all(f->st, f->anna.id), 0);
	assert_int_equal(session_resolve(f->st, a1.token, &lim, T0, &r), NRS_EAUTH);
	assert_int_equal(session_resolve(f->st, a2.token, &lim, T0, &r), NRS_EAUTH);
	assert_int_equal(session_resolve(f->st, b1.token, &lim, T0, &r), 0);
	assert_int_equal(r.acc.id, f->bo.id);
	assert_int_equal(sessions(f, -1), 1);
}

static void test_inactive_user(void **state)
{
	struct fixture *f = *state;
	struct session s, r;

	clear_sessions(f);
	assert_int_equal(session_create(f->st, &f->bo, T0, &s), 0);
	/* deactivated behind the session's back (not through account_deactivate, which would
	 * also delete the row): the next request is refused all the same */
	assert_int_equal(sqlite3_exec(f->st->db, "UPDATE app_user SET active = 0 WHERE username = 'bo'",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(session_resolve(f->st, s.token, &lim, T0, &r), NRS_EAUTH);
	assert_int_equal(sessions(f, f->bo.id), 0);
	assert_int_equal(sqlite3_exec(f->st->db, "UPDATE app_user SET active = 1 WHERE username = 'bo'",
				      NULL, NULL, NULL),
			 SQLITE_OK);
}

static void test_purge(void **state)
{
	struct fixture *f = *state;
	struct session old_idle, old_abs, fresh, r;

	clear_sessions(f);
	assert_int_equal(session_create(f->st, &f->anna, T0, &old_idle), 0);
	assert_int_equal(session_create(f->st, &f->anna, T0 - 12 * 3600, &old_abs), 0);
	assert_int_equal(session_create(f->st, &f->bo, T0 + 3000, &fresh), 0);
	/* keep old_abs recently seen, so only the absolute limit can remove it */
	assert_int_equal(sqlite3_exec(f->st->db,
				      "UPDATE session SET last_seen_epoch = 1750003000"
				      " WHERE created_epoch < 1750000000",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(session_purge_expired(f->st, &lim, T0 + 3600), 0);
	assert_int_equal(sessions(f, -1), 1);
	assert_int_equal(session_resolve(f->st, fresh.token, &lim, T0 + 3600, &r), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_resolve),
		cmocka_unit_test(test_token_stored_hashed),
		cmocka_unit_test(test_idle_expiry),
		cmocka_unit_test(test_touch_once_a_minute),
		cmocka_unit_test(test_absolute_expiry),
		cmocka_unit_test(test_end_and_end_all),
		cmocka_unit_test(test_inactive_user),
		cmocka_unit_test(test_purge),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
