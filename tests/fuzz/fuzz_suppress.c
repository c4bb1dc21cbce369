/* libFuzzer target for small-number protection (suppress_apply, and suppress_apply_withheld
 * when a byte follows the cells): the bytes become a table of up to 6 x 6 cells, a threshold
 * and perhaps a column, a row or an entry the caller withholds. Beyond "no crash", it aborts
 * when a result breaks the rules of suppress.h: the caller's entries not withheld, a small
 * non-zero entry shown, a zero hidden, a line with a single hidden entry, an entry the exact
 * audit calls exposed, or one that an independent interval propagation over the lines pins to
 * a single value. */
#include "domain/suppress.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond))                                                                       \
			abort();                                                                   \
	} while (0)

#define FUZZ_DIM 6
#define G (FUZZ_DIM + 1)
#define G_FULL (SUPPRESS_MAX_DIM + 1)

/* Bounds on every entry by propagation over the lines (each line: its parts add up to its
 * total) from what the reader knows: published entries exactly, "<T" in 1..T-1, ".." at least
 * T (anything, in a wholly hidden table) and at most cap. Outer bounds: the true value always
 * stays inside. Since the audit promises that every hidden entry could also be one more or one
 * less, with every other entry moving by at most one, cap = grand total + T loses nothing. */
static void propagate(const struct suppress_table *t, const struct suppress_result *r,
                      int64_t lo[G][G], int64_t hi[G][G])
{
	size_t R = t->rows, C = t->cols;
	int64_t cap = t->v[R][C] + r->threshold + 1;
	int changed = 1;

	for (size_t i = 0; i <= R; i++)
		for (size_t j = 0; j <= C; j++) {
			int m = r->mark[i][j];

			if (m == SUPPRESS_SHOWN) {
				lo[i][j] = hi[i][j] = t->v[i][j];
			} else if (r->whole || r->withheld[i][j]) {
				lo[i][j] = 0;
				hi[i][j] = cap;
			} else if (m == SUPPRESS_PRIMARY) {
				lo[i][j] = 1;
				hi[i][j] = r->threshold - 1;
			} else {
				lo[i][j] = r->threshold;
				hi[i][j] = cap;
			}
		}
	/* Every round narrows some bound by at least one, and cap bounds all of them; 400
	 * rounds is plenty, and stopping early only leaves the bounds wider. */
	for (int round = 0; changed && round < 400; round++) {
		changed = 0;
		for (size_t line = 0; line <= R + C + 1; line++) {
			int is_row = line <= R;
			size_t fixed = is_row ? line : line - R - 1;
			size_t len = is_row ? C + 1 : R + 1;

			for (size_t k = 0; k < len; k++) {
				/* parts - total = 0: bound entry k by the others. */
				int64_t mn = 0, mx = 0, nl, nh;
				size_t i = is_row ? fixed : k, j = is_row ? k : fixed;

				for (size_t o = 0; o < len; o++) {
					size_t oi = is_row ? fixed : o, oj = is_row ? o : fixed;

					if (o == k)
						continue;
					if (o + 1 == len) {
						mn -= hi[oi][oj];
						mx -= lo[oi][oj];
					} else {
						mn += lo[oi][oj];
						mx += hi[oi][oj];
					}
				}
				if (k + 1 == len) {
					nl = mn;
					nh = mx;
				} else {
					nl = -mx;
					nh = -mn;
				}
				if (nl > lo[i][j]) {
					lo[i][j] = nl;
					changed = 1;
				}
				if (nh < hi[i][j]) {
					hi[i][j] = nh;
					changed = 1;
				}
			}
		}
	}
}

