/* buf.h — internal additions to struct ct_buf (see citectx.h).
 * CT_BUF_MAX is the ceiling of any one buffer: 256 MiB, above the largest
 * article we accept (CT_FILE_MAX) with room for its rendered text. */
#ifndef CT_BUF_H
#define CT_BUF_H
#include "citectx.h"

#define CT_BUF_MAX ((size_t)256 << 20)

int ct_buf_putc(struct ct_buf *b, char c);
/* Hands the bytes to the caller (free()), leaving b empty. */
char *ct_buf_detach(struct ct_buf *b);

#endif
