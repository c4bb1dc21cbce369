/* `norrsken demo`: a database with the Jämtland configuration, synthetic data and one user
 * per role for trying the program. Never real people. */
#include "base/date.h"
#include "base/str.h"
#include "cli/cli.h"
#include "cli/demo_data.h"
#include "cli/demo_national.h"
#include "security/account.h"
#include "security/crypto.h"
#include "security/economysvc.h"
#include "security/roles.h"

#include <sodium.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>


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
	int64_t user_id[ROLE_COUNT];
	int64_t org_id[ROLE_COUNT];
	struct demo_data_opts data; /* years 0: accounts only */
	struct demo_data_counts counts;
	int national; /* --scale national: bulk data instead of data */
	struct demo_national_opts national_opts;
	struct demo_national_counts national_counts;
};

static void demo_help(void)
{
	puts("Användning: norrsken demo [--password-file FIL] [--seed N] [--years N]\n"
	     "       norrsken demo --scale national [--fraction ANDEL] [--seed N]\n"
	     "\n"
	     "Skapar en demodatabas (Jämtlands län) med nyckelfil och ett konto per roll,\n"
	     "och visar vad den innehåller. Databasen får inte finnas sedan tidigare.\n"
	     "Kontonas användarnamn är rollens namn med punkt i stället för understreck\n"
	     "(admin, centre.staff, centre.manager, samrad.coordinator, municipal.officer,\n"
	     "agency.rep, steering, finance); deras engångslösenord skrivs ut en gång.\n"
	     "\n"
	     "Databasen fylls med påhittade klienter, ärenden, insatser, samtal och\n"
	     "polisremisser för åren fram till i dag. Namnen är vanliga svenska namn i\n"
	     "slumpade kombinationer och personnumren kommer bara från Skatteverkets\n"
	     "testpersonnummer: inga verkliga personer. Loggen anger användaren \"demo\"\n"
	     "(journalanteckningar: den behandlare som skrev dem).\n"
	     "\n"
	     "  --password-file FIL   endast för automatiska tester: alla demokonton får\n"
	     "                        lösenordet i FIL (första raden) och behöver inte byta\n"
	     "                        det vid inloggning. Använd aldrig i drift.\n"
	     "  --seed N              frö för slumpen (standard 1): samma frö och samma dag\n"
	     "                        ger samma uppgifter\n"
	     "  --years N             antal år med påhittade uppgifter, 0–10 (standard 3);\n"
	     "                        0 skapar bara kontona\n"
	     "  --scale national      i stället för länets demodata: syntetiska uppgifter i\n"
	     "                        hela landets storlek under tio år fram till i dag\n"
	     "                        (omkring 500 000 klienter, 1 000 000 insatser och\n"
	     "                        5 000 000 samtal, alla kommuner) för prestandamätning;\n"
	     "                        skrivs direkt i databasen utan loggrad per post och tar\n"
	     "                        några minuter. Namnen är \"Syntetisk NNNNNN\", utan\n"
	     "                        personnummer. --scale county är länets demodata.\n"
	     "  --fraction ANDEL      med --scale national: bara denna andel av mängderna,\n"
	     "                        över 0 och högst 1 (standard 1), t.ex. 0.01 för en\n"
	     "                        hundradel i tester\n"
	     "  -h, --help            visa denna hjälp");
}

