/* Small-number protection for statistics tables (R32): which figures of a published table
 * are hidden, and how a hidden figure is written. Pure: no I/O, no allocation, integer
 * arithmetic only.
 *
 * The table. R x C inner cells of non-negative counts plus their row totals, column totals
 * and grand total. It is held as an (R+1) x (C+1) grid: v[i][j] for i < R, j < C are the
 * cells, v[i][C] the row totals, v[R][j] the column totals, v[R][C] the grand total. Every
 * one of these numbers is an "entry"; a "line" is a row 0..R or a column 0..C of the grid,
 * totals row and totals column included. The totals must add up (a person counted once),
 * whether published or not; a table whose margins are not additive (e.g. distinct persons
 * over overlapping categories) is refused.
 *
 * Published and unpublished entries. A table may leave entries out (suppress_apply_masked):
 * typically a breakdown by year publishes its column totals (the year totals) but no row
 * totals (a category summed over the years). An unpublished entry is marked
 * SUPPRESS_UNPUBLISHED and is simply unknown to the reader: any non-negative integer that
 * lets its lines add up. It is never primary or secondary (hiding it protects nothing: it
 * is hidden already) and is never audited for its own sake (it is not a published figure;
 * what a reader can work out of it is the sum of the entries of its line, known just as a
 * published total makes the sum of the hidden entries of its line known). But it counts as
 * unknown wherever the reader's knowledge is reasoned about: in the exact audit it is a
 * hidden entry with range [0, infinity), and a line holding one is never given a second
 * hidden entry by the line rule (the line already has two unknowns when one of its
 * published entries is hidden). Leaving more out never makes a safe entry unsafe, so
 * protecting as if an entry were published is safe too, only more than needed.
 *
 * Conventions (fixed here, used by every renderer):
 *  - Zero is shown as 0. A zero identifies nobody, and the issue allows it. Zeros are never
 *    hidden, neither as primary nor as secondary suppressions, except when step 5 withholds
 *    them with the part of the table they lie in (below).
 *  - Primary suppression: every published entry, totals included, with 0 < value < T is
 *    hidden and shown as "<T" ("<3" with the default T = 3).
 *  - Secondary suppression: entries hidden only so that a primary one cannot be worked out
 *    are shown as "..", the usual Swedish statistics mark for a figure that is not
 *    published. It never says "<3": that would be false for a hidden 17.
 *  - Withheld entries (step 5) are shown as ".." too, but say nothing at all: any value
 *    from 0 up, small or zero included. They are marked SUPPRESS_SECONDARY with
 *    suppress_result.withheld set, so that a writer may tell the reader which they are.
 *  - T = 0 and T = 1 switch protection off (no count lies strictly between 0 and 1). T = 2
 *    is refused: with zeros shown, "<2" can only mean 1, so the mark itself would disclose
 *    the number.
 *
 * The reader (attacker) we protect against knows every published number, that every value
 * is a non-negative integer, that the lines add up, which entries are not published, and
 * what the marks mean: "<T" is a value in 1..T-1 (zeros are shown), ".." a value of at
 * least T (a small one would say "<T"), except a withheld ".." (the reader is assumed to
 * know which those are): any value from 0. Guarantee: for every hidden published entry, at
 * least two values are consistent with everything that reader knows — no hidden entry can
 * be recovered exactly. This is checked exactly, not estimated (see suppress_cell_exposed).
 *
 * The method:
 *  1. Mark the unpublished entries, then the primary ones.
 *  2. Line rule, to a fixpoint: a line holding exactly one hidden entry, and no unpublished
 *     one, gets a second one — the smallest shown non-zero entry of that line, ties to the
 *     lower index. (One exists unless the hidden entry is a zero withheld by step 5: a
 *     non-zero hidden entry has a non-zero partner in a line that adds up.)
 *  3. Audit every hidden entry exactly (suppress_cell_exposed). The line rule alone is not
 *     enough: two blocks of hidden cells joined by one hidden cell satisfy it, yet the
 *     joining cell is the difference of published row and column sums; and interval
 *     propagation over single lines does not see such combinations either.
 *  4. Unless some exposed entry needs step 5, for the first exposed entry (row-major) hide
 *     one more shown non-zero entry: the smallest (ties row-major) whose hiding alone makes
 *     that entry safe; if no single one does, the smallest in the exposed entry's own row
 *     or column; failing that, the smallest anywhere. Go back to 2. Hiding more never
 *     makes a safe entry unsafe.
 *  5. An exposed entry that would stay exposed even with every shown non-zero entry hidden
 *     is given away by the marks themselves (e.g. "<3 <3 | <3": two values of at least 1
 *     adding up to less than 3 are both 1); no secondary suppression helps, and step 4
 *     would only hide figures in vain. For the first such entry (row-major), the smallest
 *     part of the table through it after which secondary suppression could protect it is
 *     withheld: every published entry of the part, zeros, small entries and totals
 *     included, becomes a withheld "..", unknown from then on (any value from 0, like an
 *     unpublished entry in the audit). The parts, smallest first: the entry's column or
 *     its row (the one withholding fewer shown non-zero entries, then fewer entries; the
 *     column on a tie), then both lines, then the whole table (whole = 1). A part that
 *     withholds nothing new is skipped. Go back to 2: the rest of the table is protected
 *     as usual (a withheld entry counts as hidden for the line rule, so that it cannot be
 *     read off a line it shares with published entries). In a breakdown by year with row
 *     totals unpublished, a tiny year that gives itself away loses its own column only;
 *     the other years and their totals stay shown. Only a published entry can be exposed,
 *     so an unpublished total never causes this; a withheld zero is not audited (a zero
 *     identifies nobody). Every round hides or withholds at least one more entry, so the
 *     method ends; a table withheld whole gives nothing away.
 * Every choice is deterministic: the same table and threshold give the same marks. */
