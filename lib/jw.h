/*
 * jw.h — a streaming JSON writer into a struct ct_buf.  Keeps the comma
 * state of up to JW_DEPTH nested containers; strings are escaped as RFC
 * 8259 requires and invalid UTF-8 bytes become U+FFFD, so the output is
 * valid JSON whatever the input text held — provided the buffer did not
 * fail.  The calls return nothing: a failed append (out of memory, past
 * the buffer's ceiling) or nesting past JW_DEPTH sticks in the buffer
 * (see ct_buf in citectx.h), nothing more is written, and the writer's
 * owner checks once at the end (jw_error, or ct_buf_done) and must then
 * drop the cut document.
 */
#ifndef CT_JW_H
#define CT_JW_H
#include <stdint.h>

#include "citectx.h"

#define JW_DEPTH 32

struct jw {
	struct ct_buf *b;
	int depth;
	unsigned char first[JW_DEPTH];
	int after_key;
};

void jw_init(struct jw *w, struct ct_buf *b);
/* 0, or the first failure of the writer's buffer (sticky). */
int jw_error(const struct jw *w);
void jw_obj(struct jw *w);
void jw_obj_end(struct jw *w);
void jw_arr(struct jw *w);
void jw_arr_end(struct jw *w);
void jw_key(struct jw *w, const char *k);
void jw_str(struct jw *w, const char *s); /* NULL writes null */
void jw_strn(struct jw *w, const char *s, size_t n);
/* The length of the valid UTF-8 sequence at s (n bytes left), 0 when it
 * is not one: where jw_str writes U+FFFD for one byte instead. */
size_t jw_utf8_len(const char *s, size_t n);
/* 1 when the n bytes at s are valid UTF-8 holding no NUL byte (text
 * PostgreSQL takes, and jw_strn writes unchanged), else 0. */
int jw_utf8_ok(const char *s, size_t n);
/* Each part of list split at ';' (and the spaces after it) as one
 * {key: part} object: stored author lists ("Surname GI; ...") as the
 * report's [{"name": ...}] items.  Writes nothing for NULL or "". */
void jw_split_objs(struct jw *w, const char *key, const char *list);
void jw_int(struct jw *w, int64_t v);
void jw_num(struct jw *w, double v);
void jw_bool(struct jw *w, int v);
void jw_null(struct jw *w);
/* key + value shorthands */
void jw_kstr(struct jw *w, const char *k, const char *s);
void jw_kint(struct jw *w, const char *k, int64_t v);

#endif
