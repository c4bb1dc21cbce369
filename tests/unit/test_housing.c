/* Emergency apartments (src/security/housingsvc.c with store/housing.c): default apartments
 * on first use, occupancy over a month with a stay crossing the month boundary, the overlap
 * rule in the writing transaction (a touching stay is a handover, not a collision), length
 * of stay per household and per individual, input checks that store nothing, and the wear
 * charge to the home municipality. */
#include "fixture.h"

#include "base/date.h"
#include "security/clientsvc.h"
#include "security/crypto.h"
#include "security/housingsvc.h"
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
	struct clientsvc_actor actor; /* anna at the centre, "today" 2026-05-10 */
	int64_t org, client, client2;
	int64_t apt1, apt2;
	char path[FIXTURE_PATH_MAX];
};

static int64_t add_client(struct fixture *f, const char *municipality)
{
	struct client_input in = {"Eva", "Exempel", NULL, 1985, "kvinna", municipality,
	                          CLIENT_ROLE_VICTIM, 0, NULL};
	char code[CLIENT_CODE_MAX];
	int64_t id = 0;

	assert_int_equal(clientsvc_register(f->st, &f->keys, &f->actor, &in, &id, code, NULL), 0);
	return id;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->st = fixture_open(f->path);
	f->org = fixture_centre(f->st);
	fixture_keys(&f->keys);
	f->actor = fixture_anna(f->st, f->org, (struct nrs_date){2026, 5, 10});
	f->client = add_client(f, "2309");
	f->client2 = add_client(f, "2326");
	/* a new database: the centre gets its two apartments on first use */
	assert_int_equal(fixture_query_int(f->st, "SELECT count(*) FROM apartment"), 0);
	assert_int_equal(housingsvc_apartments_ensure(f->st, &f->keys, &f->actor, "centre", NULL), 0);
	assert_int_equal(housingsvc_apartments_ensure(f->st, &f->keys, &f->actor, "centre", NULL), 0);
	assert_int_equal(fixture_query_int(f->st, "SELECT count(*) FROM apartment"), 2);
	fixture_apartments(f->st, f->org, &f->apt1, &f->apt2);
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

static int stay(struct fixture *f, int64_t apt, int64_t client, const char *ages, const char *in,
                const char *out, int64_t *id, struct nrs_error *err)
{
	struct stay_new s = {apt, client, ages, NULL, in, out, 0, 0};

	return housingsvc_stay_create(f->st, &f->keys, &f->actor, &s, id, err);
}

static void test_defaults_named(void **state)
{
	struct fixture *f = *state;
	struct apartment_row a;

	assert_int_equal(housingsvc_apartment_get(f->st, f->org, f->apt1, &a), 0);
	assert_string_equal(a.label, "Lägenhet 1");
	assert_int_equal(housingsvc_apartment_get(f->st, f->org, f->apt2, &a), 0);
	assert_string_equal(a.label, "Lägenhet 2");
	/* another organisation's apartment is not found */
	assert_int_equal(housingsvc_apartment_get(f->st, f->org + 99, f->apt1, &a), NRS_ENOTFOUND);
	/* a shelter never gets default apartments */
	assert_int_equal(
	    housingsvc_apartments_ensure(f->st, &f->keys, &f->actor, "shelter", NULL), 0);
	assert_int_equal(fixture_query_int(f->st, "SELECT count(*) FROM apartment"), 2);
}

/* March has 31 nights; a stay 2026-02-25..2026-03-05 occupies 4 March nights (1–4) and one
 * 2026-03-30..2026-04-03 occupies 2 (30, 31). In apartment 2, 2026-03-10..2026-03-20: 10. */
static void test_occupancy_month_boundary(void **state)
{
	struct fixture *f = *state;
	struct housing_calendar cal;
	struct housing_stats s;
	struct nrs_error err = {0};
	int64_t id;

	assert_int_equal(stay(f, f->apt1, f->client, "", "2026-02-25", "2026-03-05", &id, &err), 0);
	assert_int_equal(stay(f, f->apt1, f->client2, "3", "2026-03-30", "2026-04-03", &id, &err),
	                 0);
	assert_int_equal(stay(f, f->apt2, f->client, "", "2026-03-10", "2026-03-20", &id, &err), 0);

	assert_int_equal(housingsvc_calendar(f->st, f->org, 2026, 3, &cal, &err), 0);
	assert_int_equal(cal.days, 31);
	assert_int_equal(cal.n, 2);
	assert_int_equal(cal.rows[0].apartment_id, f->apt1);
	assert_int_equal(cal.rows[0].nights, 6);
	assert_true(cal.rows[0].occupied[0]);   /* 1 March */
	assert_true(cal.rows[0].occupied[3]);   /* 4 March */
	assert_false(cal.rows[0].occupied[4]);  /* 5 March: moved out that day */
	assert_false(cal.rows[0].occupied[28]); /* 29 March */
	assert_true(cal.rows[0].occupied[29]);  /* 30 March */
	assert_true(cal.rows[0].occupied[30]);  /* 31 March */
	assert_int_equal(cal.rows[1].nights, 10);
	assert_true(cal.rows[1].occupied[9]);
	assert_false(cal.rows[1].occupied[19]);
	housingsvc_calendar_free(&cal);

	/* February: the first stay's four nights 25..28 */
	assert_int_equal(housingsvc_calendar(f->st, f->org, 2026, 2, &cal, &err), 0);
	assert_int_equal(cal.days, 28);
	assert_int_equal(cal.rows[0].nights, 4);
	housingsvc_calendar_free(&cal);

	/* occupancy for March: 16 of 2 × 31 = 62 nights = 25,8 % */
	assert_int_equal(housingsvc_stats(f->st, &f->actor, "2026-03-01", "2026-03-31", &s, &err),
	                 0);
	assert_int_equal(s.apartments, 2);
	assert_int_equal(s.nights, 31);
	assert_int_equal(s.occupancy.num, 16);
	assert_int_equal(s.occupancy.den, 62);
	assert_int_equal(occupancy_permille(&s.occupancy), 258);
	/* moved in during March: two households, one child */
	assert_int_equal(s.households, 2);
	assert_int_equal(s.children, 1);
	/* moved out during March: the first (8 nights) and the third (10 nights) */
	assert_int_equal(s.completed, 2);
	assert_int_equal(s.completed_nights, 18);
	housingsvc_stats_free(&s);
}

static void test_overlap_refused_touching_accepted(void **state)
{
	struct fixture *f = *state;
	struct nrs_error err = {0};
	int64_t id = 0, open_id = 0;

	assert_int_equal(stay(f, f->apt1, f->client, "", "2026-03-02", "2026-03-15", &id, &err), 0);
	/* inside, across the start, across the end, and covering it: all refused */
	assert_int_equal(stay(f, f->apt1, f->client2, "", "2026-03-05", "2026-03-06", &id, &err),
	                 NRS_ECONFLICT);
	assert_string_equal(err.field, "move_in");
	assert_string_equal(err.msg, "Lägenhet 1 är upptagen 2026-03-02–2026-03-15.");
	assert_int_equal(id, 0);
	assert_int_equal(stay(f, f->apt1, f->client2, "", "2026-02-20", "2026-03-03", &id, &err),
	                 NRS_ECONFLICT);
	assert_int_equal(stay(f, f->apt1, f->client2, "", "2026-03-14", "2026-03-20", &id, &err),
	                 NRS_ECONFLICT);
	assert_int_equal(stay(f, f->apt1, f->client2, "", "2026-03-01", NULL, &id, &err),
	                 NRS_ECONFLICT);
	assert_int_equal(fixture_query_int(f->st, "SELECT count(*) FROM stay"), 1);
	/* the other apartment is free */
	assert_int_equal(stay(f, f->apt2, f->client2, "", "2026-03-05", "2026-03-06", &id, &err), 0);
	/* touching: move-out day = the next move-in day, on both sides */
	assert_int_equal(stay(f, f->apt1, f->client2, "", "2026-03-15", "2026-03-20", &id, &err), 0);
	assert_int_equal(stay(f, f->apt1, f->client2, "", "2026-02-25", "2026-03-02", &id, &err), 0);
	/* an open stay blocks everything after it, and says so */
	assert_int_equal(stay(f, f->apt1, f->client, "", "2026-04-01", NULL, &open_id, &err), 0);
	assert_int_equal(stay(f, f->apt1, f->client2, "", "2026-04-20", "2026-04-22", &id, &err),
	                 NRS_ECONFLICT);
	assert_non_null(strstr(err.msg, "upptagen från 2026-04-01"));
	/* moving out of the open stay frees the rest; a move-out that would run into a later
	 * stay is refused */
	assert_int_equal(housingsvc_stay_move_out(f->st, &f->keys, &f->actor, open_id,
	                                          "2026-04-10", &err),
	                 0);
	assert_int_equal(stay(f, f->apt1, f->client2, "", "2026-04-20", "2026-04-22", &id, &err), 0);
	assert_int_equal(housingsvc_stay_move_out(f->st, &f->keys, &f->actor, open_id,
	                                          "2026-04-21", &err),
	                 NRS_ECONFLICT);
	assert_string_equal(err.field, "move_out");
	assert_string_equal(err.msg, "Lägenhet 1 är upptagen 2026-04-20–2026-04-22.");
	/* the move-out before the move-in is refused naming the field */
	assert_int_equal(housingsvc_stay_move_out(f->st, &f->keys, &f->actor, open_id,
	                                          "2026-03-31", &err),
	                 NRS_EINVAL);
	assert_string_equal(err.field, "move_out");
	/* every accepted write was audited */
	assert_int_equal(fixture_query_int(f->st,
	                                   "SELECT count(*) FROM audit_log WHERE record_kind = "
	                                   "'stay' AND action = 'create'"),
	                 6);
}

static void test_length_of_stay(void **state)
{
	struct fixture *f = *state;
	struct housing_stats s;
	struct stay_rec r;
	struct nrs_error err = {0};
	struct nrs_date today = {2026, 5, 10};
	char text[16];
	int64_t a, b, open_id;

	/* an adult alone for 10 nights, an adult with two children for 4 nights */
	assert_int_equal(stay(f, f->apt1, f->client, "", "2026-01-01", "2026-01-11", &a, &err), 0);
	assert_int_equal(stay(f, f->apt2, f->client2, "9, 4", "2026-01-05", "2026-01-09", &b, &err),
	                 0);
	assert_int_equal(store_stay_get(f->st, b, &r), 0);
	assert_string_equal(r.children_ages, "4,9");
	assert_int_equal(r.children_count, 2);
	assert_string_equal(r.home_municipality, "2326"); /* the client's, by default */
	assert_int_equal(housingsvc_stay_nights(&r, &today), 4);
	/* per household: (10 + 4) / 2 = 7,0; per individual: (10 + 3 × 4) / 4 = 5,5 */
	assert_int_equal(housingsvc_stats(f->st, &f->actor, "2026-01-01", "2026-01-31", &s, &err),
	                 0);
	assert_int_equal(s.completed, 2);
	assert_int_equal(s.completed_nights, 14);
	assert_int_equal(s.completed_persons, 4);
	assert_int_equal(s.person_nights, 22);
	housing_average_text(s.completed_nights, s.completed, text, sizeof(text));
	assert_string_equal(text, "7,0");
	housing_average_text(s.person_nights, s.completed_persons, text, sizeof(text));
	assert_string_equal(text, "5,5");
	assert_int_equal(s.nmuni, 2);
	housingsvc_stats_free(&s);
	/* an open stay counts up to today */
	assert_int_equal(stay(f, f->apt1, f->client, "", "2026-05-01", NULL, &open_id, &err), 0);
	assert_int_equal(store_stay_get(f->st, open_id, &r), 0);
	assert_int_equal(housingsvc_stay_nights(&r, &today), 9);
	/* a period running past today counts only nights that have passed */
	assert_int_equal(housingsvc_stats(f->st, &f->actor, "2026-05-01", "2026-05-31", &s, &err),
	                 0);
	assert_true(s.clipped);
	assert_int_equal(s.nights, 9);
	assert_int_equal(s.occupancy.num, 9);
	housingsvc_stats_free(&s);
	assert_int_equal(housingsvc_stats(f->st, &f->actor, "2026-06-01", "2026-06-30", &s, &err),
	                 NRS_EINVAL);
	assert_string_equal(err.field, "from");
}

static void test_bad_input_stores_nothing(void **state)
{
	struct fixture *f = *state;
	struct nrs_error err = {0};
	struct stay_new s = {f->apt1, f->client, NULL, NULL, "2026-03-10", "2026-03-01", 0, 0};
	int64_t id = 0;

	assert_int_equal(housingsvc_stay_create(f->st, &f->keys, &f->actor, &s, &id, &err),
	                 NRS_EINVAL);
	assert_string_equal(err.field, "move_out");
	s.move_out = NULL;
	s.children_ages = "4, 18";
	assert_int_equal(housingsvc_stay_create(f->st, &f->keys, &f->actor, &s, &id, &err),
	                 NRS_EINVAL);
	assert_string_equal(err.field, "children_ages");
	s.children_ages = "4 år";
	assert_int_equal(housingsvc_stay_create(f->st, &f->keys, &f->actor, &s, &id, &err),
	                 NRS_EINVAL);
	assert_string_equal(err.field, "children_ages");
	s.children_ages = NULL;
	s.home_municipality = "9999";
	assert_int_equal(housingsvc_stay_create(f->st, &f->keys, &f->actor, &s, &id, &err),
	                 NRS_EINVAL);
	assert_string_equal(err.field, "home_municipality");
	s.home_municipality = NULL;
	s.move_in = "2028-01-01"; /* more than a year ahead of 2026-05-10 */
	assert_int_equal(housingsvc_stay_create(f->st, &f->keys, &f->actor, &s, &id, &err),
	                 NRS_EINVAL);
	assert_string_equal(err.field, "move_in");
	s.move_in = "2026-03-10";
	s.apartment_id = f->apt1 + 100;
	assert_int_equal(housingsvc_stay_create(f->st, &f->keys, &f->actor, &s, &id, &err),
	                 NRS_EINVAL);
	assert_string_equal(err.field, "apartment_id");
	assert_int_equal(id, 0);
	assert_int_equal(fixture_query_int(f->st, "SELECT count(*) FROM stay"), 0);
}

static void test_wear_charge(void **state)
{
	struct fixture *f = *state;
	struct nrs_error err = {0};
	int64_t id, open_id, charge = 0;

	assert_int_equal(stay(f, f->apt1, f->client2, "2", "2026-03-01", "2026-03-20", &id, &err), 0);
	assert_int_equal(housingsvc_stay_charge(f->st, &f->keys, &f->actor, id, "cleaning", 0,
	                                        &charge, &err),
	                 NRS_EINVAL);
	assert_string_equal(err.field, "amount");
	assert_int_equal(housingsvc_stay_charge(f->st, &f->keys, &f->actor, id, "paint", 100000,
	                                        &charge, &err),
	                 NRS_EINVAL);
	assert_string_equal(err.field, "reason");
	assert_int_equal(housingsvc_stay_charge(f->st, &f->keys, &f->actor, id, "wear_cleaning",
	                                        250050, &charge, &err),
	                 0);
	assert_true(charge > 0);
	/* the charge goes to the resident's home municipality (Berg, 2326) and names no one */
	assert_int_equal(
	    fixture_query_int(f->st, "SELECT count(*) FROM charge WHERE kind = 'wear' AND "
	                             "municipality = '2326' AND amount_ore = 250050 AND "
	                             "source_ref = 'stay:1' AND description NOT LIKE '%Eva%'"),
	    1);
	assert_int_equal(fixture_query_int(f->st, "SELECT count(*) FROM stay_charge"), 1);
	/* not before the household has moved out */
	assert_int_equal(stay(f, f->apt2, f->client, "", "2026-04-01", NULL, &open_id, &err), 0);
	assert_int_equal(housingsvc_stay_charge(f->st, &f->keys, &f->actor, open_id, "wear", 1000,
	                                        &charge, &err),
	                 NRS_ECONFLICT);
	assert_int_equal(fixture_query_int(f->st, "SELECT count(*) FROM charge"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_defaults_named, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_occupancy_month_boundary, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_overlap_refused_touching_accepted, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_length_of_stay, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_input_stores_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_wear_charge, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
