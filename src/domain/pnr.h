/* Swedish personal identity numbers (personnummer) and coordination numbers
 * (samordningsnummer): parsing, check digit, century resolution and normal form.
 * Pure functions: the reference date is always passed in. */
#ifndef NRS_DOMAIN_PNR_H
#define NRS_DOMAIN_PNR_H

#include "base/date.h"
#include "base/err.h"

#include <stdbool.h>

enum pnr_sex { PNR_FEMALE = 0, PNR_MALE = 1 };

struct pnr {
	char normal[13];        /* 12 digits, no separator: YYYYMMDDNNNC */
	struct nrs_date birth;  /* real birth date (coordination day minus 60) */
	bool coordination;      /* samordningsnummer */
	enum pnr_sex sex;       /* from the second-to-last digit: odd = male */
};

/* Parse s in any of the forms YYMMDD-NNNC, YYMMDD+NNNC, YYMMDDNNNC, YYYYMMDD-NNNC,
 * YYYYMMDDNNNC. A 10-digit form gets its century from `today`: the latest century that
 * does not put the birth date after today, minus another 100 years for '+' (the person is
 * 100 or older). Returns 0, or NRS_EINVAL with a Swedish reason in err (field "personnummer"). */
int pnr_parse(const char *s, const struct nrs_date *today, struct pnr *out, struct nrs_error *err);

/* Luhn check over a string of ASCII digits. */
bool luhn_valid(const char *digits);

#endif
