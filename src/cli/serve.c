/* Placeholder until the 'serve' command lands in this session. */
#include "cli/cli.h"

int cli_serve_main(struct cli_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	(void)argv;
	cli_error("kommandot 'serve' finns inte ännu");
	return CLI_FAIL;
}
