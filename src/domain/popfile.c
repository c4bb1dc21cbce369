/* SCB population files (see popfile.h): semicolon CSV and PxWeb JSON-stat 2 (parsed with
 * jansson). A file is accepted whole or not at all. */
#include "domain/popfile.h"
#include "base/csv.h"
#include "base/date.h"
#include "base/str.h"

#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void popfile_free(struct pop_file *pf)
{
	if (pf == NULL)
		return;
	free(pf->rows);
	pf->rows = NULL;
	pf->count = 0;
}

static int check_code(const char *code, const char *name, const char *where,
		      struct nrs_error *err)
{
	if (strlen(code) != 4 || !str_all_digits(code))
		return nrs_error_set(err, NRS_EINVAL, "kod",
				     "%s %s: fältet kod: \"%.20s\" är ingen kommunkod (fyra siffror)",
				     name, where, code);
	return 0;
}

static int add_row(struct pop_file *pf, const char *code, const char *mname, int64_t pop,
		   const char *where, const char *name, struct nrs_error *err)
{
	struct pop_row *r;

	for (size_t i = 0; i < pf->count; i++)
		if (strcmp(pf->rows[i].code, code) == 0)
			return nrs_error_set(err, NRS_EINVAL, "kod",
					     "%s %s: fältet kod: kommunkoden %s förekommer redan"
					     " (%s)",
					     name, where, code, pf->rows[i].where);
	if (pf->count == POPFILE_MAX_ROWS)
		return nrs_error_set(err, NRS_ETOOBIG, "", "%s: fler än %d rader", name,
				     POPFILE_MAX_ROWS);
	r = &pf->rows[pf->count++];
	snprintf(r->code, sizeof(r->code), "%s", code);
	snprintf(r->name, sizeof(r->name), "%s", mname);
	snprintf(r->where, sizeof(r->where), "%s", where);
	r->population = pop;
	return 0;
}

/* The population column may carry SCB's thousands spaces ("64 871"). */
static int parse_population(const char *s, int64_t *out)
{
	char digits[32];
	size_t n = 0;

	for (; *s; s++) {
		if (*s == ' ' || (unsigned char)*s == 0xa0)
			continue;
		if (n + 1 >= sizeof(digits))
			return NRS_EINVAL;
		digits[n++] = *s;
	}
	digits[n] = '\0';
	return str_to_i64(digits, 0, 100000000, out);
}

static bool is_header(const struct csv_reader *r)
{
	return r->nfields >= 1 && !str_all_digits(r->fields[0]) &&
	       r->line == 1 && r->nfields == 3 && !isdigit((unsigned char)r->fields[2][0]);
}

static int parse_csv(const char *data, size_t len, const char *name, struct pop_file *pf,
		     struct nrs_error *err)
{
	struct csv_reader r;
	char where[48];
	int rc = 0, got;

	csv_open(&r, data, len, ';');
	while ((got = csv_next(&r)) == 1) {
		int64_t pop;
		char *code, *mname;

		snprintf(where, sizeof(where), "rad %d", r.line);
		if (is_header(&r))
			continue;
		if (r.nfields != 3) {
			rc = nrs_error_set(err, NRS_EINVAL, r.nfields < 3 ? "befolkning" : "",
					   "%s %s: väntade tre fält (kod;namn;befolkning), fann %d",
					   name, where, r.nfields);
			goto out;
		}
		code = str_trim(r.fields[0]);
		mname = str_trim(r.fields[1]);
		rc = check_code(code, name, where, err);
		if (rc != 0)
			goto out;
		if (*mname == '\0' || !str_utf8_ok(mname, strlen(mname))) {
			rc = nrs_error_set(err, NRS_EINVAL, "namn",
					   "%s %s: fältet namn saknas eller är inte UTF-8", name,
					   where);
			goto out;
		}
		if (parse_population(str_trim(r.fields[2]), &pop) != 0) {
			rc = nrs_error_set(err, NRS_EINVAL, "befolkning",
					   "%s %s: fältet befolkning: \"%.20s\" är inget heltal"
					   " mellan 0 och 100 000 000",
					   name, where, r.fields[2]);
			goto out;
		}
		rc = add_row(pf, code, mname, pop, where, name, err);
		if (rc != 0)
			goto out;
	}
	if (got < 0) {
		rc = nrs_error_set(err, NRS_EINVAL, "", "%s rad %d: felaktig CSV (citattecken)",
				   name, r.line);
		goto out;
	}
	if (pf->count == 0)
		rc = nrs_error_set(err, NRS_EINVAL, "", "%s: filen innehåller inga rader", name);
out:
	csv_close(&r);
	return rc;
}

