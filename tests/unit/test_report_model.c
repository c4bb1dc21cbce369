/* Unit tests for the report model (src/domain/report_model.c): building sections and tables,
 * the protection of count tables — full grid where totals are published, with the totals a
 * table does not publish unknown to the reader, primary only where none are, shared figures
 * hidden alike in every place they appear — and R32's recovery test over whole linked
 * groups: an independent brute-force attacker that knows every published number of every
 * table, which entries are not published, the meaning of the marks and that all lines add
 * up, and that the linked tables share their year totals, tries to pin down every hidden
 * figure and must fail, also where a tiny year's marks give it away and part of a table is
 * withheld. Then the published text of every kind and mark. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/report_model.h"

#define NBSP "\xc2\xa0"

/* ---- helpers ---------------------------------------------------------------------------- */

static void start(struct annual_report *r, int64_t threshold)
{
	rpt_init(r);
	r->threshold = threshold;
	assert_int_equal(rpt_section(r, "s", "Avsnitt", NULL), 0);
}

/* A count table of rows x cols from row-major cells. */
static struct rpt_table *add(struct annual_report *r, const char *id, const char *link, size_t rows,
                             size_t cols, const int64_t *cells)
{
	struct rpt_table *t = rpt_add_table(r, id, id, RPT_COUNT, rows, cols, NULL);

	assert_non_null(t);
	snprintf(t->link, sizeof(t->link), "%s", link != NULL ? link : "");
	for (size_t i = 0; i < rows; i++)
		for (size_t j = 0; j < cols; j++)
			t->v[i][j] = cells[i * cols + j];
	return t;
}

static const struct rpt_table *find(const struct annual_report *r, const char *id)
{
	const struct rpt_table *t = rpt_find(r, id);

	assert_non_null(t);
	return t;
}

static void expect_row(const struct annual_report *r, const char *id, size_t i,
                       const char *const *want)
{
	const struct rpt_table *t = find(r, id);
	char buf[RPT_CELL_MAX];

	for (size_t j = 0; j <= t->cols; j++) {
		rpt_cell_text(r, t, i, j, 1, buf, sizeof(buf));
		if (strcmp(buf, want[j]) != 0)
			fail_msg("%s (%zu,%zu): got \"%s\", want \"%s\"", id, i, j, buf, want[j]);
	}
}

/* ---- what a table publishes -------------------------------------------------------------- */

/* The writers' rule (report/annual_entry.c): cells always, row totals with row_totals,
 * column totals with col_totals, the grand total with both. */
static int published_here(const struct rpt_table *t, size_t i, size_t j)
{
	if (i == t->rows && j == t->cols)
		return t->row_totals && t->col_totals;
	if (i == t->rows)
		return t->col_totals;
	if (j == t->cols)
		return t->row_totals;
	return 1;
}

/* Line i of table t is shown in table u as u's totals row (the same link, or t's row linked
 * to u's statistic). */
static int line_shared(const struct rpt_table *t, size_t i, const struct rpt_table *u)
{
	if (t == u || u->link[0] == '\0' || u->kind != RPT_COUNT ||
	    !(u->row_totals || u->col_totals))
		return 0;
	return i == t->rows ? strcmp(t->link, u->link) == 0 : strcmp(t->row_link[i], u->link) == 0;
}

/* Whether the report publishes entry (i, j) of t in some place (one level of sharing is all
 * these tests build). */
static int published(const struct annual_report *r, const struct rpt_table *t, size_t i, size_t j)
{
	if (published_here(t, i, j))
		return 1;
	for (size_t k = 0; k < r->n_tables; k++) {
		const struct rpt_table *u = &r->tables[k];

		if (line_shared(t, i, u) && published_here(u, u->rows, j))
			return 1;
		if (i == t->rows)
			for (size_t x = 0; x < u->rows; x++)
				if (line_shared(u, x, t) && published_here(u, x, j))
					return 1;
	}
	return 0;
}

/* Every entry the report publishes of t is "..": the table is hidden whole. */
static int hidden_whole(const struct annual_report *r, const struct rpt_table *t)
{
	for (size_t i = 0; i <= t->rows; i++)
		for (size_t j = 0; j <= t->cols; j++)
			if (published(r, t, i, j) && t->mark[i][j] != RPT_HIDDEN)
				return 0;
	return 1;
}

/* ---- the brute-force attacker over a whole report ---------------------------------------- */

/* The reader of the published report. Every entry of every count table is either a number
 * it reads, an unknown with the range its mark gives ("<T": 1..T-1, "..": at least T, capped
 * at the largest grand total plus T; a withheld ".." says nothing: 0 to the cap), or, when the
 * report does not publish it at all, an unknown from 0 to that cap. Entries the report
 * shows in two places are one unknown (or known, if either place shows it). Every row and
 * column of every table is a line: cells minus total = 0. It searches completions depth
 * first, always branching on the unknown with the fewest values left: a completion it finds
 * is a real one, so "two values found" proves the entry cannot be recovered. Unpublished
 * entries are not figures of the report: they are not themselves tested. */
#define MAXU 400
#define MAXL 200
#define MAXT 16
#define G (RPT_MAX_ROWS + 1)

struct term {
	int u;     /* unknown index, or -1 for a known value */
	int64_t k; /* the known value */
	int coef;
};

struct aline {
	size_t n;
	struct term term[G];
};

struct attacker {
	size_t nt;
	const struct rpt_table *tab[MAXT];
	int id[MAXT][G][G]; /* unknown of each entry, -1 known */
	size_t nu;
	int64_t lo[MAXU], hi[MAXU], val[MAXU], truth[MAXU];
	int fixed[MAXU];
	int unpublished[MAXU]; /* published in no place */
	size_t nl;
	struct aline line[MAXL];
	int64_t known[MAXT][G][G];
};

static int is_hidden(const struct rpt_table *t, size_t i, size_t j)
{
	return t->mark[i][j] == RPT_SMALL || t->mark[i][j] == RPT_HIDDEN;
}

/* Entries (a, ia, *) and (b, ib, *) are the same figures: merge their unknowns. */
static void unify_line(struct attacker *a, size_t ta, size_t ia, size_t tb, size_t ib)
{
	size_t C = a->tab[ta]->cols;

	for (size_t j = 0; j <= C; j++) {
		int ua = a->id[ta][ia][j], ub = a->id[tb][ib][j];

		if (ua == ub)
			continue;
		if (ua < 0 || ub < 0) {
			/* shown in one place: known everywhere */
			int64_t k = ua < 0 ? a->known[ta][ia][j] : a->known[tb][ib][j];
			int u = ua < 0 ? ub : ua;

			for (size_t t = 0; t < a->nt; t++)
				for (size_t x = 0; x < G; x++)
					for (size_t y = 0; y < G; y++)
						if (a->id[t][x][y] == u) {
							a->id[t][x][y] = -1;
							a->known[t][x][y] = k;
						}
			continue;
		}
		/* both hidden: one unknown with the narrower range, published if either is */
		a->unpublished[ua] &= a->unpublished[ub];
		if (a->lo[ub] > a->lo[ua])
			a->lo[ua] = a->lo[ub];
		if (a->hi[ub] < a->hi[ua])
			a->hi[ua] = a->hi[ub];
		for (size_t t = 0; t < a->nt; t++)
			for (size_t x = 0; x < G; x++)
				for (size_t y = 0; y < G; y++)
					if (a->id[t][x][y] == ub)
						a->id[t][x][y] = ua;
	}
}

