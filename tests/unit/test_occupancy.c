/* Unit tests for emergency-apartment stays and occupancy (src/domain/occupancy.c): nights
 * split across months, open stays, same-day stays, collisions versus handovers, leap years,
 * and the exact occupancy ratio with its one-decimal percentage. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "domain/occupancy.h"

static struct nrs_date d(int y, int m, int dd)
{
	struct nrs_date r = {y, m, dd};
	return r;
}

static struct stay closed(int64_t apt, struct nrs_date in, struct nrs_date out)
{
	struct stay s = {apt, in, out, true};
	return s;
}

static struct stay open_stay(int64_t apt, struct nrs_date in)
{
	struct stay s = {apt, in, {0, 0, 0}, false};
	return s;
}

/* 2026-01-28 to 2026-02-03: nights 28, 29, 30, 31 January and 1, 2 February. */
static void test_month_boundary(void **state)
{
	struct stay s = closed(1, d(2026, 1, 28), d(2026, 2, 3));
	struct nrs_date jan1 = d(2026, 1, 1), jan31 = d(2026, 1, 31);
	struct nrs_date feb1 = d(2026, 2, 1), feb28 = d(2026, 2, 28);
	int64_t len = 0;

	(void)state;
	assert_int_equal(stay_nights_in_period(&s, &jan1, &jan31), 4);
	assert_int_equal(stay_nights_in_period(&s, &feb1, &feb28), 2);
	assert_int_equal(stay_length_nights(&s, NULL, &len, NULL), 0);
	assert_int_equal(len, 6);
	/* A period of a single night. */
	assert_int_equal(stay_nights_in_period(&s, &jan31, &jan31), 1);
	assert_int_equal(stay_nights_in_period(&s, &feb1, &feb1), 1);
	/* The move-out night is not occupied; the move-in night is. */
	{
		struct nrs_date out = d(2026, 2, 3), in = d(2026, 1, 28), before = d(2026, 1, 27);
		assert_int_equal(stay_nights_in_period(&s, &out, &out), 0);
		assert_int_equal(stay_nights_in_period(&s, &in, &in), 1);
		assert_int_equal(stay_nights_in_period(&s, &before, &before), 0);
	}
	/* Periods wholly before or after. */
	{
		struct nrs_date a = d(2025, 12, 1), b = d(2025, 12, 31), c = d(2026, 3, 1),
		                e = d(2026, 3, 31);
		assert_int_equal(stay_nights_in_period(&s, &a, &b), 0);
		assert_int_equal(stay_nights_in_period(&s, &c, &e), 0);
	}
}

static void test_open_stay(void **state)
{
	struct stay s = open_stay(1, d(2026, 3, 20));
	struct nrs_date mar1 = d(2026, 3, 1), mar31 = d(2026, 3, 31);
	struct nrs_date apr1 = d(2026, 4, 1), apr30 = d(2026, 4, 30);
	struct nrs_date feb1 = d(2026, 2, 1), feb28 = d(2026, 2, 28);
	struct nrs_date asof = d(2026, 4, 2);
	int64_t len = -1;
	struct nrs_error err;

	(void)state;
	/* Counts to the period end: nights 20..31 March. */
	assert_int_equal(stay_nights_in_period(&s, &mar1, &mar31), 12);
	assert_int_equal(stay_nights_in_period(&s, &apr1, &apr30), 30);
	assert_int_equal(stay_nights_in_period(&s, &feb1, &feb28), 0);
	/* Length so far: nights 20 March .. 1 April. */
	assert_int_equal(stay_length_nights(&s, &asof, &len, NULL), 0);
	assert_int_equal(len, 13);
	/* As of the move-in date or before: nothing yet. */
	asof = d(2026, 3, 20);
	assert_int_equal(stay_length_nights(&s, &asof, &len, NULL), 0);
	assert_int_equal(len, 0);
	asof = d(2026, 3, 1);
	assert_int_equal(stay_length_nights(&s, &asof, &len, NULL), 0);
	assert_int_equal(len, 0);
	nrs_error_clear(&err);
	assert_int_equal(stay_length_nights(&s, NULL, &len, &err), NRS_EINVAL);
	assert_non_null(strstr(err.msg, "pågår"));
}

