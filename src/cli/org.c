/* `norrsken org list|add` and `norrsken municipality list`: the parties and the municipal
 * register from the shell. */
#include "base/str.h"
#include "cli/cli.h"
#include "domain/orgnr.h"
#include "domain/regionconf.h"
#include "store/reference.h"

#include <string.h>

static void org_help(void)
{
	puts("Användning: norrsken org list [--kind TYP]\n"
	     "            norrsken org add --kind TYP --name NAMN [--org-number NNNNNN-NNNN]\n"
	     "                             [--municipality KOMMUNKOD] [--member]\n"
	     "\n"
	     "Visar eller lägger till organisationer (parter i samverkan).\n"
	     "TYP är municipality, region, police, centre, shelter, prosecutor, county_board\n"
	     "eller other. En kommun (municipality) kräver --municipality; --member gör den\n"
	     "till medlem i länets samverkan (ingår i kostnadsfördelningen).\n"
	     "\n"
	     "  -h, --help   visa denna hjälp");
}

static int print_org_row(const struct org_row *o, void *ctx)
{
	(void)ctx;
	printf("%-4lld %-13s %-12s %-5s %-7s %s\n", (long long)o->id, o->kind,
	       o->org_number ? o->org_number : "-", o->municipality_code ? o->municipality_code : "-",
	       o->member ? "medlem" : "", o->name);
	return 0;
}

static int org_list(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"kind", required_argument, NULL, 'k'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	const char *kind = NULL;
	struct store *st;
	int c, r;

	cli_reset_getopt();
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'k': kind = optarg; break;
		case 'h': org_help(); return CLI_OK;
		default: return cli_usage_error("org");
		}
	}
	if (optind != argc)
		return cli_usage_error("org");
	if (kind && !org_kind_valid(kind)) {
		cli_error("--kind: okänd organisationstyp \"%s\"", kind);
		return CLI_USAGE;
	}
	if (cli_open_store(ctx, &st) != CLI_OK)
		return CLI_FAIL;
	printf("%-4s %-13s %-12s %-5s %-7s %s\n", "ID", "TYP", "ORG.NR", "KOD", "", "NAMN");
	r = store_org_list(st, kind, print_org_row, NULL);
	store_close(st);
	return r == 0 ? CLI_OK : CLI_FAIL;
}

static int org_add(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"kind", required_argument, NULL, 'k'},
					     {"name", required_argument, NULL, 'n'},
					     {"org-number", required_argument, NULL, 'o'},
					     {"municipality", required_argument, NULL, 'm'},
					     {"member", no_argument, NULL, 'M'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	struct org_input in = {0};
	struct nrs_error err = {0};
	char orgnr[12];
	struct store *st = NULL;
	int c, r, member = 0;
	int64_t id;

	cli_reset_getopt();
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'k': in.kind = optarg; break;
		case 'n': in.name = optarg; break;
		case 'o': in.org_number = optarg; break;
		case 'm': in.municipality = optarg; break;
		case 'M': member = 1; break;
		case 'h': org_help(); return CLI_OK;
		default: return cli_usage_error("org");
		}
	}
	if (optind != argc)
		return cli_usage_error("org");
	if (in.kind == NULL || !org_kind_valid(in.kind)) {
		cli_error("--kind: ange en organisationstyp (municipality, region, police, centre,"
			  " shelter, prosecutor, county_board, other)");
		return CLI_USAGE;
	}
	if (in.name == NULL || *in.name == '\0' || strlen(in.name) > 200 ||
	    !str_utf8_ok(in.name, strlen(in.name))) {
		cli_error("--name: ange ett namn (högst 200 tecken)");
		return CLI_USAGE;
	}
	if (in.org_number) {
		if (orgnr_parse(in.org_number, orgnr, &err) != 0) {
			cli_error("--org-number: %s", err.msg);
			return CLI_USAGE;
		}
		in.org_number = orgnr;
	}
	if (strcmp(in.kind, "municipality") == 0 && in.municipality == NULL) {
		cli_error("--municipality: en kommun kräver kommunkod");
		return CLI_USAGE;
	}
	if (member && strcmp(in.kind, "municipality") != 0) {
		cli_error("--member: bara kommuner kan vara medlemmar");
		return CLI_USAGE;
	}
	if (cli_open_store(ctx, &st) != CLI_OK)
		return CLI_FAIL;
	r = store_tx_begin(st);
	if (r == 0 && in.municipality) {
		r = store_municipality_exists(st, in.municipality, NULL, 0);
		if (r == 0)
			r = nrs_error_set(&err, NRS_EINVAL, "municipality",
					  "--municipality: kommunkoden %s finns inte", in.municipality);
		else if (r > 0)
			r = 0;
	}
	if (r == 0)
		r = store_org_add(st, &in, &id, &err);
	if (r == 0 && member)
		r = store_region_member_add(st, in.municipality, &err);
	if (r == 0)
		r = store_tx_commit(st);
	else
		store_tx_rollback(st);
	store_close(st);
	if (r != 0) {
		cli_error("%s", err.msg[0] ? err.msg : nrs_strerror(r));
		return CLI_FAIL;
	}
	printf("Organisationen är tillagd med id %lld.\n", (long long)id);
	return CLI_OK;
}

