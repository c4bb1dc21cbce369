/* Decoding of what browsers send: application/x-www-form-urlencoded bodies, query strings
 * and the Cookie header. Decoded values are well-formed UTF-8 without NUL or control
 * characters (CRLF from text areas becomes LF); malformed input is rejected, not repaired. */
#ifndef NRS_WEB_FORM_H
#define NRS_WEB_FORM_H

#include <stdbool.h>
#include <stddef.h>

#define FORM_MAX_FIELDS 200
#define FORM_MAX_NAME 64
#define FORM_MAX_VALUE (64 * 1024)

struct form_field {
	char *name;  /* owned by the form */
	char *value; /* owned by the form */
};

struct form {
	struct form_field *fields;
	size_t n, cap;
	size_t max_fields, max_name, max_value; /* limits; form_init sets the defaults above */
};

void form_init(struct form *f);
/* Free all fields; the form may be reused after form_init. Accepts NULL. */
void form_free(struct form *f);

/* Decode a urlencoded body or query string ("a=1&b=x+y%21") and append its fields in order.
 * Empty segments ("a=1&&b=2") are skipped; a field without '=' has the value "".
 * NRS_EINVAL: malformed %XY, empty name, bad UTF-8 or control characters.
 * NRS_ETOOBIG: more than max_fields fields, or a name/value over its limit. */
int form_parse_urlencoded(struct form *f, const char *data, size_t len);
/* Append one already-decoded field, with the same checks and limits. */
int form_add(struct form *f, const char *name, size_t name_len, const char *value,
             size_t value_len);

/* The first value of name, or NULL. Borrowed until form_free. */
const char *form_get(const struct form *f, const char *name);
/* The value of name if it occurs exactly once, else NULL (for fields where a duplicate is
 * suspicious, such as the CSRF token). */
const char *form_get_unique(const struct form *f, const char *name);
/* How many times name occurs. */
size_t form_count(const struct form *f, const char *name);

/* Percent-decode s[0..n) into a fresh NUL-terminated string (caller frees); plus_space turns
 * '+' into ' '. NRS_EINVAL for a malformed escape or a decoded NUL. */
int form_percent_decode(const char *s, size_t n, bool plus_space, char **out, size_t *out_len);

/* Find cookie name in a Cookie header ("a=1; b=2"). Returns true and points *val and *len into
 * header (borrowed) at the first match; quotes around the value are removed. */
bool cookie_find(const char *header, const char *name, const char **val, size_t *len);

#endif
