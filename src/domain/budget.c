/* The yearly budget (see budget.h): totals with overhead, uprating, the year-end outcome and
 * the quality-review rules. Every percentage is applied in one exact step straight to whole
 * kronor (money_muldiv with a denominator in kronor), never rounded to öre first, so that
 * no amount is rounded twice. */
#include "domain/budget.h"

#include <stdint.h>

/* amount * num / den rounded half away from zero to whole kronor, in öre. */
static int muldiv_kr(ore_t amount, int64_t num, int64_t den, ore_t *out)
{
	ore_t kr;

	if (money_muldiv(amount, num, den * 100, &kr) != 0)
		return NRS_EINVAL;
	if (kr > INT64_MAX / 100 || kr < INT64_MIN / 100)
		return NRS_EINVAL;
	*out = kr * 100;
	return 0;
}

int budget_compute(const struct budget_line *lines, size_t n, int overhead_bp,
                   struct budget_totals *out, struct nrs_error *err)
{
	ore_t sum = 0, oh = 0;

	if (out == NULL || (lines == NULL && n > 0))
		return nrs_error_set(err, NRS_EINVAL, "", "Budgetraderna saknas");
	if (overhead_bp < 0 || overhead_bp > 10000)
		return nrs_error_set(err, NRS_EINVAL, "oh",
		                     "OH-påslaget ska vara mellan 0 och 100 %%");
	for (size_t i = 0; i < n; i++) {
		const char *label = lines[i].label != NULL ? lines[i].label : "";

		if (__builtin_add_overflow(sum, lines[i].amount, &sum))
			return nrs_error_set(err, NRS_EINVAL, "belopp",
			                     "Beloppet för %.80s gör summan för stor", label);
	}
	if (sum < 0)
		return nrs_error_set(
		    err, NRS_EINVAL, "belopp",
		    "Budgetens kostnader får inte summera till ett negativt belopp");
	if (muldiv_kr(sum, overhead_bp, 10000, &oh) != 0 ||
	    __builtin_add_overflow(sum, oh, &out->total))
		return nrs_error_set(err, NRS_EINVAL, "belopp", "Budgetens summa är för stor");
	out->subtotal = sum;
	out->overhead = oh;
	return 0;
}

int budget_uprate(ore_t prev, int pct_bp, ore_t *out, struct nrs_error *err)
{
	if (out == NULL)
		return nrs_error_set(err, NRS_EINVAL, "", "Ingen plats för resultatet");
	if (pct_bp < -10000 || pct_bp > 10000)
		return nrs_error_set(err, NRS_EINVAL, "uppräkning",
		                     "Uppräkningen ska vara mellan -100 och 100 %%");
	if (prev < 0)
		return nrs_error_set(err, NRS_EINVAL, "belopp",
		                     "Föregående års budget får inte vara negativ");
	if (muldiv_kr(prev, 10000 + (int64_t)pct_bp, 10000, out) != 0)
		return nrs_error_set(err, NRS_EINVAL, "belopp", "Beloppet är för stort");
	return 0;
}

int budget_year_end(ore_t budget, ore_t outcome, struct budget_year_end *out, struct nrs_error *err)
{
	if (out == NULL)
		return nrs_error_set(err, NRS_EINVAL, "", "Ingen plats för resultatet");
	if (budget < 0 || outcome < 0)
		return nrs_error_set(err, NRS_EINVAL, budget < 0 ? "budget" : "utfall",
		                     "Budget och utfall får inte vara negativa");
	/* Both are non-negative, so the difference cannot overflow. */
	out->result = budget - outcome;
	out->to_distribute = 0;
	out->carried_over = 0;
	if (out->result < 0)
		/* Invoices are whole kronor; -result is at most INT64_MAX, which rounds safely. */
		out->to_distribute = money_round_kr(-out->result);
	else
		out->carried_over = out->result;
	return 0;
}

bool budget_is_quality_review_year(int year)
{
	return year >= BUDGET_QUALITY_REVIEW_FIRST &&
	       (year - BUDGET_QUALITY_REVIEW_FIRST) % BUDGET_QUALITY_REVIEW_PERIOD == 0;
}

bool budget_needs_socsam(ore_t amount)
{
	return amount > BUDGET_STEERING_LIMIT;
}

/* The sources disagree on the reference date. Seed 000 §11.3 says "befolkningsmängd
 * 1 november föregående år" (one year before), but its own Figur 2 for the 2025 budget is
 * computed from 2023-11-01 (two years before), and SPEC R26 settles on two years before
 * ("the 2025 budget uses 2023-11-01", configurable). We follow the table and the SPEC
 * (default 2, BUDGET_POPULATION_YEARS_BEFORE) — a budget is set during the year before, when
 * "föregående år" read from the decision date is also two years before the budget year —
 * and keep the number of years a parameter so a county can configure 1. */
struct nrs_date budget_population_date(int year, int years_before)
{
	struct nrs_date d;

	if (years_before < 0)
		years_before = 0;
	if (years_before > 100)
		years_before = 100;
	d.year = year - years_before;
	d.month = 11;
	d.day = 1;
	return d;
}
