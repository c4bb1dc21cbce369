/* Unit tests for small-number protection (src/domain/suppress.c): thresholds, the line rule,
 * protected totals, unpublished entries, withholding part of a table, formatting, and R32's "a
 * test tries to recover every suppressed cell from the published table and fails": an
 * independent brute-force attacker that reads only the published strings and searches
 * every completion of the table, run over thousands of random tables with a fixed seed. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/suppress.h"

/* ---- helpers ---------------------------------------------------------------------------- */

/* A table from row-major inner cells, totals added. */
static void make(struct suppress_table *t, size_t rows, size_t cols, const int64_t *cells)
{
	assert_int_equal(suppress_table_init(t, rows, cols, NULL), 0);
	for (size_t i = 0; i < rows; i++)
		for (size_t j = 0; j < cols; j++)
			t->v[i][j] = cells[i * cols + j];
	assert_int_equal(suppress_table_add_totals(t, NULL), 0);
}

/* Compare the whole published grid, totals included, with the expected strings (row-major,
 * (rows+1) x (cols+1)). */
static void expect_grid(const struct suppress_table *t, const struct suppress_result *r,
                        const char *const *want)
{
	char buf[SUPPRESS_FORMAT_MAX];
	size_t k = 0;

	for (size_t i = 0; i <= t->rows; i++)
		for (size_t j = 0; j <= t->cols; j++) {
			suppress_format(t, r, i, j, buf, sizeof(buf));
			if (strcmp(buf, want[k]) != 0)
				fail_msg("entry (%zu,%zu): got \"%s\", want \"%s\"", i, j, buf,
				         want[k]);
			k++;
		}
}

/* ---- the brute-force attacker ----------------------------------------------------------- */

/* It knows only what a reader of the report knows: the published strings, that values are
 * non-negative integers and that the lines add up, and the documented meaning of the marks
 * ("<T" is 1..T-1 because zeros are shown; ".." is at least T, or anything at all when it
 * was withheld by step 5, which the reader is told); an entry not published at all (nothing
 * printed) is any value from 0. A withheld zero is not tested: it identifies nobody. Hidden values
 * are searched up to a cap of the grand total plus T: a completion it finds is a real one, so
 * "found two values" is a proof of protection. */
#define AMAX 8 /* grid side: up to 7 x 7 inner cells */

struct attacker {
	size_t R, C;
	int known[AMAX][AMAX];
	int unpublished[AMAX][AMAX]; /* nothing printed: no figure to recover */
	int64_t val[AMAX][AMAX];
	int64_t lo[AMAX][AMAX], hi[AMAX][AMAX];
	size_t n;
	size_t ui[AMAX * AMAX], uj[AMAX * AMAX];
};

static void attacker_read(struct attacker *a, const struct suppress_table *t,
                          const struct suppress_result *r, int64_t thr)
{
	char buf[SUPPRESS_FORMAT_MAX];
	int64_t cap;

	assert_true(t->rows < AMAX && t->cols < AMAX);
	memset(a, 0, sizeof(*a));
	a->R = t->rows;
	a->C = t->cols;
	/* The threshold, from any "<T" mark (a table with none is either all shown or all
	 * ".."), unless the test tells it. */
	for (size_t i = 0; i <= a->R; i++)
		for (size_t j = 0; j <= a->C; j++) {
			suppress_format(t, r, i, j, buf, sizeof(buf));
			if (buf[0] == '<')
				thr = strtoll(buf + 1, NULL, 10);
		}
	cap = t->v[t->rows][t->cols] + (thr > 0 ? thr : 1);
	for (size_t i = 0; i <= a->R; i++)
		for (size_t j = 0; j <= a->C; j++) {
			suppress_format(t, r, i, j, buf, sizeof(buf));
			if (buf[0] == '\0') {
				a->unpublished[i][j] = 1;
				a->lo[i][j] = 0;
				a->hi[i][j] = cap;
			} else if (buf[0] == '<') {
				a->lo[i][j] = 1;
				a->hi[i][j] = thr - 1;
			} else if (strcmp(buf, "..") == 0) {
				/* withheld by step 5: the reader is told that nothing is known */
				a->lo[i][j] = thr > 0 && !r->withheld[i][j] ? thr : 0;
				a->hi[i][j] = cap;
			} else {
				a->known[i][j] = 1;
				a->val[i][j] = strtoll(buf, NULL, 10);
				assert_int_equal(a->val[i][j], t->v[i][j]);
				continue;
			}
			a->ui[a->n] = i;
			a->uj[a->n] = j;
			a->n++;
		}
}

/* Values (ti, tj) may take so that its row (is_row) or column can still add up, given the
 * entries known so far and the ranges of the others. The line's last entry is its total. */
static void line_range(const struct attacker *a, int is_row, size_t ti, size_t tj, int64_t *lo,
                       int64_t *hi)
{
	size_t len = is_row ? a->C + 1 : a->R + 1;
	int64_t s = 0, mn = 0, mx = 0, l, h;
	int coef_t = 0;

	for (size_t k = 0; k < len; k++) {
		size_t i = is_row ? ti : k, j = is_row ? k : tj;
		int coef = k + 1 == len ? -1 : 1;

		if (i == ti && j == tj) {
			coef_t = coef;
		} else if (a->known[i][j]) {
			s += coef * a->val[i][j];
		} else if (coef > 0) {
			mn += a->lo[i][j];
			mx += a->hi[i][j];
		} else {
			mn -= a->hi[i][j];
			mx -= a->lo[i][j];
		}
	}
	/* s + coef_t * v + [mn, mx] must contain 0. */
	if (coef_t > 0) {
		l = -s - mx;
		h = -s - mn;
	} else {
		l = s + mn;
		h = s + mx;
	}
	if (l > *lo)
		*lo = l;
	if (h < *hi)
		*hi = h;
}

/* Depth-first search for a completion of the unknowns not yet placed: always branch on the
 * one with the fewest values left (a line with one unknown left forces it), and give up on
 * a branch as soon as some unknown has none. */
static int complete(struct attacker *a)
{
	size_t best = a->n;
	int64_t best_lo = 0, best_hi = 0;

	for (size_t k = 0; k < a->n; k++) {
		size_t i = a->ui[k], j = a->uj[k];
		int64_t lo, hi;

		if (a->known[i][j])
			continue;
		lo = a->lo[i][j];
		hi = a->hi[i][j];
		line_range(a, 1, i, j, &lo, &hi);
		line_range(a, 0, i, j, &lo, &hi);
		if (lo > hi)
			return 0;
		if (best == a->n || hi - lo < best_hi - best_lo) {
			best = k;
			best_lo = lo;
			best_hi = hi;
		}
	}
	if (best == a->n)
		return 1;
	for (int64_t v = best_lo; v <= best_hi; v++) {
		size_t i = a->ui[best], j = a->uj[best];

		a->known[i][j] = 1;
		a->val[i][j] = v;
		if (complete(a))
			return 1;
		a->known[i][j] = 0;
	}
	return 0;
}

/* Whether hidden entry (i, j) can be v in some completion. Leaves a unchanged. */
static int feasible(struct attacker *a, size_t i, size_t j, int64_t v)
{
	int known[AMAX][AMAX];
	int64_t lo = v, hi = v;
	int ok = 0;

	if (v < a->lo[i][j] || v > a->hi[i][j])
		return 0;
	memcpy(known, a->known, sizeof(known));
	/* The target must fit its own lines, then everything else must fit around it. */
	line_range(a, 1, i, j, &lo, &hi);
	line_range(a, 0, i, j, &lo, &hi);
	if (lo <= hi) {
		a->known[i][j] = 1;
		a->val[i][j] = v;
		ok = complete(a);
	}
	memcpy(a->known, known, sizeof(known));
	return ok;
}

