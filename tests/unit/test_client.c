/* Clients (src/security/clientsvc.c, src/store/client.c): registration with and without an
 * identity number, duplicates, per-year codes, no plain text in the database file, the
 * decrypt round trip and its binding to the row, blind-index lookup, and the stated reason
 * for protected clients, each with its audit row. */
#include "fixture.h"

#include "security/clientsvc.h"
#include "security/crypto.h"
#include "store/client.h"
#include "store/db.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

struct fixture {
	struct store *st;
	struct crypto_keys keys;
	struct clientsvc_actor actor; /* anna at the centre */
	int64_t org;
	char path[FIXTURE_PATH_MAX];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->st = fixture_open(f->path);
	f->org = fixture_centre(f->st);
	fixture_keys(&f->keys);
	f->actor = fixture_anna(f->st, f->org, (struct nrs_date){2026, 11, 24});
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	fixture_close(f->st, f->path);
	free(f);
	return 0;
}

static struct client_input adult(const char *pnr)
{
	struct client_input in = {0};

	in.first_name = "Zebulonia";
	in.last_name = "Quixotesson-Öberg";
	in.pnr = pnr;
	in.gender = "kvinna";
	in.home_municipality = "2380";
	in.roles = CLIENT_ROLE_VICTIM;
	in.contact = "Ring 070-9876543 efter kl 18, inte hem";
	return in;
}

static void test_register_with_pnr(void **state)
{
	struct fixture *f = *state;
	struct client_input in = adult("19121212-1212");
	struct nrs_error err;
	char code[CLIENT_CODE_MAX];
	int64_t id = 0;

	assert_int_equal(clientsvc_register(f->st, &f->keys, &f->actor, &in, &id, code, &err), 0);
	assert_true(id > 0);
	assert_string_equal(code, "K-2026-0001");
	assert_int_equal(fixture_query_int(f->st, "SELECT birth_year FROM client"), 1912);
	assert_int_equal(fixture_query_int(f->st, "SELECT length(pnr_index) FROM client"), 32);
	assert_int_equal(
	    fixture_query_int(f->st, "SELECT count(*) FROM client_role WHERE role = 'victim'"), 1);
	assert_int_equal(fixture_query_int(f->st,
	                                   "SELECT count(*) FROM audit_log WHERE action = 'create'"
	                                   " AND record_kind = 'client' AND record_id = '1'"
	                                   " AND username = 'anna' AND remote = '192.0.2.1'"),
	                 1);
}

static void test_duplicate_pnr_refused_with_existing_id(void **state)
{
	struct fixture *f = *state;
	struct client_input in = adult("191212121212");
	struct nrs_error err;
	char code[CLIENT_CODE_MAX];
	int64_t first = 0, id = 0;

	assert_int_equal(clientsvc_register(f->st, &f->keys, &f->actor, &in, &first, code, &err),
	                 0);
	/* the same number in another form, with another name */
	in = adult("121212+1212"); /* "+": 100 years or older */
	in.first_name = "Annan";
	assert_int_equal(clientsvc_register(f->st, &f->keys, &f->actor, &in, &id, code, &err),
	                 NRS_EEXIST);
	assert_int_equal(id, first);
	assert_string_equal(err.field, "personnummer");
	assert_string_equal(code, "");
	assert_int_equal(fixture_query_int(f->st, "SELECT count(*) FROM client"), 1);
	/* the refused registration used up no code */
	assert_int_equal(
	    fixture_query_int(f->st, "SELECT last FROM client_code_seq WHERE year = 2026"), 1);
	assert_int_equal(fixture_query_int(f->st,
	                                   "SELECT count(*) FROM audit_log WHERE action = 'search'"
	                                   " AND record_kind = 'client' AND record_id = '1'"),
	                 1);
}

