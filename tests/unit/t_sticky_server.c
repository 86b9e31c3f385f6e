/* t_sticky_server.c — the server never sends a cut document (issue 17
 * item 3): each page and API answer is rendered whole, then again into a
 * body whose ceiling cuts it at several points; every cut answer must be
 * a whole 500 (an error page for people, JSON for the API), never a
 * prefix of the document with status 200. */
#include <string.h>

#include "harness.h"
#include "citectx.h"
#include "fixture.h"
#include "http.h"

struct served {
	int status;
	const char *type;
	struct ct_buf body;
};

/* GET path?query through req_dispatch and req_finish, the body under a
 * ceiling of limit bytes (0: the server's own). */
static void get(struct srv *srv, struct ct_index *idx, const char *path,
		const char *query, size_t limit, struct served *out)
{
	struct req rq = {0};
	struct resp rs = {.status = 200};
	char etag[24];

	arena_init(&rq.a);
	rq.srv = srv;
	rq.idx = idx;
	rq.client = "192.0.2.1";
	rq.method = "GET";
	rq.path = path;
	if (query)
		CHECK_EQ_INT(req_params_parse(&rq, query, strlen(query)), 0);
	ct_buf_limit(&rs.body, limit);
	req_dispatch(&rq, &rs);
	req_finish(&rq, &rs, etag);
	out->status = rs.status;
	out->type = rs.type;
	out->body = rs.body;
	arena_release(&rq.a);
}

static void check_route_cuts(struct srv *srv, struct ct_index *idx,
			     const char *path, const char *query)
{
	struct served whole;
	size_t len;

	get(srv, idx, path, query, 0, &whole);
	len = whole.body.len;
	CHECK_EQ_INT(whole.status, 200);
	CHECK(len > 64);
	for (size_t k = 1; k < 4 && len > 64; k++) {
		struct served cut;
		size_t ceiling = len * k / 4;

		get(srv, idx, path, query, ceiling, &cut);
		if (cut.status != 500)
			fprintf(stderr, "  %s cut at %zu of %zu bytes: %d\n", path,
				ceiling, len, cut.status);
		CHECK_EQ_INT(cut.status, 500);
		CHECK_EQ_INT(ct_buf_error(&cut.body), 0); /* the error is whole */
		CHECK(cut.body.len > 0);
		CHECK(cut.body.len < ceiling ||
		      memcmp(cut.body.ptr, whole.body.ptr, ceiling));
		ct_buf_release(&cut.body);
	}
	ct_buf_release(&whole.body);
}

TEST(t_server_no_cut_pages)
{
	char path[128];
	struct srv srv = {0};
	struct ct_index *w = fx_index(path, sizeof(path), "cut-srv",
				      "tests/data/demo", NULL);
	struct ct_index *r = NULL;
	struct ct_error err = {0};

	CHECK(w != NULL);
	if (!w)
		return;
	CHECK_EQ_INT(ct_open(path, CT_OPEN_READONLY, &r, &err), 0);
	srv.db_path = path;
	srv.writer = w;
	snprintf(srv.base_url, sizeof(srv.base_url), "https://example.org");
	pthread_mutex_init(&srv.writer_lock, NULL);
	if (r) {
		static const char *const routes[][2] = {
			{"/works/10.5555/citectx-demo.01", NULL},
			{"/search", "q=trial"},
			{"/api/v1/works/10.5555/citectx-demo.01", NULL},
			{"/api/v1/works/10.5555/citectx-demo.01/statements", NULL},
			{"/api/v1/works/10.5555/citectx-demo.01/references", NULL},
			{"/api/v1/works/10.5555/citectx-demo.01/cite", NULL},
			{"/api/v1/search", "q=trial"},
			{"/api/v1/top", NULL},
			{"/api/v1/works", "q=trial"},
			{"/static/style.css", NULL},
		};

		for (size_t i = 0; i < sizeof(routes) / sizeof(*routes); i++)
			check_route_cuts(&srv, r, routes[i][0], routes[i][1]);
		ct_close(r);
	}
	pthread_mutex_destroy(&srv.writer_lock);
	fx_drop(w, path);
}
