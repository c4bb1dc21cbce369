/* `norrsken import population FILE`: population figures from SCB (R3), all or nothing. */
#include "base/buf.h"
#include "base/date.h"
#include "cli/cli.h"
#include "domain/popfile.h"
#include "store/setup.h"

#include <errno.h>
#include <string.h>

#define IMPORT_MAX_BYTES (16 * 1024 * 1024)

static void import_help(void)
{
	puts("Användning: norrsken import population FIL [--date ÅÅÅÅ-MM-DD]\n"
	     "                                          [--format csv|jsonstat]\n"
	     "\n"
	     "Läser in befolkning per kommun från SCB. Två format:\n"
	     "  csv       semikolonseparerad text, en kommun per rad: kod;namn;befolkning\n"
	     "            (en rubrikrad får finnas först); --date krävs\n"
	     "  jsonstat  SCB:s PxWeb-format JSON-stat 2 med dimensionen Region; datum tas\n"
	     "            från tidsdimensionen (år = 31 december, månad = sista dagen) om\n"
	     "            --date saknas\n"
	     "Formatet gissas från filens innehåll om --format saknas. Vid minsta fel sparas\n"
	     "ingenting och felet anges med rad och fält.\n"
	     "\n"
	     "  --date DATUM    referensdatum för befolkningen, t.ex. 2023-11-01\n"
	     "  --format FMT    csv eller jsonstat\n"
	     "  -h, --help      visa denna hjälp");
}

static int read_file(const char *path, struct buf *out)
{
	char chunk[65536];
	FILE *f = fopen(path, "rb");
	size_t n;
	int rc = 0;

	if (f == NULL) {
		cli_error("%s: kan inte öppna filen (%s)", path, strerror(errno));
		return CLI_FAIL;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (buf_append(out, chunk, n) != 0) {
			cli_error("%s: filen är större än %d MB", path, IMPORT_MAX_BYTES >> 20);
			rc = CLI_FAIL;
			break;
		}
	}
	if (rc == 0 && ferror(f)) {
		cli_error("%s: läsfel", path);
		rc = CLI_FAIL;
	}
	fclose(f);
	return rc;
}

static int import_population(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"date", required_argument, NULL, 'd'},
					     {"format", required_argument, NULL, 'f'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	const char *date = NULL, *path;
	enum popfile_format fmt = POPFILE_AUTO;
	struct nrs_error err = {0};
	struct pop_file pf = {0};
	struct nrs_date d;
	struct store *st = NULL;
	struct buf data;
	int c, r = CLI_FAIL;

	cli_reset_getopt();
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': date = optarg; break;
		case 'f':
			if (strcmp(optarg, "csv") == 0)
				fmt = POPFILE_CSV;
			else if (strcmp(optarg, "jsonstat") == 0)
				fmt = POPFILE_JSONSTAT;
			else {
				cli_error("--format: ska vara csv eller jsonstat");
				return CLI_USAGE;
			}
			break;
		case 'h': import_help(); return CLI_OK;
		default: return cli_usage_error("import");
		}
	}
	if (optind != argc - 1) {
		cli_error("ange en fil att läsa in");
		return cli_usage_error("import");
	}
	path = argv[optind];
	if (date && date_parse(date, &d) != 0) {
		cli_error("--date: \"%s\" är inget giltigt datum (ÅÅÅÅ-MM-DD)", date);
		return CLI_USAGE;
	}
	buf_init(&data, IMPORT_MAX_BYTES);
	if (read_file(path, &data) != 0)
		goto out;
	if (popfile_parse(buf_cstr(&data), data.len, fmt, path, &pf, &err) != 0) {
		cli_error("%s", err.msg);
		goto out;
	}
	if (date == NULL)
		date = pf.ref_date[0] ? pf.ref_date : NULL;
	if (date == NULL) {
		cli_error("%s: filen anger inget datum; ange --date", path);
		goto out;
	}
	if (cli_open_store(ctx, &st) != CLI_OK)
		goto out;
	if (store_population_import(st, &pf, date, path, &err) != 0) {
		cli_error("%s", err.msg[0] ? err.msg : "inläsningen misslyckades");
		goto out;
	}
	printf("%zu kommuner inlästa med befolkning per %s.\n", pf.count, date);
	r = CLI_OK;
out:
	store_close(st);
	popfile_free(&pf);
	buf_free(&data);
	return r;
}

int cli_import_main(struct cli_ctx *ctx, int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		import_help();
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	if (strcmp(argv[1], "population") == 0)
		return import_population(ctx, argc - 1, argv + 1);
	cli_error("okänt kommando 'import %s'", argv[1]);
	return cli_usage_error("import");
}
