/* Unit tests for age classes (src/domain/ageclass.c): the default set and its labels, age in
 * whole years including 29 February birthdays, and validation of configured class specs. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "domain/ageclass.h"

static struct nrs_date mkdate(int y, int m, int d)
{
	struct nrs_date r = {y, m, d};

	return r;
}

static int age(int by, int bm, int bd, int ay, int am, int ad)
{
	struct nrs_date b = mkdate(by, bm, bd), a = mkdate(ay, am, ad);

	return age_at(&b, &a);
}

static void test_default(void **state)
{
	static const int want[] = {0, 6, 13, 18, 25, 35, 45, 55, 65};
	static const char *const labels[] = {
		"0\u20135",   "6\u201312",  "13\u201317", "18\u201324", "25\u201334",
		"35\u201344", "45\u201354", "55\u201364", "65+",
	};
	struct ageclass_set set;
	char label[16];

	(void)state;
	ageclass_default(&set);
	assert_int_equal(set.count, 9);
	for (int i = 0; i < 9; i++) {
		assert_int_equal(set.lower[i], want[i]);
		ageclass_label(&set, i, label, sizeof(label));
		assert_string_equal(label, labels[i]);
	}
	/* The en dash is U+2013 encoded as UTF-8. */
	ageclass_label(&set, 0, label, sizeof(label));
	assert_memory_equal(label,
	                    "0\xe2\x80\x93"
	                    "5",
	                    6);
	/* Out of range gives an empty label; a tiny buffer is truncated, not overrun. */
	ageclass_label(&set, 9, label, sizeof(label));
	assert_string_equal(label, "");
	ageclass_label(&set, -1, label, sizeof(label));
	assert_string_equal(label, "");
	ageclass_label(&set, 8, label, 2);
	assert_string_equal(label, "6");
}

static void test_index(void **state)
{
	struct ageclass_set set;

	(void)state;
	ageclass_default(&set);
	assert_int_equal(ageclass_index(&set, -1), -1);
	assert_int_equal(ageclass_index(&set, 0), 0);
	assert_int_equal(ageclass_index(&set, 5), 0);
	assert_int_equal(ageclass_index(&set, 6), 1);
	assert_int_equal(ageclass_index(&set, 12), 1);
	assert_int_equal(ageclass_index(&set, 13), 2);
	assert_int_equal(ageclass_index(&set, 17), 2);
	assert_int_equal(ageclass_index(&set, 18), 3);
	assert_int_equal(ageclass_index(&set, 64), 7);
	assert_int_equal(ageclass_index(&set, 65), 8);
	assert_int_equal(ageclass_index(&set, 120), 8);
}

static void test_age_at(void **state)
{
	(void)state;
	assert_int_equal(age(1981, 12, 18, 2026, 11, 24), 44);
	assert_int_equal(age(1981, 12, 18, 2026, 12, 17), 44);
	assert_int_equal(age(1981, 12, 18, 2026, 12, 18), 45);
	assert_int_equal(age(2026, 11, 24, 2026, 11, 24), 0);
	assert_int_equal(age(2026, 11, 24, 2026, 11, 23), -1);
	assert_int_equal(age(2026, 11, 24, 2020, 1, 1), -7);
	/* 29 February: in common years the birthday is reached on 1 March ... */
	assert_int_equal(age(2000, 2, 29, 2001, 2, 28), 0);
	assert_int_equal(age(2000, 2, 29, 2001, 3, 1), 1);
	assert_int_equal(age(2000, 2, 29, 2018, 2, 28), 17);
	assert_int_equal(age(2000, 2, 29, 2018, 3, 1), 18);
	/* ... and on 29 February in leap years. */
	assert_int_equal(age(2000, 2, 29, 2004, 2, 28), 3);
	assert_int_equal(age(2000, 2, 29, 2004, 2, 29), 4);
	/* 2100 is not a leap year. */
	assert_int_equal(age(2000, 2, 29, 2100, 2, 28), 99);
	assert_int_equal(age(2000, 2, 29, 2100, 3, 1), 100);
}

