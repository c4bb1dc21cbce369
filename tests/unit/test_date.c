/* Dates and instants: calendar arithmetic, ISO 8601 <-> Unix seconds, and the local
 * (Europe/Stockholm) view of a UTC instant, including the 48-hour police referral deadline
 * across the change to and from summer time. */
#include "base/date.h"
#include "domain/deadline.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

static void test_calendar(void **state)
{
	struct nrs_date a, b;

	(void)state;
	assert_int_equal(date_parse("2024-02-29", &a), 0);
	assert_int_not_equal(date_parse("2023-02-29", &a), 0);
	assert_int_not_equal(date_parse("2023-2-28", &a), 0);
	assert_int_equal(date_parse("2023-12-31", &a), 0);
	assert_int_equal(date_parse("2024-03-01", &b), 0);
	assert_int_equal(date_diff_days(&a, &b), 61);
	b = date_from_days(date_to_days(&a) + 1);
	assert_int_equal(b.year, 2024);
	assert_int_equal(b.month, 1);
	assert_int_equal(b.day, 1);
}

static void test_iso_epoch(void **state)
{
	char iso[21];
	int64_t t;

	(void)state;
	time_iso_from_epoch(0, iso);
	assert_string_equal(iso, "1970-01-01T00:00:00Z");
	assert_int_equal(time_epoch_from_iso("2026-03-28T11:00:00Z", &t), 0);
	time_iso_from_epoch(t, iso);
	assert_string_equal(iso, "2026-03-28T11:00:00Z");
	assert_int_not_equal(time_epoch_from_iso("2026-03-28 11:00:00Z", &t), 0);
	assert_int_not_equal(time_epoch_from_iso("2026-02-30T11:00:00Z", &t), 0);
}

/* A referral received Saturday 28 March 2026 at 12:00 in Östersund (CET, UTC+1): the clocks
 * go forward on the Sunday, so 48 hours later it is 13:00 local summer time on Monday. */
static void test_deadline_across_spring_change(void **state)
{
	char iso[21], local[20];
	int64_t received;

	(void)state;
	time_init_zone();
	assert_int_equal(time_epoch_from_iso("2026-03-28T11:00:00Z", &received), 0);
	time_utc_to_local("2026-03-28T11:00:00Z", local);
	assert_string_equal(local, "2026-03-28 12:00:00");
	time_iso_from_epoch(police_deadline(received), iso);
	assert_string_equal(iso, "2026-03-30T11:00:00Z");
	time_utc_to_local(iso, local);
	assert_string_equal(local, "2026-03-30 13:00:00");
}

/* ... and in autumn the clocks go back: 48 hours after Saturday 24 October 2026 12:00 CEST is
 * Monday 11:00 CET. */
static void test_deadline_across_autumn_change(void **state)
{
	char iso[21], local[20];
	int64_t received;

	(void)state;
	time_init_zone();
	assert_int_equal(time_epoch_from_iso("2026-10-24T10:00:00Z", &received), 0);
	time_utc_to_local("2026-10-24T10:00:00Z", local);
	assert_string_equal(local, "2026-10-24 12:00:00");
	time_iso_from_epoch(police_deadline(received), iso);
	time_utc_to_local(iso, local);
	assert_string_equal(local, "2026-10-26 11:00:00");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_calendar),
		cmocka_unit_test(test_iso_epoch),
		cmocka_unit_test(test_deadline_across_spring_change),
		cmocka_unit_test(test_deadline_across_autumn_change),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
