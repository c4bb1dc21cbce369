/* Placeholder until the 'user' command lands in this session. */
#include "cli/cli.h"

int cli_user_main(struct cli_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	(void)argv;
	cli_error("kommandot 'user' finns inte ännu");
	return CLI_FAIL;
}
