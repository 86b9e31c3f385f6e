/* fuzz_http.c — libFuzzer target: the input is one raw HTTP/1.1 request
 * (request line, headers, body).  It is split as libmicrohttpd would
 * split it for server.c (method, percent-decoded path, query parameters,
 * headers, a body bounded by SRV_BODY_MAX), filled into a struct req by
 * the same calls server.c makes (server/request.c) and answered through
 * the route table against an index of the demo corpus built once at
 * start-up (run from the repository root).  Every answer must carry a
 * status from the API's set (never 500), a JSON answer must parse, and
 * neither index connection may be left inside a transaction.
 *
 * The header value text "@TOKEN@" is replaced by the token of a user the
 * target creates at start-up, so that seeds reach the signed-in routes.
 * Built with a main() of its own (fuzz/replay.c) it replays files: `make
 * test` runs the seeds and every former crash that way (FUZZ_HTTP_VERBOSE
 * set in the environment prints each answer's status). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "citectx.h"
#include "http.h"
#include "json.h"

static struct fz {
	struct srv srv;
	struct ct_index *reader;
	char db[64];
	char token[CT_TOKEN_SIZE];
} fz;

static void fz_cleanup(void)
{
	static const char *const ext[] = {"", "-wal", "-shm"};
	char p[80];

	ct_close(fz.reader);
	ct_close(fz.srv.writer);
	ct_model_free((struct ct_model *)fz.srv.model);
	for (size_t i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "%s%s", fz.db, ext[i]);
		unlink(p);
	}
}

/* The index (demo corpus), one user with a token, the default model. */
static void fz_init(void)
{
	struct ct_ingest_stats st = {0};
	struct ct_error err = {0};
	struct ct_model *m = NULL;
	struct ct_user u;

	snprintf(fz.db, sizeof(fz.db), "/tmp/citectx-fuzz-http-%ld.db",
		 (long)getpid());
	unlink(fz.db);
	if (ct_open(fz.db, 0, &fz.srv.writer, &err) ||
	    ct_ingest_path(fz.srv.writer, "tests/data/demo", &st, NULL, NULL,
			   &err) ||
	    ct_user_create(fz.srv.writer, "fuzzer", "fuzz-password", &u, &err) ||
	    ct_token_create(fz.srv.writer, u.id, "fuzz", fz.token, NULL, &err) ||
	    ct_open(fz.db, CT_OPEN_READONLY, &fz.reader, &err)) {
		fprintf(stderr, "fuzz_http: %s\n", err.msg);
		abort();
	}
	ct_ingest_stats_release(&st);
	if (!ct_model_default(&m, NULL))
		fz.srv.model = m;
	fz.srv.db_path = fz.db;
	snprintf(fz.srv.base_url, sizeof(fz.srv.base_url),
		 "https://citectx.example");
	pthread_mutex_init(&fz.srv.writer_lock, NULL);
	atexit(fz_cleanup);
}

/* ---- splitting the request ----------------------------------------------- */

/* One line of [*p, end) without its CR LF (NUL-terminated in place);
 * NULL when no line end is left. */
static char *next_line(char **p, char *end)
{
	char *s = *p, *nl = memchr(s, '\n', (size_t)(end - s));

	if (!nl)
		return NULL;
	*nl = '\0';
	if (nl > s && nl[-1] == '\r')
		nl[-1] = '\0';
	*p = nl + 1;
	return s;
}

/* "METHOD /path?query HTTP/1.x"; 0 when libmicrohttpd would pass it on. */
static int request_line(struct req *rq, char *line)
{
	char *sp1 = strchr(line, ' '), *sp2, *q;

	if (!sp1 || sp1 == line)
		return -1;
	*sp1 = '\0';
	sp2 = strchr(sp1 + 1, ' ');
	if (!sp2 || strncmp(sp2 + 1, "HTTP/1.", 7) || sp1[1] != '/')
		return -1;
	*sp2 = '\0';
	rq->method = line;
	q = strchr(sp1 + 1, '?');
	rq->path = req_decode_path(rq, sp1 + 1, (size_t)((q ? q : sp2) - sp1 - 1));
	if (!rq->path)
		return -1;
	/* too many parameters is not an error here: req_refuse answers it */
	if (q && req_params_parse(rq, q + 1, (size_t)(sp2 - q - 1)) == CT_ENOMEM)
		return -1;
	return 0;
}

/* value with "@TOKEN@" replaced by the fuzz user's token. */
static const char *with_token(struct req *rq, const char *value)
{
	const char *at = strstr(value, "@TOKEN@");
	size_t pre, tl = strlen(fz.token), n = strlen(value);
	char *out;

	if (!at)
		return value;
	pre = (size_t)(at - value);
	out = arena_alloc(&rq->a, n - 7 + tl + 1);
	if (!out)
		return value;
	memcpy(out, value, pre);
	memcpy(out + pre, fz.token, tl);
	memcpy(out + pre + tl, at + 7, n - pre - 7 + 1);
	return out;
}

struct framing {
	long long length; /* Content-Length, -1 when absent */
	int chunked;
};

