/* Small-number protection (see suppress.h for the conventions, the reader we protect
 * against and why the audit is exact): unpublished and primary marks, the line rule, the
 * exact audit by residual cycles, the escalation that hides more until the audit passes,
 * and the withholding of the smallest part of a table whose marks give a figure away. */
#include "domain/suppress.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DIM (SUPPRESS_MAX_DIM + 1)
/* Graph nodes: row i is node i, column j is node DIM + j. */
#define NODES (2 * DIM)

/* Unknown to the reader: hidden by a mark (withheld too) or not published at all. */
static int hidden(const struct suppress_result *r, size_t i, size_t j)
{
	return r->mark[i][j] != SUPPRESS_SHOWN;
}

static int is_unpublished(const struct suppress_result *r, size_t i, size_t j)
{
	return r->mark[i][j] == SUPPRESS_UNPUBLISHED;
}

/* +1 for cells and the grand total, -1 for row and column totals: with this sign every line
 * of sign * value sums to zero. */
static int sign_of(const struct suppress_result *r, size_t i, size_t j)
{
	return (i < r->rows) == (j < r->cols) ? 1 : -1;
}

/* What the reader knows about hidden entry (i, j): lo <= value <= hi. Widened to include
 * the true value, so that a caller's inconsistent marking cannot make the audit reason
 * about an impossible table. */
static void reader_range(const struct suppress_table *t, const struct suppress_result *r, size_t i,
                         size_t j, int64_t *lo, int64_t *hi)
{
	int64_t x = t->v[i][j];

	if (r->whole || r->withheld[i][j] || is_unpublished(r, i, j)) {
		*lo = 0;
		*hi = INT64_MAX;
	} else if (r->mark[i][j] == SUPPRESS_PRIMARY) {
		*lo = 1;
		*hi = r->threshold - 1;
	} else {
		*lo = r->threshold;
		*hi = INT64_MAX;
	}
	if (x < *lo)
		*lo = x;
	if (x > *hi)
		*hi = x;
}

/* Whether sign * value of hidden entry (i, j) may move by dir (+1 or -1) and stay within
 * what the reader knows. */
static int can_move(const struct suppress_table *t, const struct suppress_result *r, size_t i,
                    size_t j, int dir)
{
	int64_t lo, hi, x = t->v[i][j];

	reader_range(t, r, i, j, &lo, &hi);
	if (sign_of(r, i, j) * dir > 0)
		return x < hi;
	return x > lo;
}

/* Whether node `to` can be reached from node `from` in the residual graph without the edge
 * (ei, ej): row i -> column j where hidden (i, j) may grow (in signed terms), column j ->
 * row i where it may shrink. */
static int reaches(const struct suppress_table *t, const struct suppress_result *r, size_t from,
                   size_t to, size_t ei, size_t ej)
{
	unsigned char seen[NODES] = {0};
	size_t queue[NODES], head = 0, tail = 0;

	queue[tail++] = from;
	seen[from] = 1;
	while (head < tail) {
		size_t u = queue[head++];

		if (u == to)
			return 1;
		if (u < DIM) {
			for (size_t j = 0; j <= r->cols; j++) {
				if (seen[DIM + j] || !hidden(r, u, j) || (u == ei && j == ej) ||
				    !can_move(t, r, u, j, 1))
					continue;
				seen[DIM + j] = 1;
				queue[tail++] = DIM + j;
			}
		} else {
			size_t j = u - DIM;

			for (size_t i = 0; i <= r->rows; i++) {
				if (seen[i] || !hidden(r, i, j) || (i == ei && j == ej) ||
				    !can_move(t, r, i, j, -1))
					continue;
				seen[i] = 1;
				queue[tail++] = i;
			}
		}
	}
	return 0;
}

