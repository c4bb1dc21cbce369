/* The yearly budget of the centre (R24, R25, R28, R29): cost lines, overhead, uprating,
 * the year-end outcome, the quality-review years and the steering group's spending limit.
 * Amounts are öre (ore_t) and every result that is invoiced is whole kronor, rounded half
 * away from zero. Splitting an amount between the municipalities is costkey's job. */
#ifndef NRS_DOMAIN_BUDGET_H
#define NRS_DOMAIN_BUDGET_H

#include "base/date.h"
#include "base/err.h"
#include "domain/money.h"

#include <stdbool.h>
#include <stddef.h>

/* Overhead (OH) on the cost lines: 9 % in the 2025 budget, in basis points. */
#define BUDGET_OVERHEAD_DEFAULT_BP 900
/* Annual uprating unless the year's budget says otherwise (R25): 3 %, in basis points. */
#define BUDGET_UPRATE_DEFAULT_BP 300
/* The first quality-review year and the period (R29: 2026, 2029, …). */
#define BUDGET_QUALITY_REVIEW_FIRST 2026
#define BUDGET_QUALITY_REVIEW_PERIOD 3
/* The steering group may approve at most this much for a quality review (seed 000 §11.5);
 * a larger amount needs a decision by SocSam. */
#define BUDGET_STEERING_LIMIT ((ore_t)150000 * 100)
/* Population reference date for the cost key: 1 November this many years before the budget
 * year. See budget_population_date for why it is 2 and not 1. */
#define BUDGET_POPULATION_YEARS_BEFORE 2

struct budget_line {
	const char *label; /* e.g. "Lokalkostnader"; borrowed; used in error messages */
	ore_t amount;      /* may be negative (a reduction), but the subtotal may not */
};

struct budget_totals {
	ore_t subtotal; /* sum of the lines, exact */
	ore_t overhead; /* subtotal * overhead, whole kronor */
	ore_t total;    /* subtotal + overhead */
};

/* Sum the lines and add overhead_bp basis points of overhead (0..10 000), rounded to whole
 * kronor. 2025: subtotal 4 352 997, overhead 391 770, total 4 744 767. Returns 0, or
 * NRS_EINVAL with a Swedish message for a negative subtotal, a bad percentage or an
 * amount too large to add up. lines may be NULL when n is 0. */
int budget_compute(const struct budget_line *lines, size_t n, int overhead_bp,
                   struct budget_totals *out, struct nrs_error *err);

/* Next year's total from this year's: prev * (1 + pct_bp / 10 000), rounded to whole kronor
 * half away from zero. pct_bp is in -10 000..10 000 (use BUDGET_UPRATE_DEFAULT_BP unless
 * the year says otherwise); prev must be >= 0. Returns 0 or NRS_EINVAL. */
int budget_uprate(ore_t prev, int pct_bp, ore_t *out, struct nrs_error *err);

/* The year-end outcome (R28). result = budget - outcome: negative is a deficit, positive a
 * surplus. A deficit is covered by the municipalities: to_distribute is the deficit as a
 * positive amount rounded to whole kronor (ready for costkey_distribute). A surplus stays
 * with the centre: carried_over is the surplus, exact, and nothing is distributed. */
struct budget_year_end {
	ore_t result;
	ore_t to_distribute;
	ore_t carried_over;
};

/* Fill out from the budgeted total and the actual outcome (both >= 0). Returns 0 or
 * NRS_EINVAL with a Swedish message. */
int budget_year_end(ore_t budget, ore_t outcome, struct budget_year_end *out,
                    struct nrs_error *err);

/* True in the years a quality review is carried out and its cost added (2026, 2029, …). */
bool budget_is_quality_review_year(int year);

/* True when a quality-review cost is above what the steering group may approve, so SocSam
 * must decide (exactly 150 000 kr is still the steering group's). */
bool budget_needs_socsam(ore_t amount);

/* The population reference date for the cost key of budget year `year`: 1 November of
 * year - years_before. Pass BUDGET_POPULATION_YEARS_BEFORE unless configured otherwise.
 * years_before is clamped to 0..100. */
struct nrs_date budget_population_date(int year, int years_before);

#endif
