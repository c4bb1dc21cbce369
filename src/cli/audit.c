/* Placeholder until the 'audit' command lands in this session. */
#include "cli/cli.h"

int cli_audit_main(struct cli_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	(void)argc;
	(void)argv;
	cli_error("kommandot 'audit' finns inte ännu");
	return CLI_FAIL;
}
