/*
 * server.h — `citectx serve`: the HTTP API and web pages (SPEC §5).
 * server_run() opens the index (read-write once, to migrate it and to
 * serve user writes; read-only once per worker thread), listens, and
 * blocks until SIGINT or SIGTERM.  The access log (one line per request)
 * and the "listening on" line go to stderr.
 */
#ifndef CT_SERVER_H
#define CT_SERVER_H
#include "citectx.h"

struct server_config {
	const char *db;       /* index path */
	const char *bind;     /* address, default 127.0.0.1 */
	const char *base_url; /* public URL of the pages, default from bind */
	int port;             /* 0: any free port (printed) */
	int threads;          /* read connections, 0: one per CPU */
	int trust_proxy;      /* X-Forwarded-For names the client (forms.c) */
	int request_ms;       /* one request's time limit, 0: SRV_REQUEST_MS */
};

int server_run(const struct server_config *cfg, struct ct_error *err);

#endif
