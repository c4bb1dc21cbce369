/* Unit tests for the yearly budget (src/domain/budget.c): the 2025 budget to the krona,
 * uprating, the year-end outcome, quality-review years, the SocSam limit and the population
 * reference date. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "domain/budget.h"

#define KR(x) ((ore_t)(x)*100)

/* SPEC R24 / seed 000 Figur 1. */
static const struct budget_line lines_2025[] = {
    {"Personal 4,75 inkl. PO", KR(3189656)},
    {"Lokalkostnader", KR(511922)},
    {"Omkostnader", KR(211310)},
    {"Handledning/fortbildning, resor, arbetsmiljö", KR(166260)},
    {"Jourlägenheter", KR(220804)},
    {"Fortbildningsinsatser för kommunerna", KR(53045)},
};

static void test_budget_2025(void **state)
{
	struct budget_totals t;
	struct nrs_error err;

	(void)state;
	nrs_error_clear(&err);
	assert_int_equal(budget_compute(lines_2025, 6, BUDGET_OVERHEAD_DEFAULT_BP, &t, &err), 0);
	assert_int_equal(t.subtotal, KR(4352997));
	/* 4 352 997 * 9 % = 391 769.73 -> 391 770. */
	assert_int_equal(t.overhead, KR(391770));
	assert_int_equal(t.total, KR(4744767));
}

static void test_budget_rounding(void **state)
{
	struct budget_line l[2] = {{"a", KR(50)}, {"b", 0}};
	struct budget_totals t;

	(void)state;
	/* 50 kr * 1 % = 0.50 kr -> 1 kr (half away from zero). */
	assert_int_equal(budget_compute(l, 1, 100, &t, NULL), 0);
	assert_int_equal(t.overhead, KR(1));
	assert_int_equal(t.total, KR(51));
	/* 49.99 kr * 1 % = 0.4999 kr -> 0; a two-step rounding via öre (0.50) would give 1. */
	l[0].amount = 4999;
	assert_int_equal(budget_compute(l, 1, 100, &t, NULL), 0);
	assert_int_equal(t.overhead, 0);
	assert_int_equal(t.subtotal, 4999);
	/* The subtotal itself keeps öre; only the overhead is rounded. */
	l[0].amount = 4950;
	assert_int_equal(budget_compute(l, 1, 10000, &t, NULL), 0);
	assert_int_equal(t.overhead, KR(50));
	assert_int_equal(t.total, 4950 + KR(50));
	/* A negative line (a reduction) is fine while the subtotal stays >= 0. */
	l[0].amount = KR(100);
	l[1].amount = -KR(40);
	assert_int_equal(budget_compute(l, 2, 0, &t, NULL), 0);
	assert_int_equal(t.subtotal, KR(60));
	assert_int_equal(t.overhead, 0);
	/* No lines: an empty budget. */
	assert_int_equal(budget_compute(NULL, 0, 900, &t, NULL), 0);
	assert_int_equal(t.total, 0);
}

static void test_budget_errors(void **state)
{
	struct budget_line l[2] = {{"Lokalkostnader", INT64_MAX}, {"Jourlägenheter", KR(1)}};
	struct budget_totals t;
	struct nrs_error err;

	(void)state;
	nrs_error_clear(&err);
	assert_int_equal(budget_compute(l, 2, 900, &t, &err), NRS_EINVAL);
	assert_non_null(strstr(err.msg, "Jourlägenheter"));
	l[0].amount = INT64_MAX - KR(1);
	l[1].amount = 0;
	assert_int_equal(budget_compute(l, 2, 900, &t, &err), NRS_EINVAL);
	assert_non_null(strstr(err.msg, "för stor"));
	l[0].amount = -KR(1);
	assert_int_equal(budget_compute(l, 2, 900, &t, &err), NRS_EINVAL);
	assert_non_null(strstr(err.msg, "negativt"));
	l[0].amount = KR(1);
	assert_int_equal(budget_compute(l, 2, -1, &t, &err), NRS_EINVAL);
	assert_string_equal(err.field, "oh");
	assert_int_equal(budget_compute(l, 2, 10001, &t, &err), NRS_EINVAL);
	assert_int_equal(budget_compute(NULL, 2, 900, &t, &err), NRS_EINVAL);
	assert_int_equal(budget_compute(l, 2, 900, NULL, &err), NRS_EINVAL);
	/* A NULL label does not crash the message. */
	l[0].label = NULL;
	l[0].amount = INT64_MAX;
	l[1].amount = 1;
	assert_int_equal(budget_compute(l, 2, 900, &t, &err), NRS_EINVAL);
}

