/* Helpers shared by the subcommands (see cli.h). */
#include "cli/cli.h"
#include "store/reference.h"

#include <string.h>

#include <stdarg.h>
#include <unistd.h>

void cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("norrsken: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_usage_error(const char *cmd)
{
	fprintf(stderr, "Se 'norrsken %s --help'.\n", cmd);
	return CLI_USAGE;
}

void cli_reset_getopt(void)
{
	optind = 0; /* GNU getopt: 0 reinitialises, including its internal state */
	opterr = 1;
}

int cli_open_store(struct cli_ctx *ctx, struct store **st)
{
	struct nrs_error err = {0};
	struct region_info ri;
	int rc;

	if (access(ctx->cfg.db_path, F_OK) != 0) {
		cli_error("databasen %s finns inte; skapa den med 'norrsken init'", ctx->cfg.db_path);
		return CLI_FAIL;
	}
	rc = store_open(ctx->cfg.db_path, st, &err);
	if (rc != 0) {
		cli_error("%s", err.msg);
		return CLI_FAIL;
	}
	if (store_region_get(*st, &ri) != 0 || !ri.configured) {
		cli_error("databasen %s är inte initierad; kör 'norrsken init'", ctx->cfg.db_path);
		store_close(*st);
		*st = NULL;
		return CLI_FAIL;
	}
	return CLI_OK;
}

void cli_print_col(const char *s, int width)
{
	int chars = 0;

	for (const char *p = s; *p; p++)
		chars += ((unsigned char)*p & 0xc0) != 0x80;
	fputs(s, stdout);
	for (; chars < width; chars++)
		putchar(' ');
	putchar(' ');
}

int cli_load_keys(struct cli_ctx *ctx, struct crypto_keys *keys)
{
	struct nrs_error err = {0};

	if (crypto_init() != 0) {
		cli_error("libsodium kunde inte startas");
		return CLI_FAIL;
	}
	memset(keys, 0, sizeof(*keys));
	if (crypto_keyfile_load(ctx->cfg.key_path, keys, &err) != 0) {
		cli_error("%s", err.msg[0] ? err.msg : "nyckelfilen kan inte läsas");
		return CLI_FAIL;
	}
	return CLI_OK;
}
