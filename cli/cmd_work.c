/* cmd_work.c — the commands about one work: report, refs; and check. */
#include <stdio.h>

#include "cli.h"

typedef int (*render_fn)(struct ct_index *, int64_t, struct ct_buf *,
                         struct ct_error *);

static int work_command(struct cli *c, render_fn text, render_fn json)
{
	struct ct_buf out = CT_BUF_INIT;
	struct ct_error err = {0};
	struct ct_index *idx;
	int64_t work;
	int rc;

	if (c->nargs != 1)
		return cli_usage(c,
		                 "give one work ID (DOI, pmid:N, pmcid:PMCN)");
	if ((rc = cli_open(c, 1, &idx)))
		return cli_open_failed(rc);
	rc = ct_resolve(idx, c->args[0], &work, &err);
	if (!rc)
		rc = (c->json ? json : text)(idx, work, &out, &err);
	if (!rc)
		rc = cli_write(&out) ? CT_EIO : 0;
	ct_close(idx);
	ct_buf_release(&out);
	return rc ? cli_fail(&err) : 0;
}

int cmd_report(struct cli *c)
{
	return work_command(c, ct_report_text, ct_report_json);
}

int cmd_refs(struct cli *c)
{
	return work_command(c, ct_refs_text, ct_refs_json);
}

int cmd_check(struct cli *c)
{
	struct ct_buf report = CT_BUF_INIT;
	struct ct_error err = {0};
	struct ct_index *idx;
	int64_t bad = 0;
	int rc;

	if ((rc = cli_open(c, 0, &idx)))
		return cli_open_failed(rc);
	rc = ct_check(idx, &report, &err);
	if (!rc && c->utf8)
		rc = ct_check_text(idx, &report, &bad, &err);
	if (report.len)
		fputs(report.ptr, stderr);
	if (c->json && c->utf8)
		printf("{\"ok\":%s,\"invalid_utf8\":%lld}\n",
		       rc ? "false" : "true", (long long)bad);
	else if (c->json)
		printf("{\"ok\":%s}\n", rc ? "false" : "true");
	else if (!rc)
		printf("ok\n");
	ct_buf_release(&report);
	ct_close(idx);
	return rc ? cli_fail(&err) : 0;
}

int cmd_top(struct cli *c)
{
	struct ct_buf out = CT_BUF_INIT;
	struct ct_error err = {0};
	struct ct_index *idx;
	int n = c->q.limit ? c->q.limit : 10, rc;

	if (c->nargs)
		return cli_usage(c, "takes no arguments (use --limit N)");
	if ((rc = cli_open(c, 1, &idx)))
		return cli_open_failed(rc);
	rc = (c->json ? ct_top_json : ct_top_text)(idx, n, &out, &err);
	if (!rc)
		rc = cli_write(&out) ? CT_EIO : 0;
	ct_close(idx);
	ct_buf_release(&out);
	return rc ? cli_fail(&err) : 0;
}
