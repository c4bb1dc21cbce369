/* Time limits of casework (R9, R17, R22, R8): queue time, the 48-hour contact rule for
 * police referrals, the follow-up meeting of a shelter placement after two months, and the
 * age check for Trappan. The current time or date is always a parameter. */
#ifndef NRS_DOMAIN_DEADLINE_H
#define NRS_DOMAIN_DEADLINE_H

#include "base/date.h"
#include "base/err.h"

#include <stdbool.h>
#include <stdint.h>

/* Police referrals (R22): contact within 48 hours of receipt; "snart" in the last 12. */
#define POLICE_DEADLINE_SECONDS ((int64_t)48 * 3600)
#define POLICE_SOON_SECONDS ((int64_t)12 * 3600)
/* Unix seconds accepted for referral times: 1970-01-01 to 9999-12-31 23:59:59 UTC. */
#define POLICE_TIME_MAX INT64_C(253402300799)
/* Shelter placements (R17): a follow-up meeting when the stay exceeds this many months. */
#define FOLLOWUP_MONTHS 2
/* Trappan (R8) is for children from this age. */
#define TRAPPAN_MIN_AGE 4

/* Queue time (R9) in days: start - requested. Returns 0, or NRS_EINVAL with a Swedish
 * message when a date is not a real date or start is before requested. */
int queue_days(const struct nrs_date *requested, const struct nrs_date *start, int64_t *out,
               struct nrs_error *err);

enum police_status {
	POLICE_CONTACTED_IN_TIME, /* contacted at or before received + 48 h */
	POLICE_CONTACTED_LATE,    /* contacted after the deadline */
	POLICE_OPEN,              /* not contacted, more than 12 h left */
	POLICE_OPEN_SOON,         /* not contacted, 12 h or less left (deadline itself included) */
	POLICE_OVERDUE,           /* not contacted, now after the deadline */
};

/* The contact deadline for a referral received at `received` (Unix seconds, UTC):
 * received + 48 h. received must be in 0..POLICE_TIME_MAX. */
int64_t police_deadline(int64_t received);

/* Status of a referral at `now`. contacted is NULL while no contact has been made, else the
 * contact time. All times are Unix seconds (UTC) in 0..POLICE_TIME_MAX. Exactly 48 h is in
 * time; exactly 12 h left is "snart"; overdue only once now is past the deadline. Returns 0,
 * or NRS_EINVAL with a Swedish message for a time out of range or a contact before receipt. */
int police_referral_status(int64_t received, const int64_t *contacted, int64_t now,
                           enum police_status *out, struct nrs_error *err);

/* Swedish label of a status, e.g. "kontaktad i tid" (static string). */
const char *police_status_label(enum police_status s);

enum followup_status {
	FOLLOWUP_NOT_NEEDED, /* the stay ended on or before the due date */
	FOLLOWUP_UPCOMING,   /* due date not yet passed */
	FOLLOWUP_DONE,       /* a meeting is recorded */
	FOLLOWUP_OVERDUE,    /* past the due date, the stay went on past it, and no meeting */
};

/* The date a placement that started on `start` reaches two calendar months: the same day
 * number two months later, clamped to the end of a shorter month (2026-12-31 -> 2027-02-28,
 * 2027-12-30 -> 2028-02-29). start must be a valid date. */
struct nrs_date followup_due_date(const struct nrs_date *start);

/* State of the follow-up meeting on `at` for a placement from start to end (end NULL while
 * the stay goes on; end is the move-out date). The stay "exceeds two months" when it goes
 * on after the due date; the meeting must be held by then, so it is overdue from the day
 * after the due date. */
enum followup_status followup_status(const struct nrs_date *start, const struct nrs_date *end,
                                     bool meeting_held, const struct nrs_date *at);

/* Convenience: followup_status(...) == FOLLOWUP_OVERDUE. */
bool followup_overdue(const struct nrs_date *start, const struct nrs_date *end, bool meeting_held,
                      const struct nrs_date *at);

/* Trappan age check: returns 1 and fills warn with a Swedish warning when the child is
 * under TRAPPAN_MIN_AGE on the intervention's start date (a warning, not an error: staff may
 * go ahead, so warn->code stays NRS_OK), 0 when the age is fine, or NRS_EINVAL with an error
 * in warn when a date is invalid or start is before the birth date. */
int trappan_age_check(const struct nrs_date *birth, const struct nrs_date *start,
                      struct nrs_error *warn);

#endif