/* "2023" -> 2023-12-31; "2023M10" -> 2023-10-31 (end of the period SCB counts). */
static int time_to_date(const char *t, char out[static 11])
{
	int64_t y, m;
	char ys[5];
	struct nrs_date d;

	if (strlen(t) < 4)
		return NRS_EINVAL;
	memcpy(ys, t, 4);
	ys[4] = '\0';
	if (str_to_i64(ys, 1800, 9999, &y) != 0)
		return NRS_EINVAL;
	if (t[4] == '\0') {
		m = 12;
	} else if (t[4] == 'M' && str_to_i64(t + 5, 1, 12, &m) == 0) {
	} else {
		return NRS_EINVAL;
	}
	d.year = (int)y;
	d.month = (int)m;
	d.day = date_days_in_month(d.year, d.month);
	date_format(&d, out);
	return 0;
}

static bool is_region_dim(const char *id)
{
	return strcasecmp(id, "Region") == 0;
}

static bool is_time_dim(const char *id)
{
	return strcasecmp(id, "Tid") == 0 || strcasecmp(id, "time") == 0;
}

/* The category key at position idx of a dimension, from category.index (object or array). */
static const char *category_at(json_t *dim, size_t idx)
{
	json_t *index = json_object_get(json_object_get(dim, "category"), "index");
	const char *key;
	json_t *val;

	if (json_is_array(index))
		return json_string_value(json_array_get(index, idx));
	json_object_foreach(index, key, val)
	{
		if (json_is_integer(val) && (size_t)json_integer_value(val) == idx)
			return key;
	}
	return NULL;
}

