/* Calendar dates (proleptic Gregorian) and timestamps.
 * Dates are stored as YYYY-MM-DD, timestamps as UTC ISO 8601; users see Europe/Stockholm. */
#ifndef NRS_BASE_DATE_H
#define NRS_BASE_DATE_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

struct nrs_date {
	int year;
	int month; /* 1..12 */
	int day;   /* 1..31 */
};

bool date_is_leap(int year);
int date_days_in_month(int year, int month);
bool date_valid(int year, int month, int day);
/* Parse exactly "YYYY-MM-DD" into a real calendar date. Returns 0 or NRS_EINVAL. */
int date_parse(const char *s, struct nrs_date *out);
/* Write "YYYY-MM-DD" into out (at least 11 bytes). */
void date_format(const struct nrs_date *d, char out[static 11]);
/* Days since 1970-01-01 (negative before). */
int64_t date_to_days(const struct nrs_date *d);
struct nrs_date date_from_days(int64_t days);
/* b - a in days. */
int64_t date_diff_days(const struct nrs_date *a, const struct nrs_date *b);
/* Negative, zero or positive like strcmp. */
int date_cmp(const struct nrs_date *a, const struct nrs_date *b);
/* Today's date in Europe/Stockholm. */
struct nrs_date date_today(void);
/* Current UTC time as "YYYY-MM-DDTHH:MM:SSZ" (out at least 21 bytes). */
void time_now_iso(char out[static 21]);
/* The local time (Europe/Stockholm, see time_init_zone) of a UTC ISO 8601 instant
 * "YYYY-MM-DDTHH:MM:SS..." as "YYYY-MM-DD HH:MM:SS". out is "" when utc is NULL or shorter
 * than 19 characters, and its first 19 characters as they are when they do not parse. */
void time_utc_to_local(const char *utc, char out[static 20]);
/* The UTC instant t (Unix seconds) as "YYYY-MM-DDTHH:MM:SSZ". Meant for t in
 * 0..253402300799 (up to 9999-12-31T23:59:59Z); out is "" when the text would not be 20
 * characters (years past 9999). */
void time_iso_from_epoch(int64_t t, char out[static 21]);
/* Parse exactly "YYYY-MM-DDTHH:MM:SSZ" (a real date, 00:00:00..23:59:59) into Unix seconds.
 * Returns 0 and *out, or NRS_EINVAL leaving *out as it was. */
int time_epoch_from_iso(const char *s, int64_t *out);
/* Make the process's local time Europe/Stockholm; call once at start. */
void time_init_zone(void);

#endif
