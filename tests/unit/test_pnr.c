/* Unit tests for personnummer and samordningsnummer parsing (src/domain/pnr.c): every
 * accepted form, each rejection reason, and century resolution around the reference date.
 * Check digits below were computed with an independent Luhn implementation. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "domain/pnr.h"

/* A fixed reference date: every century decision below is relative to it. */
static const struct nrs_date today = {2026, 11, 24};

static void expect_ok(const char *s, const char *normal, int y, int m, int d, bool coord,
                      enum pnr_sex sex)
{
	struct pnr p, again;
	struct nrs_error err;

	nrs_error_clear(&err);
	if (pnr_parse(s, &today, &p, &err) != 0)
		fail_msg("'%s' rejected: %s", s, err.msg);
	assert_string_equal(p.normal, normal);
	assert_int_equal(p.birth.year, y);
	assert_int_equal(p.birth.month, m);
	assert_int_equal(p.birth.day, d);
	assert_int_equal(p.coordination, coord);
	assert_int_equal(p.sex, sex);
	/* The normal form must parse back to the same thing. */
	assert_int_equal(pnr_parse(p.normal, &today, &again, NULL), 0);
	assert_string_equal(again.normal, p.normal);
	assert_int_equal(date_cmp(&again.birth, &p.birth), 0);
	assert_int_equal(again.coordination, p.coordination);
	assert_int_equal(again.sex, p.sex);
}

/* Reject s and check that the reason contains `reason`, the field is set and out untouched. */
static void expect_fail(const char *s, const char *reason)
{
	struct pnr p;
	struct nrs_error err;

	memset(&p, 0x5a, sizeof(p));
	nrs_error_clear(&err);
	assert_int_equal(pnr_parse(s, &today, &p, &err), NRS_EINVAL);
	assert_int_equal(err.code, NRS_EINVAL);
	assert_string_equal(err.field, "personnummer");
	if (strstr(err.msg, reason) == NULL)
		fail_msg("'%s': expected reason containing '%s', got '%s'", s ? s : "(null)",
		         reason, err.msg);
	assert_int_equal((unsigned char)p.normal[0], 0x5a);
}

static void test_valid_forms(void **state)
{
	(void)state;
	expect_ok("811218-9876", "198112189876", 1981, 12, 18, false, PNR_MALE);
	expect_ok("8112189876", "198112189876", 1981, 12, 18, false, PNR_MALE);
	expect_ok("19811218-9876", "198112189876", 1981, 12, 18, false, PNR_MALE);
	expect_ok("198112189876", "198112189876", 1981, 12, 18, false, PNR_MALE);
	expect_ok("19121212-1212", "191212121212", 1912, 12, 12, false, PNR_MALE);
	expect_ok("191212121212", "191212121212", 1912, 12, 12, false, PNR_MALE);
	/* Without '+' the 10-digit form means the latest possible century. */
	expect_ok("121212-1212", "201212121212", 2012, 12, 12, false, PNR_MALE);
}

static void test_check_digit(void **state)
{
	(void)state;
	expect_fail("811218-9875", "fel kontrollsiffra");
	expect_fail("8112189877", "fel kontrollsiffra");
	expect_fail("19811218-9870", "fel kontrollsiffra");
	/* A swapped pair of digits is caught too. */
	expect_fail("811218-9786", "fel kontrollsiffra");
}

static void test_luhn(void **state)
{
	(void)state;
	assert_true(luhn_valid("8112189876"));
	assert_true(luhn_valid("1212121212"));
	assert_true(luhn_valid("0"));
	assert_true(luhn_valid("18"));
	assert_false(luhn_valid("8112189875"));
	assert_false(luhn_valid(""));
	assert_false(luhn_valid(NULL));
	assert_false(luhn_valid("81121x9876"));
}

static void test_impossible_dates(void **state)
{
	(void)state;
	expect_fail("810230-9876", "datumet finns inte (30 februari)");
	expect_fail("810431-9870", "datumet finns inte (31 april)");
	expect_fail("811318-9876", "månad 13");
	expect_fail("810018-9876", "månad 00");
	expect_fail("811200-9876", "dag 00");
	expect_fail("811232-9876", "dag 32");
	expect_fail("00001218-9876", "år 0");
}

static void test_leap_day(void **state)
{
	(void)state;
	/* 2000 is a leap year (divisible by 400), 1900 is not (divisible by 100). */
	expect_ok("000229-1235", "200002291235", 2000, 2, 29, false, PNR_MALE);
	expect_ok("20000229-1235", "200002291235", 2000, 2, 29, false, PNR_MALE);
	expect_fail("19000229-1235", "skottår");
	expect_ok("040229-1231", "200402291231", 2004, 2, 29, false, PNR_MALE);
	expect_ok("960229-1230", "199602291230", 1996, 2, 29, false, PNR_MALE);
	expect_fail("970229-1239", "skottår");
	/* 000229+ would be 1900-02-29, which does not exist. */
	expect_fail("000229+1235", "skottår");
}

static void test_coordination(void **state)
{
	(void)state;
	expect_ok("811278-9873", "198112789873", 1981, 12, 18, true, PNR_MALE);
	expect_ok("19811278-9873", "198112789873", 1981, 12, 18, true, PNR_MALE);
	/* Day 60 would be day 0, day 92 would be day 32. */
	expect_fail("811260-9873", "dag 60");
	expect_fail("811292-9875", "dag 92");
	/* 30 February + 60. */
	expect_fail("810290-9876", "30 februari");
}