static void attacker_read(struct attacker *a, const struct annual_report *r)
{
	int64_t T = r->threshold, cap = 0;

	memset(a, 0, sizeof(*a));
	for (size_t k = 0; k < r->n_tables; k++) {
		const struct rpt_table *t = &r->tables[k];

		/* a table publishing no totals has no lines: each "<T" is any of 1..T-1 */
		if (t->kind != RPT_COUNT || !(t->row_totals || t->col_totals))
			continue;
		assert_true(a->nt < MAXT);
		a->tab[a->nt++] = t;
		if (t->v[t->rows][t->cols] > cap)
			cap = t->v[t->rows][t->cols];
	}
	cap += T > 0 ? T : 1;
	for (size_t k = 0; k < a->nt; k++) {
		const struct rpt_table *t = a->tab[k];

		for (size_t i = 0; i <= t->rows; i++)
			for (size_t j = 0; j <= t->cols; j++) {
				int unpub = !published_here(t, i, j);

				if (!unpub && !is_hidden(t, i, j)) {
					a->id[k][i][j] = -1;
					a->known[k][i][j] = t->v[i][j];
					continue;
				}
				assert_true(a->nu < MAXU);
				a->id[k][i][j] = (int)a->nu;
				a->truth[a->nu] = t->v[i][j];
				a->unpublished[a->nu] = unpub;
				/* withheld: the reader knows nothing of it, not even >= T */
				if (t->withheld[i][j] || unpub) {
					a->lo[a->nu] = 0;
					a->hi[a->nu] = cap;
				} else if (t->mark[i][j] == RPT_SMALL) {
					a->lo[a->nu] = 1;
					a->hi[a->nu] = T - 1;
				} else {
					a->lo[a->nu] = T;
					a->hi[a->nu] = cap;
				}
				a->nu++;
			}
	}
	/* The report says which figures are the same. */
	for (size_t x = 0; x < a->nt; x++)
		for (size_t y = 0; y < a->nt; y++) {
			const struct rpt_table *tx = a->tab[x], *ty = a->tab[y];

			if (ty->link[0] == '\0' || x == y)
				continue;
			if (strcmp(tx->link, ty->link) == 0)
				unify_line(a, x, tx->rows, y, ty->rows);
			for (size_t i = 0; i < tx->rows; i++)
				if (strcmp(tx->row_link[i], ty->link) == 0)
					unify_line(a, x, i, y, ty->rows);
		}
	/* Lines: every row and column of every table. */
	for (size_t k = 0; k < a->nt; k++) {
		const struct rpt_table *t = a->tab[k];

		for (size_t line = 0; line <= t->rows + t->cols + 1; line++) {
			int is_row = line <= t->rows;
			size_t fixed = is_row ? line : line - t->rows - 1;
			size_t len = is_row ? t->cols + 1 : t->rows + 1;
			struct aline *l = &a->line[a->nl++];

			assert_true(a->nl <= MAXL);
			l->n = len;
			for (size_t m = 0; m < len; m++) {
				size_t i = is_row ? fixed : m, j = is_row ? m : fixed;

				l->term[m].u = a->id[k][i][j];
				l->term[m].k = a->known[k][i][j];
				l->term[m].coef = m + 1 == len ? -1 : 1;
			}
		}
	}
}

/* Narrow [lo, hi] of unknown u by every line holding it, given the values fixed so far. */
static void narrow(const struct attacker *a, int u, int64_t *lo, int64_t *hi)
{
	for (size_t n = 0; n < a->nl; n++) {
		const struct aline *l = &a->line[n];
		int64_t s = 0, mn = 0, mx = 0, L, H;
		int coef_u = 0;

		for (size_t m = 0; m < l->n; m++) {
			const struct term *tm = &l->term[m];
			int64_t tl, th;

			if (tm->u == u) {
				coef_u += tm->coef;
				continue;
			}
			if (tm->u < 0 || a->fixed[tm->u]) {
				s += tm->coef * (tm->u < 0 ? tm->k : a->val[tm->u]);
				continue;
			}
			tl = a->lo[tm->u];
			th = a->hi[tm->u];
			if (tm->coef > 0) {
				mn += tl;
				mx += th;
			} else {
				mn -= th;
				mx -= tl;
			}
		}
		if (coef_u == 0)
			continue;
		/* s + coef_u * v + [mn, mx] contains 0 (coef_u is +1 or -1 here) */
		if (coef_u > 0) {
			L = -s - mx;
			H = -s - mn;
		} else {
			L = s + mn;
			H = s + mx;
		}
		if (L > *lo)
			*lo = L;
		if (H < *hi)
			*hi = H;
	}
}

/* Every line fully fixed adds up. */
static int lines_hold(const struct attacker *a)
{
	for (size_t n = 0; n < a->nl; n++) {
		const struct aline *l = &a->line[n];
		int64_t s = 0;
		int open = 0;

		for (size_t m = 0; m < l->n; m++) {
			const struct term *tm = &l->term[m];

			if (tm->u >= 0 && !a->fixed[tm->u])
				open = 1;
			else
				s += tm->coef * (tm->u < 0 ? tm->k : a->val[tm->u]);
		}
		if (!open && s != 0)
			return 0;
	}
	return 1;
}

static int complete(struct attacker *a)
{
	int best = -1;
	int64_t best_lo = 0, best_hi = 0;

	if (!lines_hold(a))
		return 0;
	for (size_t u = 0; u < a->nu; u++) {
		int64_t lo, hi;

		if (a->fixed[u])
			continue;
		lo = a->lo[u];
		hi = a->hi[u];
		narrow(a, (int)u, &lo, &hi);
		if (lo > hi)
			return 0;
		if (best < 0 || hi - lo < best_hi - best_lo) {
			best = (int)u;
			best_lo = lo;
			best_hi = hi;
		}
	}
	if (best < 0)
		return 1;
	for (int64_t v = best_lo; v <= best_hi; v++) {
		a->fixed[best] = 1;
		a->val[best] = v;
		if (complete(a)) {
			a->fixed[best] = 0;
			return 1;
		}
		a->fixed[best] = 0;
	}
	return 0;
}