static void test_same_day_stay(void **state)
{
	struct stay day = closed(1, d(2026, 5, 10), d(2026, 5, 10));
	struct stay around = closed(1, d(2026, 5, 8), d(2026, 5, 12));
	struct stay ends = closed(1, d(2026, 5, 1), d(2026, 5, 10));
	struct stay starts = closed(1, d(2026, 5, 10), d(2026, 5, 20));
	struct stay same = closed(1, d(2026, 5, 10), d(2026, 5, 10));
	struct stay other_day = closed(1, d(2026, 5, 11), d(2026, 5, 11));
	struct stay open_before = open_stay(1, d(2026, 5, 1));
	struct stay open_same = open_stay(1, d(2026, 5, 10));
	struct nrs_date may1 = d(2026, 5, 1), may31 = d(2026, 5, 31);
	int64_t len = -1;

	(void)state;
	assert_int_equal(stay_validate(&day, NULL), 0);
	assert_int_equal(stay_length_nights(&day, NULL, &len, NULL), 0);
	assert_int_equal(len, 0);
	assert_int_equal(stay_nights_in_period(&day, &may1, &may31), 0);
	/* It holds the apartment for the day. */
	assert_true(stays_overlap(&day, &around));
	assert_true(stays_overlap(&around, &day));
	assert_true(stays_overlap(&day, &same));
	assert_true(stays_overlap(&day, &open_before));
	assert_true(stays_overlap(&open_before, &day));
	/* Handover days are allowed on both sides, as for ordinary stays. */
	assert_false(stays_overlap(&day, &ends));
	assert_false(stays_overlap(&day, &starts));
	assert_false(stays_overlap(&starts, &day));
	assert_false(stays_overlap(&day, &open_same));
	assert_false(stays_overlap(&day, &other_day));
}

static void test_overlap_and_touch(void **state)
{
	struct stay a = closed(1, d(2026, 1, 1), d(2026, 1, 10));
	struct stay touch = closed(1, d(2026, 1, 10), d(2026, 1, 15));
	struct stay one_night = closed(1, d(2026, 1, 9), d(2026, 1, 15));
	struct stay inside = closed(1, d(2026, 1, 3), d(2026, 1, 4));
	struct stay before = closed(1, d(2025, 12, 20), d(2026, 1, 1));
	struct stay other_apt = closed(2, d(2026, 1, 1), d(2026, 1, 10));
	struct stay open_late = open_stay(1, d(2026, 1, 10));
	struct stay open_early = open_stay(1, d(2026, 1, 9));
	struct stay open_a = open_stay(1, d(2025, 1, 1));

	(void)state;
	/* out == next in is a handover, not an overlap. */
	assert_false(stays_overlap(&a, &touch));
	assert_false(stays_overlap(&touch, &a));
	assert_false(stays_overlap(&a, &before));
	assert_false(stays_overlap(&a, &open_late));
	/* One shared night is. */
	assert_true(stays_overlap(&a, &one_night));
	assert_true(stays_overlap(&one_night, &a));
	assert_true(stays_overlap(&a, &inside));
	assert_true(stays_overlap(&inside, &a));
	assert_true(stays_overlap(&a, &a));
	assert_true(stays_overlap(&a, &open_early));
	/* Two open stays in one apartment always collide. */
	assert_true(stays_overlap(&open_a, &open_late));
	assert_true(stays_overlap(&open_late, &open_a));
	/* Other apartment: never. */
	assert_false(stays_overlap(&a, &other_apt));
}

