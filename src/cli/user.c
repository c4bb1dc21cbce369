/* `norrsken user add|list|reset|deactivate|token`: user accounts from the shell. One-time
 * passwords and API tokens are printed once, to stdout, and never stored or logged. */
#include "base/str.h"
#include "cli/cli.h"
#include "security/account.h"
#include "security/crypto.h"
#include "security/roles.h"

#include <sodium.h>

#include <string.h>

static void user_help(FILE *out)
{
	fputs("Användning: norrsken user add --username NAMN --name \"För- och efternamn\"\n"
	     "                              --org ID --role ROLL [--role ROLL ...]\n"
	     "            norrsken user list\n"
	     "            norrsken user reset ANVÄNDARNAMN\n"
	     "            norrsken user deactivate ANVÄNDARNAMN\n"
	     "            norrsken user token ANVÄNDARNAMN --label ETIKETT\n"
	     "\n"
	     "Hanterar användarkonton.\n"
	     "\n"
	     "  add          skapar ett konto och skriver ut ett engångslösenord, som bara\n"
	     "               visas denna gång och måste bytas vid första inloggningen\n"
	     "  list         visar alla konton med organisation, roller och status\n"
	     "  reset        ger kontot ett nytt engångslösenord, häver låsning och\n"
	     "               loggar ut kontot överallt\n"
	     "  deactivate   stänger kontot och loggar ut det överallt; historiken finns kvar\n"
	     "  token        skapar en API-nyckel för kontot; den visas bara denna gång\n"
	     "\n"
	     "  --username NAMN   2–64 tecken: a–z, 0–9, punkt, bindestreck, understreck\n"
	     "  --name NAMN       namnet som visas (1–200 tecken)\n"
	     "  --org ID          organisationens id (se 'norrsken org list')\n"
	     "  --role ROLL       admin, centre_staff, centre_manager, samrad_coordinator,\n"
	     "                    municipal_officer, agency_rep, steering eller finance;\n"
	     "                    kan anges flera gånger\n"
	     "  --label ETIKETT   vad nyckeln används till (1–100 tecken)\n"
	     "  -h, --help        visa denna hjälp\n",
	     out);
}

/* The command-line option that corresponds to a validation field, so the message names
 * what the user typed. */
static const char *option_for(const char *field)
{
	static const struct {
		const char *field, *option;
	} map[] = {{"anvandarnamn", "--username"}, {"namn", "--name"}, {"organisation", "--org"},
		   {"roller", "--role"},              {"etikett", "--label"}};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].field, field) == 0)
			return map[i].option;
	return field;
}

static int report(const struct nrs_error *err, int rc)
{
	const char *msg = err->msg[0] ? err->msg : nrs_strerror(rc);

	if (err->field[0])
		cli_error("%s: %s", option_for(err->field), msg);
	else
		cli_error("%s", msg);
	return CLI_FAIL;
}

static int parse_help_only(int argc, char **argv, const char *what)
{
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	int c;

	cli_reset_getopt();
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h') {
			user_help(stdout);
			return -1;
		}
		return cli_usage_error("user");
	}
	if (optind != argc - 1) {
		cli_error("ange %s", what);
		return cli_usage_error("user");
	}
	return 0;
}

static int user_add(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"username", required_argument, NULL, 'u'},
					     {"name", required_argument, NULL, 'n'},
					     {"org", required_argument, NULL, 'o'},
					     {"role", required_argument, NULL, 'r'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	struct account_new in = {0};
	struct nrs_error err = {0};
	char otp[ACCOUNT_OTP_CHARS + 1] = "";
	const char *org = NULL;
	struct store *st = NULL;
	int c, r;
	int64_t id;

	cli_reset_getopt();
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'u': in.username = optarg; break;
		case 'n': in.display_name = optarg; break;
		case 'o': org = optarg; break;
		case 'r': {
			unsigned bit = role_from_name(optarg);
			if (bit == 0) {
				cli_error("--role: okänd roll \"%s\" (se 'norrsken user --help')",
					  optarg);
				return CLI_USAGE;
			}
			in.roles |= bit;
			break;
		}
		case 'h': user_help(stdout); return CLI_OK;
		default: return cli_usage_error("user");
		}
	}
	if (optind != argc)
		return cli_usage_error("user");
	if (in.username == NULL) {
		cli_error("--username: ange ett användarnamn");
		return CLI_USAGE;
	}
	if (in.display_name == NULL) {
		cli_error("--name: ange namnet som ska visas");
		return CLI_USAGE;
	}
	if (org == NULL || str_to_i64(org, 1, INT64_MAX, &in.organisation_id) != 0) {
		cli_error("--org: ange organisationens id som ett tal (se 'norrsken org list')");
		return CLI_USAGE;
	}
	if (in.roles == 0) {
		cli_error("--role: ange minst en roll");
		return CLI_USAGE;
	}
	if (crypto_init() != 0) {
		cli_error("libsodium kunde inte startas");
		return CLI_FAIL;
	}
	if (cli_open_store(ctx, &st) != CLI_OK)
		return CLI_FAIL;
	r = account_create(st, &in, &id, otp, &err);
	store_close(st);
	if (r != 0)
		return report(&err, r);
	printf("Användaren %s är skapad.\n", in.username);
	printf("Engångslösenord: %s\n", otp);
	printf("Lösenordet visas bara nu och måste bytas vid första inloggningen.\n");
	sodium_memzero(otp, sizeof(otp));
	return CLI_OK;
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

