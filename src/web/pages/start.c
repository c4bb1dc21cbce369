/* The start page: who is signed in (name, organisation, roles) and one panel per role with
 * what that role works with first. Panels are honest placeholders until their features land. */
#include "security/roles.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/request.h"
#include "web/response.h"
#include "web/pages/panels.h"
#include "web/router.h"

struct panel {
	unsigned roles; /* shown to users holding any of these */
	const char *title;
	const char *empty; /* what the panel says while there is nothing to show */
	/* Writes the panel's content and returns 0 if it showed something, 1 if there was
	 * nothing (the empty text is shown), or an nrs_err. NULL: always the empty text. The
	 * functions live with their area (pages/panels.h). */
	int (*render)(struct request *req, struct html *h);
};

/* In the order a role meets them: centre staff see police referrals first (48 hours). */
static const struct panel panels[] = {
    {ROLE_CENTRE_STAFF | ROLE_CENTRE_MANAGER, "Polisremisser nära 48 timmar",
     "Inga öppna polisremisser.", panel_referrals},
    {ROLE_CENTRE_STAFF | ROLE_CENTRE_MANAGER, "Mina ärenden",
     "Du har inga tilldelade ärenden ännu.", panel_my_cases},
    {ROLE_CENTRE_STAFF | ROLE_CENTRE_MANAGER, "Kö", "Ingen står i kö.", panel_queue},
    {ROLE_MUNICIPAL_OFFICER, "Klienter vid centrumet utan biståndsbeslut",
     "Inga av kommunens klienter vid centrumet saknar biståndsbeslut.",
     panel_no_aid_decision},
    {ROLE_MUNICIPAL_OFFICER | ROLE_CENTRE_MANAGER, "Avvikelser i placeringar",
     "Inga placeringar saknar undertecknat avtal eller uppföljning.", panel_placement_deviations},
    {ROLE_SAMRAD_COORDINATOR, "Veckans samråd", "Inga samråd är planerade den här veckan.", NULL},
    {ROLE_MUNICIPAL_OFFICER, "Kommunens ärenden", "Inga öppna ärenden för kommunens invånare.",
     panel_municipality_cases},
    {ROLE_AGENCY_REP, "Samrådspunkter", "Du är inte kallad till några samrådspunkter ännu.", NULL},
    {ROLE_STEERING, "Statistik", "Ingen statistik att visa ännu.", NULL},
    {ROLE_STEERING | ROLE_FINANCE, "Ekonomi", "Inga fakturor eller budgetuppföljningar ännu.", panel_economy},
    {ROLE_CENTRE_MANAGER | ROLE_STEERING, "Tidsfrister", "Inga tidsfrister närmar sig.", NULL},
    {ROLE_ADMIN, "Administration",
     "Här hanterar du organisationer, användare, befolkningsuppgifter och granskar loggen.", NULL},
};

static int start_get(struct request *req, struct response *resp)
{
	struct html h;
	bool first = true;

	html_init(&h, &resp->body);
	layout_begin(&h, req, "Start");
	html_raw_trusted(&h, "<h1>Välkommen, ");
	html_text(&h, req->acc.display_name);
	html_raw_trusted(&h, "</h1>\n<p class=\"lead\">");
	html_text(&h, req->acc.organisation_name);
	html_raw_trusted(&h, " · ");
	for (int i = 0; i < ROLE_COUNT; i++) {
		if (!(req->acc.roles & (1u << i)))
			continue;
		if (!first)
			html_raw_trusted(&h, ", ");
		html_text(&h, role_label(i));
		first = false;
	}
	html_raw_trusted(&h, "</p>\n<div class=\"panels\">\n");
	for (size_t i = 0; i < sizeof(panels) / sizeof(panels[0]); i++) {
		if (!req_has_role(req, panels[i].roles))
			continue;
		int shown = 1;

		html_raw_trusted(&h, "<section class=\"panel\"><h2>");
		html_text(&h, panels[i].title);
		html_raw_trusted(&h, "</h2>\n");
		if (panels[i].render) {
			shown = panels[i].render(req, &h);
			if (shown < 0)
				return shown;
		}
		if (shown == 1) {
			html_raw_trusted(&h, "<p>");
			html_text(&h, panels[i].empty);
			html_raw_trusted(&h, "</p>");
		}
		html_raw_trusted(&h, "</section>\n");
	}
	html_raw_trusted(&h, "</div>\n");
	layout_end(&h);
	return h.err;
}

const struct route start_routes[] = {
    {"GET", "/", start_get, true, REC_NONE, ACT_READ, 0},
};
ROUTE_TABLE_COUNT(start);