#ifndef NRS_DOMAIN_SUPPRESS_H
#define NRS_DOMAIN_SUPPRESS_H

#include "base/err.h"

#include <stddef.h>
#include <stdint.h>

/* Largest number of inner rows and of inner columns (the annual report needs about 12). */
#define SUPPRESS_MAX_DIM 16
/* R32's default threshold: counts 1 and 2 are hidden. */
#define SUPPRESS_THRESHOLD_DEFAULT 3
/* Largest threshold accepted. */
#define SUPPRESS_THRESHOLD_MAX 1000
/* Largest value accepted for any entry, totals included. */
#define SUPPRESS_VALUE_MAX INT64_C(1000000000000)
/* Buffer size that always holds a formatted entry. */
#define SUPPRESS_FORMAT_MAX 24

enum suppress_mark {
	SUPPRESS_SHOWN = 0,       /* the number is published */
	SUPPRESS_PRIMARY = 1,     /* small: shown as "<T" */
	SUPPRESS_SECONDARY = 2,   /* hidden to protect another entry: shown as ".." */
	SUPPRESS_UNPUBLISHED = 3, /* not published at all: unknown to the reader, never audited */
};

struct suppress_table {
	size_t rows, cols; /* inner cells, 1..SUPPRESS_MAX_DIM each */
	/* v[i][cols] row totals, v[rows][j] column totals, v[rows][cols] the grand total */
	int64_t v[SUPPRESS_MAX_DIM + 1][SUPPRESS_MAX_DIM + 1];
};

struct suppress_result {
	size_t rows, cols;    /* copied from the table */
	int64_t threshold;    /* T */
	int whole;            /* 1 when step 5 withheld the whole table */
	size_t n_primary;     /* entries marked SUPPRESS_PRIMARY */
	size_t n_secondary;   /* entries marked SUPPRESS_SECONDARY, withheld ones included */
	size_t n_unpublished; /* entries marked SUPPRESS_UNPUBLISHED */
	size_t n_withheld;    /* entries withheld by step 5 */
	/* enum suppress_mark per entry, same layout as suppress_table.v */
	unsigned char mark[SUPPRESS_MAX_DIM + 1][SUPPRESS_MAX_DIM + 1];
	/* 1 where step 5 withheld the entry (marked SUPPRESS_SECONDARY, shown ".."): the reader
	 * learns nothing of it, any value from 0 up, not even that it is at least T */
	unsigned char withheld[SUPPRESS_MAX_DIM + 1][SUPPRESS_MAX_DIM + 1];
};

/* Empty table of rows x cols inner cells, every entry 0. Returns 0, or NRS_EINVAL when a
 * dimension is 0 or above SUPPRESS_MAX_DIM (t is then untouched). */
int suppress_table_init(struct suppress_table *t, size_t rows, size_t cols, struct nrs_error *err);

/* Fill in the row totals, column totals and grand total from the inner cells. Returns 0, or
 * NRS_EINVAL when a cell is negative or above SUPPRESS_VALUE_MAX or a total would be above
 * SUPPRESS_VALUE_MAX (the totals are then unspecified). */
int suppress_table_add_totals(struct suppress_table *t, struct nrs_error *err);

/* Decide what to hide (method above). threshold is T, 0..SUPPRESS_THRESHOLD_MAX and not 2.
 * r is caller-owned and fully written on success. Returns 0, or NRS_EINVAL with a Swedish
 * message when the threshold or the table is invalid: bad dimensions, a value out of range,
 * or totals that do not add up. */
int suppress_apply(const struct suppress_table *t, int64_t threshold, struct suppress_result *r,
                   struct nrs_error *err);

/* Suppress_apply starting from entries that must be hidden whatever their value: the
 * entries with force[i][j] non-zero are hidden from the start (PRIMARY when 0 < value < T,
 * SECONDARY otherwise), except zeros, which stay shown (the same zero shown elsewhere
 * identifies nobody); then the method above runs as usual, so every guarantee holds for
 * the result. For tables that share entries with other published tables (one statistic
 * broken down in several ways, all with the same totals): an entry hidden in one must be
 * hidden in the others, or it could be read off there. force NULL is suppress_apply. */
int suppress_apply_forced(const struct suppress_table *t, int64_t threshold,
                          const unsigned char force[SUPPRESS_MAX_DIM + 1][SUPPRESS_MAX_DIM + 1],
                          struct suppress_result *r, struct nrs_error *err);

