/* `norrsken audit verify|export`: check the audit chain and export the log for review
 * (loggkontroll, R35). Both need the audit key from the key file; an export is itself
 * logged before any row leaves the database. */
#include "base/date.h"
#include "base/str.h"
#include "cli/cli.h"
#include "security/audit.h"
#include "security/crypto.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void audit_help(void)
{
	puts("Användning: norrsken audit verify [--anchor ID:KONTROLLSUMMA]\n"
	     "            norrsken audit export --from ÅÅÅÅ-MM-DD --to ÅÅÅÅ-MM-DD [-o FIL]\n"
	     "\n"
	     "verify  kontrollerar att loggen är hel: varje rad har rätt kontrollsumma och\n"
	     "        pekar på raden före. Ändrade, borttagna eller omflyttade rader upptäcks.\n"
	     "        Skriver ut senaste radens id och kontrollsumma: anteckna dem utanför\n"
	     "        systemet och ange dem senare med --anchor, så upptäcks även att rader\n"
	     "        tagits bort i slutet av loggen (det går inte att se i databasen själv).\n"
	     "        Slutstatus 0 om loggen är hel, 1 om den är bruten.\n"
	     "\n"
	     "export  skriver loggens rader för perioden som CSV (semikolon, UTF-8) till\n"
	     "        standard ut eller till FIL. Datum avser svensk tid, båda dagarna\n"
	     "        inräknade. Exporten loggas.\n"
	     "\n"
	     "  --anchor ID:SUMMA  kontrollera att rad ID finns kvar med kontrollsumman SUMMA\n"
	     "  --from DATUM       första dagen (ÅÅÅÅ-MM-DD)\n"
	     "  --to DATUM         sista dagen (ÅÅÅÅ-MM-DD), inräknad\n"
	     "  -o, --output FIL   skriv till FIL (skapas med behörighet 0600; finns den redan\n"
	     "                     avbryts exporten)\n"
	     "  -h, --help         visa denna hjälp\n"
	     "\n"
	     "Nyckeln läses från nyckelfilen i inställningarna ([security] key_file,\n"
	     "standard ./norrsken.key).");
}

/* "ID:HEX" with a positive id and 64 hex digits. */
static int parse_anchor(const char *s, int64_t *id, unsigned char hash[AUDIT_HASH_BYTES])
{
	const char *colon = strchr(s, ':');
	char num[24];
	size_t n, bin_len = 0;

	if (colon == NULL)
		return NRS_EINVAL;
	n = (size_t)(colon - s);
	if (n == 0 || n >= sizeof(num))
		return NRS_EINVAL;
	memcpy(num, s, n);
	num[n] = '\0';
	if (str_to_i64(num, 1, INT64_MAX, id) != 0)
		return NRS_EINVAL;
	if (strlen(colon + 1) != 2 * AUDIT_HASH_BYTES ||
	    sodium_hex2bin(hash, AUDIT_HASH_BYTES, colon + 1, 2 * AUDIT_HASH_BYTES, NULL, &bin_len,
			   NULL) != 0 ||
	    bin_len != AUDIT_HASH_BYTES)
		return NRS_EINVAL;
	return 0;
}

/* Verify reads only: open without migrating, so that checking a copy of a suspect file
 * cannot change it. */
static int open_existing(struct cli_ctx *ctx, struct store **st)
{
	struct nrs_error err = {0};

	if (access(ctx->cfg.db_path, F_OK) != 0) {
		cli_error("databasen %s finns inte", ctx->cfg.db_path);
		return CLI_FAIL;
	}
	if (store_open_nomigrate(ctx->cfg.db_path, st, &err) != 0) {
		cli_error("%s", err.msg);
		return CLI_FAIL;
	}
	return CLI_OK;
}

static int audit_verify_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"anchor", required_argument, NULL, 'a'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	struct crypto_keys keys;
	struct audit_verify_result res;
	struct store *st = NULL;
	unsigned char anchor_hash[AUDIT_HASH_BYTES];
	char hex[2 * AUDIT_HASH_BYTES + 1];
	int64_t anchor_id = 0;
	int c, rc, status = CLI_FAIL, have_keys = 0;

	cli_reset_getopt();
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if (parse_anchor(optarg, &anchor_id, anchor_hash) != 0) {
				cli_error("--anchor: ange ID:KONTROLLSUMMA (64 hexadecimala tecken)");
				return CLI_USAGE;
			}
			break;
		case 'h': audit_help(); return CLI_OK;
		default: return cli_usage_error("audit");
		}
	}
	if (optind != argc)
		return cli_usage_error("audit");
	if (open_existing(ctx, &st) != CLI_OK)
		goto out;
	if (cli_load_keys(ctx, &keys) != CLI_OK)
		goto out;
	have_keys = 1;
	rc = audit_verify_full(st, keys.audit, &res);
	if (rc == NRS_ECONFLICT) {
		printf("Loggen är bruten vid rad %lld.\n", (long long)res.bad_id);
		goto out;
	}
	if (rc != 0) {
		cli_error("loggen kunde inte kontrolleras: %s", nrs_strerror(rc));
		goto out;
	}
	if (anchor_id != 0) {
		rc = audit_anchor_check(st, anchor_id, anchor_hash);
		if (rc == NRS_ENOTFOUND) {
			printf("Loggen är bruten: rad %lld i ankaret saknas (loggen har kortats).\n",
			       (long long)anchor_id);
			goto out;
		}
		if (rc == NRS_ECONFLICT) {
			printf("Loggen är bruten vid rad %lld.\n", (long long)anchor_id);
			goto out;
		}
		if (rc != 0) {
			cli_error("loggen kunde inte kontrolleras: %s", nrs_strerror(rc));
			goto out;
		}
	}
	printf("Loggen är hel: %lld rader kontrollerade.\n", (long long)res.checked);
	if (res.last_id > 0) {
		sodium_bin2hex(hex, sizeof(hex), res.last_hash, sizeof(res.last_hash));
		printf("Ankare (senaste raden): %lld:%s\n", (long long)res.last_id, hex);
	}
	status = CLI_OK;
