/*
 * qparse.c — the query language (see qparse.h): a lexer over the query's
 * bytes and a recursive-descent parser, one function per precedence level
 * (OR, AND, NOT, a term or group), each appending its FTS5 text to a
 * buffer; recursion is bounded by QP_DEPTH_MAX and the input by
 * QP_BYTES_MAX.
 */
#include <stddef.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "norm.h"
#include "qparse.h"

enum tok { T_END, T_TERM, T_PHRASE, T_AND, T_OR, T_NOT, T_OPEN, T_CLOSE };

struct token {
	enum tok kind;
	size_t start;   /* where it starts in the query (a phrase's quote) */
	size_t at, len; /* a term's or phrase's text: no quotes, no '*' */
	int prefix;
};

struct qp {
	const char *s;
	size_t n, pos;
	struct token cur, prev; /* the token to parse, the one before it */
	int depth;
	size_t short_prefix; /* 1 + start of the first prefix too short, 0 */
	int oom;
	struct qp_cost cost;
	struct ct_error *err;
};

static const struct {
	const char *word;
	enum tok kind;
} operators[] = {{"AND", T_AND}, {"OR", T_OR}, {"NOT", T_NOT}};

static const char *tok_name(enum tok k)
{
	static const char *const names[] = {[T_AND] = "AND",
	                                    [T_OR] = "OR",
	                                    [T_NOT] = "NOT",
	                                    [T_OPEN] = "(",
	                                    [T_CLOSE] = ")"};

	return k < sizeof(names) / sizeof(*names) && names[k] ? names[k] : "";
}

static int is_operator(enum tok k)
{
	return k == T_AND || k == T_OR || k == T_NOT;
}

static int is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* The 1-based character (not byte) position of byte at, for messages. */
static size_t col(const struct qp *p, size_t at)
{
	size_t c = 1;

	for (size_t i = 0; i < at && i < p->n; i++)
		c += ((unsigned char)p->s[i] & 0xC0) != 0x80;
	return c;
}

/* ---- the lexer ------------------------------------------------------------
 */

/* The end of the term at i: a space, a quote, or a ')' that no '(' of
 * the term opened (that one closes a group). */
static size_t term_end(const struct qp *p, size_t i)
{
	int open = 0;

	for (; i < p->n; i++) {
		char c = p->s[i];

		if (is_space(c) || c == '"' || (c == ')' && !open))
			break;
		open += c == '(' ? 1 : c == ')' ? -1 : 0;
	}
	return i;
}

static void lex_term(struct qp *p, struct token *t)
{
	size_t end = term_end(p, p->pos), lit = end;

	while (lit > p->pos + 1 && p->s[lit - 1] == '*')
		lit--;
	t->kind = T_TERM;
	t->at = p->pos;
	t->len = lit - p->pos;
	t->prefix = lit < end;
	for (size_t i = 0;
	     !t->prefix && i < sizeof(operators) / sizeof(*operators); i++)
		if (strlen(operators[i].word) == t->len &&
		    !memcmp(operators[i].word, p->s + t->at, t->len))
			t->kind = operators[i].kind;
	p->pos = end;
}

static int lex_phrase(struct qp *p, struct token *t)
{
	const char *q = memchr(p->s + p->pos + 1, '"', p->n - p->pos - 1);

	if (!q)
		return err_set(
		    p->err, CT_EUSAGE,
		    "query: the quote at character "
		    "%zu is never closed: add a closing \" or remove "
		    "it",
		    col(p, p->pos));
	t->kind = T_PHRASE;
	t->at = p->pos + 1;
	t->len = (size_t)(q - (p->s + t->at));
	p->pos = (size_t)(q - p->s) + 1;
	for (; p->pos < p->n && p->s[p->pos] == '*'; p->pos++)
		t->prefix = 1;
	return 0;
}

