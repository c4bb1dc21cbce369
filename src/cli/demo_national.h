/* Synthetic data the size of the whole country for `norrsken demo --scale national`: ten
 * years of clients, cases, series, sessions, emergency-apartment stays, police referrals,
 * contacts, consultations, trainings and mandatory reports, written by bulk inserts (see
 * store/bulk.h) for the annual report's benchmark. Reproducible from a seed and the day.
 * Nobody real: names are "Syntetisk NNNNNN" (sealed like any client name), no identity
 * numbers. */
#ifndef NRS_CLI_DEMO_NATIONAL_H
#define NRS_CLI_DEMO_NATIONAL_H

#include "base/date.h"
#include "base/err.h"
#include "security/crypto.h"
#include "store/db.h"

#include <stdint.h>
#include <stdio.h>

#define NATIONAL_YEARS 10
/* The full size (fraction 1): clients over the ten years; the other volumes follow. */
#define NATIONAL_CLIENTS 500000

struct demo_national_opts {
	uint64_t seed;
	double fraction;       /* 0 < fraction <= 1: share of the national volumes */
	struct nrs_date today; /* the period ends today */
	int64_t now;           /* Unix seconds: what has not happened by now is still open */
	int64_t centre_id;     /* the centre that owns every case, apartment and referral */
	int64_t staff_id;      /* makes the mandatory reports */
	FILE *progress;        /* the progress line ("\r…"); NULL for none */
};

struct demo_national_counts {
	int64_t clients, cases, cases_closed;
	int64_t interventions, started, ended, waiting, aid_decisions;
	int64_t sessions, held;
	int64_t apartments, stays;
	int64_t referrals, contacts, consultations, trainings, reports, report_years;
};

/* Fill the database in the caller's open transaction (the demo's setup transaction: all or
 * nothing). The loaded tables' indexes are dropped for the load and built again at the end.
 * One audit row records the generation; the rows themselves are not audited one by one.
 * 0 and the counts, or an error with a Swedish message in err. */
int demo_national_generate(struct store *st, const struct crypto_keys *keys,
                           const struct demo_national_opts *o, struct demo_national_counts *out,
                           struct nrs_error *err);

/* Print the counts as a short Swedish summary. */
void demo_national_print(const struct demo_national_counts *c, FILE *f);

#endif
