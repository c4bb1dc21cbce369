/* The annual report as data (see report_model.h): building it up section by section, the
 * protection of its count tables on top of domain/suppress, shared figures hidden alike, and
 * the one place that decides how a published entry reads. */
#include "domain/report_model.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GRID (SUPPRESS_MAX_DIM + 1)

static void copy_str(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src != NULL ? src : "");
}

void rpt_init(struct annual_report *r)
{
	memset(r, 0, sizeof(*r));
}

void rpt_free(struct annual_report *r)
{
	if (r == NULL)
		return;
	for (size_t k = 0; k < r->n_sections; k++)
		free(r->sections[k].text);
	free(r->tables);
	memset(r, 0, sizeof(*r));
}

int rpt_section(struct annual_report *r, const char *id, const char *title, struct nrs_error *err)
{
	struct rpt_section *s;

	if (r->n_sections >= RPT_MAX_SECTIONS)
		return nrs_error_set(err, NRS_EINVAL, "rapport", "Rapporten har för många avsnitt");
	s = &r->sections[r->n_sections++];
	memset(s, 0, sizeof(*s));
	copy_str(s->id, sizeof(s->id), id);
	copy_str(s->title, sizeof(s->title), title);
	s->first = r->n_tables;
	return 0;
}

int rpt_section_text(struct annual_report *r, const char *text, struct nrs_error *err)
{
	struct rpt_section *s;
	char *copy;

	if (r->n_sections == 0)
		return nrs_error_set(err, NRS_EINVAL, "rapport",
		                     "Texten hör inte till något avsnitt");
	s = &r->sections[r->n_sections - 1];
	copy = strdup(text != NULL ? text : "");
	if (copy == NULL)
		return nrs_error_set(err, NRS_ENOMEM, "rapport",
		                     "Minnet räckte inte till rapporten");
	free(s->text);
	s->text = copy;
	return 0;
}

struct rpt_table *rpt_add_table(struct annual_report *r, const char *id, const char *title,
                                enum rpt_kind kind, size_t rows, size_t cols, struct nrs_error *err)
{
	struct rpt_table *t;

	if (r->n_sections == 0) {
		nrs_error_set(err, NRS_EINVAL, "rapport", "Tabellen hör inte till något avsnitt");
		return NULL;
	}
	if (rows == 0 || cols == 0 || rows > RPT_MAX_ROWS || cols > RPT_MAX_COLS) {
		nrs_error_set(err, NRS_EINVAL, "rapport",
		              "Tabellen måste ha 1–%d rader och 1–%d kolumner", RPT_MAX_ROWS,
		              RPT_MAX_COLS);
		return NULL;
	}
	if (r->n_tables == r->cap_tables) {
		size_t cap = r->cap_tables != 0 ? 2 * r->cap_tables : 32;
		struct rpt_table *p = realloc(r->tables, cap * sizeof(*p));

		if (p == NULL) {
			nrs_error_set(err, NRS_ENOMEM, "rapport",
			              "Minnet räckte inte till rapporten");
			return NULL;
		}
		r->tables = p;
		r->cap_tables = cap;
	}
	t = &r->tables[r->n_tables++];
	memset(t, 0, sizeof(*t));
	copy_str(t->id, sizeof(t->id), id);
	copy_str(t->title, sizeof(t->title), title);
	t->kind = kind;
	t->rows = rows;
	t->cols = cols;
	t->col_totals = kind == RPT_COUNT || kind == RPT_PLAIN;
	r->sections[r->n_sections - 1].n++;
	return t;
}

const struct rpt_table *rpt_find(const struct annual_report *r, const char *id)
{
	for (size_t k = 0; k < r->n_tables; k++)
		if (strcmp(r->tables[k].id, id) == 0)
			return &r->tables[k];
	return NULL;
}

/* ---- protection ------------------------------------------------------------------------- */

/* Row, column and grand totals of a count table from its cells. */
static int add_totals(struct rpt_table *t, struct nrs_error *err)
{
	struct suppress_table s;
	int rc = suppress_table_init(&s, t->rows, t->cols, err);

	if (rc != 0)
		return rc;
	memcpy(s.v, t->v, sizeof(s.v));
	rc = suppress_table_add_totals(&s, err);
	if (rc != 0)
		return nrs_error_set(err, rc, "rapport", "Tabellen %s har ett ogiltigt värde",
		                     t->id);
	memcpy(t->v, s.v, sizeof(t->v));
	return 0;
}

