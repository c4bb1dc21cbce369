/* Age classes for statistics: a person's age at a reference date falls into one class.
 * Classes are configurable; the default is 0–5, 6–12, 13–17, 18–24, 25–34, 35–44, 45–54,
 * 55–64, 65+. */
#ifndef NRS_DOMAIN_AGECLASS_H
#define NRS_DOMAIN_AGECLASS_H

#include "base/date.h"
#include "base/err.h"

#define AGECLASS_MAX 16

struct ageclass_set {
	int count;
	int lower[AGECLASS_MAX]; /* lower bound of each class, strictly increasing, first is 0;
				    the last class is open-ended */
};

/* The default classes. */
void ageclass_default(struct ageclass_set *set);
/* Parse lower bounds from text such as "0,6,13,18,25,35,45,55,65". Returns 0 or NRS_EINVAL. */
int ageclass_parse(const char *spec, struct ageclass_set *set, struct nrs_error *err);
/* Whole years between birth and at (birthday on 29 February counts from 1 March in
 * common years). Negative if at is before birth. */
int age_at(const struct nrs_date *birth, const struct nrs_date *at);
/* Age from a birth year only (client registered without identity number): the age the
 * person reaches during the year of `at`, i.e. at->year - birth_year. */
int age_from_year(int birth_year, const struct nrs_date *at);
/* Index of the class for this age, or -1 for a negative age. */
int ageclass_index(const struct ageclass_set *set, int age);
/* Label of class i, e.g. "0–5" or "65+" (out at least 16 bytes). */
void ageclass_label(const struct ageclass_set *set, int i, char *out, size_t outsz);

#endif
