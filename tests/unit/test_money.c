/* Unit tests for money in öre (src/domain/money.c): half-away-from-zero rounding, exact
 * scaling with overflow detection, Swedish formatting, and parsing of what users type. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "domain/money.h"

#define NBSP "\xc2\xa0"

static void test_round_kr(void **state)
{
	(void)state;
	assert_int_equal(money_round_kr(150), 200);
	assert_int_equal(money_round_kr(-150), -200);
	assert_int_equal(money_round_kr(149), 100);
	assert_int_equal(money_round_kr(-149), -100);
	assert_int_equal(money_round_kr(50), 100);
	assert_int_equal(money_round_kr(-50), -100);
	assert_int_equal(money_round_kr(49), 0);
	assert_int_equal(money_round_kr(-49), 0);
	assert_int_equal(money_round_kr(0), 0);
	assert_int_equal(money_round_kr(474476750), 474476800);
	assert_int_equal(money_round_kr(INT64_MAX), INT64_C(9223372036854775800));
	assert_int_equal(money_round_kr(INT64_MIN), INT64_C(-9223372036854775800));
	assert_int_equal(money_round_kr(INT64_C(9223372036854775799)),
	                 INT64_C(9223372036854775800));
}

static ore_t muldiv(ore_t a, int64_t n, int64_t d)
{
	ore_t r = 12345;

	assert_int_equal(money_muldiv(a, n, d, &r), 0);
	return r;
}

static void test_muldiv(void **state)
{
	ore_t r = 777;

	(void)state;
	assert_int_equal(muldiv(1000, 1, 3), 333);
	assert_int_equal(muldiv(1000, 2, 3), 667);
	assert_int_equal(muldiv(-1000, 2, 3), -667);
	assert_int_equal(muldiv(5, 1, 2), 3);
	assert_int_equal(muldiv(-5, 1, 2), -3);
	assert_int_equal(muldiv(7, -1, 2), -4);
	assert_int_equal(muldiv(4, 1, 2), 2);
	assert_int_equal(muldiv(0, 5, 7), 0);
	/* A municipality's share by population: 4 744 767 kr * 12 345 / 130 000. */
	assert_int_equal(muldiv(474476700, 12345, 130000), 45057037);
	/* The intermediate product overflows int64 but the result does not. */
	assert_int_equal(muldiv(INT64_MAX, INT64_MAX, INT64_MAX), INT64_MAX);
	assert_int_equal(muldiv(INT64_MIN, 3, 3), INT64_MIN);
	assert_int_equal(muldiv(INT64_C(4000000000000000000), 2, 1), INT64_C(8000000000000000000));

	/* Overflow and a bad denominator are reported and leave out alone. */
	assert_int_equal(money_muldiv(INT64_MAX, 2, 1, &r), NRS_EINVAL);
	assert_int_equal(money_muldiv(INT64_MIN, -1, 1, &r), NRS_EINVAL);
	assert_int_equal(money_muldiv(INT64_MAX, INT64_MAX, 2, &r), NRS_EINVAL);
	assert_int_equal(money_muldiv(100, 1, 0, &r), NRS_EINVAL);
	assert_int_equal(money_muldiv(100, 1, -1, &r), NRS_EINVAL);
	assert_int_equal(r, 777);
}

static void test_format_kr(void **state)
{
	char buf[64];

	(void)state;
	money_format_kr(474476700, 0, buf, sizeof(buf));
	assert_string_equal(buf, "4 744 767 kr");
	money_format_kr(474476749, 0, buf, sizeof(buf));
	assert_string_equal(buf, "4 744 767 kr");
	money_format_kr(474476750, 0, buf, sizeof(buf));
	assert_string_equal(buf, "4 744 768 kr");
	money_format_kr(474476700, 1, buf, sizeof(buf));
	assert_string_equal(buf, "4" NBSP "744" NBSP "767 kr");
	money_format_kr(-123400, 0, buf, sizeof(buf));
	assert_string_equal(buf, "-1 234 kr");
	money_format_kr(-150, 0, buf, sizeof(buf));
	assert_string_equal(buf, "-2 kr");
	money_format_kr(-40, 0, buf, sizeof(buf));
	assert_string_equal(buf, "0 kr");
	money_format_kr(0, 0, buf, sizeof(buf));
	assert_string_equal(buf, "0 kr");
	money_format_kr(99900, 0, buf, sizeof(buf));
	assert_string_equal(buf, "999 kr");
	money_format_kr(100000, 0, buf, sizeof(buf));
	assert_string_equal(buf, "1 000 kr");
	money_format_kr(100000000, 0, buf, sizeof(buf));
	assert_string_equal(buf, "1 000 000 kr");
	money_format_kr(INT64_MIN, 0, buf, sizeof(buf));
	assert_string_equal(buf, "-92 233 720 368 547 758 kr");
	/* A short buffer is truncated and terminated. */
	money_format_kr(474476700, 0, buf, 5);
	assert_string_equal(buf, "4 74");
}