static bool publishes_totals(const struct rpt_table *t)
{
	return t->row_totals || t->col_totals;
}

/* Protected on the full grid: a count table with some total published. */
static bool full_grid(const struct rpt_table *t)
{
	return t->kind == RPT_COUNT && publishes_totals(t);
}

/* What rpt_protect keeps per table while it looks for the fixpoint. */
struct guard {
	struct suppress_table t;
	struct suppress_result res;
	unsigned char force[GRID][GRID];
	unsigned char unpublished[GRID][GRID]; /* in no place that shows it */
	/* withheld whatever its value, as suppress's step 5 does: part of a shared figure's
	 * surroundings whose marks give it away in the report as a whole (see withhold_joint) */
	unsigned char withhold[GRID][GRID];
	bool whole;        /* nothing less than hiding everything protects it (withhold_joint) */
	bool dirty;        /* force changed since res was computed */
	bool shared[GRID]; /* row i is a line shown in another table too */
};

/* Line ia of table a and line ib of table b show the same figures: either a's column-totals
 * row and b's (the same link), or a's row ia standing for the statistic b is linked to
 * (row_link) and b's column-totals row. */
static bool same_line(const struct annual_report *r, size_t a, size_t ia, size_t b, size_t ib)
{
	const struct rpt_table *ta = &r->tables[a], *tb = &r->tables[b];

	if (a == b || !full_grid(ta) || !full_grid(tb) || ib != tb->rows || tb->link[0] == '\0')
		return false;
	if (ia == ta->rows)
		return strcmp(ta->link, tb->link) == 0;
	return ia < ta->rows && strcmp(ta->row_link[ia], tb->link) == 0;
}

/* Whether table b shows line ia of table a too, and as which of its rows (*ib). */
static bool line_in(const struct annual_report *r, size_t a, size_t ia, size_t b, size_t *ib)
{
	if (same_line(r, a, ia, b, r->tables[b].rows)) {
		*ib = r->tables[b].rows;
		return true;
	}
	for (size_t x = 0; x < r->tables[b].rows; x++)
		if (same_line(r, b, x, a, ia)) {
			*ib = x;
			return true;
		}
	return false;
}

/* Hidden by a mark (withheld ones too, marked SUPPRESS_SECONDARY): a published entry the
 * reader must not learn (an unpublished one is unpublished in every place that shows it,
 * see publish_shared). A shown entry is never forced hidden elsewhere. */
static bool marked(unsigned char mark)
{
	return mark == SUPPRESS_PRIMARY || mark == SUPPRESS_SECONDARY;
}

/* Line ia of table a and line ib of table b hold the same figures (cells and total, entry
 * by entry): an entry hidden in either is forced hidden in the other. Sets *changed when a
 * force mask grew. NRS_EINVAL when the figures differ. */
static int share_line(const struct rpt_table *ta, struct guard *a, size_t ia,
                      const struct rpt_table *tb, struct guard *b, size_t ib, bool *changed,
                      struct nrs_error *err)
{
	if (ta->cols != tb->cols)
		return nrs_error_set(err, NRS_EINVAL, "rapport",
		                     "Tabellerna %s och %s delar summor men har olika kolumner",
		                     ta->id, tb->id);
	for (size_t j = 0; j <= ta->cols; j++) {
		if (a->t.v[ia][j] != b->t.v[ib][j])
			return nrs_error_set(
			    err, NRS_EINVAL, "rapport",
			    "Tabellerna %s och %s visar olika värden för samma tal", ta->id,
			    tb->id);
		if (marked(a->res.mark[ia][j]) && !b->force[ib][j]) {
			b->force[ib][j] = 1;
			b->dirty = *changed = true;
		}
		if (marked(b->res.mark[ib][j]) && !a->force[ia][j]) {
			a->force[ia][j] = 1;
			a->dirty = *changed = true;
		}
	}
	return 0;
}

