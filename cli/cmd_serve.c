/* cmd_serve.c — `serve [--port N] [--bind ADDR] [--threads N]
 * [--base-url URL] [--trust-proxy] [--request-timeout MS]`: the HTTP API
 * and the web pages until SIGINT/SIGTERM. */
#include <stdlib.h>

#include "cli.h"
#include "server.h"

#define SERVE_PORT 8080

int cmd_serve(struct cli *c)
{
	struct server_config cfg = {0};
	struct ct_error err = {0};
	const char *db = c->db ? c->db : getenv("CITECTX_DB");

	if (c->nargs)
		return cli_usage(c, "takes no arguments");
	cfg.db = db && *db ? db : "citectx.db";
	cfg.bind = c->bind;
	cfg.base_url = c->base_url;
	cfg.port = c->port_set ? c->port : SERVE_PORT;
	cfg.threads = c->threads;
	cfg.trust_proxy = c->trust_proxy;
	cfg.request_ms = c->request_ms;
	return server_run(&cfg, &err) ? cli_fail(&err) : 0;
}