static void test_birth_year_only_and_code_sequence(void **state)
{
	struct fixture *f = *state;
	struct client_input in = adult(NULL);
	struct client_view *v = NULL;
	struct nrs_error err;
	char code[CLIENT_CODE_MAX];
	int64_t a = 0, b = 0, c = 0;

	in.birth_year = 1990;
	in.contact = NULL;
	assert_int_equal(clientsvc_register(f->st, &f->keys, &f->actor, &in, &a, code, &err), 0);
	assert_string_equal(code, "K-2026-0001");
	in.pnr = "";
	in.birth_year = 2019;
	in.roles = CLIENT_ROLE_CHILD | CLIENT_ROLE_RELATIVE;
	assert_int_equal(clientsvc_register(f->st, &f->keys, &f->actor, &in, &b, code, &err), 0);
	assert_string_equal(code, "K-2026-0002");
	/* a new year starts a new series */
	f->actor.today = (struct nrs_date){2027, 1, 2};
	assert_int_equal(clientsvc_register(f->st, &f->keys, &f->actor, &in, &c, code, &err), 0);
	assert_string_equal(code, "K-2027-0001");
	assert_int_equal(fixture_query_int(f->st,
	                                   "SELECT count(*) FROM client WHERE pnr_enc IS NULL AND"
	                                   " pnr_index IS NULL AND birth_date_enc IS NULL"),
	                 3);

	assert_int_equal(clientsvc_get(f->st, &f->keys, &f->actor, b, NULL, &v, &err), 0);
	assert_null(v->pnr);
	assert_null(v->birth_date);
	assert_null(v->contact);
	assert_int_equal(v->birth_year, 2019);
	assert_int_equal(v->roles, CLIENT_ROLE_CHILD | CLIENT_ROLE_RELATIVE);
	clientsvc_view_free(v);
}

static void test_codes_never_reused(void **state)
{
	struct fixture *f = *state;
	struct client_input in = adult(NULL);
	struct nrs_error err;
	char code[CLIENT_CODE_MAX];
	int64_t a = 0, b = 0;

	in.birth_year = 1980;
	assert_int_equal(clientsvc_register(f->st, &f->keys, &f->actor, &in, &a, code, &err), 0);
	/* as a retention purge would */
	fixture_exec(f->st, "DELETE FROM client_role; DELETE FROM client");
	assert_int_equal(clientsvc_register(f->st, &f->keys, &f->actor, &in, &b, code, &err), 0);
	assert_string_equal(code, "K-2026-0002");
	assert_true(b > a);
}

static void test_no_plain_text_in_file(void **state)
{
	struct fixture *f = *state;
	struct client_input in = adult("19121212-1212");
	struct nrs_error err;
	char code[CLIENT_CODE_MAX], wal[128];
	int64_t id = 0;
	const char *secrets[] = {"Zebulonia", "Quixotesson", "191212121212", "1212121212",
	                         "19121212",  "1912-12-12",  "070-9876543"};

	assert_int_equal(clientsvc_register(f->st, &f->keys, &f->actor, &in, &id, code, &err), 0);
	fixture_exec(f->st, "PRAGMA wal_checkpoint(TRUNCATE)");
	/* the check would be worthless if the file could not be read: the code is there */
	assert_true(fixture_file_contains(f->path, "K-2026-0001"));
	snprintf(wal, sizeof(wal), "%s-wal", f->path);
	for (size_t i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++) {
		assert_false(fixture_file_contains(f->path, secrets[i]));
		assert_false(fixture_file_contains(wal, secrets[i]));
	}
}