/* A share 0 < x <= 1 written with a decimal point ("0.01") or comma ("0,01"). */
static int parse_fraction(const char *s, double *out)
{
	char text[32], *end = NULL;
	double v;

	if (strlen(s) == 0 || strlen(s) >= sizeof(text))
		return -1;
	memcpy(text, s, strlen(s) + 1);
	for (char *p = text; *p; p++)
		if (*p == ',')
			*p = '.';
	v = strtod(text, &end);
	if (end == text || *end != '\0' || !(v > 0.0 && v <= 1.0))
		return -1;
	*out = v;
	return 0;
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

/* The index in demo_users of the account with this role (each role has one). */
static int demo_user_index(unsigned role)
{
	int i = 0;

	while (i < ROLE_COUNT - 1 && demo_users[i].role != role)
		i++;
	return i;
}

static int create_demo_users(struct store *st, const struct crypto_keys *keys, void *vctx,
			     struct nrs_error *err)
{
	struct demo_ctx *d = vctx;
	int r = 0;

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
		d->user_id[i] = id;
		d->org_id[i] = in.organisation_id;
	}
	/* the agreement's 2025 budget (R24), for the economy pages */
	if (r == 0)
		r = economysvc_load_budget_2025(st, keys, &(struct clientsvc_actor){0, "demo", 0,
		                                                NULL, date_today()}, err);
	/* The casework is made in the same setup transaction as the accounts: one commit
	 * (fast: no sync per record) and a failure leaves no half-filled demo behind. */
	if (r == 0 && d->national) {
		d->national_opts.centre_id = d->org_id[demo_user_index(ROLE_CENTRE_STAFF)];
		d->national_opts.staff_id = d->user_id[demo_user_index(ROLE_CENTRE_STAFF)];
		d->national_opts.progress = stderr;
		r = demo_national_generate(st, keys, &d->national_opts, &d->national_counts, err);
	}
	if (r == 0 && d->data.years > 0) {
		int staff = demo_user_index(ROLE_CENTRE_STAFF);
		int manager = demo_user_index(ROLE_CENTRE_MANAGER);

		d->data.centre_id = d->org_id[staff];
		d->data.staff_id = d->user_id[staff];
		d->data.staff_username = demo_users[staff].username;
		d->data.manager_id = d->user_id[manager];
		d->data.manager_username = demo_users[manager].username;
		d->data.progress = stdout;
		r = demo_data_generate(st, keys, &d->data, &d->counts, err);
	}
	return r;
}

int cli_demo_main(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"password-file", required_argument, NULL, 'p'},
					     {"seed", required_argument, NULL, 's'},
					     {"years", required_argument, NULL, 'y'},
					     {"scale", required_argument, NULL, 'S'},
					     {"fraction", required_argument, NULL, 'f'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	int64_t seed = DEMO_DEFAULT_SEED, years = DEMO_DEFAULT_YEARS;
	int national = 0, years_given = 0;
	double fraction = 1.0;
	const char *fraction_arg = NULL;
	struct timespec t0, t1;
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
		case 's':
			if (str_to_i64(optarg, 0, INT64_MAX, &seed) != 0) {
				cli_error("--seed: ange ett heltal från 0");
				return CLI_USAGE;
			}
			break;
		case 'y':
			if (str_to_i64(optarg, 0, DEMO_MAX_YEARS, &years) != 0) {
				cli_error("--years: ange ett antal år, 0–%d", DEMO_MAX_YEARS);
				return CLI_USAGE;
			}
			years_given = 1;
			break;
		case 'S':
			if (strcmp(optarg, "national") == 0) {
				national = 1;
			} else if (strcmp(optarg, "county") == 0) {
				national = 0;
			} else {
				cli_error("--scale: ange national eller county");
				return CLI_USAGE;
			}
			break;
		case 'f': fraction_arg = optarg; break;
		case 'h': demo_help(); return CLI_OK;
		default: return cli_usage_error("demo");
		}
	}
	if (optind != argc)
		return cli_usage_error("demo");
	if (fraction_arg != NULL && parse_fraction(fraction_arg, &fraction) != 0) {
		cli_error("--fraction: ange en andel över 0 och högst 1, t.ex. 0.01");
		return CLI_USAGE;
	}
	if (national ? years_given : fraction_arg != NULL) {
		cli_error(national ? "--years gäller inte med --scale national (alltid tio år)"
				   : "--fraction gäller bara med --scale national");
		return CLI_USAGE;
	}
	d = calloc(1, sizeof(*d));
	if (d == NULL) {
		cli_error("minnet tog slut");
		return CLI_FAIL;
	}
	d->data.seed = (uint64_t)seed;
	d->data.years = national ? 0 : (int)years;
	d->data.today = date_today();
	d->data.now = (int64_t)time(NULL);
	d->national = national;
	d->national_opts.seed = (uint64_t)seed;
	d->national_opts.fraction = fraction;
	d->national_opts.today = d->data.today;
	d->national_opts.now = d->data.now;
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
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = cli_setup_database_with(ctx, NULL, NULL, create_demo_users, d, &st);
	if (r != CLI_OK)
		goto out;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("Demodatabasen %s är skapad.\n\n", ctx->cfg.db_path);
	r = cli_print_summary(st);
	store_close(st);
	if (d->data.years > 0) {
		putchar('\n');
		demo_data_print(&d->counts, stdout);
	}
	if (d->national) {
		putchar('\n');
		demo_national_print(&d->national_counts, stdout);
		printf("  Tid:               %.1f s\n",
		       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	}
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