/* Moves to the next token. */
static int advance(struct qp *p)
{
	struct token *t = &p->cur;

	p->prev = *t;
	memset(t, 0, sizeof(*t));
	while (p->pos < p->n && is_space(p->s[p->pos]))
		p->pos++;
	t->start = p->pos;
	if (p->pos == p->n)
		return 0; /* T_END */
	if (p->s[p->pos] == '"')
		return lex_phrase(p, t);
	if (p->s[p->pos] == '(' || p->s[p->pos] == ')') {
		t->kind = p->s[p->pos++] == '(' ? T_OPEN : T_CLOSE;
		return 0;
	}
	lex_term(p, t);
	return 0;
}

/* ---- output ---------------------------------------------------------------
 */

static void put(struct qp *p, struct ct_buf *b, const char *s, size_t n)
{
	if (ct_buf_put(b, s, n))
		p->oom = 1;
}

static void puts_(struct qp *p, struct ct_buf *b, const char *s)
{
	put(p, b, s, strlen(s));
}

/* A term or phrase as an FTS5 string, counted; nothing (and no cost) when
 * it names no word. */
static void leaf(struct qp *p, struct ct_buf *out)
{
	const struct token *t = &p->cur;
	size_t words = 0, last = 0;

	norm_fts_words(p->s + t->at, t->len, &words, &last); /* UTF-8 checked */
	if (!words)
		return;
	p->cost.terms++;
	p->cost.words += (int)words; /* at most QP_BYTES_MAX */
	if (t->prefix) {
		p->cost.prefixes += last <= 3 ? 4 : last == 4 ? 2 : 1;
		if (last < QP_PREFIX_MIN && !p->short_prefix)
			p->short_prefix = t->start + 1;
	}
	puts_(p, out, "\"");
	for (size_t i = 0; i < t->len; i++) /* FTS5 escapes '"' by doubling */
		put(p, out, p->s[t->at + i] == '"' ? "\"\"" : p->s + t->at + i,
		    p->s[t->at + i] == '"' ? 2 : 1);
	puts_(p, out, t->prefix ? "\"*" : "\"");
}

/* ---- the parser -----------------------------------------------------------
 */

static int parse_or(struct qp *p, struct ct_buf *out, int *alts);

/* What was found where a term was expected, as what to change. */
static int misplaced(struct qp *p)
{
	const struct token *t = &p->cur, *b = &p->prev;

	if (is_operator(t->kind) && is_operator(b->kind))
		return err_set(
		    p->err, CT_EUSAGE,
		    "query: %s at character %zu "
		    "follows %s: remove one of them, or write \"%s\" to "
		    "search the word",
		    tok_name(t->kind), col(p, t->start), tok_name(b->kind),
		    tok_name(t->kind));
	if (is_operator(t->kind))
		return err_set(p->err, CT_EUSAGE,
		               "query: %s at character %zu has "
		               "no term before it: put a term on each side, or "
		               "write \"%s\" to search the word",
		               tok_name(t->kind), col(p, t->start),
		               tok_name(t->kind));
	if (is_operator(b->kind))
		return err_set(p->err, CT_EUSAGE,
		               "query: %s at character %zu has "
		               "no term after it: add one, or remove the %s",
		               tok_name(b->kind), col(p, b->start),
		               tok_name(b->kind));
	return err_set(p->err, CT_EUSAGE,
	               "query: the ) at character %zu closes "
	               "nothing: remove it, or add a ( before it",
	               col(p, t->start));
}

static int unclosed(struct qp *p, size_t open)
{
	return err_set(p->err, CT_EUSAGE,
	               "query: the ( at character %zu is "
	               "never closed: add a ) or remove it",
	               col(p, open));
}

