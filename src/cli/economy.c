/* `norrsken budget show|set` and `norrsken invoice generate|export`: the yearly budget, the
 * cost distribution and the invoices to the municipalities from the shell (R24–R30). Writes
 * go through the economy service, which validates and audits them as the system user. */
#include "base/buf.h"
#include "base/date.h"
#include "cli/cli.h"
#include "domain/costkey.h"
#include "domain/money.h"
#include "security/economysvc.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void budget_help(void)
{
	puts("Användning: norrsken budget show --year ÅR\n"
	     "            norrsken budget set --year ÅR [--line \"BENÄMNING=BELOPP\"]...\n"
	     "                 [--overhead PROCENT] [--uprate PROCENT]\n"
	     "                 [--population-date ÅÅÅÅ-MM-DD] [--coordinator BELOPP]\n"
	     "                 [--quality-review BELOPP] [--outcome BELOPP]\n"
	     "                 [--invoice-date ÅÅÅÅ-MM-DD]\n"
	     "\n"
	     "Visar eller sparar årets budget för Centrum mot våld och kostnadsfördelningen\n"
	     "mellan kommunerna efter befolkning.\n"
	     "\n"
	     "  --year ÅR              budgetåret, fyra siffror\n"
	     "  --line B=BELOPP        en kostnadsrad, belopp i kronor (upprepas); anges någon\n"
	     "                         rad ersätts årets alla rader. Utan rader räknas förra\n"
	     "                         årets total upp med uppräkningen.\n"
	     "  --overhead PROCENT     påslag för overheadkostnader (OH), t.ex. 9\n"
	     "  --uprate PROCENT       årlig uppräkning (standard 3)\n"
	     "  --population-date D    befolkningens referensdatum (standard 1 november två år\n"
	     "                         före budgetåret)\n"
	     "  --coordinator BELOPP   samordnarens kostnad att fördela (kronor)\n"
	     "  --quality-review BELOPP  kvalitetsgranskningens kostnad (kronor)\n"
	     "  --outcome BELOPP       årets faktiska utfall (kronor)\n"
	     "  --invoice-date D       årsfakturornas datum (standard ÅR-01-15)\n"
	     "  -h, --help             visa denna hjälp\n"
	     "\n"
	     "Exempel: norrsken budget set --year 2025 --line \"Lokalkostnader=511922\" --overhead 9");
}

static void invoice_help(void)
{
	puts("Användning: norrsken invoice generate --year ÅR [--extra]\n"
	     "            norrsken invoice export --year ÅR --format csv|xlsx -o FIL\n"
	     "\n"
	     "generate skapar årets januarifakturor, en per medlemskommun, med kommunens andel\n"
	     "av den fasta kostnaden (och av samordnarkostnaden om den är angiven). En andra\n"
	     "körning skapar inga dubbletter. Med --extra samlas i stället alla ofakturerade\n"
	     "avgifter (slitage, kvalitetsgranskning m.m.) i en faktura per kommun.\n"
	     "\n"
	     "export skriver årets fakturarader till FIL: csv (semikolon, UTF-8 med BOM,\n"
	     "decimalkomma, belopp i kronor) eller xlsx (kalkylblad).\n"
	     "\n"
	     "  --year ÅR        budgetåret, fyra siffror\n"
	     "  --extra          fakturera ofakturerade avgifter\n"
	     "  --format F       csv eller xlsx\n"
	     "  -o, --output FIL filen som skrivs (skrivs inte över)\n"
	     "  -h, --help       visa denna hjälp");
}

static struct clientsvc_actor cli_actor(void)
{
	struct clientsvc_actor a = {0};

	a.today = date_today();
	return a;
}

static void print_kr(const char *label, int64_t ore)
{
	char kr[40];

	money_format_kr(ore, 0, kr, sizeof(kr));
	cli_print_col(label, 34);
	printf("%16s\n", kr);
}