/* 1 when the attacker pins hidden entry (i, j) down to one value. The true value must be a
 * completion (else the attacker or the table is wrong); then any other value in the cap
 * range refutes exposure. */
static int attacker_recovers(struct attacker *a, const struct suppress_table *t, size_t i, size_t j)
{
	int64_t x = t->v[i][j];

	assert_true(feasible(a, i, j, x));
	for (int64_t d = 1; d <= a->hi[i][j] + 1; d++) {
		if (x + d <= a->hi[i][j] && feasible(a, i, j, x + d))
			return 0;
		if (x - d >= a->lo[i][j] && feasible(a, i, j, x - d))
			return 0;
		if (x + d > a->hi[i][j] && x - d < a->lo[i][j])
			break;
	}
	return 1;
}

/* Every hidden entry of a suppress_apply result resists the attacker. */
static void assert_unrecoverable(const struct suppress_table *t, const struct suppress_result *r)
{
	struct attacker a;

	attacker_read(&a, t, r, 0);
	/* a zero withheld with its line identifies nobody: zeros are shown everywhere else */
	for (size_t k = 0; k < a.n; k++)
		if (!a.unpublished[a.ui[k]][a.uj[k]] &&
		    !(r->withheld[a.ui[k]][a.uj[k]] && t->v[a.ui[k]][a.uj[k]] == 0) &&
		    attacker_recovers(&a, t, a.ui[k], a.uj[k]))
			fail_msg("entry (%zu,%zu) = %lld recovered", a.ui[k], a.uj[k],
			         (long long)t->v[a.ui[k]][a.uj[k]]);
}

/* The structural invariants of any suppress_apply_masked result (unpublished NULL: none). */
static void assert_invariants_masked(
    const struct suppress_table *t, const struct suppress_result *r,
    const unsigned char unpublished[SUPPRESS_MAX_DIM + 1][SUPPRESS_MAX_DIM + 1])
{
	size_t np = 0, ns = 0, nu = 0;

	assert_int_equal(r->rows, t->rows);
	assert_int_equal(r->cols, t->cols);
	for (size_t i = 0; i <= t->rows; i++)
		for (size_t j = 0; j <= t->cols; j++) {
			int64_t x = t->v[i][j];
			int m = r->mark[i][j];
			int out = unpublished != NULL && unpublished[i][j];

			np += m == SUPPRESS_PRIMARY;
			ns += m == SUPPRESS_SECONDARY;
			nu += m == SUPPRESS_UNPUBLISHED;
			/* exactly the masked entries, whatever their value, whole or not */
			assert_int_equal(m == SUPPRESS_UNPUBLISHED, out);
			if (out)
				continue;
			/* withheld by step 5: "..", whatever the value */
			assert_true(!r->whole || r->withheld[i][j]);
			if (r->withheld[i][j]) {
				assert_int_equal(m, SUPPRESS_SECONDARY);
				continue;
			}
			/* Primary exactly for 0 < x < T; zeros never hidden. */
			assert_int_equal(m == SUPPRESS_PRIMARY, x > 0 && x < r->threshold);
			if (x == 0)
				assert_int_equal(m, SUPPRESS_SHOWN);
		}
	assert_int_equal(np, r->n_primary);
	assert_int_equal(ns, r->n_secondary);
	assert_int_equal(nu, r->n_unpublished);
	/* Line rule: no line holds exactly one hidden entry, except a line holding an
	 * unpublished one, which is left alone, and a line with no shown non-zero entry to
	 * give it (its one hidden entry is then a zero withheld by step 5). */
	for (size_t i = 0; i <= t->rows; i++) {
		size_t n = 0, open = 0, spare = 0;

		for (size_t j = 0; j <= t->cols; j++) {
			n += r->mark[i][j] != SUPPRESS_SHOWN;
			open += r->mark[i][j] == SUPPRESS_UNPUBLISHED;
			spare += r->mark[i][j] == SUPPRESS_SHOWN && t->v[i][j] != 0;
		}
		assert_true(open > 0 || n != 1 || spare == 0);
	}
	for (size_t j = 0; j <= t->cols; j++) {
		size_t n = 0, open = 0, spare = 0;

		for (size_t i = 0; i <= t->rows; i++) {
			n += r->mark[i][j] != SUPPRESS_SHOWN;
			open += r->mark[i][j] == SUPPRESS_UNPUBLISHED;
			spare += r->mark[i][j] == SUPPRESS_SHOWN && t->v[i][j] != 0;
		}
		assert_true(open > 0 || n != 1 || spare == 0);
	}
	assert_int_equal(suppress_count_exposed(t, r, NULL, NULL), 0);
}

static void assert_invariants(const struct suppress_table *t, const struct suppress_result *r)
{
	assert_invariants_masked(t, r, NULL);
}

/* ---- thresholds ------------------------------------------------------------------------- */

/* 2 is hidden; its row and column each get a second hidden cell, the smallest of the line;
 * row 1 then needs one too. The four hidden cells form a cycle: <3 can be 1 or 2. */
static void test_default_threshold(void **state)
{
	static const int64_t cells[] = {2, 5, 6, 7};
	static const char *const want[] = {"<3", "..", "7", "..", "..", "13", "8", "12", "20"};
	struct suppress_table t;
	struct suppress_result r;

	(void)state;
	assert_int_equal(SUPPRESS_THRESHOLD_DEFAULT, 3);
	make(&t, 2, 2, cells);
	assert_int_equal(suppress_apply(&t, SUPPRESS_THRESHOLD_DEFAULT, &r, NULL), 0);
	assert_int_equal(r.whole, 0);
	assert_int_equal(r.n_primary, 1);
	assert_int_equal(r.n_secondary, 3);
	expect_grid(&t, &r, want);
	assert_invariants(&t, &r);
	assert_unrecoverable(&t, &r);
}

static void test_configurable_threshold(void **state)
{
	static const int64_t cells[] = {2, 5, 6, 7};
	static const char *const shown[] = {"2", "5", "7", "6", "7", "13", "8", "12", "20"};
	struct suppress_table t;
	struct suppress_result r;
	struct nrs_error err;
	char buf[SUPPRESS_FORMAT_MAX];

	(void)state;
	make(&t, 2, 2, cells);
	/* 0 and 1: no protection at all. */
	assert_int_equal(suppress_apply(&t, 0, &r, NULL), 0);
	assert_int_equal(r.n_primary + r.n_secondary, 0);
	expect_grid(&t, &r, shown);
	assert_int_equal(suppress_apply(&t, 1, &r, NULL), 0);
	expect_grid(&t, &r, shown);

	/* 6: 2 and 5 are small, and so the mark says "<6". */
	assert_int_equal(suppress_apply(&t, 6, &r, NULL), 0);
	assert_int_equal(r.mark[0][0], SUPPRESS_PRIMARY);
	assert_int_equal(r.mark[0][1], SUPPRESS_PRIMARY);
	assert_int_equal(r.n_primary, 2);
	suppress_format(&t, &r, 0, 1, buf, sizeof(buf));
	assert_string_equal(buf, "<6");
	assert_invariants(&t, &r);
	assert_unrecoverable(&t, &r);

	/* 8: everything but the grand total and two totals of 8 and up is small. */
	assert_int_equal(suppress_apply(&t, 8, &r, NULL), 0);
	assert_invariants(&t, &r);
	assert_unrecoverable(&t, &r);

	/* 2 would print "<2", which can only mean 1; negative and huge are nonsense. */
	nrs_error_clear(&err);
	assert_int_equal(suppress_apply(&t, 2, &r, &err), NRS_EINVAL);
	assert_string_equal(err.field, "troskel");
	assert_non_null(strstr(err.msg, "<2"));
	assert_int_equal(suppress_apply(&t, -1, &r, NULL), NRS_EINVAL);
	assert_int_equal(suppress_apply(&t, SUPPRESS_THRESHOLD_MAX + 1, &r, NULL), NRS_EINVAL);
	assert_int_equal(suppress_apply(&t, SUPPRESS_THRESHOLD_MAX, &r, NULL), 0);
	assert_invariants(&t, &r);
}

