/* Unit tests for the cost distribution key (src/domain/costkey.c): the agreement's 2025 table
 * to the krona, largest-remainder corrections with their tie-breaks, and the edge cases. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "domain/costkey.h"

#define KR(x) ((ore_t)(x)*100)

/* SPEC R26 / seed 000 Figur 2: populations on 2023-11-01 and the agreed 2025 split. */
static const struct costkey_input jamtland[] = {
    {"2303", 5135},  {"2305", 6091}, {"2309", 15604}, {"2313", 11139},
    {"2321", 12376}, {"2326", 7114}, {"2361", 10136}, {"2380", 64871},
};
static const int32_t jamtland_share[] = {3876, 4598, 11780, 8409, 9343, 5370, 7652, 48972};
static const int64_t jamtland_kr[] = {183907, 218164, 558934, 398987,
                                      443304, 254794, 363070, 2323607};
#define NJ (sizeof(jamtland) / sizeof(jamtland[0]))

static void test_spec_table_2025(void **state)
{
	struct costkey_share out[NJ];
	struct nrs_error err;
	int64_t pop = 0, share = 0;
	ore_t sum = 0;

	(void)state;
	nrs_error_clear(&err);
	assert_int_equal(costkey_distribute(jamtland, NJ, KR(4744767), out, &err), 0);
	for (size_t i = 0; i < NJ; i++) {
		assert_int_equal(out[i].share, jamtland_share[i]);
		assert_int_equal(out[i].amount, KR(jamtland_kr[i]));
		/* The table needs no correction at all: plain rounding already adds up. */
		assert_int_equal(out[i].share_adjust, 0);
		assert_int_equal(out[i].amount_adjust, 0);
		pop += jamtland[i].population;
		share += out[i].share;
		sum += out[i].amount;
	}
	assert_int_equal(pop, 132466);
	assert_int_equal(share, 100000);
	assert_int_equal(sum, KR(4744767));
}

/* The other formula, total * population / sum, would not give the table: pin that down so
 * nobody "simplifies" the code into it. Ragunda: 4 744 767 * 5 135 / 132 466 = 183 929.3. */
static void test_spec_table_needs_rounded_share(void **state)
{
	ore_t direct = 0;

	(void)state;
	assert_int_equal(money_muldiv(KR(4744767), 5135, 132466, &direct), 0);
	assert_int_equal(money_round_kr(direct), KR(183929));
	assert_int_not_equal(money_round_kr(direct), KR(183907));
}

static void test_shares_only(void **state)
{
	int32_t shares[NJ];
	int adjust[NJ];

	(void)state;
	assert_int_equal(costkey_shares(jamtland, NJ, shares, adjust, NULL), 0);
	for (size_t i = 0; i < NJ; i++) {
		assert_int_equal(shares[i], jamtland_share[i]);
		assert_int_equal(adjust[i], 0);
	}
	/* adjust is optional. */
	assert_int_equal(costkey_shares(jamtland, NJ, shares, NULL, NULL), 0);
	assert_int_equal(shares[7], 48972);
}

/* Three equal populations: 33.333 % each is 99.999 %, so one thousandth goes to the lowest
 * code (equal remainders, equal populations). 100 kr then gives 33 + 33 + 33 = 99 and the
 * missing krona goes to the largest remainder, the one with 33.334 % (remainder 0.334 kr). */
static void test_three_equal_under(void **state)
{
	static const struct costkey_input in[] = {{"2303", 1000}, {"2305", 1000}, {"2309", 1000}};
	struct costkey_share out[3];

	(void)state;
	assert_int_equal(costkey_distribute(in, 3, KR(100), out, NULL), 0);
	assert_int_equal(out[0].share, 33334);
	assert_int_equal(out[1].share, 33333);
	assert_int_equal(out[2].share, 33333);
	assert_int_equal(out[0].share_adjust, 1);
	assert_int_equal(out[1].share_adjust, 0);
	assert_int_equal(out[2].share_adjust, 0);
	assert_int_equal(out[0].amount, KR(34));
	assert_int_equal(out[1].amount, KR(33));
	assert_int_equal(out[2].amount, KR(33));
	assert_int_equal(out[0].amount_adjust, 1);
	assert_int_equal(out[1].amount_adjust, 0);
	assert_int_equal(out[2].amount_adjust, 0);
}

