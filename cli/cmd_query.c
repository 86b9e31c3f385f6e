/* cmd_query.c — `statements ID [QUERY]` and `search QUERY`: one page of
 * statements with facets, as JSON or as text. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* An empty result said plainly, with the filters that made it empty,
 * instead of facets that are all zero. */
static void no_matches(const struct cli *c, struct ct_buf *b)
{
	struct ct_buf f = CT_BUF_INIT;

	ct_query_describe(&c->q, CT_STYLE_CLI, &f);
	if (c->citing_id)
		ct_buf_printf(&f, "%s--citing %s", f.len ? " " : "",
		              c->citing_id);
	if (c->q.text)
		ct_buf_printf(b, "no matches for the search %s", c->q.text);
	else
		ct_buf_printf(b, "no matches: no statement about %s",
		              c->nargs ? c->args[0] : "this work");
	ct_buf_printf(b, "%s%s\n", f.len ? " with " : "", f.len ? f.ptr : "");
	ct_buf_release(&f);
}

static int run_query(struct cli *c, struct ct_index *idx)
{
	struct ct_page page;
	struct ct_buf out = CT_BUF_INIT;
	struct ct_error err = {0};
	int rc = ct_query_statements(idx, &c->q, &page, &err);

	if (rc)
		return cli_fail(&err);
	if (c->json)
		ct_page_json(&page, &out);
	else if (!page.n && !page.total)
		no_matches(c, &out);
	else
		ct_page_text(&page, &out);
	rc = cli_write(&out);
	ct_buf_release(&out);
	ct_page_release(&page);
	return rc;
}

int cmd_statements(struct cli *c)
{
	struct ct_error err = {0};
	struct ct_index *idx;
	int rc;

	if (c->nargs < 1 || c->nargs > 2)
		return cli_usage(c, "give one work ID, and a query (quoted) to "
		                    "search its statements");
	if ((rc = cli_open(c, 1, &idx)))
		return cli_open_failed(rc);
	rc =
	    ct_resolve(idx, c->args[0], &c->q.cited, &err) ? cli_fail(&err) : 0;
	if (!rc)
		rc = cli_resolve_citing(c, idx);
	c->q.text = c->nargs > 1 ? c->args[1] : NULL;
	if (!rc) {
		/* nothing to rank by without a query */
		if (c->q.sort == CT_SORT_RELEVANCE && !c->q.text)
			c->q.sort = CT_SORT_NEWEST;
		rc = run_query(c, idx);
	}
	ct_close(idx);
	return rc;
}

int cmd_search(struct cli *c)
{
	struct ct_index *idx;
	int rc;

	if (c->nargs > 1)
		return cli_usage(c,
		                 "give the query as one argument (quote it)");
	if (c->nargs == 0 && !c->citing_id)
		return cli_usage(c, "give a query, or --citing ID to list all");
	c->q.text = c->nargs ? c->args[0] : NULL;
	if ((rc = cli_open(c, 1, &idx)))
		return cli_open_failed(rc);
	rc = cli_resolve_citing(c, idx);
	if (!rc)
		rc = run_query(c, idx);
	ct_close(idx);
	return rc;
}
