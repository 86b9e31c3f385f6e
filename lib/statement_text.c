/*
 * statement_text.c — statements as text for a terminal: one statement
 * (the citing sentence between » « in its context, the search's matches
 * between **), the cards of a page of statements with its facets
 * (ct_page_text, the text twin of ct_page_json), used by the CLI and the
 * report's text.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "query.h"
#include "statement_text.h"

/* Writes text[from..to) with » « around the citing sentence and ** around
 * each span the search matched. */
static void text_marked(struct ct_buf *b, const struct ct_statement *s,
                        uint32_t a, uint32_t e)
{
	uint32_t len = (uint32_t)strlen(s->text), pos = 0;
	size_t m = 0;

	while (pos < len) {
		uint32_t next = len;

		if (pos == a)
			ct_buf_puts(b, "\xC2\xBB");
		if (pos == e)
			ct_buf_puts(b, "\xC2\xAB");
		if (m < s->nmatches && pos == s->matches[m].start)
			ct_buf_puts(b, "**");
		if (m < s->nmatches && pos == s->matches[m].end) {
			ct_buf_puts(b, "**");
			m++;
		}
		if (a > pos && a < next)
			next = a;
		if (e > pos && e < next)
			next = e;
		if (m < s->nmatches && s->matches[m].start > pos &&
		    s->matches[m].start < next)
			next = s->matches[m].start;
		if (m < s->nmatches && s->matches[m].end > pos &&
		    s->matches[m].end < next)
			next = s->matches[m].end;
		ct_buf_put(b, s->text + pos, next - pos);
		pos = next;
	}
	if (e == len)
		ct_buf_puts(b, "\xC2\xAB");
	if (m < s->nmatches && s->matches[m].end == len)
		ct_buf_puts(b, "**");
}

/* The citing sentence between » « inside its context. */
void text_statement(struct ct_buf *b, const struct ct_statement *s)
{
	char id[400];
	size_t len = strlen(s->text);
	uint32_t a = s->sent_start <= len ? s->sent_start : 0;
	uint32_t e = s->sent_end <= len && s->sent_end >= a ? s->sent_end : a;

	work_id_string(&s->citing, id, sizeof(id));
	ct_buf_printf(b, "\n[%s %.2f] %s (%d) %s\n  %s / %s  marker %s\n  ",
	              ct_type_name(s->type), s->confidence,
	              s->citing.title ? s->citing.title : "(untitled)",
	              s->citing.year, id, s->section ? s->section : "",
	              ct_section_name(s->section_class),
	              s->marker ? s->marker : "");
	text_marked(b, s, a, e);
	ct_buf_puts(b, "\n");
}

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

int ct_page_text(const struct ct_page *p, struct ct_buf *b)
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
	return ct_buf_error(b);
}
