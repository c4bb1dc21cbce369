/* norrsken: argument dispatch only. Global options pick the configuration; the first
 * non-option word picks the subcommand, which parses the rest. */
#include "base/date.h"
#include "base/log.h"
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const struct cli_command cli_commands[] = {
	{"init", cli_init_main, "skapa databasen med referensdata och länets parter"},
	{"demo", cli_demo_main, "skapa en demodatabas med påhittade uppgifter"},
	{"org", cli_org_main, "visa och lägg till organisationer (parter)"},
	{"municipality", cli_municipality_main, "visa kommunregistret"},
	{"import", cli_import_main, "läs in befolkning från SCB"},
	{"user", cli_user_main, "hantera användarkonton"},
	{"audit", cli_audit_main, "kontrollera och exportera loggen"},
	{"serve", cli_serve_main, "starta webbservern"},
	{"budget", cli_budget_main, "visa och spara årets budget och kostnadsfördelning"},
	{"invoice", cli_invoice_main, "skapa och exportera fakturor till kommunerna"},
	{"report", cli_report_main, "skriv verksamhetsberättelsen eller kvalitetsgranskningen"},
	{NULL, NULL, NULL},
};

static void usage(FILE *out)
{
	fputs("Användning: norrsken [--config FIL] [--db FIL] KOMMANDO [ARGUMENT]\n"
	      "\n"
	      "Norrsken – informationssystem för samverkan mot våld i nära relationer.\n"
	      "\n"
	      "Kommandon:\n",
	      out);
	for (const struct cli_command *c = cli_commands; c->name; c++)
		fprintf(out, "  %-14s %s\n", c->name, c->summary);
	fputs("\nGemensamma flaggor:\n"
	      "  --config FIL   inställningsfil (INI); standard: $NORRSKEN_CONFIG om satt\n"
	      "  --db FIL       databasfil (går före inställningsfilen)\n"
	      "  --version      visa versionen\n"
	      "  -h, --help     visa denna hjälp\n"
	      "\n"
	      "'norrsken KOMMANDO --help' beskriver ett kommando.\n",
	      out);
}

int main(int argc, char **argv)
{
	struct cli_ctx ctx;
	struct nrs_error err = {0};
	const char *config = getenv("NORRSKEN_CONFIG"), *db = NULL;
	int i = 1, rc;

	/* the database, its WAL and any export hold personal data: owner-only by default */
	umask(077);
	time_init_zone();
	if (nrs_config_defaults(&ctx.cfg) != 0)
		return CLI_FAIL;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--version") == 0) {
			printf("norrsken %s\n", NRS_VERSION);
			nrs_config_free(&ctx.cfg);
			return CLI_OK;
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			nrs_config_free(&ctx.cfg);
			return CLI_OK;
		} else if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
			config = argv[++i];
		} else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			db = argv[++i];
		} else {
			fprintf(stderr, "norrsken: okänd flagga %s\n", argv[i]);
			usage(stderr);
			nrs_config_free(&ctx.cfg);
			return CLI_USAGE;
		}
	}
	if (i == argc) {
		usage(stderr);
		nrs_config_free(&ctx.cfg);
		return CLI_USAGE;
	}
	if (config && nrs_config_load(&ctx.cfg, config, &err) != 0) {
		fprintf(stderr, "norrsken: %s\n", err.msg);
		nrs_config_free(&ctx.cfg);
		return CLI_FAIL;
	}
	if (db && nrs_config_set_str(&ctx.cfg.db_path, db) != 0) {
		nrs_config_free(&ctx.cfg);
		return CLI_FAIL;
	}
	nrs_log_set_level((enum nrs_log_level)ctx.cfg.log_level);
	for (const struct cli_command *c = cli_commands; c->name; c++) {
		if (strcmp(c->name, argv[i]) == 0) {
			rc = c->fn(&ctx, argc - i, argv + i);
			nrs_config_free(&ctx.cfg);
			return rc;
		}
	}
	fprintf(stderr, "norrsken: okänt kommando '%s'\n", argv[i]);
	usage(stderr);
	nrs_config_free(&ctx.cfg);
	return CLI_USAGE;
}
