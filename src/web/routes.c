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
ROUTE_TABLE_DECLARE(api_admin);

const struct route_table web_route_tables[] = {
    {auth_routes, &auth_routes_count},
    {start_routes, &start_routes_count},
    {assets_routes, &assets_routes_count},
    {api_me_routes, &api_me_routes_count},
    {admin_users_routes, &admin_users_routes_count},
    {admin_audit_routes, &admin_audit_routes_count},
    {admin_orgs_routes, &admin_orgs_routes_count},
    {api_admin_routes, &api_admin_routes_count},
};
const size_t web_route_tables_count = sizeof(web_route_tables) / sizeof(web_route_tables[0]);
