/* cmd_serve.c — placeholder until the server lands */
#include "cli.h"
int cmd_serve(struct cli *c) { return cli_usage(c, "not built"); }
