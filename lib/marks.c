/* marks.c — paragraphs and citation groups from single marks (see marks.h). */
#include <stdlib.h>
#include <string.h>

#include "marks.h"

int marks_section(struct doc *d, const char *heading, int cls, uint32_t *sec)
{
	struct doc_section *s = DOC_PUSH(d, secs, DOC_PARAS_MAX);

	if (!s)
		return CT_ELIMIT;
	if (heading && *heading) {
		s->heading = doc_strdup(d, heading, strlen(heading));
		if (!s->heading)
			return CT_ENOMEM;
	}
	s->cls = cls;
	*sec = (uint32_t)(d->nsecs - 1);
	return 0;
}

int marks_ref_by_id(const struct doc *d, const char *id, size_t n)
{
	for (size_t i = 0; i < d->nrefs; i++) {
		const char *x = d->refs[i].xml_id;

		if (x && strlen(x) == n && !memcmp(x, id, n))
			return (int)i;
	}
	return -1;
}

static int mark_cmp(const void *a, const void *b)
{
	const struct mark *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->ref < y->ref ? -1 : x->ref > y->ref;
}

/* Bytes that only separate two marks: spaces, , ; and dashes (- – —),
 * at most 6 bytes: "; " and " – " qualify, a word does not. */
static int only_separators(const char *s, size_t n)
{
	if (n > 6)
		return 0;
	for (size_t i = 0; i < n; i++) {
		const unsigned char *u = (const unsigned char *)s + i;

		if (*u == ' ' || *u == ',' || *u == ';' || *u == '-')
			continue;
		if (i + 2 < n && u[0] == 0xE2 && u[1] == 0x80 && u[2] >= 0x90 &&
		    u[2] <= 0x94) {
			i += 2;
			continue;
		}
		return 0;
	}
	return 1;
}

static int group_add_ref(struct doc *d, struct doc_group *g, uint32_t ref)
{
	uint32_t *slot;

	for (uint32_t k = 0; k < g->nref; k++)
		if (d->grefs[g->ref0 + k] == ref)
			return 0;
	if (g->nref >= DOC_GROUP_REFS_MAX) { /* counted, said by the ingest */
		d->refs_cut++;
		return 0;
	}
	slot = DOC_PUSH(d, grefs, (size_t)DOC_GROUPS_MAX * 8);
	if (!slot)
		return CT_ELIMIT;
	*slot = ref;
	g->nref++;
	return 0;
}

/* Widens a group to the brackets around it: "[" 1 "]". */
static void group_widen(const char *t, size_t len, struct doc_group *g)
{
	if (g->start == 0 || g->end >= len)
		return;
	if ((t[g->start - 1] == '[' && t[g->end] == ']') ||
	    (t[g->start - 1] == '(' && t[g->end] == ')')) {
		g->start--;
		g->end++;
	}
}

static int make_groups(struct doc *d, struct doc_para *p, struct mark *m,
                       size_t n)
{
	size_t i = 0;

	p->group0 = (uint32_t)d->ngroups;
	while (i < n) {
		struct doc_group *g = DOC_PUSH(d, groups, DOC_GROUPS_MAX);
		int rc;

		if (!g)
			return CT_ELIMIT;
		g->ref0 = (uint32_t)d->ngrefs;
		g->start = m[i].start;
		g->end = m[i].end;
		rc = group_add_ref(d, g, (uint32_t)m[i].ref);
		for (i++; !rc && i < n; i++) {
			if (m[i].start > g->end &&
			    !only_separators(p->text + g->end,
			                     m[i].start - g->end))
				break;
			if (m[i].end > g->end)
				g->end = m[i].end;
			rc = group_add_ref(d, g, (uint32_t)m[i].ref);
		}
		if (rc)
			return rc;
		group_widen(p->text, p->len, g);
	}
	p->ngroup = (uint32_t)(d->ngroups - p->group0);
	return 0;
}

int marks_para(struct doc *d, uint32_t sec, const char *text, size_t len,
               struct mark *m, size_t n)
{
	struct doc_para *p;
	size_t k = 0;

	if (len == 0)
		return 0;
	if (len > UINT32_MAX / 2)
		return CT_ELIMIT;
	for (size_t i = 0; i < n; i++) /* keep marks that cite and fit */
		if (m[i].ref >= 0 && (size_t)m[i].ref < d->nrefs &&
		    m[i].start < m[i].end && m[i].end <= len)
			m[k++] = m[i];
	if (k)
		qsort(m, k, sizeof(*m), mark_cmp);
	p = DOC_PUSH(d, paras, DOC_PARAS_MAX);
	if (!p)
		return CT_ELIMIT;
	p->text = doc_strdup(d, text, len);
	if (!p->text)
		return CT_ENOMEM;
	p->len = (uint32_t)len;
	p->section = sec;
	return make_groups(d, p, m, k);
}