/* "Name: value" (value trimmed); 0 when well-formed. */
static int header_line(struct req *rq, char *line, struct framing *f)
{
	char *colon = strchr(line, ':'), *v, *e;

	if (!colon || colon == line)
		return -1;
	*colon = '\0';
	for (v = colon + 1; *v == ' ' || *v == '\t'; v++)
		;
	for (e = v + strlen(v); e > v && (e[-1] == ' ' || e[-1] == '\t');)
		*--e = '\0';
	if (!strcasecmp(line, "Content-Length"))
		f->length = strtoll(v, NULL, 10);
	if (!strcasecmp(line, "Transfer-Encoding"))
		f->chunked = 1;
	req_header(rq, line, with_token(rq, v));
	return 0;
}

/* The body as server.c holds it: NUL-terminated, its length apart. */
static int body(struct req *rq, const char *p, size_t left,
		const struct framing *f, int *too_big)
{
	size_t n = f->length >= 0 && (size_t)f->length < left ? (size_t)f->length
							      : left;
	char *b;

	if (f->length < 0 && !f->chunked)
		n = 0; /* no body announced: answered at once */
	if (f->length > SRV_BODY_MAX || n > SRV_BODY_MAX) {
		*too_big = 1;
		n = 0;
	}
	if (!(b = arena_alloc(&rq->a, n + 1)))
		return -1;
	memcpy(b, p, n);
	b[n] = '\0';
	rq->body = b;
	rq->body_len = n;
	return 0;
}

/* Splits data[0..n) into rq; non-zero for what never reaches server.c
 * (libmicrohttpd answers it or drops the connection). */
static int split(struct req *rq, const uint8_t *data, size_t n, int *too_big)
{
	char *buf = arena_alloc(&rq->a, n + 1), *p = buf, *end, *line;
	struct framing f = {-1, 0};
	char *head_end;

	if (!buf)
		return -1;
	memcpy(buf, data, n);
	buf[n] = '\0';
	end = buf + n;
	head_end = strstr(buf, "\r\n\r\n");
	if (!head_end || memchr(buf, '\0', (size_t)(head_end - buf)) ||
	    head_end - buf > SRV_HEADER_MEM)
		return -1;
	if (!(line = next_line(&p, end)) || request_line(rq, line))
		return -1;
	while ((line = next_line(&p, end)) && *line)
		if (header_line(rq, line, &f))
			return -1;
	return line ? body(rq, p, (size_t)(end - p), &f, too_big) : -1;
}

/* ---- what every answer must satisfy --------------------------------- */

static int status_known(int s)
{
	static const int ok[] = {200, 201, 204, 303, 304, 400, 401, 403, 404,
				 405, 406, 409, 413, 415, 422, 429, 501};

	for (size_t i = 0; i < sizeof(ok) / sizeof(*ok); i++)
		if (ok[i] == s)
			return 1;
	return 0;
}

/* A connection the request left inside a transaction would serve every
 * later request a stale snapshot (or fail to BEGIN): both must be free. */
static void check_idle(const struct req *rq, struct ct_index *idx,
		       const char *which)
{
	struct ct_error err = {0};

	if (ct_snapshot_begin(idx, &err)) {
		fprintf(stderr, "fuzz_http: %s %s: %s connection left busy: %s\n",
			rq->method, rq->path, which, err.msg);
		abort();
	}
	ct_snapshot_end(idx);
}

static void check(const struct req *rq, const struct resp *rs)
{
	const char *type = rs->type ? rs->type : "application/json";
	struct json_doc *doc = NULL;
	struct ct_error err = {0};

	if (!status_known(rs->status)) {
		fprintf(stderr, "fuzz_http: %s %s: status %d: %.*s\n", rq->method,
			rq->path, rs->status, (int)rs->body.len,
			rs->body.ptr ? rs->body.ptr : "");
		abort();
	}
	check_idle(rq, fz.reader, "read");
	check_idle(rq, fz.srv.writer, "write");
	if (strncmp(type, "application/json", 16) || !rs->body.len)
		return;
	if (json_doc_parse(rs->body.ptr, rs->body.len, "response", &doc, &err)) {
		fprintf(stderr, "fuzz_http: %s %s: invalid JSON (%s)\n",
			rq->method, rq->path, err.msg);
		abort();
	}
	json_doc_free(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct req rq = {0};
	struct resp rs = {.status = 200};
	char etag[24];
	int too_big = 0;

	if (!fz.reader)
		fz_init();
	arena_init(&rq.a);
	rq.srv = &fz.srv;
	rq.client = "192.0.2.1";
	if (!split(&rq, data, n, &too_big)) {
		if (!req_refuse(&rq, too_big, &rs)) {
			rq.idx = fz.reader;
			req_dispatch(&rq, &rs);
		}
		req_finish(&rq, &rs, etag);
		check(&rq, &rs);
		if (getenv("FUZZ_HTTP_VERBOSE"))
			fprintf(stderr, "%d %s %s\n", rs.status, rq.method,
				rq.path);
	}
	ct_buf_release(&rs.body);
	arena_release(&rq.a);
	return 0;
}
