/*
 * server.c — the only file that knows libmicrohttpd.
 *
 * libmicrohttpd runs a pool of worker threads (MHD_OPTION_THREAD_POOL_SIZE);
 * each request borrows a read-only index connection from struct pool (as
 * many connections as workers, so a request never waits for one), is
 * turned into a struct req (http.h) and answered by request.c (the same
 * path the HTTP fuzz target drives), and its struct resp becomes the HTTP
 * response.  Bodies are read into a
 * buffer capped at SRV_BODY_MAX (413 beyond); headers are capped by the
 * connection memory limit, connections by count, per IP and by an idle
 * timeout.  Successful GETs carry a strong ETag (a hash of the body) and
 * answer If-None-Match with 304.  Each request writes one access-log line
 * to stderr when it completes.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "buf.h"
#include "err.h"
#include "http.h"
#include "server.h"

/* Read connections, one per worker thread. */
struct pool {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct ct_index **free;
	size_t nfree, n;
};

struct server {
	struct srv srv;
	struct pool pool;
	struct MHD_Daemon *d;
};

/* Per-connection request state (MHD's con_cls). */
struct creq {
	struct req rq;
	struct ct_buf body;
	int too_big;
	struct timespec t0;
	int status;
	size_t bytes;
	char client[64];
};

/* ---- the connection pool -------------------------------------------------- */

static int pool_open(struct pool *p, const char *db, size_t n,
		     struct ct_error *err)
{
	int rc = 0;

	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	p->free = calloc(n, sizeof(*p->free));
	if (!p->free)
		return err_set(err, CT_ENOMEM, "server: out of memory");
	/* long-lived: each keeps the search cache (citectx.h) */
	for (; p->n < n && !rc; p->n++)
		rc = ct_open(db, CT_OPEN_READONLY | CT_OPEN_SEARCH_CACHE,
			     &p->free[p->n], err);
	if (rc)
		p->n--;
	p->nfree = p->n;
	return rc;
}

static void pool_close(struct pool *p)
{
	for (size_t i = 0; i < p->nfree; i++)
		ct_close(p->free[i]);
	free(p->free);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
}

static struct ct_index *pool_get(struct pool *p)
{
	struct ct_index *idx;

	pthread_mutex_lock(&p->mu);
	while (!p->nfree)
		pthread_cond_wait(&p->cv, &p->mu);
	idx = p->free[--p->nfree];
	pthread_mutex_unlock(&p->mu);
	return idx;
}

static void pool_put(struct pool *p, struct ct_index *idx)
{
	pthread_mutex_lock(&p->mu);
	p->free[p->nfree++] = idx;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

/* ---- reading the request -------------------------------------------------- */

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind,
				   const char *k, const char *v)
{
	return req_param_add(cls, k, v) ? MHD_NO : MHD_YES;
}

static enum MHD_Result collect_header(void *cls, enum MHD_ValueKind kind,
				      const char *k, const char *v)
{
	req_header(cls, k, v);
	return MHD_YES;
}

static void client_addr(struct MHD_Connection *c, char *out, size_t cap)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	snprintf(out, cap, "-");
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
			  out, (socklen_t)cap);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr,
			  out, (socklen_t)cap);
}

static void read_headers(struct MHD_Connection *c, struct req *rq)
{
	MHD_get_connection_values(c, MHD_HEADER_KIND, collect_header, rq);
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_arg, rq);
}

static struct creq *creq_new(struct server *s, struct MHD_Connection *c,
			     const char *url, const char *method)
{
	struct creq *cr = calloc(1, sizeof(*cr));

	if (!cr)
		return NULL;
	clock_gettime(CLOCK_MONOTONIC, &cr->t0);
	arena_init(&cr->rq.a);
	cr->rq.srv = &s->srv;
	cr->rq.method = method;
	cr->rq.path = url;
	client_addr(c, cr->client, sizeof(cr->client));
	cr->rq.client = cr->client;
	return cr;
}

static void creq_free(struct creq *cr)
{
	if (!cr)
		return;
	ct_buf_release(&cr->body);
	arena_release(&cr->rq.a);
	free(cr);
}

static int body_append(struct creq *cr, const char *p, size_t n)
{
	if (cr->too_big || cr->body.len + n > SRV_BODY_MAX) {
		cr->too_big = 1;
		return 0;
	}
	return ct_buf_put(&cr->body, p, n);
}

