/* err.c — the error table and error reports. */
#include <stdarg.h>
#include <stdio.h>

#include "citectx.h"
#include "err.h"

const char *ct_strerror(int code)
{
	switch (code) {
#define CT_X(n, v, s)                                                    \
	case v:                                                          \
		return s;
		CT_ERRNO_MAP(CT_X)
#undef CT_X
	}
	return "unknown error";
}

int err_set(struct ct_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}
