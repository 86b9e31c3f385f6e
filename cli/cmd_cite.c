/* cmd_cite.c — `cite ID --format F`: one work as BibTeX, RIS, CSL-JSON or
 * an APA line, its note linking to the report at --base-url (else
 * $CITECTX_URL, else the address `serve` listens on by default). */
#include <stdlib.h>

#include "cli.h"

#define CITE_DEFAULT_URL "http://localhost:8080"

int cmd_cite(struct cli *c)
{
	struct ct_buf out = CT_BUF_INIT;
	struct ct_error err = {0};
	struct ct_index *idx;
	const char *base = c->base_url ? c->base_url : getenv("CITECTX_URL");
	int fmt = CT_CITE_BIBTEX;
	int64_t work;
	int rc;

	if (c->nargs != 1)
		return cli_usage(c,
		                 "give one work ID (DOI, pmid:N, pmcid:PMCN)");
	if (c->format &&
	    ct_enum_parse(CT_ENUM_CITE, "--format", c->format, &fmt, &err))
		return cli_usage(c, "%s", err.msg);
	if ((rc = cli_open(c, 1, &idx)))
		return cli_open_failed(rc);
	rc = ct_resolve(idx, c->args[0], &work, &err);
	if (!rc)
		rc = ct_cite(idx, work, fmt,
		             base && *base ? base : CITE_DEFAULT_URL, &out,
		             &err);
	if (!rc)
		rc = cli_write(&out) ? CT_EIO : 0;
	ct_close(idx);
	ct_buf_release(&out);
	return rc ? cli_fail(&err) : 0;
}
