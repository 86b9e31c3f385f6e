/* buf.c — the growable byte buffer.  Always NUL-terminated once written;
 * growth is overflow-checked and capped at CT_BUF_MAX so that no input can
 * make one buffer unbounded. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "citectx.h"
#include "buf.h"

static int buf_grow(struct ct_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (extra > CT_BUF_MAX || b->len > CT_BUF_MAX - extra - 1)
		return CT_ELIMIT;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > CT_BUF_MAX / 2 ? CT_BUF_MAX + 1 : cap * 2;
	p = realloc(b->ptr, cap);
	if (!p)
		return CT_ENOMEM;
	b->ptr = p;
	b->cap = cap;
	return 0;
}

void ct_buf_release(struct ct_buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
}

void ct_buf_reset(struct ct_buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
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
	if (b->len + 1 < b->cap) {
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
		return CT_EIO;
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
	return p;
}
