/* cmd_find.c — `citectx find QUERY...`: a work by DOI, PMID or PMCID, or
 * works by words of a title, authors, journal (issue 16).  The arguments
 * are one query, so `find Folstein 1975` needs no quotes. */
#include <string.h>

#include "cli.h"

int cmd_find(struct cli *c)
{
	struct ct_buf q = CT_BUF_INIT, out = CT_BUF_INIT;
	struct ct_error err = {0};
	struct ct_index *idx;
	int rc;

	if (!c->nargs)
		return cli_usage(c,
		                 "give a DOI, PMID, PMCID or words of a title, "
		                 "an author or a journal");
	for (int i = 0; i < c->nargs; i++)
		ct_buf_printf(&q, "%s%s", i ? " " : "", c->args[i]);
	if ((rc = cli_open(c, CT_OPEN_READONLY, &idx))) {
		ct_buf_release(&q);
		return cli_open_failed(rc);
	}
	rc = (c->json ? ct_find_json : ct_find_text)(
	    idx, q.ptr ? q.ptr : "", c->q.limit ? c->q.limit : 10, &out, &err);
	if (!rc)
		rc = cli_write(&out) ? CT_EIO : 0;
	ct_close(idx);
	ct_buf_release(&q);
	ct_buf_release(&out);
	return rc ? cli_fail(&err) : 0;
}