/* ---- writing the response ------------------------------------------------- */

static void add_headers(struct MHD_Response *r, const struct resp *rs,
			const char *etag)
{
	const char *type = rs->type ? rs->type : "application/json";

	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	if (!strncmp(type, "text/html", 9))
		MHD_add_response_header(r, "Content-Security-Policy",
			"default-src 'self'; img-src 'self' data:; "
			"frame-ancestors 'none'; form-action 'self'");
	if (etag)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
				rs->cache ? rs->cache : "no-cache");
	if (rs->location)
		MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, rs->location);
	if (rs->set_cookie)
		MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE,
					rs->set_cookie);
	if (rs->allow)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, rs->allow);
	if (rs->retry_after)
		MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER,
					rs->retry_after);
	MHD_add_response_header(r, MHD_HTTP_HEADER_VARY, "Accept, Cookie, "
				"Authorization");
}

static enum MHD_Result send_resp(struct MHD_Connection *c, struct creq *cr,
				 struct resp *rs)
{
	struct MHD_Response *r;
	char etag[24];
	int tagged = req_finish(&cr->rq, rs, etag);
	enum MHD_Result ok;

	cr->status = rs->status;
	cr->bytes = rs->body.len;
	r = MHD_create_response_from_buffer(cr->bytes, ct_buf_detach(&rs->body),
					    MHD_RESPMEM_MUST_FREE);
	if (!r)
		return MHD_NO;
	add_headers(r, rs, tagged ? etag : NULL);
	ok = MHD_queue_response(c, (unsigned)rs->status, r);
	MHD_destroy_response(r);
	return ok;
}

static enum MHD_Result respond(struct server *s, struct MHD_Connection *c,
			       struct creq *cr)
{
	struct resp rs = {.status = 200};
	enum MHD_Result ok;

	read_headers(c, &cr->rq);
	cr->rq.body = cr->body.ptr ? cr->body.ptr : "";
	cr->rq.body_len = cr->body.len;
	if (!req_refuse(&cr->rq, cr->too_big, &rs)) {
		cr->rq.idx = pool_get(&s->pool);
		req_dispatch(&cr->rq, &rs);
		pool_put(&s->pool, cr->rq.idx);
		cr->rq.idx = NULL;
	}
	ok = send_resp(c, cr, &rs);
	ct_buf_release(&rs.body);
	return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
				  const char *url, const char *method,
				  const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	struct server *s = cls;
	struct creq *cr = *con_cls;

	if (!cr) {
		const char *cl = MHD_lookup_connection_value(
			c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		const char *te = MHD_lookup_connection_value(
			c, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);

		if (!(cr = creq_new(s, c, url, method)))
			return MHD_NO;
		*con_cls = cr;
		/* refuse a declared oversized body before reading it */
		if (cl && strtoull(cl, NULL, 10) > SRV_BODY_MAX)
			cr->too_big = 1;
		/* no body coming (most reads): answer at once */
		if (cr->too_big || (!te && (!cl || !strtoull(cl, NULL, 10))))
			return respond(s, c, cr);
		return MHD_YES;
	}
	if (*upload_size) {
		if (body_append(cr, upload, *upload_size) < 0)
			return MHD_NO;
		*upload_size = 0;
		return MHD_YES;
	}
	return respond(s, c, cr);
}

/* One line per request: time client "METHOD path" status bytes ms user. */
static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct creq *cr = *con_cls;
	struct timespec t1;
	char line[1024], when[32];
	time_t now = time(NULL);
	struct tm tm;
	int n;

	if (!cr)
		return;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	n = snprintf(line, sizeof(line), "%s %s \"%s %.600s\" %d %zu %.3fms %s%s\n",
		     when, cr->client, cr->rq.method, cr->rq.path,
		     cr->status ? cr->status : 499, cr->bytes,
		     (double)(t1.tv_sec - cr->t0.tv_sec) * 1e3 +
			     (double)(t1.tv_nsec - cr->t0.tv_nsec) / 1e6,
		     cr->rq.user.id ? cr->rq.user.name : "-",
		     toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted");
	if (n > 0 && write(2, line, (size_t)n < sizeof(line) ? (size_t)n
							   : sizeof(line) - 1) < 0)
		errno = 0;
	creq_free(cr);
	*con_cls = NULL;
}

/* ---- starting and stopping ------------------------------------------------- */

static int bind_addr(const char *bind, int port, struct sockaddr_storage *ss,
		     unsigned *flags)
{
	struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, bind, &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)port);
		return 0;
	}
	if (inet_pton(AF_INET6, bind, &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		*flags |= MHD_USE_IPv6;
		return 0;
	}
	return CT_EUSAGE;
}

