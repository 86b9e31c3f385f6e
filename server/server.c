/*
 * server.c — the only file that knows libmicrohttpd.
 *
 * libmicrohttpd runs one thread per connection (MHD_USE_THREAD_PER_CONNECTION,
 * bounded by the connection limits); each request borrows a read-only
 * index connection (a reader) from struct pool, waiting for one at most
 * until its deadline, is turned into a struct req (http.h) and answered by
 * request.c (the same path the HTTP fuzz target drives), and its struct
 * resp becomes the HTTP response.  /healthz reads through a connection of
 * its own, so it answers while every reader is busy.  Every request has a
 * deadline (--request-timeout, SRV_REQUEST_MS): its reader's statements
 * stop when it passes and the answer is 503 with Retry-After; on SIGTERM
 * or SIGINT every deadline in flight is brought forward to now, then the
 * daemon stops.  Requests are answered on libmicrohttpd's second callback
 * (once the whole request is read), which keeps connections alive and
 * pipelining.  Bodies are read into a
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
#include <stdatomic.h>
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

/* A read connection and the deadline of the request holding it (0 while
 * free), which its statements obey (ct_deadline_use). */
struct reader {
	struct ct_index *idx;
	_Atomic int64_t deadline;
};

/* The readers (--threads of them): at most that many requests read the
 * index at once; the others wait (pool_get).  stopping: shutdown began,
 * no reader is handed out any more. */
struct pool {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct reader *all;
	struct reader **free;
	size_t nfree, n;
	int stopping;
};

struct server {
	struct srv srv;
	struct pool pool;
	struct MHD_Daemon *d;
	/* /healthz's own read connection, one request at a time */
	struct ct_index *health;
	pthread_mutex_t health_mu;
	/* the writer's and health's deadline: 0, then CT_DEADLINE_NOW once
	 * shutdown begins */
	_Atomic int64_t stop_at;
};

/* Per-connection request state (MHD's con_cls). */
struct creq {
	struct req rq;
	struct ct_buf body;
	int too_big;
	struct timespec t0;
	int64_t deadline; /* ct_clock_ns() time: arrival + --request-timeout */
	int status;
	size_t bytes;
	char client[64];
};

/* ---- the connection pool --------------------------------------------------
 */

static int pool_open(struct pool *p, const char *db, size_t n,
                     struct ct_error *err)
{
	pthread_condattr_t ca;
	int rc = 0;

	pthread_mutex_init(&p->mu, NULL);
	/* waits end at a request's deadline, a CLOCK_MONOTONIC time */
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&p->cv, &ca);
	pthread_condattr_destroy(&ca);
	p->all = calloc(n, sizeof(*p->all));
	p->free = calloc(n, sizeof(*p->free));
	if (!p->all || !p->free)
		return err_set(err, CT_ENOMEM, "server: out of memory");
	/* long-lived: each keeps the search cache (citectx.h) */
	for (; p->n < n && !rc; p->n++) {
		rc = ct_open(db, CT_OPEN_READONLY | CT_OPEN_SEARCH_CACHE,
		             &p->all[p->n].idx, err);
		if (!rc)
			ct_deadline_use(p->all[p->n].idx,
			                &p->all[p->n].deadline);
		p->free[p->n] = &p->all[p->n];
	}
	if (rc)
		p->n--;
	p->nfree = p->n;
	return rc;
}

static void pool_close(struct pool *p)
{
	for (size_t i = 0; p->all && i < p->n; i++)
		ct_close(p->all[i].idx);
	free(p->all);
	free(p->free);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
}

/* A free reader, its statements bound to deadline; NULL when the deadline
 * passes first or the server is stopping (the request is answered 503). */
static struct reader *pool_get(struct pool *p, int64_t deadline)
{
	struct timespec until = {(time_t)(deadline / 1000000000),
	                         (long)(deadline % 1000000000)};
	struct reader *r = NULL;

	pthread_mutex_lock(&p->mu);
	while (!p->nfree && !p->stopping &&
	       pthread_cond_timedwait(&p->cv, &p->mu, &until) != ETIMEDOUT)
		;
	if (p->nfree && !p->stopping) {
		r = p->free[--p->nfree];
		atomic_store(&r->deadline, deadline);
	}
	pthread_mutex_unlock(&p->mu);
	return r;
}