/* One pass over every pair of places that show the same figures. */
static int share_all(const struct annual_report *r, struct guard *g, bool *changed,
                     struct nrs_error *err)
{
	for (size_t a = 0; a < r->n_tables; a++)
		for (size_t ia = 0; ia <= r->tables[a].rows; ia++)
			for (size_t b = 0; b < r->n_tables; b++) {
				int rc;

				if (!same_line(r, a, ia, b, r->tables[b].rows))
					continue;
				g[a].shared[ia] = g[b].shared[r->tables[b].rows] = true;
				rc = share_line(&r->tables[a], &g[a], ia, &r->tables[b], &g[b],
				                r->tables[b].rows, changed, err);
				if (rc != 0)
					return rc;
			}
	return 0;
}

/* Protect every table from its force mask, and share what is hidden, until no mask grows.
 * The masks only grow, so this ends; at the end every table's marks are
 * suppress_apply_forced of its mask, and its mask holds every entry hidden in a place that
 * shares it. */
static int fixpoint(const struct annual_report *r, struct guard *g, struct nrs_error *err)
{
	bool changed = true;
	int rc = 0;

	while (rc == 0 && changed) {
		changed = false;
		for (size_t k = 0; rc == 0 && k < r->n_tables; k++) {
			if (!full_grid(&r->tables[k]) || !g[k].dirty)
				continue;
			rc = suppress_apply_withheld(
			    &g[k].t, r->threshold, (const unsigned char(*)[GRID])g[k].force,
			    (const unsigned char(*)[GRID])g[k].unpublished,
			    (const unsigned char(*)[GRID])g[k].withhold, &g[k].res, err);
			if (rc == 0 && g[k].whole)
				suppress_hide_whole(&g[k].res);
			g[k].dirty = false;
		}
		if (rc == 0)
			rc = share_all(r, g, &changed, err);
	}
	return rc;
}

/* ---- the joint audit --------------------------------------------------------------------
 *
 * suppress_cell_exposed audits one table. A reader of the report also puts tables together:
 * a year total hidden in the gender table and in the types table may have a range in each
 * that meets the other's in one value (seen: ≥ 5 in one, ≤ 5 in the other). So the figures
 * are audited as one system. In each table, as in suppress.h, another completion is a unit
 * circulation on the residual graph of its hidden entries (its unpublished ones included,
 * any value from 0); the tables must move together where they share a line. The audit
 * looks for such joint moves in a restricted, safe form: a cycle in one table may pass
 * through a shared row only by changing two of its entries (a "passage"), and then every
 * other table showing that line must close its own cycle through the same two entries
 * without touching any shared row of its own. Every move it
 * finds is a real other completion, so "not exposed" is proven; it may miss moves, which
 * only makes rpt_protect hide more than the least it could. */

static bool hidden_at(const struct guard *g, size_t i, size_t j)
{
	return g->res.mark[i][j] != SUPPRESS_SHOWN;
}

/* Whether sign * value of hidden or unpublished entry (i, j) of one table may move by dir
 * and stay within what its marks tell the reader (a withheld entry: anything from 0;
 * widened to the true value, as in suppress.c). */
static bool movable(const struct guard *g, int64_t threshold, size_t i, size_t j, int dir)
{
	int64_t x = g->t.v[i][j], lo, hi;
	int sign = (i < g->t.rows) == (j < g->t.cols) ? 1 : -1;

	if (!hidden_at(g, i, j))
		return false;
	if (g->res.whole || g->res.withheld[i][j] || g->res.mark[i][j] == SUPPRESS_UNPUBLISHED) {
		lo = 0;
		hi = INT64_MAX;
	} else if (g->res.mark[i][j] == SUPPRESS_PRIMARY) {
		lo = 1;
		hi = threshold - 1;
	} else {
		lo = threshold;
		hi = INT64_MAX;
	}
	if (x < lo)
		lo = x;
	if (x > hi)
		hi = x;
	return sign * dir > 0 ? x < hi : x > lo;
}

/* Within one table and touching none of its shared rows: a residual path from column node
 * from to column node to (row -> column where an entry may grow, column -> row where it
 * may shrink). */
static bool path_cols(const struct guard *g, int64_t threshold, size_t from, size_t to)
{
	unsigned char seen_row[GRID] = {0}, seen_col[GRID] = {0};
	size_t queue[2 * GRID], head = 0, tail = 0;

	queue[tail++] = GRID + from;
	seen_col[from] = 1;
	while (head < tail) {
		size_t u = queue[head++];

		if (u == GRID + to)
			return true;
		if (u < GRID) {
			for (size_t j = 0; j <= g->t.cols; j++)
				if (!seen_col[j] && movable(g, threshold, u, j, 1)) {
					seen_col[j] = 1;
					queue[tail++] = GRID + j;
				}
		} else {
			for (size_t i = 0; i <= g->t.rows; i++)
				if (!seen_row[i] && !g->shared[i] &&
				    movable(g, threshold, i, u - GRID, -1)) {
					seen_row[i] = 1;
					queue[tail++] = i;
				}
		}
	}
	return false;
}

