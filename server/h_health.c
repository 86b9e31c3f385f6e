/* h_health.c — GET /healthz: the server answers and its index reads;
 * POST /api/v1/classify: the route of SPEC §5, answering 501 until the
 * statement classifier is part of the library. */
#include "http.h"
#include "jr.h"

int h_health(struct req *rq, struct resp *rs)
{
	struct ct_buf out = CT_BUF_INIT;
	struct ct_error err = {0};
	int64_t work;
	int rc = ct_resolve(rq->idx, "citectx:1", &work, &err);

	/* one indexed read: "no work 1" is fine, an unreadable index is not */
	if (rc && rc != CT_ENOTFOUND)
		return resp_error(rs, 503, "unavailable", "index: %s", err.msg);
	ct_buf_puts(&out, "{\"status\":\"ok\",\"version\":\"" CT_VERSION "\"}\n");
	resp_take(rs, &out, NULL);
	rs->no_etag = 1;
	rs->cache = "no-store";
	return 0;
}

int h_classify(struct req *rq, struct resp *rs)
{
	struct ct_error err = {0};
	struct jr *doc;
	int bad;

	if (jr_parse(rq->body, rq->body_len, &doc, &err))
		return resp_ct_error(rs, &err);
	bad = !jr_str(jr_get(doc, "text"));
	jr_free(doc);
	if (bad)
		return resp_error(rs, 400, "bad_request", "body: expected "
				  "{\"text\": \"...\"}");
	return resp_error(rs, 501, "not_implemented", "this build has no "
			  "statement classifier yet");
}