static void check(const struct suppress_table *t, const struct suppress_result *r)
{
	size_t R = t->rows, C = t->cols;
	int64_t lo[G][G], hi[G][G];
	size_t np = 0, ns = 0;
	char buf[SUPPRESS_FORMAT_MAX];

	CHECK(r->rows == R && r->cols == C);
	for (size_t i = 0; i <= R; i++)
		for (size_t j = 0; j <= C; j++) {
			int64_t x = t->v[i][j];
			int m = r->mark[i][j];

			np += m == SUPPRESS_PRIMARY;
			ns += m == SUPPRESS_SECONDARY;
			suppress_format(t, r, i, j, buf, sizeof(buf));
			CHECK(!r->whole || r->withheld[i][j]);
			if (r->withheld[i][j]) {
				CHECK(m == SUPPRESS_SECONDARY);
				CHECK(strcmp(buf, "..") == 0);
				continue;
			}
			/* Small non-zero entries are primaries, nothing else; zeros shown. */
			CHECK((m == SUPPRESS_PRIMARY) == (x > 0 && x < r->threshold));
			CHECK(x != 0 || m == SUPPRESS_SHOWN);
			CHECK(m != SUPPRESS_SHOWN || strtoll(buf, NULL, 10) == x);
			CHECK(m != SUPPRESS_PRIMARY || buf[0] == '<');
			CHECK(m != SUPPRESS_SECONDARY || strcmp(buf, "..") == 0);
		}
	CHECK(np == r->n_primary && ns == r->n_secondary);
	/* with protection off, only what a caller withholds is hidden */
	if (r->threshold <= 1)
		CHECK(np == 0 && (r->n_withheld != 0 || ns == 0));

	/* No line holds exactly one hidden entry, unless it has no shown non-zero entry to
	 * give it (its one hidden entry is then a zero withheld by step 5). */
	for (size_t i = 0; i <= R; i++) {
		size_t n = 0, spare = 0;

		for (size_t j = 0; j <= C; j++) {
			n += r->mark[i][j] != SUPPRESS_SHOWN;
			spare += r->mark[i][j] == SUPPRESS_SHOWN && t->v[i][j] != 0;
		}
		CHECK(n != 1 || spare == 0);
	}
	for (size_t j = 0; j <= C; j++) {
		size_t n = 0, spare = 0;

		for (size_t i = 0; i <= R; i++) {
			n += r->mark[i][j] != SUPPRESS_SHOWN;
			spare += r->mark[i][j] == SUPPRESS_SHOWN && t->v[i][j] != 0;
		}
		CHECK(n != 1 || spare == 0);
	}

	/* The exact audit, and the weaker interval check that must agree with it. */
	CHECK(suppress_count_exposed(t, r, NULL, NULL) == 0);
	propagate(t, r, lo, hi);
	for (size_t i = 0; i <= R; i++)
		for (size_t j = 0; j <= C; j++) {
			CHECK(lo[i][j] <= t->v[i][j] && t->v[i][j] <= hi[i][j]);
			/* a withheld zero may be pinned: it identifies nobody */
			if (r->mark[i][j] != SUPPRESS_SHOWN &&
			    !(r->withheld[i][j] && t->v[i][j] == 0))
				CHECK(hi[i][j] > lo[i][j]);
		}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct suppress_table t;
	struct suppress_result r, again;
	unsigned char w[SUPPRESS_MAX_DIM + 1][SUPPRESS_MAX_DIM + 1] = {{0}};
	size_t rows, cols, k = 3;
	int64_t threshold;
	int small, withhold = 0;

	if (size < 3)
		return 0;
	rows = 1 + data[0] % FUZZ_DIM;
	cols = 1 + data[1] % FUZZ_DIM;
	/* The high bit of the first byte asks for counts 0-7, where protection has work. */
	small = data[0] >= 128;
	threshold = data[2] % 8;
	CHECK(suppress_table_init(&t, rows, cols, NULL) == 0);
	for (size_t i = 0; i < rows; i++)
		for (size_t j = 0; j < cols; j++, k++)
			t.v[i][j] = k < size ? (small ? data[k] % 8 : data[k]) : 0;
	CHECK(suppress_table_add_totals(&t, NULL) == 0);
	/* A byte after the cells: low two bits none, a column, a row or one entry; the rest
	 * which. */
	if (k < size) {
		unsigned mode = data[k] % 4, at = data[k] / 4u;

		for (size_t i = 0; i <= rows; i++)
			for (size_t j = 0; j <= cols; j++)
				w[i][j] = mode == 1   ? j == at % (cols + 1)
				          : mode == 2 ? i == at % (rows + 1)
				          : mode == 3
				              ? i * (cols + 1) + j == at % ((rows + 1) * (cols + 1))
				              : 0;
		withhold = mode != 0;
	}

	if (suppress_apply_withheld(&t, threshold, NULL, NULL,
	                            withhold ? (const unsigned char(*)[G_FULL])w : NULL, &r,
	                            NULL) != 0) {
		CHECK(threshold == 2);
		return 0;
	}
	CHECK(threshold != 2);
	check(&t, &r);
	for (size_t i = 0; i <= rows; i++)
		for (size_t j = 0; j <= cols; j++)
			CHECK(!w[i][j] || r.withheld[i][j]);
	/* Deterministic, and without withholding the same as suppress_apply. */
	if (withhold)
		CHECK(suppress_apply_withheld(&t, threshold, NULL, NULL,
		                              (const unsigned char(*)[G_FULL])w, &again,
		                              NULL) == 0);
	else
		CHECK(suppress_apply(&t, threshold, &again, NULL) == 0);
	CHECK(memcmp(&r, &again, sizeof(r)) == 0);
	return 0;
}