static int parse_group(struct qp *p, struct ct_buf *out, int *alts)
{
	size_t open = p->cur.start;
	int rc;

	if (++p->depth > QP_DEPTH_MAX)
		return err_set(
		    p->err, CT_EUSAGE,
		    "query: parentheses nested deeper "
		    "than the nesting limit (%d levels) at character "
		    "%zu: remove some",
		    QP_DEPTH_MAX, col(p, open));
	if (p->depth > p->cost.depth)
		p->cost.depth = p->depth;
	rc = advance(p);
	if (!rc && p->cur.kind == T_END)
		return unclosed(p, open);
	if (!rc && p->cur.kind == T_CLOSE)
		return err_set(p->err, CT_EUSAGE,
		               "query: the parentheses at "
		               "character %zu are empty: put terms inside or "
		               "remove them",
		               col(p, open));
	if (!rc)
		rc = parse_or(p, out, alts);
	if (!rc && p->cur.kind != T_CLOSE)
		return unclosed(p, open);
	p->depth--;
	return rc ? rc : advance(p);
}

/* A term, a phrase or a group. */
static int parse_primary(struct qp *p, struct ct_buf *out, int *alts)
{
	*alts = 1;
	if (p->cur.kind == T_OPEN)
		return parse_group(p, out, alts);
	if (p->cur.kind != T_TERM && p->cur.kind != T_PHRASE)
		return misplaced(p);
	leaf(p, out);
	return advance(p);
}

/* What a right side costs is forgotten when its left side named no word:
 * FTS5 never sees it (the depth stays: the parser went there). */
static void forget_cost(struct qp *p, const struct qp_cost *before,
                        size_t short_prefix)
{
	int depth = p->cost.depth;

	p->cost = *before;
	p->cost.depth = depth;
	p->short_prefix = short_prefix;
}

/* primary (NOT primary)*, left to right: (a NOT b) NOT c. */
static int parse_not(struct qp *p, struct ct_buf *out, int *alts)
{
	struct ct_buf right = CT_BUF_INIT, both = CT_BUF_INIT;
	int rc = parse_primary(p, out, alts), a;

	while (!rc && p->cur.kind == T_NOT) {
		struct qp_cost before = p->cost;
		size_t sp = p->short_prefix;

		rc = advance(p);
		if (!rc)
			rc = parse_primary(p, &right, &a);
		if (!rc && !out->len)
			forget_cost(p, &before, sp);
		if (!rc && out->len && right.len) {
			puts_(p, &both, "(");
			put(p, &both, out->ptr, out->len);
			puts_(p, &both, " NOT ");
			put(p, &both, right.ptr, right.len);
			puts_(p, &both, ")");
			ct_buf_reset(out);
			put(p, out, both.ptr, both.len);
			ct_buf_reset(&both);
			*alts = 1;
		}
		ct_buf_reset(&right);
	}
	ct_buf_release(&right);
	ct_buf_release(&both);
	return rc;
}

/* Whether an AND (or an OR when ors) chain goes on: an OR only after OR,
 * an AND after AND or when the next term or group simply follows. */
static int chain_goes_on(const struct qp *p, int ors)
{
	enum tok k = p->cur.kind;

	if (ors)
		return k == T_OR;
	return k == T_AND || k == T_TERM || k == T_PHRASE || k == T_OPEN;
}

/* One level of operands joined by AND (ors 0) or OR (ors 1); operands
 * that name no word are left out; two or more are parenthesized. */
static int parse_chain(struct qp *p, struct ct_buf *out, int *alts, int ors)
{
	struct ct_buf list = CT_BUF_INIT, one = CT_BUF_INIT;
	int n = 0, sum = 0, a = 0, rc = 0;

	*alts = 0;
	for (int first = 1; !rc && (first || chain_goes_on(p, ors));
	     first = 0) {
		if (!first && (p->cur.kind == T_AND || p->cur.kind == T_OR))
			rc = advance(p);
		if (!rc)
			rc = ors ? parse_chain(p, &one, &a, 0)
			         : parse_not(p, &one, &a);
		if (rc || !one.len)
			continue;
		if (n++)
			puts_(p, &list, ors ? " OR " : " AND ");
		put(p, &list, one.ptr, one.len);
		ct_buf_reset(&one);
		sum += a;
		*alts = a;
	}
	if (!rc && n > 1) {
		puts_(p, out, "(");
		put(p, out, list.ptr, list.len);
		puts_(p, out, ")");
		*alts = ors ? sum : 1;
	} else if (!rc && n) {
		put(p, out, list.ptr, list.len);
	}
	if (ors && *alts > p->cost.or_breadth)
		p->cost.or_breadth = *alts;
	ct_buf_release(&list);
	ct_buf_release(&one);
	return rc;
}

