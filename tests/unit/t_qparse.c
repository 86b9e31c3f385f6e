/* t_qparse.c — the query language: what people type, as the FTS5
 * expression it becomes; the messages of malformed queries; the cost
 * model and its limits. */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "harness.h"
#include "qparse.h"

static const struct {
	const char *in, *fts;
} compiled[] = {
	/* clinical terms: one term each, searched as the quoted form */
	{"COVID-19", "\"COVID-19\""},
	{"SF-36 AND quality", "(\"SF-36\" AND \"quality\")"},
	{"IL-1β OR TNF-α", "(\"IL-1β\" OR \"TNF-α\")"},
	{"Alzheimer's", "\"Alzheimer's\""},
	{"p<0.05", "\"p<0.05\""},
	{"3'-UTR 5-FU", "(\"3'-UTR\" AND \"5-FU\")"},
	/* column filters, FTS5 operators and lower-case words are text */
	{"pmid:1202204", "\"pmid:1202204\""},
	{"^c +d -e and or not", "(\"^c\" AND \"+d\" AND \"-e\" AND \"and\" AND "
				"\"or\" AND \"not\")"},
	/* a '(' inside a term is text, with its ')' */
	{"10.1016/0022-3956(75)90026-6", "\"10.1016/0022-3956(75)90026-6\""},
	{"(IL-6 OR IL-6(R)) AND sepsis",
	 "((\"IL-6\" OR \"IL-6(R)\") AND \"sepsis\")"},
	/* phrases, prefixes */
	{"\"consistent with\"*", "\"consistent with\"*"},
	{"random* NOT mice", "(\"random\"* NOT \"mice\")"},
	{"\"no (serious) AND\" x", "(\"no (serious) AND\" AND \"x\")"},
	{"pre**", "\"pre\"*"},
	/* precedence: NOT, then AND (also implicit), then OR */
	{"a OR b AND c", "(\"a\" OR (\"b\" AND \"c\"))"},
	{"a b NOT c OR d", "((\"a\" AND (\"b\" NOT \"c\")) OR \"d\")"},
	{"a NOT b NOT c", "((\"a\" NOT \"b\") NOT \"c\")"},
	{"(a OR b) c", "((\"a\" OR \"b\") AND \"c\")"},
	/* terms without a letter or digit name no word: dropped */
	{"rats NOT -", "\"rats\""},
	{"- NOT rats", "\"\""},
	{"COVID - 19", "(\"COVID\" AND \"19\")"},
	{"rats OR (<)", "\"rats\""},
	{"-", "\"\""},
	{"  \t ", "\"\""},
	{"*", "\"\""},
};

TEST(t_qparse_compiles)
{
	struct ct_buf b = CT_BUF_INIT;

	for (size_t i = 0; i < sizeof(compiled) / sizeof(*compiled); i++) {
		struct ct_error err = {0};
		int rc = qparse_compile(compiled[i].in, &b, NULL, &err);

		CHECK_EQ_INT(rc, 0);
		CHECK_EQ_STR(b.ptr, compiled[i].fts);
		if (rc || strcmp(b.ptr ? b.ptr : "", compiled[i].fts))
			fprintf(stderr, "  query '%s': %s\n", compiled[i].in,
				rc ? err.msg : "");
	}
	ct_buf_release(&b);
}

static const struct {
	const char *in, *says;
} refused[] = {
	{"\"consistent with", "quote at character 1 is never closed"},
	{"(a OR b", "( at character 1 is never closed"},
	{"((a)", "( at character 1 is never closed"},
	{"a OR b)", ") at character 7 closes nothing"},
	{")", ") at character 1 closes nothing"},
	{"NEAR(a b)", ") at character 9 closes nothing"},
	{"NOT mice", "NOT at character 1 has no term before it"},
	{"(OR a)", "OR at character 2 has no term before it"},
	{"rats AND", "AND at character 6 has no term after it"},
	{"rats OR )", "OR at character 6 has no term after it"},
	{"a AND OR b", "OR at character 7 follows AND"},
	{"a AND NOT b", "NOT at character 7 follows AND"},
	{"a ()", "parentheses at character 3 are empty"},
	{"β-blocker AND", "AND at character 11"}, /* characters, not bytes */
	{"a* OR b*", "prefix at character 1 is too short"},
	{"il-6*", "prefix at character 1 is too short"},
	{"\xff\xfe", "not valid UTF-8"},
};

TEST(t_qparse_refuses_malformed)
{
	struct ct_buf b = CT_BUF_INIT;

	for (size_t i = 0; i < sizeof(refused) / sizeof(*refused); i++) {
		struct ct_error err = {0};
		int rc = qparse_compile(refused[i].in, &b, NULL, &err);

		CHECK_EQ_INT(rc, CT_EUSAGE);
		CHECK(b.len == 0);
		CHECK(strstr(err.msg, refused[i].says) != NULL);
		CHECK(strncmp(err.msg, "query: ", 7) == 0 && !strchr(err.msg, '\n'));
		if (!strstr(err.msg, refused[i].says))
			fprintf(stderr, "  query '%s': '%s'\n", refused[i].in, err.msg);
	}
	ct_buf_release(&b);
}

