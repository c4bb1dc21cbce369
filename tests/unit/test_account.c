/* Accounts (src/security/account.c): validation that writes nothing when it refuses, login,
 * the same answer for unknown users and wrong passwords, lockout with a doubling delay,
 * reset and deactivation ending sessions, password change and API tokens. */
#include "security/account.h"
#include "security/crypto.h"
#include "security/roles.h"
#include "security/session.h"
#include "store/reference.h"
#include "store/session.h"
#include "store/setup.h"
#include "store/user.h"

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
	int64_t org, closed_org;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct org_input centre = {"centre", "Centrum mot våld (test)", NULL, "2380"};
	struct org_input closed = {"other", "Nedlagd förening (test)", NULL, NULL};

	assert_non_null(f);
	assert_int_equal(crypto_init(), 0);
	account_set_hash_cost_for_tests();
	assert_int_equal(store_open(":memory:", &f->st, NULL), 0);
	assert_int_equal(store_load_reference(f->st, NULL), 0);
	assert_int_equal(store_org_add(f->st, &centre, &f->org, NULL), 0);
	assert_int_equal(store_org_add(f->st, &closed, &f->closed_org, NULL), 0);
	assert_int_equal(sqlite3_exec(f->st->db, "UPDATE organisation SET active = 0 WHERE kind = 'other'",
				      NULL, NULL, NULL),
			 SQLITE_OK);
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

