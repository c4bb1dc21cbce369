/* The list of route tables the server answers. A new page file exports its table with
 * ROUTE_TABLE_COUNT and gets one line here (and one ROUTE_TABLE_DECLARE). */
#include "web/router.h"

ROUTE_TABLE_DECLARE(auth);
ROUTE_TABLE_DECLARE(start);
ROUTE_TABLE_DECLARE(assets);
ROUTE_TABLE_DECLARE(api_me);
ROUTE_TABLE_DECLARE(admin_users);
ROUTE_TABLE_DECLARE(admin_audit);
ROUTE_TABLE_DECLARE(admin_orgs);
ROUTE_TABLE_DECLARE(admin_config);
ROUTE_TABLE_DECLARE(api_admin);
ROUTE_TABLE_DECLARE(interventions);
ROUTE_TABLE_DECLARE(queue);
ROUTE_TABLE_DECLARE(groups);
ROUTE_TABLE_DECLARE(followup);
ROUTE_TABLE_DECLARE(api_interventions);
ROUTE_TABLE_DECLARE(clients);
ROUTE_TABLE_DECLARE(cases);
ROUTE_TABLE_DECLARE(api_clients);
ROUTE_TABLE_DECLARE(referrals);
ROUTE_TABLE_DECLARE(contacts);
ROUTE_TABLE_DECLARE(trainings);
ROUTE_TABLE_DECLARE(reports);
ROUTE_TABLE_DECLARE(api_activity);
ROUTE_TABLE_DECLARE(economy);
ROUTE_TABLE_DECLARE(api_economy);
ROUTE_TABLE_DECLARE(apartments);
ROUTE_TABLE_DECLARE(api_apartments);
ROUTE_TABLE_DECLARE(placements);
ROUTE_TABLE_DECLARE(api_placements);
ROUTE_TABLE_DECLARE(statistics);
ROUTE_TABLE_DECLARE(api_statistics);

const struct route_table web_route_tables[] = {
    {auth_routes, &auth_routes_count},
    {start_routes, &start_routes_count},
    {assets_routes, &assets_routes_count},
    {api_me_routes, &api_me_routes_count},
    {admin_users_routes, &admin_users_routes_count},
    {admin_audit_routes, &admin_audit_routes_count},
    {admin_orgs_routes, &admin_orgs_routes_count},
    {admin_config_routes, &admin_config_routes_count},
    {api_admin_routes, &api_admin_routes_count},
    {interventions_routes, &interventions_routes_count},
    {queue_routes, &queue_routes_count},
    {groups_routes, &groups_routes_count},
    {followup_routes, &followup_routes_count},
    {api_interventions_routes, &api_interventions_routes_count},
    {clients_routes, &clients_routes_count},
    {cases_routes, &cases_routes_count},
    {api_clients_routes, &api_clients_routes_count},
    {referrals_routes, &referrals_routes_count},
    {contacts_routes, &contacts_routes_count},
    {trainings_routes, &trainings_routes_count},
    {reports_routes, &reports_routes_count},
    {api_activity_routes, &api_activity_routes_count},
    {economy_routes, &economy_routes_count},
    {api_economy_routes, &api_economy_routes_count},
    {apartments_routes, &apartments_routes_count},
    {api_apartments_routes, &api_apartments_routes_count},
    {placements_routes, &placements_routes_count},
    {api_placements_routes, &api_placements_routes_count},
    {statistics_routes, &statistics_routes_count},
    {api_statistics_routes, &api_statistics_routes_count},
};
const size_t web_route_tables_count = sizeof(web_route_tables) / sizeof(web_route_tables[0]);
