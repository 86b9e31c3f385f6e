/* h_tallies.c — GET /api/v1/works/{id}/tallies (what a badge shows) and
 * POST /api/v1/tallies with a JSON array of up to SRV_BATCH_MAX ids. */
#include "buf.h"
#include "http.h"
#include "json.h"
#include "jw.h"

static void json_tallies(struct jw *w, const char *id,
                         const struct ct_tallies *t)
{
	jw_obj(w);
	jw_kstr(w, "id", id);
	jw_kint(w, "citing_publications", t->citing_publications);
	jw_kint(w, "statements_total", t->statements_total);
	jw_key(w, "tallies");
	jw_obj(w);
	for (int i = 0; i < CT_TYPE_COUNT; i++)
		jw_kint(w, ct_type_name(i), t->by_type[i]);
	jw_obj_end(w);
	jw_obj_end(w);
}

int h_tallies(struct req *rq, struct resp *rs)
{
	struct ct_buf out = CT_BUF_INIT;
	struct ct_error err = {0};
	struct ct_tallies t;
	struct jw w;
	int64_t work;

	if (req_work(rq, rs, &work))
		return 0;
	if (ct_tallies_get(rq->idx, work, &t, &err))
		return resp_ct_error(rs, &err);
	jw_init(&w, &out);
	json_tallies(&w, rq->route_id, &t);
	ct_buf_putc(&out, '\n');
	resp_take(rs, &out, NULL);
	return 0;
}

/* One id of the batch: its tallies, or an error object in its place. */
static void batch_one(struct req *rq, struct jw *w, const char *id)
{
	struct ct_error err = {0};
	struct ct_tallies t;
	int64_t work;

	if (!ct_resolve(rq->idx, id, &work, &err) &&
	    !ct_tallies_get(rq->idx, work, &t, &err)) {
		json_tallies(w, id, &t);
		return;
	}
	jw_obj(w);
	jw_kstr(w, "id", id);
	jw_key(w, "error");
	jw_obj(w);
	jw_kstr(w, "code",
	        err.code == CT_ENOTFOUND ? "not_found" : "bad_request");
	jw_kstr(w, "message", err.msg);
	jw_obj_end(w);
	jw_obj_end(w);
}

static int batch_check(struct resp *rs, json_val *ids)
{
	if (!json_val_is_array(ids))
		return resp_error(rs, 400, "bad_request",
		                  "body: expected a JSON "
		                  "array of work IDs");
	if (json_len(ids) > SRV_BATCH_MAX)
		return resp_error(rs, 413, "too_large",
		                  "body: %zu IDs, at most %d", json_len(ids),
		                  SRV_BATCH_MAX);
	for (size_t i = 0; i < json_len(ids); i++)
		if (!json_str(json_at(ids, i)))
			return resp_error(rs, 400, "bad_request",
			                  "body[%zu]: not a "
			                  "string",
			                  i);
	return 0;
}

int h_tallies_batch(struct req *rq, struct resp *rs)
{
	struct ct_buf out = CT_BUF_INIT;
	struct ct_error err = {0};
	struct json_doc *doc;
	json_val *ids;
	struct jw w;

	if (json_doc_parse(rq->body, rq->body_len, "body", &doc, &err))
		return resp_ct_error(rs, &err);
	ids = json_root(doc);
	if (!batch_check(rs, ids)) {
		jw_init(&w, &out);
		jw_obj(&w);
		jw_key(&w, "data");
		jw_arr(&w);
		for (size_t i = 0; i < json_len(ids); i++)
			batch_one(rq, &w, json_str(json_at(ids, i)));
		jw_arr_end(&w);
		jw_obj_end(&w);
		ct_buf_putc(&out, '\n');
		resp_take(rs, &out, NULL);
	}
	json_doc_free(doc);
	return 0;
}
