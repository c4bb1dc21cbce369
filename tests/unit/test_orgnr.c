/* Unit tests for organisation number parsing (src/domain/orgnr.c), including the real
 * numbers of the Jämtland municipalities that take part, which must always be accepted. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "domain/orgnr.h"

static void expect_ok(const char *s, const char *normal)
{
	char out[12];
	struct nrs_error err;

	nrs_error_clear(&err);
	if (orgnr_parse(s, out, &err) != 0)
		fail_msg("'%s' rejected: %s", s, err.msg);
	assert_string_equal(out, normal);
	/* The normal form parses to itself. */
	assert_int_equal(orgnr_parse(normal, out, NULL), 0);
	assert_string_equal(out, normal);
}

static void expect_fail(const char *s, const char *reason)
{
	char out[12] = "untouched";
	struct nrs_error err;

	nrs_error_clear(&err);
	assert_int_equal(orgnr_parse(s, out, &err), NRS_EINVAL);
	assert_string_equal(err.field, "organisationsnummer");
	if (strstr(err.msg, reason) == NULL)
		fail_msg("'%s': expected reason containing '%s', got '%s'", s ? s : "(null)",
		         reason, err.msg);
	assert_string_equal(out, "untouched");
}

static void test_jamtland(void **state)
{
	static const char *const nums[] = {
		"212000-2452", "212000-2460", "212000-2478", "212000-2486",
		"212000-2494", "212000-2502", "212000-2510", "212000-2528",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		char plain[11];

		expect_ok(nums[i], nums[i]);
		/* Same number without the hyphen. */
		memcpy(plain, nums[i], 6);
		memcpy(plain + 6, nums[i] + 7, 4);
		plain[10] = '\0';
		expect_ok(plain, nums[i]);
	}
}

static void test_other_valid(void **state)
{
	(void)state;
	/* Skatteverket. */
	expect_ok("2021005448", "202100-5448");
	expect_ok("202100-5448", "202100-5448");
}

static void test_check_digit(void **state)
{
	(void)state;
	expect_fail("212000-2453", "fel kontrollsiffra");
	expect_fail("2120002450", "fel kontrollsiffra");
	/* Two adjacent digits swapped. */
	expect_fail("212000-4252", "fel kontrollsiffra");
}

static void test_third_digit(void **state)
{
	(void)state;
	/* A personnummer (month digit 1) is not an organisation number. */
	expect_fail("811218-9876", "tredje siffran");
	expect_fail("5501010005", "tredje siffran");
}

static void test_garbage(void **state)
{
	char out[12];

	(void)state;
	expect_fail(NULL, "saknas");
	expect_fail("", "saknas");
	expect_fail("212000 2452", "otillåtna tecken");
	expect_fail("212000+2452", "otillåtna tecken");
	expect_fail("abcdefghij", "otillåtna tecken");
	expect_fail("2120-002452", "efter de sex första");
	expect_fail("212000--2452", "fel längd");
	expect_fail("212000-245", "fel längd");
	expect_fail("21200024521", "fel längd");
	expect_fail("16212000-2452", "fel längd");
	expect_fail("2120002452123456789", "fel längd");
	expect_fail("-", "fel längd");
	assert_int_equal(orgnr_parse("junk", out, NULL), NRS_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jamtland),    cmocka_unit_test(test_other_valid),
		cmocka_unit_test(test_check_digit), cmocka_unit_test(test_third_digit),
		cmocka_unit_test(test_garbage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