static int budget_print(struct store *st, int year)
{
	struct economy_budget *b = calloc(1, sizeof(*b));
	struct economy_distribution *d = calloc(1, sizeof(*d));
	struct nrs_error err = {0};
	char pct[16], kr[40], line[64];
	int r = CLI_FAIL;

	if (b == NULL || d == NULL) {
		cli_error("minnet tog slut");
		goto out;
	}
	if (economysvc_budget_get(st, year, b, &err) != 0) {
		cli_error("%s", err.msg);
		goto out;
	}
	printf("Budget %d\n", year);
	for (size_t i = 0; i < b->nlines; i++)
		print_kr(b->lines[i].label, b->lines[i].amount_ore);
	if (b->uprated_from) {
		economysvc_format_percent(b->uprate_bp, pct, sizeof(pct));
		snprintf(line, sizeof(line), "Uppräknat från %d (%s %%)", b->uprated_from, pct);
		print_kr(line, b->total_ore);
	} else {
		print_kr("Summa", b->subtotal_ore);
		economysvc_format_percent(b->overhead_bp, pct, sizeof(pct));
		snprintf(line, sizeof(line), "OH-kostnader (%s %%)", pct);
		print_kr(line, b->overhead_ore);
		print_kr("Totalt inkl. OH", b->total_ore);
	}
	if (b->coordinator_ore > 0)
		print_kr("Samordnare (fördelas)", b->coordinator_ore);
	if (b->quality_review_ore > 0) {
		print_kr("Kvalitetsgranskning", b->quality_review_ore);
		if (b->needs_socsam)
			puts("  Över 150 000 kr: kräver beslut i SocSam.");
	}
	if (b->has_outcome) {
		print_kr("Utfall", b->outcome_ore);
		if (b->deficit_ore > 0)
			print_kr("Underskott (fördelas)", b->deficit_ore);
		else
			print_kr("Överskott (förs över)", b->carried_over_ore);
	}
	if (economysvc_distribute(st, year, b->total_ore, d, &err) != 0) {
		printf("\nKostnadsfördelning: %s\n", err.msg);
		r = CLI_OK;
		goto out;
	}
	printf("\nKostnadsfördelning (befolkning %s)\n", d->population_date);
	cli_print_col("Kommun", 22);
	printf("%12s %10s %16s\n", "Befolkning", "Andel", "Belopp");
	for (size_t i = 0; i < d->n; i++) {
		costkey_format_share(d->rows[i].share, 0, pct, sizeof(pct));
		money_format_kr(d->rows[i].amount_ore, 0, kr, sizeof(kr));
		cli_print_col(d->rows[i].name, 22);
		printf("%12lld %10s %16s\n", (long long)d->rows[i].population, pct, kr);
	}
	costkey_format_share(COSTKEY_SHARE_WHOLE, 0, pct, sizeof(pct));
	money_format_kr(d->total_ore, 0, kr, sizeof(kr));
	cli_print_col("Summa", 22);
	printf("%12lld %10s %16s\n", (long long)d->population_sum, pct, kr);
	r = CLI_OK;
out:
	free(b);
	free(d);
	return r;
}

static int budget_show(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"year", required_argument, NULL, 'y'},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {NULL, 0, NULL, 0}};
	struct nrs_error err = {0};
	struct store *st = NULL;
	int c, r, year = 0;

	cli_reset_getopt();
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'y':
			if (economysvc_parse_year(optarg, "year", &year, &err) != 0) {
				cli_error("--year: %s", err.msg);
				return CLI_USAGE;
			}
			break;
		case 'h': budget_help(); return CLI_OK;
		default: return cli_usage_error("budget");
		}
	}
	if (optind != argc || year == 0) {
		if (year == 0)
			cli_error("--year: ange budgetåret");
		return cli_usage_error("budget");
	}
	if (cli_open_store(ctx, &st) != CLI_OK)
		return CLI_FAIL;
	r = budget_print(st, year);
	store_close(st);
	return r;
}

