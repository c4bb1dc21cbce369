/* `norrsken demo`: a database with the Jämtland configuration and synthetic data for
 * trying the program. Never real people. */
#include "cli/cli.h"

#include <string.h>

static void demo_help(void)
{
	puts("Användning: norrsken demo\n"
	     "\n"
	     "Skapar en demodatabas (Jämtlands län) och visar vad den innehåller.\n"
	     "Databasen får inte finnas sedan tidigare.\n"
	     "\n"
	     "  -h, --help   visa denna hjälp");
}

int cli_demo_main(struct cli_ctx *ctx, int argc, char **argv)
{
	struct store *st = NULL;
	int r;

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		demo_help();
		return CLI_OK;
	}
	if (argc > 1)
		return cli_usage_error("demo");
	r = cli_setup_database(ctx, NULL, NULL, &st);
	if (r != CLI_OK)
		return r;
	printf("Demodatabasen %s är skapad.\n\n", ctx->cfg.db_path);
	r = cli_print_summary(st);
	store_close(st);
	return r;
}
