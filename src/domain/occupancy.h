/* Emergency-apartment stays and occupancy (R14, R15): which nights a stay occupies, whether
 * two stays collide, and the occupancy rate of a period as an exact fraction.
 *
 * A stay occupies the nights [move_in, move_out): the night of the move-in date is occupied,
 * the night of the move-out date is not. So a stay that ends on the day the next one starts
 * does not collide with it (the apartment is handed over that day). A stay without a
 * move-out date is open and occupies every night from move-in on.
 *
 * A same-day stay (move_out == move_in) is allowed: a household that is placed and leaves
 * again the same day still used the apartment (wear and cleaning, R16) but occupies no
 * night, so it adds 0 nights. For collisions it holds the apartment for that day: it
 * collides with a stay that is in the apartment all that day (in < day < out), and with
 * another same-day stay on the same day, but not with a stay moving in or out that day. */
#ifndef NRS_DOMAIN_OCCUPANCY_H
#define NRS_DOMAIN_OCCUPANCY_H

#include "base/date.h"
#include "base/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct stay {
	int64_t apartment_id;
	struct nrs_date move_in;
	struct nrs_date move_out; /* ignored when has_move_out is false */
	bool has_move_out;        /* false: the stay is open (still living there) */
};

/* An exact ratio num / den with den > 0. */
struct occ_ratio {
	int64_t num;
	int64_t den;
};

/* Check one stay on its own: real calendar dates and move-out not before move-in. Returns 0
 * or NRS_EINVAL with a Swedish message naming "inflyttning" or "utflyttning". */
int stay_validate(const struct stay *s, struct nrs_error *err);

/* True when a and b are in the same apartment and collide (see the top of this file).
 * Both must be valid stays. */
bool stays_overlap(const struct stay *a, const struct stay *b);

/* Nights of s inside the period of nights from..to, both included (to >= from). An open stay
 * counts up to and including the night of `to`: callers that report on a period that has
 * not ended yet pass yesterday as `to`. Returns 0 for a period before or after the stay. */
int64_t stay_nights_in_period(const struct stay *s, const struct nrs_date *from,
                              const struct nrs_date *to);

/* Length of a stay in nights. A closed stay: move_out - move_in (as_of is ignored and may be
 * NULL). An open stay: as_of - move_in, i.e. the nights up to but not including the night
 * of as_of (0 if as_of is not after move-in). Returns 0 or NRS_EINVAL (invalid stay, or an
 * open stay without as_of). */
int stay_length_nights(const struct stay *s, const struct nrs_date *as_of, int64_t *out,
                       struct nrs_error *err);

/* Occupancy of `apartments` apartments over the nights from..to (both included): the
 * occupied nights of all the stays (each clipped to the period) over apartments × nights.
 * The stays should be free of collisions (stays_overlap); the ratio is not clamped, so
 * colliding stays would show as over 100 %. Returns 0, or NRS_EINVAL for apartments < 1,
 * to before from, an invalid stay, or a count too large. */
int occupancy_period(const struct stay *stays, size_t n, int apartments,
                     const struct nrs_date *from, const struct nrs_date *to, struct occ_ratio *out,
                     struct nrs_error *err);

/* num / den as tenths of a percent, rounded half away from zero (573 = 57.3 %). den > 0;
 * returns 0 for den <= 0. */
int64_t occupancy_permille(const struct occ_ratio *r);

/* Format num / den as Swedish text with one decimal: "57,3 %" (the space is a no-break
 * space when nbsp is non-zero; "–" when den <= 0). */
void occupancy_format_percent(const struct occ_ratio *r, int nbsp, char *out, size_t outsz);

#endif
