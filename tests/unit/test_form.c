/* Unit tests for form, query and cookie decoding (src/web/form.c): percent decoding, '+' as
 * space, malformed escapes rejected, duplicate keys, limits on field count and length,
 * newline normalisation, control characters and bad UTF-8, and cookie lookup. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "web/form.h"

static int parse(struct form *f, const char *s)
{
	form_init(f);
	return form_parse_urlencoded(f, s, strlen(s));
}

static void test_basic(void **state)
{
	struct form f;

	(void)state;
	assert_int_equal(parse(&f, "username=anna&password=hemligt+ord%21"), 0);
	assert_int_equal(f.n, 2);
	assert_string_equal(form_get(&f, "username"), "anna");
	assert_string_equal(form_get(&f, "password"), "hemligt ord!");
	assert_null(form_get(&f, "missing"));
	form_free(&f);
}

static void test_percent(void **state)
{
	struct form f;

	(void)state;
	assert_int_equal(parse(&f, "n=%C3%85sa%20%c3%b6&plus=%2B&amp=%26&eq=a%3Db"), 0);
	assert_string_equal(form_get(&f, "n"), "Åsa ö");
	assert_string_equal(form_get(&f, "plus"), "+");
	assert_string_equal(form_get(&f, "amp"), "&");
	assert_string_equal(form_get(&f, "eq"), "a=b");
	form_free(&f);
	/* '=' inside a value after the first one belongs to the value */
	assert_int_equal(parse(&f, "a=b=c"), 0);
	assert_string_equal(form_get(&f, "a"), "b=c");
	form_free(&f);
}

static void test_malformed(void **state)
{
	static const char *const bad[] = {
	    "a=%",        "a=%2",  "a=%zz",  "a=%2g",   "a=x%",
	    "%=1",        "a=%00", "=value", "a%20b=1", "a=%FF", /* not UTF-8 */
	    "a=%C3",                                             /* truncated UTF-8 */
	    "a=%01",                                             /* control character */
	    "a=%1B%5B2J",                                        /* terminal escape */
	};
	struct form f;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = parse(&f, bad[i]);

		if (rc != NRS_EINVAL)
			fail_msg("'%s' gave %d, want NRS_EINVAL", bad[i], rc);
		form_free(&f);
	}
	/* an embedded NUL in the raw body is rejected too */
	form_init(&f);
	assert_int_equal(form_parse_urlencoded(&f, "a=b\0c", 5), NRS_EINVAL);
	form_free(&f);
}

static void test_duplicates(void **state)
{
	struct form f;

	(void)state;
	assert_int_equal(parse(&f, "role=admin&role=finance&csrf=x&csrf=y&one=1"), 0);
	assert_int_equal(form_count(&f, "role"), 2);
	assert_string_equal(form_get(&f, "role"), "admin");
	assert_null(form_get_unique(&f, "csrf"));
	assert_string_equal(form_get_unique(&f, "one"), "1");
	assert_null(form_get_unique(&f, "none"));
	form_free(&f);
}

static void test_empty_and_flags(void **state)
{
	struct form f;

	(void)state;
	assert_int_equal(parse(&f, ""), 0);
	assert_int_equal(f.n, 0);
	form_free(&f);
	assert_int_equal(parse(&f, "&&a=1&&flag&b=&"), 0);
	assert_int_equal(f.n, 3);
	assert_string_equal(form_get(&f, "flag"), "");
	assert_string_equal(form_get(&f, "b"), "");
	form_free(&f);
}

static void test_newlines(void **state)
{
	struct form f;

	(void)state;
	assert_int_equal(parse(&f, "t=rad1%0D%0Arad2%0Drad3%0Arad4%09tab"), 0);
	assert_string_equal(form_get(&f, "t"), "rad1\nrad2\nrad3\nrad4\ttab");
	form_free(&f);
}

