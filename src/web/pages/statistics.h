/* Web helpers shared by the statistics pages (pages/statistics.c) and the report API
 * (api/statistics.c): the year and view parameters, who may see the per-municipality view,
 * and building the report with the configured small-number threshold. */
#ifndef NRS_WEB_PAGES_STATISTICS_H
#define NRS_WEB_PAGES_STATISTICS_H

#include "base/err.h"
#include "domain/report_model.h"
#include "web/request.h"

#include <stdbool.h>

/* What the user asked for: the report (or quality review compilation) of year, with one
 * row per member municipality or with the other municipalities added together. */
struct stat_query {
	int year;
	bool quality;
	bool per_municipality;
};

/* May the user see the figures per member municipality (REC_REPORT_DETAIL)? */
bool statistics_may_detail(const struct request *req);
/* May the user enter the staff FTE and the report's texts (REC_REPORT_INPUT)? */
bool statistics_may_input(const struct request *req);

/* Read ?year= and ?view= from the query. No year: the last year the report can be made for
 * (the current year). A year that is not four digits in 2000..2999, or a view other than ""
 * and "kommun": NRS_EINVAL with a Swedish message naming the field. view=kommun for a user
 * without REC_REPORT_DETAIL: NRS_EDENIED. */
int statistics_query(struct request *req, bool quality, struct stat_query *q,
                     struct nrs_error *err);

/* Build q's report into r (rpt_init'ed by the caller, rpt_free'd by the caller also on
 * failure) with the threshold of the configuration and today's date. */
int statistics_build(struct request *req, const struct stat_query *q, struct annual_report *r,
                     struct nrs_error *err);

#endif
