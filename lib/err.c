/* err.c — the error table and error reports. */
#include <stdarg.h>
#include <stdio.h>

#include "citectx.h"
#include "err.h"

/* The row of code in the table, or NULL. */
static const struct errno_row {
	int code, exit, status;
	const char *http, *text;
} errno_rows[] = {
#define CT_X(n, v, exit, status, http, s) {v, exit, status, http, s},
    CT_ERRNO_MAP(CT_X)
#undef CT_X
};

static const struct errno_row *errno_row(int code)
{
	for (size_t i = 0; i < sizeof(errno_rows) / sizeof(*errno_rows); i++)
		if (errno_rows[i].code == code)
			return &errno_rows[i];
	return NULL;
}

const char *ct_strerror(int code)
{
	const struct errno_row *r = errno_row(code);

	return r ? r->text : "unknown error";
}

int ct_exit_code(int code)
{
	const struct errno_row *r = errno_row(code);

	return r ? r->exit : 1;
}

int ct_http_status(int code, const char **name)
{
	const struct errno_row *r = errno_row(code);

	*name = r ? r->http : "internal";
	return r ? r->status : 500;
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