/* The same key on 200 kr: 66.668, 66.666, 66.666 all round up to 67 = 201 kr, one over. The
 * krona is taken from the smallest remainder (-0.334, a tie between 2305 and 2309, equal
 * populations) so the lower code, 2305, pays 66. */
static void test_three_equal_over(void **state)
{
	static const struct costkey_input in[] = {{"2309", 1000}, {"2305", 1000}, {"2303", 1000}};
	struct costkey_share out[3];

	(void)state;
	assert_int_equal(costkey_distribute(in, 3, KR(200), out, NULL), 0);
	/* Input order does not matter: the share thousandth still goes to 2303. */
	assert_int_equal(out[2].share, 33334);
	assert_int_equal(out[0].share, 33333);
	assert_int_equal(out[1].share, 33333);
	assert_int_equal(out[2].amount, KR(67));
	assert_int_equal(out[0].amount, KR(67));
	assert_int_equal(out[1].amount, KR(66));
	assert_int_equal(out[1].amount_adjust, -1);
	assert_int_equal(out[0].amount_adjust, 0);
	assert_int_equal(out[2].amount_adjust, 0);
}

/* Shares over 100 %: 33.334 (rem -1/3), 33.335 (rem -1/3), 33.332 (rem -1/3) = 100.001. All
 * remainders tie, so the larger population (100 004) gives up the thousandth even though its
 * code is not the lowest. */
static void test_share_tie_by_population(void **state)
{
	static const struct costkey_input in[] = {
	    {"2301", 100001}, {"2302", 100004}, {"2303", 99995}};
	int32_t shares[3];
	int adjust[3];

	(void)state;
	assert_int_equal(costkey_shares(in, 3, shares, adjust, NULL), 0);
	assert_int_equal(shares[0], 33334);
	assert_int_equal(shares[1], 33334);
	assert_int_equal(shares[2], 33332);
	assert_int_equal(adjust[0], 0);
	assert_int_equal(adjust[1], -1);
	assert_int_equal(adjust[2], 0);
}

/* Amount ties between equal shares but different populations: the larger population wins
 * the added krona, and is also the one that gives a krona back. */
static void test_amount_tie_by_population(void **state)
{
	static const struct costkey_input add[] = {
	    {"2301", 83490}, {"2302", 83491}, {"2303", 189698}, {"2304", 77697}};
	static const struct costkey_input take[] = {
	    {"2301", 16455}, {"2302", 16456}, {"2303", 129876}, {"2304", 199482}};
	struct costkey_share out[4];

	(void)state;
	/* 2 kr: exact 0.38442, 0.38442, 0.87342, 0.35774 -> 0, 0, 1, 0; one krona missing. */
	assert_int_equal(costkey_distribute(add, 4, KR(2), out, NULL), 0);
	assert_int_equal(out[0].share, 19221);
	assert_int_equal(out[1].share, 19221);
	assert_int_equal(out[0].amount, 0);
	assert_int_equal(out[1].amount, KR(1));
	assert_int_equal(out[1].amount_adjust, 1);
	assert_int_equal(out[2].amount, KR(1));
	assert_int_equal(out[3].amount, 0);

	/* 13 kr: exact 0.59046, 0.59046, 4.66063, 7.15845 -> 1, 1, 5, 7 = 14; one krona over. */
	assert_int_equal(costkey_distribute(take, 4, KR(13), out, NULL), 0);
	assert_int_equal(out[0].share, out[1].share);
	assert_int_equal(out[0].amount, KR(1));
	assert_int_equal(out[1].amount, 0);
	assert_int_equal(out[1].amount_adjust, -1);
	assert_int_equal(out[2].amount, KR(5));
	assert_int_equal(out[3].amount, KR(7));
}

static void test_zero_total(void **state)
{
	struct costkey_share out[NJ];

	(void)state;
	assert_int_equal(costkey_distribute(jamtland, NJ, 0, out, NULL), 0);
	for (size_t i = 0; i < NJ; i++) {
		assert_int_equal(out[i].share, jamtland_share[i]);
		assert_int_equal(out[i].amount, 0);
		assert_int_equal(out[i].amount_adjust, 0);
	}
}

static void test_one_municipality(void **state)
{
	static const struct costkey_input in[] = {{"2380", 64871}};
	struct costkey_share out[1];

	(void)state;
	assert_int_equal(costkey_distribute(in, 1, KR(4744767), out, NULL), 0);
	assert_int_equal(out[0].share, 100000);
	assert_int_equal(out[0].amount, KR(4744767));
}