static void pool_put(struct pool *p, struct reader *r)
{
	pthread_mutex_lock(&p->mu);
	atomic_store(&r->deadline, 0);
	p->free[p->nfree++] = r;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

/* Shutdown: no reader is handed out any more, and the deadline of every
 * request holding one is now (its statement stops within SQLite's next
 * look, ct_deadline_use); waiters are woken to answer 503. */
static void pool_stop(struct pool *p)
{
	pthread_mutex_lock(&p->mu);
	p->stopping = 1;
	for (size_t i = 0; i < p->n; i++)
		if (atomic_load(&p->all[i].deadline))
			atomic_store(&p->all[i].deadline, CT_DEADLINE_NOW);
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

/* ---- reading the request --------------------------------------------------
 */

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
		inet_ntop(AF_INET6,
		          &((const struct sockaddr_in6 *)sa)->sin6_addr, out,
		          (socklen_t)cap);
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
	cr->deadline = ct_clock_ns() + (int64_t)s->srv.request_ms * 1000000;
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

/* ---- writing the response -------------------------------------------------
 */

static void add_headers(struct MHD_Response *r, const struct resp *rs,
                        const char *etag)
{
	const char *type = rs->type ? rs->type : "application/json";

	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	if (!strncmp(type, "text/html", 9))
		MHD_add_response_header(
		    r, "Content-Security-Policy",
		    "default-src 'self'; img-src 'self' data:; "
		    "frame-ancestors 'none'; form-action 'self'");
	if (etag)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, etag);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
	                        rs->cache ? rs->cache : "no-cache");
	if (rs->location)
		MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION,
		                        rs->location);
	if (rs->set_cookie)
		MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE,
		                        rs->set_cookie);
	if (rs->allow)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, rs->allow);
	if (rs->retry_after)
		MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER,
		                        rs->retry_after);
	MHD_add_response_header(r, MHD_HTTP_HEADER_VARY,
	                        "Accept, Cookie, "
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

/* /healthz: on the server's own connection, so that it answers while
 * every reader is busy (docs/ARCHITECTURE.md, "Health"). */
static int on_health_conn(const struct req *rq)
{
	return !strcmp(rq->path, "/healthz");
}

static void answer(struct server *s, struct creq *cr, struct resp *rs)
{
	struct reader *r = NULL;

	if (on_health_conn(&cr->rq)) {
		pthread_mutex_lock(&s->health_mu);
		cr->rq.idx = s->health;
		req_dispatch(&cr->rq, rs);
		pthread_mutex_unlock(&s->health_mu);
	} else if ((r = pool_get(&s->pool, cr->deadline))) {
		cr->rq.idx = r->idx;
		req_dispatch(&cr->rq, rs);
		pool_put(&s->pool, r);
	} else {
		req_out_of_time(&cr->rq, rs);
	}
	cr->rq.idx = NULL;
}

static enum MHD_Result respond(struct server *s, struct MHD_Connection *c,
                               struct creq *cr)
{
	struct resp rs = {.status = 200};
	enum MHD_Result ok;

	read_headers(c, &cr->rq);
	cr->rq.body = cr->body.ptr ? cr->body.ptr : "";
	cr->rq.body_len = cr->body.len;
	if (!req_refuse(&cr->rq, cr->too_big, &rs))
		answer(s, cr, &rs);
	ok = send_resp(c, cr, &rs);
	ct_buf_release(&rs.body);
	return ok;
}

/* libmicrohttpd calls this once when the headers are in, then with each
 * piece of the body, then once more with none: the request is answered
 * on that last call, even without a body.  Answering earlier makes
 * libmicrohttpd close the connection (it cannot tell what of the request
 * is left to read): no keep-alive, no pipelining, half the throughput
 * (docs/BENCHMARKS.md, issue 19).  Only a body declared too large is
 * refused at once, and that connection closed unread. */
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

		if (!(cr = creq_new(s, c, url, method)))
			return MHD_NO;
		*con_cls = cr;
		/* refuse a declared oversized body before reading it */
		if (cl && strtoull(cl, NULL, 10) > SRV_BODY_MAX) {
			cr->too_big = 1;
			return respond(s, c, cr);
		}
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
	n = snprintf(
	    line, sizeof(line), "%s %s \"%s %.600s\" %d %zu %.3fms %s%s\n",
	    when, cr->client, cr->rq.method, cr->rq.path,
	    cr->status ? cr->status : 499, cr->bytes,
	    (double)(t1.tv_sec - cr->t0.tv_sec) * 1e3 +
	        (double)(t1.tv_nsec - cr->t0.tv_nsec) / 1e6,
	    cr->rq.user.id ? cr->rq.user.name : "-",
	    toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted");
	if (n > 0 &&
	    write(2, line,
	          (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1) < 0)
		errno = 0;
	creq_free(cr);
	*con_cls = NULL;
}

/* ---- starting and stopping -------------------------------------------------
 */

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
                 struct ct_error *err)
{
	struct sockaddr_storage ss;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD |
	                 MHD_USE_THREAD_PER_CONNECTION | MHD_USE_AUTO |
	                 MHD_USE_ERROR_LOG;
	const char *bind = cfg->bind ? cfg->bind : "127.0.0.1";

	if (bind_addr(bind, cfg->port, &ss, &flags))
		return err_set(err, CT_EUSAGE, "--bind %s: not an IP address",
		               bind);
	s->d = MHD_start_daemon(
	    flags, (uint16_t)cfg->port, NULL, NULL, on_request, s,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)SRV_CONNECTIONS_MAX,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)SRV_PER_IP_MAX,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SRV_TIMEOUT_S,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SRV_HEADER_MEM,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_END);
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
	for (size_t n = strlen(s->srv.base_url);
	     n && s->srv.base_url[n - 1] == '/';)
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