static int start(struct server *s, const struct server_config *cfg,
		 unsigned threads, struct ct_error *err)
{
	struct sockaddr_storage ss;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO |
			 MHD_USE_ERROR_LOG;
	const char *bind = cfg->bind ? cfg->bind : "127.0.0.1";

	if (bind_addr(bind, cfg->port, &ss, &flags))
		return err_set(err, CT_EUSAGE, "--bind %s: not an IP address", bind);
	s->d = MHD_start_daemon(flags, (uint16_t)cfg->port, NULL, NULL,
		on_request, s,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)SRV_CONNECTIONS_MAX,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)SRV_PER_IP_MAX,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SRV_TIMEOUT_S,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SRV_HEADER_MEM,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
		MHD_OPTION_END);
	if (!s->d)
		return err_set(err, CT_EIO, "%s:%d: cannot listen: %s", bind,
			       cfg->port, strerror(errno));
	return 0;
}

static void set_base_url(struct server *s, const struct server_config *cfg,
			 int port)
{
	const char *bind = cfg->bind ? cfg->bind : "127.0.0.1";
	int v6 = strchr(bind, ':') != NULL;

	if (cfg->base_url)
		snprintf(s->srv.base_url, sizeof(s->srv.base_url), "%s",
			 cfg->base_url);
	else
		snprintf(s->srv.base_url, sizeof(s->srv.base_url),
			 "http://%s%s%s:%d", v6 ? "[" : "",
			 strcmp(bind, "0.0.0.0") ? bind : "localhost",
			 v6 ? "]" : "", port);
	/* links are built as base + "/works/..." */
	for (size_t n = strlen(s->srv.base_url); n && s->srv.base_url[n - 1] == '/';)
		s->srv.base_url[--n] = '\0';
}

static void wait_for_signal(void)
{
	sigset_t set;
	int sig;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigwait(&set, &sig);
}

int server_run(const struct server_config *cfg, struct ct_error *err)
{
	struct server s;
	sigset_t set;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned threads = cfg->threads > 0 ? (unsigned)cfg->threads
					    : (unsigned)(ncpu > 0 ? ncpu : 2);
	const union MHD_DaemonInfo *di;
	struct ct_model *model;
	int rc;

	memset(&s, 0, sizeof(s));
	s.srv.db_path = cfg->db;
	s.srv.trust_proxy = cfg->trust_proxy;
	s.srv.secure_cookies = cfg->base_url && !strncmp(cfg->base_url, "https://", 8);
	ct_form_key_new(s.srv.form_key);
	pthread_mutex_init(&s.srv.writer_lock, NULL);
	/* the workers inherit this mask; the main thread takes the signals */
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* the shipped classifier, shared by every worker (immutable) */
	if (ct_model_default(&model, NULL))
		model = NULL;
	s.srv.model = model;
	rc = ct_open(cfg->db, 0, &s.srv.writer, err);
	if (!rc)
		rc = pool_open(&s.pool, cfg->db, threads, err);
	if (!rc)
		rc = start(&s, cfg, threads, err);
	if (!rc) {
		di = MHD_get_daemon_info(s.d, MHD_DAEMON_INFO_BIND_PORT);
		set_base_url(&s, cfg, di ? di->port : cfg->port);
		fprintf(stderr, "citectx: listening on http://%s:%u/ (%u threads;"
			" pages at %s/)\n", cfg->bind ? cfg->bind : "127.0.0.1",
			di ? di->port : (unsigned)cfg->port, threads,
			s.srv.base_url);
		fflush(stderr);
		wait_for_signal();
		MHD_stop_daemon(s.d);
	}
	pool_close(&s.pool);
	ct_close(s.srv.writer);
	ct_model_free(model);
	pthread_mutex_destroy(&s.srv.writer_lock);
	return rc;
}
