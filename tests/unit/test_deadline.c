/* Unit tests for casework time limits (src/domain/deadline.c): queue days, the 48-hour
 * police-referral rule at its exact boundaries, the two-month follow-up with end-of-month
 * clamping, and the Trappan age warning. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "domain/deadline.h"

#define HOUR ((int64_t)3600)

static struct nrs_date d(int y, int m, int dd)
{
	struct nrs_date r = {y, m, dd};
	return r;
}

static void test_queue_days(void **state)
{
	struct nrs_date req = d(2026, 1, 28), start = d(2026, 3, 2), bad = d(2026, 2, 29);
	int64_t days = -1;
	struct nrs_error err;

	(void)state;
	assert_int_equal(queue_days(&req, &start, &days, NULL), 0);
	assert_int_equal(days, 33);
	assert_int_equal(queue_days(&req, &req, &days, NULL), 0);
	assert_int_equal(days, 0);
	/* Across a leap day: 2028-02-28 .. 2028-03-01 is two days. */
	req = d(2028, 2, 28);
	start = d(2028, 3, 1);
	assert_int_equal(queue_days(&req, &start, &days, NULL), 0);
	assert_int_equal(days, 2);
	/* Across a year. */
	req = d(2025, 12, 31);
	start = d(2026, 1, 1);
	assert_int_equal(queue_days(&req, &start, &days, NULL), 0);
	assert_int_equal(days, 1);

	nrs_error_clear(&err);
	days = 99;
	assert_int_equal(queue_days(&start, &req, &days, &err), NRS_EINVAL);
	assert_string_equal(err.field, "start");
	assert_non_null(strstr(err.msg, "Startdatum kan inte vara före"));
	assert_int_equal(days, 99);
	assert_int_equal(queue_days(&bad, &start, &days, &err), NRS_EINVAL);
	assert_string_equal(err.field, "begard");
	assert_int_equal(queue_days(&req, &bad, &days, &err), NRS_EINVAL);
	assert_int_equal(queue_days(NULL, &start, &days, &err), NRS_EINVAL);
	assert_int_equal(queue_days(&req, &start, NULL, &err), NRS_EINVAL);
}

static enum police_status status(int64_t received, const int64_t *contacted, int64_t now)
{
	enum police_status s = POLICE_OPEN;

	assert_int_equal(police_referral_status(received, contacted, now, &s, NULL), 0);
	return s;
}

static void test_police_referral(void **state)
{
	/* 2026-03-02 09:00:00 UTC. */
	const int64_t rec = INT64_C(1772442000);
	int64_t c;

	(void)state;
	assert_int_equal(police_deadline(rec), rec + 48 * HOUR);

	/* Contacted: exactly 48 h is in time, one second more is late. */
	c = rec;
	assert_int_equal(status(rec, &c, rec + 100 * HOUR), POLICE_CONTACTED_IN_TIME);
	c = rec + 48 * HOUR;
	assert_int_equal(status(rec, &c, rec + 100 * HOUR), POLICE_CONTACTED_IN_TIME);
	c = rec + 48 * HOUR + 1;
	assert_int_equal(status(rec, &c, rec + 100 * HOUR), POLICE_CONTACTED_LATE);
	/* A recorded contact decides, whatever now is. */
	c = rec + HOUR;
	assert_int_equal(status(rec, &c, rec), POLICE_CONTACTED_IN_TIME);

	/* Open. */
	assert_int_equal(status(rec, NULL, rec), POLICE_OPEN);
	assert_int_equal(status(rec, NULL, rec + 36 * HOUR - 1), POLICE_OPEN);
	/* Exactly 12 h left is "snart". */
	assert_int_equal(status(rec, NULL, rec + 36 * HOUR), POLICE_OPEN_SOON);
	assert_int_equal(status(rec, NULL, rec + 47 * HOUR), POLICE_OPEN_SOON);
	/* At the deadline itself there is still time. */
	assert_int_equal(status(rec, NULL, rec + 48 * HOUR), POLICE_OPEN_SOON);
	assert_int_equal(status(rec, NULL, rec + 48 * HOUR + 1), POLICE_OVERDUE);
	assert_int_equal(status(rec, NULL, rec + 1000 * HOUR), POLICE_OVERDUE);
	/* A clock behind the receipt time is just "open". */
	assert_int_equal(status(rec, NULL, rec - HOUR), POLICE_OPEN);
	/* Edges of the accepted range. */
	assert_int_equal(status(0, NULL, 0), POLICE_OPEN);
	assert_int_equal(status(POLICE_TIME_MAX, NULL, POLICE_TIME_MAX), POLICE_OPEN);
	assert_true(police_deadline(INT64_MAX) == INT64_MAX);
}