/* ---- the line rule ---------------------------------------------------------------------- */

/* A row with one small cell gets a second hidden cell: the smallest other non-zero cell of
 * the row (4, not the 9 or the total 14). Column 0 then takes 10 (smallest of 10, 13, 24)
 * and row 1 takes 11: a four-cell cycle, and nothing else. */
static void test_row_gets_second(void **state)
{
	static const int64_t cells[] = {1, 4, 9, 10, 11, 12, 13, 14, 15};
	static const char *const want[] = {"<3", "..", "9",  "14", "..", "..", "12", "33",
	                                   "13", "14", "15", "42", "24", "29", "36", "89"};
	struct suppress_table t;
	struct suppress_result r;

	(void)state;
	make(&t, 3, 3, cells);
	assert_int_equal(suppress_apply(&t, 3, &r, NULL), 0);
	expect_grid(&t, &r, want);
	assert_int_equal(r.n_secondary, 3);
	assert_invariants(&t, &r);
	assert_unrecoverable(&t, &r);
}

/* The same table transposed: the column with the small cell gets its smallest other cell. */
static void test_column_gets_second(void **state)
{
	static const int64_t cells[] = {1, 10, 13, 4, 11, 14, 9, 12, 15};
	static const char *const want[] = {"<3", "..", "13", "24", "..", "..", "14", "29",
	                                   "9",  "12", "15", "36", "14", "33", "42", "89"};
	struct suppress_table t;
	struct suppress_result r;

	(void)state;
	make(&t, 3, 3, cells);
	assert_int_equal(suppress_apply(&t, 3, &r, NULL), 0);
	expect_grid(&t, &r, want);
	assert_invariants(&t, &r);
	assert_unrecoverable(&t, &r);
}

/* Ties between equal candidates go to the lower index along the line. */
static void test_tie_by_position(void **state)
{
	static const int64_t cells[] = {5, 1, 5, 5, 5, 5};
	struct suppress_table t;
	struct suppress_result r;

	(void)state;
	make(&t, 2, 3, cells);
	assert_int_equal(suppress_apply(&t, 3, &r, NULL), 0);
	/* Row 0: 5 and 5 tie and column 0 wins; then column 0 takes (1,0) and column 1 takes
	 * (1,1), each the only cell below its column total. */
	assert_int_equal(r.mark[0][1], SUPPRESS_PRIMARY);
	assert_int_equal(r.mark[0][0], SUPPRESS_SECONDARY);
	assert_int_equal(r.mark[0][2], SUPPRESS_SHOWN);
	assert_int_equal(r.mark[1][1], SUPPRESS_SECONDARY);
	assert_int_equal(r.mark[1][0], SUPPRESS_SECONDARY);
	assert_int_equal(r.mark[1][2], SUPPRESS_SHOWN);
	assert_invariants(&t, &r);
	assert_unrecoverable(&t, &r);
}

/* ---- totals ----------------------------------------------------------------------------- */

/* A small row total is hidden like any cell, and so is what would give it away: the other
 * totals of its column of totals and a cell of the column holding the small cell. */
static void test_small_row_total(void **state)
{
	static const int64_t cells[] = {0, 2, 0, 6, 7, 8, 5, 9, 4};
	static const char *const want[] = {"0",  "<3", "0",  "<3", "..", "..", "..", "21",
	                                   "..", "9",  "..", "..", "11", "18", "12", "41"};
	struct suppress_table t;
	struct suppress_result r;

	(void)state;
	make(&t, 3, 3, cells);
	assert_int_equal(suppress_apply(&t, 3, &r, NULL), 0);
	expect_grid(&t, &r, want);
	assert_int_equal(r.mark[0][3], SUPPRESS_PRIMARY);
	assert_invariants(&t, &r);
	assert_unrecoverable(&t, &r);
}

/* A small column total whose only non-zero cell is small: cell and total are equal, both
 * "<3", and must move together with something else. */
static void test_small_column_total(void **state)
{
	static const int64_t cells[] = {2, 5, 0, 6, 0, 7};
	struct suppress_table t;
	struct suppress_result r;

	(void)state;
	make(&t, 3, 2, cells);
	assert_int_equal(suppress_apply(&t, 3, &r, NULL), 0);
	assert_int_equal(r.whole, 0);
	assert_int_equal(r.mark[3][0], SUPPRESS_PRIMARY);
	assert_int_equal(r.mark[0][0], SUPPRESS_PRIMARY);
	/* The grand total is hidden or the other column total is. */
	assert_true(r.mark[3][1] != SUPPRESS_SHOWN || r.mark[3][2] != SUPPRESS_SHOWN);
	assert_invariants(&t, &r);
	assert_unrecoverable(&t, &r);
}

/* A one-cell table of 2: cell, totals and grand total are all "<3" and all equal; they can
 * be 1 or 2 together, so nothing more is needed. */
static void test_one_cell(void **state)
{
	static const int64_t two[] = {2}, five[] = {5};
	static const char *const want[] = {"<3", "<3", "<3", "<3"};
	struct suppress_table t;
	struct suppress_result r;

	(void)state;
	make(&t, 1, 1, two);
	assert_int_equal(suppress_apply(&t, 3, &r, NULL), 0);
	expect_grid(&t, &r, want);
	assert_invariants(&t, &r);
	assert_unrecoverable(&t, &r);
	make(&t, 1, 1, five);
	assert_int_equal(suppress_apply(&t, 3, &r, NULL), 0);
	assert_int_equal(r.n_primary + r.n_secondary, 0);
}

/* When the marks themselves give the numbers away, no secondary suppression helps: step 5
 * withholds the smallest part of the table through the exposed entry, zeros and totals
 * included, as ".." that says nothing (any value from 0), and protects the rest as usual.
 * In "<3 0 | <3 / 0 <3 | <3 / <3 <3 | <3" the row totals are at least 1 and add up to less
 * than 3, so each is 1, and so is each cell. Withholding the first column leaves the first
 * row total pinned by its column, and so does the first row; the two together free it. */
static void test_withheld_locally(void **state)
{
	static const int64_t diag[] = {1, 0, 0, 1}, pair[] = {1, 1}, col[] = {1, 5, 0, 6, 1, 7};
	static const char *const want_diag[] = {"..", "..", "..", "..", "<3",
	                                        "<3", "..", "<3", "<3"};
	static const char *const want_pair[] = {"..", "<3", "<3", "..", "<3", "<3"};
	static const char *const want_col[] = {"..", "..", "6", "..", "..", "6",
	                                       "..", "..", "8", "..", "..", "20"};
	struct suppress_table t;
	struct suppress_result r;

	(void)state;
	make(&t, 2, 2, diag);
	assert_int_equal(suppress_apply(&t, 3, &r, NULL), 0);
	assert_int_equal(r.whole, 0);
	assert_int_equal(r.n_primary, 4);
	assert_int_equal(r.n_withheld, 5);
	assert_int_equal(r.n_secondary, 5);
	for (size_t k = 0; k <= 2; k++)
		assert_true(r.withheld[0][k] && r.withheld[k][0]);
	expect_grid(&t, &r, want_diag);
	assert_invariants(&t, &r);
	assert_unrecoverable(&t, &r);

	/* "<3 <3 | <3": two values of at least 1 adding up to at most 2. The first column
	 * goes; the second cell is then 1 or 2 with the first 1 or 0. */
	make(&t, 1, 2, pair);
	assert_int_equal(suppress_apply(&t, 3, &r, NULL), 0);
	assert_int_equal(r.whole, 0);
	expect_grid(&t, &r, want_pair);
	assert_invariants(&t, &r);
	assert_unrecoverable(&t, &r);

	/* The same inside a column of a larger table: that column goes, and the one beside
	 * it is hidden as usual, so that the withheld cells cannot be read off their rows;
	 * the row totals stay. */
	make(&t, 3, 2, col);
	assert_int_equal(suppress_apply(&t, 3, &r, NULL), 0);
	assert_int_equal(r.whole, 0);
	assert_int_equal(r.n_withheld, 4);
	expect_grid(&t, &r, want_col);
	assert_invariants(&t, &r);
	assert_unrecoverable(&t, &r);
}