static void test_decrypt_round_trip_and_row_binding(void **state)
{
	struct fixture *f = *state;
	struct client_input in = adult("19121212-1212");
	struct client_view *v = NULL;
	struct nrs_error err;
	char code[CLIENT_CODE_MAX];
	int64_t a = 0, b = 0;

	in.roles = CLIENT_ROLE_VICTIM | CLIENT_ROLE_RELATIVE;
	assert_int_equal(clientsvc_register(f->st, &f->keys, &f->actor, &in, &a, code, &err), 0);
	assert_int_equal(clientsvc_get(f->st, &f->keys, &f->actor, a, NULL, &v, &err), 0);
	assert_string_equal(v->first_name, "Zebulonia");
	assert_string_equal(v->last_name, "Quixotesson-Öberg");
	assert_string_equal(v->pnr, "191212121212");
	assert_string_equal(v->birth_date, "1912-12-12");
	assert_string_equal(v->contact, "Ring 070-9876543 efter kl 18, inte hem");
	assert_string_equal(v->code, "K-2026-0001");
	assert_string_equal(v->gender, "kvinna");
	assert_string_equal(v->home_municipality, "2380");
	assert_int_equal(v->roles, CLIENT_ROLE_VICTIM | CLIENT_ROLE_RELATIVE);
	assert_int_equal(v->protected_identity, 0);
	clientsvc_view_free(v);
	assert_int_equal(fixture_query_int(f->st,
	                                   "SELECT count(*) FROM audit_log WHERE action = 'read'"
	                                   " AND record_kind = 'client' AND reason IS NULL"),
	                 1);

	/* names are trimmed; a ciphertext moved to another row no longer opens */
	in = adult(NULL);
	in.first_name = "  Bo ";
	in.birth_year = 1970;
	assert_int_equal(clientsvc_register(f->st, &f->keys, &f->actor, &in, &b, code, &err), 0);
	assert_int_equal(clientsvc_get(f->st, &f->keys, &f->actor, b, NULL, &v, &err), 0);
	assert_string_equal(v->first_name, "Bo");
	clientsvc_view_free(v);
	fixture_exec(f->st,
	             "UPDATE client SET name_enc = (SELECT name_enc FROM client WHERE id = 1)"
	             " WHERE id = 2");
	v = (struct client_view *)&err; /* must be reset to NULL on failure */
	assert_int_equal(clientsvc_get(f->st, &f->keys, &f->actor, b, NULL, &v, &err), NRS_ECRYPTO);
	assert_null(v);
	/* and a column moved within its row does not open either */
	fixture_exec(f->st, "UPDATE client SET contact_enc = name_enc WHERE id = 1");
	assert_int_equal(clientsvc_get(f->st, &f->keys, &f->actor, a, NULL, &v, &err), NRS_ECRYPTO);
	assert_null(v);
	assert_int_equal(clientsvc_get(f->st, &f->keys, &f->actor, 99, NULL, &v, &err),
	                 NRS_ENOTFOUND);
}

static void test_blind_index_lookup(void **state)
{
	struct fixture *f = *state;
	struct client_input in = adult("19121212-1212");
	struct nrs_error err;
	char code[CLIENT_CODE_MAX];
	int64_t a = 0, b = 0, id = 0;

	assert_int_equal(clientsvc_register(f->st, &f->keys, &f->actor, &in, &a, code, &err), 0);
	in = adult("19850714-2480");
	assert_int_equal(clientsvc_register(f->st, &f->keys, &f->actor, &in, &b, code, &err), 0);
	assert_int_equal(
	    clientsvc_find_by_pnr(f->st, &f->keys, &f->actor, "850714-2480", &id, &err), 0);
	assert_int_equal(id, b);
	assert_int_equal(
	    clientsvc_find_by_pnr(f->st, &f->keys, &f->actor, "191212121212", &id, &err), 0);
	assert_int_equal(id, a);
	assert_int_equal(
	    clientsvc_find_by_pnr(f->st, &f->keys, &f->actor, "19900101-2393", &id, &err),
	    NRS_ENOTFOUND);
	assert_int_equal(id, 0);
	assert_int_equal(
	    clientsvc_find_by_pnr(f->st, &f->keys, &f->actor, "19900101-2394", &id, &err),
	    NRS_EINVAL);
	/* three searches logged (the malformed number never reached the register) */
	assert_int_equal(
	    fixture_query_int(f->st, "SELECT count(*) FROM audit_log WHERE action = 'search'"), 3);
	assert_int_equal(fixture_query_int(f->st,
	                                   "SELECT count(*) FROM audit_log WHERE action = 'search'"
	                                   " AND record_id IS NULL"),
	                 1);
	/* another index key finds nothing: the index is keyed, not a plain hash */
	memset(f->keys.index, 0x55, sizeof(f->keys.index));
	assert_int_equal(
	    clientsvc_find_by_pnr(f->st, &f->keys, &f->actor, "850714-2480", &id, &err),
	    NRS_ENOTFOUND);
}

