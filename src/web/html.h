/* The HTML writer: every byte of a page goes through one of these functions, each of which
 * escapes for its output context. The only unescaped path is html_raw_trusted(), for markup
 * compiled into the program. Errors are sticky, so a page writes freely and checks once. */
#ifndef NRS_WEB_HTML_H
#define NRS_WEB_HTML_H

#include "base/buf.h"

#include <stddef.h>
#include <stdint.h>

struct html {
	struct buf *out; /* borrowed; the page's response body */
	int err;         /* first failure (NRS_ETOOBIG, NRS_ENOMEM), then every write is a no-op */
};

/* Start writing into out (borrowed for the writer's lifetime). */
void html_init(struct html *h, struct buf *out);
/* Text content: escapes & < > " ' so the value can never open a tag or leave an attribute.
 * NULL writes nothing. */
void html_text(struct html *h, const char *s);
void html_textn(struct html *h, const char *s, size_t n);
/* An attribute value (always written inside double quotes by the caller's markup). Escapes
 * the same five characters; NUL-free input is assumed (the form decoder guarantees it). */
void html_attr(struct html *h, const char *s);
/* A query-string value: percent-encodes everything outside [A-Za-z0-9-._~]. The result is
 * also safe inside an HTML attribute. */
void html_url(struct html *h, const char *s);
/* A decimal integer. */
void html_int(struct html *h, int64_t v);
/* Markup written by us and compiled into the program. Never pass request or database data. */
void html_raw_trusted(struct html *h, const char *markup);
/* <input type="hidden" name="csrf" value="..."> for state-changing forms. */
void html_csrf_input(struct html *h, const char *csrf);

/* Percent-encode s for a query value into out (same rules as html_url). */
int html_url_encode(struct buf *out, const char *s);

#endif
