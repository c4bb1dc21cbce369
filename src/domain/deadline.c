/* Time limits of casework (see deadline.h): queue time, the 48-hour police-referral rule,
 * the two-month follow-up of shelter placements and the Trappan age check. "Within 48 hours"
 * includes the 48th hour: contact at exactly received + 48 h is in time. */
#include "domain/deadline.h"
#include "domain/ageclass.h"

static bool date_ok(const struct nrs_date *d)
{
	return d != NULL && date_valid(d->year, d->month, d->day);
}

int queue_days(const struct nrs_date *requested, const struct nrs_date *start, int64_t *out,
               struct nrs_error *err)
{
	int64_t days;

	if (!date_ok(requested))
		return nrs_error_set(err, NRS_EINVAL, "begard",
		                     "Datum för begäran eller remiss är inte ett giltigt datum");
	if (!date_ok(start))
		return nrs_error_set(err, NRS_EINVAL, "start",
		                     "Startdatum är inte ett giltigt datum");
	if (out == NULL)
		return nrs_error_set(err, NRS_EINVAL, "", "Ingen plats för resultatet");
	days = date_diff_days(requested, start);
	if (days < 0)
		return nrs_error_set(
		    err, NRS_EINVAL, "start",
		    "Startdatum kan inte vara före datum för begäran eller remiss");
	*out = days;
	return 0;
}

int64_t police_deadline(int64_t received)
{
	/* Callers keep received within POLICE_TIME_MAX; saturate rather than overflow. */
	if (received > INT64_MAX - POLICE_DEADLINE_SECONDS)
		return INT64_MAX;
	return received + POLICE_DEADLINE_SECONDS;
}

static bool time_ok(int64_t t)
{
	return t >= 0 && t <= POLICE_TIME_MAX;
}

int police_referral_status(int64_t received, const int64_t *contacted, int64_t now,
                           enum police_status *out, struct nrs_error *err)
{
	int64_t deadline;

	if (out == NULL)
		return nrs_error_set(err, NRS_EINVAL, "", "Ingen plats för resultatet");
	if (!time_ok(received))
		return nrs_error_set(err, NRS_EINVAL, "mottagen",
		                     "Tidpunkten då ärendet togs emot är orimlig");
	if (!time_ok(now))
		return nrs_error_set(err, NRS_EINVAL, "", "Aktuell tid är orimlig");
	deadline = police_deadline(received);
	if (contacted != NULL) {
		if (!time_ok(*contacted))
			return nrs_error_set(err, NRS_EINVAL, "kontakt",
			                     "Tidpunkten för kontakt är orimlig");
		if (*contacted < received)
			return nrs_error_set(err, NRS_EINVAL, "kontakt",
			                     "Kontakten kan inte ha tagits före mottagandet");
		*out = *contacted <= deadline ? POLICE_CONTACTED_IN_TIME : POLICE_CONTACTED_LATE;
		return 0;
	}
	if (now > deadline)
		*out = POLICE_OVERDUE;
	else if (deadline - now <= POLICE_SOON_SECONDS)
		*out = POLICE_OPEN_SOON;
	else
		*out = POLICE_OPEN;
	return 0;
}

const char *police_status_label(enum police_status s)
{
	switch (s) {
	case POLICE_CONTACTED_IN_TIME:
		return "kontaktad i tid";
	case POLICE_CONTACTED_LATE:
		return "kontaktad efter 48 timmar";
	case POLICE_OPEN:
		return "ej kontaktad";
	case POLICE_OPEN_SOON:
		return "snart 48 timmar";
	case POLICE_OVERDUE:
		return "över 48 timmar";
	}
	return "okänd";
}

struct nrs_date followup_due_date(const struct nrs_date *start)
{
	struct nrs_date d = *start;
	int dim;

	d.month += FOLLOWUP_MONTHS;
	while (d.month > 12) {
		d.month -= 12;
		d.year++;
	}
	dim = date_days_in_month(d.year, d.month);
	if (d.day > dim)
		d.day = dim;
	return d;
}

enum followup_status followup_status(const struct nrs_date *start, const struct nrs_date *end,
                                     bool meeting_held, const struct nrs_date *at)
{
	struct nrs_date due;

	if (meeting_held)
		return FOLLOWUP_DONE;
	due = followup_due_date(start);
	if (end != NULL && date_cmp(end, &due) <= 0)
		return FOLLOWUP_NOT_NEEDED;
	if (date_cmp(at, &due) <= 0)
		return FOLLOWUP_UPCOMING;
	return FOLLOWUP_OVERDUE;
}

bool followup_overdue(const struct nrs_date *start, const struct nrs_date *end, bool meeting_held,
                      const struct nrs_date *at)
{
	return followup_status(start, end, meeting_held, at) == FOLLOWUP_OVERDUE;
}

int trappan_age_check(const struct nrs_date *birth, const struct nrs_date *start,
                      struct nrs_error *warn)
{
	int age;

	if (!date_ok(birth))
		return nrs_error_set(warn, NRS_EINVAL, "fodelsedatum",
		                     "Barnets födelsedatum är inte ett giltigt datum");
	if (!date_ok(start))
		return nrs_error_set(warn, NRS_EINVAL, "start",
		                     "Startdatum är inte ett giltigt datum");
	age = age_at(birth, start);
	if (age < 0)
		return nrs_error_set(warn, NRS_EINVAL, "start",
		                     "Startdatum kan inte vara före barnets födelsedatum");
	if (age >= TRAPPAN_MIN_AGE) {
		nrs_error_clear(warn);
		return 0;
	}
	nrs_error_set(warn, NRS_OK, "fodelsedatum",
	              "Barnet är %d år när insatsen börjar. Trappan är avsedd för barn från %d år; "
	              "kontrollera att insatsen är rätt.",
	              age, TRAPPAN_MIN_AGE);
	return 1;
}
