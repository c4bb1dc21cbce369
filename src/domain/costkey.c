/* Cost distribution key (see costkey.h for the method and why it is this one): shares by
 * population in thousandths of a percent, amounts in whole kronor, both corrected by largest
 * remainder so that they add up exactly. Integer arithmetic only. */
#include "domain/costkey.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__extension__ typedef __int128 i128;

/* One candidate for a correction unit. key is the remainder, negated when units are taken
 * away, so that "largest key first" is the order in both directions. */
struct rank {
	int64_t key;
	int64_t population;
	const char *code;
	size_t idx;
};

static int rank_cmp(const void *pa, const void *pb)
{
	const struct rank *a = pa, *b = pb;

	if (a->key != b->key)
		return a->key > b->key ? -1 : 1;
	if (a->population != b->population)
		return a->population > b->population ? -1 : 1;
	return strcmp(a->code, b->code);
}

/* num / den rounded half away from zero; den > 0. */
static i128 round_div(i128 num, i128 den)
{
	i128 q = num / den, r = num % den;

	if (r < 0)
		r = -r;
	if (2 * r >= den)
		q += num < 0 ? -1 : 1;
	return q;
}

/* Which entries get a unit: the |diff| best ranked ones among those with a population,
 * by remainder (largest first when adding, smallest first when taking away). Writes +1/-1
 * into unit[] (zeroed by the caller). rem[i] is the exact value minus the rounded one, in
 * any unit common to all entries. */
static int settle(const struct costkey_input *in, size_t n, const int64_t *rem, int64_t diff,
                  int *unit, struct nrs_error *err)
{
	struct rank ranks[COSTKEY_MAX];
	size_t m = 0;
	int64_t want = diff < 0 ? -diff : diff;

	if (diff == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (in[i].population == 0)
			continue;
		ranks[m].key = diff > 0 ? rem[i] : -rem[i];
		ranks[m].population = in[i].population;
		ranks[m].code = in[i].code;
		ranks[m].idx = i;
		m++;
	}
	/* Each rounding error is under half a unit, so this cannot happen; refuse rather than
	 * hand out two units to someone. */
	if ((uint64_t)want > m)
		return nrs_error_set(err, NRS_EINVAL, "", "Fördelningen gick inte att jämka");
	qsort(ranks, m, sizeof(ranks[0]), rank_cmp);
	for (size_t k = 0; k < (size_t)want; k++)
		unit[ranks[k].idx] = diff > 0 ? 1 : -1;
	return 0;
}

static int validate(const struct costkey_input *in, size_t n, int64_t *sum, struct nrs_error *err)
{
	int64_t s = 0;

	if (in == NULL || n == 0)
		return nrs_error_set(err, NRS_EINVAL, "kommun", "Ingen kommun att fördela på");
	if (n > COSTKEY_MAX)
		return nrs_error_set(err, NRS_EINVAL, "kommun",
		                     "För många kommuner i fördelningen (högst %d)", COSTKEY_MAX);
	for (size_t i = 0; i < n; i++) {
		if (in[i].code == NULL || in[i].code[0] == '\0')
			return nrs_error_set(err, NRS_EINVAL, "kommun",
			                     "Kommunkod saknas på rad %zu", i + 1);
		for (size_t j = 0; j < i; j++)
			if (strcmp(in[i].code, in[j].code) == 0)
				return nrs_error_set(err, NRS_EINVAL, "kommun",
				                     "Kommunkoden %.8s förekommer två gånger",
				                     in[i].code);
		if (in[i].population < 0)
			return nrs_error_set(err, NRS_EINVAL, "befolkning",
			                     "Befolkningen för kommun %.8s är negativ", in[i].code);
		if (in[i].population > COSTKEY_POP_MAX)
			return nrs_error_set(err, NRS_EINVAL, "befolkning",
			                     "Befolkningen för kommun %.8s är orimligt stor",
			                     in[i].code);
		/* n * COSTKEY_POP_MAX is far below INT64_MAX, so the sum cannot overflow. */
		s += in[i].population;
	}
	if (s == 0)
		return nrs_error_set(
		    err, NRS_EINVAL, "befolkning",
		    "Befolkningen är noll i alla kommuner; inget att fördela efter");
	*sum = s;
	return 0;
}