static int feasible(struct attacker *a, int u, int64_t v)
{
	int ok;

	if (v < a->lo[u] || v > a->hi[u])
		return 0;
	a->fixed[u] = 1;
	a->val[u] = v;
	ok = complete(a);
	a->fixed[u] = 0;
	return ok;
}

/* The report as published, for a failure message. */
static void dump(const struct annual_report *r)
{
	char buf[RPT_CELL_MAX];

	for (size_t k = 0; k < r->n_tables; k++) {
		const struct rpt_table *t = &r->tables[k];

		fprintf(stderr, "%s (link \"%s\")\n", t->id, t->link);
		for (size_t i = 0; i <= t->rows; i++) {
			fprintf(stderr, "  %-3s", i < t->rows ? t->row_link[i] : "=");
			for (size_t j = 0; j <= t->cols; j++) {
				rpt_cell_text(r, t, i, j, 1, buf, sizeof(buf));
				fprintf(stderr, " %4lld:%-3s", (long long)t->v[i][j], buf);
			}
			fprintf(stderr, "\n");
		}
	}
}

/* Every hidden figure of the report has at least two values the reader cannot rule out. */
static void assert_unrecoverable(const struct annual_report *r)
{
	struct attacker *a = calloc(1, sizeof(*a));

	assert_non_null(a);
	attacker_read(a, r);
	for (size_t u = 0; u < a->nu; u++) {
		int64_t x = a->truth[u];
		int other = 0;
		int used = 0;

		for (size_t k = 0; k < a->nt && !used; k++)
			for (size_t i = 0; i < G && !used; i++)
				for (size_t j = 0; j < G && !used; j++)
					used = a->id[k][i][j] == (int)u;
		/* merged into another, or shown elsewhere; a zero hidden only because its whole
		 * table is may be known from another table: a zero identifies nobody; an
		 * unpublished entry is no figure of the report */
		if (!used || x == 0 || a->unpublished[u])
			continue;
		assert_true(feasible(a, (int)u, x));
		for (int64_t d = 1; !other && (x + d <= a->hi[u] || x - d >= a->lo[u]); d++)
			other = feasible(a, (int)u, x + d) || feasible(a, (int)u, x - d);
		if (!other) {
			for (size_t k = 0; k < a->nt; k++)
				for (size_t i = 0; i < G; i++)
					for (size_t j = 0; j < G; j++)
						if (a->id[k][i][j] == (int)u) {
							dump(r);
							fail_msg("%s (%zu,%zu) = %lld recovered",
							         a->tab[k]->id, i, j, (long long)x);
						}
		}
	}
	free(a);
}

/* Every shared figure hidden in one place is hidden (or a shown zero) in the other, and is
 * published in both or in neither. */
static void assert_shared_alike(const struct annual_report *r)
{
	for (size_t x = 0; x < r->n_tables; x++)
		for (size_t y = 0; y < r->n_tables; y++) {
			const struct rpt_table *tx = &r->tables[x], *ty = &r->tables[y];

			if (x == y || ty->link[0] == '\0' || tx->kind != RPT_COUNT)
				continue;
			for (size_t i = 0; i <= tx->rows; i++) {
				int same = i == tx->rows ? strcmp(tx->link, ty->link) == 0
				                         : strcmp(tx->row_link[i], ty->link) == 0;

				for (size_t j = 0; same && j <= tx->cols; j++) {
					assert_int_equal(tx->v[i][j], ty->v[ty->rows][j]);
					assert_int_equal(published(r, tx, i, j),
					                 published(r, ty, ty->rows, j));
					if (!published(r, tx, i, j))
						continue;
					if (is_hidden(tx, i, j) && ty->v[ty->rows][j] != 0)
						assert_true(is_hidden(ty, ty->rows, j));
				}
			}
		}
}

/* Each table on its own passes suppress's exact audit too, its unpublished entries unknown;
 * and none of those carries more than the primary mark. */
static void assert_tables_audited(const struct annual_report *r)
{
	for (size_t k = 0; k < r->n_tables; k++) {
		const struct rpt_table *t = &r->tables[k];
		struct suppress_table s;
		struct suppress_result res;

		if (t->kind != RPT_COUNT || !(t->row_totals || t->col_totals))
			continue;
		memset(&s, 0, sizeof(s));
		memset(&res, 0, sizeof(res));
		s.rows = res.rows = t->rows;
		s.cols = res.cols = t->cols;
		res.threshold = r->threshold;
		memcpy(s.v, t->v, sizeof(s.v));
		for (size_t i = 0; i <= t->rows; i++)
			for (size_t j = 0; j <= t->cols; j++) {
				int64_t x = t->v[i][j];

				if (!published(r, t, i, j)) {
					assert_int_equal(t->mark[i][j], x > 0 && x < r->threshold
					                                    ? RPT_SMALL
					                                    : RPT_SHOWN);
					res.mark[i][j] = SUPPRESS_UNPUBLISHED;
					continue;
				}
				res.mark[i][j] = t->mark[i][j] == RPT_SMALL    ? SUPPRESS_PRIMARY
				                 : t->mark[i][j] == RPT_HIDDEN ? SUPPRESS_SECONDARY
				                                               : SUPPRESS_SHOWN;
				/* withheld only where hidden */
				if (t->withheld[i][j])
					assert_int_equal(t->mark[i][j], RPT_HIDDEN);
				res.withheld[i][j] = t->withheld[i][j];
			}
		assert_int_equal(suppress_count_exposed(&s, &res, NULL, NULL), 0);
	}
}

static void assert_protected(const struct annual_report *r)
{
	assert_shared_alike(r);
	assert_tables_audited(r);
	assert_unrecoverable(r);
}

/* ---- protection on hand-made tables ------------------------------------------------------ */

/* A count table with totals: a small cell gets "<3"; the line rule then takes the smallest
 * shown entry of each line that holds one hidden, which here runs through every cell, while
 * the totals stay. */
static void test_single_table(void **state)
{
	static const int64_t cells[] = {10, 12, 1, 14, 9, 20};
	static const char *const row1[] = {"<3", "..", "15"};
	static const char *const tot[] = {"20", "46", "66"};
	struct annual_report r;
	const struct rpt_table *t;

	(void)state;
	start(&r, 3);
	add(&r, "a", NULL, 3, 2, cells)->row_totals = true;
	assert_int_equal(rpt_protect(&r, NULL), 0);
	t = find(&r, "a");
	assert_int_equal(t->v[3][2], 66);
	assert_int_equal(t->mark[0][0], RPT_HIDDEN);
	expect_row(&r, "a", 1, row1);
	expect_row(&r, "a", 3, tot);
	assert_protected(&r);
	rpt_free(&r);
}

