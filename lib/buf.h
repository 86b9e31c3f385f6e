/* buf.h — internal additions to struct ct_buf (see citectx.h).
 * CT_BUF_MAX is the ceiling of any one buffer: 256 MiB, above the largest
 * article we accept (CT_FILE_MAX) with room for its rendered text; an
 * owner may set a lower one (ct_buf_limit). */
#ifndef CT_BUF_H
#define CT_BUF_H
#include "citectx.h"

#define CT_BUF_MAX ((size_t)256 << 20)

int ct_buf_putc(struct ct_buf *b, char c);
/* Hands the bytes to the caller (free()), leaving b empty (err cleared). */
char *ct_buf_detach(struct ct_buf *b);
/* Marks b failed with code (a writer's own failure, e.g. JSON nested past
 * JW_DEPTH) unless it failed already; returns b's error. */
int ct_buf_fail(struct ct_buf *b, int code);
/* The one check at the end of a render: 0 when b holds the whole
 * document, else b's error with a message naming what was being written
 * ("report of work 12: output over 65536 bytes"). */
int ct_buf_done(const struct ct_buf *b, struct ct_error *err, const char *what);

#endif
