/* The annual activity report (R31–R33) and the quality review compilation: builds the
 * report model (domain/report_model.h) from the store's aggregates (store/report.h), the
 * economy (economysvc) and the systematic follow-up (groupsvc), applies the small-number
 * protection, and keeps what the centre manager enters per year (staff FTE, the free-text
 * sections). No personal data leaves here: only protected aggregates.
 *
 * Contents for year Y with Y-2 and Y-1 beside it (quality review: Y-1 and Y, plus the
 * follow-up aggregates), breakdowns by gender, age class and municipality — the host
 * municipality and the others added together (Bilaga 1 note 5), or with per_municipality
 * one row per member municipality and one for municipalities outside the region. Which
 * callers may ask for per_municipality is the policy's business (REC_REPORT_DETAIL); the
 * web and CLI layers check it before calling. */
#ifndef NRS_SECURITY_REPORTSVC_H
#define NRS_SECURITY_REPORTSVC_H

#include "base/err.h"
#include "domain/report_model.h"
#include "security/clientsvc.h"
#include "security/crypto.h"
#include "store/db.h"

#include <stdbool.h>

struct reportsvc_opts {
	int year;               /* Y, 2000..2999 */
	bool quality;           /* the quality review compilation instead of the annual report */
	bool per_municipality;  /* one row per member municipality */
	int64_t threshold;      /* small-number threshold, 0 or 3..1000 (domain/suppress) */
	struct nrs_date today;  /* open stays count up to yesterday; the generated stamp */
};

/* Build the report into out (rpt_init'ed by the caller; rpt_free it afterwards, also on
 * failure). Audits nothing: the figures are protected aggregates, not personal data. */
int reportsvc_build(struct store *st, const struct reportsvc_opts *o, struct annual_report *out,
                    struct nrs_error *err);

/* Log that actor was given the report of o (after a successful reportsvc_build): an audit
 * row "read" of kind report_detail (per-municipality view) or statistics, with the year as
 * record id. The figures are not personal data, but who took out which view is worth
 * knowing at the log review, the per-municipality view above all. Appended outside any
 * transaction, so the web server's group commit makes it durable before the answer. */
int reportsvc_log_view(struct store *st, const struct crypto_keys *keys,
                       const struct clientsvc_actor *actor, const struct reportsvc_opts *o,
                       struct nrs_error *err);

/* Years the report can be made for: first..last with data, widened to include the current
 * year; *first = *last = current year on an empty database. */
int reportsvc_years(struct store *st, const struct nrs_date *today, int *first, int *last);

/* The centre manager's input for a year, as typed in the form. */
struct reportsvc_input {
	const char *staff_fte; /* "6,5" or "6.50" or "" for not entered */
	const char *goals;     /* free text, at most RPT_TEXT_MAX bytes */
	const char *events;
};
/* Validate and save year's input (all or nothing), audited as an update of the report
 * input (no personal data in the audit row). Errors name the field: "year", "staff_fte",
 * "goals", "events", with a Swedish message. */
int reportsvc_input_put(struct store *st, const struct crypto_keys *keys,
                        const struct clientsvc_actor *actor, int year,
                        const struct reportsvc_input *in, struct nrs_error *err);

#endif
