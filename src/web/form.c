/* Form, query and cookie decoding (see form.h). */
#include "web/form.h"

#include "base/err.h"
#include "base/str.h"

#include <stdlib.h>
#include <string.h>

void form_init(struct form *f)
{
	memset(f, 0, sizeof(*f));
	f->max_fields = FORM_MAX_FIELDS;
	f->max_name = FORM_MAX_NAME;
	f->max_value = FORM_MAX_VALUE;
}

void form_free(struct form *f)
{
	if (f == NULL)
		return;
	for (size_t i = 0; i < f->n; i++) {
		free(f->fields[i].name);
		free(f->fields[i].value);
	}
	free(f->fields);
	f->fields = NULL;
	f->n = 0;
	f->cap = 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int form_percent_decode(const char *s, size_t n, bool plus_space, char **out, size_t *out_len)
{
	char *d = malloc(n + 1);
	size_t j = 0;
	int hi, lo;

	*out = NULL;
	if (d == NULL)
		return NRS_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%') {
			if (n - i < 3) /* fewer than two characters follow */
				goto bad;
			hi = hexval(s[i + 1]);
			lo = hexval(s[i + 2]);
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
				goto bad;
			d[j++] = (char)(hi << 4 | lo);
			i += 2;
		} else if (s[i] == '+' && plus_space) {
			d[j++] = ' ';
		} else if (s[i] == '\0') {
			goto bad;
		} else {
			d[j++] = s[i];
		}
	}
	d[j] = '\0';
	*out = d;
	if (out_len)
		*out_len = j;
	return 0;
bad:
	free(d);
	return NRS_EINVAL;
}

/* CRLF and lone CR become LF, so text areas arrive the same from every browser. */
static size_t normalise_newlines(char *s, size_t n)
{
	size_t j = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\r') {
			s[j++] = '\n';
			if (i + 1 < n && s[i + 1] == '\n')
				i++;
		} else {
			s[j++] = s[i];
		}
	}
	s[j] = '\0';
	return j;
}

static int name_ok(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x21 || c == 0x7f)
			return 0;
	}
	return str_utf8_ok(s, n);
}

static int push(struct form *f, char *name, char *value)
{
	struct form_field *nf;
	size_t ncap;

	if (f->n == f->cap) {
		ncap = f->cap ? f->cap * 2 : 8;
		nf = realloc(f->fields, ncap * sizeof(*nf));
		if (nf == NULL)
			return NRS_ENOMEM;
		f->fields = nf;
		f->cap = ncap;
	}
	f->fields[f->n].name = name;
	f->fields[f->n].value = value;
	f->n++;
	return 0;
}

/* Takes ownership of name and value (both heap strings of the given lengths). */
static int add_owned(struct form *f, char *name, size_t nlen, char *value, size_t vlen)
{
	int rc;

	if (f->n >= f->max_fields || nlen > f->max_name) {
		rc = NRS_ETOOBIG;
		goto fail;
	}
	vlen = normalise_newlines(value, vlen);
	if (vlen > f->max_value) {
		rc = NRS_ETOOBIG;
		goto fail;
	}
	if (!name_ok(name, nlen) || !str_utf8_ok(value, vlen)) {
		rc = NRS_EINVAL;
		goto fail;
	}
	rc = push(f, name, value);
	if (rc != 0)
		goto fail;
	return 0;
fail:
	free(name);
	free(value);
	return rc;
}

int form_add(struct form *f, const char *name, size_t name_len, const char *value, size_t value_len)
{
	char *n, *v;

	if (memchr(name, '\0', name_len) || memchr(value, '\0', value_len))
		return NRS_EINVAL;
	n = str_ndup(name, name_len);
	v = str_ndup(value, value_len);
	if (n == NULL || v == NULL) {
		free(n);
		free(v);
		return NRS_ENOMEM;
	}
	return add_owned(f, n, name_len, v, value_len);
}

int form_parse_urlencoded(struct form *f, const char *data, size_t len)
{
	size_t pos = 0, end, eq, nlen, vlen;
	char *name = NULL, *value = NULL;
	int rc;

	while (pos < len) {
		const char *amp = memchr(data + pos, '&', len - pos);
		const char *peq;

		end = amp ? (size_t)(amp - data) : len;
		if (end == pos) {
			pos++;
			continue;
		}
		/* Reject before decoding so an oversized field costs no allocation. */
		if (f->n >= f->max_fields || end - pos > 3 * (f->max_name + f->max_value) + 1)
			return NRS_ETOOBIG;
		peq = memchr(data + pos, '=', end - pos);
		eq = peq ? (size_t)(peq - data) : end;
		rc = form_percent_decode(data + pos, eq - pos, true, &name, &nlen);
		if (rc != 0)
			return rc;
		if (peq)
			rc = form_percent_decode(data + eq + 1, end - eq - 1, true, &value, &vlen);
		else
			rc = form_percent_decode("", 0, true, &value, &vlen);
		if (rc != 0) {
			free(name);
			return rc;
		}
		rc = add_owned(f, name, nlen, value, vlen);
		if (rc != 0)
			return rc;
		pos = end + 1;
	}
	return 0;
}

const char *form_get(const struct form *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].name, name) == 0)
			return f->fields[i].value;
	return NULL;
}

const char *form_get_unique(const struct form *f, const char *name)
{
	return form_count(f, name) == 1 ? form_get(f, name) : NULL;
}

size_t form_count(const struct form *f, const char *name)
{
	size_t c = 0;

	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].name, name) == 0)
			c++;
	return c;
}

bool cookie_find(const char *header, const char *name, const char **val, size_t *len)
{
	size_t nlen = strlen(name);
	const char *p = header;

	if (header == NULL || nlen == 0)
		return false;
	while (*p) {
		const char *start, *semi;
		size_t seglen;

		while (*p == ' ' || *p == '\t' || *p == ';')
			p++;
		if (*p == '\0')
			break;
		start = p;
		semi = strchr(p, ';');
		seglen = semi ? (size_t)(semi - p) : strlen(p);
		if (seglen > nlen && strncmp(start, name, nlen) == 0 && start[nlen] == '=') {
			const char *v = start + nlen + 1;
			size_t vl = seglen - nlen - 1;

			while (vl > 0 && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
				vl--;
			if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') {
				v++;
				vl -= 2;
			}
			*val = v;
			*len = vl;
			return true;
		}
		p = start + seglen;
	}
	return false;
}