static void test_police_errors(void **state)
{
	const int64_t rec = INT64_C(1772442000);
	enum police_status s = POLICE_OPEN;
	struct nrs_error err;
	int64_t c;

	(void)state;
	nrs_error_clear(&err);
	c = rec - 1;
	assert_int_equal(police_referral_status(rec, &c, rec, &s, &err), NRS_EINVAL);
	assert_string_equal(err.field, "kontakt");
	assert_non_null(strstr(err.msg, "före mottagandet"));
	c = POLICE_TIME_MAX + 1;
	assert_int_equal(police_referral_status(rec, &c, rec, &s, &err), NRS_EINVAL);
	assert_int_equal(police_referral_status(-1, NULL, rec, &s, &err), NRS_EINVAL);
	assert_string_equal(err.field, "mottagen");
	assert_int_equal(police_referral_status(INT64_MAX, NULL, rec, &s, &err), NRS_EINVAL);
	assert_int_equal(police_referral_status(rec, NULL, -5, &s, &err), NRS_EINVAL);
	assert_int_equal(police_referral_status(rec, NULL, rec, NULL, &err), NRS_EINVAL);
	assert_int_equal(s, POLICE_OPEN);
}

static void test_police_labels(void **state)
{
	(void)state;
	assert_string_equal(police_status_label(POLICE_CONTACTED_IN_TIME), "kontaktad i tid");
	assert_string_equal(police_status_label(POLICE_CONTACTED_LATE),
	                    "kontaktad efter 48 timmar");
	assert_string_equal(police_status_label(POLICE_OPEN), "ej kontaktad");
	assert_string_equal(police_status_label(POLICE_OPEN_SOON), "snart 48 timmar");
	assert_string_equal(police_status_label(POLICE_OVERDUE), "över 48 timmar");
	assert_string_equal(police_status_label((enum police_status)99), "okänd");
}

static void assert_due(struct nrs_date start, struct nrs_date want)
{
	struct nrs_date got = followup_due_date(&start);

	assert_int_equal(got.year, want.year);
	assert_int_equal(got.month, want.month);
	assert_int_equal(got.day, want.day);
}

static void test_followup_due_date(void **state)
{
	(void)state;
	assert_due(d(2026, 1, 15), d(2026, 3, 15));
	assert_due(d(2026, 12, 31), d(2027, 2, 28));
	assert_due(d(2027, 12, 31), d(2028, 2, 29));
	assert_due(d(2027, 12, 30), d(2028, 2, 29));
	assert_due(d(2027, 12, 29), d(2028, 2, 29));
	assert_due(d(2026, 11, 30), d(2027, 1, 30));
	assert_due(d(2026, 11, 1), d(2027, 1, 1));
	assert_due(d(2026, 8, 31), d(2026, 10, 31));
	assert_due(d(2026, 7, 31), d(2026, 9, 30));
	assert_due(d(2028, 2, 29), d(2028, 4, 29));
	assert_due(d(2026, 10, 31), d(2026, 12, 31));
}