/* n copies of word joined by sep, as a query. */
static void repeat(struct ct_buf *q, const char *word, const char *sep, int n)
{
	ct_buf_reset(q);
	for (int i = 0; i < n; i++)
		ct_buf_printf(q, "%s%s", i ? sep : "", word);
}

static int compile_says(const char *query, const char *says)
{
	struct ct_buf b = CT_BUF_INIT;
	struct ct_error err = {0};
	int rc = qparse_compile(query, &b, NULL, &err);

	ct_buf_release(&b);
	if (says ? rc == CT_EUSAGE && strstr(err.msg, says) : rc == 0)
		return 1;
	fprintf(stderr, "  %.60s...: rc %d '%s', want %s\n", query, rc, err.msg,
		says ? says : "accepted");
	return 0;
}

TEST(t_qparse_cost)
{
	struct ct_buf q = CT_BUF_INIT, b = CT_BUF_INIT;
	struct qp_cost c;

	CHECK_EQ_INT(qparse_compile("(COVID-19 OR \"SARS CoV 2\" OR corona*) AND "
				    "(vaccin* OR (mRNA OR BNT162b2)) NOT - NOT mice",
				    &b, &c, NULL), 0);
	CHECK_EQ_INT(c.terms, 7);
	CHECK_EQ_INT(c.words, 10);
	CHECK_EQ_INT(c.prefixes, 2);
	CHECK_EQ_INT(c.or_breadth, 3);
	CHECK_EQ_INT(c.depth, 2);
	/* what FTS5 is not given costs nothing: the right side of a NOT whose
	 * left side names no word (found by fuzz_qparse) */
	CHECK_EQ_INT(qparse_compile("((IL-6 OR IL-1β) AND TNF-α) LOT - NOT bs",
				    &b, &c, NULL), 0);
	CHECK_EQ_STR(b.ptr, "(((\"IL-6\" OR \"IL-1β\") AND \"TNF-α\") AND \"LOT\")");
	CHECK_EQ_INT(c.terms, 4);
	CHECK_EQ_INT(qparse_compile("- NOT (a* OR b OR c)", &b, &c, NULL), 0);
	CHECK(c.terms == 0 && c.prefixes == 0 && c.or_breadth == 0);
	/* up to each limit passes, one over it is refused, naming it */
	repeat(&q, "trial", " AND ", QP_TERMS_MAX);
	CHECK(compile_says(q.ptr, NULL));
	repeat(&q, "trial", " AND ", QP_TERMS_MAX + 1);
	CHECK(compile_says(q.ptr, "over the term limit"));
	repeat(&q, "the", " ", 400);
	CHECK(compile_says(q.ptr, "400 terms, over the term limit"));
	repeat(&q, "the", " OR ", 400);
	CHECK(compile_says(q.ptr, "400 alternatives in one OR, over the OR limit"));
	repeat(&q, "x", " OR ", QP_OR_MAX);
	CHECK(compile_says(q.ptr, NULL));
	repeat(&q, "x", " OR ", QP_OR_MAX + 1);
	CHECK(compile_says(q.ptr, "over the OR limit"));
	repeat(&q, "(x OR y)", " OR ", QP_OR_MAX / 2 + 1); /* nested ORs count */
	CHECK(compile_says(q.ptr, "over the OR limit"));
	repeat(&q, "prefix*", " ", QP_PREFIX_MAX); /* long prefixes: 1 unit */
	CHECK(compile_says(q.ptr, NULL));
	repeat(&q, "prefix*", " ", QP_PREFIX_MAX + 1);
	CHECK(compile_says(q.ptr, "over the prefix limit"));
	CHECK(compile_says("pre* con*", NULL)); /* short ones: 4 units */
	CHECK(compile_says("pre* con* cont*", "10 prefix units"));
	repeat(&q, "w", " ", QP_WORDS_MAX); /* one phrase of many words */
	ct_buf_reset(&b);
	ct_buf_puts(&b, "\"");
	ct_buf_puts(&b, q.ptr);
	ct_buf_puts(&b, "\"");
	CHECK(compile_says(b.ptr, NULL));
	ct_buf_puts(&b, " w");
	CHECK(compile_says(b.ptr, "over the word limit"));
	repeat(&q, "(", "", QP_DEPTH_MAX);
	ct_buf_puts(&q, "x");
	for (int i = 0; i < QP_DEPTH_MAX; i++)
		ct_buf_puts(&q, ")");
	CHECK(compile_says(q.ptr, NULL));
	repeat(&q, "(", "", QP_DEPTH_MAX + 1);
	CHECK(compile_says(q.ptr, "nesting limit"));
	repeat(&q, "(", "", 100000); /* no recursion that deep */
	CHECK(compile_says(q.ptr, "length limit"));
	repeat(&q, "x", "", QP_BYTES_MAX + 1);
	CHECK(compile_says(q.ptr, "length limit"));
	ct_buf_release(&q);
	ct_buf_release(&b);
}
