/* err.h — filling a struct ct_error.  err_set returns code so that callers
 * can write `return err_set(err, CT_EPARSE, "%s: ...", file);`. */
#ifndef CT_ERR_H
#define CT_ERR_H
#include "citectx.h"

int err_set(struct ct_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
