/* cmd_linkeval.c — `citectx linkeval`: linking by fields measured on the
 * index's own references with identifiers (see ct_linkeval). */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

int cmd_linkeval(struct cli *c)
{
	struct ct_buf out = CT_BUF_INIT;
	struct ct_error err = {0};
	struct ct_index *idx;
	int mistakes = c->nargs ? atoi(c->args[0]) : 10;
	int rc;

	if ((rc = cli_open(c, 1, &idx)))
		return cli_open_failed(rc);
	rc = ct_linkeval(idx, 0.98, mistakes, &out, &err);
	if (!rc)
		rc = cli_write(&out) ? CT_EIO : 0;
	ct_close(idx);
	ct_buf_release(&out);
	return rc ? cli_fail(&err) : 0;
}
