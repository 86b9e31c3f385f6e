/* cmd_query.c — `statements ID [QUERY]` and `search QUERY`: one page of
 * statements with facets, as JSON or as text. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

void text_statement(struct ct_buf *b, const struct ct_statement *s);

/* n with thousands separators: 1,204. */
static void put_count(struct ct_buf *b, int64_t n)
{
	char d[32];
	int len = snprintf(d, sizeof(d), "%lld", (long long)(n < 0 ? -n : n));

	if (n < 0)
		ct_buf_puts(b, "-");
	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			ct_buf_puts(b, ",");
		ct_buf_put(b, d + i, 1);
	}
}

/* What a cited work is to a reader: its ID and title, or, when the
 * reference is not linked to a work, the reference as written. */
static void text_cited(struct ct_buf *b, const struct ct_work_brief *w,
                       const char *reference)
{
	if (w->id) {
		if (w->doi)
			ct_buf_puts(b, w->doi);
		else if (w->pmid)
			ct_buf_printf(b, "pmid:%s", w->pmid);
		else if (w->pmcid)
			ct_buf_printf(b, "pmcid:%s", w->pmcid);
		ct_buf_printf(b, "%s%s",
		              w->doi || w->pmid || w->pmcid ? " " : "",
		              w->title ? w->title : "(untitled)");
		if (w->year)
			ct_buf_printf(b, " (%d)", w->year);
	} else {
		ct_buf_printf(b, "(not linked) %s",
		              reference && *reference ? reference
		                                      : "(no reference text)");
	}
}

/* A card: the statement shown, then every work its sentence cites with
 * each one's label (a statement alone: the work it is about). */
static void text_card(struct ct_buf *b, const struct ct_statement *s)
{
	text_statement(b, s);
	if (!s->ncites) {
		ct_buf_puts(b, "  about: ");
		text_cited(b, &s->cited, s->reference);
		ct_buf_puts(b, "\n");
		return;
	}
	for (size_t i = 0; i < s->ncites; i++) {
		const struct ct_cite *c = &s->cites[i];

		ct_buf_printf(b, "  %s %s [%s %.2f] ", i ? "      " : "cites:",
		              c->marker ? c->marker : "", ct_type_name(c->type),
		              c->confidence);
		text_cited(b, &c->work, c->reference);
		ct_buf_puts(b, "\n");
	}
}

/* "1,204 sentences, 2,311 statements" (or statements alone). */
static void text_counts(const struct ct_page *p, struct ct_buf *b)
{
	if (p->group == CT_GROUP_SENTENCE) {
		put_count(b, p->total);
		ct_buf_printf(b, " sentence%s, ", p->total == 1 ? "" : "s");
	}
	put_count(b, p->statements);
	ct_buf_printf(b, " statement%s\n", p->statements == 1 ? "" : "s");
}

static void page_text(const struct ct_page *p, struct ct_buf *b)
{
	text_counts(p, b);
	ct_buf_printf(b, "types:");
	for (int i = 0; i < CT_TYPE_COUNT; i++)
		ct_buf_printf(b, " %s %lld", ct_type_name(i),
		              (long long)p->facet_type[i]);
	ct_buf_printf(b, "\nsections:");
	for (int i = 0; i < CT_SEC_COUNT; i++)
		ct_buf_printf(b, " %s %lld", ct_section_name(i),
		              (long long)p->facet_section[i]);
	ct_buf_printf(b, "\nself-citations: %lld  journal self-citations: %lld",
	              (long long)p->self_true, (long long)p->jself_true);
	ct_buf_puts(b, "\n");
	for (size_t i = 0; i < p->n; i++)
		text_card(b, &p->items[i]);
	if (p->next)
		ct_buf_printf(b, "\nmore: --cursor %s\n", p->next);
}

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
		page_text(&page, &out);
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
	if (cli_open(c, 1, &idx))
		return 2;
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
	if (cli_open(c, 1, &idx))
		return 2;
	rc = cli_resolve_citing(c, idx);
	if (!rc)
		rc = run_query(c, idx);
	ct_close(idx);
	return rc;
}