static void test_leap_february(void **state)
{
	struct stay s = closed(1, d(2028, 2, 27), d(2028, 3, 2));
	struct stay c = closed(1, d(2027, 2, 27), d(2027, 3, 2));
	struct nrs_date f1 = d(2028, 2, 1), f29 = d(2028, 2, 29), m1 = d(2028, 3, 1),
	                m31 = d(2028, 3, 31);
	struct nrs_date g1 = d(2027, 2, 1), g28 = d(2027, 2, 28);
	struct occ_ratio r;
	int64_t len = 0;

	(void)state;
	/* Nights 27, 28, 29 February and 1 March 2028. */
	assert_int_equal(stay_length_nights(&s, NULL, &len, NULL), 0);
	assert_int_equal(len, 4);
	assert_int_equal(stay_nights_in_period(&s, &f1, &f29), 3);
	assert_int_equal(stay_nights_in_period(&s, &m1, &m31), 1);
	/* 2027 is a common year: 27, 28 February and 1 March. */
	assert_int_equal(stay_length_nights(&c, NULL, &len, NULL), 0);
	assert_int_equal(len, 3);
	assert_int_equal(stay_nights_in_period(&c, &g1, &g28), 2);
	/* February 2028 has 29 nights per apartment. */
	assert_int_equal(occupancy_period(&s, 1, 2, &f1, &f29, &r, NULL), 0);
	assert_int_equal(r.num, 3);
	assert_int_equal(r.den, 58);
	assert_int_equal(occupancy_period(&c, 1, 2, &g1, &g28, &r, NULL), 0);
	assert_int_equal(r.den, 56);
}

static void test_occupancy_period(void **state)
{
	/* Two apartments, January 2026 (31 nights each, 62 in all). */
	struct stay stays[] = {
	    closed(1, d(2025, 12, 20), d(2026, 1, 10)), /* 9 nights in January */
	    closed(1, d(2026, 1, 10), d(2026, 1, 25)),  /* 15 */
	    open_stay(1, d(2026, 1, 28)),               /* 4: 28..31 */
	    closed(2, d(2026, 1, 5), d(2026, 2, 20)),   /* 27: 5..31 */
	    closed(2, d(2026, 3, 1), d(2026, 3, 5)),    /* 0 */
	};
	struct nrs_date from = d(2026, 1, 1), to = d(2026, 1, 31);
	struct occ_ratio r;
	char buf[32];

	(void)state;
	assert_int_equal(occupancy_period(stays, 5, 2, &from, &to, &r, NULL), 0);
	assert_int_equal(r.num, 55);
	assert_int_equal(r.den, 62);
	/* 55 / 62 = 88.709… % -> 88.7. */
	assert_int_equal(occupancy_permille(&r), 887);
	occupancy_format_percent(&r, 0, buf, sizeof(buf));
	assert_string_equal(buf, "88,7 %");
	occupancy_format_percent(&r, 1, buf, sizeof(buf));
	assert_string_equal(buf, "88,7\xc2\xa0%");

	/* No stays: 0 of 62. */
	assert_int_equal(occupancy_period(NULL, 0, 2, &from, &to, &r, NULL), 0);
	assert_int_equal(r.num, 0);
	assert_int_equal(r.den, 62);
	occupancy_format_percent(&r, 0, buf, sizeof(buf));
	assert_string_equal(buf, "0,0 %");
}

static void test_percent_rounding(void **state)
{
	struct occ_ratio r;
	char buf[32];

	(void)state;
	/* 1/8 = 12.5 % exactly; 1/16 = 6.25 % -> 6.3 (half away from zero). */
	r.num = 1;
	r.den = 8;
	assert_int_equal(occupancy_permille(&r), 125);
	r.den = 16;
	assert_int_equal(occupancy_permille(&r), 63);
	occupancy_format_percent(&r, 0, buf, sizeof(buf));
	assert_string_equal(buf, "6,3 %");
	/* 1/2000 = 0.05 % -> 0.1; 1/2001 -> 0.0. */
	r.den = 2000;
	assert_int_equal(occupancy_permille(&r), 1);
	r.den = 2001;
	assert_int_equal(occupancy_permille(&r), 0);
	/* Full. */
	r.num = 62;
	r.den = 62;
	occupancy_format_percent(&r, 0, buf, sizeof(buf));
	assert_string_equal(buf, "100,0 %");
	/* 2/3 = 66.666… -> 66.7. */
	r.num = 2;
	r.den = 3;
	occupancy_format_percent(&r, 0, buf, sizeof(buf));
	assert_string_equal(buf, "66,7 %");
	/* Negative (not from real data) rounds away from zero too. */
	r.num = -1;
	r.den = 16;
	assert_int_equal(occupancy_permille(&r), -63);
	occupancy_format_percent(&r, 0, buf, sizeof(buf));
	assert_string_equal(buf, "-6,3 %");
	/* Nonsense saturates instead of wrapping. */
	r.num = INT64_MAX;
	r.den = 1;
	assert_true(occupancy_permille(&r) == INT64_MAX);
	/* No denominator. */
	r.num = 1;
	r.den = 0;
	assert_int_equal(occupancy_permille(&r), 0);
	occupancy_format_percent(&r, 0, buf, sizeof(buf));
	assert_string_equal(buf, "–");
	occupancy_format_percent(NULL, 0, buf, sizeof(buf));
	assert_string_equal(buf, "–");
}

