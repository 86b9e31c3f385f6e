/* h_cite.c — GET /api/v1/works/{id}/cite: the citation in the format of
 * ?format= (bibtex, ris, csl-json, apa) or, without it, of the Accept
 * header (application/x-bibtex, application/x-research-info-systems,
 * application/vnd.citationstyles.csl+json, text/x-bibliography; the
 * highest q wins, ties in order).  No acceptable type is a 406. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "http.h"

/* The format Accept prefers; -1 none acceptable, -2 anything goes. */
static int negotiate(const char *accept)
{
	int best = -1;
	double bq = 0;

	for (const char *p = accept; p && *p;) {
		size_t n = strcspn(p, ","), m = strcspn(p, ";,");
		const char *qs = memchr(p, ';', n);
		double q = qs && (qs = strstr(qs, "q=")) && qs < p + n
		               ? strtod(qs + 2, NULL)
		               : 1.0;
		char type[96];
		int f;

		snprintf(type, sizeof(type), "%.*s", (int)(m < 95 ? m : 95), p);
		f = !strcmp(type, "*/*") || !strcmp(type, "text/*")
		        ? -2
		        : ct_cite_format_for_media(type);
		if (f != -1 && q > bq) {
			best = f;
			bq = q;
		}
		p += n;
		p += strspn(p, ", ");
	}
	return best;
}

static int pick_format(struct req *rq, struct resp *rs)
{
	const char *name = req_param(rq, "format");
	int f;

	if (name) {
		struct ct_error err = {0};

		return ct_enum_parse(CT_ENUM_CITE, "format=", name, &f, &err)
		           ? -resp_ct_error(rs, &err)
		           : f;
	}
	f = rq->accept ? negotiate(rq->accept) : -2;
	if (f == -1)
		return -resp_error(
		    rs, 406, "not_acceptable",
		    "Accept: %s: offered "
		    "application/x-bibtex, application/x-research-"
		    "info-systems, application/vnd.citationstyles."
		    "csl+json, text/x-bibliography",
		    rq->accept);
	return f == -2 ? CT_CITE_BIBTEX : f;
}

int h_cite(struct req *rq, struct resp *rs)
{
	struct ct_buf out = CT_BUF_INIT, type = CT_BUF_INIT;
	struct ct_error err = {0};
	int64_t work;
	int f = pick_format(rq, rs);

	if (f < 0 || req_work(rq, rs, &work))
		return 0;
	if (ct_cite(rq->idx, work, f, rq->srv->base_url, &out, &err))
		return resp_ct_error(rs, &err);
	ct_buf_printf(&type, "%s; charset=utf-8", ct_cite_media_type(f));
	resp_take(rs, &out, arena_strndup(&rq->a, type.ptr, type.len));
	ct_buf_release(&type);
	return 0;
}
