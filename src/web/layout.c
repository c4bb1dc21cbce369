/* Page shell and navigation (see layout.h). */
#include "web/layout.h"

#include "security/policy.h"
#include "security/roles.h"
#include "web/request.h"
#include "web/router.h"

#include <string.h>

struct nav_item {
	const char *label;
	const char *path;
	enum record_kind kind; /* REC_NONE: every signed-in user */
	enum policy_action action;
};

/* Shown when the route exists and the policy lets some relation of the user's roles do
 * action on kind; so pages appear in the menu as they are built. */
static const struct nav_item nav_items[] = {
    {"Start", "/", REC_NONE, ACT_READ},
    {"Polisremisser", "/referrals", REC_REFERRAL, ACT_LIST},
    {"Klienter och ärenden", "/clients", REC_CLIENT, ACT_LIST},
    {"Kö", "/queue", REC_INTERVENTION, ACT_LIST},
    {"Grupper", "/groups", REC_GROUP, ACT_LIST},
    {"Informationstelefon", "/contacts", REC_CONTACT, ACT_LIST},
    {"Konsultationer", "/consultations", REC_CONSULTATION, ACT_LIST},
    {"Utbildningar", "/trainings", REC_TRAINING, ACT_LIST},
    {"Anmälningar", "/reports", REC_MANDATORY_REPORT, ACT_LIST},
    {"Jourlägenheter", "/apartments", REC_STAY, ACT_LIST},
    {"Placeringar", "/placements", REC_PLACEMENT, ACT_LIST},
    {"Boendestatistik", "/placements/stats", REC_SHELTER_STATS, ACT_READ},
    {"Ekonomi", "/economy", REC_ECONOMY, ACT_LIST},
    {"Statistik och rapporter", "/statistics", REC_STATISTICS, ACT_READ},
    /* administration: reference data is readable by all, but only the administrator
     * maintains it, so the menu shows these to those who may create */
    {"Användare", "/admin/users", REC_USER, ACT_LIST},
    {"Organisationer", "/admin/organisations", REC_ORGANISATION, ACT_CREATE},
    {"Kommuner", "/admin/municipalities", REC_MUNICIPALITY, ACT_CREATE},
    {"Befolkning", "/admin/population", REC_POPULATION, ACT_CREATE},
    {"Inställningar", "/admin/config", REC_CONFIG, ACT_UPDATE},
    {"Logg", "/admin/audit", REC_AUDIT_LOG, ACT_LIST},
};

static void nav(struct html *h, const struct request *req)
{
	bool any = false;

	for (size_t i = 0; i < sizeof(nav_items) / sizeof(nav_items[0]); i++) {
		const struct nav_item *n = &nav_items[i];

		if (!router_has_get(n->path))
			continue;
		if (n->kind != REC_NONE && !policy_allows_some(req->acc.roles, n->kind, n->action))
			continue;
		if (!any)
			html_raw_trusted(h, "<nav class=\"nav\" aria-label=\"Huvudmeny\"><ul>\n");
		any = true;
		html_raw_trusted(h, "<li><a href=\"");
		html_attr(h, n->path);
		html_raw_trusted(h, "\"");
		if (req->path && strcmp(req->path, n->path) == 0)
			html_raw_trusted(h, " aria-current=\"page\"");
		html_raw_trusted(h, ">");
		html_text(h, n->label);
		html_raw_trusted(h, "</a></li>\n");
	}
	if (any)
		html_raw_trusted(h, "</ul></nav>\n");
}

static void user_box(struct html *h, const struct request *req)
{
	bool first = true;

	html_raw_trusted(h, "<div class=\"user\"><p><span class=\"user-name\">");
	html_text(h, req->acc.display_name);
	html_raw_trusted(h, "</span> <span class=\"user-org\">");
	html_text(h, req->acc.organisation_name);
	html_raw_trusted(h, "</span> <span class=\"user-roles\">");
	for (int i = 0; i < ROLE_COUNT; i++) {
		if (!(req->acc.roles & (1u << i)))
			continue;
		if (!first)
			html_raw_trusted(h, ", ");
		html_text(h, role_label(i));
		first = false;
	}
	html_raw_trusted(h, "</span></p>\n<ul class=\"user-actions\">"
	                    "<li><a href=\"/password\">Byt lösenord</a></li>"
	                    "<li><form method=\"post\" action=\"/logout\">");
	html_csrf_input(h, req->csrf);
	html_raw_trusted(h, "<button type=\"submit\">Logga ut</button></form></li>"
	                    "<li><form method=\"post\" action=\"/logout-all\">");
	html_csrf_input(h, req->csrf);
	html_raw_trusted(h, "<button type=\"submit\" class=\"link\">Logga ut överallt</button>"
	                    "</form></li></ul></div>\n");
}

void layout_begin(struct html *h, const struct request *req, const char *title)
{
	layout_begin_with_css(h, req, title, NULL);
}

void layout_begin_with_css(struct html *h, const struct request *req, const char *title,
                           const char *stylesheet)
{
	bool user = req != NULL && req->logged_in && !req->via_token;

	html_raw_trusted(
	    h, "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n"
	       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	       "<title>");
	html_text(h, title);
	html_raw_trusted(h, " – Norrsken</title>\n"
	                    "<link rel=\"stylesheet\" href=\"/static/app.css\">\n");
	if (stylesheet != NULL) {
		html_raw_trusted(h, "<link rel=\"stylesheet\" href=\"");
		html_attr(h, stylesheet);
		html_raw_trusted(h, "\">\n");
	}
	html_raw_trusted(
	    h, "<script src=\"/static/app.js\" defer></script>\n"
	       "</head>\n<body>\n"
	       "<a class=\"skip\" href=\"#innehall\">Hoppa till innehållet</a>\n"
	       "<header class=\"top\">\n<p class=\"brand\"><a href=\"/\">Norrsken</a></p>\n");
	if (user)
		user_box(h, req);
	html_raw_trusted(h, "</header>\n");
	if (user && !req->acc.must_change_password)
		nav(h, req);
	html_raw_trusted(h, "<main id=\"innehall\" tabindex=\"-1\">\n");
}

void layout_end(struct html *h)
{
	html_raw_trusted(h, "</main>\n<footer class=\"foot\"><p>Norrsken – samverkan mot våld i "
	                    "nära relationer</p></footer>\n</body>\n</html>\n");
}

static void message_box(struct html *h, const char *open, const char *text)
{
	html_raw_trusted(h, open);
	html_text(h, text);
	html_raw_trusted(h, "</p></div>\n");
}

void layout_notice(struct html *h, const char *text)
{
	message_box(h, "<div class=\"notice\" role=\"status\"><p>", text);
}

void layout_alert(struct html *h, const char *text)
{
	message_box(h, "<div class=\"alert\" role=\"alert\"><p>", text);
}
