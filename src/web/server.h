/* The HTTP server (libmicrohttpd with a thread pool): per-connection body collection with a
 * cap, and the central dispatcher that runs, in order, before any handler: route match,
 * authentication, the must-change-password gate, CSRF and the access policy. */
#ifndef NRS_WEB_SERVER_H
#define NRS_WEB_SERVER_H

#include "base/config.h"
#include "base/err.h"
#include "security/crypto.h"

#include <stdint.h>

struct web_server;

/* Start listening on cfg->listen_addr:cfg->port (port 0 picks a free port). cfg and keys are
 * borrowed and must outlive the server. Each pool thread opens its own database connection on
 * first use. Caller stops with web_server_stop. */
int web_server_start(const struct nrs_config *cfg, const struct crypto_keys *keys,
                     struct web_server **out, struct nrs_error *err);
/* The port actually bound. */
uint16_t web_server_port(const struct web_server *srv);
/* Stop accepting, finish or drop connections, close every thread's store. Accepts NULL. */
void web_server_stop(struct web_server *srv);

#endif