/* Can line ia of table a pass from entry (ia, in) shrinking to entry (ia, out) growing
 * (signs of table a), with every other place of the line closing its own cycle through the
 * same two entries? self: table a must close one too (else a's caller has its own cycle). */
static bool passage(const struct annual_report *r, const struct guard *g, size_t a, size_t ia,
                    size_t in, size_t out, bool self)
{
	const struct rpt_table *ta = &r->tables[a];
	int64_t T = r->threshold;

	for (size_t b = 0; b < r->n_tables; b++) {
		size_t ib = ia;
		/* a line that is a totals row in one table and an inner row in the other has its
		 * signs the other way round */
		bool flip;

		if (b == a ? !self : !line_in(r, a, ia, b, &ib))
			continue;
		flip = (ia == ta->rows) != (ib == r->tables[b].rows);
		if (!flip) {
			if (!movable(&g[b], T, ib, in, -1) || !movable(&g[b], T, ib, out, 1) ||
			    !path_cols(&g[b], T, out, in))
				return false;
		} else if (!movable(&g[b], T, ib, in, 1) || !movable(&g[b], T, ib, out, -1) ||
		           !path_cols(&g[b], T, in, out)) {
			return false;
		}
	}
	return true;
}

/* From node `from` to node `to` of table a (rows 0..R, columns GRID + j) in the residual
 * graph without edge (ei, ej), where a shared row is crossed only by a passage. A breadth-
 * first search in which each node but a shared row is entered once; a shared row may be
 * entered again from another column (its passages depend on the entry it is entered by: an
 * unpublished grand total, say, passes where a year total does not), but never twice on
 * one path: on[] holds the shared rows on the path to each node, so every path found is
 * simple, and so is the cycle it closes. */
static bool reaches_joint(const struct annual_report *r, const struct guard *g, size_t a,
                          size_t from, size_t to, size_t ei, size_t ej)
{
	const struct guard *ga = &g[a];
	unsigned char seen[2 * GRID] = {0};
	uint32_t on[2 * GRID] = {0}; /* bit i: shared row i is on the path */
	size_t queue[2 * GRID], head = 0, tail = 0;
	int64_t T = r->threshold;

	queue[tail++] = from;
	seen[from] = 1;
	while (head < tail) {
		size_t u = queue[head++];

		if (u == to)
			return true;
		if (u < GRID) {
			for (size_t j = 0; j <= ga->t.cols; j++)
				if (!seen[GRID + j] && !(u == ei && j == ej) &&
				    movable(ga, T, u, j, 1)) {
					seen[GRID + j] = 1;
					on[GRID + j] = on[u];
					queue[tail++] = GRID + j;
				}
			continue;
		}
		for (size_t i = 0; i <= ga->t.rows; i++) {
			size_t c = u - GRID;
			uint32_t bit = UINT32_C(1) << i;

			if ((i == ei && c == ej) || !movable(ga, T, i, c, -1))
				continue;
			if (!ga->shared[i]) {
				if (seen[i])
					continue;
				seen[i] = 1;
				on[i] = on[u];
				queue[tail++] = i;
				continue;
			}
			/* through a shared row: only on to columns a passage reaches */
			if (on[u] & bit)
				continue;
			for (size_t j = 0; j <= ga->t.cols; j++)
				if (!seen[GRID + j] && movable(ga, T, i, j, 1) &&
				    passage(r, g, a, i, c, j, false)) {
					seen[GRID + j] = 1;
					on[GRID + j] = on[u] | bit;
					queue[tail++] = GRID + j;
				}
		}
	}
	return false;
}

/* Whether hidden entry (i, j) of table a can be worked out from the report as a whole (as
 * far as the restricted search sees; see above). Zeros are not audited: a zero identifies
 * nobody and is shown as such everywhere but where it is withheld, so knowing one
 * discloses nothing (the same holds for an entry shown in another place: only a zero can
 * be shown there while hidden here). Nor are unpublished entries (suppress.h). */