static void test_age_from_year(void **state)
{
	struct nrs_date at = mkdate(2026, 1, 1);

	(void)state;
	assert_int_equal(age_from_year(2008, &at), 18);
	at = mkdate(2026, 12, 31);
	assert_int_equal(age_from_year(2008, &at), 18);
	assert_int_equal(age_from_year(2027, &at), -1);
}

static void test_parse_ok(void **state)
{
	struct ageclass_set set, def;
	struct nrs_error err;
	char label[16];

	(void)state;
	ageclass_default(&def);
	assert_int_equal(ageclass_parse("0,6,13,18,25,35,45,55,65", &set, &err), 0);
	assert_int_equal(set.count, def.count);
	assert_memory_equal(set.lower, def.lower, sizeof(int) * (size_t)def.count);

	assert_int_equal(ageclass_parse(" 0, 18 ,65 ", &set, &err), 0);
	assert_int_equal(set.count, 3);
	assert_int_equal(set.lower[1], 18);
	ageclass_label(&set, 1, label, sizeof(label));
	assert_string_equal(label, "18\u201364");

	/* A single class covers everyone. */
	assert_int_equal(ageclass_parse("0", &set, &err), 0);
	assert_int_equal(set.count, 1);
	ageclass_label(&set, 0, label, sizeof(label));
	assert_string_equal(label, "0+");
	assert_int_equal(ageclass_index(&set, 99), 0);

	/* One-year classes and the upper limit. */
	assert_int_equal(ageclass_parse("0,1,2,150", &set, &err), 0);
	ageclass_label(&set, 0, label, sizeof(label));
	assert_string_equal(label, "0");
	ageclass_label(&set, 3, label, sizeof(label));
	assert_string_equal(label, "150+");

	/* Exactly AGECLASS_MAX classes. */
	assert_int_equal(ageclass_parse("0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15", &set, &err), 0);
	assert_int_equal(set.count, AGECLASS_MAX);
}

static void expect_fail(const char *spec, const char *reason)
{
	struct ageclass_set set;
	struct nrs_error err;

	ageclass_default(&set);
	nrs_error_clear(&err);
	assert_int_equal(ageclass_parse(spec, &set, &err), NRS_EINVAL);
	assert_string_equal(err.field, "åldersklasser");
	if (strstr(err.msg, reason) == NULL)
		fail_msg("'%s': expected reason containing '%s', got '%s'", spec ? spec : "(null)",
		         reason, err.msg);
	/* The set is left as it was. */
	assert_int_equal(set.count, 9);
}

static void test_parse_fail(void **state)
{
	(void)state;
	expect_fail(NULL, "saknas");
	expect_fail("", "saknas");
	expect_fail("   ", "saknas");
	expect_fail("6,13", "börja på 0");
	expect_fail("0,13,6", "större än värdet före");
	expect_fail("0,6,6", "värde 3 måste vara större");
	expect_fail("0,,6", "värde 2 är inte ett heltal");
	expect_fail("0,6,", "värde 3 är inte ett heltal");
	expect_fail("0;6", "inte ett heltal");
	expect_fail("0,-6", "inte ett heltal");
	expect_fail("0,6.5", "inte ett heltal");
	expect_fail("0,6 13", "inte ett heltal");
	expect_fail("0,abc", "inte ett heltal");
	expect_fail("0,151", "mellan 0 och 150");
	expect_fail("0,99999999999999999999999", "mellan 0 och 150");
	expect_fail("0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16", "högst 16");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default),  cmocka_unit_test(test_index),
		cmocka_unit_test(test_age_at),   cmocka_unit_test(test_age_from_year),
		cmocka_unit_test(test_parse_ok), cmocka_unit_test(test_parse_fail),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
