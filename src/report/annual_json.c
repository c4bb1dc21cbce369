/* The annual report as JSON (see annual.h for the shape). Each published figure is the
 * number its text shows in the other formats, read back from rpt_cell_text: counts and
 * plain counts as integers, öre as whole kronor (integers), means and medians as decimal
 * numbers (4.5), per mille as a percentage with one decimal (57.3 for 573 ‰), full-time
 * equivalents with two (6.5). A hidden figure is the string of its mark ("<3", ".."), a
 * missing one null; totals that are not published are null. */
#include "report/annual.h"

#include "report/annual_entry.h"

#include <jansson.h>

/* Enough digits for any figure we publish (at most 18) and few enough that 57.3 is written
 * as 57.3 and not as the nearest double's 57.299999999999997. */
#define JSON_DIGITS 15

static json_t *entry_json(const struct annual_report *r, const struct rpt_table *t, size_t i,
                          size_t j)
{
	char text[RPT_CELL_MAX];
	struct annual_number num;

	if (!annual_published(t, i, j) || t->mark[i][j] == RPT_MISSING)
		return json_null();
	if (!annual_entry(r, t, i, j, text, &num))
		return json_string(text);
	if (num.decimals == 0)
		return json_integer(num.scaled);
	return json_real((double)num.scaled / (num.decimals == 1 ? 10.0 : 100.0));
}

/* Append v to a, stealing v even on failure; false when either is NULL or it fails. */
static bool push(json_t *a, json_t *v)
{
	if (a == NULL || v == NULL) {
		json_decref(v);
		return false;
	}
	return json_array_append_new(a, v) == 0;
}

/* Set obj[key] = v, stealing v even on failure; false when either is NULL or it fails. */
static bool set(json_t *obj, const char *key, json_t *v)
{
	if (obj == NULL || v == NULL) {
		json_decref(v);
		return false;
	}
	return json_object_set_new(obj, key, v) == 0;
}

/* a, or NULL (freeing a) when building it failed. */
static json_t *done(json_t *a, bool ok)
{
	if (!ok) {
		json_decref(a);
		return NULL;
	}
	return a;
}

static json_t *labels_json(const char (*labels)[RPT_LABEL_MAX], size_t n)
{
	json_t *a = json_array();
	bool ok = a != NULL;

	for (size_t k = 0; k < n && ok; k++)
		ok = push(a, json_string(labels[k]));
	return done(a, ok);
}

/* The row totals (j == cols) or column totals (i == rows) as an array, or null when the
 * table does not publish them. */
static json_t *totals_json(const struct annual_report *r, const struct rpt_table *t, bool rows)
{
	size_t n = rows ? t->rows : t->cols;
	json_t *a;
	bool ok;

	if (!(rows ? t->row_totals : t->col_totals))
		return json_null();
	a = json_array();
	ok = a != NULL;
	for (size_t k = 0; k < n && ok; k++)
		ok = push(a, rows ? entry_json(r, t, k, t->cols) : entry_json(r, t, t->rows, k));
	return done(a, ok);
}

static json_t *cells_json(const struct annual_report *r, const struct rpt_table *t)
{
	json_t *a = json_array();
	bool ok = a != NULL;

	for (size_t i = 0; i < t->rows && ok; i++) {
		json_t *row = json_array();

		ok = push(a, row);
		for (size_t j = 0; j < t->cols && ok; j++)
			ok = push(row, entry_json(r, t, i, j));
	}
	return done(a, ok);
}

static json_t *table_json(const struct annual_report *r, const struct rpt_table *t)
{
	json_t *o = json_object();
	bool ok = o != NULL;

	ok = ok && set(o, "id", json_string(t->id));
	ok = ok && set(o, "title", json_string(t->title));
	ok = ok && set(o, "kind", json_string(annual_kind_name(t->kind)));
	ok = ok && set(o, "corner", json_string(t->corner));
	ok = ok && set(o, "rows", labels_json(t->row_label, t->rows));
	ok = ok && set(o, "columns", labels_json(t->col_label, t->cols));
	ok = ok && set(o, "cells", cells_json(r, t));
	ok = ok && set(o, "row_totals", totals_json(r, t, true));
	ok = ok && set(o, "column_totals", totals_json(r, t, false));
	ok = ok && set(o, "total", entry_json(r, t, t->rows, t->cols));
	return done(o, ok);
}

static json_t *tables_json(const struct annual_report *r, const struct rpt_section *s)
{
	json_t *a = json_array();
	bool ok = a != NULL;

	for (size_t n = 0; n < s->n && ok; n++)
		ok = push(a, table_json(r, &r->tables[s->first + n]));
	return done(a, ok);
}

static json_t *section_json(const struct annual_report *r, const struct rpt_section *s)
{
	json_t *o = json_object();
	bool ok = o != NULL;

	ok = ok && set(o, "id", json_string(s->id));
	ok = ok && set(o, "title", json_string(s->title));
	ok = ok && set(o, "text", s->text != NULL ? json_string(s->text) : json_null());
	ok = ok && set(o, "tables", tables_json(r, s));
	return done(o, ok);
}

static json_t *sections_json(const struct annual_report *r)
{
	json_t *a = json_array();
	bool ok = a != NULL;

	for (size_t k = 0; k < r->n_sections && ok; k++)
		ok = push(a, section_json(r, &r->sections[k]));
	return done(a, ok);
}

static json_t *years_json(const struct annual_report *r)
{
	json_t *a = json_array();
	bool ok = a != NULL;

	for (int k = 0; k < r->n_years && ok; k++)
		ok = push(a, json_integer(r->years[k]));
	return done(a, ok);
}

static json_t *report_json(const struct annual_report *r)
{
	json_t *o = json_object();
	bool ok = o != NULL;

	ok = ok && set(o, "report", json_string(r->quality ? "quality" : "annual"));
	ok = ok && set(o, "year", json_integer(r->year));
	ok = ok && set(o, "years", years_json(r));
	ok = ok && set(o, "threshold", json_integer(r->threshold));
	ok = ok && set(o, "per_municipality", json_boolean(r->per_municipality));
	ok = ok && set(o, "sections", sections_json(r));
	return done(o, ok);
}

static int dump_cb(const char *p, size_t n, void *data)
{
	return buf_append(data, p, n) == 0 ? 0 : -1;
}

int annual_json(const struct annual_report *r, struct buf *out)
{
	json_t *root = report_json(r);
	size_t start = out->len;
	int rc = 0;

	if (root == NULL)
		return NRS_ENOMEM;
	if (json_dump_callback(root, dump_cb, out,
	                       JSON_COMPACT | JSON_PRESERVE_ORDER |
	                           JSON_REAL_PRECISION(JSON_DIGITS)) != 0) {
		/* leave out as it was */
		out->len = start;
		if (out->data != NULL)
			out->data[start] = '\0';
		rc = NRS_ENOMEM;
	}
	json_decref(root);
	return rc;
}
