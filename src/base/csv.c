/* Delimited-text reader (see csv.h). */
#include "base/csv.h"
#include "base/err.h"

#include <stdlib.h>
#include <string.h>

void csv_open(struct csv_reader *r, const char *data, size_t len, char sep)
{
	memset(r, 0, sizeof(*r));
	r->p = data;
	r->end = data + len;
	r->sep = sep;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		r->p += 3;
}

void csv_close(struct csv_reader *r)
{
	free(r->scratch);
	r->scratch = NULL;
}

static int ensure_scratch(struct csv_reader *r, size_t need)
{
	char *p;

	if (need <= r->scratch_cap)
		return 0;
	p = realloc(r->scratch, need);
	if (p == NULL)
		return NRS_ENOMEM;
	r->scratch = p;
	r->scratch_cap = need;
	return 0;
}

int csv_next(struct csv_reader *r)
{
	const char *p, *eol;
	char *out;
	int inq = 0;

	/* skip blank lines */
	while (r->p < r->end && (*r->p == '\n' || *r->p == '\r')) {
		if (*r->p == '\n')
			r->line++;
		r->p++;
	}
	if (r->p >= r->end)
		return 0;
	r->line++;
	/* find the end of the record, honouring quotes that span newlines */
	for (eol = r->p; eol < r->end; eol++) {
		if (*eol == '"')
			inq = !inq;
		else if (*eol == '\n' && !inq)
			break;
	}
	if (inq)
		return NRS_EINVAL;
	if (ensure_scratch(r, (size_t)(eol - r->p) + 1) != 0)
		return NRS_ENOMEM;
	out = r->scratch;
	r->nfields = 0;
	r->fields[r->nfields++] = out;
	for (p = r->p; p < eol; p++) {
		if (*p == '"') {
			if (inq && p + 1 < eol && p[1] == '"') {
				*out++ = '"';
				p++;
			} else {
				inq = !inq;
			}
		} else if (*p == r->sep && !inq) {
			*out++ = '\0';
			if (r->nfields == CSV_MAX_FIELDS)
				return NRS_EINVAL;
			r->fields[r->nfields++] = out;
		} else if (*p == '\r' && p + 1 == eol) {
			/* CRLF line ending */
		} else {
			if (*p == '\n')
				r->line++;
			*out++ = *p;
		}
	}
	*out = '\0';
	r->p = eol < r->end ? eol + 1 : eol;
	return 1;
}