/* A municipality with no population pays nothing and is never given a correction unit, even
 * when it is first in code order. */
static void test_zero_population(void **state)
{
	static const struct costkey_input in[] = {
	    {"2300", 0}, {"2305", 1000}, {"2309", 1000}, {"2313", 1000}};
	struct costkey_share out[4];

	(void)state;
	assert_int_equal(costkey_distribute(in, 4, KR(100), out, NULL), 0);
	assert_int_equal(out[0].share, 0);
	assert_int_equal(out[0].amount, 0);
	assert_int_equal(out[0].share_adjust, 0);
	assert_int_equal(out[0].amount_adjust, 0);
	assert_int_equal(out[1].share, 33334);
	assert_int_equal(out[1].amount, KR(34));
	assert_int_equal(out[2].amount, KR(33));
	assert_int_equal(out[3].amount, KR(33));
}

static void test_errors(void **state)
{
	static const struct costkey_input zero[] = {{"2303", 0}, {"2305", 0}};
	static const struct costkey_input neg[] = {{"2303", 10}, {"2305", -1}};
	static const struct costkey_input dup[] = {{"2303", 10}, {"2303", 20}};
	static const struct costkey_input nocode[] = {{"2303", 10}, {"", 20}};
	static const struct costkey_input nullcode[] = {{NULL, 20}};
	static const struct costkey_input huge[] = {{"2303", COSTKEY_POP_MAX + 1}};
	struct costkey_share out[2];
	struct nrs_error err;

	(void)state;
	nrs_error_clear(&err);
	assert_int_equal(costkey_distribute(zero, 2, KR(100), out, &err), NRS_EINVAL);
	assert_non_null(strstr(err.msg, "Befolkningen är noll i alla kommuner"));
	assert_string_equal(err.field, "befolkning");

	assert_int_equal(costkey_distribute(neg, 2, KR(100), out, &err), NRS_EINVAL);
	assert_non_null(strstr(err.msg, "negativ"));
	assert_int_equal(costkey_distribute(dup, 2, KR(100), out, &err), NRS_EINVAL);
	assert_non_null(strstr(err.msg, "förekommer två gånger"));
	assert_int_equal(costkey_distribute(nocode, 2, KR(100), out, &err), NRS_EINVAL);
	assert_non_null(strstr(err.msg, "Kommunkod saknas"));
	assert_int_equal(costkey_distribute(nullcode, 1, KR(100), out, &err), NRS_EINVAL);
	assert_int_equal(costkey_distribute(huge, 1, KR(100), out, &err), NRS_EINVAL);
	assert_non_null(strstr(err.msg, "orimligt stor"));
	assert_int_equal(costkey_distribute(jamtland, 0, KR(100), out, &err), NRS_EINVAL);
	assert_non_null(strstr(err.msg, "Ingen kommun"));
	assert_int_equal(costkey_distribute(NULL, 2, KR(100), out, &err), NRS_EINVAL);
	assert_int_equal(costkey_distribute(jamtland, COSTKEY_MAX + 1, KR(100), out, &err),
	                 NRS_EINVAL);
	assert_non_null(strstr(err.msg, "För många"));
	assert_int_equal(costkey_distribute(jamtland, 2, KR(100), NULL, &err), NRS_EINVAL);

	/* A surplus (negative amount) is not distributed; öre are not invoiced. */
	assert_int_equal(costkey_distribute(jamtland, NJ, -KR(100), out, &err), NRS_EINVAL);
	assert_non_null(strstr(err.msg, "överskott"));
	assert_string_equal(err.field, "belopp");
	assert_int_equal(costkey_distribute(jamtland, NJ, KR(100) + 50, out, &err), NRS_EINVAL);
	assert_non_null(strstr(err.msg, "hela kronor"));
	/* err may be NULL. */
	assert_int_equal(costkey_distribute(zero, 2, KR(100), out, NULL), NRS_EINVAL);
}

/* The largest amount in öre that is whole kronor: no intermediate product overflows and the
 * amounts still add up exactly; likewise with the largest populations allowed. */