out:
	if (have_keys)
		crypto_keys_wipe(&keys);
	store_close(st);
	return status;
}

/* The day after date (YYYY-MM-DD), so that --to counts its own day. */
static int next_day(const char *date, char out[11])
{
	struct nrs_date d;

	if (date_parse(date, &d) != 0)
		return NRS_EINVAL;
	d = date_from_days(date_to_days(&d) + 1);
	date_format(&d, out);
	return 0;
}

static int audit_export_cmd(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"from", required_argument, NULL, 'f'},
					     {"to", required_argument, NULL, 't'},
					     {"output", required_argument, NULL, 'o'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	struct crypto_keys keys;
	struct nrs_error err = {0};
	struct nrs_date df, dt;
	struct store *st = NULL;
	const char *from = NULL, *to = NULL, *path = NULL;
	char to_excl[11], range[32];
	FILE *out = stdout;
	int c, rc, fd, status = CLI_FAIL, have_keys = 0, created = 0;

	cli_reset_getopt();
	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (c) {
		case 'f': from = optarg; break;
		case 't': to = optarg; break;
		case 'o': path = optarg; break;
		case 'h': audit_help(); return CLI_OK;
		default: return cli_usage_error("audit");
		}
	}
	if (optind != argc)
		return cli_usage_error("audit");
	/* both bounds required: an export is a deliberate look at a stated period */
	if (from == NULL || date_parse(from, &df) != 0) {
		cli_error("--from: ange första dagen som ÅÅÅÅ-MM-DD");
		return CLI_USAGE;
	}
	if (to == NULL || date_parse(to, &dt) != 0) {
		cli_error("--to: ange sista dagen som ÅÅÅÅ-MM-DD");
		return CLI_USAGE;
	}
	if (date_cmp(&df, &dt) > 0) {
		cli_error("--to: sista dagen ligger före första dagen");
		return CLI_USAGE;
	}
	if (next_day(to, to_excl) != 0)
		return CLI_USAGE;
	if (cli_open_store(ctx, &st) != CLI_OK)
		goto out;
	if (cli_load_keys(ctx, &keys) != CLI_OK)
		goto out;
	have_keys = 1;
	if (path) {
		/* the export holds personal data: only the owner may read it, and an existing
		 * file is never overwritten */
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0) {
			cli_error("%s: kan inte skapa filen (%s)", path,
				  errno == EEXIST ? "den finns redan" : strerror(errno));
			goto out;
		}
		created = 1;
		out = fdopen(fd, "w");
		if (out == NULL) {
			close(fd);
			cli_error("%s: kan inte skriva filen", path);
			goto out;
		}
	}
	/* log the export before any row leaves the database */
	snprintf(range, sizeof(range), "%s..%s", from, to);
	rc = audit_append(st,
			  keys.audit,
			  &(struct audit_entry){.action = "export",
						.record_kind = "audit_log",
						.record_id = range},
			  &err);
	if (rc == 0)
		rc = audit_export_csv(st, from, to_excl, out, &err);
	if (out != stdout) {
		if (fclose(out) != 0 && rc == 0)
			rc = nrs_error_set(&err, NRS_EIO, "", "%s: kan inte skriva filen", path);
		out = stdout;
	}
	if (rc != 0) {
		cli_error("%s", err.msg[0] ? err.msg : nrs_strerror(rc));
		goto out;
	}
	created = 0;
	status = CLI_OK;
out:
	if (out != stdout)
		fclose(out);
	if (created)
		unlink(path); /* leave no half-written export behind */
	if (have_keys)
		crypto_keys_wipe(&keys);
	store_close(st);
	return status;
}

int cli_audit_main(struct cli_ctx *ctx, int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		audit_help();
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	if (strcmp(argv[1], "verify") == 0)
		return audit_verify_cmd(ctx, argc - 1, argv + 1);
	if (strcmp(argv[1], "export") == 0)
		return audit_export_cmd(ctx, argc - 1, argv + 1);
	cli_error("okänt kommando 'audit %s'", argv[1]);
	return cli_usage_error("audit");
}