int suppress_cell_exposed(const struct suppress_table *t, const struct suppress_result *r, size_t i,
                          size_t j)
{
	if (t == NULL || r == NULL || r->rows != t->rows || r->cols != t->cols || i > r->rows ||
	    j > r->cols || !hidden(r, i, j) || is_unpublished(r, i, j))
		return 0;
	/* A zero withheld with its line identifies nobody (step 5 shows zeros elsewhere). */
	if (r->withheld[i][j] && t->v[i][j] == 0)
		return 0;
	/* Up by one along row i -> column j, back through the rest of a cycle... */
	if (can_move(t, r, i, j, 1) && reaches(t, r, DIM + j, i, i, j))
		return 0;
	/* ...or down by one along column j -> row i. */
	if (can_move(t, r, i, j, -1) && reaches(t, r, i, DIM + j, i, j))
		return 0;
	return 1;
}

size_t suppress_count_exposed(const struct suppress_table *t, const struct suppress_result *r,
                              size_t *first_i, size_t *first_j)
{
	size_t n = 0;

	if (t == NULL || r == NULL || r->rows != t->rows || r->cols != t->cols)
		return 0;
	for (size_t i = 0; i <= r->rows; i++)
		for (size_t j = 0; j <= r->cols; j++) {
			if (!suppress_cell_exposed(t, r, i, j))
				continue;
			if (n == 0 && first_i != NULL && first_j != NULL) {
				*first_i = i;
				*first_j = j;
			}
			n++;
		}
	return n;
}

int suppress_table_init(struct suppress_table *t, size_t rows, size_t cols, struct nrs_error *err)
{
	if (t == NULL || rows == 0 || cols == 0 || rows > SUPPRESS_MAX_DIM ||
	    cols > SUPPRESS_MAX_DIM)
		return nrs_error_set(err, NRS_EINVAL, "tabell",
		                     "Tabellen måste ha 1–%d rader och 1–%d kolumner",
		                     SUPPRESS_MAX_DIM, SUPPRESS_MAX_DIM);
	memset(t, 0, sizeof(*t));
	t->rows = rows;
	t->cols = cols;
	return 0;
}

static int check_dims(const struct suppress_table *t, struct nrs_error *err)
{
	if (t == NULL || t->rows == 0 || t->cols == 0 || t->rows > SUPPRESS_MAX_DIM ||
	    t->cols > SUPPRESS_MAX_DIM)
		return nrs_error_set(err, NRS_EINVAL, "tabell",
		                     "Tabellen måste ha 1–%d rader och 1–%d kolumner",
		                     SUPPRESS_MAX_DIM, SUPPRESS_MAX_DIM);
	return 0;
}

static int check_value(int64_t x, size_t i, size_t j, struct nrs_error *err)
{
	if (x < 0 || x > SUPPRESS_VALUE_MAX)
		return nrs_error_set(
		    err, NRS_EINVAL, "tabell",
		    "Värdet på rad %zu, kolumn %zu är negativt eller orimligt stort", i + 1, j + 1);
	return 0;
}

int suppress_table_add_totals(struct suppress_table *t, struct nrs_error *err)
{
	size_t R, C;
	int64_t grand = 0;
	int rc = check_dims(t, err);

	if (rc != 0)
		return rc;
	R = t->rows;
	C = t->cols;
	for (size_t j = 0; j < C; j++)
		t->v[R][j] = 0;
	/* Each addend is at most SUPPRESS_VALUE_MAX and there are at most 16 x 16 of them, so
	 * no sum can overflow before it is checked. */
	for (size_t i = 0; i < R; i++) {
		int64_t row = 0;

		for (size_t j = 0; j < C; j++) {
			rc = check_value(t->v[i][j], i, j, err);
			if (rc != 0)
				return rc;
			row += t->v[i][j];
			t->v[R][j] += t->v[i][j];
		}
		t->v[i][C] = row;
		grand += row;
	}
	t->v[R][C] = grand;
	for (size_t i = 0; i <= R; i++)
		for (size_t j = 0; j <= C; j++)
			if (t->v[i][j] > SUPPRESS_VALUE_MAX)
				return nrs_error_set(err, NRS_EINVAL, "tabell",
				                     "En summa i tabellen är orimligt stor");
	return 0;
}

