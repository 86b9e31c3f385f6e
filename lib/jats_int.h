/*
 * jats_int.h — what the two halves of the JATS reader share (jats.c: the
 * front matter, body and notices; jats_refs.c: the reference lists).
 * Private to them.
 */
#ifndef CT_JATS_INT_H
#define CT_JATS_INT_H
#include <string.h>

#include "doc.h"
#include "text.h"
#include "xml.h"

/* A citation as found in a paragraph's text, resolved later by rid. */
struct xref {
	uint32_t start, end;
	const char *rid;
};

/* One article being read: the document filled, the text builder, the
 * paragraph's citations, the first error. */
struct jats {
	struct doc *d;
	struct textb t;
	struct xref *xr;
	size_t nxr, capxr;
	int rc;
};

static inline int is_tag(xml_node *n, const char *name)
{
	return xml_is_elem(n) && strcmp(xml_name(n), name) == 0;
}

/* Arena copy of all text below n, whitespace collapsed; NULL when empty. */
static inline char *node_text(struct jats *j, xml_node *n)
{
	return textb_node_dup(j->d, n);
}

static inline char *child_text(struct jats *j, xml_node *n, const char *name)
{
	return node_text(j, xml_find(n, name));
}

static inline int in_list(const char *name, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(name, *list) == 0)
			return 1;
	return 0;
}

/* Formatting inside a field: its text continues the word around it
 * (NULL-terminated). */
extern const char *const jats_inline_tags[];

/* The first four digits in s that start with 1 or 2, as a year; 0 when
 * none. */
int jats_year_of(const char *s);
/* A separator where two elements touch: an owed space goes, and
 * punctuation the text ends with already is not doubled. */
void jats_glue_add(struct textb *t, const char *sep);
/* Every <ref> below n (at most 32 levels down, depth the level of n)
 * read into the document's references. */
void jats_find_refs(struct jats *j, xml_node *n, int depth);

#endif