static void test_protected_needs_reason(void **state)
{
	struct fixture *f = *state;
	struct client_input in = adult("19850714-2480");
	struct client_view *v = NULL;
	struct nrs_error err;
	char code[CLIENT_CODE_MAX];
	int64_t id = 0;

	in.protected_identity = 1;
	assert_int_equal(clientsvc_register(f->st, &f->keys, &f->actor, &in, &id, code, &err), 0);
	assert_int_equal(clientsvc_get(f->st, &f->keys, &f->actor, id, NULL, &v, &err),
	                 NRS_EDENIED);
	assert_null(v);
	assert_string_equal(err.field, "skal");
	assert_int_equal(clientsvc_get(f->st, &f->keys, &f->actor, id, "  \n ", &v, &err),
	                 NRS_EDENIED);
	assert_null(v);
	assert_int_equal(
	    fixture_query_int(f->st, "SELECT count(*) FROM audit_log WHERE action = 'read'"), 0);
	assert_int_equal(clientsvc_get(f->st, &f->keys, &f->actor, id,
	                               "Inför stödsamtal 24/11, uppdatera kontaktväg", &v, &err),
	                 0);
	assert_string_equal(v->first_name, "Zebulonia");
	assert_int_equal(v->protected_identity, 1);
	clientsvc_view_free(v);
	assert_int_equal(
	    fixture_query_int(f->st, "SELECT count(*) FROM audit_log WHERE action = 'read'"
	                             " AND record_kind = 'client' AND record_id = '1'"
	                             " AND reason = 'Inför stödsamtal 24/11, uppdatera kontaktväg'"
	                             " AND username = 'anna'"),
	    1);
	/* the flag can be cleared; then no reason is needed */
	assert_int_equal(clientsvc_set_protected(f->st, &f->keys, &f->actor, id, 0, &err), 0);
	assert_int_equal(clientsvc_get(f->st, &f->keys, &f->actor, id, NULL, &v, &err), 0);
	clientsvc_view_free(v);
}

static void test_validation_writes_nothing(void **state)
{
	struct fixture *f = *state;
	struct client_input in;
	struct nrs_error err;
	char code[CLIENT_CODE_MAX], long_name[120];
	int64_t id = 0;

	in = adult("19121212-1213"); /* wrong check digit */
	assert_int_equal(clientsvc_register(f->st, &f->keys, &f->actor, &in, &id, code, &err),
	                 NRS_EINVAL);
	assert_string_equal(err.field, "personnummer");
	in = adult("19121212-1212");
	in.birth_year = 1913;
	assert_int_equal(clientsvc_register(f->st, &f->keys, &f->actor, &in, &id, code, &err),
	                 NRS_EINVAL);
	in = adult(NULL); /* neither number nor year */
	assert_int_equal(clientsvc_register(f->st, &f->keys, &f->actor, &in, &id, code, &err),
	                 NRS_EINVAL);
	assert_string_equal(err.field, "fodelsear");
	in = adult(NULL);
	in.birth_year = 1990;
	in.first_name = "  ";
	assert_int_equal(clientsvc_register(f->st, &f->keys, &f->actor, &in, &id, code, &err),
	                 NRS_EINVAL);
	assert_string_equal(err.field, "fornamn");
	in.first_name = "Tab\there";
	assert_int_equal(clientsvc_register(f->st, &f->keys, &f->actor, &in, &id, code, &err),
	                 NRS_EINVAL);
	memset(long_name, 'a', 101);
	long_name[101] = '\0';
	in.first_name = long_name;
	assert_int_equal(clientsvc_register(f->st, &f->keys, &f->actor, &in, &id, code, &err),
	                 NRS_EINVAL);
	in.first_name = "Åsa";
	in.last_name = NULL;
	assert_int_equal(clientsvc_register(f->st, &f->keys, &f->actor, &in, &id, code, &err),
	                 NRS_EINVAL);
	assert_string_equal(err.field, "efternamn");
	in = adult(NULL);
	in.birth_year = 1990;
	in.gender = "okänt";
	assert_int_equal(clientsvc_register(f->st, &f->keys, &f->actor, &in, &id, code, &err),
	                 NRS_EINVAL);
	assert_string_equal(err.field, "kon");
	in.gender = "man";
	in.roles = 0;
	assert_int_equal(clientsvc_register(f->st, &f->keys, &f->actor, &in, &id, code, &err),
	                 NRS_EINVAL);
	assert_string_equal(err.field, "roll");
	in.roles = CLIENT_ROLE_PERPETRATOR;
	in.home_municipality = "9999";
	assert_int_equal(clientsvc_register(f->st, &f->keys, &f->actor, &in, &id, code, &err),
	                 NRS_EINVAL);
	assert_string_equal(err.field, "hemkommun");
	assert_int_equal(fixture_query_int(f->st, "SELECT count(*) FROM client"), 0);
	assert_int_equal(fixture_query_int(f->st, "SELECT count(*) FROM client_code_seq"), 0);
	assert_int_equal(fixture_query_int(f->st, "SELECT count(*) FROM audit_log"), 0);
	assert_int_equal(id, 0);
}