static void test_uprate(void **state)
{
	ore_t v = 0;
	struct nrs_error err;

	(void)state;
	/* 4 744 767 * 1.03 = 4 887 110.01 -> 4 887 110. */
	assert_int_equal(budget_uprate(KR(4744767), BUDGET_UPRATE_DEFAULT_BP, &v, NULL), 0);
	assert_int_equal(v, KR(4887110));
	/* And on to 2027: 4 887 110 * 1.03 = 5 033 723.3 -> 5 033 723. */
	assert_int_equal(budget_uprate(v, BUDGET_UPRATE_DEFAULT_BP, &v, NULL), 0);
	assert_int_equal(v, KR(5033723));
	/* Half a krona rounds away from zero: 50 kr * 1.01 = 50.50 -> 51. */
	assert_int_equal(budget_uprate(KR(50), 100, &v, NULL), 0);
	assert_int_equal(v, KR(51));
	/* 49.50 kr * 1.0 stays 49.50 -> 50; 49.49 -> 49. */
	assert_int_equal(budget_uprate(4950, 0, &v, NULL), 0);
	assert_int_equal(v, KR(50));
	assert_int_equal(budget_uprate(4949, 0, &v, NULL), 0);
	assert_int_equal(v, KR(49));
	/* A cut and zero. */
	assert_int_equal(budget_uprate(KR(1000), -250, &v, NULL), 0);
	assert_int_equal(v, KR(975));
	assert_int_equal(budget_uprate(0, 300, &v, NULL), 0);
	assert_int_equal(v, 0);
	assert_int_equal(budget_uprate(KR(1000), -10000, &v, NULL), 0);
	assert_int_equal(v, 0);

	nrs_error_clear(&err);
	v = 7;
	assert_int_equal(budget_uprate(KR(1), 10001, &v, &err), NRS_EINVAL);
	assert_string_equal(err.field, "uppräkning");
	assert_int_equal(budget_uprate(KR(1), -10001, &v, &err), NRS_EINVAL);
	assert_int_equal(budget_uprate(-KR(1), 300, &v, &err), NRS_EINVAL);
	assert_int_equal(budget_uprate(INT64_MAX, 300, &v, &err), NRS_EINVAL);
	assert_non_null(strstr(err.msg, "för stort"));
	assert_int_equal(v, 7);
	assert_int_equal(budget_uprate(KR(1), 300, NULL, &err), NRS_EINVAL);
}

