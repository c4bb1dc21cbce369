/* Web helpers shared by the economy pages (pages/economy.c) and their JSON twins
 * (api/economy.c): the role question, the year parameter, plain kronor and percent texts
 * for form values, and the CSV/XLSX download. */
#ifndef NRS_WEB_PAGES_ECONOMY_H
#define NRS_WEB_PAGES_ECONOMY_H

#include "security/policy.h"
#include "web/request.h"
#include "web/response.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* May the user perform action on the economy? It holds no personal data, so no relation to
 * a record is needed (REL_ANY): finance and the centre manager edit, steering reads. */
int economy_may(const struct request *req, enum policy_action action);
/* ?year=YYYY, or this year when absent. NRS_EINVAL for a malformed year. */
int economy_year_param(const struct request *req, int *year);
/* "3189656" or "3189656,50": kronor as a form value, no thousands separator. */
void economy_kr_plain(int64_t ore, char *out, size_t n);
/* "9", "2,5" or "2,25" from basis points. */
void economy_percent_plain(int bp, char *out, size_t n);
/* The invoices of year as CSV or XLSX in resp (content type set). */
int economy_export(struct request *req, struct response *resp, int year, bool xlsx);

#endif