static void test_overflow_guard(void **state)
{
	struct costkey_share out[NJ];
	const ore_t big = INT64_MAX / 100 * 100;
	ore_t sum = 0;
	struct costkey_input pops[3] = {
	    {"1", COSTKEY_POP_MAX}, {"2", COSTKEY_POP_MAX - 1}, {"3", COSTKEY_POP_MAX - 2}};

	(void)state;
	assert_int_equal(costkey_distribute(jamtland, NJ, big, out, NULL), 0);
	for (size_t i = 0; i < NJ; i++) {
		assert_true(out[i].amount >= 0);
		assert_int_equal(out[i].amount % 100, 0);
		sum += out[i].amount;
	}
	assert_true(sum == big);

	sum = 0;
	assert_int_equal(costkey_distribute(pops, 3, big, out, NULL), 0);
	for (size_t i = 0; i < 3; i++)
		sum += out[i].amount;
	assert_true(sum == big);
	assert_int_equal(out[0].share + out[1].share + out[2].share, 100000);
}

/* Deterministic pseudo-random keys: the invariants hold for every one. */
static uint64_t lcg(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return *s >> 33;
}

static void test_invariants(void **state)
{
	uint64_t seed = 42;
	char codes[40][24];
	struct costkey_input in[40];
	struct costkey_share out[40];

	(void)state;
	for (int round = 0; round < 3000; round++) {
		size_t n = 1 + lcg(&seed) % 40;
		ore_t total = (ore_t)(lcg(&seed) % 10000000) * 100;
		int64_t shares = 0, pop = 0;
		ore_t sum = 0;

		for (size_t i = 0; i < n; i++) {
			snprintf(codes[i], sizeof(codes[i]), "%04zu", i);
			in[i].code = codes[i];
			/* Some zeros, some tiny, some large populations. */
			switch (lcg(&seed) % 4) {
			case 0:
				in[i].population = 0;
				break;
			case 1:
				in[i].population = (int64_t)(lcg(&seed) % 10);
				break;
			default:
				in[i].population = (int64_t)(lcg(&seed) % 200000);
				break;
			}
			pop += in[i].population;
		}
		if (pop == 0) {
			assert_int_equal(costkey_distribute(in, n, total, out, NULL), NRS_EINVAL);
			continue;
		}
		assert_int_equal(costkey_distribute(in, n, total, out, NULL), 0);
		for (size_t i = 0; i < n; i++) {
			ore_t exact_ore = 0;

			shares += out[i].share;
			sum += out[i].amount;
			assert_true(out[i].amount_adjust >= -1 && out[i].amount_adjust <= 1);
			assert_true(out[i].share_adjust >= -1 && out[i].share_adjust <= 1);
			assert_int_equal(out[i].amount % 100, 0);
			if (in[i].population == 0) {
				assert_int_equal(out[i].share, 0);
				assert_int_equal(out[i].amount, 0);
			}
			/* Within one krona of total * share. */
			assert_int_equal(money_muldiv(total, out[i].share, 100000, &exact_ore), 0);
			assert_true(out[i].amount - exact_ore < 100 &&
			            exact_ore - out[i].amount < 100);
		}
		assert_int_equal(shares, 100000);
		assert_true(sum == total);
	}
}

static void test_format_share(void **state)
{
	char buf[32];

	(void)state;
	costkey_format_share(48972, 0, buf, sizeof(buf));
	assert_string_equal(buf, "48,972 %");
	costkey_format_share(3876, 1, buf, sizeof(buf));
	assert_string_equal(buf, "3,876\xc2\xa0%");
	costkey_format_share(100000, 0, buf, sizeof(buf));
	assert_string_equal(buf, "100,000 %");
	costkey_format_share(0, 0, buf, sizeof(buf));
	assert_string_equal(buf, "0,000 %");
	costkey_format_share(-5, 0, buf, sizeof(buf));
	assert_string_equal(buf, "-0,005 %");
	costkey_format_share(11780, 0, buf, 4);
	assert_string_equal(buf, "11,");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_spec_table_2025),
	    cmocka_unit_test(test_spec_table_needs_rounded_share),
	    cmocka_unit_test(test_shares_only),
	    cmocka_unit_test(test_three_equal_under),
	    cmocka_unit_test(test_three_equal_over),
	    cmocka_unit_test(test_share_tie_by_population),
	    cmocka_unit_test(test_amount_tie_by_population),
	    cmocka_unit_test(test_zero_total),
	    cmocka_unit_test(test_one_municipality),
	    cmocka_unit_test(test_zero_population),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_overflow_guard),
	    cmocka_unit_test(test_invariants),
	    cmocka_unit_test(test_format_share),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