/* Suppress_apply_forced for a table that does not publish every entry: the entries with
 * unpublished[i][j] non-zero are marked SUPPRESS_UNPUBLISHED (whatever their value and
 * force) and treated as described at the top. unpublished NULL is suppress_apply_forced.
 * t must still hold every entry's true value, and the lines must add up. */
int suppress_apply_masked(
    const struct suppress_table *t, int64_t threshold,
    const unsigned char force[SUPPRESS_MAX_DIM + 1][SUPPRESS_MAX_DIM + 1],
    const unsigned char unpublished[SUPPRESS_MAX_DIM + 1][SUPPRESS_MAX_DIM + 1],
    struct suppress_result *r, struct nrs_error *err);

/* Suppress_apply_masked starting with the entries with withhold[i][j] non-zero withheld, as
 * step 5 withholds them (SUPPRESS_SECONDARY with withheld set, zeros and small entries
 * included; an unpublished entry stays unpublished): unknown to the reader from the start,
 * any value from 0. Then the method runs as usual on the rest of the table, so every
 * guarantee holds for the result. For a caller that must withhold part of a table for
 * reasons of its own (a figure shared with other tables whose marks there give it away).
 * withhold NULL is suppress_apply_masked. */
int suppress_apply_withheld(
    const struct suppress_table *t, int64_t threshold,
    const unsigned char force[SUPPRESS_MAX_DIM + 1][SUPPRESS_MAX_DIM + 1],
    const unsigned char unpublished[SUPPRESS_MAX_DIM + 1][SUPPRESS_MAX_DIM + 1],
    const unsigned char withhold[SUPPRESS_MAX_DIM + 1][SUPPRESS_MAX_DIM + 1],
    struct suppress_result *r, struct nrs_error *err);

/* The unpublished mask of a rows x cols table publishing its row totals (v[i][cols]) only
 * when row_totals, its column totals (v[rows][j]) only when col_totals, and its grand total
 * only when both: the grand total sits where the totals row meets the totals column, so it
 * is printed only when both are (a single totals line ends at its last year, or category).
 * Every inner cell is published. Entries outside the table are left 0. */
void suppress_unpublished_totals(unsigned char mask[SUPPRESS_MAX_DIM + 1][SUPPRESS_MAX_DIM + 1],
                                 size_t rows, size_t cols, int row_totals, int col_totals);

/* Step 5's last resort on a result: every entry but the unpublished ones is withheld
 * (SECONDARY, withheld set), whole is set and the counts follow. For a caller that must
 * hide a table whole for reasons of its own (a figure shared with other tables that
 * nothing less protects). */
void suppress_hide_whole(struct suppress_result *r);

/* The exact audit of one entry: 1 when entry (i, j) is hidden and its value is the only one
 * consistent with the published numbers and the marks (the reader above), else 0 (also for
 * a shown or an unpublished entry or an index out of range). r may be any marking of t, not
 * only one made by suppress_apply, as long as every PRIMARY entry is in 1..T-1 and every
 * SECONDARY entry is at least T unless withheld (or r->whole is set, when nothing at all
 * is known); a withheld or UNPUBLISHED entry may be anything from 0 up. A withheld zero is
 * never exposed (a zero identifies nobody).
 *
 * Why it is exact: write y = x for cells and the grand total and y = -x for the other
 * totals; then every line of y sums to 0, and the hidden entries (unpublished ones
 * included) are the edges of a bipartite graph (row nodes 0..R, column nodes 0..C). Another table
 * the reader cannot rule out differs from the true one by an integer circulation on those edges,
 * which splits into simple cycles each moving entries in the same direction as the whole
 * difference, so each cycle alone, pushed by one unit, is again consistent. Hence entry (i, j) can
 * take another value iff some simple cycle through it can move by one unit without leaving any
 * hidden entry's range: a directed cycle in the "residual graph" (row -> column where y may grow,
 * column -> row where it may shrink) through that edge. One breadth-first search per
 * direction decides it. (The constraint matrix is totally unimodular, so the values the
 * reader cannot rule out form an unbroken integer range: "not exact" means at least two.) */
int suppress_cell_exposed(const struct suppress_table *t, const struct suppress_result *r, size_t i,
                          size_t j);

/* Number of exposed entries; the first one (row-major) goes to *first_i, *first_j when
 * there is one and the pointers are not NULL. */
size_t suppress_count_exposed(const struct suppress_table *t, const struct suppress_result *r,
                              size_t *first_i, size_t *first_j);

/* Entry (i, j) as published: the number in plain digits ("17", "0"), "<T" for a primary
 * ("<3"), ".." for a secondary or a withheld entry (all of a table withheld whole), "" for
 * an unpublished entry (there is nothing to show). Renderers add their own digit grouping. out gets
 * "" for an index out of range; outsz of SUPPRESS_FORMAT_MAX always suffices (shorter buffers
 * truncate, always terminated). */
void suppress_format(const struct suppress_table *t, const struct suppress_result *r, size_t i,
                     size_t j, char *out, size_t outsz);

#endif