/* activity.counts publishes no totals: only the small counts are hidden; with totals the
 * same figures need secondary marks. */
static void test_no_totals_primary_only(void **state)
{
	static const int64_t cells[] = {5, 1, 7, 0, 2, 9, 4, 4, 4, 12, 0, 1, 3, 3, 3};
	struct annual_report r;
	const struct rpt_table *t;

	(void)state;
	start(&r, 3);
	add(&r, "activity.counts", NULL, 5, 3, cells)->col_totals = false;
	add(&r, "with_totals", NULL, 5, 3, cells);
	assert_int_equal(rpt_protect(&r, NULL), 0);
	t = find(&r, "activity.counts");
	for (size_t i = 0; i < 5; i++)
		for (size_t j = 0; j < 3; j++) {
			int64_t x = cells[i * 3 + j];

			assert_int_equal(t->mark[i][j], x > 0 && x < 3 ? RPT_SMALL : RPT_SHOWN);
		}
	t = find(&r, "with_totals");
	{
		int secondary = 0;

		for (size_t i = 0; i <= 5; i++)
			for (size_t j = 0; j <= 3; j++)
				secondary += t->mark[i][j] == RPT_HIDDEN;
		assert_true(secondary > 0);
	}
	assert_protected(&r);
	rpt_free(&r);
}

/* One statistic by gender, age and municipality whose first year has two persons: the
 * year total is small in every table, and in the age table, where the marks alone would
 * tell (two "<3" adding up to "<3" are both 1), that year's column is withheld (".."
 * saying nothing), its total included; the rest of the age table stays shown. */
static void test_linked_hand_made(void **state)
{
	/* years 2024, 2025, 2026; year 2024 has 2 persons */
	static const int64_t gender[] = {2, 10, 12, 0, 6, 7, 0, 0, 1};
	static const int64_t age[] = {1, 8, 9, 1, 8, 11};
	static const int64_t muni[] = {2, 14, 18, 0, 2, 2};
	struct annual_report r;
	const struct rpt_table *a;

	(void)state;
	start(&r, 3);
	add(&r, "x.gender", "x", 3, 3, gender);
	add(&r, "x.age", "x", 2, 3, age);
	add(&r, "x.municipality", "x", 2, 3, muni);
	assert_int_equal(rpt_protect(&r, NULL), 0);
	for (size_t k = 0; k < 3; k++) {
		const struct rpt_table *t = &r.tables[k];

		assert_int_equal(t->v[t->rows][0], 2);
		/* the age table's "<3 <3 | <3" would give its ones away: withheld there */
		assert_int_equal(t->mark[t->rows][0], k == 1 ? RPT_HIDDEN : RPT_SMALL);
		assert_int_equal(t->withheld[t->rows][0], k == 1);
		assert_false(hidden_whole(&r, t));
	}
	a = &r.tables[1];
	for (size_t i = 0; i <= 2; i++)
		for (size_t j = 0; j < 3; j++) {
			assert_int_equal(a->withheld[i][j], j == 0);
			assert_int_equal(a->mark[i][j], j == 0 ? RPT_HIDDEN : RPT_SHOWN);
		}
	/* the others keep their "<3": with their row totals unknown to the reader, the small
	 * 2024 total can be 1 as well as 2 in all three tables at once */
	assert_protected(&r);
	rpt_free(&r);
}

/* types.started repeats the year totals of started.<type>: a year total hidden in the
 * breakdown is hidden in the types table, and the other way round. */
static void test_row_link(void **state)
{
	static const int64_t gender[] = {20, 1, 9, 5, 0, 4};
	static const int64_t age[] = {12, 1, 8, 13, 0, 5};
	/* rows: victim_support (= the totals above), partner_contact */
	static const int64_t types[] = {25, 1, 13, 1, 30, 12};
	struct annual_report r;
	struct rpt_table *t;
	const struct rpt_table *ty;

	(void)state;
	start(&r, 3);
	add(&r, "started.victim_support.gender", "started.victim_support", 2, 3, gender);
	add(&r, "started.victim_support.age", "started.victim_support", 2, 3, age);
	t = add(&r, "types.started", NULL, 2, 3, types);
	snprintf(t->row_link[0], sizeof(t->row_link[0]), "started.victim_support");
	assert_int_equal(rpt_protect(&r, NULL), 0);
	ty = find(&r, "types.started");
	assert_int_equal(ty->mark[0][1], RPT_SMALL);
	for (size_t j = 0; j <= 3; j++) {
		assert_int_equal(is_hidden(ty, 0, j),
		                 is_hidden(find(&r, "started.victim_support.gender"), 2, j));
		assert_int_equal(is_hidden(ty, 0, j),
		                 is_hidden(find(&r, "started.victim_support.age"), 2, j));
	}
	/* partner_contact's 1 in 2024 makes the types table hide more in 2024's column,
	 * possibly victim_support's 25: then the breakdowns must hide it too */
	assert_protected(&r);
	rpt_free(&r);
}

/* Found by the random test below: each table alone is safe, but the types table's column
 * totals and the municipality table together pin the year totals, and with them a cell of
 * the age table. */
static void test_linked_found(void **state)
{
	static const int64_t gender[] = {2, 1, 0, 2, 0, 0};
	static const int64_t age[] = {2, 1, 0, 0, 0, 0, 2, 0, 0};
	static const int64_t muni[] = {3, 1, 0, 1, 0, 0};
	static const int64_t types[] = {4, 1, 0, 6, 5, 0};
	struct annual_report r;
	struct rpt_table *t;

	(void)state;
	start(&r, 3);
	add(&r, "s.gender", "s", 2, 3, gender);
	add(&r, "s.age", "s", 3, 3, age);
	add(&r, "s.municipality", "s", 2, 3, muni);
	t = add(&r, "types.started", NULL, 2, 3, types);
	snprintf(t->row_link[0], sizeof(t->row_link[0]), "s");
	assert_int_equal(rpt_protect(&r, NULL), 0);
	assert_protected(&r);
	rpt_free(&r);
}

/* The 2026 demo report's started.victim_support: "Annan" is 1, 1, 0. Its three-year sum 2
 * is never printed (the breakdowns publish the year totals only); protected as if it were,
 * it was a "<3" of its own, the marks alone then gave the ones away, and the whole gender
 * table went, and with it the year totals in every table showing them. The sum is unknown
 * to the reader: the ones are "<3" with a ".." beside each in its year, and every year
 * total is published. */
