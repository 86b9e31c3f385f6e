/*
 * assets.c — the stylesheet and the script of the pages, served at
 * /static/NAME with a strong ETag (a hash of the bytes, req_finish) and a
 * day of caching.  They are real files under server/assets/ (style.css:
 * mobile first, one column, facets beside the statements from 52rem,
 * badges in the colours of their type; app.js: optional, swaps #results
 * in place when a facet changes and writes dates), compiled into the
 * binary at build time (scripts/embed-assets.sh, as the default model is):
 * nothing to install next to it.
 */
#include <string.h>

#include "assets.h"
#include "http.h"

/* The media type of a file, by the end of its name. */
static const struct {
	const char *ext, *type;
} media[] = {
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
};

static const char *asset_type(const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < sizeof(media) / sizeof(*media); i++) {
		size_t e = strlen(media[i].ext);

		if (n > e && !strcmp(name + n - e, media[i].ext))
			return media[i].type;
	}
	return "application/octet-stream";
}

int h_asset(struct req *rq, struct resp *rs)
{
	for (size_t i = 0; i < asset_nfiles; i++) {
		const struct asset_file *f = &asset_files[i];

		if (strcmp(rq->route_id, f->name))
			continue;
		ct_buf_reset(&rs->body);
		ct_buf_put(&rs->body, f->bytes, f->len);
		rs->status = 200;
		rs->type = asset_type(f->name);
		rs->cache = "public, max-age=86400";
		return 0;
	}
	return resp_error(rs, 404, "not_found", "/static/%s: no such file",
	                  rq->route_id);
}
