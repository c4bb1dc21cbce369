/* Emergency-apartment stays and occupancy (see occupancy.h for the night convention and the
 * same-day rule). Everything is counted in days since the epoch, so month and leap-year
 * boundaries need no special cases. */
#include "domain/occupancy.h"

#include <stdio.h>

__extension__ typedef __int128 i128;

/* An open stay ends after every night we could ask about. */
#define OPEN_END INT64_MAX

static int64_t stay_in(const struct stay *s)
{
	return date_to_days(&s->move_in);
}

static int64_t stay_out(const struct stay *s)
{
	return s->has_move_out ? date_to_days(&s->move_out) : OPEN_END;
}

int stay_validate(const struct stay *s, struct nrs_error *err)
{
	if (s == NULL)
		return nrs_error_set(err, NRS_EINVAL, "", "Vistelsen saknas");
	if (!date_valid(s->move_in.year, s->move_in.month, s->move_in.day))
		return nrs_error_set(err, NRS_EINVAL, "inflyttning",
		                     "Inflyttningsdatum är inte ett giltigt datum");
	if (!s->has_move_out)
		return 0;
	if (!date_valid(s->move_out.year, s->move_out.month, s->move_out.day))
		return nrs_error_set(err, NRS_EINVAL, "utflyttning",
		                     "Utflyttningsdatum är inte ett giltigt datum");
	if (date_cmp(&s->move_out, &s->move_in) < 0)
		return nrs_error_set(err, NRS_EINVAL, "utflyttning",
		                     "Utflyttningsdatum kan inte vara före inflyttningsdatum");
	return 0;
}

bool stays_overlap(const struct stay *a, const struct stay *b)
{
	int64_t ai, ao, bi, bo;
	bool a_day, b_day;

	if (a->apartment_id != b->apartment_id)
		return false;
	ai = stay_in(a);
	ao = stay_out(a);
	bi = stay_in(b);
	bo = stay_out(b);
	a_day = ai == ao;
	b_day = bi == bo;
	if (a_day && b_day)
		return ai == bi;
	if (a_day)
		return bi < ai && ai < bo;
	if (b_day)
		return ai < bi && bi < ao;
	/* Half-open nights: touching (ao == bi) is a handover, not a collision. */
	return ai < bo && bi < ao;
}

int64_t stay_nights_in_period(const struct stay *s, const struct nrs_date *from,
                              const struct nrs_date *to)
{
	int64_t lo = date_to_days(from), hi = date_to_days(to) + 1; /* [lo, hi) */
	int64_t in = stay_in(s), out = stay_out(s);

	if (in > lo)
		lo = in;
	if (out < hi)
		hi = out;
	return hi > lo ? hi - lo : 0;
}

int stay_length_nights(const struct stay *s, const struct nrs_date *as_of, int64_t *out,
                       struct nrs_error *err)
{
	int64_t n;
	int rc;

	rc = stay_validate(s, err);
	if (rc != 0)
		return rc;
	if (out == NULL)
		return nrs_error_set(err, NRS_EINVAL, "", "Ingen plats för resultatet");
	if (s->has_move_out) {
		n = date_diff_days(&s->move_in, &s->move_out);
	} else {
		if (as_of == NULL)
			return nrs_error_set(err, NRS_EINVAL, "utflyttning",
			                     "Vistelsen pågår; ett datum att räkna till saknas");
		n = date_diff_days(&s->move_in, as_of);
		if (n < 0)
			n = 0;
	}
	*out = n;
	return 0;
}

int occupancy_period(const struct stay *stays, size_t n, int apartments,
                     const struct nrs_date *from, const struct nrs_date *to, struct occ_ratio *out,
                     struct nrs_error *err)
{
	int64_t nights, occupied = 0;

	if (out == NULL || from == NULL || to == NULL || (stays == NULL && n > 0))
		return nrs_error_set(err, NRS_EINVAL, "", "Uppgifter saknas");
	if (apartments < 1)
		return nrs_error_set(err, NRS_EINVAL, "lagenheter",
		                     "Antalet jourlägenheter måste vara minst 1");
	if (!date_valid(from->year, from->month, from->day) ||
	    !date_valid(to->year, to->month, to->day))
		return nrs_error_set(err, NRS_EINVAL, "period", "Perioden har ett ogiltigt datum");
	if (date_cmp(to, from) < 0)
		return nrs_error_set(err, NRS_EINVAL, "period",
		                     "Periodens slut kan inte vara före dess början");
	/* Valid dates span under 4 million days, so nothing below can overflow except the
	 * sum over a huge number of stays, which is checked. */
	nights = date_diff_days(from, to) + 1;
	for (size_t i = 0; i < n; i++) {
		int rc = stay_validate(&stays[i], err);

		if (rc != 0)
			return rc;
		if (__builtin_add_overflow(occupied, stay_nights_in_period(&stays[i], from, to),
		                           &occupied))
			return nrs_error_set(err, NRS_EINVAL, "", "För många vistelser");
	}
	out->num = occupied;
	out->den = (int64_t)apartments * nights;
	return 0;
}

int64_t occupancy_permille(const struct occ_ratio *r)
{
	i128 p, q, rem;

	if (r == NULL || r->den <= 0)
		return 0;
	p = (i128)r->num * 1000;
	q = p / r->den;
	rem = p % r->den;
	if (rem < 0)
		rem = -rem;
	if (2 * rem >= r->den)
		q += p < 0 ? -1 : 1;
	/* Only a nonsensical ratio (num far above den) can leave 64 bits; saturate. */
	if (q > INT64_MAX)
		return INT64_MAX;
	if (q < INT64_MIN)
		return INT64_MIN;
	return (int64_t)q;
}

void occupancy_format_percent(const struct occ_ratio *r, int nbsp, char *out, size_t outsz)
{
	int64_t t;
	uint64_t m;

	if (out == NULL || outsz == 0)
		return;
	if (r == NULL || r->den <= 0) {
		snprintf(out, outsz, "–");
		return;
	}
	t = occupancy_permille(r);
	m = t < 0 ? (uint64_t)0 - (uint64_t)t : (uint64_t)t;
	snprintf(out, outsz, "%s%llu,%llu%s%%", t < 0 ? "-" : "", (unsigned long long)(m / 10),
	         (unsigned long long)(m % 10), nbsp ? "\xc2\xa0" : " ");
}
