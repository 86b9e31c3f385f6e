/* jw.c — the streaming JSON writer (see jw.h). */
#include <math.h>
#include <string.h>

#include "buf.h"
#include "jw.h"

void jw_init(struct jw *w, struct ct_buf *b)
{
	memset(w, 0, sizeof(*w));
	w->b = b;
}

static void jw_sep(struct jw *w)
{
	if (w->after_key) {
		w->after_key = 0;
		return;
	}
	if (w->depth > 0 && w->depth <= JW_DEPTH) {
		if (!w->first[w->depth - 1])
			ct_buf_putc(w->b, ',');
		w->first[w->depth - 1] = 0;
	}
}

int jw_error(const struct jw *w)
{
	return ct_buf_error(w->b);
}

static void jw_open(struct jw *w, char c)
{
	if (w->depth >=
	    JW_DEPTH) /* no comma state left: fail, never mis-write */
		ct_buf_fail(w->b, CT_ELIMIT);
	jw_sep(w);
	ct_buf_putc(w->b, c);
	if (w->depth < JW_DEPTH)
		w->first[w->depth] = 1;
	w->depth++;
}

static void jw_close(struct jw *w, char c)
{
	w->depth--;
	ct_buf_putc(w->b, c);
}

void jw_obj(struct jw *w)
{
	jw_open(w, '{');
}
void jw_obj_end(struct jw *w)
{
	jw_close(w, '}');
}
void jw_arr(struct jw *w)
{
	jw_open(w, '[');
}
void jw_arr_end(struct jw *w)
{
	jw_close(w, ']');
}

static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t k;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		k = 2;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		k = 3;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		k = 4;
	else
		return 0;
	if (k > n)
		return 0;
	for (size_t i = 1; i < k; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	if ((k == 3 && s[0] == 0xE0 && s[1] < 0xA0) ||
	    (k == 3 && s[0] == 0xED && s[1] >= 0xA0) ||
	    (k == 4 && s[0] == 0xF0 && s[1] < 0x90) ||
	    (k == 4 && s[0] == 0xF4 && s[1] >= 0x90))
		return 0;
	return k;
}

size_t jw_utf8_len(const char *s, size_t n)
{
	return n ? utf8_len((const unsigned char *)s, n) : 0;
}

int jw_utf8_ok(const char *s, size_t n)
{
	size_t k;

	for (size_t i = 0; i < n; i += k)
		if (!s[i] ||
		    !(k = utf8_len((const unsigned char *)s + i, n - i)))
			return 0;
	return 1;
}

void jw_strn(struct jw *w, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	jw_sep(w);
	ct_buf_putc(w->b, '"');
	while (i < n) {
		size_t run = i, k;

		while (run < n && s[run] >= 0x20 && s[run] < 0x80 &&
		       s[run] != '"' && s[run] != '\\')
			run++;
		ct_buf_put(w->b, s + i, run - i);
		if ((i = run) >= n)
			break;
		if (s[i] == '"' || s[i] == '\\') {
			ct_buf_putc(w->b, '\\');
			ct_buf_putc(w->b, (char)s[i++]);
		} else if (s[i] < 0x20) {
			ct_buf_printf(w->b, "\\u%04x", s[i++]);
		} else if ((k = utf8_len(s + i, n - i))) {
			ct_buf_put(w->b, s + i, k);
			i += k;
		} else {
			ct_buf_puts(w->b, "\xEF\xBF\xBD");
			i++;
		}
	}
	ct_buf_putc(w->b, '"');
}

void jw_str(struct jw *w, const char *s)
{
	if (!s)
		jw_null(w);
	else
		jw_strn(w, s, strlen(s));
}

void jw_key(struct jw *w, const char *k)
{
	jw_str(w, k);
	ct_buf_putc(w->b, ':');
	w->after_key = 1;
}

void jw_int(struct jw *w, int64_t v)
{
	jw_sep(w);
	ct_buf_printf(w->b, "%lld", (long long)v);
}

void jw_num(struct jw *w, double v)
{
	jw_sep(w);
	if (isfinite(v))
		ct_buf_printf(w->b, "%.4g", v);
	else
		ct_buf_puts(w->b, "null");
}

void jw_bool(struct jw *w, int v)
{
	jw_sep(w);
	ct_buf_puts(w->b, v ? "true" : "false");
}

void jw_null(struct jw *w)
{
	jw_sep(w);
	ct_buf_puts(w->b, "null");
}

void jw_kstr(struct jw *w, const char *k, const char *s)
{
	jw_key(w, k);
	jw_str(w, s);
}

void jw_kint(struct jw *w, const char *k, int64_t v)
{
	jw_key(w, k);
	jw_int(w, v);
}

void jw_split_objs(struct jw *w, const char *key, const char *list)
{
	for (const char *p = list; p && *p;) {
		size_t n = strcspn(p, ";");

		jw_obj(w);
		jw_key(w, key);
		jw_strn(w, p, n);
		jw_obj_end(w);
		p += n;
		p += strspn(p, "; ");
	}
}
