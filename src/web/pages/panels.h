/* Start-page panels that belong to an area: each area's page file defines its panel
 * function, start.c places it. A panel writes its content into h and returns 0, returns 1
 * when it has nothing to show (start.c then writes the panel's empty text), or an nrs_err. */
#ifndef NRS_WEB_PAGES_PANELS_H
#define NRS_WEB_PAGES_PANELS_H

#include "web/html.h"

struct request;

int panel_my_cases(struct request *req, struct html *h);
int panel_municipality_cases(struct request *req, struct html *h);
int panel_queue(struct request *req, struct html *h);
int panel_no_aid_decision(struct request *req, struct html *h);
int panel_referrals(struct request *req, struct html *h);
int panel_economy(struct request *req, struct html *h);
int panel_placement_deviations(struct request *req, struct html *h);

#endif
