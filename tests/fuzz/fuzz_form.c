/* libFuzzer target for what browsers send: urlencoded bodies and query strings, single
 * percent-decoded values and the Cookie header, each followed by HTML escaping of every
 * decoded value. Beyond "no crash", it aborts when a decoded value breaks the decoder's
 * promises (no NUL, no control characters, within limits) or when escaped output still
 * contains a character that could open a tag or close an attribute. */
#include "base/buf.h"
#include "base/err.h"
#include "base/str.h"
#include "web/form.h"
#include "web/html.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond))                                                                       \
			abort();                                                                   \
	} while (0)

static void check_escaped(const char *s)
{
	struct buf b;
	struct html h;

	buf_init(&b, 0);
	html_init(&h, &b);
	html_text(&h, s);
	html_attr(&h, s);
	html_url(&h, s);
	CHECK(h.err == 0);
	CHECK(strchr(buf_cstr(&b), '<') == NULL);
	CHECK(strchr(buf_cstr(&b), '>') == NULL);
	CHECK(strchr(buf_cstr(&b), '"') == NULL);
	CHECK(strchr(buf_cstr(&b), '\'') == NULL);
	buf_free(&b);
}

static void check_form(const char *data, size_t size)
{
	struct form f;
	int rc;

	form_init(&f);
	f.max_fields = 50;
	f.max_name = 32;
	f.max_value = 256;
	rc = form_parse_urlencoded(&f, data, size);
	CHECK(rc == 0 || rc == NRS_EINVAL || rc == NRS_ETOOBIG);
	CHECK(f.n <= f.max_fields);
	for (size_t i = 0; i < f.n; i++) {
		const char *n = f.fields[i].name, *v = f.fields[i].value;

		CHECK(n[0] != '\0' && strlen(n) <= f.max_name && strlen(v) <= f.max_value);
		CHECK(str_utf8_ok(n, strlen(n)) && str_utf8_ok(v, strlen(v)));
		CHECK(strchr(v, '\r') == NULL);
		CHECK(form_get(&f, n) != NULL);
		check_escaped(n);
		check_escaped(v);
	}
	form_free(&f);
}

static void check_cookie(const char *s)
{
	static const char *const names[] = {"nrs_session", "nrs_prelogin", "a"};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *v;
		size_t n;

		if (cookie_find(s, names[i], &v, &n)) {
			CHECK(v >= s && v + n <= s + strlen(s));
			CHECK(memchr(v, ';', n) == NULL);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), *dec = NULL;
	size_t dlen;

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	check_form(s, size);
	if (form_percent_decode(s, size, true, &dec, &dlen) == 0) {
		CHECK(strlen(dec) == dlen);
		if (str_utf8_ok(dec, dlen))
			check_escaped(dec);
		free(dec);
	}
	check_cookie(s);
	/* the raw bytes, where they are a C string of valid UTF-8, through the escaper */
	if (strlen(s) == size && str_utf8_ok(s, size))
		check_escaped(s);
	free(s);
	return 0;
}
