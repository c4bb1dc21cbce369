/* libFuzzer target for the identity-number parsers (pnr_parse, orgnr_parse) and, since they
 * take the same kind of short user text, money_parse. Beyond "no crash", it aborts when an
 * accepted value is internally inconsistent or does not survive a round trip. */
#include "domain/money.h"
#include "domain/orgnr.h"
#include "domain/pnr.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond))                                                                       \
			abort();                                                                   \
	} while (0)

static bool same_pnr(const struct pnr *a, const struct pnr *b)
{
	return strcmp(a->normal, b->normal) == 0 && date_cmp(&a->birth, &b->birth) == 0 &&
	       a->coordination == b->coordination && a->sex == b->sex;
}

static int two(const char *p)
{
	return (p[0] - '0') * 10 + (p[1] - '0');
}

static void check_pnr(const char *s, const struct nrs_date *today)
{
	struct pnr p, again;
	struct nrs_error err;
	char ten[12];
	struct nrs_date hundred, two_hundred;

	nrs_error_clear(&err);
	if (pnr_parse(s, today, &p, &err) != 0) {
		CHECK(err.code == NRS_EINVAL && err.msg[0] != '\0');
		CHECK(strcmp(err.field, "personnummer") == 0);
		return;
	}

	/* The normal form agrees with the other outputs. */
	CHECK(strlen(p.normal) == 12);
	for (int i = 0; i < 12; i++)
		CHECK(p.normal[i] >= '0' && p.normal[i] <= '9');
	CHECK(luhn_valid(p.normal + 2));
	CHECK(date_valid(p.birth.year, p.birth.month, p.birth.day));
	CHECK(date_cmp(&p.birth, today) <= 0);
	CHECK(two(p.normal) * 100 + two(p.normal + 2) == p.birth.year);
	CHECK(two(p.normal + 4) == p.birth.month);
	CHECK(two(p.normal + 6) == p.birth.day + (p.coordination ? 60 : 0));
	CHECK(p.sex == ((p.normal[10] - '0') % 2 == 1 ? PNR_MALE : PNR_FEMALE));
	CHECK(!(p.normal[8] == '0' && p.normal[9] == '0' && p.normal[10] == '0'));

	/* Re-parsing the normal form gives the same result. */
	CHECK(pnr_parse(p.normal, today, &again, NULL) == 0);
	CHECK(same_pnr(&p, &again));

	/* So does the 10-digit form, with '+' from 100 years on, while it can express the age. */
	hundred = p.birth;
	hundred.year += 100;
	two_hundred = p.birth;
	two_hundred.year += 200;
	if (date_cmp(&two_hundred, today) <= 0)
		return;
	memcpy(ten, p.normal + 2, 6);
	ten[6] = date_cmp(&hundred, today) <= 0 ? '+' : '-';
	memcpy(ten + 7, p.normal + 8, 4);
	ten[11] = '\0';
	CHECK(pnr_parse(ten, today, &again, NULL) == 0);
	CHECK(same_pnr(&p, &again));
}

static void check_orgnr(const char *s)
{
	char out[12], again[12];
	struct nrs_error err;

	nrs_error_clear(&err);
	if (orgnr_parse(s, out, &err) != 0) {
		CHECK(err.code == NRS_EINVAL && err.msg[0] != '\0');
		return;
	}
	CHECK(strlen(out) == 11 && out[6] == '-');
	CHECK(orgnr_parse(out, again, NULL) == 0);
	CHECK(strcmp(out, again) == 0);
}

static void check_money(const char *s)
{
	ore_t v, w;
	char buf[64];
	struct nrs_error err;

	nrs_error_clear(&err);
	if (money_parse(s, "Belopp", &v, &err) != 0) {
		CHECK(err.code == NRS_EINVAL && err.msg[0] != '\0');
		return;
	}
	for (int nbsp = 0; nbsp <= 1; nbsp++) {
		money_format(v, nbsp, buf, sizeof(buf));
		CHECK(money_parse(buf, "Belopp", &w, NULL) == 0);
		CHECK(w == v);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct nrs_date fixed = {2026, 11, 24};
	char *s = malloc(size + 1);

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	check_pnr(s, &fixed);
	/* A second reference date taken from the input exercises century resolution near
	 * other century boundaries; date_from_days keeps it a real calendar date. */
	if (size >= 2) {
		int64_t days = (int64_t)((unsigned)data[0] << 8 | data[1]) * 3 - 40000;
		struct nrs_date other = date_from_days(days);

		check_pnr(s, &other);
	}
	check_orgnr(s);
	check_money(s);
	free(s);
	return 0;
}
