/* Program configuration: compiled-in defaults, overridden by an INI file (read with inih).
 * Every value has a default that works without a file. */
#ifndef NRS_BASE_CONFIG_H
#define NRS_BASE_CONFIG_H

#include "base/err.h"

struct nrs_config {
	char *db_path;       /* [database] path */
	char *key_path;      /* [security] key_file */
	char *listen_addr;   /* [server] listen */
	int port;            /* [server] port */
	int threads;         /* [server] threads */
	int max_connections; /* [server] max_connections */
	int conn_timeout_s;  /* [server] connection_timeout */
	long max_body;       /* [server] max_body (bytes) */
	int tls;             /* [server] behind_tls: cookies get Secure */
	int session_idle_min;   /* [security] session_idle_minutes */
	int session_abs_hours;  /* [security] session_absolute_hours */
	int log_level;       /* [log] level */
	int report_threshold; /* [report] small_number_threshold: 0 (off) or 3..1000 */
};

#define NRS_CONFIG_THRESHOLD_DEFAULT 3


/* Fill cfg with defaults. Returns NRS_ENOMEM on allocation failure. */
int nrs_config_defaults(struct nrs_config *cfg);
/* Read path over the values in cfg. Unknown keys and bad values are errors naming the line. */
int nrs_config_load(struct nrs_config *cfg, const char *path, struct nrs_error *err);
/* Replace a string setting (used for command-line overrides). */
int nrs_config_set_str(char **slot, const char *value);
void nrs_config_free(struct nrs_config *cfg);

#endif
