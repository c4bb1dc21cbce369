/* Shared by the emergency-apartment pages (pages/apartments.c) and their JSON twins
 * (api/apartments.c): the default apartments on first use, a stay behind :id with the policy
 * asked on the user's actual relation to it, a new stay from typed values (the client found
 * by code among the clients the user may see), and the month parameter of the calendar. */
#ifndef NRS_WEB_PAGES_APARTMENTS_H
#define NRS_WEB_PAGES_APARTMENTS_H

#include "base/err.h"
#include "security/housingsvc.h"
#include "security/policy.h"
#include "web/request.h"

#include <stdbool.h>
#include <stdint.h>

/* Give the user's organisation its default apartments if it is a centre that has none yet. */
int apt_ensure(struct request *req);

/* The stay behind the :id parameter, allowed for action by the policy with the user's
 * relations to it (own organisation: the apartment's). A malformed or unknown id is
 * NRS_ENOTFOUND (only roles that may see some stay get this far); a denial NRS_EDENIED.
 * Nothing of the stay is read before the answer. */
int apt_stay_load(struct request *req, enum policy_action action, int64_t *id);

/* May the user do action on stays of the own organisation / on apartments? */
bool apt_may_stay(const struct request *req, enum policy_action action);
bool apt_may_apartment(const struct request *req, enum policy_action action);

/* The values of a new stay as typed (page) or sent (API). */
struct apt_stay_values {
	int64_t apartment_id; /* 0: none chosen */
	const char *client_code;
	const char *children_ages;
	const char *home_municipality;
	const char *move_in, *move_out;
	bool outside_staff;
	int64_t outside_staff_org;
};
/* Find the client by code (only among those the user may read: an unknown code and a hidden
 * one get the same answer, field client_code) and record the stay with housingsvc. */
int apt_stay_create(struct request *req, const struct apt_stay_values *v, int64_t *id,
                    struct nrs_error *err);

/* "YYYY-MM" into year and month; NULL or "" gives today's month. NRS_EINVAL otherwise. */
int apt_month_parse(const char *s, int *year, int *month);

/* "mars 2026". */
void apt_month_text(int year, int month, char *out, size_t n);

#endif
