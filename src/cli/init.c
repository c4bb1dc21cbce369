/* `norrsken init` and `norrsken demo`: create a database with reference data and a
 * county's configuration, the key file, and the first administrator, all or nothing. */
#include "base/embed.h"
#include "base/str.h"
#include "cli/cli.h"
#include "security/account.h"
#include "security/crypto.h"
#include "security/roles.h"
#include "store/reference.h"
#include "store/setup.h"

#include <sodium.h>

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

/* Use the key file if there is one (a database restored beside its key), otherwise create
 * it. *created tells the caller to delete it again if setup fails. */
static int prepare_keys(const char *path, struct crypto_keys *keys, int *created,
			struct nrs_error *err)
{
	int r;

	*created = 0;
	if (access(path, F_OK) != 0) {
		r = crypto_keyfile_create(path, err);
		if (r != 0)
			return r;
		*created = 1;
	}
	return crypto_keyfile_load(path, keys, err);
}

int cli_setup_database_with(struct cli_ctx *ctx, const char *county, const char *host,
			    cli_setup_hook hook, void *hook_ctx, struct store **out)
{
	struct nrs_error err = {0};
	struct crypto_keys keys;
	struct store *st = NULL;
	int r, created = access(ctx->cfg.db_path, F_OK) != 0, key_created = 0;

	*out = NULL;
	memset(&keys, 0, sizeof(keys));
	if (crypto_init() != 0) {
		cli_error("libsodium kunde inte startas");
		return CLI_FAIL;
	}
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
	if (r == 0)
		r = prepare_keys(ctx->cfg.key_path, &keys, &key_created, &err);
	if (r != 0)
		goto fail;
	/* one transaction for everything, so a failure leaves no half-configured county */
	r = store_tx_begin(st);
	if (r == 0)
		r = store_load_reference(st, &err);
	if (r == 0)
		r = load_region(st, county ? county : "23", host, &err);
	if (r == 0 && hook)
		r = hook(st, &keys, hook_ctx, &err);
	if (r != 0) {
		store_tx_rollback(st);
		goto fail;
	}
	r = store_tx_commit(st);
	if (r != 0)
		goto fail;
	crypto_keys_wipe(&keys);
	*out = st;
	return CLI_OK;
fail:
	crypto_keys_wipe(&keys);
	cli_error("%s", err.msg[0] ? err.msg : nrs_strerror(r));
	store_close(st);
	if (created)
		remove_db_files(ctx->cfg.db_path);
	if (key_created)
		unlink(ctx->cfg.key_path);
	return CLI_FAIL;
}

int cli_setup_database(struct cli_ctx *ctx, const char *county, const char *host,
		       struct store **out)
{
	return cli_setup_database_with(ctx, county, host, NULL, NULL, out);
}

struct admin_ctx {
	char otp[ACCOUNT_OTP_CHARS + 1];
	char org_name[801];
};

struct find_org {
	const char *municipality; /* NULL: any organisation of the kind */
	int64_t id;
	char name[801];
};

static int match_org(const struct org_row *o, void *vctx)
{
	struct find_org *f = vctx;

	if (f->id != 0 || !o->active)
		return 0;
	if (f->municipality &&
	    (o->municipality_code == NULL || strcmp(o->municipality_code, f->municipality) != 0))
		return 0;
	f->id = o->id;
	snprintf(f->name, sizeof(f->name), "%s", o->name);
	return 0;
}

int64_t cli_find_org(struct store *st, const char *kind, const char *municipality, char *name,
		     size_t namesz)
{
	struct find_org f = {municipality, 0, ""};

	if (store_org_list(st, kind, match_org, &f) != 0)
		return 0;
	if (name && namesz)
		snprintf(name, namesz, "%s", f.name);
	return f.id;
}

/* The first administrator belongs to the centre; a county configured without one (init
 * --county) gets it at the host municipality, which runs the centre. */
static int create_admin(struct store *st, const struct crypto_keys *keys, void *vctx,
			struct nrs_error *err)
{
	struct admin_ctx *a = vctx;
	struct account_new in = {"admin", "Administratör", 0, ROLE_ADMIN};
	struct region_info ri;
	int r;

	(void)keys;
	in.organisation_id = cli_find_org(st, "centre", NULL, a->org_name, sizeof(a->org_name));
	if (in.organisation_id == 0) {
		r = store_region_get(st, &ri);
		if (r != 0)
			return nrs_error_set(err, r, "", "länets konfiguration kunde inte läsas");
		in.organisation_id = cli_find_org(st, "municipality", ri.host, a->org_name,
						  sizeof(a->org_name));
	}
	if (in.organisation_id == 0)
		return nrs_error_set(err, NRS_EINVAL, "organisation",
				     "det finns ingen organisation för administratören");
	return account_create(st, &in, NULL, a->otp, err);
}

static void init_help(void)
{
	puts("Användning: norrsken init [--county LÄN] [--host KOMMUNKOD]\n"
	     "\n"
	     "Skapar databasen med kommunregister, befolkning och länets samverkansparter,\n"
	     "nyckelfilen (om den inte redan finns; en befintlig nyckelfil återanvänds) och\n"
	     "den första administratören 'admin', vars engångslösenord skrivs ut en gång.\n"
	     "Utan --county används Jämtlands län (23) med parterna i samverkansavtalet.\n"
	     "Går något fel lämnas varken databas eller ny nyckelfil kvar.\n"
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
	struct admin_ctx admin;
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
	memset(&admin, 0, sizeof(admin));
	r = cli_setup_database_with(ctx, county, host, create_admin, &admin, &st);
	if (r != CLI_OK)
		return r;
	printf("Databasen %s är skapad.\n", ctx->cfg.db_path);
	printf("Nyckelfil: %s – ta en säkerhetskopia och förvara den skild från databasen.\n\n",
	       ctx->cfg.key_path);
	r = cli_print_summary(st);
	store_close(st);
	printf("\nFörsta administratören: admin (%s)\n", admin.org_name);
	printf("Engångslösenord: %s\n", admin.otp);
	printf("Lösenordet visas bara nu och måste bytas vid första inloggningen.\n");
	sodium_memzero(admin.otp, sizeof(admin.otp));
	return r;
}

struct summary_ctx {
	int n;
};

static int print_org(const struct org_row *o, void *vctx)
{
	struct summary_ctx *sc = vctx;

	sc->n++;
	fputs("  ", stdout);
	cli_print_col(o->name, 52);
	cli_print_col(o->org_number ? o->org_number : "-", 11);
	puts(o->member ? "medlem" : "");
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