int costkey_shares(const struct costkey_input *in, size_t n, int32_t *out, int *adjust,
                   struct nrs_error *err)
{
	int64_t sum = 0, total = 0;
	int64_t rem[COSTKEY_MAX] = {0};
	int unit[COSTKEY_MAX] = {0};
	int rc;

	rc = validate(in, n, &sum, err);
	if (rc != 0)
		return rc;
	if (out == NULL)
		return nrs_error_set(err, NRS_EINVAL, "", "Ingen plats för resultatet");
	for (size_t i = 0; i < n; i++) {
		i128 exact = (i128)in[i].population * COSTKEY_SHARE_WHOLE;
		i128 share = round_div(exact, sum);

		out[i] = (int32_t)share;
		/* |exact - share * sum| <= sum / 2, which fits in 64 bits. */
		rem[i] = (int64_t)(exact - share * sum);
		total += out[i];
		unit[i] = 0;
	}
	rc = settle(in, n, rem, COSTKEY_SHARE_WHOLE - total, unit, err);
	if (rc != 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		out[i] += unit[i];
		if (adjust != NULL)
			adjust[i] = unit[i];
	}
	return 0;
}

int costkey_distribute(const struct costkey_input *in, size_t n, ore_t total,
                       struct costkey_share *out, struct nrs_error *err)
{
	int32_t shares[COSTKEY_MAX] = {0};
	int share_adj[COSTKEY_MAX] = {0}, unit[COSTKEY_MAX] = {0};
	int64_t rem[COSTKEY_MAX] = {0};
	int64_t total_kr, sum_kr = 0;
	int rc;

	if (total < 0)
		return nrs_error_set(err, NRS_EINVAL, "belopp",
		                     "Beloppet att fördela får inte vara negativt; ett överskott "
		                     "fördelas inte utan förs över till nästa år");
	if (total % 100 != 0)
		return nrs_error_set(err, NRS_EINVAL, "belopp",
		                     "Beloppet att fördela ska vara i hela kronor");
	rc = costkey_shares(in, n, shares, share_adj, err);
	if (rc != 0)
		return rc;
	if (out == NULL)
		return nrs_error_set(err, NRS_EINVAL, "", "Ingen plats för resultatet");

	/* Work in whole kronor: the exact amount is total_kr * share / 100 000 kr, and the
	 * remainder is kept in units of 1/100 000 kr. */
	total_kr = total / 100;
	for (size_t i = 0; i < n; i++) {
		i128 exact = (i128)total_kr * shares[i];
		i128 kr = round_div(exact, COSTKEY_SHARE_WHOLE);

		/* kr <= total_kr since share <= 100 000, so it fits. */
		out[i].share = shares[i];
		out[i].share_adjust = share_adj[i];
		out[i].amount = (ore_t)kr;
		rem[i] = (int64_t)(exact - kr * COSTKEY_SHARE_WHOLE);
		sum_kr += (int64_t)kr;
		unit[i] = 0;
	}
	/* sum_kr is within n/2 of total_kr, so the difference cannot overflow. */
	rc = settle(in, n, rem, total_kr - sum_kr, unit, err);
	if (rc != 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		out[i].amount = (out[i].amount + unit[i]) * 100;
		out[i].amount_adjust = unit[i];
	}
	return 0;
}

void costkey_format_share(int32_t share, int nbsp, char *out, size_t outsz)
{
	int64_t v = share;
	const char *neg = "";

	if (out == NULL || outsz == 0)
		return;
	if (v < 0) {
		neg = "-";
		v = -v;
	}
	snprintf(out, outsz, "%s%lld,%03lld%s%%", neg, (long long)(v / 1000), (long long)(v % 1000),
	         nbsp ? "\xc2\xa0" : " ");
}