struct set_opts {
	struct economy_line_input lines[ECONOMY_LINES_MAX];
	size_t nlines;
	const char *overhead, *uprate, *population_date, *coordinator, *quality_review, *outcome,
	    *invoice_date;
};

/* "LABEL=AMOUNT": split at the last '=' (a label may hold one). */
static int parse_line(char *arg, struct economy_line_input *out, struct nrs_error *err)
{
	char *eq = strrchr(arg, '=');
	int64_t ore = 0;

	if (eq == NULL || eq == arg)
		return nrs_error_set(err, NRS_EINVAL, "line",
		                     "skriv raden som \"Benämning=belopp\"");
	*eq = '\0';
	if (economysvc_parse_kr(eq + 1, "line", "Beloppet", &ore, err) != 0)
		return NRS_EINVAL;
	out->label = arg;
	out->amount_ore = ore;
	return 0;
}

/* Fill in from the year as it stands, then apply the options given. */
static int build_input(struct store *st, int year, const struct set_opts *o,
                       struct economy_budget_input *in, struct economy_line_input *kept,
                       struct economy_budget *cur, struct nrs_error *err)
{
	int bp;

	memset(in, 0, sizeof(*in));
	in->year = year;
	if (economysvc_budget_get(st, year, cur, NULL) != 0)
		memset(cur, 0, sizeof(*cur));
	in->overhead_bp = cur->stored ? cur->overhead_bp : 900;
	in->uprate_bp = cur->stored ? cur->uprate_bp : 300;
	in->population_date = cur->stored && !cur->population_date_default ? cur->population_date
	                                                                   : NULL;
	in->coordinator_ore = cur->coordinator_ore;
	in->quality_review_ore = cur->quality_review_ore;
	in->has_outcome = cur->has_outcome;
	in->outcome_ore = cur->outcome_ore;
	in->invoice_date = cur->stored ? cur->invoice_date : NULL;
	if (o->nlines > 0) {
		in->lines = o->lines;
		in->nlines = o->nlines;
	} else if (!cur->uprated_from) {
		for (size_t i = 0; i < cur->nlines; i++) {
			kept[i].label = cur->lines[i].label;
			kept[i].amount_ore = cur->lines[i].amount_ore;
		}
		in->lines = kept;
		in->nlines = cur->nlines;
	}
	if (o->overhead) {
		if (economysvc_parse_percent(o->overhead, "overhead", "Påslaget (OH)", 0, &bp, err))
			return NRS_EINVAL;
		in->overhead_bp = bp;
	}
	if (o->uprate) {
		if (economysvc_parse_percent(o->uprate, "uprate", "Uppräkningen", 1, &bp, err))
			return NRS_EINVAL;
		in->uprate_bp = bp;
	}
	if (o->population_date)
		in->population_date = o->population_date;
	if (o->invoice_date)
		in->invoice_date = o->invoice_date;
	if (o->coordinator && economysvc_parse_kr(o->coordinator, "coordinator",
	                                          "Samordnarkostnaden", &in->coordinator_ore, err))
		return NRS_EINVAL;
	if (o->quality_review &&
	    economysvc_parse_kr(o->quality_review, "quality_review", "Kvalitetsgranskningen",
	                        &in->quality_review_ore, err))
		return NRS_EINVAL;
	if (o->outcome) {
		if (economysvc_parse_kr(o->outcome, "outcome", "Utfallet", &in->outcome_ore, err))
			return NRS_EINVAL;
		in->has_outcome = 1;
	}
	return 0;
}