static void test_plus_separator(void **state)
{
	(void)state;
	expect_ok("811218+9876", "188112189876", 1881, 12, 18, false, PNR_MALE);
	expect_ok("121212+1212", "191212121212", 1912, 12, 12, false, PNR_MALE);
	/* 12-digit with '+' is accepted only when it agrees with the year. */
	expect_ok("19121212+1212", "191212121212", 1912, 12, 12, false, PNR_MALE);
	expect_ok("18811218+9876", "188112189876", 1881, 12, 18, false, PNR_MALE);
	expect_fail("19811218+9876", "100 år");
	expect_fail("20121212+1212", "100 år");
	/* More than 200 years: the 10-digit '+' form would be 1912, not 1812. */
	expect_fail("18121212+1212", "100 år");
}

static void test_century_around_today(void **state)
{
	(void)state;
	/* today is 2026-11-24 */
	expect_ok("061124-1233", "200611241233", 2006, 11, 24, false, PNR_MALE);
	expect_ok("061125-1232", "200611251232", 2006, 11, 25, false, PNR_MALE);
	/* Born today: still this century; born tomorrow: a hundred years ago. */
	expect_ok("261124-1239", "202611241239", 2026, 11, 24, false, PNR_MALE);
	expect_ok("261125-1238", "192611251238", 1926, 11, 25, false, PNR_MALE);
	expect_ok("991231-1231", "199912311231", 1999, 12, 31, false, PNR_MALE);
	expect_ok("000101-1238", "200001011238", 2000, 1, 1, false, PNR_MALE);
	/* '+': a hundred more years back; 100 today is '+', 100 tomorrow is not yet. */
	expect_ok("261124+1239", "192611241239", 1926, 11, 24, false, PNR_MALE);
	expect_ok("261125+1238", "182611251238", 1826, 11, 25, false, PNR_MALE);
	expect_ok("061125+1232", "190611251232", 1906, 11, 25, false, PNR_MALE);
	expect_ok("19261124+1239", "192611241239", 1926, 11, 24, false, PNR_MALE);
	expect_fail("19261125+1238", "100 år");
	/* The 12-digit form carries its own century and must not be in the future. */
	expect_ok("20261124-1239", "202611241239", 2026, 11, 24, false, PNR_MALE);
	expect_fail("20261125-1238", "födelsedatum i framtiden");
	expect_fail("202611251238", "födelsedatum i framtiden");
}

static void test_century_other_today(void **state)
{
	struct nrs_date t = {2000, 1, 1};
	struct pnr p;

	(void)state;
	/* On 2000-01-01, "991231" was born the day before. */
	assert_int_equal(pnr_parse("991231-1231", &t, &p, NULL), 0);
	assert_int_equal(p.birth.year, 1999);
	assert_int_equal(pnr_parse("000101-1238", &t, &p, NULL), 0);
	assert_int_equal(p.birth.year, 2000);
	/* On 1999-12-31, "000229" falls back to 1900, which has no 29 February. */
	t.year = 1999;
	t.month = 12;
	t.day = 31;
	assert_int_equal(pnr_parse("000229-1235", &t, &p, NULL), NRS_EINVAL);
}

static void test_sex(void **state)
{
	(void)state;
	expect_ok("811218-9876", "198112189876", 1981, 12, 18, false, PNR_MALE);
	expect_ok("811218-9868", "198112189868", 1981, 12, 18, false, PNR_FEMALE);
}

static void test_serial_000(void **state)
{
	(void)state;
	expect_fail("811218-0008", "000");
	expect_fail("061124-0003", "000");
}

static void test_garbage(void **state)
{
	struct pnr p;

	(void)state;
	expect_fail(NULL, "saknas");
	expect_fail("", "saknas");
	expect_fail("abc", "otillåtna tecken");
	expect_fail("811218 9876", "otillåtna tecken");
	expect_fail(" 811218-9876", "otillåtna tecken");
	expect_fail("811218-9876 ", "otillåtna tecken");
	/* An en dash (U+2013) instead of a hyphen. */
	expect_fail("811218\u20139876", "otillåtna tecken");
	expect_fail("811218--9876", "fler än ett");
	expect_fail("811218-+9876", "fler än ett");
	expect_fail("8112-189876", "före de fyra sista");
	expect_fail("81121898-76", "före de fyra sista");
	expect_fail("1981121-89876", "före de fyra sista");
	expect_fail("-8112189876", "före de fyra sista");
	expect_fail("8112189876-", "före de fyra sista");
	expect_fail("81121", "fel längd");
	expect_fail("81121898761", "fel längd");
	expect_fail("1981121898761", "fel längd");
	expect_fail("-", "fel längd");
	expect_fail("81121898761234567890123456789", "fel längd");
	expect_fail("0000000000", "månad 00");
	/* NULL error detail and a missing reference date are handled. */
	assert_int_equal(pnr_parse("nonsense", &today, &p, NULL), NRS_EINVAL);
	assert_int_equal(pnr_parse("811218-9876", NULL, &p, NULL), NRS_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_forms),
		cmocka_unit_test(test_check_digit),
		cmocka_unit_test(test_luhn),
		cmocka_unit_test(test_impossible_dates),
		cmocka_unit_test(test_leap_day),
		cmocka_unit_test(test_coordination),
		cmocka_unit_test(test_plus_separator),
		cmocka_unit_test(test_century_around_today),
		cmocka_unit_test(test_century_other_today),
		cmocka_unit_test(test_sex),
		cmocka_unit_test(test_serial_000),
		cmocka_unit_test(test_garbage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
