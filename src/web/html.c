/* The escaping HTML writer (see html.h). */
#include "web/html.h"

#include "base/err.h"

#include <inttypes.h>
#include <string.h>

void html_init(struct html *h, struct buf *out)
{
	h->out = out;
	h->err = 0;
}

static void put(struct html *h, const char *p, size_t n)
{
	int rc;

	if (h->err != 0 || n == 0)
		return;
	rc = buf_append(h->out, p, n);
	if (rc != 0)
		h->err = rc;
}

static void escape(struct html *h, const char *s, size_t n)
{
	size_t start = 0, i;
	const char *rep;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			continue;
		}
		put(h, s + start, i - start);
		put(h, rep, strlen(rep));
		start = i + 1;
	}
	put(h, s + start, n - start);
}

void html_text(struct html *h, const char *s)
{
	if (s != NULL)
		escape(h, s, strlen(s));
}

void html_textn(struct html *h, const char *s, size_t n)
{
	if (s != NULL)
		escape(h, s, n);
}

void html_attr(struct html *h, const char *s)
{
	/* The same five characters: our markup always quotes attributes with ", and escaping '
	 * too keeps a mistakenly single-quoted attribute safe. */
	if (s != NULL)
		escape(h, s, strlen(s));
}

static int unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~';
}

int html_url_encode(struct buf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char enc[3];
	int rc = 0;

	if (s == NULL)
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p && rc == 0; p++) {
		if (unreserved(*p)) {
			rc = buf_putc(out, (char)*p);
		} else {
			enc[0] = '%';
			enc[1] = hex[*p >> 4];
			enc[2] = hex[*p & 15];
			rc = buf_append(out, enc, 3);
		}
	}
	return rc;
}

void html_url(struct html *h, const char *s)
{
	if (h->err == 0)
		h->err = html_url_encode(h->out, s);
}

void html_int(struct html *h, int64_t v)
{
	if (h->err == 0)
		h->err = buf_printf(h->out, "%" PRId64, v);
}

void html_raw_trusted(struct html *h, const char *markup)
{
	if (markup != NULL)
		put(h, markup, strlen(markup));
}

void html_csrf_input(struct html *h, const char *csrf)
{
	html_raw_trusted(h, "<input type=\"hidden\" name=\"csrf\" value=\"");
	html_attr(h, csrf);
	html_raw_trusted(h, "\">");
}
