/* fuzz_qparse.c — libFuzzer target: the query language and its cost
 * model (lib/qparse.h) on arbitrary text, run from the repository root.
 * What it holds for any input:
 *   - a refusal is CT_EUSAGE with one line starting "query: ", nothing out;
 *   - an accepted query is within every limit, and its expression has
 *     balanced quotes and parentheses outside them;
 *   - the expression, read again as a query, compiles to itself with the
 *     same terms, words and prefixes (the compiler is a fixed point);
 *   - FTS5 accepts the expression: searching with it against an index of
 *     the demo corpus never fails. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "citectx.h"
#include "qparse.h"

static struct ct_index *demo_index(void)
{
	static struct ct_index *idx;
	struct ct_ingest_stats st = {0};
	struct ct_error err;

	if (!idx) {
		if (ct_open(":memory:", 0, &idx, &err) ||
		    ct_ingest_path(idx, "tests/data/demo", &st, NULL, NULL, &err))
			abort();
		ct_ingest_stats_release(&st);
	}
	return idx;
}

static void check_refusal(int rc, const struct ct_buf *out,
			  const struct ct_error *err)
{
	if (rc != CT_EUSAGE || out->len || strncmp(err->msg, "query: ", 7) ||
	    strchr(err->msg, '\n'))
		abort();
}

/* Quotes in pairs ("" inside a string is one escaped quote), and
 * parentheses balanced outside strings. */
static void check_shape(const char *e)
{
	int depth = 0, in = 0;

	for (; *e; e++) {
		if (*e == '"')
			in = !in;
		else if (!in && *e == '(')
			depth++;
		else if (!in && *e == ')' && --depth < 0)
			abort();
	}
	if (in || depth)
		abort();
}

static void check_limits(const struct qp_cost *c)
{
	if (c->terms > QP_TERMS_MAX || c->words > QP_WORDS_MAX ||
	    c->prefixes > QP_PREFIX_MAX || c->or_breadth > QP_OR_MAX ||
	    c->depth > QP_DEPTH_MAX)
		abort();
}

static void check_fixed_point(const struct ct_buf *out, const struct qp_cost *c)
{
	struct ct_buf again = CT_BUF_INIT;
	struct ct_error err = {0};
	struct qp_cost c2;

	if (out->len > QP_BYTES_MAX)
		return; /* quoting made it longer than a query may be */
	if (qparse_compile(out->ptr, &again, &c2, &err) ||
	    strcmp(again.ptr, out->ptr) || c2.terms != c->terms ||
	    c2.words != c->words || c2.prefixes != c->prefixes ||
	    c2.or_breadth != c->or_breadth)
		abort();
	ct_buf_release(&again);
}

static void check_fts5(const char *query)
{
	struct ct_query q = {.limit = 5, .text = query};
	struct ct_error err = {0};
	struct ct_page p;

	if (ct_query_statements(demo_index(), &q, &p, &err))
		abort();
	ct_page_release(&p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct ct_buf out = CT_BUF_INIT;
	struct ct_error err = {0};
	struct qp_cost cost;
	char *text = malloc(n + 1);
	int rc;

	if (!text)
		return 0;
	memcpy(text, data, n);
	text[n] = '\0';
	rc = qparse_compile(text, &out, &cost, &err);
	if (rc) {
		check_refusal(rc, &out, &err);
	} else {
		check_shape(out.ptr);
		check_limits(&cost);
		check_fixed_point(&out, &cost);
		check_fts5(text);
	}
	ct_buf_release(&out);
	free(text);
	return 0;
}
