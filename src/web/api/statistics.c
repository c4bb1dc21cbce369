/* The annual activity report and the quality review compilation under /api/v1: the same
 * document as the JSON download (report/annual.h, annual_json), with the same rules as the
 * pages: statistics readers see the other municipalities added together, and only the
 * centre manager may ask for view=kommun. */
#include "web/pages/statistics.h"

#include "base/err.h"
#include "report/annual.h"
#include "web/response.h"
#include "web/router.h"

#include <jansson.h>
#include <stdlib.h>

static int report_get(struct request *req, struct response *resp, bool quality)
{
	struct annual_report *r = NULL;
	struct nrs_error err = {0};
	struct stat_query q;
	int rc;

	rc = statistics_query(req, quality, &q, &err);
	if (rc == NRS_EINVAL)
		return response_api_error(resp, 400, "invalid", err.field, err.msg);
	if (rc == NRS_EDENIED)
		return response_api_error(resp, 403, "forbidden", err.field, err.msg);
	if (rc != 0)
		return rc;
	r = malloc(sizeof(*r));
	if (r == NULL)
		return NRS_ENOMEM;
	rpt_init(r);
	rc = statistics_build(req, &q, r, &err);
	if (rc == 0)
		rc = annual_json(r, &resp->body);
	rpt_free(r);
	free(r);
	if (rc == NRS_EINVAL) {
		buf_reset(&resp->body);
		return response_api_error(resp, 400, "invalid", err.field, err.msg);
	}
	if (rc != 0) {
		buf_reset(&resp->body);
		return rc;
	}
	resp->content_type = "application/json; charset=utf-8";
	return 0;
}

static int annual_get(struct request *req, struct response *resp)
{
	return report_get(req, resp, false);
}

static int quality_get(struct request *req, struct response *resp)
{
	return report_get(req, resp, true);
}

const struct route api_statistics_routes[] = {
    {"GET", "/api/v1/reports/annual", annual_get, true, REC_STATISTICS, ACT_READ, ROUTE_API},
    {"GET", "/api/v1/reports/quality", quality_get, true, REC_STATISTICS, ACT_READ, ROUTE_API},
};
ROUTE_TABLE_COUNT(api_statistics);
