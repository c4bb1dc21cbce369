/* Swedish organisation numbers (organisationsnummer): NNNNNN-NNNN with a Luhn check digit. */
#ifndef NRS_DOMAIN_ORGNR_H
#define NRS_DOMAIN_ORGNR_H

#include "base/err.h"

/* Parse "NNNNNN-NNNN" or "NNNNNNNNNN" into the normal form "NNNNNN-NNNN" (out: 12 bytes).
 * Returns 0 or NRS_EINVAL with a Swedish reason (field "organisationsnummer"). */
int orgnr_parse(const char *s, char out[static 12], struct nrs_error *err);

#endif