/* Dimensions, every value in range, and every line adding up to its total. */
static int validate(const struct suppress_table *t, struct nrs_error *err)
{
	size_t R, C;
	int rc = check_dims(t, err);

	if (rc != 0)
		return rc;
	R = t->rows;
	C = t->cols;
	for (size_t i = 0; i <= R; i++)
		for (size_t j = 0; j <= C; j++) {
			rc = check_value(t->v[i][j], i, j, err);
			if (rc != 0)
				return rc;
		}
	for (size_t i = 0; i <= R; i++) {
		int64_t s = 0;

		for (size_t j = 0; j < C; j++)
			s += t->v[i][j];
		if (s != t->v[i][C])
			return nrs_error_set(err, NRS_EINVAL, "tabell",
			                     "Summan på rad %zu stämmer inte med raderna", i + 1);
	}
	for (size_t j = 0; j <= C; j++) {
		int64_t s = 0;

		for (size_t i = 0; i < R; i++)
			s += t->v[i][j];
		if (s != t->v[R][j])
			return nrs_error_set(err, NRS_EINVAL, "tabell",
			                     "Summan i kolumn %zu stämmer inte med raderna", j + 1);
	}
	return 0;
}

/* Step 2: give every line holding exactly one hidden entry and no unpublished one a second
 * one, until none is left. A line with an unpublished entry is left alone: with one hidden
 * entry it has two unknowns, so that one cannot be read off the line (whether it can be
 * worked out by combining lines is the audit's question), and with none the unknown is the
 * unpublished entry, which needs no protection. Each pass adds at least one entry or stops,
 * so it ends. */
static void line_rule(const struct suppress_table *t, struct suppress_result *r)
{
	size_t R = r->rows, C = r->cols;
	int changed = 1;

	while (changed) {
		changed = 0;
		/* Lines 0..R are rows, R+1..R+C+1 columns. */
		for (size_t line = 0; line <= R + C + 1; line++) {
			int is_row = line <= R;
			size_t fixed = is_row ? line : line - R - 1;
			size_t len = is_row ? C + 1 : R + 1;
			size_t n_hidden = 0, best = len;
			int open = 0;

			for (size_t k = 0; k < len; k++) {
				size_t i = is_row ? fixed : k, j = is_row ? k : fixed;

				open |= is_unpublished(r, i, j);
				if (hidden(r, i, j)) {
					n_hidden++;
					continue;
				}
				if (t->v[i][j] == 0)
					continue;
				if (best == len ||
				    t->v[i][j] < (is_row ? t->v[fixed][best] : t->v[best][fixed]))
					best = k;
			}
			if (open || n_hidden != 1 || best == len)
				continue;
			if (is_row)
				r->mark[fixed][best] = SUPPRESS_SECONDARY;
			else
				r->mark[best][fixed] = SUPPRESS_SECONDARY;
			changed = 1;
		}
	}
}

struct candidate {
	int64_t value;
	size_t i, j;
};

static int candidate_cmp(const void *pa, const void *pb)
{
	const struct candidate *a = pa, *b = pb;

	if (a->value != b->value)
		return a->value < b->value ? -1 : 1;
	if (a->i != b->i)
		return a->i < b->i ? -1 : 1;
	if (a->j != b->j)
		return a->j < b->j ? -1 : 1;
	return 0;
}

/* Step 4: hide one more shown non-zero entry on behalf of exposed entry (ei, ej). Returns 0
 * when there is none left to hide. */