static void test_validation(void **state)
{
	struct stay backwards = closed(1, d(2026, 1, 10), d(2026, 1, 9));
	struct stay bad_in = closed(1, d(2026, 2, 30), d(2026, 3, 2));
	struct stay bad_out = closed(1, d(2026, 2, 1), d(2026, 13, 1));
	struct stay ok = closed(1, d(2026, 1, 1), d(2026, 1, 2));
	struct stay open_ok = open_stay(1, d(2026, 1, 1));
	struct nrs_date from = d(2026, 1, 1), to = d(2026, 1, 31), bad = d(2026, 4, 31);
	struct occ_ratio r;
	struct nrs_error err;
	int64_t len;

	(void)state;
	nrs_error_clear(&err);
	assert_int_equal(stay_validate(&ok, &err), 0);
	assert_int_equal(stay_validate(&open_ok, &err), 0);
	assert_int_equal(stay_validate(&backwards, &err), NRS_EINVAL);
	assert_string_equal(err.field, "utflyttning");
	assert_non_null(strstr(err.msg, "före inflyttningsdatum"));
	assert_int_equal(stay_validate(&bad_in, &err), NRS_EINVAL);
	assert_string_equal(err.field, "inflyttning");
	assert_int_equal(stay_validate(&bad_out, &err), NRS_EINVAL);
	assert_string_equal(err.field, "utflyttning");
	assert_int_equal(stay_validate(NULL, &err), NRS_EINVAL);
	assert_int_equal(stay_length_nights(&backwards, NULL, &len, &err), NRS_EINVAL);
	assert_int_equal(stay_length_nights(&ok, NULL, NULL, &err), NRS_EINVAL);

	assert_int_equal(occupancy_period(&ok, 1, 0, &from, &to, &r, &err), NRS_EINVAL);
	assert_non_null(strstr(err.msg, "minst 1"));
	assert_int_equal(occupancy_period(&ok, 1, 2, &to, &from, &r, &err), NRS_EINVAL);
	assert_non_null(strstr(err.msg, "före dess början"));
	assert_int_equal(occupancy_period(&ok, 1, 2, &from, &bad, &r, &err), NRS_EINVAL);
	assert_int_equal(occupancy_period(&backwards, 1, 2, &from, &to, &r, &err), NRS_EINVAL);
	assert_int_equal(occupancy_period(NULL, 1, 2, &from, &to, &r, &err), NRS_EINVAL);
	assert_int_equal(occupancy_period(&ok, 1, 2, &from, &to, NULL, &err), NRS_EINVAL);
	/* A one-day period. */
	assert_int_equal(occupancy_period(&ok, 1, 2, &from, &from, &r, &err), 0);
	assert_int_equal(r.num, 1);
	assert_int_equal(r.den, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_month_boundary),   cmocka_unit_test(test_open_stay),
	    cmocka_unit_test(test_same_day_stay),    cmocka_unit_test(test_overlap_and_touch),
	    cmocka_unit_test(test_leap_february),    cmocka_unit_test(test_occupancy_period),
	    cmocka_unit_test(test_percent_rounding), cmocka_unit_test(test_validation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