static int parse_jsonstat(const char *data, size_t len, const char *name, struct pop_file *pf,
			  struct nrs_error *err)
{
	json_error_t jerr;
	json_t *root, *ids, *sizes, *dims, *values;
	size_t ndim, region_dim = SIZE_MAX, total = 1, stride[16];
	int rc = 0;

	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL)
		return nrs_error_set(err, NRS_EINVAL, "", "%s rad %d: ogiltig JSON (%s)", name,
				     jerr.line, jerr.text);
	ids = json_object_get(root, "id");
	sizes = json_object_get(root, "size");
	dims = json_object_get(root, "dimension");
	values = json_object_get(root, "value");
	ndim = json_array_size(ids);
	if (!json_is_array(ids) || !json_is_array(sizes) || !json_is_object(dims) ||
	    ndim == 0 || ndim > 16 || json_array_size(sizes) != ndim ||
	    !(json_is_array(values) || json_is_object(values))) {
		rc = nrs_error_set(err, NRS_EINVAL, "",
				   "%s: inte JSON-stat 2 (id, size, dimension och value krävs)",
				   name);
		goto out;
	}
	/* row-major strides; every dimension but Region must hold a single category */
	for (size_t i = ndim; i-- > 0;) {
		const char *id = json_string_value(json_array_get(ids, i));
		json_t *sz = json_array_get(sizes, i);
		json_int_t n = json_is_integer(sz) ? json_integer_value(sz) : -1;

		if (id == NULL || n < 1 || n > POPFILE_MAX_ROWS ||
		    !json_is_object(json_object_get(dims, id))) {
			rc = nrs_error_set(err, NRS_EINVAL, "dimension",
					   "%s: dimension nr %zu är felaktig", name, i + 1);
			goto out;
		}
		stride[i] = total;
		total *= (size_t)n;
		if (total > POPFILE_MAX_ROWS) {
			rc = nrs_error_set(err, NRS_ETOOBIG, "", "%s: för många värden", name);
			goto out;
		}
		if (is_region_dim(id)) {
			region_dim = i;
		} else if (n != 1) {
			rc = nrs_error_set(err, NRS_EINVAL, id,
					   "%s: dimensionen %s har %lld värden; välj ett enda i"
					   " uttaget",
					   name, id, (long long)n);
			goto out;
		} else if (is_time_dim(id)) {
			const char *t = category_at(json_object_get(dims, id), 0);
			if (t == NULL || time_to_date(t, pf->ref_date) != 0) {
				rc = nrs_error_set(err, NRS_EINVAL, id,
						   "%s: tidpunkten i dimensionen %s går inte att"
						   " tolka",
						   name, id);
				goto out;
			}
		}
	}
	if (region_dim == SIZE_MAX) {
		rc = nrs_error_set(err, NRS_EINVAL, "Region", "%s: dimensionen Region saknas",
				   name);
		goto out;
	}
	{
		json_t *rdim = json_object_get(dims, json_string_value(json_array_get(ids, region_dim)));
		json_t *labels = json_object_get(json_object_get(rdim, "category"), "label");
		size_t nreg = (size_t)json_integer_value(json_array_get(sizes, region_dim));

		for (size_t k = 0; k < nreg; k++) {
			const char *code = category_at(rdim, k);
			const char *label;
			char where[48], key[16];
			json_t *v;
			size_t flat = k * stride[region_dim];

			snprintf(where, sizeof(where), "region nr %zu", k + 1);
			if (code == NULL) {
				rc = nrs_error_set(err, NRS_EINVAL, "Region",
						   "%s %s: kategorin saknas", name, where);
				goto out;
			}
			snprintf(where, sizeof(where), "region %.8s", code);
			rc = check_code(code, name, where, err);
			if (rc != 0)
				goto out;
			label = json_string_value(json_object_get(labels, code));
			if (json_is_array(values)) {
				v = json_array_get(values, flat);
			} else {
				snprintf(key, sizeof(key), "%zu", flat);
				v = json_object_get(values, key);
			}
			if (!json_is_integer(v) || json_integer_value(v) < 0 ||
			    json_integer_value(v) > 100000000) {
				rc = nrs_error_set(err, NRS_EINVAL, "value",
						   "%s %s: fältet value: värdet saknas eller är"
						   " inget heltal mellan 0 och 100 000 000",
						   name, where);
				goto out;
			}
			rc = add_row(pf, code, label ? label : "", json_integer_value(v), where,
				     name, err);
			if (rc != 0)
				goto out;
		}
	}
out:
	json_decref(root);
	return rc;
}

static enum popfile_format sniff(const char *data, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (isspace((unsigned char)data[i]))
			continue;
		return data[i] == '{' ? POPFILE_JSONSTAT : POPFILE_CSV;
	}
	return POPFILE_CSV;
}

int popfile_parse(const char *data, size_t len, enum popfile_format fmt, const char *name,
		  struct pop_file *out, struct nrs_error *err)
{
	int rc;

	memset(out, 0, sizeof(*out));
	out->rows = calloc(POPFILE_MAX_ROWS, sizeof(*out->rows));
	if (out->rows == NULL)
		return nrs_error_set(err, NRS_ENOMEM, "", "minnet tog slut");
	if (fmt == POPFILE_AUTO)
		fmt = sniff(data, len);
	if (fmt == POPFILE_JSONSTAT)
		rc = parse_jsonstat(data, len, name, out, err);
	else
		rc = parse_csv(data, len, name, out, err);
	if (rc != 0)
		popfile_free(out);
	return rc;
}
