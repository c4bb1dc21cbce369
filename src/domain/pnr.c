/* Personnummer and samordningsnummer (see pnr.h): strict parsing into the 12-digit normal
 * form. Every rejection gets its own Swedish reason so that a clerk can see what to fix;
 * the reason never repeats the number itself, only at most a day and a month. */
#include "domain/pnr.h"

#include <stddef.h>
#include <string.h>

#define FIELD "personnummer"

/* Longest accepted input: 12 digits plus one separator. Anything longer is rejected before
 * we look at it further, so the scan below is bounded even for huge inputs. */
#define PNR_MAX_LEN 13

/* Coordination numbers add 60 to the day of birth. */
#define COORD_OFFSET 60

static const char *const month_names[12] = {
	"januari", "februari", "mars",      "april",   "maj",      "juni",
	"juli",    "augusti",  "september", "oktober", "november", "december",
};

bool luhn_valid(const char *digits)
{
	size_t n;
	unsigned sum = 0;

	if (digits == NULL || digits[0] == '\0')
		return false;
	n = strlen(digits);
	/* Walk from the right: the check digit has weight 1, its left neighbour 2, and so on.
	 * Keeping the sum modulo 10 makes any length safe from overflow. */
	for (size_t i = 0; i < n; i++) {
		char c = digits[n - 1 - i];
		unsigned d;

		if (c < '0' || c > '9')
			return false;
		d = (unsigned)(c - '0');
		if (i % 2 == 1) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum = (sum + d) % 10;
	}
	return sum == 0;
}

static int two_digits(const char *p)
{
	return (p[0] - '0') * 10 + (p[1] - '0');
}

/* Tuple comparison of (year, month, day) against a date. Unlike date_cmp it does not need
 * a valid date, which matters when a 29 February is tried in a common year. */
static int ymd_cmp(int year, int month, int day, const struct nrs_date *d)
{
	struct nrs_date a = {.year = year, .month = month, .day = day};

	return date_cmp(&a, d);
}

/* Century resolution for the 10-digit form (see pnr.h): the latest year ending in yy that
 * does not put (month, day) after today, minus 100 for '+'. */
static int resolve_year(int yy, int month, int day, bool plus, const struct nrs_date *today)
{
	int year = today->year - today->year % 100 + yy;

	if (ymd_cmp(year, month, day, today) > 0)
		year -= 100;
	if (plus)
		year -= 100;
	return year;
}

int pnr_parse(const char *s, const struct nrs_date *today, struct pnr *out, struct nrs_error *err)
{
	char digits[13];
	struct pnr res;
	size_t len, ndig = 0;
	size_t sep_pos = 0; /* number of digits before the separator */
	char sep = '\0';
	const char *ten; /* the 10-digit form YYMMDDNNNC inside digits */
	int year, month, day;

	if (s == NULL || s[0] == '\0')
		return nrs_error_set(err, NRS_EINVAL, FIELD, "personnummer saknas");
	if (today == NULL || out == NULL || !date_valid(today->year, today->month, today->day))
		return nrs_error_set(err, NRS_EINVAL, FIELD,
		                     "internt fel: inget giltigt dagens datum");

	len = strnlen(s, PNR_MAX_LEN + 1);
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (c >= '0' && c <= '9') {
			if (ndig < sizeof(digits) - 1)
				digits[ndig] = c;
			ndig++;
		} else if (c == '-' || c == '+') {
			if (sep != '\0')
				return nrs_error_set(err, NRS_EINVAL, FIELD,
				                     "fel format: fler än ett skiljetecken");
			sep = c;
			sep_pos = ndig;
		} else {
			return nrs_error_set(err, NRS_EINVAL, FIELD,
			                     "otillåtna tecken: bara siffror och '-' eller '+' "
			                     "före de fyra sista siffrorna");
		}
	}
	if (len > PNR_MAX_LEN || (ndig != 10 && ndig != 12))
		return nrs_error_set(err, NRS_EINVAL, FIELD,
		                     "fel längd: ska vara 10 eller 12 siffror");
	if (sep != '\0' && sep_pos != ndig - 4)
		return nrs_error_set(err, NRS_EINVAL, FIELD,
		                     "fel format: '%c' ska stå före de fyra sista siffrorna", sep);
	digits[ndig] = '\0';
	ten = digits + (ndig - 10);

	month = two_digits(ten + 2);
	day = two_digits(ten + 4);
	memset(&res, 0, sizeof(res));
	if (day > COORD_OFFSET && day <= COORD_OFFSET + 31) {
		res.coordination = true;
		day -= COORD_OFFSET;
	}
	if (month < 1 || month > 12)
		return nrs_error_set(err, NRS_EINVAL, FIELD, "datumet finns inte (månad %02d)",
		                     month);
	if (day < 1 || day > 31)
		return nrs_error_set(err, NRS_EINVAL, FIELD,
		                     "datumet finns inte (dag %02d; samordningsnummer har "
		                     "dag 61–91)",
		                     two_digits(ten + 4));

	if (ndig == 12) {
		year = two_digits(digits) * 100 + two_digits(digits + 2);
	} else {
		year = resolve_year(two_digits(ten), month, day, sep == '+', today);
	}
	if (year < 1)
		return nrs_error_set(err, NRS_EINVAL, FIELD, "datumet finns inte (år 0)");
	if (!date_valid(year, month, day)) {
		if (month == 2 && day == 29)
			return nrs_error_set(err, NRS_EINVAL, FIELD,
			                     "datumet finns inte (29 februari ett år som inte "
			                     "är skottår)");
		return nrs_error_set(err, NRS_EINVAL, FIELD, "datumet finns inte (%d %s)", day,
		                     month_names[month - 1]);
	}
	if (ten[6] == '0' && ten[7] == '0' && ten[8] == '0')
		return nrs_error_set(err, NRS_EINVAL, FIELD, "födelsenumret 000 delas inte ut");
	if (!luhn_valid(ten))
		return nrs_error_set(err, NRS_EINVAL, FIELD, "fel kontrollsiffra");

	res.birth.year = year;
	res.birth.month = month;
	res.birth.day = day;
	if (date_cmp(&res.birth, today) > 0)
		return nrs_error_set(err, NRS_EINVAL, FIELD, "födelsedatum i framtiden");
	/* '+' in the 12-digit form says nothing the year does not already say; we accept it
	 * only when it agrees, i.e. when the 10-digit '+' form would name the same year. A
	 * '+' that disagrees is more likely a typo in the year than a style choice. */
	if (ndig == 12 && sep == '+' &&
	    resolve_year(two_digits(ten), month, day, true, today) != year)
		return nrs_error_set(err, NRS_EINVAL, FIELD,
		                     "'+' betyder att personen fyllt 100 år, men årtalet "
		                     "säger något annat");

	/* The normal form keeps the day as written, so a coordination number stays one. */
	res.normal[0] = (char)('0' + year / 1000);
	res.normal[1] = (char)('0' + year / 100 % 10);
	memcpy(res.normal + 2, ten, 10);
	res.normal[12] = '\0';
	res.sex = ((ten[8] - '0') % 2 == 1) ? PNR_MALE : PNR_FEMALE;
	*out = res;
	return 0;
}
