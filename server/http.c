/* http.c — helpers every handler shares (see http.h): errors, escaping,
 * hashing (the parameters are params.c's).  Knows nothing of the HTTP
 * library. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "http.h"
#include "jw.h"

/* ---- errors -----------------------------------------------------------------
 */

int resp_error(struct resp *rs, int status, const char *code, const char *fmt,
               ...)
{
	struct jw w;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rs->err_msg, sizeof(rs->err_msg), fmt, ap);
	va_end(ap);
	rs->err_code = code;
	ct_buf_reset(&rs->body);
	jw_init(&w, &rs->body);
	jw_obj(&w);
	jw_key(&w, "error");
	jw_obj(&w);
	jw_kstr(&w, "code", rs->err_code);
	jw_kstr(&w, "message", rs->err_msg);
	jw_obj_end(&w);
	jw_obj_end(&w);
	ct_buf_putc(&rs->body, '\n');
	rs->status = status;
	rs->type = "application/json";
	return status;
}

int resp_ct_error(struct resp *rs, const struct ct_error *err)
{
	const char *name;
	int status = ct_http_status(err->code, &name);

	if (err->code == CT_EBUSY)
		rs->retry_after =
		    "1"; /* an ingest frees the lock between batches */
	/* a PostgreSQL server or Citus worker out of reach: a restart or a
	 * failover to a standby takes seconds, not one */
	if (err->code == CT_EUNAVAIL)
		rs->retry_after = SRV_UNAVAIL_RETRY;
	if (status < 400 || status == 500) /* (no error code is a bug too) */
		return resp_error(rs, 500, "internal", "%s",
		                  err->msg[0] ? err->msg
		                              : ct_strerror(err->code));
	return resp_error(rs, status, name, "%s", err->msg);
}

void resp_take(struct resp *rs, struct ct_buf *b, const char *type)
{
	size_t limit = rs->body.limit; /* the body's ceiling stays */

	ct_buf_release(&rs->body);
	rs->body = *b;
	*b = (struct ct_buf)CT_BUF_INIT;
	rs->body.limit = limit;
	if (limit && rs->body.len > limit)
		ct_buf_fail(&rs->body, CT_ELIMIT);
	rs->status = 200;
	rs->type = type;
}

int resp_failed(struct resp *rs)
{
	int code = ct_buf_error(&rs->body);
	size_t limit = rs->body.limit;

	if (!code)
		return 0;
	ct_buf_limit(&rs->body, 0); /* the error (a few lines) always fits */
	if (code == CT_ELIMIT)
		return resp_error(rs, 500, "too_large",
		                  "response over %zu bytes",
		                  limit ? limit : CT_BUF_MAX);
	return resp_error(rs, 500, "internal",
	                  "the response could not be "
	                  "written: %s",
	                  ct_strerror(code));
}

/* ---- paths ------------------------------------------------------------------
 */

int req_is_api(const struct req *rq)
{
	return !strncmp(rq->path, "/api/", 5) || !strcmp(rq->path, "/healthz");
}

/* ---- hashing and escaping
 * ----------------------------------------------------------- */

uint64_t http_hash(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

void html_escn(struct ct_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; s && i < n && s[i]; i++) {
		switch (s[i]) {
		case '&':
			ct_buf_puts(b, "&amp;");
			break;
		case '<':
			ct_buf_puts(b, "&lt;");
			break;
		case '>':
			ct_buf_puts(b, "&gt;");
			break;
		case '"':
			ct_buf_puts(b, "&quot;");
			break;
		case '\'':
			ct_buf_puts(b, "&#39;");
			break;
		default:
			ct_buf_putc(b, s[i]);
		}
	}
}

void html_esc(struct ct_buf *b, const char *s)
{
	html_escn(b, s, s ? strlen(s) : 0);
}

void url_esc(struct ct_buf *b, const char *s, int query)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (isalnum(c) || strchr("-._~", c) ||
		    (!query && strchr("/:;()", c)))
			ct_buf_putc(b, (char)c);
		else
			ct_buf_printf(b, "%%%02X", c);
	}
}
