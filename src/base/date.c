/* Calendar arithmetic (see date.h). Day counts use the civil-from-days algorithm so
 * that no time zone or DST can shift a calendar date. */
#include "base/date.h"
#include "base/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool date_is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int date_days_in_month(int year, int month)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && date_is_leap(year))
		return 29;
	return days[month - 1];
}

bool date_valid(int year, int month, int day)
{
	return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
	       day <= date_days_in_month(year, month);
}

static int digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int date_parse(const char *s, struct nrs_date *out)
{
	int y, m, d;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return NRS_EINVAL;
	y = digits(s, 4);
	m = digits(s + 5, 2);
	d = digits(s + 8, 2);
	if (y < 0 || m < 0 || d < 0 || !date_valid(y, m, d))
		return NRS_EINVAL;
	out->year = y;
	out->month = m;
	out->day = d;
	return 0;
}

void date_format(const struct nrs_date *d, char out[static 11])
{
	unsigned y = (unsigned)d->year % 10000u, m = (unsigned)d->month % 100u,
		 dd = (unsigned)d->day % 100u;

	snprintf(out, 11, "%04u-%02u-%02u", y, m, dd);
}

int64_t date_to_days(const struct nrs_date *d)
{
	int64_t y = d->year - (d->month <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t mp = (d->month + 9) % 12;
	int64_t doy = (153 * mp + 2) / 5 + d->day - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

struct nrs_date date_from_days(int64_t z)
{
	struct nrs_date d;
	int64_t era, doe, yoe, y, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
	d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
	d.year = (int)(y + (d.month <= 2));
	return d;
}

int64_t date_diff_days(const struct nrs_date *a, const struct nrs_date *b)
{
	return date_to_days(b) - date_to_days(a);
}

int date_cmp(const struct nrs_date *a, const struct nrs_date *b)
{
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	if (a->month != b->month)
		return a->month < b->month ? -1 : 1;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return 0;
}

void time_init_zone(void)
{
	setenv("TZ", "Europe/Stockholm", 1);
	tzset();
}

struct nrs_date date_today(void)
{
	struct nrs_date d;
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	d.year = tm.tm_year + 1900;
	d.month = tm.tm_mon + 1;
	d.day = tm.tm_mday;
	return d;
}

void time_now_iso(char out[static 21])
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void time_utc_to_local(const char *utc, char out[static 20])
{
	struct tm tm;
	time_t t;
	char buf[20];

	out[0] = '\0';
	if (utc == NULL || strnlen(utc, 19) < 19)
		return;
	memcpy(buf, utc, 19);
	buf[19] = '\0';
	memset(&tm, 0, sizeof(tm));
	if (sscanf(buf, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	           &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6) {
		snprintf(out, 20, "%s", buf);
		return;
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm);
	if (localtime_r(&t, &tm) == NULL || strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm) == 0)
		snprintf(out, 20, "%s", buf);
}

void time_iso_from_epoch(int64_t t, char out[static 21])
{
	int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
	int64_t secs = t - days * 86400;
	struct nrs_date d = date_from_days(days);
	char tmp[64];
	int n;

	/* the roomy buffer is for the compiler, which cannot know that a year in 0..9999
	 * gives exactly 20 characters */
	n = snprintf(tmp, sizeof(tmp), "%04d-%02d-%02dT%02d:%02d:%02dZ", d.year, d.month, d.day,
	             (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
	if (n != 20) {
		out[0] = '\0';
		return;
	}
	memcpy(out, tmp, 21);
}

int time_epoch_from_iso(const char *s, int64_t *out)
{
	char day[11];
	struct nrs_date d;
	int h, m, sec;

	if (s == NULL || strlen(s) != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
	    s[19] != 'Z')
		return NRS_EINVAL;
	memcpy(day, s, 10);
	day[10] = '\0';
	h = digits(s + 11, 2);
	m = digits(s + 14, 2);
	sec = digits(s + 17, 2);
	if (date_parse(day, &d) != 0 || h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 59)
		return NRS_EINVAL;
	*out = date_to_days(&d) * 86400 + h * 3600 + m * 60 + sec;
	return 0;
}
