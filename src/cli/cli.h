/* Shared parts of the command-line subcommands: the context every command gets, option
 * parsing helpers and opening the database. One file per subcommand group. */
#ifndef NRS_CLI_CLI_H
#define NRS_CLI_CLI_H

#include "base/config.h"
#include "security/crypto.h"
#include "store/db.h"

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>

struct cli_ctx {
	struct nrs_config cfg;
};

/* A subcommand: argv[0] is the command's own name. Returns the process exit status. */
typedef int (*cli_main_fn)(struct cli_ctx *ctx, int argc, char **argv);

struct cli_command {
	const char *name;
	cli_main_fn fn;
	const char *summary; /* one Swedish line for `norrsken --help` */
};

extern const struct cli_command cli_commands[];

/* Exit statuses: 0 ok, 1 the command failed (bad input, refused), 2 usage error. */
enum { CLI_OK = 0, CLI_FAIL = 1, CLI_USAGE = 2 };

/* Open an existing, initialised database (migrating it); prints the reason and returns
 * non-zero if there is none. */
int cli_open_store(struct cli_ctx *ctx, struct store **st);
/* Start libsodium and load the key file of the configuration; prints the reason and returns
 * CLI_FAIL if it cannot. Callers wipe the keys with sodium_memzero when done. */
int cli_load_keys(struct cli_ctx *ctx, struct crypto_keys *keys);
/* Print "norrsken: <msg>" to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print a usage hint for a bad option and return CLI_USAGE. */
int cli_usage_error(const char *cmd);
/* Print s left-aligned in a column of width characters (UTF-8 aware, unlike printf's
 * byte-counting %-20s, which misaligns å, ä and ö). */
void cli_print_col(const char *s, int width);
/* Reset getopt for parsing a new argv. */
void cli_reset_getopt(void);

int cli_init_main(struct cli_ctx *ctx, int argc, char **argv);
int cli_demo_main(struct cli_ctx *ctx, int argc, char **argv);
int cli_org_main(struct cli_ctx *ctx, int argc, char **argv);
int cli_municipality_main(struct cli_ctx *ctx, int argc, char **argv);
int cli_import_main(struct cli_ctx *ctx, int argc, char **argv);
int cli_user_main(struct cli_ctx *ctx, int argc, char **argv);
int cli_audit_main(struct cli_ctx *ctx, int argc, char **argv);
int cli_serve_main(struct cli_ctx *ctx, int argc, char **argv);
int cli_budget_main(struct cli_ctx *ctx, int argc, char **argv);
int cli_invoice_main(struct cli_ctx *ctx, int argc, char **argv);
int cli_report_main(struct cli_ctx *ctx, int argc, char **argv);

/* Create the database, load reference data and the county configuration. Used by init
 * and demo. county NULL means Jämtland (23) from the shipped configuration. */
int cli_setup_database(struct cli_ctx *ctx, const char *county, const char *host,
		       struct store **out);
/* Work run inside the setup transaction once the county is loaded (the first accounts).
 * A non-zero return rolls everything back, database and key file included. */
typedef int (*cli_setup_hook)(struct store *st, const struct crypto_keys *keys, void *hook_ctx,
			      struct nrs_error *err);
/* cli_setup_database with a hook (init creates the first administrator, demo its users). */
int cli_setup_database_with(struct cli_ctx *ctx, const char *county, const char *host,
			    cli_setup_hook hook, void *hook_ctx, struct store **out);
/* The id of the first active organisation of a kind (and municipality, if not NULL), its
 * name copied to name; 0 if there is none. */
int64_t cli_find_org(struct store *st, const char *kind, const char *municipality, char *name,
		     size_t namesz);
/* Print a summary of what the database holds (region, parties, municipalities). */
int cli_print_summary(struct store *st);

#endif
