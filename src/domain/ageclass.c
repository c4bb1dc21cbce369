/* Age classes for statistics (see ageclass.h). The class bounds are configurable per county
 * report, so parsing validates them fully: a bad spec must fail at load time with a clear
 * Swedish message, not produce a silently wrong table later. */
#include "domain/ageclass.h"

#include <stdio.h>
#include <string.h>

#define FIELD "åldersklasser"

/* Nobody reaches this age; it bounds the numbers a spec may hold. */
#define AGE_LIMIT 150

static const int default_lower[] = {0, 6, 13, 18, 25, 35, 45, 55, 65};

void ageclass_default(struct ageclass_set *set)
{
	int n = (int)(sizeof(default_lower) / sizeof(default_lower[0]));

	memset(set, 0, sizeof(*set));
	set->count = n;
	memcpy(set->lower, default_lower, sizeof(default_lower));
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

int ageclass_parse(const char *spec, struct ageclass_set *set, struct nrs_error *err)
{
	struct ageclass_set res;
	const char *p = spec;

	if (spec == NULL || set == NULL)
		return nrs_error_set(err, NRS_EINVAL, FIELD, "åldersklasser saknas");
	memset(&res, 0, sizeof(res));
	while (is_blank(*p))
		p++;
	if (*p == '\0')
		return nrs_error_set(err, NRS_EINVAL, FIELD, "åldersklasser saknas");

	/* One item per loop: blanks, digits, blanks, then ',' or the end. */
	for (;;) {
		int value = 0, ndig = 0;
		int pos = res.count + 1; /* 1-based position for messages */

		while (is_blank(*p))
			p++;
		while (*p >= '0' && *p <= '9') {
			/* Stop accumulating past the limit so a long digit run cannot overflow. */
			if (value <= AGE_LIMIT)
				value = value * 10 + (*p - '0');
			ndig++;
			p++;
		}
		while (is_blank(*p))
			p++;
		if (ndig == 0 || (*p != ',' && *p != '\0'))
			return nrs_error_set(err, NRS_EINVAL, FIELD,
			                     "värde %d är inte ett heltal; skriv t.ex. "
			                     "0,6,13,18,25,35,45,55,65",
			                     pos);
		if (value > AGE_LIMIT)
			return nrs_error_set(err, NRS_EINVAL, FIELD,
			                     "värde %d måste ligga mellan 0 och %d", pos,
			                     AGE_LIMIT);
		if (res.count == AGECLASS_MAX)
			return nrs_error_set(err, NRS_EINVAL, FIELD,
			                     "högst %d åldersklasser är tillåtna", AGECLASS_MAX);
		if (res.count == 0 && value != 0)
			return nrs_error_set(err, NRS_EINVAL, FIELD,
			                     "första åldersklassen måste börja på 0");
		if (res.count > 0 && value <= res.lower[res.count - 1])
			return nrs_error_set(err, NRS_EINVAL, FIELD,
			                     "värde %d måste vara större än värdet före", pos);
		res.lower[res.count++] = value;
		if (*p == '\0')
			break;
		p++; /* the ',' */
	}
	*set = res;
	return 0;
}

int age_at(const struct nrs_date *birth, const struct nrs_date *at)
{
	int years = at->year - birth->year;
	int bmonth = birth->month, bday = birth->day;

	/* In a common year a 29 February birthday is reached on 1 March. */
	if (bmonth == 2 && bday == 29 && !date_is_leap(at->year)) {
		bmonth = 3;
		bday = 1;
	}
	if (at->month < bmonth || (at->month == bmonth && at->day < bday))
		years--;
	return years;
}

int age_from_year(int birth_year, const struct nrs_date *at)
{
	return at->year - birth_year;
}

int ageclass_index(const struct ageclass_set *set, int age)
{
	int i;

	if (age < 0 || set->count <= 0)
		return -1;
	for (i = set->count - 1; i > 0; i--)
		if (age >= set->lower[i])
			break;
	return i;
}

void ageclass_label(const struct ageclass_set *set, int i, char *out, size_t outsz)
{
	if (out == NULL || outsz == 0)
		return;
	if (i < 0 || i >= set->count || set->count > AGECLASS_MAX) {
		out[0] = '\0';
		return;
	}
	if (i == set->count - 1)
		snprintf(out, outsz, "%d+", set->lower[i]);
	else if (set->lower[i + 1] - 1 == set->lower[i])
		/* A one-year class reads better as "5" than "5–5". */
		snprintf(out, outsz, "%d", set->lower[i]);
	else
		snprintf(out, outsz, "%d\u2013%d", set->lower[i], set->lower[i + 1] - 1);
}