static int escalate(const struct suppress_table *t, struct suppress_result *r, size_t ei, size_t ej)
{
	struct candidate cand[DIM * DIM];
	size_t n = 0;

	for (size_t i = 0; i <= r->rows; i++)
		for (size_t j = 0; j <= r->cols; j++)
			if (!hidden(r, i, j) && t->v[i][j] != 0) {
				cand[n].value = t->v[i][j];
				cand[n].i = i;
				cand[n].j = j;
				n++;
			}
	if (n == 0)
		return 0;
	qsort(cand, n, sizeof(cand[0]), candidate_cmp);
	for (size_t k = 0; k < n; k++) {
		r->mark[cand[k].i][cand[k].j] = SUPPRESS_SECONDARY;
		if (!suppress_cell_exposed(t, r, ei, ej))
			return 1;
		r->mark[cand[k].i][cand[k].j] = SUPPRESS_SHOWN;
	}
	for (size_t k = 0; k < n; k++)
		if (cand[k].i == ei || cand[k].j == ej) {
			r->mark[cand[k].i][cand[k].j] = SUPPRESS_SECONDARY;
			return 1;
		}
	r->mark[cand[0].i][cand[0].j] = SUPPRESS_SECONDARY;
	return 1;
}

int suppress_apply(const struct suppress_table *t, int64_t threshold, struct suppress_result *r,
                   struct nrs_error *err)
{
	return suppress_apply_forced(t, threshold, NULL, r, err);
}

int suppress_apply_forced(const struct suppress_table *t, int64_t threshold,
                          const unsigned char force[SUPPRESS_MAX_DIM + 1][SUPPRESS_MAX_DIM + 1],
                          struct suppress_result *r, struct nrs_error *err)
{
	return suppress_apply_masked(t, threshold, force, NULL, r, err);
}

void suppress_unpublished_totals(unsigned char mask[SUPPRESS_MAX_DIM + 1][SUPPRESS_MAX_DIM + 1],
                                 size_t rows, size_t cols, int row_totals, int col_totals)
{
	if (mask == NULL || rows > SUPPRESS_MAX_DIM || cols > SUPPRESS_MAX_DIM)
		return;
	memset(mask, 0, sizeof(mask[0]) * DIM);
	for (size_t i = 0; i < rows; i++)
		mask[i][cols] = !row_totals;
	for (size_t j = 0; j < cols; j++)
		mask[rows][j] = !col_totals;
	mask[rows][cols] = !(row_totals && col_totals);
}

/* The counts of a result from its marks. */
static void count_marks(struct suppress_result *r)
{
	r->n_primary = r->n_secondary = r->n_unpublished = r->n_withheld = 0;
	for (size_t i = 0; i <= r->rows; i++)
		for (size_t j = 0; j <= r->cols; j++) {
			r->n_withheld += r->withheld[i][j] != 0;
			if (r->mark[i][j] == SUPPRESS_PRIMARY)
				r->n_primary++;
			else if (r->mark[i][j] == SUPPRESS_SECONDARY)
				r->n_secondary++;
			else if (r->mark[i][j] == SUPPRESS_UNPUBLISHED)
				r->n_unpublished++;
		}
}

/* Withhold entry (i, j) unless it is unpublished (unknown already). */
static void withhold_entry(struct suppress_result *r, size_t i, size_t j)
{
	if (is_unpublished(r, i, j))
		return;
	r->mark[i][j] = SUPPRESS_SECONDARY;
	r->withheld[i][j] = 1;
}

/* The parts of step 5, smallest first in kind: a column, a row, the two lines through an
 * entry, the whole table. */
enum part { PART_COLUMN, PART_ROW, PART_CROSS, PART_WHOLE };

static int in_part(enum part p, size_t pi, size_t pj, size_t i, size_t j)
{
	switch (p) {
	case PART_COLUMN:
		return j == pj;
	case PART_ROW:
		return i == pi;
	case PART_CROSS:
		return i == pi || j == pj;
	default:
		return 1;
	}
}