static int budget_set(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"year", required_argument, NULL, 'y'},
	                                     {"line", required_argument, NULL, 'l'},
	                                     {"overhead", required_argument, NULL, 'O'},
	                                     {"uprate", required_argument, NULL, 'u'},
	                                     {"population-date", required_argument, NULL, 'p'},
	                                     {"coordinator", required_argument, NULL, 'c'},
	                                     {"quality-review", required_argument, NULL, 'q'},
	                                     {"outcome", required_argument, NULL, 'o'},
	                                     {"invoice-date", required_argument, NULL, 'i'},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {NULL, 0, NULL, 0}};
	struct set_opts *o = calloc(1, sizeof(*o));
	struct economy_line_input *kept = calloc(ECONOMY_LINES_MAX, sizeof(*kept));
	struct economy_budget *cur = calloc(1, sizeof(*cur));
	struct economy_budget_input in;
	struct clientsvc_actor actor = cli_actor();
	struct crypto_keys keys;
	struct nrs_error err = {0};
	struct store *st = NULL;
	int c, r = CLI_FAIL, year = 0;

	if (o == NULL || kept == NULL || cur == NULL) {
		cli_error("minnet tog slut");
		goto out;
	}
	cli_reset_getopt();
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'y':
			if (economysvc_parse_year(optarg, "year", &year, &err) != 0) {
				cli_error("--year: %s", err.msg);
				r = CLI_USAGE;
				goto out;
			}
			break;
		case 'l':
			if (o->nlines >= ECONOMY_LINES_MAX) {
				cli_error("--line: högst %d rader", ECONOMY_LINES_MAX);
				r = CLI_USAGE;
				goto out;
			}
			if (parse_line(optarg, &o->lines[o->nlines], &err) != 0) {
				cli_error("--line: %s", err.msg);
				r = CLI_USAGE;
				goto out;
			}
			o->nlines++;
			break;
		case 'O': o->overhead = optarg; break;
		case 'u': o->uprate = optarg; break;
		case 'p': o->population_date = optarg; break;
		case 'c': o->coordinator = optarg; break;
		case 'q': o->quality_review = optarg; break;
		case 'o': o->outcome = optarg; break;
		case 'i': o->invoice_date = optarg; break;
		case 'h': budget_help(); r = CLI_OK; goto out;
		default: r = cli_usage_error("budget"); goto out;
		}
	}
	if (optind != argc || year == 0) {
		if (year == 0)
			cli_error("--year: ange budgetåret");
		r = cli_usage_error("budget");
		goto out;
	}
	if (cli_load_keys(ctx, &keys) != CLI_OK)
		goto out;
	if (cli_open_store(ctx, &st) != CLI_OK)
		goto wipe;
	if (build_input(st, year, o, &in, kept, cur, &err) != 0 ||
	    economysvc_budget_set(st, &keys, &actor, &in, &err) != 0) {
		cli_error("%s%s%s", err.field[0] ? err.field : "", err.field[0] ? ": " : "",
		          err.msg);
		goto close;
	}
	printf("Budgeten för %d är sparad.\n\n", year);
	r = budget_print(st, year);
close:
	store_close(st);
wipe:
	crypto_keys_wipe(&keys);
out:
	free(o);
	free(kept);
	free(cur);
	return r;
}

int cli_budget_main(struct cli_ctx *ctx, int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		budget_help();
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	if (strcmp(argv[1], "show") == 0)
		return budget_show(ctx, argc - 1, argv + 1);
	if (strcmp(argv[1], "set") == 0)
		return budget_set(ctx, argc - 1, argv + 1);
	cli_error("okänt underkommando \"%s\"", argv[1]);
	return cli_usage_error("budget");
}