static void test_year_end(void **state)
{
	struct budget_year_end ye;
	struct nrs_error err;

	(void)state;
	/* Deficit: outcome above budget. */
	assert_int_equal(budget_year_end(KR(4744767), KR(4800000), &ye, NULL), 0);
	assert_int_equal(ye.result, -KR(55233));
	assert_int_equal(ye.to_distribute, KR(55233));
	assert_int_equal(ye.carried_over, 0);
	/* A deficit with öre is invoiced in whole kronor, half away from zero. */
	assert_int_equal(budget_year_end(KR(100), KR(110) + 50, &ye, NULL), 0);
	assert_int_equal(ye.result, -(KR(10) + 50));
	assert_int_equal(ye.to_distribute, KR(11));
	assert_int_equal(budget_year_end(KR(100), KR(110) + 49, &ye, NULL), 0);
	assert_int_equal(ye.to_distribute, KR(10));
	/* Surplus: carried over exactly, nothing distributed. */
	assert_int_equal(budget_year_end(KR(4744767), KR(4700000) + 25, &ye, NULL), 0);
	assert_int_equal(ye.result, KR(44767) - 25);
	assert_int_equal(ye.to_distribute, 0);
	assert_int_equal(ye.carried_over, KR(44767) - 25);
	/* Exactly on budget. */
	assert_int_equal(budget_year_end(KR(10), KR(10), &ye, NULL), 0);
	assert_int_equal(ye.result, 0);
	assert_int_equal(ye.to_distribute, 0);
	assert_int_equal(ye.carried_over, 0);
	/* Extremes do not overflow. */
	assert_int_equal(budget_year_end(0, INT64_MAX, &ye, NULL), 0);
	assert_true(ye.to_distribute == INT64_C(9223372036854775800));
	assert_int_equal(budget_year_end(INT64_MAX, 0, &ye, NULL), 0);
	assert_true(ye.carried_over == INT64_MAX);

	nrs_error_clear(&err);
	assert_int_equal(budget_year_end(-1, 0, &ye, &err), NRS_EINVAL);
	assert_string_equal(err.field, "budget");
	assert_int_equal(budget_year_end(0, -1, &ye, &err), NRS_EINVAL);
	assert_string_equal(err.field, "utfall");
	assert_int_equal(budget_year_end(0, 0, NULL, &err), NRS_EINVAL);
}

static void test_quality_review_year(void **state)
{
	(void)state;
	assert_true(budget_is_quality_review_year(2026));
	assert_true(budget_is_quality_review_year(2029));
	assert_true(budget_is_quality_review_year(2032));
	assert_true(budget_is_quality_review_year(2101));
	assert_false(budget_is_quality_review_year(2025));
	assert_false(budget_is_quality_review_year(2027));
	assert_false(budget_is_quality_review_year(2028));
	assert_false(budget_is_quality_review_year(2030));
	/* Before the agreement's first review there is none, even on the same rhythm. */
	assert_false(budget_is_quality_review_year(2023));
	assert_false(budget_is_quality_review_year(2020));
	assert_false(budget_is_quality_review_year(-1));
	assert_false(budget_is_quality_review_year(0));
}

static void test_socsam_limit(void **state)
{
	(void)state;
	assert_false(budget_needs_socsam(0));
	assert_false(budget_needs_socsam(KR(149999)));
	assert_false(budget_needs_socsam(KR(150000)));
	assert_true(budget_needs_socsam(KR(150000) + 1));
	assert_true(budget_needs_socsam(KR(150001)));
	assert_true(budget_needs_socsam(INT64_MAX));
	assert_false(budget_needs_socsam(-KR(200000)));
}

static void test_population_date(void **state)
{
	struct nrs_date d;

	(void)state;
	d = budget_population_date(2025, BUDGET_POPULATION_YEARS_BEFORE);
	assert_int_equal(d.year, 2023);
	assert_int_equal(d.month, 11);
	assert_int_equal(d.day, 1);
	d = budget_population_date(2025, 1);
	assert_int_equal(d.year, 2024);
	d = budget_population_date(2026, 0);
	assert_int_equal(d.year, 2026);
	d = budget_population_date(2026, -3);
	assert_int_equal(d.year, 2026);
	d = budget_population_date(2026, 1000);
	assert_int_equal(d.year, 1926);
	assert_int_equal(d.month, 11);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_budget_2025),   cmocka_unit_test(test_budget_rounding),
	    cmocka_unit_test(test_budget_errors), cmocka_unit_test(test_uprate),
	    cmocka_unit_test(test_year_end),      cmocka_unit_test(test_quality_review_year),
	    cmocka_unit_test(test_socsam_limit),  cmocka_unit_test(test_population_date),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