static void test_format(void **state)
{
	char buf[64];

	(void)state;
	money_format(474476750, 0, buf, sizeof(buf));
	assert_string_equal(buf, "4 744 767,50 kr");
	money_format(474476750, 1, buf, sizeof(buf));
	assert_string_equal(buf, "4" NBSP "744" NBSP "767,50 kr");
	money_format(5, 0, buf, sizeof(buf));
	assert_string_equal(buf, "0,05 kr");
	money_format(-5, 0, buf, sizeof(buf));
	assert_string_equal(buf, "-0,05 kr");
	money_format(0, 0, buf, sizeof(buf));
	assert_string_equal(buf, "0,00 kr");
	money_format(-123456, 0, buf, sizeof(buf));
	assert_string_equal(buf, "-1 234,56 kr");
	money_format(INT64_MAX, 0, buf, sizeof(buf));
	assert_string_equal(buf, "92 233 720 368 547 758,07 kr");
	money_format(INT64_MIN, 1, buf, sizeof(buf));
	assert_string_equal(buf,
	                    "-92" NBSP "233" NBSP "720" NBSP "368" NBSP "547" NBSP "758,08 kr");
}

static ore_t parse(const char *s)
{
	ore_t v = -1;
	struct nrs_error err;

	nrs_error_clear(&err);
	if (money_parse(s, "Kostnad", &v, &err) != 0)
		fail_msg("'%s' rejected: %s", s, err.msg);
	return v;
}

static void test_parse_ok(void **state)
{
	char buf[64];

	(void)state;
	assert_int_equal(parse("4744767"), 474476700);
	assert_int_equal(parse("4 744 767"), 474476700);
	assert_int_equal(parse("4" NBSP "744" NBSP "767"), 474476700);
	assert_int_equal(parse("4744767,50"), 474476750);
	assert_int_equal(parse("4744767.5"), 474476750);
	assert_int_equal(parse("4 744 767,05"), 474476705);
	assert_int_equal(parse("1 234 kr"), 123400);
	assert_int_equal(parse("1234kr"), 123400);
	assert_int_equal(parse("1234 KR"), 123400);
	assert_int_equal(parse("  12  "), 1200);
	assert_int_equal(parse("0"), 0);
	assert_int_equal(parse("0,5"), 50);
	assert_int_equal(parse("-1 234,5"), -123450);
	assert_int_equal(parse("-0"), 0);
	assert_int_equal(parse("123 456"), 12345600);
	assert_int_equal(parse("92233720368547757,99"), INT64_C(9223372036854775799));

	/* What we format, we can parse. */
	money_format(-474476750, 1, buf, sizeof(buf));
	assert_int_equal(parse(buf), -474476750);
	money_format_kr(474476700, 0, buf, sizeof(buf));
	assert_int_equal(parse(buf), 474476700);
}

static void expect_fail(const char *s, const char *reason)
{
	ore_t v = 4711;
	struct nrs_error err;

	nrs_error_clear(&err);
	assert_int_equal(money_parse(s, "Kostnad", &v, &err), NRS_EINVAL);
	assert_string_equal(err.field, "Kostnad");
	if (strstr(err.msg, "Kostnad") == NULL)
		fail_msg("'%s': message does not name the field: '%s'", s ? s : "(null)", err.msg);
	if (strstr(err.msg, reason) == NULL)
		fail_msg("'%s': expected reason containing '%s', got '%s'", s ? s : "(null)",
		         reason, err.msg);
	assert_int_equal(v, 4711);
}

static void test_parse_fail(void **state)
{
	(void)state;
	expect_fail(NULL, "saknas");
	expect_fail("", "saknas");
	expect_fail("   ", "saknas");
	expect_fail("kr", "saknas");
	expect_fail("abc", "belopp i kronor");
	expect_fail("-", "belopp i kronor");
	expect_fail("--5", "belopp i kronor");
	expect_fail("+5", "belopp i kronor");
	expect_fail(",50", "belopp i kronor");
	expect_fail("12a", "otillåtna tecken");
	expect_fail("1e5", "otillåtna tecken");
	expect_fail("1,2,3", "otillåtna tecken");
	expect_fail("1 234 kr kr", "otillåtna tecken");
	expect_fail("1,234", "högst två decimaler");
	expect_fail("1.234", "högst två decimaler");
	expect_fail("12,", "efter decimaltecknet");
	expect_fail("12 34", "fel ställe");
	expect_fail("1234 567", "fel ställe");
	expect_fail("1  234", "fel ställe");
	expect_fail("1 2345", "fel ställe");
	expect_fail("92233720368547758", "för stort");
	expect_fail("99999999999999999999999", "för stort");
}

static void test_parse_default_field(void **state)
{
	ore_t v;
	struct nrs_error err;

	(void)state;
	assert_int_equal(money_parse("x", NULL, &v, &err), NRS_EINVAL);
	assert_non_null(strstr(err.msg, "Beloppet"));
	assert_int_equal(money_parse("x", "Kostnad", &v, NULL), NRS_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_kr),
		cmocka_unit_test(test_muldiv),
		cmocka_unit_test(test_format_kr),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_parse_ok),
		cmocka_unit_test(test_parse_fail),
		cmocka_unit_test(test_parse_default_field),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