static int invoice_generate(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"year", required_argument, NULL, 'y'},
	                                     {"extra", no_argument, NULL, 'e'},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {NULL, 0, NULL, 0}};
	struct clientsvc_actor actor = cli_actor();
	struct crypto_keys keys;
	struct nrs_error err = {0};
	struct store *st = NULL;
	int c, r = CLI_FAIL, year = 0, extra = 0, created = 0, rc;

	cli_reset_getopt();
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'y':
			if (economysvc_parse_year(optarg, "year", &year, &err) != 0) {
				cli_error("--year: %s", err.msg);
				return CLI_USAGE;
			}
			break;
		case 'e': extra = 1; break;
		case 'h': invoice_help(); return CLI_OK;
		default: return cli_usage_error("invoice");
		}
	}
	if (optind != argc || year == 0) {
		if (year == 0)
			cli_error("--year: ange budgetåret");
		return cli_usage_error("invoice");
	}
	if (cli_load_keys(ctx, &keys) != CLI_OK)
		return CLI_FAIL;
	if (cli_open_store(ctx, &st) != CLI_OK)
		goto wipe;
	rc = extra ? economysvc_invoice_generate_extra(st, &keys, &actor, year, &created, &err)
	           : economysvc_invoice_generate(st, &keys, &actor, year, &created, &err);
	if (rc != 0) {
		cli_error("%s", err.msg);
	} else {
		printf("%d %s skapade för %d.\n", created, created == 1 ? "faktura" : "fakturor",
		       year);
		r = CLI_OK;
	}
	store_close(st);
wipe:
	crypto_keys_wipe(&keys);
	return r;
}

static int write_file_new(const char *path, const struct buf *b)
{
	FILE *f = fopen(path, "wx");
	int ok;

	if (f == NULL)
		return NRS_EIO;
	ok = fwrite(b->data, 1, b->len, f) == b->len;
	ok = (fclose(f) == 0) && ok;
	if (!ok)
		unlink(path);
	return ok ? 0 : NRS_EIO;
}

static int invoice_export(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"year", required_argument, NULL, 'y'},
	                                     {"format", required_argument, NULL, 'f'},
	                                     {"output", required_argument, NULL, 'o'},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {NULL, 0, NULL, 0}};
	const char *format = NULL, *path = NULL;
	struct nrs_error err = {0};
	struct store *st = NULL;
	struct buf b;
	int c, r = CLI_FAIL, year = 0, rc;

	cli_reset_getopt();
	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (c) {
		case 'y':
			if (economysvc_parse_year(optarg, "year", &year, &err) != 0) {
				cli_error("--year: %s", err.msg);
				return CLI_USAGE;
			}
			break;
		case 'f': format = optarg; break;
		case 'o': path = optarg; break;
		case 'h': invoice_help(); return CLI_OK;
		default: return cli_usage_error("invoice");
		}
	}
	if (optind != argc || year == 0 || path == NULL || format == NULL ||
	    (strcmp(format, "csv") != 0 && strcmp(format, "xlsx") != 0)) {
		cli_error("ange --year ÅR, --format csv|xlsx och -o FIL");
		return cli_usage_error("invoice");
	}
	if (access(path, F_OK) == 0) {
		cli_error("%s finns redan; välj ett annat filnamn", path);
		return CLI_FAIL;
	}
	if (cli_open_store(ctx, &st) != CLI_OK)
		return CLI_FAIL;
	if (strcmp(format, "csv") == 0) {
		buf_init(&b, (size_t)64 * 1024 * 1024);
		rc = economysvc_export_csv(st, year, &b, &err);
		if (rc == 0 && write_file_new(path, &b) != 0)
			rc = nrs_error_set(&err, NRS_EIO, "", "%s kunde inte skrivas", path);
		buf_free(&b);
	} else {
		rc = economysvc_export_xlsx(st, year, path, &err);
	}
	store_close(st);
	if (rc != 0) {
		cli_error("%s", err.msg);
		return CLI_FAIL;
	}
	printf("Fakturorna för %d är exporterade till %s.\n", year, path);
	r = CLI_OK;
	return r;
}

int cli_invoice_main(struct cli_ctx *ctx, int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		invoice_help();
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	if (strcmp(argv[1], "generate") == 0)
		return invoice_generate(ctx, argc - 1, argv + 1);
	if (strcmp(argv[1], "export") == 0)
		return invoice_export(ctx, argc - 1, argv + 1);
	cli_error("okänt underkommando \"%s\"", argv[1]);
	return cli_usage_error("invoice");
}
