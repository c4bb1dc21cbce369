/* Money in öre (int64_t, 1 kr = 100 öre). No floating point anywhere near money.
 * Rounding is half away from zero, as in the cooperation agreement. */
#ifndef NRS_DOMAIN_MONEY_H
#define NRS_DOMAIN_MONEY_H

#include "base/err.h"

#include <stddef.h>
#include <stdint.h>

typedef int64_t ore_t;

/* Round to whole kronor, half away from zero (in öre). */
ore_t money_round_kr(ore_t amount);
/* amount * num / den, rounded half away from zero; den > 0. Returns NRS_EINVAL on overflow. */
int money_muldiv(ore_t amount, int64_t num, int64_t den, ore_t *out);
/* "4 744 767 kr" (whole kronor after rounding) — the thousands separator is a no-break
 * space (U+00A0) when nbsp is non-zero, else an ordinary space. */
void money_format_kr(ore_t amount, int nbsp, char *out, size_t outsz);
/* "4 744 767,50 kr" with öre. */
void money_format(ore_t amount, int nbsp, char *out, size_t outsz);
/* Parse user input in kronor: "4744767", "4 744 767", "4744767,50", "4744767.5", optional
 * trailing "kr". Returns 0 or NRS_EINVAL with a Swedish reason naming field. */
int money_parse(const char *s, const char *field, ore_t *out, struct nrs_error *err);

#endif