/* ---- the exact audit -------------------------------------------------------------------- */

/* Two blocks of hidden cells joined by one hidden cell: every line holds 0 or at least 2
 * hidden entries, yet the joining cell (0,2) is rows 0+1 minus columns 0+1 of the published
 * numbers. The audit sees it, the brute-force attacker recovers it, and the cells of the
 * blocks stay safe. */
static void test_audit_sees_bridge(void **state)
{
	static const int64_t cells[] = {10, 10, 10, 10, 10, 10, 10, 10,
	                                10, 10, 10, 10, 10, 10, 10, 10};
	static const size_t hid[][2] = {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {2, 2},
	                                {2, 3}, {3, 2}, {3, 3}, {0, 2}};
	struct suppress_table t;
	struct suppress_result r;
	struct attacker a;
	size_t fi = 9, fj = 9;

	(void)state;
	make(&t, 4, 4, cells);
	memset(&r, 0, sizeof(r));
	r.rows = 4;
	r.cols = 4;
	r.threshold = 3;
	for (size_t k = 0; k < sizeof(hid) / sizeof(hid[0]); k++)
		r.mark[hid[k][0]][hid[k][1]] = SUPPRESS_SECONDARY;
	assert_int_equal(suppress_cell_exposed(&t, &r, 0, 2), 1);
	assert_int_equal(suppress_count_exposed(&t, &r, &fi, &fj), 1);
	assert_int_equal(fi, 0);
	assert_int_equal(fj, 2);
	attacker_read(&a, &t, &r, 3);
	assert_int_equal(attacker_recovers(&a, &t, 0, 2), 1);
	assert_int_equal(attacker_recovers(&a, &t, 1, 1), 0);
	assert_int_equal(attacker_recovers(&a, &t, 3, 3), 0);
	/* Shown entries and bad indexes are never "exposed". */
	assert_int_equal(suppress_cell_exposed(&t, &r, 4, 4), 0);
	assert_int_equal(suppress_cell_exposed(&t, &r, 5, 0), 0);
	assert_int_equal(suppress_cell_exposed(&t, &r, 0, 5), 0);
	assert_int_equal(suppress_cell_exposed(NULL, &r, 0, 0), 0);

	/* suppress_apply on the same table with (0,2) small would not stop there. */
	t.v[0][2] = 1;
	assert_int_equal(suppress_table_add_totals(&t, NULL), 0);
	assert_int_equal(suppress_apply(&t, 3, &r, NULL), 0);
	assert_invariants(&t, &r);
	assert_unrecoverable(&t, &r);
}

/* The marks carry information: "<3" next to ".." with a published total. In 1 + x = 4 the
 * ".." is at least 3, so "<3" would be 1; the audit must hide more. */
static void test_audit_uses_marks(void **state)
{
	static const int64_t cells[] = {1, 3, 40, 50, 60, 70};
	struct suppress_table t;
	struct suppress_result r;

	(void)state;
	make(&t, 2, 3, cells);
	memset(&r, 0, sizeof(r));
	r.rows = 2;
	r.cols = 3;
	r.threshold = 3;
	r.mark[0][0] = SUPPRESS_PRIMARY;
	r.mark[0][1] = SUPPRESS_SECONDARY;
	r.mark[1][0] = SUPPRESS_SECONDARY;
	r.mark[1][1] = SUPPRESS_SECONDARY;
	/* Row 0 says <3 + .. + 40 = 44: only 1 + 3 fits. */
	assert_int_equal(suppress_cell_exposed(&t, &r, 0, 0), 1);
	assert_int_equal(suppress_cell_exposed(&t, &r, 0, 1), 1);
	assert_int_equal(suppress_apply(&t, 3, &r, NULL), 0);
	assert_invariants(&t, &r);
	assert_unrecoverable(&t, &r);
}

/* ---- random tables ---------------------------------------------------------------------- */

static uint64_t rng_state;