static void test_unpublished_row_total(void **state)
{
	/* 2024, 2025, 2026 */
	static const int64_t gender[] = {57, 74, 67, 8, 10, 9, 1, 1, 0};
	static const int64_t age[] = {0,  0,  0,  0,  0,  0,  0,  0, 0, 5,  4, 3, 19, 23,
	                              21, 21, 32, 26, 18, 18, 16, 3, 8, 10, 0, 0, 0};
	static const int64_t muni[] = {36, 47, 34, 30, 38, 42};
	/* the other rows of types.started that year */
	static const int64_t types[] = {53, 63, 58, 16, 13, 9,  30, 30, 22,
	                                3,  6,  5,  66, 85, 76, 16, 7,  13};
	static const char *const women[] = {"57", "74", "67", "198"};
	static const char *const men[] = {"..", "..", "9", "27"};
	static const char *const other[] = {"<3", "<3", "0", "<3"};
	static const char *const years[] = {"66", "85", "76", "227"};
	struct annual_report r;
	struct rpt_table *t;

	(void)state;
	start(&r, 3);
	add(&r, "started.victim_support.gender", "started.victim_support", 3, 3, gender);
	add(&r, "started.victim_support.age", "started.victim_support", 9, 3, age);
	add(&r, "started.victim_support.municipality", "started.victim_support", 2, 3, muni);
	t = add(&r, "types.started", NULL, 6, 3, types);
	snprintf(t->row_link[4], sizeof(t->row_link[4]), "started.victim_support");
	assert_int_equal(rpt_protect(&r, NULL), 0);
	/* the row totals and the grand total are not published: their marks are the primary
	 * ones only (Annan's sum 2 reads "<3", should a writer ever show it) */
	expect_row(&r, "started.victim_support.gender", 0, women);
	expect_row(&r, "started.victim_support.gender", 1, men);
	expect_row(&r, "started.victim_support.gender", 2, other);
	for (size_t k = 0; k < 3; k++) {
		assert_false(hidden_whole(&r, &r.tables[k]));
		expect_row(&r, r.tables[k].id, r.tables[k].rows, years);
	}
	/* nothing else in the statistic needs hiding */
	for (size_t k = 1; k < 4; k++)
		for (size_t i = 0; i <= r.tables[k].rows; i++)
			for (size_t j = 0; j < 3; j++)
				assert_int_equal(r.tables[k].mark[i][j], RPT_SHOWN);
	assert_protected(&r);
	rpt_free(&r);
}

/* A small cell alone in its row: with the row total published, the row total (itself
 * small) was the cell's partner in that row; not published, it protects nothing and is
 * never marked, and the cell is protected within its year instead — one ".." beside it,
 * the year totals shown. Published, the old protection stands. */
static void test_row_total_no_protection(void **state)
{
	/* Kvinnor, Män, Annan x 2024, 2025, 2026 */
	static const int64_t cells[] = {5, 6, 7, 4, 3, 0, 0, 0, 2};
	static const char *const women[] = {"5", "6", "..", "18"};
	static const char *const men[] = {"4", "3", "0", "7"};
	static const char *const other[] = {"0", "0", "<3", "<3"};
	static const char *const years[] = {"9", "9", "9", "27"};
	struct annual_report r;
	const struct rpt_table *t;

	(void)state;
	start(&r, 3);
	add(&r, "g", NULL, 3, 3, cells);
	assert_int_equal(rpt_protect(&r, NULL), 0);
	expect_row(&r, "g", 0, women);
	expect_row(&r, "g", 1, men);
	expect_row(&r, "g", 2, other);
	expect_row(&r, "g", 3, years);
	assert_protected(&r);
	rpt_free(&r);

	start(&r, 3);
	add(&r, "g", NULL, 3, 3, cells)->row_totals = true;
	assert_int_equal(rpt_protect(&r, NULL), 0);
	t = find(&r, "g");
	assert_int_equal(t->mark[2][2], RPT_SMALL);
	assert_int_equal(t->mark[2][3], RPT_SMALL);
	/* the row totals column needs a second hidden entry now */
	assert_int_equal(t->mark[1][3], RPT_HIDDEN);
	assert_protected(&r);
	rpt_free(&r);
}

/* The 2025 demo report's started.child_trappan, whose first year (2023, partial) has two
 * children: Kvinnor 1, Män 1 — "<3 <3 0 | <3" gives the ones away, as do the two
 * municipalities' "<3 <3 | <3". Only the 2023 column of those two tables is withheld, its
 * zero and total included; the year totals 53 and 63 stay published in every table, and
 * nothing spreads to types.started but the 2023 total, which is "<3" there (as in the age
 * table, where the two children share a class and nothing is given away). */
static void test_tiny_year_withheld_locally(void **state)
{
	/* 2023, 2024, 2025 */
	static const int64_t gender[] = {1, 28, 31, 1, 25, 32, 0, 0, 0};
	static const int64_t age[] = {0, 9, 11, 2, 31, 34, 0, 13, 18, 0, 0, 0, 0, 0,
	                              0, 0, 0,  0, 0,  0,  0, 0,  0,  0, 0, 0, 0};
	static const int64_t muni[] = {1, 26, 32, 1, 27, 31};
	/* victim support, Trappan (= the totals above), perpetrators, partner contact,
	 * relatives, women's group */
	static const int64_t types[] = {6, 66, 85, 2, 53, 63, 0, 30, 30,
	                                0, 16, 13, 2, 3,  6,  0, 16, 7};
	static const char *const g_women[] = {"..", "28", "31", "60"};
	static const char *const g_men[] = {"..", "25", "32", "58"};
	static const char *const g_other[] = {"..", "0", "0", "0"};
	static const char *const withheld_total[] = {"..", "53", "63", "118"};
	static const char *const small_total[] = {"<3", "53", "63", "118"};
	static const char *const a_6_12[] = {"<3", "31", "34", "67"};
	static const char *const m_host[] = {"..", "26", "32", "59"};
	static const char *const m_other[] = {"..", "27", "31", "59"};
	static const char *const t_rows[6][4] = {
	    {"..", "66", "85", "157"}, {"<3", "53", "63", "118"}, {"0", "30", "30", "60"},
	    {"0", "16", "13", "29"},   {"<3", "3", "6", "11"},    {"0", "16", "7", "23"},
	};
	static const char *const t_total[] = {"10", "184", "204", "398"};
	struct annual_report r;
	struct rpt_table *t;
	const struct rpt_table *g, *m;

	(void)state;
	start(&r, 3);
	add(&r, "started.child_trappan.gender", "started.child_trappan", 3, 3, gender);
	add(&r, "started.child_trappan.age", "started.child_trappan", 9, 3, age);
	add(&r, "started.child_trappan.municipality", "started.child_trappan", 2, 3, muni);
	t = add(&r, "types.started", NULL, 6, 3, types);
	snprintf(t->row_link[1], sizeof(t->row_link[1]), "started.child_trappan");
	assert_int_equal(rpt_protect(&r, NULL), 0);
	expect_row(&r, "started.child_trappan.gender", 0, g_women);
	expect_row(&r, "started.child_trappan.gender", 1, g_men);
	expect_row(&r, "started.child_trappan.gender", 2, g_other);
	expect_row(&r, "started.child_trappan.gender", 3, withheld_total);
	/* the age table: one "<3" in its class and its year, both 1..2, nothing pinned */
	for (size_t i = 0; i < 9; i++)
		for (size_t j = 0; j < 3; j++)
			assert_int_equal(find(&r, "started.child_trappan.age")->mark[i][j],
			                 i == 1 && j == 0 ? RPT_SMALL : RPT_SHOWN);
	/* (the row totals are not published: rpt_cell_text gives their bare text, which no
	 * writer prints) */
	expect_row(&r, "started.child_trappan.age", 1, a_6_12);
	expect_row(&r, "started.child_trappan.age", 9, small_total);
	expect_row(&r, "started.child_trappan.municipality", 0, m_host);
	expect_row(&r, "started.child_trappan.municipality", 1, m_other);
	expect_row(&r, "started.child_trappan.municipality", 2, withheld_total);
	/* types.started's 2023 column: two "<3" adding up to 4 would be 2 and 2; the
	 * smallest figure that helps beside them is victim support's 6 */
	for (size_t i = 0; i < 6; i++)
		expect_row(&r, "types.started", i, t_rows[i]);
	expect_row(&r, "types.started", 6, t_total);
	/* withheld: the 2023 column of gender and municipality, nothing else anywhere */
	g = find(&r, "started.child_trappan.gender");
	m = find(&r, "started.child_trappan.municipality");
	for (size_t k = 0; k < r.n_tables; k++) {
		const struct rpt_table *x = &r.tables[k];

		for (size_t i = 0; i <= x->rows; i++)
			for (size_t j = 0; j <= x->cols; j++)
				assert_int_equal(x->withheld[i][j], (x == g || x == m) && j == 0);
	}
	assert_false(hidden_whole(&r, g));
	assert_false(hidden_whole(&r, m));
	assert_protected(&r);
	rpt_free(&r);
}

