/* `norrsken serve`: open the database and the key file, start the web server and run until
 * SIGINT or SIGTERM, then shut down in order (stop accepting, finish requests, close the
 * threads' database connections, wipe the keys). */
#include "base/str.h"
#include "cli/cli.h"
#include "security/crypto.h"
#include "web/server.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static void serve_help(void)
{
	puts("Användning: norrsken serve [--listen ADRESS] [--port N]\n"
	     "\n"
	     "Startar webbservern. Den körs tills den får SIGINT (Ctrl-C) eller SIGTERM.\n"
	     "Databasen ska vara skapad med 'norrsken init' och nyckelfilen finnas\n"
	     "(inställningen [security] key_file, standard ./norrsken.key).\n"
	     "\n"
	     "  --listen ADRESS   IP-adress att lyssna på (standard 127.0.0.1)\n"
	     "  --port N          port, 0 väljer en ledig port (standard 8080)\n"
	     "  -h, --help        visa denna hjälp");
}

int cli_serve_main(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"listen", required_argument, NULL, 'l'},
	                                     {"port", required_argument, NULL, 'p'},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {NULL, 0, NULL, 0}};
	struct nrs_error err = {0};
	struct crypto_keys keys;
	struct web_server *srv = NULL;
	struct store *st = NULL;
	sigset_t set;
	int64_t port;
	int c, sig = 0, rc = CLI_FAIL;
	const char *host;

	cli_reset_getopt();
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'l':
			if (nrs_config_set_str(&ctx->cfg.listen_addr, optarg) != 0)
				return CLI_FAIL;
			break;
		case 'p':
			if (str_to_i64(optarg, 0, 65535, &port) != 0) {
				cli_error("--port: ange ett portnummer 0–65535");
				return CLI_USAGE;
			}
			ctx->cfg.port = (int)port;
			break;
		case 'h':
			serve_help();
			return CLI_OK;
		default:
			return cli_usage_error("serve");
		}
	}
	if (optind != argc)
		return cli_usage_error("serve");

	/* Check (and migrate) the database once here; worker threads open their own
	 * connections without migrating. */
	if (cli_open_store(ctx, &st) != CLI_OK)
		return CLI_FAIL;
	store_close(st);
	if (cli_load_keys(ctx, &keys) != CLI_OK)
		return CLI_FAIL;

	/* Block the signals before threads start so that every thread inherits the mask and
	 * only sigwait below receives them. */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	if (pthread_sigmask(SIG_BLOCK, &set, NULL) != 0) {
		cli_error("signaler kunde inte blockeras");
		goto out;
	}
	signal(SIGPIPE, SIG_IGN);

	if (web_server_start(&ctx->cfg, &keys, &srv, &err) != 0) {
		cli_error("%s", err.msg);
		goto out;
	}
	host = ctx->cfg.listen_addr;
	if (strchr(host, ':') != NULL)
		printf("Norrsken lyssnar på http://[%s]:%u/\n", host, web_server_port(srv));
	else
		printf("Norrsken lyssnar på http://%s:%u/\n", host, web_server_port(srv));
	fflush(stdout);

	if (sigwait(&set, &sig) != 0)
		goto out;
	printf("Norrsken stängs (signal %d).\n", sig);
	fflush(stdout);
	rc = CLI_OK;
out:
	web_server_stop(srv);
	crypto_keys_wipe(&keys);
	return rc;
}