static void test_long_utf8_name_counts_characters(void **state)
{
	struct fixture *f = *state;
	struct client_input in = adult(NULL);
	struct client_view *v = NULL;
	struct nrs_error err;
	char code[CLIENT_CODE_MAX], name[256];
	int64_t id = 0;

	for (int i = 0; i < 100; i++)
		memcpy(name + 2 * i, "ö", 2);
	name[200] = '\0';
	in.first_name = name;
	in.birth_year = 1990;
	assert_int_equal(clientsvc_register(f->st, &f->keys, &f->actor, &in, &id, code, &err), 0);
	assert_int_equal(clientsvc_get(f->st, &f->keys, &f->actor, id, NULL, &v, &err), 0);
	assert_string_equal(v->first_name, name);
	clientsvc_view_free(v);
}

static void test_relations_and_contact(void **state)
{
	struct fixture *f = *state;
	struct client_input in = adult(NULL);
	struct client_view *v = NULL;
	struct nrs_error err;
	char code[CLIENT_CODE_MAX];
	int64_t mother = 0, child = 0;

	in.birth_year = 1988;
	assert_int_equal(clientsvc_register(f->st, &f->keys, &f->actor, &in, &mother, code, &err),
	                 0);
	in.birth_year = 2018;
	in.roles = CLIENT_ROLE_CHILD;
	assert_int_equal(clientsvc_register(f->st, &f->keys, &f->actor, &in, &child, code, &err),
	                 0);
	assert_int_equal(
	    clientsvc_relation_add(f->st, &f->keys, &f->actor, child, mother, "child_of", &err), 0);
	assert_int_equal(
	    clientsvc_relation_add(f->st, &f->keys, &f->actor, child, child, "child_of", &err),
	    NRS_EINVAL);
	assert_int_equal(
	    clientsvc_relation_add(f->st, &f->keys, &f->actor, child, mother, "cousin", &err),
	    NRS_EINVAL);
	assert_int_equal(
	    clientsvc_relation_add(f->st, &f->keys, &f->actor, child, 77, "child_of", &err),
	    NRS_ENOTFOUND);
	assert_int_equal(fixture_query_int(f->st, "SELECT count(*) FROM client_relation"), 1);
	assert_int_equal(
	    clientsvc_set_contact(f->st, &f->keys, &f->actor, mother, "Via skolkurator", &err), 0);
	assert_int_equal(clientsvc_get(f->st, &f->keys, &f->actor, mother, NULL, &v, &err), 0);
	assert_string_equal(v->contact, "Via skolkurator");
	clientsvc_view_free(v);
	assert_int_equal(clientsvc_set_contact(f->st, &f->keys, &f->actor, mother, "", &err), 0);
	assert_int_equal(clientsvc_get(f->st, &f->keys, &f->actor, mother, NULL, &v, &err), 0);
	assert_null(v->contact);
	clientsvc_view_free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_register_with_pnr, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_duplicate_pnr_refused_with_existing_id, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_birth_year_only_and_code_sequence, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_codes_never_reused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_no_plain_text_in_file, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_decrypt_round_trip_and_row_binding, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_blind_index_lookup, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_protected_needs_reason, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_validation_writes_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_long_utf8_name_counts_characters, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_relations_and_contact, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