/* A first year of four persons, two women and two men: "<3 <3 | 4" gives the twos away in
 * the gender table, as does "<3 0 <3 | 4" in the age table, and "3 <3 | 4" the one in the
 * municipality table. Each table alone would withhold its 2024 column, but the year total
 * 4 is shown in the others and in types.started, where the marks tell it again; nothing
 * shown helps, and the report as a whole used to be hidden whole. Now only 2024 is
 * withheld: its column in each breakdown and the statistic's cell in types.started, beside
 * which the other type's 6 becomes ".." (4 + 6 = 10 shown); every other year stays. */
static void test_tiny_year_joint_withheld(void **state)
{
	/* 2024, 2025, 2026 */
	static const int64_t gender[] = {2, 21, 30, 2, 30, 25};
	static const int64_t age[] = {2, 31, 40, 0, 12, 10, 2, 8, 5};
	static const int64_t muni[] = {3, 41, 50, 1, 10, 5};
	static const int64_t types[] = {4, 51, 55, 6, 15, 20};
	static const char *const g_rows[3][4] = {
	    {"..", "21", "30", "53"}, {"..", "30", "25", "57"}, {"..", "51", "55", "110"}};
	static const char *const a_rows[4][4] = {{"..", "31", "40", "73"},
	                                         {"..", "12", "10", "22"},
	                                         {"..", "8", "5", "15"},
	                                         {"..", "51", "55", "110"}};
	static const char *const m_rows[3][4] = {
	    {"..", "41", "50", "94"}, {"..", "10", "5", "16"}, {"..", "51", "55", "110"}};
	static const char *const t_rows[3][4] = {
	    {"..", "51", "55", "110"}, {"..", "15", "20", "41"}, {"10", "66", "75", "151"}};
	struct annual_report r;
	struct rpt_table *t;

	(void)state;
	start(&r, 3);
	add(&r, "s.gender", "s", 2, 3, gender);
	add(&r, "s.age", "s", 3, 3, age);
	add(&r, "s.municipality", "s", 2, 3, muni);
	t = add(&r, "types.started", NULL, 2, 3, types);
	snprintf(t->row_link[0], sizeof(t->row_link[0]), "s");
	assert_int_equal(rpt_protect(&r, NULL), 0);
	/* (row totals are not published: their bare text, which no writer prints) */
	for (size_t i = 0; i < 3; i++) {
		expect_row(&r, "s.gender", i, g_rows[i]);
		expect_row(&r, "s.municipality", i, m_rows[i]);
		expect_row(&r, "types.started", i, t_rows[i]);
	}
	for (size_t i = 0; i < 4; i++)
		expect_row(&r, "s.age", i, a_rows[i]);
	/* withheld: 2024 in the breakdowns and the statistic's 2024 in types.started only; the
	 * other type's 6 is an ordinary ".." (at least 3) */
	for (size_t k = 0; k < r.n_tables; k++) {
		const struct rpt_table *x = &r.tables[k];

		for (size_t i = 0; i <= x->rows; i++)
			for (size_t j = 0; j <= x->cols; j++)
				assert_int_equal(x->withheld[i][j],
				                 j == 0 && (k < 3 ? i <= x->rows : i == 0));
		assert_false(hidden_whole(&r, x));
	}
	assert_protected(&r);
	rpt_free(&r);
}

/* Figures that differ where they should be the same are a builder's error. */
static void test_shared_must_agree(void **state)
{
	static const int64_t a[] = {5, 6, 7, 8};
	static const int64_t b[] = {5, 6, 7, 9};
	struct annual_report r;
	struct nrs_error err = {0};

	(void)state;
	start(&r, 3);
	add(&r, "a", "l", 2, 2, a);
	add(&r, "b", "l", 2, 2, b);
	assert_int_equal(rpt_protect(&r, &err), NRS_EINVAL);
	assert_non_null(strstr(err.msg, "olika"));
	rpt_free(&r);
	start(&r, 2);
	add(&r, "a", NULL, 2, 2, a);
	assert_int_equal(rpt_protect(&r, &err), NRS_EINVAL);
	rpt_free(&r);
}

/* Threshold 0 switches protection off: everything shown. */
static void test_threshold_off(void **state)
{
	static const int64_t cells[] = {1, 2, 0, 1};
	struct annual_report r;

	(void)state;
	start(&r, 0);
	add(&r, "a", "l", 2, 2, cells);
	add(&r, "b", "l", 2, 2, cells)->col_totals = false;
	assert_int_equal(rpt_protect(&r, NULL), 0);
	for (size_t k = 0; k < 2; k++)
		for (size_t i = 0; i <= 2; i++)
			for (size_t j = 0; j <= 2; j++)
				assert_int_equal(r.tables[k].mark[i][j], RPT_SHOWN);
	rpt_free(&r);
}