static void test_followup_status(void **state)
{
	struct nrs_date start = d(2026, 12, 31); /* due 2027-02-28 */
	struct nrs_date due = d(2027, 2, 28), after = d(2027, 3, 1), before = d(2027, 2, 27);
	struct nrs_date end_early = d(2027, 1, 20), end_due = d(2027, 2, 28),
	                end_late = d(2027, 3, 10);

	(void)state;
	/* Ongoing stay. */
	assert_int_equal(followup_status(&start, NULL, false, &before), FOLLOWUP_UPCOMING);
	assert_int_equal(followup_status(&start, NULL, false, &due), FOLLOWUP_UPCOMING);
	assert_int_equal(followup_status(&start, NULL, false, &after), FOLLOWUP_OVERDUE);
	assert_true(followup_overdue(&start, NULL, false, &after));
	assert_false(followup_overdue(&start, NULL, false, &due));
	/* A meeting settles it. */
	assert_int_equal(followup_status(&start, NULL, true, &after), FOLLOWUP_DONE);
	assert_false(followup_overdue(&start, NULL, true, &after));
	/* A stay that ended by the due date never needed one. */
	assert_int_equal(followup_status(&start, &end_early, false, &after), FOLLOWUP_NOT_NEEDED);
	assert_int_equal(followup_status(&start, &end_due, false, &after), FOLLOWUP_NOT_NEEDED);
	assert_false(followup_overdue(&start, &end_due, false, &after));
	/* A stay that went on past it and ended without a meeting stays a deviation. */
	assert_int_equal(followup_status(&start, &end_late, false, &end_late), FOLLOWUP_OVERDUE);
	assert_int_equal(followup_status(&start, &end_late, false, &before), FOLLOWUP_UPCOMING);
	assert_true(followup_overdue(&start, &end_late, false, &after));
}

static void test_trappan_age(void **state)
{
	struct nrs_date birth = d(2022, 3, 15);
	struct nrs_date start;
	struct nrs_error warn;

	(void)state;
	/* The day before the fourth birthday: 3 years, a warning. */
	start = d(2026, 3, 14);
	nrs_error_clear(&warn);
	assert_int_equal(trappan_age_check(&birth, &start, &warn), 1);
	assert_int_equal(warn.code, NRS_OK);
	assert_string_equal(warn.field, "fodelsedatum");
	assert_non_null(strstr(warn.msg, "Barnet är 3 år"));
	assert_non_null(strstr(warn.msg, "från 4 år"));
	/* On the birthday: fine, and a stale warning is cleared. */
	start = d(2026, 3, 15);
	assert_int_equal(trappan_age_check(&birth, &start, &warn), 0);
	assert_string_equal(warn.msg, "");
	start = d(2036, 1, 1);
	assert_int_equal(trappan_age_check(&birth, &start, NULL), 0);
	/* Newborn: 0 years. */
	start = birth;
	assert_int_equal(trappan_age_check(&birth, &start, &warn), 1);
	assert_non_null(strstr(warn.msg, "Barnet är 0 år"));
	/* Born 29 February: four in a common year on 1 March. */
	birth = d(2024, 2, 29);
	start = d(2028, 2, 28);
	assert_int_equal(trappan_age_check(&birth, &start, &warn), 1);
	start = d(2028, 2, 29);
	assert_int_equal(trappan_age_check(&birth, &start, &warn), 0);
	/* Warnings work without a struct to fill. */
	start = d(2025, 1, 1);
	assert_int_equal(trappan_age_check(&birth, &start, NULL), 1);

	/* Errors. */
	start = d(2020, 1, 1);
	assert_int_equal(trappan_age_check(&birth, &start, &warn), NRS_EINVAL);
	assert_int_equal(warn.code, NRS_EINVAL);
	assert_non_null(strstr(warn.msg, "före barnets födelsedatum"));
	start = d(2026, 2, 30);
	assert_int_equal(trappan_age_check(&birth, &start, &warn), NRS_EINVAL);
	assert_int_equal(trappan_age_check(NULL, &start, &warn), NRS_EINVAL);
	assert_string_equal(warn.field, "fodelsedatum");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_queue_days),        cmocka_unit_test(test_police_referral),
	    cmocka_unit_test(test_police_errors),     cmocka_unit_test(test_police_labels),
	    cmocka_unit_test(test_followup_due_date), cmocka_unit_test(test_followup_status),
	    cmocka_unit_test(test_trappan_age),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
