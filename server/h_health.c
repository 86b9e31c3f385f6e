/* h_health.c — GET /healthz: the server answers and its index reads;
 * POST /api/v1/classify {"text"}: one statement through the shipped
 * classifier model (501 when the build carries none). */
#include <string.h>

#include "buf.h"
#include "http.h"
#include "json.h"

int h_health(struct req *rq, struct resp *rs)
{
	struct ct_buf out = CT_BUF_INIT;
	struct ct_error err = {0};
	int64_t work;
	int rc = ct_resolve(rq->idx, "citectx:1", &work, &err);

	/* one indexed read: "no work 1" is fine, an unreadable index is not */
	if (rc && rc != CT_ENOTFOUND)
		return resp_error(rs, 503, "unavailable", "index: %s", err.msg);
	ct_buf_puts(&out,
	            "{\"status\":\"ok\",\"version\":\"" CT_VERSION "\"}\n");
	resp_take(rs, &out, NULL);
	rs->no_etag = 1;
	rs->cache = "no-store";
	return 0;
}

/* {"text": "...", "marker": "[3]" (optional), "section": "discussion"
 * (optional)}: the whole text is the citing sentence. */
static int classify_doc(struct req *rq, struct resp *rs, json_val *doc)
{
	const char *text = json_str(json_get(doc, "text"));
	const char *marker = json_str(json_get(doc, "marker"));
	const char *sec = json_str(json_get(doc, "section"));
	struct ct_buf out = CT_BUF_INIT;
	struct ct_label l;

	if (!text)
		return resp_error(rs, 400, "bad_request",
		                  "body: expected "
		                  "{\"text\": \"...\"}");
	if (!rq->srv->model)
		return resp_error(rs, 501, "not_implemented",
		                  "this build has no "
		                  "statement classifier model");
	if (ct_classify(rq->srv->model, text, 0, strlen(text), marker,
	                sec ? ct_section_parse(sec) : -1, &l))
		return resp_error(rs, 500, "internal", "classification failed");
	ct_label_json(&out, &l, ct_model_name(rq->srv->model), NULL);
	resp_take(rs, &out, NULL);
	rs->no_etag = 1;
	return 0;
}

int h_classify(struct req *rq, struct resp *rs)
{
	struct ct_error err = {0};
	struct json_doc *doc;

	if (json_doc_parse(rq->body, rq->body_len, "body", &doc, &err))
		return resp_ct_error(rs, &err);
	classify_doc(rq, rs, json_root(doc));
	json_doc_free(doc);
	return 0;
}