static void withhold_part(struct suppress_result *r, enum part p, size_t pi, size_t pj)
{
	for (size_t i = 0; i <= r->rows; i++)
		for (size_t j = 0; j <= r->cols; j++)
			if (in_part(p, pi, pj, i, j))
				withhold_entry(r, i, j);
}

/* What withholding part p through (pi, pj) costs: the published entries it would newly
 * withhold, counting a shown non-zero one as a whole figure lost (the unit of the score)
 * and an entry hidden already or a shown zero as a small fraction. */
static size_t part_cost(const struct suppress_table *t, const struct suppress_result *r,
                        enum part p, size_t pi, size_t pj)
{
	size_t cost = 0;

	for (size_t i = 0; i <= r->rows; i++)
		for (size_t j = 0; j <= r->cols; j++) {
			if (!in_part(p, pi, pj, i, j) || is_unpublished(r, i, j) ||
			    r->withheld[i][j])
				continue;
			cost += !hidden(r, i, j) && t->v[i][j] != 0 ? DIM * DIM : 1;
		}
	return cost;
}

/* Whether entry (i, j) stays exposed even with every shown non-zero entry hidden as a
 * secondary one: then no secondary suppression can protect it (step 5). */
static int beyond_secondary(const struct suppress_table *t, const struct suppress_result *r,
                            size_t i, size_t j)
{
	struct suppress_result all = *r;

	for (size_t x = 0; x <= all.rows; x++)
		for (size_t y = 0; y <= all.cols; y++)
			if (!hidden(&all, x, y) && t->v[x][y] != 0)
				all.mark[x][y] = SUPPRESS_SECONDARY;
	return suppress_cell_exposed(t, &all, i, j);
}

/* The first exposed entry (row-major) that no secondary suppression can protect, to
 * *ei, *ej; 0 when there is none (they are then untouched). */
static int first_beyond_secondary(const struct suppress_table *t, const struct suppress_result *r,
                                  size_t *ei, size_t *ej)
{
	for (size_t i = 0; i <= r->rows; i++)
		for (size_t j = 0; j <= r->cols; j++)
			if (suppress_cell_exposed(t, r, i, j) && beyond_secondary(t, r, i, j)) {
				*ei = i;
				*ej = j;
				return 1;
			}
	return 0;
}

/* Step 5 for exposed entry (ei, ej): withhold the smallest part of the table through it
 * after which secondary suppression can protect it — its column or its row (the one
 * costing fewer shown figures, the column on a tie), then both, then the whole table.
 * A part that withholds nothing new is skipped, so every call withholds something. */
static void withhold_around(const struct suppress_table *t, struct suppress_result *r, size_t ei,
                            size_t ej)
{
	enum part order[3] = {PART_COLUMN, PART_ROW, PART_CROSS};

	if (part_cost(t, r, PART_ROW, ei, ej) < part_cost(t, r, PART_COLUMN, ei, ej)) {
		order[0] = PART_ROW;
		order[1] = PART_COLUMN;
	}
	for (size_t k = 0; k < 3; k++) {
		struct suppress_result trial;

		if (part_cost(t, r, order[k], ei, ej) == 0)
			continue;
		trial = *r;
		withhold_part(&trial, order[k], ei, ej);
		if (!beyond_secondary(t, &trial, ei, ej)) {
			*r = trial;
			return;
		}
	}
	suppress_hide_whole(r);
}

void suppress_hide_whole(struct suppress_result *r)
{
	if (r == NULL || r->rows > SUPPRESS_MAX_DIM || r->cols > SUPPRESS_MAX_DIM)
		return;
	r->whole = 1;
	withhold_part(r, PART_WHOLE, 0, 0);
	count_marks(r);
}

int suppress_apply_masked(
    const struct suppress_table *t, int64_t threshold,
    const unsigned char force[SUPPRESS_MAX_DIM + 1][SUPPRESS_MAX_DIM + 1],
    const unsigned char unpublished[SUPPRESS_MAX_DIM + 1][SUPPRESS_MAX_DIM + 1],
    struct suppress_result *r, struct nrs_error *err)
{
	return suppress_apply_withheld(t, threshold, force, unpublished, NULL, r, err);
}