/* Other kinds keep the builder's marks; plain counts are never hidden. */
static void test_other_kinds_untouched(void **state)
{
	struct annual_report r;
	struct rpt_table *t;

	(void)state;
	start(&r, 3);
	t = rpt_add_table(&r, "m", "Medel", RPT_TENTHS, 1, 3, NULL);
	assert_non_null(t);
	assert_false(t->col_totals);
	t->v[0][0] = 45;
	t->mark[0][1] = RPT_HIDDEN;
	t->mark[0][2] = RPT_MISSING;
	t = rpt_add_table(&r, "p", "Deltagare", RPT_PLAIN, 2, 1, NULL);
	assert_true(t->col_totals);
	t->v[0][0] = 1;
	t->v[1][0] = 2;
	assert_int_equal(rpt_protect(&r, NULL), 0);
	t = &r.tables[0];
	assert_int_equal(t->mark[0][0], RPT_SHOWN);
	assert_int_equal(t->mark[0][1], RPT_HIDDEN);
	assert_int_equal(t->mark[0][2], RPT_MISSING);
	t = &r.tables[1];
	assert_int_equal(t->v[2][0], 3);
	for (size_t i = 0; i <= 2; i++)
		assert_int_equal(t->mark[i][0], RPT_SHOWN);
	rpt_free(&r);
}

/* ---- random linked groups ---------------------------------------------------------------- */

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static unsigned rnd(unsigned n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned)(rng_state % n);
}

/* Persons with a year, a gender, an age class and a municipality, counted three ways like
 * a statistic of the report, plus a types table whose first row repeats the year totals.
 * Now and then a table publishes its row totals too (then the statistic's grand total is
 * published, in every place that shows it). tiny: the first year has one to three persons
 * only (a year that has just begun), so that the marks alone often give it away; big (with
 * tiny): the other years have many persons, as in a real report. */
static void random_report(struct annual_report *r, size_t cols, int tiny, int big)
{
	int64_t g[4 * 3] = {0}, a[3 * 3] = {0}, m[2 * 3] = {0}, ty[2 * 3] = {0};
	size_t gr = 2 + rnd(2), ar = 2 + rnd(2), persons = tiny ? 1 + rnd(3) + rnd(11) : rnd(14);
	size_t first = tiny ? 1 + rnd(3) : 0;

	if (big)
		persons = first + 30 * (cols - 1) + rnd(30);
	struct rpt_table *t;

	for (size_t p = 0; p < persons; p++) {
		size_t y = p < first ? 0 : tiny ? 1 + rnd((unsigned)cols - 1) : rnd((unsigned)cols);

		/* skewed, so that small cells are common */
		g[(rnd(3) == 0 ? rnd((unsigned)gr) : 0) * cols + y]++;
		a[(rnd(2) == 0 ? rnd((unsigned)ar) : 0) * cols + y]++;
		m[(rnd(3) == 0 ? 1 : 0) * cols + y]++;
		ty[y]++;
	}
	for (size_t y = 0; y < cols; y++)
		ty[cols + y] = big && y > 0 ? 10 + rnd(20) : rnd(3) == 0 ? rnd(3) : rnd(8);
	start(r, 3);
	add(r, "s.gender", "s", gr, cols, g)->row_totals = rnd(6) == 0;
	add(r, "s.age", "s", ar, cols, a)->row_totals = rnd(6) == 0;
	add(r, "s.municipality", "s", 2, cols, m)->row_totals = rnd(6) == 0;
	t = add(r, "types.started", NULL, 2, cols, ty);
	t->row_totals = rnd(6) == 0;
	snprintf(t->row_link[0], sizeof(t->row_link[0]), "s");
}

/* Whether some entry of the report was withheld with part of its table. */
static int any_withheld(const struct annual_report *r)
{
	for (size_t k = 0; k < r->n_tables; k++)
		for (size_t i = 0; i <= r->tables[k].rows; i++)
			for (size_t j = 0; j <= r->tables[k].cols; j++)
				if (r->tables[k].withheld[i][j])
					return 1;
	return 0;
}

static void test_random_linked_resist_attack(void **state)
{
	size_t withheld = 0, wholes = 0, whole_reports = 0;

	(void)state;
	for (int n = 0; n < 600; n++) {
		struct annual_report r;
		size_t here = 0;

		random_report(&r, 2 + (size_t)(n % 2), n >= 300, 0);
		assert_int_equal(rpt_protect(&r, NULL), 0);
		assert_protected(&r);
		withheld += (size_t)any_withheld(&r);
		for (size_t k = 0; k < r.n_tables; k++)
			here += (size_t)hidden_whole(&r, &r.tables[k]);
		wholes += here;
		whole_reports += here != 0;
		rpt_free(&r);
	}
	/* step 5 was exercised, and mostly on part of a table */
	assert_true(withheld > 30);
	print_message("  600 reports, %zu with withheld entries, %zu with a table hidden whole "
	              "(%zu tables)\n",
	              withheld, whole_reports, wholes);
	/* When the joint audit hid every table in reach whole where the marks gave a shared
	 * figure away, 89 of these reports had a table hidden whole (191 tables); withholding
	 * the year's column instead leaves only tables whose every figure is tiny. */
	assert_true(whole_reports <= 10);
}

/* A tiny first year beside large ones: whatever the marks of the tiny year give away,
 * only that year is ever withheld, and no table is hidden whole. */
static void test_random_tiny_year_stays_local(void **state)
{
	size_t withheld = 0;

	(void)state;
	for (int n = 0; n < 200; n++) {
		struct annual_report r;

		random_report(&r, 2 + (size_t)(n % 2), 1, 1);
		assert_int_equal(rpt_protect(&r, NULL), 0);
		assert_protected(&r);
		withheld += (size_t)any_withheld(&r);
		for (size_t k = 0; k < r.n_tables; k++) {
			const struct rpt_table *t = &r.tables[k];

			assert_false(hidden_whole(&r, t));
			for (size_t i = 0; i <= t->rows; i++)
				for (size_t j = 1; j <= t->cols; j++)
					assert_false(t->withheld[i][j]);
		}
		rpt_free(&r);
	}
	print_message("  200 reports with a tiny first year, %zu with withheld entries\n",
	              withheld);
	assert_true(withheld > 20);
}

/* ---- building ---------------------------------------------------------------------------- */

