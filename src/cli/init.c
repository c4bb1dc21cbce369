/* `norrsken init` and `norrsken demo`: create a database with reference data and a
 * county's configuration. */
#include "base/embed.h"
#include "base/str.h"
#include "cli/cli.h"
#include "store/reference.h"
#include "store/setup.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void remove_db_files(const char *path)
{
	static const char *const suffix[] = {"", "-wal", "-shm"};
	char name[4096];

	for (size_t i = 0; i < 3; i++) {
		snprintf(name, sizeof(name), "%s%s", path, suffix[i]);
		unlink(name);
	}
}

static int load_region(struct store *st, const char *county, const char *host,
		       struct nrs_error *err)
{
	char file[64];
	const struct nrs_blob *b;
	struct regionconf *rc = calloc(1, sizeof(*rc));
	int r;

	if (rc == NULL)
		return nrs_error_set(err, NRS_ENOMEM, "", "minnet tog slut");
	snprintf(file, sizeof(file), "data/region-%s.ini", county);
	b = nrs_embedded(file);
	if (b != NULL && host == NULL) {
		r = regionconf_parse((const char *)b->data, rc, err);
	} else {
		r = store_region_for_county(st, county, host, rc, err);
	}
	if (r == 0)
		r = store_apply_region(st, rc, err);
	free(rc);
	return r;
}

int cli_setup_database(struct cli_ctx *ctx, const char *county, const char *host,
		       struct store **out)
{
	struct nrs_error err = {0};
	struct store *st = NULL;
	int r, created = access(ctx->cfg.db_path, F_OK) != 0;

	*out = NULL;
	if (!created) {
		struct region_info ri;
		r = store_open(ctx->cfg.db_path, &st, &err);
		if (r == 0 && store_region_get(st, &ri) == 0 && ri.configured) {
			cli_error("databasen %s är redan initierad (%s)", ctx->cfg.db_path, ri.name);
			store_close(st);
			return CLI_FAIL;
		}
	} else {
		r = store_open(ctx->cfg.db_path, &st, &err);
	}
	if (r != 0)
		goto fail;
	/* one transaction for everything, so a failure leaves no half-configured county */
	r = store_tx_begin(st);
	if (r == 0)
		r = store_load_reference(st, &err);
	if (r == 0)
		r = load_region(st, county ? county : "23", host, &err);
	if (r != 0) {
		store_tx_rollback(st);
		goto fail;
	}
	r = store_tx_commit(st);
	if (r != 0)
		goto fail;
	*out = st;
	return CLI_OK;
fail:
	cli_error("%s", err.msg[0] ? err.msg : nrs_strerror(r));
	store_close(st);
	if (created)
		remove_db_files(ctx->cfg.db_path);
	return CLI_FAIL;
}

static void init_help(void)
{
	puts("Användning: norrsken init [--county LÄN] [--host KOMMUNKOD]\n"
	     "\n"
	     "Skapar databasen med kommunregister, befolkning och länets samverkansparter.\n"
	     "Utan --county används Jämtlands län (23) med parterna i samverkansavtalet.\n"
	     "\n"
	     "  --county LÄN       länskod med två siffror, t.ex. 22 för Västernorrland;\n"
	     "                     alla kommuner i länet blir medlemmar\n"
	     "  --host KOMMUNKOD   huvudmannakommun (standard: länets folkrikaste kommun)\n"
	     "  -h, --help         visa denna hjälp");
}

int cli_init_main(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"county", required_argument, NULL, 'c'},
					     {"host", required_argument, NULL, 'H'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	const char *county = NULL, *host = NULL;
	struct store *st = NULL;
	int c, r;

	cli_reset_getopt();
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'c': county = optarg; break;
		case 'H': host = optarg; break;
		case 'h': init_help(); return CLI_OK;
		default: return cli_usage_error("init");
		}
	}
	if (optind != argc)
		return cli_usage_error("init");
	if (county && (strlen(county) != 2 || !str_all_digits(county))) {
		cli_error("--county: länskoden ska vara två siffror, t.ex. 23");
		return CLI_USAGE;
	}
	if (host && (strlen(host) != 4 || !str_all_digits(host))) {
		cli_error("--host: kommunkoden ska vara fyra siffror, t.ex. 2380");
		return CLI_USAGE;
	}
	r = cli_setup_database(ctx, county, host, &st);
	if (r != CLI_OK)
		return r;
	printf("Databasen %s är skapad.\n\n", ctx->cfg.db_path);
	r = cli_print_summary(st);
	store_close(st);
	return r;
}

struct summary_ctx {
	int n;
};

static int print_org(const struct org_row *o, void *vctx)
{
	struct summary_ctx *sc = vctx;

	sc->n++;
	printf("  %-55s %-12s %s\n", o->name, o->org_number ? o->org_number : "-",
	       o->member ? "medlem" : "");
	return 0;
}

int cli_print_summary(struct store *st)
{
	struct region_info ri;
	struct summary_ctx sc = {0};
	int64_t npop = 0;

	if (store_region_get(st, &ri) != 0 || store_population_count(st, &npop) != 0)
		return CLI_FAIL;
	printf("Län:        %s (%s)\n", ri.county_name, ri.county);
	printf("Huvudman:   %s (%s)\n", ri.host_name, ri.host);
	printf("Befolkning: fördelningsnyckel per %s, %lld befolkningsuppgifter totalt\n",
	       ri.population_date[0] ? ri.population_date : "(ej angivet)", (long long)npop);
	printf("\nParter:\n");
	if (store_org_list(st, NULL, print_org, &sc) != 0)
		return CLI_FAIL;
	printf("\n%d parter.\n", sc.n);
	return CLI_OK;
}