static uint32_t rng(void)
{
	/* xorshift64*: fixed seed, same tables on every machine. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * UINT64_C(2685821657736338717)) >> 32);
}

/* Small counts: 0-8 evenly, or 0-3, or 0-11 with many near the threshold. */
static void random_table(struct suppress_table *t)
{
	size_t R = 2 + rng() % 3, C = 2 + rng() % 3;
	uint32_t style = rng() % 3;

	assert_int_equal(suppress_table_init(t, R, C, NULL), 0);
	for (size_t i = 0; i < R; i++)
		for (size_t j = 0; j < C; j++)
			t->v[i][j] = style == 0   ? rng() % 9
			             : style == 1 ? rng() % 4
			                          : rng() % 4 * 3 + rng() % 3;
	assert_int_equal(suppress_table_add_totals(t, NULL), 0);
}

/* R32's recovery test: thousands of random 2-4 x 2-4 tables; the attacker recovers nothing. */
static void test_random_tables_resist_attack(void **state)
{
	static const int64_t thresholds[] = {3, 3, 3, 4, 5};
	struct suppress_table t;
	struct suppress_result r;
	size_t hidden = 0, wholes = 0, local = 0, tables = 0;

	(void)state;
	rng_state = UINT64_C(0x4e6f72726b656e31);
	for (int n = 0; n < 3000; n++) {
		int64_t thr = thresholds[rng() % 5];

		random_table(&t);
		assert_int_equal(suppress_apply(&t, thr, &r, NULL), 0);
		assert_invariants(&t, &r);
		assert_unrecoverable(&t, &r);
		hidden += r.n_primary + r.n_secondary;
		wholes += (size_t)r.whole;
		local += r.n_withheld > 0 && !r.whole;
		tables++;
	}
	/* The run did exercise protection (and not only by hiding whole tables). */
	assert_true(hidden > tables);
	assert_true(wholes < tables / 2);
	/* ...and step 5 was exercised, withholding part of a table */
	assert_true(local > 0);
	print_message("  %zu tables, %zu hidden entries, %zu partly withheld, %zu wholly\n", tables,
	              hidden, local, wholes);
}

/* The audit against the attacker on arbitrary markings (not made by suppress_apply), some
 * entries withheld: both must agree on every hidden entry, exposed or not. */
static void test_audit_matches_attacker(void **state)
{
	struct suppress_table t;
	struct suppress_result r;
	struct attacker a;
	size_t exposed = 0, safe = 0;

	(void)state;
	rng_state = UINT64_C(0x5375707072657373);
	for (int n = 0; n < 2000; n++) {
		random_table(&t);
		memset(&r, 0, sizeof(r));
		r.rows = t.rows;
		r.cols = t.cols;
		r.threshold = 3;
		for (size_t i = 0; i <= t.rows; i++)
			for (size_t j = 0; j <= t.cols; j++) {
				int64_t x = t.v[i][j];

				if (rng() % 8 == 0) {
					/* withheld by step 5, whatever its value */
					r.mark[i][j] = SUPPRESS_SECONDARY;
					r.withheld[i][j] = 1;
				} else if (x > 0 && x < 3) {
					r.mark[i][j] = SUPPRESS_PRIMARY;
				} else if (x >= 3 && rng() % 2 == 0) {
					r.mark[i][j] = SUPPRESS_SECONDARY;
				}
			}
		attacker_read(&a, &t, &r, 3);
		for (size_t k = 0; k < a.n; k++) {
			int got;

			/* a withheld zero is not audited (it identifies nobody) */
			if (r.withheld[a.ui[k]][a.uj[k]] && t.v[a.ui[k]][a.uj[k]] == 0) {
				assert_int_equal(suppress_cell_exposed(&t, &r, a.ui[k], a.uj[k]),
				                 0);
				continue;
			}
			got = suppress_cell_exposed(&t, &r, a.ui[k], a.uj[k]);
			int want = attacker_recovers(&a, &t, a.ui[k], a.uj[k]);

			if (got != want)
				fail_msg("table %d entry (%zu,%zu): audit %d, attacker %d", n,
				         a.ui[k], a.uj[k], got, want);
			exposed += (size_t)want;
			safe += (size_t)!want;
		}
	}
	/* Both outcomes occurred plenty of times. */
	assert_true(exposed > 500);
	assert_true(safe > 500);
}

/* ---- tables typical of the annual report ------------------------------------------------ */

/* Started series for victims, women and men x age class 18-24 .. 65+. */
static void test_report_gender_by_age(void **state)
{
	static const int64_t cells[] = {4, 12, 19, 15, 9, 2, 1, 3, 5, 4, 2, 0};
	static const char *const want[] = {
	    "..", "12", "19", "15", "..", "<3", "61", /* kvinnor */
	    "<3", "3",  "5",  "4",  "<3", "0",  "15", /* män */
	    "..", "15", "24", "19", "11", "<3", "76", /* summa */
	};
	struct suppress_table t;
	struct suppress_result r;

	(void)state;
	make(&t, 2, 6, cells);
	assert_int_equal(suppress_apply(&t, 3, &r, NULL), 0);
	expect_grid(&t, &r, want);
	assert_invariants(&t, &r);
	assert_unrecoverable(&t, &r);
}

/* Östersund and the other municipalities added together (Bilaga 1 note 5) x Y-2, Y-1, Y. */
static void test_report_host_by_year(void **state)
{
	static const int64_t cells[] = {41, 38, 45, 2, 7, 4};
	static const char *const want[] = {
	    "..", "38", "..", "124", /* Östersund */
	    "<3", "7",  "..", "13",  /* övriga kommuner */
	    "43", "45", "49", "137", /* summa */
	};
	struct suppress_table t;
	struct suppress_result r;

	(void)state;
	make(&t, 2, 3, cells);
	assert_int_equal(suppress_apply(&t, 3, &r, NULL), 0);
	expect_grid(&t, &r, want);
	assert_invariants(&t, &r);
	assert_unrecoverable(&t, &r);
}

/* The largest table: 16 x 16 with scattered small cells stays fast and safe by the audit. */
static void test_largest_table(void **state)
{
	struct suppress_table t;
	struct suppress_result r;

	(void)state;
	rng_state = UINT64_C(0x4c61726765737421);
	assert_int_equal(suppress_table_init(&t, SUPPRESS_MAX_DIM, SUPPRESS_MAX_DIM, NULL), 0);
	for (size_t i = 0; i < SUPPRESS_MAX_DIM; i++)
		for (size_t j = 0; j < SUPPRESS_MAX_DIM; j++)
			t.v[i][j] = rng() % 5 == 0 ? rng() % 3 : 3 + rng() % 40;
	assert_int_equal(suppress_table_add_totals(&t, NULL), 0);
	assert_int_equal(suppress_apply(&t, 3, &r, NULL), 0);
	assert_invariants(&t, &r);
}

/* ---- input checks and formatting -------------------------------------------------------- */

static void test_errors(void **state)
{
	static const int64_t cells[] = {2, 5, 6, 7};
	struct suppress_table t;
	struct suppress_result r;
	struct nrs_error err;

	(void)state;
	nrs_error_clear(&err);
	assert_int_equal(suppress_table_init(&t, 0, 2, &err), NRS_EINVAL);
	assert_string_equal(err.field, "tabell");
	assert_int_equal(suppress_table_init(&t, 2, SUPPRESS_MAX_DIM + 1, NULL), NRS_EINVAL);
	assert_int_equal(suppress_table_init(NULL, 2, 2, NULL), NRS_EINVAL);
	assert_int_equal(suppress_table_init(&t, SUPPRESS_MAX_DIM, 1, NULL), 0);

	/* Totals that do not add up. */
	make(&t, 2, 2, cells);
	t.v[0][2] = 8;
	assert_int_equal(suppress_apply(&t, 3, &r, &err), NRS_EINVAL);
	assert_non_null(strstr(err.msg, "rad 1"));
	make(&t, 2, 2, cells);
	t.v[0][0] = 5;
	t.v[0][1] = 2;
	assert_int_equal(suppress_apply(&t, 3, &r, &err), NRS_EINVAL);
	assert_non_null(strstr(err.msg, "kolumn 1"));
	make(&t, 2, 2, cells);
	t.v[2][2] = 21;
	assert_int_equal(suppress_apply(&t, 3, &r, NULL), NRS_EINVAL);

	/* Values out of range. */
	make(&t, 2, 2, cells);
	t.v[1][1] = -1;
	assert_int_equal(suppress_table_add_totals(&t, &err), NRS_EINVAL);
	assert_non_null(strstr(err.msg, "rad 2, kolumn 2"));
	assert_int_equal(suppress_apply(&t, 3, &r, NULL), NRS_EINVAL);
	make(&t, 2, 2, cells);
	t.v[0][0] = SUPPRESS_VALUE_MAX;
	assert_int_equal(suppress_table_add_totals(&t, NULL), NRS_EINVAL);
	t.v[0][0] = SUPPRESS_VALUE_MAX + 1;
	assert_int_equal(suppress_table_add_totals(&t, NULL), NRS_EINVAL);

	/* Bad dimensions in a table not made by suppress_table_init. */
	make(&t, 2, 2, cells);
	t.rows = 0;
	assert_int_equal(suppress_apply(&t, 3, &r, NULL), NRS_EINVAL);
	assert_int_equal(suppress_table_add_totals(&t, NULL), NRS_EINVAL);
	t.rows = SUPPRESS_MAX_DIM + 1;
	assert_int_equal(suppress_apply(&t, 3, &r, NULL), NRS_EINVAL);
	assert_int_equal(suppress_apply(NULL, 3, &r, NULL), NRS_EINVAL);
	make(&t, 2, 2, cells);
	assert_int_equal(suppress_apply(&t, 3, NULL, NULL), NRS_EINVAL);
}

static void test_format(void **state)
{
	static const int64_t cells[] = {2, 123456, 0, 7};
	struct suppress_table t;
	struct suppress_result r;
	char buf[SUPPRESS_FORMAT_MAX];
	char small[3];

	(void)state;
	make(&t, 2, 2, cells);
	assert_int_equal(suppress_apply(&t, 3, &r, NULL), 0);
	suppress_format(&t, &r, 0, 0, buf, sizeof(buf));
	assert_string_equal(buf, "<3");
	suppress_format(&t, &r, 1, 0, buf, sizeof(buf));
	assert_string_equal(buf, "0");
	suppress_format(&t, &r, 1, 1, buf, sizeof(buf));
	assert_string_equal(buf, "7");
	suppress_format(&t, &r, 0, 1, buf, sizeof(buf));
	assert_string_equal(buf, "..");
	/* Out of range gives "", short buffers truncate and stay terminated. */
	suppress_format(&t, &r, 3, 0, buf, sizeof(buf));
	assert_string_equal(buf, "");
	suppress_format(&t, &r, 0, 3, buf, sizeof(buf));
	assert_string_equal(buf, "");
	suppress_format(NULL, &r, 0, 0, buf, sizeof(buf));
	assert_string_equal(buf, "");
	suppress_format(&t, &r, 2, 2, small, sizeof(small));
	assert_string_equal(small, "12");
	suppress_format(&t, &r, 2, 2, small, 0);
	suppress_format(&t, &r, 2, 2, NULL, 8);
	/* The largest value and threshold fit SUPPRESS_FORMAT_MAX. */
	assert_true(snprintf(NULL, 0, "%lld", (long long)SUPPRESS_VALUE_MAX) < SUPPRESS_FORMAT_MAX);
}

/* Same input, same marks; and the result does not depend on what r held before. */
static void test_deterministic(void **state)
{
	struct suppress_table t;
	struct suppress_result a, b;

	(void)state;
	rng_state = UINT64_C(0x446574657231);
	for (int n = 0; n < 200; n++) {
		random_table(&t);
		memset(&b, 0xff, sizeof(b));
		assert_int_equal(suppress_apply(&t, 3, &a, NULL), 0);
		assert_int_equal(suppress_apply(&t, 3, &b, NULL), 0);
		assert_memory_equal(&a, &b, sizeof(a));
	}
}

/* Starting from forced entries (another table shows the same figures and hides them): the
 * forced non-zero entries are hidden, "<T" still means exactly a small value, forced zeros
 * stay shown, and every guarantee above holds; no mask at all is suppress_apply. */
static void test_forced(void **state)
{
	static const int64_t cells[] = {10, 12, 9, 14};
	struct suppress_table t;
	struct suppress_result a, b;
	unsigned char force[SUPPRESS_MAX_DIM + 1][SUPPRESS_MAX_DIM + 1];

	(void)state;
	/* nothing small: forcing the first column's total hides it and a partner per line */
	make(&t, 2, 2, cells);
	memset(force, 0, sizeof(force));
	force[2][0] = 1;
	assert_int_equal(suppress_apply_forced(
	                     &t, 3, (const unsigned char(*)[SUPPRESS_MAX_DIM + 1]) force, &a, NULL),
	                 0);
	assert_int_equal(a.mark[2][0], SUPPRESS_SECONDARY);
	assert_int_equal(a.n_primary, 0);
	assert_true(a.n_secondary >= 4);
	assert_invariants(&t, &a);
	assert_unrecoverable(&t, &a);
	rng_state = UINT64_C(0x466f72636564);
	for (int n = 0; n < 300; n++) {
		random_table(&t);
		memset(force, 0, sizeof(force));
		for (size_t k = 0; k < 3; k++)
			force[rng() % (t.rows + 1)][rng() % (t.cols + 1)] = 1;
		assert_int_equal(
		    suppress_apply_forced(
		        &t, 3, (const unsigned char(*)[SUPPRESS_MAX_DIM + 1]) force, &a, NULL),
		    0);
		assert_invariants(&t, &a);
		for (size_t i = 0; i <= t.rows; i++)
			for (size_t j = 0; j <= t.cols; j++)
				if (force[i][j] && t.v[i][j] > 0)
					assert_int_not_equal(a.mark[i][j], SUPPRESS_SHOWN);
		assert_unrecoverable(&t, &a);
		assert_int_equal(suppress_apply_forced(&t, 3, NULL, &a, NULL), 0);
		assert_int_equal(suppress_apply(&t, 3, &b, NULL), 0);
		assert_memory_equal(&a, &b, sizeof(a));
	}
}

/* ---- unpublished entries ---------------------------------------------------------------- */

#define UNPUB(m) ((const unsigned char(*)[SUPPRESS_MAX_DIM + 1])(m))

/* Which totals a table leaves out: the row totals without row_totals, the column totals
 * without col_totals, the grand total unless both. */
static void test_unpublished_totals_mask(void **state)
{
	unsigned char m[SUPPRESS_MAX_DIM + 1][SUPPRESS_MAX_DIM + 1];

	(void)state;
	memset(m, 7, sizeof(m));
	suppress_unpublished_totals(m, 2, 3, 0, 1);
	for (size_t i = 0; i <= SUPPRESS_MAX_DIM; i++)
		for (size_t j = 0; j <= SUPPRESS_MAX_DIM; j++)
			assert_int_equal(m[i][j], (i < 2 && j == 3) || (i == 2 && j == 3));
	suppress_unpublished_totals(m, 2, 3, 1, 0);
	for (size_t i = 0; i <= 2; i++)
		for (size_t j = 0; j <= 3; j++)
			assert_int_equal(m[i][j], i == 2);
	suppress_unpublished_totals(m, 2, 3, 1, 1);
	for (size_t i = 0; i <= 2; i++)
		for (size_t j = 0; j <= 3; j++)
			assert_int_equal(m[i][j], 0);
	suppress_unpublished_totals(m, 2, 3, 0, 0);
	for (size_t i = 0; i <= 2; i++)
		for (size_t j = 0; j <= 3; j++)
			assert_int_equal(m[i][j], i == 2 || j == 3);
}

/* A breakdown by year (row totals unpublished) whose first year has two persons in two
 * categories: "<3 <3 0 | <3" gives the ones away. That year's column is withheld whole,
 * its zero and total included; the other years stay shown, year totals and all. */
static void test_withheld_tiny_year(void **state)
{
	/* Kvinnor, Män, Annan x 2023, 2024, 2025 */
	static const int64_t cells[] = {1, 28, 31, 1, 25, 32, 0, 0, 0};
	static const char *const want[] = {
	    "..", "28", "31", "", /* Kvinnor */
	    "..", "25", "32", "", /* Män */
	    "..", "0",  "0",  "", /* Annan */
	    "..", "53", "63", "", /* Totalt */
	};
	unsigned char m[SUPPRESS_MAX_DIM + 1][SUPPRESS_MAX_DIM + 1];
	struct suppress_table t;
	struct suppress_result r;

	(void)state;
	make(&t, 3, 3, cells);
	suppress_unpublished_totals(m, 3, 3, 0, 1);
	assert_int_equal(suppress_apply_masked(&t, 3, NULL, UNPUB(m), &r, NULL), 0);
	assert_int_equal(r.whole, 0);
	assert_int_equal(r.n_primary, 0);
	assert_int_equal(r.n_withheld, 4);
	assert_int_equal(r.n_secondary, 4);
	for (size_t i = 0; i <= 3; i++)
		assert_true(r.withheld[i][0]);
	expect_grid(&t, &r, want);
	assert_invariants_masked(&t, &r, UNPUB(m));
	assert_unrecoverable(&t, &r);
	/* deterministic */
	{
		struct suppress_result again;

		assert_int_equal(suppress_apply_masked(&t, 3, NULL, UNPUB(m), &again, NULL), 0);
		assert_memory_equal(&r, &again, sizeof(r));
	}
}

/* A caller's own whole hiding: every published entry withheld, zeros too; the unpublished
 * ones stay unpublished. */
static void test_hide_whole(void **state)
{
	static const int64_t cells[] = {5, 0, 7, 9};
	static const char *const want[] = {"..", "..", "", "..", "..", "", "..", "..", ""};
	unsigned char m[SUPPRESS_MAX_DIM + 1][SUPPRESS_MAX_DIM + 1];
	struct suppress_table t;
	struct suppress_result r;

	(void)state;
	make(&t, 2, 2, cells);
	suppress_unpublished_totals(m, 2, 2, 0, 1);
	assert_int_equal(suppress_apply_masked(&t, 3, NULL, UNPUB(m), &r, NULL), 0);
	assert_int_equal(r.n_secondary, 0);
	suppress_hide_whole(&r);
	assert_int_equal(r.whole, 1);
	assert_int_equal(r.n_withheld, 6);
	assert_int_equal(r.n_secondary, 6);
	assert_int_equal(r.n_unpublished, 3);
	expect_grid(&t, &r, want);
	assert_invariants_masked(&t, &r, UNPUB(m));
	assert_unrecoverable(&t, &r);
}

/* The 2026 demo report's victim support by gender x 2024-2026, publishing the year totals
 * but no row totals. "Annan" is 1, 1, 0. Protected as if its sum 2 were published, that
 * sum is a "<3" of its own and the marks give the ones away (two values of at least 1
 * adding up to less than 3): "Annan" is withheld, and "Män" hidden beside it so that it
 * cannot be read off the years. It is not published: the ones get a ".." beside them in
 * their years and the rest is shown. */
static void test_unpublished_row_totals(void **state)
{
	static const int64_t cells[] = {57, 74, 67, 8, 10, 9, 1, 1, 0};
	static const char *const published[] = {
	    "57", "74", "67", "198", /* Kvinnor */
	    "..", "..", "..", "..",  /* Män */
	    "..", "..", "..", "..",  /* Annan, withheld */
	    "66", "85", "76", "227", /* Totalt */
	};
	static const char *const want[] = {
	    "57", "74", "67", "", /* Kvinnor */
	    "..", "..", "9",  "", /* Män */
	    "<3", "<3", "0",  "", /* Annan */
	    "66", "85", "76", "", /* Totalt */
	};
	unsigned char m[SUPPRESS_MAX_DIM + 1][SUPPRESS_MAX_DIM + 1];
	struct suppress_table t;
	struct suppress_result r;

	(void)state;
	make(&t, 3, 3, cells);
	assert_int_equal(suppress_apply(&t, 3, &r, NULL), 0);
	assert_int_equal(r.whole, 0);
	assert_int_equal(r.n_withheld, 4);
	expect_grid(&t, &r, published);
	assert_invariants(&t, &r);
	assert_unrecoverable(&t, &r);
	suppress_unpublished_totals(m, 3, 3, 0, 1);
	assert_int_equal(suppress_apply_masked(&t, 3, NULL, UNPUB(m), &r, NULL), 0);
	assert_int_equal(r.whole, 0);
	assert_int_equal(r.n_unpublished, 4);
	assert_int_equal(r.mark[2][3], SUPPRESS_UNPUBLISHED); /* small, yet no "<3" */
	expect_grid(&t, &r, want);
	assert_invariants_masked(&t, &r, UNPUB(m));
	assert_unrecoverable(&t, &r);
}

/* A line holding an unpublished entry gets no second hidden entry from the line rule (the
 * small cell's row keeps 10 and 12); its column does. An unpublished entry is never hidden
 * for another, not even when forced; and a table hidden whole leaves it unpublished. */
static void test_unpublished_line_rule(void **state)
{
	static const int64_t cells[] = {10, 1, 12, 8, 9, 7}, pair[] = {1, 1};
	static const char *const want[] = {
	    "10", "<3", "12", "", "8", "..", "7", "", "18", "10", "19", "",
	};
	static const char *const withheld[] = {"..", "", "<3", "", "<3", ""};
	unsigned char m[SUPPRESS_MAX_DIM + 1][SUPPRESS_MAX_DIM + 1];
	unsigned char force[SUPPRESS_MAX_DIM + 1][SUPPRESS_MAX_DIM + 1] = {{0}};
	struct suppress_table t;
	struct suppress_result r;

	(void)state;
	make(&t, 2, 3, cells);
	suppress_unpublished_totals(m, 2, 3, 0, 1);
	force[0][3] = 1;
	assert_int_equal(suppress_apply_masked(&t, 3, UNPUB(force), UNPUB(m), &r, NULL), 0);
	expect_grid(&t, &r, want);
	assert_int_equal(r.mark[0][3], SUPPRESS_UNPUBLISHED);
	assert_invariants_masked(&t, &r, UNPUB(m));
	assert_unrecoverable(&t, &r);
	/* the audit ignores an unpublished entry even when the reader can work it out */
	assert_int_equal(suppress_cell_exposed(&t, &r, 2, 3), 0);

	/* "<3 / <3 | <3" in one column: the marks give the ones away with or without row
	 * totals. The first cell's row publishes nothing else, so withholding that cell
	 * alone (a row) is the smallest part that helps; the row totals stay unpublished */
	make(&t, 2, 1, pair);
	suppress_unpublished_totals(m, 2, 1, 0, 1);
	assert_int_equal(suppress_apply_masked(&t, 3, NULL, UNPUB(m), &r, NULL), 0);
	assert_int_equal(r.whole, 0);
	assert_int_equal(r.n_withheld, 1);
	assert_int_equal(r.n_secondary, 1);
	assert_int_equal(r.n_primary, 2);
	assert_int_equal(r.n_unpublished, 3);
	expect_grid(&t, &r, withheld);
	assert_invariants_masked(&t, &r, UNPUB(m));
	assert_unrecoverable(&t, &r);
}

/* A random mask: the totals a table might leave out, and now and then an inner cell. */
static void random_mask(const struct suppress_table *t,
                        unsigned char m[SUPPRESS_MAX_DIM + 1][SUPPRESS_MAX_DIM + 1])
{
	suppress_unpublished_totals(m, t->rows, t->cols, rng() % 3 == 0, rng() % 4 != 0);
	if (rng() % 4 == 0)
		m[rng() % t->rows][rng() % t->cols] = 1;
}

/* R32's recovery test with unpublished entries: the reader sees nothing where an entry is
 * left out and still recovers no hidden one. */
static void test_unpublished_random_resist_attack(void **state)
{
	static const int64_t thresholds[] = {3, 3, 3, 4, 5};
	unsigned char m[SUPPRESS_MAX_DIM + 1][SUPPRESS_MAX_DIM + 1];
	struct suppress_table t;
	struct suppress_result r;
	size_t hidden = 0, wholes = 0, local = 0, tables = 0;

	(void)state;
	rng_state = UINT64_C(0x556e7075626c6973);
	for (int n = 0; n < 2000; n++) {
		int64_t thr = thresholds[rng() % 5];

		random_table(&t);
		random_mask(&t, m);
		assert_int_equal(suppress_apply_masked(&t, thr, NULL, UNPUB(m), &r, NULL), 0);
		assert_invariants_masked(&t, &r, UNPUB(m));
		assert_unrecoverable(&t, &r);
		hidden += r.n_primary + r.n_secondary;
		wholes += (size_t)r.whole;
		local += r.n_withheld > 0 && !r.whole;
		tables++;
	}
	assert_true(hidden > tables);
	assert_true(wholes < tables / 4);
	assert_true(local > 0);
	print_message("  %zu tables, %zu hidden entries, %zu partly withheld, %zu wholly\n", tables,
	              hidden, local, wholes);
}

/* A caller's withholding (suppress_apply_withheld): the year a report withholds across its
 * tables is withheld here from the start, its zero and total included, and the rest is
 * protected as usual: with the row totals unpublished, nothing else needs hiding. The
 * same year withheld in a table publishing its row totals: a cell beside it in each row is
 * hidden, or the withheld ones could be read off their rows, and then more so that those
 * cannot be read off their columns. */
static void test_withheld_by_caller(void **state)
{
	static const int64_t cells[] = {2, 21, 30, 2, 30, 25, 0, 4, 6};
	static const char *const want[] = {
	    "..", "21", "30", "", /* Kvinnor */
	    "..", "30", "25", "", /* Män */
	    "..", "4",  "6",  "", /* Annan */
	    "..", "55", "61", "", /* Totalt */
	};
	static const char *const want_rows[] = {
	    "..", "..", "30", "53",  /* Kvinnor */
	    "..", "30", "..", "57",  /* Män */
	    "..", "..", "..", "10",  /* Annan */
	    "..", "..", "61", "120", /* Totalt */
	};
	unsigned char m[SUPPRESS_MAX_DIM + 1][SUPPRESS_MAX_DIM + 1];
	unsigned char w[SUPPRESS_MAX_DIM + 1][SUPPRESS_MAX_DIM + 1] = {{0}};
	struct suppress_table t;
	struct suppress_result r, again;

	(void)state;
	make(&t, 3, 3, cells);
	for (size_t i = 0; i <= 3; i++)
		w[i][0] = 1;
	w[0][3] = 1; /* unpublished: stays so */
	suppress_unpublished_totals(m, 3, 3, 0, 1);
	assert_int_equal(suppress_apply_withheld(&t, 3, NULL, UNPUB(m), UNPUB(w), &r, NULL), 0);
	assert_int_equal(r.whole, 0);
	assert_int_equal(r.n_primary, 0);
	assert_int_equal(r.n_withheld, 4);
	assert_int_equal(r.n_secondary, 4);
	assert_int_equal(r.mark[0][3], SUPPRESS_UNPUBLISHED);
	expect_grid(&t, &r, want);
	assert_invariants_masked(&t, &r, UNPUB(m));
	assert_unrecoverable(&t, &r);
	/* deterministic, and NULL is suppress_apply_masked */
	assert_int_equal(suppress_apply_withheld(&t, 3, NULL, UNPUB(m), UNPUB(w), &again, NULL), 0);
	assert_memory_equal(&r, &again, sizeof(r));
	assert_int_equal(suppress_apply_withheld(&t, 3, NULL, UNPUB(m), NULL, &r, NULL), 0);
	assert_int_equal(suppress_apply_masked(&t, 3, NULL, UNPUB(m), &again, NULL), 0);
	assert_memory_equal(&r, &again, sizeof(r));

	suppress_unpublished_totals(m, 3, 3, 1, 1);
	w[0][3] = 0;
	assert_int_equal(suppress_apply_withheld(&t, 3, NULL, UNPUB(m), UNPUB(w), &r, NULL), 0);
	assert_int_equal(r.whole, 0);
	expect_grid(&t, &r, want_rows);
	for (size_t i = 0; i <= 3; i++)
		for (size_t j = 0; j <= 3; j++)
			assert_int_equal(r.withheld[i][j], j == 0);
	assert_invariants_masked(&t, &r, UNPUB(m));
	assert_unrecoverable(&t, &r);
}

/* R32's recovery test with a caller's withholding: a random column, row or entries
 * withheld from the start, every one of them withheld in the result, nothing recovered. */
static void test_withheld_random_resist_attack(void **state)
{
	unsigned char m[SUPPRESS_MAX_DIM + 1][SUPPRESS_MAX_DIM + 1];
	unsigned char w[SUPPRESS_MAX_DIM + 1][SUPPRESS_MAX_DIM + 1];
	struct suppress_table t;
	struct suppress_result r;
	size_t extra = 0;

	(void)state;
	rng_state = UINT64_C(0x5769746868656c64);
	for (int n = 0; n < 1500; n++) {
		uint32_t kind = rng() % 3;
		size_t ci, cj;

		random_table(&t);
		random_mask(&t, m);
		memset(w, 0, sizeof(w));
		ci = rng() % (t.rows + 1);
		cj = rng() % (t.cols + 1);
		for (size_t i = 0; i <= t.rows; i++)
			for (size_t j = 0; j <= t.cols; j++)
				w[i][j] = kind == 0   ? j == cj
				          : kind == 1 ? i == ci
				                      : rng() % 6 == 0;
		assert_int_equal(suppress_apply_withheld(&t, 3, NULL, UNPUB(m), UNPUB(w), &r, NULL),
		                 0);
		assert_invariants_masked(&t, &r, UNPUB(m));
		assert_unrecoverable(&t, &r);
		for (size_t i = 0; i <= t.rows; i++)
			for (size_t j = 0; j <= t.cols; j++) {
				if (w[i][j] && !m[i][j])
					assert_true(r.withheld[i][j]);
				extra += r.withheld[i][j] && !w[i][j];
			}
	}
	print_message("  1500 tables, %zu entries withheld beyond the caller's\n", extra);
}

/* The audit against the attacker on arbitrary markings with unpublished entries: they
 * agree on every hidden published entry. */
static void test_unpublished_audit_matches_attacker(void **state)
{
	unsigned char m[SUPPRESS_MAX_DIM + 1][SUPPRESS_MAX_DIM + 1];
	struct suppress_table t;
	struct suppress_result r;
	struct attacker a;
	size_t exposed = 0, safe = 0;

	(void)state;
	rng_state = UINT64_C(0x4f7574206f662076);
	for (int n = 0; n < 1500; n++) {
		random_table(&t);
		random_mask(&t, m);
		memset(&r, 0, sizeof(r));
		r.rows = t.rows;
		r.cols = t.cols;
		r.threshold = 3;
		for (size_t i = 0; i <= t.rows; i++)
			for (size_t j = 0; j <= t.cols; j++) {
				int64_t x = t.v[i][j];

				if (m[i][j])
					r.mark[i][j] = SUPPRESS_UNPUBLISHED;
				else if (x > 0 && x < 3)
					r.mark[i][j] = SUPPRESS_PRIMARY;
				else if (x >= 3 && rng() % 2 == 0)
					r.mark[i][j] = SUPPRESS_SECONDARY;
			}
		attacker_read(&a, &t, &r, 3);
		for (size_t k = 0; k < a.n; k++) {
			size_t i = a.ui[k], j = a.uj[k];
			int got = suppress_cell_exposed(&t, &r, i, j);
			int want;

			if (a.unpublished[i][j]) {
				assert_int_equal(got, 0);
				continue;
			}
			want = attacker_recovers(&a, &t, i, j);
			if (got != want)
				fail_msg("table %d entry (%zu,%zu): audit %d, attacker %d", n, i, j,
				         got, want);
			exposed += (size_t)want;
			safe += (size_t)!want;
		}
	}
	assert_true(exposed > 200);
	assert_true(safe > 500);
	print_message("  %zu exposed, %zu safe\n", exposed, safe);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_default_threshold),
	    cmocka_unit_test(test_configurable_threshold),
	    cmocka_unit_test(test_row_gets_second),
	    cmocka_unit_test(test_column_gets_second),
	    cmocka_unit_test(test_tie_by_position),
	    cmocka_unit_test(test_small_row_total),
	    cmocka_unit_test(test_small_column_total),
	    cmocka_unit_test(test_one_cell),
	    cmocka_unit_test(test_withheld_locally),
	    cmocka_unit_test(test_withheld_tiny_year),
	    cmocka_unit_test(test_hide_whole),
	    cmocka_unit_test(test_audit_sees_bridge),
	    cmocka_unit_test(test_audit_uses_marks),
	    cmocka_unit_test(test_random_tables_resist_attack),
	    cmocka_unit_test(test_audit_matches_attacker),
	    cmocka_unit_test(test_report_gender_by_age),
	    cmocka_unit_test(test_report_host_by_year),
	    cmocka_unit_test(test_largest_table),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_format),
	    cmocka_unit_test(test_deterministic),
	    cmocka_unit_test(test_forced),
	    cmocka_unit_test(test_unpublished_totals_mask),
	    cmocka_unit_test(test_unpublished_row_totals),
	    cmocka_unit_test(test_unpublished_line_rule),
	    cmocka_unit_test(test_unpublished_random_resist_attack),
	    cmocka_unit_test(test_unpublished_audit_matches_attacker),
	    cmocka_unit_test(test_withheld_by_caller),
	    cmocka_unit_test(test_withheld_random_resist_attack),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