static bool exposed_joint(const struct annual_report *r, const struct guard *g, size_t a, size_t i,
                          size_t j)
{
	const struct guard *ga = &g[a];
	int64_t T = r->threshold;

	if (!marked(ga->res.mark[i][j]) || ga->t.v[i][j] == 0)
		return false;
	if (ga->shared[i]) {
		for (size_t b = 0; b < r->n_tables; b++) {
			size_t ib;

			if (b != a && line_in(r, a, i, b, &ib) && !hidden_at(&g[b], ib, j))
				return false;
		}
		for (size_t k = 0; k <= ga->t.cols; k++)
			if (k != j &&
			    (passage(r, g, a, i, j, k, true) || passage(r, g, a, i, k, j, true)))
				return false;
		return true;
	}
	if (movable(ga, T, i, j, 1) && reaches_joint(r, g, a, GRID + j, i, i, j))
		return false;
	if (movable(ga, T, i, j, -1) && reaches_joint(r, g, a, i, GRID + j, i, j))
		return false;
	return true;
}

static bool first_exposed(const struct annual_report *r, const struct guard *g, size_t *ka,
                          size_t *ki, size_t *kj)
{
	for (size_t a = 0; a < r->n_tables; a++) {
		bool any_shared = false;

		if (!full_grid(&r->tables[a]))
			continue;
		for (size_t i = 0; i <= g[a].t.rows; i++)
			any_shared |= g[a].shared[i];
		/* a table sharing nothing is covered by suppress's own audit */
		if (!any_shared)
			continue;
		for (size_t i = 0; i <= g[a].t.rows; i++)
			for (size_t j = 0; j <= g[a].t.cols; j++)
				if (exposed_joint(r, g, a, i, j)) {
					*ka = a;
					*ki = i;
					*kj = j;
					return true;
				}
	}
	return false;
}

/* Table b is a (the exposed entry's table) or shows the line of row i of a. */
static bool in_reach(const struct annual_report *r, size_t a, size_t i, size_t b)
{
	size_t ib;

	return b == a || line_in(r, a, i, b, &ib);
}

/* Force one more entry hidden for exposed entry (i, j) of table a: the smallest shown
 * non-zero entry of a or of a table sharing its line whose hiding alone makes it safe;
 * failing that, the smallest in a's row i or column j, in a, or in those tables. false when
 * nothing shown and non-zero is left there (withhold_joint's turn). */
static bool escalate(const struct annual_report *r, struct guard *g, size_t a, size_t i, size_t j)
{
	size_t bb = 0, bi = 0, bj = 0;
	int64_t best = -1;
	int pass;

	for (pass = 0; pass < 4 && best < 0; pass++)
		for (size_t b = 0; b < r->n_tables; b++) {
			if (!full_grid(&r->tables[b]) || !in_reach(r, a, i, b) ||
			    (pass == 1 && b != a) || (pass == 2 && b != a))
				continue;
			for (size_t x = 0; x <= g[b].t.rows; x++)
				for (size_t y = 0; y <= g[b].t.cols; y++) {
					int64_t v = g[b].t.v[x][y];
					unsigned char keep = g[b].res.mark[x][y];
					bool ok;

					if (hidden_at(&g[b], x, y) || v == 0 ||
					    (best >= 0 && v >= best))
						continue;
					if (pass == 1 && x != i && y != j)
						continue;
					if (pass == 0) {
						g[b].res.mark[x][y] = SUPPRESS_SECONDARY;
						ok = !exposed_joint(r, g, a, i, j);
						g[b].res.mark[x][y] = keep;
						if (!ok)
							continue;
					}
					best = v;
					bb = b;
					bi = x;
					bj = y;
				}
		}
	if (best < 0)
		return false;
	g[bb].force[bi][bj] = 1;
	g[bb].dirty = true;
	return true;
}

/* Whether exposed entry (i, j) of table a stays exposed even with every shown non-zero
 * entry of every table hidden: then the marks themselves give it away across the tables
 * and no secondary suppression helps (as suppress's step 5). scratch holds n_tables
 * guards. */