static int print_user(const struct account *acc, void *vctx)
{
	char roles[256];

	(void)vctx;
	account_roles_format(acc->roles, ",", roles, sizeof(roles));
	put_col(acc->username, 20);
	put_col(acc->display_name, 28);
	put_col(acc->organisation_name, 40);
	put_col(roles, 28);
	put_col(acc->active ? "ja" : "nej", 5);
	puts(acc->must_change_password ? "ja" : "nej");
	return 0;
}

static int user_list(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	struct store *st = NULL;
	int c, r;

	cli_reset_getopt();
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h') {
			user_help(stdout);
			return CLI_OK;
		}
		return cli_usage_error("user");
	}
	if (optind != argc)
		return cli_usage_error("user");
	if (cli_open_store(ctx, &st) != CLI_OK)
		return CLI_FAIL;
	put_col("ANVÄNDARNAMN", 20);
	put_col("NAMN", 28);
	put_col("ORGANISATION", 40);
	put_col("ROLLER", 28);
	put_col("AKTIV", 5);
	puts("MÅSTE BYTA LÖSENORD");
	r = account_list(st, print_user, NULL);
	store_close(st);
	if (r != 0) {
		cli_error("användarna kunde inte läsas: %s", nrs_strerror(r));
		return CLI_FAIL;
	}
	return CLI_OK;
}

/* Open the store and look the named user up; prints the reason on failure. */
static int open_user(struct cli_ctx *ctx, const char *username, struct store **st,
		     struct account *acc)
{
	int r;

	if (crypto_init() != 0) {
		cli_error("libsodium kunde inte startas");
		return CLI_FAIL;
	}
	if (cli_open_store(ctx, st) != CLI_OK)
		return CLI_FAIL;
	r = account_get_by_username(*st, username, acc);
	if (r != 0) {
		cli_error(r == NRS_ENOTFOUND ? "användaren finns inte" : "användaren kunde inte läsas");
		store_close(*st);
		*st = NULL;
		return CLI_FAIL;
	}
	return CLI_OK;
}

static int user_reset(struct cli_ctx *ctx, int argc, char **argv)
{
	struct nrs_error err = {0};
	char otp[ACCOUNT_OTP_CHARS + 1] = "";
	struct account acc;
	struct store *st = NULL;
	int r = parse_help_only(argc, argv, "användarnamnet");

	if (r != 0)
		return r < 0 ? CLI_OK : r;
	if (open_user(ctx, argv[argc - 1], &st, &acc) != CLI_OK)
		return CLI_FAIL;
	r = account_reset(st, acc.id, otp, &err);
	store_close(st);
	if (r != 0)
		return report(&err, r);
	printf("Lösenordet för %s är återställt och kontot är utloggat överallt.\n", acc.username);
	printf("Engångslösenord: %s\n", otp);
	printf("Lösenordet visas bara nu och måste bytas vid nästa inloggning.\n");
	sodium_memzero(otp, sizeof(otp));
	return CLI_OK;
}

static int user_deactivate(struct cli_ctx *ctx, int argc, char **argv)
{
	struct nrs_error err = {0};
	struct account acc;
	struct store *st = NULL;
	int r = parse_help_only(argc, argv, "användarnamnet");

	if (r != 0)
		return r < 0 ? CLI_OK : r;
	if (open_user(ctx, argv[argc - 1], &st, &acc) != CLI_OK)
		return CLI_FAIL;
	r = account_deactivate(st, acc.id, &err);
	store_close(st);
	if (r != 0)
		return report(&err, r);
	printf("Kontot %s är inaktiverat och utloggat överallt.\n", acc.username);
	return CLI_OK;
}

static int user_token(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"label", required_argument, NULL, 'l'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	struct nrs_error err = {0};
	char token[64] = "";
	const char *label = NULL;
	struct account acc;
	struct store *st = NULL;
	int c, r;

	cli_reset_getopt();
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'l': label = optarg; break;
		case 'h': user_help(stdout); return CLI_OK;
		default: return cli_usage_error("user");
		}
	}
	if (optind != argc - 1) {
		cli_error("ange användarnamnet");
		return cli_usage_error("user");
	}
	if (label == NULL) {
		cli_error("--label: ange vad nyckeln ska användas till");
		return CLI_USAGE;
	}
	if (open_user(ctx, argv[optind], &st, &acc) != CLI_OK)
		return CLI_FAIL;
	r = account_api_token_create(st, acc.id, label, token, &err);
	store_close(st);
	if (r != 0)
		return report(&err, r);
	printf("API-nyckel för %s: %s\n", acc.username, token);
	printf("Nyckeln visas bara nu. Skicka den som 'Authorization: Bearer NYCKEL'.\n");
	sodium_memzero(token, sizeof(token));
	return CLI_OK;
}

int cli_user_main(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(struct cli_ctx *, int, char **);
	} subs[] = {{"add", user_add},
		    {"list", user_list},
		    {"reset", user_reset},
		    {"deactivate", user_deactivate},
		    {"token", user_token}};

	if (argc < 2) {
		user_help(stderr);
		return CLI_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		user_help(stdout);
		return CLI_OK;
	}
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return subs[i].fn(ctx, argc - 1, argv + 1);
	cli_error("okänt kommando 'user %s'", argv[1]);
	return cli_usage_error("user");
}