static int64_t query_int(struct store *st, const char *sql, int64_t id)
{
	sqlite3_stmt *s;
	int64_t v = -1;

	assert_int_equal(sqlite3_prepare_v2(st->db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_bind_parameter_count(s) > 0)
		sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static int64_t user_count(struct store *st)
{
	return query_int(st, "SELECT count(*) FROM app_user", 0);
}

static int64_t make_user(struct fixture *f, const char *name, unsigned roles,
			 char otp[ACCOUNT_OTP_CHARS + 1])
{
	struct account_new in = {name, "Testperson Testsson", f->org, roles};
	struct nrs_error err = {0};
	int64_t id = 0;

	assert_int_equal(account_create(f->st, &in, &id, otp, &err), 0);
	assert_true(id > 0);
	return id;
}

static void test_create_ok(void **state)
{
	struct fixture *f = *state;
	char otp[ACCOUNT_OTP_CHARS + 1];
	struct account acc;
	int64_t id = make_user(f, "anna.berg", ROLE_CENTRE_STAFF | ROLE_SAMRAD_COORDINATOR, otp);

	assert_int_equal(strlen(otp), ACCOUNT_OTP_CHARS);
	for (const char *p = otp; *p; p++)
		assert_null(strchr("0O1lIo", *p)); /* no look-alikes */
	assert_int_equal(account_get(f->st, id, &acc), 0);
	assert_string_equal(acc.username, "anna.berg");
	assert_string_equal(acc.display_name, "Testperson Testsson");
	assert_string_equal(acc.organisation_name, "Centrum mot våld (test)");
	assert_string_equal(acc.organisation_kind, "centre");
	assert_string_equal(acc.municipality_code, "2380");
	assert_int_equal(acc.roles, ROLE_CENTRE_STAFF | ROLE_SAMRAD_COORDINATOR);
	assert_int_equal(acc.active, 1);
	assert_int_equal(acc.must_change_password, 1);
	/* the one-time password is stored only as an Argon2id hash */
	assert_int_equal(query_int(f->st,
				   "SELECT count(*) FROM app_user WHERE password_hash LIKE"
				   " '$argon2id$%'",
				   0),
			 1);
	assert_int_equal(account_get_by_username(f->st, "anna.berg", &acc), 0);
	assert_int_equal(acc.id, id);
	assert_int_equal(account_get_by_username(f->st, "ingen", &acc), NRS_ENOTFOUND);
}

static void expect_refused(struct fixture *f, const char *username, const char *name,
			   int64_t org, unsigned roles, int code, const char *field)
{
	struct account_new in = {username, name, org, roles};
	struct nrs_error err = {0};
	char otp[ACCOUNT_OTP_CHARS + 1] = "x";
	int64_t before = user_count(f->st), id = 0;

	assert_int_equal(account_create(f->st, &in, &id, otp, &err), code);
	assert_string_equal(err.field, field);
	assert_true(err.msg[0] != '\0');
	assert_string_equal(otp, "");
	assert_int_equal(user_count(f->st), before);
}

static void test_create_validation(void **state)
{
	struct fixture *f = *state;
	char otp[ACCOUNT_OTP_CHARS + 1], long_name[70], long_display[260];
	struct account_new in = {"dup.user", "Namn", 0, ROLE_ADMIN};
	struct nrs_error err = {0};

	in.organisation_id = f->org;
	memset(long_name, 'a', 65);
	long_name[65] = '\0';
	memset(long_display, 'x', 201);
	long_display[201] = '\0';
	expect_refused(f, "a", "Namn", f->org, ROLE_ADMIN, NRS_EINVAL, "anvandarnamn");
	expect_refused(f, "Anna", "Namn", f->org, ROLE_ADMIN, NRS_EINVAL, "anvandarnamn");
	expect_refused(f, "anna berg", "Namn", f->org, ROLE_ADMIN, NRS_EINVAL, "anvandarnamn");
	expect_refused(f, "åsa", "Namn", f->org, ROLE_ADMIN, NRS_EINVAL, "anvandarnamn");
	expect_refused(f, long_name, "Namn", f->org, ROLE_ADMIN, NRS_EINVAL, "anvandarnamn");
	expect_refused(f, NULL, "Namn", f->org, ROLE_ADMIN, NRS_EINVAL, "anvandarnamn");
	expect_refused(f, "ok.name", "", f->org, ROLE_ADMIN, NRS_EINVAL, "namn");
	expect_refused(f, "ok.name", "Rad\nbrytning", f->org, ROLE_ADMIN, NRS_EINVAL, "namn");
	expect_refused(f, "ok.name", long_display, f->org, ROLE_ADMIN, NRS_EINVAL, "namn");
	expect_refused(f, "ok.name", "Namn", f->org, 0, NRS_EINVAL, "roller");
	expect_refused(f, "ok.name", "Namn", f->org, 1u << 20, NRS_EINVAL, "roller");
	expect_refused(f, "ok.name", "Namn", 9999, ROLE_ADMIN, NRS_EINVAL, "organisation");
	expect_refused(f, "ok.name", "Namn", f->closed_org, ROLE_ADMIN, NRS_EINVAL, "organisation");
	/* 200 characters of two-byte UTF-8 is fine */
	{
		char *wide = malloc(401);
		assert_non_null(wide);
		for (int i = 0; i < 200; i++)
			memcpy(wide + 2 * i, "ö", 2);
		wide[400] = '\0';
		in.username = "wide.name";
		in.display_name = wide;
		assert_int_equal(account_create(f->st, &in, NULL, otp, &err), 0);
		free(wide);
	}
	/* duplicate */
	in.username = "dup.user";
	in.display_name = "Namn";
	assert_int_equal(account_create(f->st, &in, NULL, otp, &err), 0);
	expect_refused(f, "dup.user", "Annat namn", f->org, ROLE_FINANCE, NRS_EEXIST,
		       "anvandarnamn");
	assert_int_equal(account_create(f->st, &in, NULL, otp, &err), NRS_EEXIST);
	assert_string_equal(err.msg, "användarnamnet är upptaget");
}

static void test_password_rules(void **state)
{
	struct nrs_error err = {0};
	char big[ACCOUNT_MAX_PASSWORD + 2];

	(void)state;
	assert_int_equal(account_password_ok("anna", "kort-lösen", "losenord", &err), NRS_EINVAL);
	assert_string_equal(err.field, "losenord");
	assert_int_equal(account_password_ok("anna", "12345678901", "nytt_losenord", &err),
			 NRS_EINVAL);
	assert_string_equal(err.field, "nytt_losenord");
	assert_int_equal(account_password_ok("anna", "123456789012", "losenord", &err), 0);
	/* twelve characters, 24 bytes: counted as characters */
	assert_int_equal(account_password_ok("anna", "åäöåäöåäöåäö", "losenord", &err), 0);
	assert_int_equal(account_password_ok("anna", "åäöåäöåäöåä", "losenord", &err), NRS_EINVAL);
	assert_int_equal(account_password_ok("anna", "bad\xff utf-8 text", "losenord", &err),
			 NRS_EINVAL);
	assert_int_equal(account_password_ok("anna.berg.lang", "Anna.Berg.Lang", "losenord", &err),
			 NRS_EINVAL);
	memset(big, 'x', ACCOUNT_MAX_PASSWORD);
	big[ACCOUNT_MAX_PASSWORD] = '\0';
	assert_int_equal(account_password_ok("anna", big, "losenord", &err), 0);
	big[ACCOUNT_MAX_PASSWORD] = 'x';
	big[ACCOUNT_MAX_PASSWORD + 1] = '\0';
	assert_int_equal(account_password_ok("anna", big, "losenord", &err), NRS_EINVAL);
	assert_int_equal(account_password_ok("anna", NULL, "losenord", &err), NRS_EINVAL);
}

static void test_login(void **state)
{
	struct fixture *f = *state;
	char otp[ACCOUNT_OTP_CHARS + 1], unknown_msg[512];
	struct nrs_error err = {0};
	struct account acc;
	int64_t id = make_user(f, "login.user", ROLE_FINANCE, otp);

	assert_int_equal(account_login(f->st, "login.user", otp, T0, &acc, &err), 0);
	assert_int_equal(acc.id, id);
	assert_int_equal(acc.roles, ROLE_FINANCE);
	assert_int_equal(acc.must_change_password, 1);
	/* user names are matched without regard to case */
	assert_int_equal(account_login(f->st, "Login.User", otp, T0, &acc, &err), 0);
	/* unknown user and wrong password: the same code and the same words */
	assert_int_equal(account_login(f->st, "nobody.here", otp, T0, &acc, &err), NRS_EAUTH);
	snprintf(unknown_msg, sizeof(unknown_msg), "%s", err.msg);
	assert_string_equal(unknown_msg, "Fel användarnamn eller lösenord.");
	assert_int_equal(acc.id, 0);
	assert_int_equal(account_login(f->st, "login.user", "wrong password!", T0, &acc, &err),
			 NRS_EAUTH);
	assert_string_equal(err.msg, unknown_msg);
	assert_int_equal(acc.id, 0);
	assert_int_equal(query_int(f->st, "SELECT failed_logins FROM app_user WHERE id = ?", id), 1);
	assert_int_equal(account_login(f->st, "login.user", NULL, T0, &acc, &err), NRS_EAUTH);
	/* success clears the count */
	assert_int_equal(account_login(f->st, "login.user", otp, T0, &acc, &err), 0);
	assert_int_equal(query_int(f->st, "SELECT failed_logins FROM app_user WHERE id = ?", id), 0);
}

static int64_t locked_until(struct fixture *f, int64_t id)
{
	return query_int(f->st, "SELECT locked_until_epoch FROM app_user WHERE id = ?", id);
}

static void test_lockout(void **state)
{
	struct fixture *f = *state;
	char otp[ACCOUNT_OTP_CHARS + 1];
	struct nrs_error err = {0};
	struct account acc;
	int64_t id = make_user(f, "lock.user", ROLE_CENTRE_STAFF, otp);
	time_t t = T0;

	/* four failures: counted, not locked */
	for (int i = 1; i <= 4; i++) {
		assert_int_equal(account_login(f->st, "lock.user", "not the password", t, &acc, &err),
				 NRS_EAUTH);
		assert_int_equal(locked_until(f, id), 0);
	}
	/* the fifth locks for one minute */
	assert_int_equal(account_login(f->st, "lock.user", "not the password", t, &acc, &err),
			 NRS_EAUTH);
	assert_int_equal(locked_until(f, id), (int64_t)t + 60);
	/* while locked, even the right password is refused, and no attempt is counted */
	assert_int_equal(account_login(f->st, "lock.user", otp, t + 1, &acc, &err), NRS_ELOCKED);
	assert_string_equal(err.msg, "Kontot är tillfälligt låst. Försök igen om 1 minut.");
	assert_int_equal(acc.id, 0);
	assert_int_equal(query_int(f->st, "SELECT failed_logins FROM app_user WHERE id = ?", id), 5);
	/* after the lock, each failure doubles the delay: 2, 4, 8 ... minutes */
	t += 61;
	assert_int_equal(account_login(f->st, "lock.user", "not the password", t, &acc, &err),
			 NRS_EAUTH);
	assert_int_equal(locked_until(f, id), (int64_t)t + 120);
	assert_int_equal(account_login(f->st, "lock.user", otp, t + 10, &acc, &err), NRS_ELOCKED);
	assert_string_equal(err.msg, "Kontot är tillfälligt låst. Försök igen om 2 minuter.");
	t += 121;
	assert_int_equal(account_login(f->st, "lock.user", "not the password", t, &acc, &err),
			 NRS_EAUTH);
	assert_int_equal(locked_until(f, id), (int64_t)t + 240);
	t += 241;
	assert_int_equal(account_login(f->st, "lock.user", "not the password", t, &acc, &err),
			 NRS_EAUTH);
	assert_int_equal(locked_until(f, id), (int64_t)t + 480);
	/* ... capped at one hour */
	for (int i = 0; i < 6; i++) {
		t = (time_t)locked_until(f, id) + 1;
		assert_int_equal(account_login(f->st, "lock.user", "not the password", t, &acc,
					       &err),
				 NRS_EAUTH);
	}
	assert_int_equal(locked_until(f, id), (int64_t)t + 3600);
	assert_int_equal(account_login(f->st, "lock.user", otp, t + 1, &acc, &err), NRS_ELOCKED);
	assert_string_equal(err.msg, "Kontot är tillfälligt låst. Försök igen om 60 minuter.");
	/* once the time has passed, the right password opens and clears everything */
	t += 3601;
	assert_int_equal(account_login(f->st, "lock.user", otp, t, &acc, &err), 0);
	assert_int_equal(acc.id, id);
	assert_int_equal(locked_until(f, id), 0);
	assert_int_equal(query_int(f->st, "SELECT failed_logins FROM app_user WHERE id = ?", id), 0);
}

static void test_reset(void **state)
{
	struct fixture *f = *state;
	char otp[ACCOUNT_OTP_CHARS + 1], otp2[ACCOUNT_OTP_CHARS + 1];
	struct nrs_error err = {0};
	struct session s1, s2;
	struct account acc;
	int64_t id = make_user(f, "reset.user", ROLE_MUNICIPAL_OFFICER, otp), n = 0;

	assert_int_equal(account_login(f->st, "reset.user", otp, T0, &acc, &err), 0);
	assert_int_equal(account_change_password(f->st, id, otp, "ett långt nytt lösenord", &err),
			 0);
	assert_int_equal(session_create(f->st, &acc, T0, &s1), 0);
	assert_int_equal(session_create(f->st, &acc, T0, &s2), 0);
	for (int i = 0; i < 5; i++)
		account_login(f->st, "reset.user", "not the password", T0, &acc, &err);
	assert_true(locked_until(f, id) > 0);

	assert_int_equal(account_reset(f->st, id, otp2, &err), 0);
	assert_int_equal(strlen(otp2), ACCOUNT_OTP_CHARS);
	assert_string_not_equal(otp, otp2);
	assert_int_equal(locked_until(f, id), 0);
	assert_int_equal(query_int(f->st, "SELECT failed_logins FROM app_user WHERE id = ?", id), 0);
	assert_int_equal(store_session_count(f->st, id, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(session_resolve(f->st, s1.token, NULL, T0, &s2), NRS_EAUTH);
	assert_int_equal(account_login(f->st, "reset.user", "ett långt nytt lösenord", T0, &acc,
				       &err),
			 NRS_EAUTH);
	assert_int_equal(account_login(f->st, "reset.user", otp2, T0, &acc, &err), 0);
	assert_int_equal(acc.must_change_password, 1);
	assert_int_equal(account_reset(f->st, 99999, otp2, &err), NRS_ENOTFOUND);
	assert_string_equal(otp2, "");
}

static void test_change_password(void **state)
{
	struct fixture *f = *state;
	char otp[ACCOUNT_OTP_CHARS + 1];
	struct nrs_error err = {0};
	struct account acc;
	int64_t id = make_user(f, "change.user", ROLE_STEERING, otp);

	assert_int_equal(account_change_password(f->st, id, "not the password", "ett bra lösenord!",
						 &err),
			 NRS_EAUTH);
	assert_string_equal(err.field, "losenord");
	assert_int_equal(account_change_password(f->st, id, otp, "kort", &err), NRS_EINVAL);
	assert_string_equal(err.field, "nytt_losenord");
	assert_int_equal(account_change_password(f->st, id, otp, "change.user", &err), NRS_EINVAL);
	assert_int_equal(account_change_password(f->st, id, otp, otp, &err), NRS_EINVAL);
	assert_string_equal(err.field, "nytt_losenord");
	assert_int_equal(account_change_password(f->st, id, otp, "ett bra lösenord!", &err), 0);
	assert_int_equal(account_get(f->st, id, &acc), 0);
	assert_int_equal(acc.must_change_password, 0);
	assert_int_equal(account_login(f->st, "change.user", otp, T0, &acc, &err), NRS_EAUTH);
	assert_int_equal(account_login(f->st, "change.user", "ett bra lösenord!", T0, &acc, &err),
			 0);
	/* an administrator-set password */
	assert_int_equal(account_set_password(f->st, id, "kort", 0, &err), NRS_EINVAL);
	assert_int_equal(account_set_password(f->st, id, "satt av administratören", 1, &err), 0);
	assert_int_equal(account_login(f->st, "change.user", "satt av administratören", T0, &acc,
				       &err),
			 0);
	assert_int_equal(acc.must_change_password, 1);
}

static void test_deactivate(void **state)
{
	struct fixture *f = *state;
	char otp[ACCOUNT_OTP_CHARS + 1];
	struct nrs_error err = {0};
	struct session s, r;
	struct account acc;
	int64_t id = make_user(f, "gone.user", ROLE_AGENCY_REP, otp);

	assert_int_equal(account_login(f->st, "gone.user", otp, T0, &acc, &err), 0);
	assert_int_equal(session_create(f->st, &acc, T0, &s), 0);
	assert_int_equal(account_deactivate(f->st, id, &err), 0);
	assert_int_equal(session_resolve(f->st, s.token, NULL, T0, &r), NRS_EAUTH);
	assert_int_equal(account_login(f->st, "gone.user", otp, T0, &acc, &err), NRS_EAUTH);
	assert_int_equal(acc.id, 0);
	/* a wrong password still gets the usual answer: nothing is revealed without it */
	assert_int_equal(account_login(f->st, "gone.user", "not the password", T0, &acc, &err),
			 NRS_EAUTH);
	assert_string_equal(err.msg, "Fel användarnamn eller lösenord.");
	assert_int_equal(account_get(f->st, id, &acc), 0);
	assert_int_equal(acc.active, 0);
	assert_int_equal(account_deactivate(f->st, 99999, &err), NRS_ENOTFOUND);
}

static int count_users(const struct account *acc, void *ctx)
{
	(void)acc;
	(*(int *)ctx)++;
	return 0;
}

static void test_list(void **state)
{
	struct fixture *f = *state;
	char otp[ACCOUNT_OTP_CHARS + 1];
	int n = 0;

	make_user(f, "list.user", ROLE_ADMIN, otp);
	assert_int_equal(account_list(f->st, count_users, &n), 0);
	assert_int_equal(n, user_count(f->st));
}

static void test_roles_names(void **state)
{
	char out[256];

	(void)state;
	assert_int_equal(account_roles_parse("admin,finance"), ROLE_ADMIN | ROLE_FINANCE);
	assert_int_equal(account_roles_parse(""), 0);
	assert_int_equal(account_roles_parse("pirate,steering"), ROLE_STEERING);
	account_roles_format(ROLE_CENTRE_STAFF | ROLE_AGENCY_REP, ", ", out, sizeof(out));
	assert_string_equal(out, "centre_staff, agency_rep");
	account_roles_format(ROLE_CENTRE_STAFF | ROLE_AGENCY_REP, ",", out, 5);
	assert_int_equal(strlen(out), 0); /* too small for the first name: nothing half-written */
}

static void test_api_tokens(void **state)
{
	struct fixture *f = *state;
	char otp[ACCOUNT_OTP_CHARS + 1], token[64], token2[64];
	struct nrs_error err = {0};
	struct account acc;
	int64_t id = make_user(f, "api.user", ROLE_FINANCE, otp);
	sqlite3_stmt *s;

	assert_int_equal(account_api_token_create(f->st, id, "", token, &err), NRS_EINVAL);
	assert_string_equal(err.field, "etikett");
	assert_int_equal(account_api_token_create(f->st, 99999, "rapport", token, &err),
			 NRS_ENOTFOUND);
	assert_int_equal(account_api_token_create(f->st, id, "rapportexport", token, &err), 0);
	assert_int_equal(strlen(token), CRYPTO_TOKEN_CHARS);
	assert_int_equal(account_api_token_create(f->st, id, "andra", token2, &err), 0);
	assert_int_equal(account_api_token_check(f->st, token, &acc), 0);
	assert_int_equal(acc.id, id);
	assert_int_equal(acc.roles, ROLE_FINANCE);
	assert_int_equal(query_int(f->st,
				   "SELECT count(*) FROM api_token WHERE user_id = ? AND"
				   " last_used_at IS NOT NULL",
				   id),
			 1);
	/* only the hash is stored */
	assert_int_equal(sqlite3_prepare_v2(f->st->db,
					    "SELECT count(*) FROM api_token WHERE"
					    " instr(token_hash, ?1) > 0 OR instr(label, ?1) > 0",
					    -1, &s, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(s, 1, token, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(s, 0), 0);
	sqlite3_finalize(s);
	/* garbage and near misses */
	assert_int_equal(account_api_token_check(f->st, "", &acc), NRS_EAUTH);
	assert_int_equal(account_api_token_check(f->st, NULL, &acc), NRS_EAUTH);
	token[0] = token[0] == 'A' ? 'B' : 'A';
	assert_int_equal(account_api_token_check(f->st, token, &acc), NRS_EAUTH);
	assert_int_equal(acc.id, 0);
	/* revoked */
	assert_int_equal(sqlite3_exec(f->st->db, "UPDATE api_token SET revoked = 1 WHERE label = 'andra'",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(account_api_token_check(f->st, token2, &acc), NRS_EAUTH);
	/* a deactivated user's tokens stop working */
	assert_int_equal(account_api_token_create(f->st, id, "tredje", token, &err), 0);
	assert_int_equal(account_api_token_check(f->st, token, &acc), 0);
	assert_int_equal(account_deactivate(f->st, id, &err), 0);
	assert_int_equal(account_api_token_check(f->st, token, &acc), NRS_EAUTH);
	assert_int_equal(account_api_token_create(f->st, id, "fjärde", token, &err), NRS_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_ok),
		cmocka_unit_test(test_create_validation),
		cmocka_unit_test(test_password_rules),
		cmocka_unit_test(test_login),
		cmocka_unit_test(test_lockout),
		cmocka_unit_test(test_reset),
		cmocka_unit_test(test_change_password),
		cmocka_unit_test(test_deactivate),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_roles_names),
		cmocka_unit_test(test_api_tokens),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