static bool beyond_secondary_joint(const struct annual_report *r, const struct guard *g,
                                   struct guard *scratch, size_t a, size_t i, size_t j)
{
	memcpy(scratch, g, r->n_tables * sizeof(*g));
	for (size_t b = 0; b < r->n_tables; b++) {
		if (!full_grid(&r->tables[b]))
			continue;
		for (size_t x = 0; x <= scratch[b].t.rows; x++)
			for (size_t y = 0; y <= scratch[b].t.cols; y++)
				if (!hidden_at(&scratch[b], x, y) && scratch[b].t.v[x][y] != 0)
					scratch[b].res.mark[x][y] = SUPPRESS_SECONDARY;
	}
	return exposed_joint(r, scratch, a, i, j);
}

/* Withhold entry (x, y) of table b from now on (an unpublished one is unknown already).
 * true when that is new. */
static bool withhold_at(struct guard *gb, size_t x, size_t y)
{
	if (gb->withhold[x][y] || gb->unpublished[x][y])
		return false;
	gb->withhold[x][y] = 1;
	gb->dirty = true;
	return true;
}

static bool column_withheld(const struct guard *gb, size_t y)
{
	for (size_t x = 0; x <= gb->t.rows; x++)
		if (!gb->withhold[x][y] && !gb->unpublished[x][y])
			return false;
	return true;
}

/* Withhold column y of table a, and wherever an entry of it is shown in another table:
 * the same year's column there too when it is that table's year total (a statistic's
 * breakdowns share their year columns), only the entry when it is a row of it (the types
 * table keeps the other types' figures of that year). true when anything is new. */
static bool withhold_column(const struct annual_report *r, struct guard *g, size_t a, size_t y)
{
	bool any = false;

	for (size_t x = 0; x <= g[a].t.rows; x++)
		any |= withhold_at(&g[a], x, y);
	for (size_t x = 0; x <= g[a].t.rows; x++)
		for (size_t b = 0; b < r->n_tables; b++) {
			size_t ib;

			if (!g[a].shared[x] || !line_in(r, a, x, b, &ib))
				continue;
			if (ib < r->tables[b].rows)
				any |= withhold_at(&g[b], ib, y);
			else if (!column_withheld(&g[b], y))
				any |= withhold_column(r, g, b, y);
		}
	return any;
}

/* An entry withheld in one place is withheld in every place that shows it: else the marks
 * there would tell the reader what it says nothing of here. To a fixpoint. */
static void share_withheld(const struct annual_report *r, struct guard *g)
{
	bool changed = true;

	while (changed) {
		changed = false;
		for (size_t a = 0; a < r->n_tables; a++)
			for (size_t ia = 0; ia <= r->tables[a].rows; ia++)
				for (size_t b = 0; b < r->n_tables; b++) {
					size_t ib = r->tables[b].rows;

					if (!same_line(r, a, ia, b, ib))
						continue;
					for (size_t y = 0; y <= r->tables[a].cols; y++) {
						if (g[a].withhold[ia][y])
							changed |= withhold_at(&g[b], ib, y);
						if (g[b].withhold[ib][y])
							changed |= withhold_at(&g[a], ia, y);
					}
				}
	}
}

/* For exposed entry (i, j) of table a that no secondary suppression protects: withhold the
 * smallest part around it that adds something, as suppress's step 5 does within one table —
 * its year column (in a and in the tables sharing that column, withhold_column), then its
 * row, then all of table a, each shared alike wherever shown (share_withheld); when all of
 * that is withheld already, the tables in reach are hidden whole. false when even that has
 * been done (nothing more to hide). */
static bool withhold_joint(const struct annual_report *r, struct guard *g, size_t a, size_t i,
                           size_t j)
{
	bool any = withhold_column(r, g, a, j);

	for (size_t y = 0; !any && y <= g[a].t.cols; y++)
		any |= withhold_at(&g[a], i, y);
	for (size_t x = 0; !any && x <= g[a].t.rows; x++)
		for (size_t y = 0; y <= g[a].t.cols; y++)
			any |= withhold_at(&g[a], x, y);
	if (any) {
		share_withheld(r, g);
		return true;
	}
	for (size_t b = 0; b < r->n_tables; b++)
		if (full_grid(&r->tables[b]) && in_reach(r, a, i, b) && !g[b].whole) {
			g[b].whole = g[b].dirty = true;
			any = true;
		}
	return any;
}

/* Which entries no place publishes. A table publishes its cells, its row totals with
 * row_totals, its column totals with col_totals and its grand total with both (as the
 * writers do, report/annual_entry.c). A figure shown in two places is published if either
 * publishes it (types.started with row totals would publish the grand total of the
 * statistic its row stands for): the reader then knows it, and it is protected as such. */
