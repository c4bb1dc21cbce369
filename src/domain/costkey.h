/* Cost distribution key (R26, R28–R30): a shared cost is split between the municipalities
 * by population. Shares are thousandths of a percent, amounts whole kronor, and both are
 * settled by largest remainder so they add up to exactly 100.000 % and exactly the total.
 *
 * The method, fixed by the agreement's own table (seed 000 Figur 2 / SPEC R26):
 *  1. share_i = population_i * 100 000 / sum, rounded half away from zero to a whole
 *     thousandth of a percent (3876 = 3.876 %).
 *  2. If the shares do not add up to 100 000, the difference (one thousandth at a time) goes
 *     to the largest exact remainders (or is taken from the smallest, if over).
 *  3. amount_i = total * share_i / 100 000, rounded half away from zero to whole kronor. The
 *     amount is computed from the ROUNDED percentage, not from population / sum: only this
 *     reproduces the 2025 table (population / sum gives e.g. Ragunda 183 929 instead of the
 *     agreed 183 907, and every other row is off by 2–22 kr). It is also what the agreement
 *     says in words ("total × share") and what a municipality can check with a calculator
 *     from the published percentage.
 *  4. If the amounts do not add up to the total, the difference (one krona at a time) goes
 *     to the largest exact remainders of total * share_i / 100 000, or is taken from the
 *     smallest remainders if the rounded sum is over the total. Because the shares add up to
 *     exactly 100 %, each rounding error is below half a krona and no municipality ever
 *     gets more than one krona of correction.
 * Ties between equal remainders go first to the larger population, then to the lower
 * municipality code (string order, i.e. numeric order for four-digit codes) — the same order
 * whether a unit is added or taken away. A municipality with population 0 gets share 0 and
 * amount 0 and never takes part in a correction. All arithmetic is integer (128-bit where a
 * product needs it); there is no floating point anywhere. */
#ifndef NRS_DOMAIN_COSTKEY_H
#define NRS_DOMAIN_COSTKEY_H

#include "base/err.h"
#include "domain/money.h"

#include <stddef.h>
#include <stdint.h>

/* At most this many municipalities in one key (Sweden has 290). */
#define COSTKEY_MAX 512
/* Largest population accepted for one municipality: far above any real one, small enough
 * that no intermediate product can overflow. */
#define COSTKEY_POP_MAX INT64_C(1000000000000)
/* 100.000 % in thousandths of a percent. */
#define COSTKEY_SHARE_WHOLE 100000

struct costkey_input {
	const char *code;   /* municipality code, e.g. "2380"; borrowed, non-empty, unique */
	int64_t population; /* on the reference date; >= 0 */
};

struct costkey_share {
	int32_t share;     /* thousandths of a percent: 48972 = 48.972 % */
	int share_adjust;  /* thousandths added (+1) or taken (-1) by the share correction */
	ore_t amount;      /* whole kronor, in öre */
	int amount_adjust; /* kronor added (+1) or taken (-1) by the amount correction */
};

/* Shares only (steps 1–2): out[i] gets the share of in[i] in thousandths of a percent; the
 * shares add up to exactly COSTKEY_SHARE_WHOLE. adjust may be NULL; else adjust[i] gets the
 * correction applied to in[i]. Returns 0, or NRS_EINVAL with a Swedish message when n is 0
 * or above COSTKEY_MAX, a code is missing or repeated, a population is negative or too
 * large, or all populations are zero. out and adjust are caller-owned arrays of n entries. */
int costkey_shares(const struct costkey_input *in, size_t n, int32_t *out, int *adjust,
                   struct nrs_error *err);

/* The whole key (steps 1–4): out[i] describes in[i]. total is in öre and must be whole
 * kronor and >= 0 (a deficit to cover is positive; a surplus is never distributed — see
 * budget_year_end). The amounts add up to exactly total. out is a caller-owned array of n
 * entries. Returns 0 or NRS_EINVAL (see costkey_shares, plus a bad total). */
int costkey_distribute(const struct costkey_input *in, size_t n, ore_t total,
                       struct costkey_share *out, struct nrs_error *err);

/* Format a share as Swedish text with three decimals, "48,972 %" (out at least 16 bytes;
 * the space before % is a no-break space when nbsp is non-zero). */
void costkey_format_share(int32_t share, int nbsp, char *out, size_t outsz);

#endif
