/* `norrsken report annual|quality`: the annual activity report and the quality review
 * compilation (R31–R33) written to a file from the shell, in the same four formats as the
 * web page's downloads and with the same small-number protection ([report]
 * small_number_threshold). */
#include "base/buf.h"
#include "base/date.h"
#include "cli/cli.h"
#include "report/annual.h"
#include "security/economysvc.h"
#include "security/reportsvc.h"

#include <sodium.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void report_help(void)
{
	puts("Användning: norrsken report annual --year ÅR --format FORMAT -o FIL\n"
	     "                 [--per-municipality]\n"
	     "            norrsken report quality --year ÅR --format FORMAT -o FIL\n"
	     "                 [--per-municipality]\n"
	     "\n"
	     "annual skriver verksamhetsberättelsen för ÅR med de två föregående åren bredvid.\n"
	     "quality skriver sammanställningen för kvalitetsgranskningen: de två senaste åren\n"
	     "och den systematiska uppföljningen.\n"
	     "\n"
	     "Alla tal är skyddade: tal under tröskeln ([report] small_number_threshold,\n"
	     "standard 3) visas som \"<3\", och tal som annars skulle gå att räkna ut som \"..\".\n"
	     "Att rapporten tagits ut skrivs i loggen; därför behövs nyckelfilen\n"
	     "([security] key_file).\n"
	     "\n"
	     "  --year ÅR             rapportåret, fyra siffror (standard: innevarande år)\n"
	     "  --format FORMAT       html (utskriftsklart dokument med diagram), csv\n"
	     "                        (semikolon, UTF-8 med BOM), json eller xlsx\n"
	     "  -o, --output FIL      filen som skrivs (skrivs aldrig över)\n"
	     "  --per-municipality    en rad per medlemskommun i stället för värdkommunen och\n"
	     "                        övriga kommuner sammanslagna; bara för verksamhetsledaren,\n"
	     "                        inte för publicering\n"
	     "  -h, --help            visa denna hjälp\n"
	     "\n"
	     "Exempel: norrsken report annual --year 2025 --format html -o "
	     "verksamhetsberattelse-2025.html");
}

static const char *const formats[] = {"html", "csv", "json", "xlsx", NULL};

static bool format_known(const char *f)
{
	for (size_t i = 0; f != NULL && formats[i] != NULL; i++)
		if (strcmp(formats[i], f) == 0)
			return true;
	return false;
}

/* Write b to a new file at path; a half-written file is removed. */
static int write_new(const char *path, const struct buf *b)
{
	FILE *f = fopen(path, "wx");
	int ok;

	if (f == NULL)
		return NRS_EIO;
	ok = fwrite(b->data ? b->data : "", 1, b->len, f) == b->len;
	ok = (fclose(f) == 0) && ok;
	if (!ok)
		unlink(path);
	return ok ? 0 : NRS_EIO;
}

static int write_report(const struct annual_report *r, const char *format, const char *path,
                        struct nrs_error *err)
{
	struct buf b;
	int rc;

	if (strcmp(format, "xlsx") == 0)
		return annual_xlsx(r, path, err);
	buf_init(&b, BUF_DEFAULT_MAX);
	if (strcmp(format, "html") == 0)
		rc = annual_html_document(r, &b);
	else if (strcmp(format, "csv") == 0)
		rc = annual_csv(r, &b);
	else
		rc = annual_json(r, &b);
	if (rc != 0)
		nrs_error_set(err, rc, "", "rapporten kunde inte skrivas som %s", format);
	else if (write_new(path, &b) != 0)
		rc = nrs_error_set(err, NRS_EIO, "", "%s kunde inte skrivas", path);
	buf_free(&b);
	return rc;
}

/* Build, log and write the report. The view is logged before the file is written: at worst
 * the log names a report that was not delivered, never the other way round. */
static int make_report(struct cli_ctx *ctx, struct store *st, const struct reportsvc_opts *o,
                       struct annual_report *r, const char *format, const char *path,
                       struct nrs_error *err)
{
	struct clientsvc_actor actor = {0}; /* the system: the command line has no user */
	struct crypto_keys keys;
	int rc = reportsvc_build(st, o, r, err);

	if (rc != 0)
		return rc;
	if (cli_load_keys(ctx, &keys) != CLI_OK)
		return nrs_error_set(err, NRS_EIO, "", "nyckelfilen kan inte läsas");
	actor.today = o->today;
	rc = reportsvc_log_view(st, &keys, &actor, o, err);
	sodium_memzero(&keys, sizeof(keys));
	if (rc == 0)
		rc = write_report(r, format, path, err);
	return rc;
}

static int report_run(struct cli_ctx *ctx, int argc, char **argv, bool quality)
{
	static const struct option opts[] = {
	    {"year", required_argument, NULL, 'y'},   {"format", required_argument, NULL, 'f'},
	    {"output", required_argument, NULL, 'o'}, {"per-municipality", no_argument, NULL, 'm'},
	    {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
	struct reportsvc_opts o = {0};
	struct annual_report *r = NULL;
	const char *format = NULL, *path = NULL;
	struct nrs_error err = {0};
	struct store *st = NULL;
	int c, rc;

	o.today = date_today();
	o.year = o.today.year;
	o.quality = quality;
	o.threshold = ctx->cfg.report_threshold;
	cli_reset_getopt();
	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (c) {
		case 'y':
			if (economysvc_parse_year(optarg, "year", &o.year, &err) != 0) {
				cli_error("--year: %s", err.msg);
				return CLI_USAGE;
			}
			break;
		case 'f':
			format = optarg;
			break;
		case 'o':
			path = optarg;
			break;
		case 'm':
			o.per_municipality = true;
			break;
		case 'h':
			report_help();
			return CLI_OK;
		default:
			return cli_usage_error("report");
		}
	}
	if (optind != argc || path == NULL || !format_known(format)) {
		cli_error("ange --format html|csv|json|xlsx och -o FIL");
		return cli_usage_error("report");
	}
	if (access(path, F_OK) == 0) {
		cli_error("%s finns redan; välj ett annat filnamn", path);
		return CLI_FAIL;
	}
	r = malloc(sizeof(*r));
	if (r == NULL) {
		cli_error("minnet tog slut");
		return CLI_FAIL;
	}
	rpt_init(r);
	if (cli_open_store(ctx, &st) != CLI_OK) {
		free(r);
		return CLI_FAIL;
	}
	rc = make_report(ctx, st, &o, r, format, path, &err);
	if (rc != 0)
		cli_error("%s", err.msg[0] ? err.msg : "rapporten kunde inte göras");
	else
		printf("%s %d (%s%s) är skriven till %s.\n",
		       quality ? "Sammanställningen för kvalitetsgranskning"
		               : "Verksamhetsberättelsen",
		       o.year, format, o.per_municipality ? ", per kommun" : "", path);
	rpt_free(r);
	free(r);
	store_close(st);
	return rc == 0 ? CLI_OK : CLI_FAIL;
}

int cli_report_main(struct cli_ctx *ctx, int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		report_help();
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	if (strcmp(argv[1], "annual") == 0)
		return report_run(ctx, argc - 1, argv + 1, false);
	if (strcmp(argv[1], "quality") == 0)
		return report_run(ctx, argc - 1, argv + 1, true);
	cli_error("okänt underkommando \"%s\"", argv[1]);
	return cli_usage_error("report");
}