static void publish_shared(const struct annual_report *r, struct guard *g)
{
	bool changed = true;

	for (size_t k = 0; k < r->n_tables; k++) {
		const struct rpt_table *t = &r->tables[k];

		if (full_grid(t))
			suppress_unpublished_totals(g[k].unpublished, t->rows, t->cols,
			                            t->row_totals, t->col_totals);
	}
	/* published anywhere along a chain of shared lines: to a fixpoint */
	while (changed) {
		changed = false;
		for (size_t a = 0; a < r->n_tables; a++)
			for (size_t ia = 0; ia <= r->tables[a].rows; ia++)
				for (size_t b = 0; b < r->n_tables; b++) {
					size_t ib = r->tables[b].rows;

					if (!same_line(r, a, ia, b, ib) ||
					    r->tables[a].cols != r->tables[b].cols)
						continue;
					for (size_t j = 0; j <= r->tables[a].cols; j++)
						if (g[a].unpublished[ia][j] !=
						    g[b].unpublished[ib][j]) {
							g[a].unpublished[ia][j] = 0;
							g[b].unpublished[ib][j] = 0;
							changed = true;
						}
				}
	}
}

/* A count's mark when only its smallness counts: an entry no place publishes (writers never
 * show it; should one, a small count still reads "<3"), and every entry of a table
 * publishing no totals. */
static unsigned char primary_mark(int64_t v, int64_t threshold)
{
	return v > 0 && v < threshold ? RPT_SMALL : RPT_SHOWN;
}

/* The published mark of a suppress mark. */
static unsigned char rpt_mark_of(unsigned char mark, int64_t v, int64_t threshold)
{
	switch (mark) {
	case SUPPRESS_PRIMARY:
		return RPT_SMALL;
	case SUPPRESS_SECONDARY:
		return RPT_HIDDEN;
	case SUPPRESS_UNPUBLISHED:
		return primary_mark(v, threshold);
	default:
		return RPT_SHOWN;
	}
}

/* Full-grid protection of every count table with published totals: each table by
 * suppress from a force mask, the masks made to agree where tables share figures, and more
 * hidden until the report as a whole passes the joint audit. */
static int protect_shared(struct annual_report *r, struct nrs_error *err)
{
	/* the guards, then as many for beyond_secondary_joint's trials */
	size_t n = r->n_tables != 0 ? r->n_tables : 1;
	struct guard *g = calloc(2 * n, sizeof(*g)), *scratch = g + n;
	size_t a, i, j;
	int rc = 0;

	if (g == NULL)
		return nrs_error_set(err, NRS_ENOMEM, "rapport",
		                     "Minnet räckte inte till rapporten");
	for (size_t k = 0; k < r->n_tables; k++) {
		if (!full_grid(&r->tables[k]))
			continue;
		g[k].t.rows = r->tables[k].rows;
		g[k].t.cols = r->tables[k].cols;
		memcpy(g[k].t.v, r->tables[k].v, sizeof(g[k].t.v));
		g[k].dirty = true;
	}
	publish_shared(r, g);
	/* Each round forces or withholds at least one more entry or hides a whole table, so
	 * this ends. As in suppress: withhold where the marks themselves give a figure away,
	 * else hide one more. */
	for (;;) {
		rc = fixpoint(r, g, err);
		if (rc != 0 || !first_exposed(r, g, &a, &i, &j))
			break;
		if ((beyond_secondary_joint(r, g, scratch, a, i, j) || !escalate(r, g, a, i, j)) &&
		    !withhold_joint(r, g, a, i, j))
			break;
	}
	for (size_t k = 0; rc == 0 && k < r->n_tables; k++) {
		struct rpt_table *t = &r->tables[k];

		if (!full_grid(t))
			continue;
		for (size_t x = 0; x <= t->rows; x++)
			for (size_t y = 0; y <= t->cols; y++) {
				t->mark[x][y] =
				    rpt_mark_of(g[k].res.mark[x][y], t->v[x][y], r->threshold);
				t->withheld[x][y] = g[k].res.withheld[x][y];
			}
	}
	free(g);
	return rc;
}

