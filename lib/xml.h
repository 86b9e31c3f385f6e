/*
 * xml.h — the project's only door to libxml2.  Parses untrusted XML with
 * no network, no DTD loading, no external entities, bounded depth, and
 * hands out a read-only tree of opaque nodes.
 *
 * Nodes and the strings they return belong to the struct xml_doc and stay
 * valid until xml_doc_free().
 */
#ifndef CT_XML_H
#define CT_XML_H
#include <stddef.h>

#include "citectx.h"

/* Deepest element nesting we accept: JATS rarely goes past 30; libxml2's
 * own limit without XML_PARSE_HUGE is 256. */
#define XML_DEPTH_MAX 256

struct xml_doc;
typedef struct xml_node xml_node;

/* Parses len bytes; name is used in error messages.  On malformed input
 * returns CT_EPARSE with "name:line: what" in err. */
int xml_doc_parse(const char *data, size_t len, const char *name,
                  struct xml_doc **out, struct ct_error *err);
void xml_doc_free(struct xml_doc *doc);
/* libxml2's global state, set up once before threads parse. */
void xml_init(void);
xml_node *xml_root(struct xml_doc *doc);

xml_node *xml_child(xml_node *n); /* first child of any kind */
xml_node *xml_next(xml_node *n);  /* next sibling of any kind */
int xml_is_elem(xml_node *n);
int xml_is_text(xml_node *n);      /* text or CDATA */
const char *xml_name(xml_node *n); /* local name of an element, "" else */
const char *xml_text(xml_node *n); /* content of a text node, "" else */
/* Attribute value by local name (namespace ignored), NULL when absent. */
const char *xml_attr(xml_node *n, const char *name);
/* First child element with that local name, NULL when none. */
xml_node *xml_find(xml_node *n, const char *name);
/* Hands fn each element named name below n, in document order, without
 * entering those, elements named skip1 or skip2 (NULL: none), or
 * elements deeper than maxdepth below n.  One pass over the tree, for
 * an element that may sit anywhere. */
void xml_each(xml_node *n, const char *name, const char *skip1,
              const char *skip2, int maxdepth,
              void (*fn)(void *ctx, xml_node *e), void *ctx);

#endif