int suppress_apply_withheld(
    const struct suppress_table *t, int64_t threshold,
    const unsigned char force[SUPPRESS_MAX_DIM + 1][SUPPRESS_MAX_DIM + 1],
    const unsigned char unpublished[SUPPRESS_MAX_DIM + 1][SUPPRESS_MAX_DIM + 1],
    const unsigned char withhold[SUPPRESS_MAX_DIM + 1][SUPPRESS_MAX_DIM + 1],
    struct suppress_result *r, struct nrs_error *err)
{
	size_t ei = 0, ej = 0;
	int any = 0;
	int rc;

	if (threshold < 0 || threshold > SUPPRESS_THRESHOLD_MAX)
		return nrs_error_set(err, NRS_EINVAL, "troskel",
		                     "Tröskeln för små tal måste vara 0–%d",
		                     SUPPRESS_THRESHOLD_MAX);
	if (threshold == 2)
		return nrs_error_set(err, NRS_EINVAL, "troskel",
		                     "Tröskeln 2 skyddar inte: när nollor visas kan \"<2\" bara "
		                     "betyda 1. Välj 0 (inget skydd) eller minst 3");
	if (r == NULL)
		return nrs_error_set(err, NRS_EINVAL, "tabell", "Inget resultat att skriva till");
	rc = validate(t, err);
	if (rc != 0)
		return rc;

	memset(r, 0, sizeof(*r));
	r->rows = t->rows;
	r->cols = t->cols;
	r->threshold = threshold;
	for (size_t i = 0; i <= r->rows; i++)
		for (size_t j = 0; j <= r->cols; j++)
			if (unpublished != NULL && unpublished[i][j]) {
				r->mark[i][j] = SUPPRESS_UNPUBLISHED;
			} else if (withhold != NULL && withhold[i][j]) {
				/* as if step 5 had withheld it: zeros and small ones too */
				withhold_entry(r, i, j);
				any = 1;
			} else if (t->v[i][j] > 0 && t->v[i][j] < threshold) {
				r->mark[i][j] = SUPPRESS_PRIMARY;
				any = 1;
			} else if (force != NULL && force[i][j] && t->v[i][j] > 0) {
				r->mark[i][j] = SUPPRESS_SECONDARY;
				any = 1;
			}
	if (any) {
		for (;;) {
			line_rule(t, r);
			if (suppress_count_exposed(t, r, &ei, &ej) == 0)
				break;
			/* Step 5 first where no secondary suppression can help (the marks
			 * themselves give the number away: entries worked out from it are
			 * exposed only through it), else step 4. */
			if (first_beyond_secondary(t, r, &ei, &ej) || !escalate(t, r, ei, ej))
				withhold_around(t, r, ei, ej);
			/* nothing is left to learn from a table withheld whole */
			if (r->whole)
				break;
		}
	}
	count_marks(r);
	return 0;
}

void suppress_format(const struct suppress_table *t, const struct suppress_result *r, size_t i,
                     size_t j, char *out, size_t outsz)
{
	if (out == NULL || outsz == 0)
		return;
	out[0] = '\0';
	if (t == NULL || r == NULL || r->rows != t->rows || r->cols != t->cols || i > r->rows ||
	    j > r->cols)
		return;
	switch (r->mark[i][j]) {
	case SUPPRESS_SHOWN:
		snprintf(out, outsz, "%" PRId64, t->v[i][j]);
		break;
	case SUPPRESS_UNPUBLISHED:
		break;
	case SUPPRESS_PRIMARY:
		snprintf(out, outsz, "<%" PRId64, r->threshold);
		break;
	default:
		snprintf(out, outsz, "..");
		break;
	}
}