/* A count table publishing no totals: only the small counts themselves are hidden. */
static void protect_primary(struct rpt_table *t, int64_t threshold)
{
	for (size_t i = 0; i <= t->rows; i++)
		for (size_t j = 0; j <= t->cols; j++)
			t->mark[i][j] = primary_mark(t->v[i][j], threshold);
}

int rpt_protect(struct annual_report *r, struct nrs_error *err)
{
	struct suppress_table probe;
	struct suppress_result probe_res;
	int rc;

	/* The threshold is checked once here, so that a table-free report refuses it too. */
	memset(&probe, 0, sizeof(probe));
	probe.rows = probe.cols = 1;
	rc = suppress_apply(&probe, r->threshold, &probe_res, err);
	if (rc != 0)
		return rc;
	for (size_t k = 0; k < r->n_tables; k++) {
		struct rpt_table *t = &r->tables[k];

		if (t->kind != RPT_COUNT && t->kind != RPT_PLAIN)
			continue;
		rc = add_totals(t, err);
		if (rc != 0)
			return rc;
		if (t->kind == RPT_COUNT && !publishes_totals(t))
			protect_primary(t, r->threshold);
	}
	return protect_shared(r, err);
}

/* ---- the published text ----------------------------------------------------------------- */

/* m (a magnitude) in digits, a no-break space (U+00A0) between thousands unless plain. */
static void put_digits(uint64_t m, int plain, char *out, size_t outsz)
{
	char rev[48];
	size_t n = 0, len = 0;
	int group = 0;

	do {
		if (group == 3 && !plain) {
			/* reversed UTF-8 of U+00A0, restored by the final reversal */
			rev[n++] = '\xa0';
			rev[n++] = '\xc2';
			group = 0;
		}
		rev[n++] = (char)('0' + m % 10);
		m /= 10;
		group++;
	} while (m != 0);
	while (n > 0 && len + 1 < outsz)
		out[len++] = rev[--n];
	out[len] = '\0';
}

static uint64_t magnitude(int64_t v)
{
	return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

/* v / scale rounded half away from zero (scale > 0). */
static int64_t round_div(int64_t v, int64_t scale)
{
	uint64_t m = magnitude(v), s = (uint64_t)scale;
	uint64_t q = m / s + (m % s >= (s + 1) / 2 ? 1 : 0);

	return v < 0 ? -(int64_t)q : (int64_t)q;
}

/* A fixed-point number v / 10^decimals with a decimal comma, unit appended unless plain. */
static void put_fixed(int64_t v, int decimals, const char *unit, int plain, char *out, size_t outsz)
{
	char whole[40];
	uint64_t m = magnitude(v), scale = decimals == 2 ? 100 : decimals == 1 ? 10 : 1;

	put_digits(m / scale, plain, whole, sizeof(whole));
	if (decimals == 0)
		snprintf(out, outsz, "%s%s%s", v < 0 ? "-" : "", whole,
		         plain || unit == NULL ? "" : unit);
	else
		snprintf(out, outsz, "%s%s,%0*" PRIu64 "%s", v < 0 ? "-" : "", whole, decimals,
		         m % scale, plain || unit == NULL ? "" : unit);
}

void rpt_cell_text(const struct annual_report *r, const struct rpt_table *t, size_t i, size_t j,
                   int plain, char *out, size_t outsz)
{
	int64_t v;

	if (out == NULL || outsz == 0)
		return;
	out[0] = '\0';
	if (r == NULL || t == NULL || i > t->rows || j > t->cols)
		return;
	switch (t->mark[i][j]) {
	case RPT_SMALL:
		snprintf(out, outsz, "<%" PRId64, r->threshold);
		return;
	case RPT_HIDDEN:
		snprintf(out, outsz, "..");
		return;
	case RPT_MISSING:
		snprintf(out, outsz, "\u2013");
		return;
	default:
		break;
	}
	v = t->v[i][j];
	switch (t->kind) {
	case RPT_TENTHS:
		put_fixed(v, 1, NULL, plain, out, outsz);
		break;
	case RPT_PERMILLE:
		put_fixed(v, 1, "\u00a0%", plain, out, outsz);
		break;
	case RPT_HUNDREDTHS:
		put_fixed(v, 2, NULL, plain, out, outsz);
		break;
	case RPT_ORE:
		put_fixed(round_div(v, 100), 0, NULL, plain, out, outsz);
		break;
	default:
		put_fixed(v, 0, NULL, plain, out, outsz);
		break;
	}
}