static void test_build_errors(void **state)
{
	struct annual_report r;
	struct nrs_error err = {0};

	(void)state;
	rpt_init(&r);
	assert_null(rpt_add_table(&r, "a", "A", RPT_COUNT, 1, 1, &err));
	assert_int_equal(rpt_section_text(&r, "x", &err), NRS_EINVAL);
	for (int k = 0; k < RPT_MAX_SECTIONS; k++)
		assert_int_equal(rpt_section(&r, "s", "S", NULL), 0);
	assert_int_equal(rpt_section(&r, "s", "S", &err), NRS_EINVAL);
	assert_null(rpt_add_table(&r, "a", "A", RPT_COUNT, 0, 1, &err));
	assert_null(rpt_add_table(&r, "a", "A", RPT_COUNT, 1, RPT_MAX_COLS + 1, &err));
	assert_int_equal(rpt_section_text(&r, "Text", NULL), 0);
	assert_int_equal(rpt_section_text(&r, "Ny text", NULL), 0);
	assert_string_equal(r.sections[RPT_MAX_SECTIONS - 1].text, "Ny text");
	/* many tables: the array grows, sections count theirs */
	for (int k = 0; k < 100; k++) {
		char id[16];

		snprintf(id, sizeof(id), "t%d", k);
		assert_non_null(rpt_add_table(&r, id, id, RPT_COUNT, 1, 1, NULL));
	}
	assert_int_equal(r.sections[RPT_MAX_SECTIONS - 1].n, 100);
	assert_int_equal(r.sections[RPT_MAX_SECTIONS - 1].first, 0);
	assert_non_null(rpt_find(&r, "t99"));
	assert_null(rpt_find(&r, "t100"));
	rpt_free(&r);
	assert_int_equal(r.n_tables, 0);
}

/* ---- the published text ------------------------------------------------------------------ */

static void text_of(enum rpt_kind kind, int64_t v, int mark, int plain, char *out)
{
	struct annual_report r;
	struct rpt_table *t;

	start(&r, 3);
	t = rpt_add_table(&r, "k", "K", kind, 1, 1, NULL);
	assert_non_null(t);
	t->v[0][0] = v;
	t->mark[0][0] = (unsigned char)mark;
	rpt_cell_text(&r, t, 0, 0, plain, out, RPT_CELL_MAX);
	rpt_free(&r);
}

static void expect_text(enum rpt_kind kind, int64_t v, int mark, const char *shown,
                        const char *plain)
{
	char buf[RPT_CELL_MAX];

	text_of(kind, v, mark, 0, buf);
	if (strcmp(buf, shown) != 0)
		fail_msg("kind %d value %lld: got \"%s\", want \"%s\"", kind, (long long)v, buf,
		         shown);
	text_of(kind, v, mark, 1, buf);
	if (strcmp(buf, plain) != 0)
		fail_msg("kind %d value %lld plain: got \"%s\", want \"%s\"", kind, (long long)v,
		         buf, plain);
}

static void test_format_kinds(void **state)
{
	(void)state;
	expect_text(RPT_COUNT, 0, RPT_SHOWN, "0", "0");
	expect_text(RPT_COUNT, 999, RPT_SHOWN, "999", "999");
	expect_text(RPT_COUNT, 1234, RPT_SHOWN, "1" NBSP "234", "1234");
	expect_text(RPT_PLAIN, 1234567, RPT_SHOWN, "1" NBSP "234" NBSP "567", "1234567");
	expect_text(RPT_TENTHS, 45, RPT_SHOWN, "4,5", "4,5");
	expect_text(RPT_TENTHS, 7, RPT_SHOWN, "0,7", "0,7");
	expect_text(RPT_TENTHS, 12340, RPT_SHOWN, "1" NBSP "234,0", "1234,0");
	expect_text(RPT_PERMILLE, 573, RPT_SHOWN, "57,3" NBSP "%", "57,3");
	expect_text(RPT_PERMILLE, 1000, RPT_SHOWN, "100,0" NBSP "%", "100,0");
	expect_text(RPT_HUNDREDTHS, 650, RPT_SHOWN, "6,50", "6,50");
	expect_text(RPT_HUNDREDTHS, 5, RPT_SHOWN, "0,05", "0,05");
	expect_text(RPT_ORE, 474476700, RPT_SHOWN, "4" NBSP "744" NBSP "767", "4744767");
	expect_text(RPT_ORE, 1234550, RPT_SHOWN, "12" NBSP "346", "12346");
	expect_text(RPT_ORE, 1234549, RPT_SHOWN, "12" NBSP "345", "12345");
	expect_text(RPT_ORE, -1234550, RPT_SHOWN, "-12" NBSP "346", "-12346");
	expect_text(RPT_ORE, -49, RPT_SHOWN, "0", "0");
}

static void test_format_marks(void **state)
{
	struct annual_report r;
	struct rpt_table *t;
	char buf[RPT_CELL_MAX];

	(void)state;
	for (int kind = RPT_COUNT; kind <= RPT_HUNDREDTHS; kind++) {
		expect_text(kind, 2, RPT_SMALL, "<3", "<3");
		expect_text(kind, 17, RPT_HIDDEN, "..", "..");
		expect_text(kind, 0, RPT_MISSING, "\xe2\x80\x93", "\xe2\x80\x93");
	}
	/* the mark follows the threshold; totals and out-of-range indexes */
	start(&r, 5);
	t = rpt_add_table(&r, "k", "K", RPT_COUNT, 2, 2, NULL);
	t->v[0][0] = 4;
	t->v[1][1] = 7;
	assert_int_equal(rpt_protect(&r, NULL), 0);
	t = &r.tables[0];
	rpt_cell_text(&r, t, 0, 0, 0, buf, sizeof(buf));
	assert_string_equal(buf, "<5");
	rpt_cell_text(&r, t, 2, 2, 0, buf, sizeof(buf));
	assert_string_equal(buf, "11");
	rpt_cell_text(&r, t, 3, 0, 0, buf, sizeof(buf));
	assert_string_equal(buf, "");
	/* a short buffer is cut, never overrun */
	rpt_cell_text(&r, t, 2, 2, 0, buf, 2);
	assert_string_equal(buf, "1");
	rpt_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_single_table),
	    cmocka_unit_test(test_no_totals_primary_only),
	    cmocka_unit_test(test_linked_hand_made),
	    cmocka_unit_test(test_row_link),
	    cmocka_unit_test(test_linked_found),
	    cmocka_unit_test(test_unpublished_row_total),
	    cmocka_unit_test(test_row_total_no_protection),
	    cmocka_unit_test(test_tiny_year_withheld_locally),
	    cmocka_unit_test(test_tiny_year_joint_withheld),
	    cmocka_unit_test(test_shared_must_agree),
	    cmocka_unit_test(test_threshold_off),
	    cmocka_unit_test(test_other_kinds_untouched),
	    cmocka_unit_test(test_random_linked_resist_attack),
	    cmocka_unit_test(test_random_tiny_year_stays_local),
	    cmocka_unit_test(test_build_errors),
	    cmocka_unit_test(test_format_kinds),
	    cmocka_unit_test(test_format_marks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
