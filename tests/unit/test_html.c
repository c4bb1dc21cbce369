/* Unit tests for the HTML writer (src/web/html.c): each of the five characters in text and
 * attributes, URL encoding of query values, UTF-8 passing through untouched, and the sticky
 * error when the output buffer's cap is reached. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "base/err.h"
#include "web/html.h"

static void write_text(const char *in, const char *want, int attr)
{
	struct buf b;
	struct html h;

	buf_init(&b, 0);
	html_init(&h, &b);
	if (attr)
		html_attr(&h, in);
	else
		html_text(&h, in);
	assert_int_equal(h.err, 0);
	assert_string_equal(buf_cstr(&b), want);
	buf_free(&b);
}

static void test_text_five(void **state)
{
	(void)state;
	write_text("&", "&amp;", 0);
	write_text("<", "&lt;", 0);
	write_text(">", "&gt;", 0);
	write_text("\"", "&quot;", 0);
	write_text("'", "&#39;", 0);
	write_text("<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;",
	           0);
	write_text("a & b && c", "a &amp; b &amp;&amp; c", 0);
	write_text("", "", 0);
	write_text("plain text", "plain text", 0);
}

static void test_attr(void **state)
{
	(void)state;
	write_text("\" onmouseover=\"x", "&quot; onmouseover=&quot;x", 1);
	write_text("' autofocus='", "&#39; autofocus=&#39;", 1);
	write_text("a<b>c&d", "a&lt;b&gt;c&amp;d", 1);
	/* already-escaped input is escaped again, never trusted */
	write_text("&amp;", "&amp;amp;", 1);
}

static void test_utf8_passthrough(void **state)
{
	(void)state;
	write_text("Åsa Öberg – Östersund ✓", "Åsa Öberg – Östersund ✓", 0);
	write_text("Ärende <Ö>", "Ärende &lt;Ö&gt;", 1);
}

static void test_null_writes_nothing(void **state)
{
	struct buf b;
	struct html h;

	(void)state;
	buf_init(&b, 0);
	html_init(&h, &b);
	html_text(&h, NULL);
	html_attr(&h, NULL);
	html_url(&h, NULL);
	assert_int_equal(h.err, 0);
	assert_string_equal(buf_cstr(&b), "");
	buf_free(&b);
}

static void test_url(void **state)
{
	struct buf b;
	struct html h;

	(void)state;
	buf_init(&b, 0);
	html_init(&h, &b);
	html_url(&h, "a b&c=d/e?f#g\"<'+%");
	assert_int_equal(h.err, 0);
	assert_string_equal(buf_cstr(&b), "a%20b%26c%3Dd%2Fe%3Ff%23g%22%3C%27%2B%25");
	buf_reset(&b);
	html_url(&h, "AZaz09-._~");
	assert_string_equal(buf_cstr(&b), "AZaz09-._~");
	buf_reset(&b);
	html_url(&h, "Åre");
	assert_string_equal(buf_cstr(&b), "%C3%85re");
	buf_free(&b);
}

static void test_raw_and_int(void **state)
{
	struct buf b;
	struct html h;

	(void)state;
	buf_init(&b, 0);
	html_init(&h, &b);
	html_raw_trusted(&h, "<p>");
	html_int(&h, -42);
	html_int(&h, INT64_MAX);
	html_raw_trusted(&h, "</p>");
	assert_string_equal(buf_cstr(&b), "<p>-429223372036854775807</p>");
	buf_free(&b);
}

static void test_csrf_input(void **state)
{
	struct buf b;
	struct html h;

	(void)state;
	buf_init(&b, 0);
	html_init(&h, &b);
	html_csrf_input(&h, "ab\"c");
	assert_string_equal(buf_cstr(&b),
	                    "<input type=\"hidden\" name=\"csrf\" value=\"ab&quot;c\">");
	buf_free(&b);
}

static void test_cap_is_sticky(void **state)
{
	struct buf b;
	struct html h;

	(void)state;
	buf_init(&b, 16);
	html_init(&h, &b);
	html_text(&h, "0123456789");
	assert_int_equal(h.err, 0);
	html_text(&h, "<<<<"); /* 16 bytes escaped: over the cap */
	assert_int_equal(h.err, NRS_ETOOBIG);
	html_text(&h, "x");
	assert_int_equal(h.err, NRS_ETOOBIG);
	/* nothing half-escaped was left behind that could be sent as markup */
	assert_null(strchr(buf_cstr(&b), '<'));
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_text_five),
	    cmocka_unit_test(test_attr),
	    cmocka_unit_test(test_utf8_passthrough),
	    cmocka_unit_test(test_null_writes_nothing),
	    cmocka_unit_test(test_url),
	    cmocka_unit_test(test_raw_and_int),
	    cmocka_unit_test(test_csrf_input),
	    cmocka_unit_test(test_cap_is_sticky),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