/* The connections besides the readers: the writer (migrates the index,
 * serves user writes) and health's; both stop waiting at shutdown. */
static int open_own(struct server *s, const char *db, struct ct_error *err)
{
	int rc = ct_open(db, 0, &s->srv.writer, err);

	if (!rc)
		rc = ct_open(db, CT_OPEN_READONLY, &s->health, err);
	if (!rc) {
		ct_deadline_use(s->srv.writer, &s->stop_at);
		ct_deadline_use(s->health, &s->stop_at);
	}
	return rc;
}

/* SIGTERM / SIGINT: requests in flight stop (their deadline is now) and
 * are answered 503 or dropped by MHD_stop_daemon, which closes every
 * connection and joins its thread; within a second (tests/real t0146). */
static void stop(struct server *s)
{
	atomic_store(&s->stop_at, CT_DEADLINE_NOW);
	atomic_store(&s->srv.stopping, 1);
	pool_stop(&s->pool);
	MHD_stop_daemon(s->d);
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
	s.srv.secure_cookies =
	    cfg->base_url && !strncmp(cfg->base_url, "https://", 8);
	ct_form_key_new(s.srv.form_key);
	s.srv.request_ms =
	    cfg->request_ms > 0 ? cfg->request_ms : SRV_REQUEST_MS;
	snprintf(s.srv.retry_after, sizeof(s.srv.retry_after), "%d",
	         (s.srv.request_ms + 999) / 1000);
	pthread_mutex_init(&s.srv.writer_lock, NULL);
	pthread_mutex_init(&s.health_mu, NULL);
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
	rc = open_own(&s, cfg->db, err);
	if (!rc)
		rc = pool_open(&s.pool, cfg->db, threads, err);
	if (!rc)
		rc = start(&s, cfg, err);
	if (!rc) {
		di = MHD_get_daemon_info(s.d, MHD_DAEMON_INFO_BIND_PORT);
		set_base_url(&s, cfg, di ? di->port : cfg->port);
		fprintf(stderr,
		        "citectx: listening on http://%s:%u/ (%u readers,"
		        " %d ms per request; pages at %s/)\n",
		        cfg->bind ? cfg->bind : "127.0.0.1",
		        di ? di->port : (unsigned)cfg->port, threads,
		        s.srv.request_ms, s.srv.base_url);
		fflush(stderr);
		wait_for_signal();
		stop(&s);
	}
	pool_close(&s.pool);
	ct_close(s.health);
	ct_close(s.srv.writer);
	ct_model_free(model);
	pthread_mutex_destroy(&s.health_mu);
	pthread_mutex_destroy(&s.srv.writer_lock);
	return rc;
}