static void test_limits(void **state)
{
	struct form f;
	char *s;
	size_t n;

	(void)state;
	/* field count */
	form_init(&f);
	f.max_fields = 3;
	assert_int_equal(form_parse_urlencoded(&f, "a=1&b=2&c=3", 11), 0);
	form_free(&f);
	form_init(&f);
	f.max_fields = 3;
	assert_int_equal(form_parse_urlencoded(&f, "a=1&b=2&c=3&d=4", 15), NRS_ETOOBIG);
	form_free(&f);
	/* name length */
	form_init(&f);
	f.max_name = 4;
	assert_int_equal(form_parse_urlencoded(&f, "abcd=1", 6), 0);
	form_free(&f);
	form_init(&f);
	f.max_name = 4;
	assert_int_equal(form_parse_urlencoded(&f, "abcde=1", 7), NRS_ETOOBIG);
	form_free(&f);
	/* value length, counted after decoding */
	form_init(&f);
	f.max_value = 3;
	assert_int_equal(form_parse_urlencoded(&f, "a=%41%42%43", 11), 0);
	assert_string_equal(form_get(&f, "a"), "ABC");
	form_free(&f);
	form_init(&f);
	f.max_value = 3;
	assert_int_equal(form_parse_urlencoded(&f, "a=ABCD", 6), NRS_ETOOBIG);
	form_free(&f);
	/* the default limit on values */
	n = FORM_MAX_VALUE + 3;
	s = malloc(n + 1);
	assert_non_null(s);
	memset(s, 'x', n);
	s[0] = 'v';
	s[1] = '=';
	s[n] = '\0';
	assert_int_equal(parse(&f, s), NRS_ETOOBIG);
	form_free(&f);
	free(s);
	/* the default limit on field count */
	n = (FORM_MAX_FIELDS + 1) * 4;
	s = malloc(n + 1);
	assert_non_null(s);
	for (size_t i = 0; i < FORM_MAX_FIELDS + 1; i++)
		memcpy(s + 4 * i, "a=1&", 4);
	s[n] = '\0';
	assert_int_equal(parse(&f, s), NRS_ETOOBIG);
	form_free(&f);
	free(s);
}

static void test_form_add(void **state)
{
	struct form f;

	(void)state;
	form_init(&f);
	assert_int_equal(form_add(&f, "q", 1, "Åre kommun", strlen("Åre kommun")), 0);
	assert_string_equal(form_get(&f, "q"), "Åre kommun");
	assert_int_equal(form_add(&f, "q", 1, "a\0b", 3), NRS_EINVAL);
	assert_int_equal(form_add(&f, "", 0, "x", 1), NRS_EINVAL);
	assert_int_equal(form_add(&f, "x", 1, "\x7f", 1), NRS_EINVAL);
	form_free(&f);
	form_free(NULL);
}

static void test_percent_decode(void **state)
{
	char *out;
	size_t n;

	(void)state;
	assert_int_equal(form_percent_decode("a+b%2b", 6, true, &out, &n), 0);
	assert_string_equal(out, "a b+");
	assert_int_equal(n, 4);
	free(out);
	assert_int_equal(form_percent_decode("a+b", 3, false, &out, &n), 0);
	assert_string_equal(out, "a+b");
	free(out);
	assert_int_equal(form_percent_decode("%4", 2, true, &out, &n), NRS_EINVAL);
	assert_null(out);
}

static void expect_cookie(const char *header, const char *name, const char *want)
{
	const char *v = NULL;
	size_t n = 0;
	bool found = cookie_find(header, name, &v, &n);

	if (want == NULL) {
		assert_false(found);
		return;
	}
	assert_true(found);
	assert_int_equal(n, strlen(want));
	assert_memory_equal(v, want, n);
}

static void test_cookies(void **state)
{
	(void)state;
	expect_cookie("nrs_session=abc", "nrs_session", "abc");
	expect_cookie("a=1; nrs_session=tok-_x; b=2", "nrs_session", "tok-_x");
	expect_cookie("a=1;nrs_session=t2", "nrs_session", "t2");
	expect_cookie("x_nrs_session=evil; nrs_session=good", "nrs_session", "good");
	expect_cookie("nrs_session_old=evil", "nrs_session", NULL);
	expect_cookie("nrs_session=\"quoted\"", "nrs_session", "quoted");
	expect_cookie("nrs_session=", "nrs_session", "");
	expect_cookie("nrs_session=first; nrs_session=second", "nrs_session", "first");
	expect_cookie("", "nrs_session", NULL);
	expect_cookie(";;; ", "nrs_session", NULL);
	expect_cookie(NULL, "nrs_session", NULL);
	expect_cookie("a=1", "", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_basic),           cmocka_unit_test(test_percent),
	    cmocka_unit_test(test_malformed),       cmocka_unit_test(test_duplicates),
	    cmocka_unit_test(test_empty_and_flags), cmocka_unit_test(test_newlines),
	    cmocka_unit_test(test_limits),          cmocka_unit_test(test_form_add),
	    cmocka_unit_test(test_percent_decode),  cmocka_unit_test(test_cookies),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