static int parse_or(struct qp *p, struct ct_buf *out, int *alts)
{
	return parse_chain(p, out, alts, 1);
}

/* ---- the cost -------------------------------------------------------------
 */

/* In the order they are reported when several are over. */
static const struct {
	const char *what, *name, *hint;
	int max;
	size_t off;
} limits[] = {
    {"prefix units (3 characters before * are 4, 4 are 2, more 1)",
     "prefix limit", "write more of the words out", QP_PREFIX_MAX,
     offsetof(struct qp_cost, prefixes)},
    {"alternatives in one OR", "OR limit", "split the search in several",
     QP_OR_MAX, offsetof(struct qp_cost, or_breadth)},
    {"terms", "term limit", "search fewer; a \"quoted phrase\" is one term",
     QP_TERMS_MAX, offsetof(struct qp_cost, terms)},
    {"words", "word limit", "search fewer or shorter phrases", QP_WORDS_MAX,
     offsetof(struct qp_cost, words)},
};

static int check_cost(struct qp *p)
{
	if (p->short_prefix)
		return err_set(p->err, CT_EUSAGE,
		               "query: the prefix at character "
		               "%zu is too short for the prefix limit: give at "
		               "least %d letters or digits before the *",
		               col(p, p->short_prefix - 1), QP_PREFIX_MIN);
	for (size_t i = 0; i < sizeof(limits) / sizeof(*limits); i++) {
		int v = *(const int *)((const char *)&p->cost + limits[i].off);

		if (v > limits[i].max)
			return err_set(p->err, CT_EUSAGE,
			               "query: %d %s, over the "
			               "%s of %d: %s",
			               v, limits[i].what, limits[i].name,
			               limits[i].max, limits[i].hint);
	}
	return 0;
}

/* ---- the call -------------------------------------------------------------
 */

static int compile(struct qp *p, struct ct_buf *out)
{
	int alts, rc = advance(p);

	if (rc || p->cur.kind == T_END)
		return rc;
	rc = parse_or(p, out, &alts);
	if (!rc && p->cur.kind != T_END)
		rc = misplaced(p); /* only a ')' stops the top level early */
	if (!rc)
		rc = check_cost(p);
	if (!rc && p->oom)
		rc = err_set(p->err, CT_ENOMEM, "query: out of memory");
	return rc;
}

int qparse_compile(const char *query, struct ct_buf *out, struct qp_cost *cost,
                   struct ct_error *err)
{
	struct qp p = {.s = query, .n = strlen(query), .err = err};
	size_t words, last;
	int rc;

	ct_buf_reset(out);
	if (p.n > QP_BYTES_MAX)
		rc = err_set(err, CT_EUSAGE,
		             "query: %zu bytes, over the length "
		             "limit of %d: search fewer words",
		             p.n, QP_BYTES_MAX);
	else if (norm_fts_words(query, p.n, &words, &last))
		rc = err_set(err, CT_EUSAGE, "query: not valid UTF-8");
	else
		rc = compile(&p, out);
	if (!rc && !out->len && ct_buf_puts(out, "\"\""))
		rc = err_set(err, CT_ENOMEM, "query: out of memory");
	if (rc)
		ct_buf_reset(out);
	if (cost)
		*cost = p.cost;
	return rc;
}