int cli_org_main(struct cli_ctx *ctx, int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		org_help();
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	if (strcmp(argv[1], "list") == 0)
		return org_list(ctx, argc - 1, argv + 1);
	if (strcmp(argv[1], "add") == 0)
		return org_add(ctx, argc - 1, argv + 1);
	cli_error("okänt kommando 'org %s'", argv[1]);
	return cli_usage_error("org");
}

static void municipality_help(void)
{
	puts("Användning: norrsken municipality list [--county LÄN]\n"
	     "\n"
	     "Visar kommunregistret (SCB:s kommunkoder), med befolkning på länets\n"
	     "referensdatum och om kommunen är medlem i samverkan.\n"
	     "\n"
	     "  --county LÄN   bara kommunerna i länet (två siffror, t.ex. 23)\n"
	     "  -h, --help     visa denna hjälp");
}

static int print_municipality(const struct municipality_row *m, void *ctx)
{
	char pop[32] = "-";

	(void)ctx;
	if (m->population >= 0)
		snprintf(pop, sizeof(pop), "%lld", (long long)m->population);
	printf("%s  ", m->code);
	cli_print_col(m->name, 20);
	cli_print_col(m->county_name, 22);
	printf("%10s %s\n", pop, m->member ? "medlem" : "");
	return 0;
}

int cli_municipality_main(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"county", required_argument, NULL, 'c'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	const char *county = NULL;
	struct store *st;
	int c, r;

	if (argc < 2 || strcmp(argv[1], "list") != 0) {
		if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
			municipality_help();
			return CLI_OK;
		}
		return cli_usage_error("municipality");
	}
	argc--;
	argv++;
	cli_reset_getopt();
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'c': county = optarg; break;
		case 'h': municipality_help(); return CLI_OK;
		default: return cli_usage_error("municipality");
		}
	}
	if (optind != argc)
		return cli_usage_error("municipality");
	if (county && (strlen(county) != 2 || !str_all_digits(county))) {
		cli_error("--county: länskoden ska vara två siffror, t.ex. 23");
		return CLI_USAGE;
	}
	if (cli_open_store(ctx, &st) != CLI_OK)
		return CLI_FAIL;
	if (county && store_county_exists(st, county) != 1) {
		cli_error("--county: länskoden %s finns inte", county);
		store_close(st);
		return CLI_FAIL;
	}
	fputs("KOD   ", stdout);
	cli_print_col("NAMN", 20);
	cli_print_col("LÄN", 22);
	puts("BEFOLKNING");
	r = store_municipality_list(st, county, print_municipality, NULL);
	store_close(st);
	return r == 0 ? CLI_OK : CLI_FAIL;
}
