/* buf.c — the growable byte buffer.  Always NUL-terminated once written;
 * growth is overflow-checked and capped at the buffer's ceiling (at most
 * CT_BUF_MAX) so that no input can make one buffer unbounded.  The first
 * failure sticks (see citectx.h): every entry point that appends goes
 * through buf_grow, which refuses once b->err is set. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "citectx.h"
#include "buf.h"
#include "err.h"

static size_t buf_ceiling(const struct ct_buf *b)
{
	return b->limit ? b->limit : CT_BUF_MAX;
}

int ct_buf_fail(struct ct_buf *b, int code)
{
	if (!b->err)
		b->err = code;
	return b->err;
}

/* Room for extra more bytes and the NUL, or the sticky error. */
static int buf_grow(struct ct_buf *b, size_t extra)
{
	size_t need, cap, max = buf_ceiling(b);
	char *p;

	if (b->err)
		return b->err;
	if (extra > max || b->len > max - extra)
		return ct_buf_fail(b, CT_ELIMIT);
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > CT_BUF_MAX / 2 ? CT_BUF_MAX + 1 : cap * 2;
	p = realloc(b->ptr, cap);
	if (!p)
		return ct_buf_fail(b, CT_ENOMEM);
	b->ptr = p;
	b->cap = cap;
	return 0;
}

void ct_buf_release(struct ct_buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
	b->err = 0;
}

void ct_buf_reset(struct ct_buf *b)
{
	b->len = 0;
	b->err = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

void ct_buf_limit(struct ct_buf *b, size_t bytes)
{
	b->limit = bytes < CT_BUF_MAX ? bytes : 0;
}

int ct_buf_error(const struct ct_buf *b)
{
	return b->err;
}

int ct_buf_done(const struct ct_buf *b, struct ct_error *err, const char *what)
{
	if (!b->err)
		return 0;
	if (b->err == CT_ELIMIT)
		return err_set(err, b->err, "%s: output over %zu bytes", what,
		               buf_ceiling(b));
	return err_set(err, b->err, "%s: output failed: %s", what,
	               ct_strerror(b->err));
}

int ct_buf_put(struct ct_buf *b, const void *p, size_t n)
{
	int rc = buf_grow(b, n);

	if (rc)
		return rc;
	if (n)
		memcpy(b->ptr + b->len, p, n);
	b->len += n;
	b->ptr[b->len] = '\0';
	return 0;
}

int ct_buf_puts(struct ct_buf *b, const char *s)
{
	return ct_buf_put(b, s, strlen(s));
}

int ct_buf_putc(struct ct_buf *b, char c)
{
	/* the fast path of the JSON writer: room, below the ceiling, no error
	 */
	if (b->len + 1 < b->cap && b->len < buf_ceiling(b) && !b->err) {
		b->ptr[b->len++] = c;
		b->ptr[b->len] = '\0';
		return 0;
	}
	return ct_buf_put(b, &c, 1);
}

int ct_buf_printf(struct ct_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return ct_buf_fail(b, CT_EIO);
	rc = buf_grow(b, (size_t)n);
	if (rc)
		return rc;
	va_start(ap, fmt);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

char *ct_buf_detach(struct ct_buf *b)
{
	char *p = b->ptr;

	if (!p)
		p = calloc(1, 1);
	b->ptr = NULL;
	b->len = b->cap = 0;
	b->err = 0;
	return p;
}
