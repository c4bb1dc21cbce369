/* Organisation numbers (see orgnr.h): the municipalities, regions and authorities that take
 * part in the cooperation are identified by these, so a typo must be caught at entry. The
 * check is Luhn plus the rule that the third digit is at least 2, which keeps personnummer
 * (month digit 0 or 1) out of a field meant for legal persons. */
#include "domain/orgnr.h"
#include "domain/pnr.h"

#include <string.h>

#define FIELD "organisationsnummer"

/* "NNNNNN-NNNN" is the longest accepted input. */
#define ORGNR_MAX_LEN 11

int orgnr_parse(const char *s, char out[static 12], struct nrs_error *err)
{
	char digits[11];
	size_t len, ndig = 0;
	size_t sep_pos = 0;
	int nsep = 0;

	if (s == NULL || s[0] == '\0')
		return nrs_error_set(err, NRS_EINVAL, FIELD, "organisationsnummer saknas");

	len = strnlen(s, ORGNR_MAX_LEN + 1);
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (c >= '0' && c <= '9') {
			if (ndig < sizeof(digits) - 1)
				digits[ndig] = c;
			ndig++;
		} else if (c == '-') {
			nsep++;
			sep_pos = ndig;
		} else {
			return nrs_error_set(err, NRS_EINVAL, FIELD,
			                     "otillåtna tecken: bara siffror och '-' efter de "
			                     "sex första");
		}
	}
	if (len > ORGNR_MAX_LEN || ndig != 10)
		return nrs_error_set(err, NRS_EINVAL, FIELD, "fel längd: ska vara 10 siffror");
	if (nsep > 1 || (nsep == 1 && sep_pos != 6))
		return nrs_error_set(err, NRS_EINVAL, FIELD,
		                     "fel format: '-' ska stå efter de sex första siffrorna");
	digits[10] = '\0';
	if (digits[2] < '2')
		return nrs_error_set(err, NRS_EINVAL, FIELD,
		                     "tredje siffran ska vara minst 2 i ett organisationsnummer");
	if (!luhn_valid(digits))
		return nrs_error_set(err, NRS_EINVAL, FIELD, "fel kontrollsiffra");

	memcpy(out, digits, 6);
	out[6] = '-';
	memcpy(out + 7, digits + 6, 4);
	out[11] = '\0';
	return 0;
}
