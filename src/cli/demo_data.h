/* Synthetic casework for `norrsken demo`: clients, cases, plans, journal notes, risk
 * assessments, interventions, sessions, groups, follow-up, police referrals, mandatory
 * reports, anonymous contacts, consultations and trainings over the last few years, made
 * through the security layer's services (which validate, encrypt and audit) and
 * reproducible from a seed. No real people: names come from data/demo-names.txt, identity
 * numbers only from data/demo-pnr.txt. */
#ifndef NRS_CLI_DEMO_DATA_H
#define NRS_CLI_DEMO_DATA_H

#include "base/date.h"
#include "base/err.h"
#include "security/crypto.h"
#include "store/db.h"

#include <stdint.h>
#include <stdio.h>

#define DEMO_DEFAULT_SEED 1
#define DEMO_DEFAULT_YEARS 3
#define DEMO_MAX_YEARS 10

struct demo_data_opts {
	uint64_t seed;
	int years;             /* 1..DEMO_MAX_YEARS: the period ends on today */
	struct nrs_date today; /* Europe/Stockholm */
	int64_t now;           /* Unix seconds, a moment of today */
	int64_t centre_id;     /* the centre that owns every case and referral */
	int64_t staff_id;      /* centre.staff: assigned, responsible, writes journal notes */
	const char *staff_username;
	int64_t manager_id; /* centre.manager: likewise, for a share of the cases */
	const char *manager_username;
	FILE *progress; /* progress lines go here; NULL for none */
};

/* What was made, per kind, for the summary and the tests. */
struct demo_data_counts {
	int64_t clients, protected_clients, with_pnr, relations;
	int64_t cases, cases_closed, plans, notes, violence_types, assignments;
	int64_t interventions, waiting, running, ended, aid_decisions, sessions;
	int64_t referrals, referrals_open, referrals_linked, attempts;
	int64_t risk_assessments, followup_values;
	int64_t groups, group_participants, group_meetings;
	int64_t reports, contacts, consultations, trainings;
};

/* Fill the database with synthetic casework for the years up to o->today. Meant for the
 * setup transaction of `norrsken demo` (the caller's open transaction makes it all or
 * nothing); every record goes through the services, which audit it. The audit rows name
 * the system user "demo" (user id 0), except what a person must sign (journal notes, risk
 * assessments, follow-up values), which names the staff member of the case. Same seed,
 * years and day: same data.
 * 0 and the counts in *out, or an error with a Swedish message in err. */
int demo_data_generate(struct store *st, const struct crypto_keys *keys,
                       const struct demo_data_opts *o, struct demo_data_counts *out,
                       struct nrs_error *err);

/* Print the counts as a short Swedish summary. */
void demo_data_print(const struct demo_data_counts *c, FILE *f);

#endif
