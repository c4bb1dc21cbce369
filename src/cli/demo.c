/* `norrsken demo`: a database with the Jämtland configuration, synthetic data and one user
 * per role for trying the program. Never real people. */
#include "cli/cli.h"
#include "security/account.h"
#include "security/crypto.h"
#include "security/roles.h"

#include <sodium.h>

#include <stdlib.h>
#include <string.h>


/* One demo account per role, at an organisation where someone in that role would work.
 * The user name is the role name with '_' written '.' (centre_staff -> centre.staff). */
static const struct demo_user {
	unsigned role;
	const char *username;
	const char *display_name;
	const char *org_kind;
	const char *municipality; /* NULL: the organisation of that kind */
} demo_users[ROLE_COUNT] = {
	{ROLE_ADMIN, "admin", "Demo Administratör", "centre", NULL},
	{ROLE_CENTRE_STAFF, "centre.staff", "Demo Behandlare", "centre", NULL},
	{ROLE_CENTRE_MANAGER, "centre.manager", "Demo Verksamhetsledare", "centre", NULL},
	{ROLE_SAMRAD_COORDINATOR, "samrad.coordinator", "Demo Samordnare", "centre", NULL},
	{ROLE_MUNICIPAL_OFFICER, "municipal.officer", "Demo Handläggare Krokom", "municipality",
	 "2309"},
	{ROLE_AGENCY_REP, "agency.rep", "Demo Polisrepresentant", "police", NULL},
	{ROLE_STEERING, "steering", "Demo Styrgruppsledamot Berg", "municipality", "2326"},
	{ROLE_FINANCE, "finance", "Demo Ekonom Östersund", "municipality", "2380"},
};

#define DEMO_PASSWORD_MAX (ACCOUNT_MAX_PASSWORD + 2)

struct demo_ctx {
	const char *password; /* from --password-file, or NULL for one-time passwords */
	char otp[ROLE_COUNT][ACCOUNT_OTP_CHARS + 1];
	char org[ROLE_COUNT][801];
};

static void demo_help(void)
{
	puts("Användning: norrsken demo [--password-file FIL]\n"
	     "\n"
	     "Skapar en demodatabas (Jämtlands län) med nyckelfil och ett konto per roll,\n"
	     "och visar vad den innehåller. Databasen får inte finnas sedan tidigare.\n"
	     "Kontonas användarnamn är rollens namn med punkt i stället för understreck\n"
	     "(admin, centre.staff, centre.manager, samrad.coordinator, municipal.officer,\n"
	     "agency.rep, steering, finance); deras engångslösenord skrivs ut en gång.\n"
	     "\n"
	     "  --password-file FIL   endast för automatiska tester: alla demokonton får\n"
	     "                        lösenordet i FIL (första raden) och behöver inte byta\n"
	     "                        det vid inloggning. Använd aldrig i drift.\n"
	     "  -h, --help            visa denna hjälp");
}

/* The first line of the file, without its line ending. */
static int read_password_file(const char *path, char out[DEMO_PASSWORD_MAX + 1])
{
	FILE *f = fopen(path, "rb");
	size_t n;
	char *nl;
	int rc = 0;

	if (f == NULL) {
		cli_error("--password-file: kan inte läsa %s", path);
		return CLI_FAIL;
	}
	n = fread(out, 1, DEMO_PASSWORD_MAX, f);
	if (ferror(f) || (n == DEMO_PASSWORD_MAX && fgetc(f) != EOF)) {
		cli_error("--password-file: %s är för stor eller går inte att läsa", path);
		rc = CLI_FAIL;
	}
	fclose(f);
	out[n] = '\0';
	nl = strpbrk(out, "\r\n");
	if (nl)
		*nl = '\0';
	return rc;
}

/* Print s left-aligned in width characters (not bytes: names are UTF-8) and a space. */
static void put_col(const char *s, size_t width)
{
	size_t chars = 0;

	for (const char *p = s; *p; p++)
		chars += ((unsigned char)*p & 0xc0) != 0x80;
	fputs(s, stdout);
	for (; chars < width; chars++)
		putchar(' ');
	putchar(' ');
}

static int create_demo_users(struct store *st, const struct crypto_keys *keys, void *vctx,
			     struct nrs_error *err)
{
	struct demo_ctx *d = vctx;
	int r = 0;

	(void)keys;
	for (int i = 0; r == 0 && i < ROLE_COUNT; i++) {
		const struct demo_user *u = &demo_users[i];
		struct account_new in = {u->username, u->display_name, 0, u->role};
		int64_t id = 0;

		in.organisation_id =
			cli_find_org(st, u->org_kind, u->municipality, d->org[i], sizeof(d->org[i]));
		if (in.organisation_id == 0)
			return nrs_error_set(err, NRS_EINVAL, "organisation",
					     "demoorganisationen för %s saknas", u->username);
		r = account_create(st, &in, &id, d->otp[i], err);
		if (r == 0 && d->password)
			r = account_set_password(st, id, d->password, 0, err);
	}
	return r;
}

int cli_demo_main(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"password-file", required_argument, NULL, 'p'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	char password[DEMO_PASSWORD_MAX + 1];
	struct nrs_error err = {0};
	struct demo_ctx *d = NULL;
	const char *password_file = NULL;
	struct store *st = NULL;
	int c, r;

	cli_reset_getopt();
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'p': password_file = optarg; break;
		case 'h': demo_help(); return CLI_OK;
		default: return cli_usage_error("demo");
		}
	}
	if (optind != argc)
		return cli_usage_error("demo");
	d = calloc(1, sizeof(*d));
	if (d == NULL) {
		cli_error("minnet tog slut");
		return CLI_FAIL;
	}
	password[0] = '\0';
	if (password_file) {
		/* checked before anything is created, so a bad file leaves nothing behind */
		r = read_password_file(password_file, password);
		if (r == CLI_OK && account_password_ok(NULL, password, "losenord", &err) != 0) {
			cli_error("--password-file: %s", err.msg);
			r = CLI_FAIL;
		}
		if (r != CLI_OK)
			goto out;
		d->password = password;
	}
	r = cli_setup_database_with(ctx, NULL, NULL, create_demo_users, d, &st);
	if (r != CLI_OK)
		goto out;
	printf("Demodatabasen %s är skapad.\n\n", ctx->cfg.db_path);
	r = cli_print_summary(st);
	store_close(st);
	printf("\nDemokonton%s:\n", d->password ? " (lösenord från --password-file)"
					    : " (engångslösenorden visas bara nu)");
	fputs("  ", stdout);
	put_col("ANVÄNDARNAMN", 20);
	put_col("ROLL", 20);
	put_col("ENGÅNGSLÖSENORD", 22);
	puts("ORGANISATION");
	for (int i = 0; i < ROLE_COUNT; i++) {
		fputs("  ", stdout);
		put_col(demo_users[i].username, 20);
		put_col(role_name(i), 20);
		put_col(d->password ? "-" : d->otp[i], 22);
		puts(d->org[i]);
	}
out:
	sodium_memzero(password, sizeof(password));
	if (d)
		sodium_memzero(d, sizeof(*d));
	free(d);
	return r;
}
