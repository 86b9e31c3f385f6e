/* xml.c — libxml2 configured for untrusted input (see xml.h). */
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "err.h"
#include "xml.h"

struct xml_doc {
	xmlDocPtr doc;
};

/* libxml2 reports through a global handler by default; we silence it and
 * read the last error from the parser context instead. */
static void xml_quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static int xml_depth_ok(xmlNodePtr n, int depth)
{
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (depth >= XML_DEPTH_MAX || !xml_depth_ok(c, depth + 1))
			return 0;
	}
	return 1;
}

int xml_doc_parse(const char *data, size_t len, const char *name,
                  struct xml_doc **out, struct ct_error *err)
{
	/* No NOENT (entities stay references, never expanded from a DTD), no
	 * DTDLOAD, NONET; NOCDATA merges CDATA into text.  Without
	 * XML_PARSE_HUGE libxml2 keeps its own limits on text node size,
	 * nesting (256) and entity amplification. */
	int opts = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOWARNING |
	           XML_PARSE_NOERROR | XML_PARSE_COMPACT;
	xmlParserCtxtPtr ctx;
	xmlDocPtr d;
	struct xml_doc *x;

	*out = NULL;
	if (len > (size_t)INT32_MAX)
		return err_set(err, CT_ELIMIT, "%s: file too large", name);
	xmlSetGenericErrorFunc(NULL, xml_quiet);
	ctx = xmlNewParserCtxt();
	if (!ctx)
		return err_set(err, CT_ENOMEM, "%s: out of memory", name);
	d = xmlCtxtReadMemory(ctx, data, (int)len, NULL, NULL, opts);
	if (!d || !ctx->wellFormed) {
		const xmlError *e = xmlCtxtGetLastError(ctx);
		int line = e ? e->line : 0;
		char msg[160] = "not well-formed XML";

		if (e && e->message) {
			snprintf(msg, sizeof(msg), "%s", e->message);
			msg[strcspn(msg, "\n")] = '\0';
		}
		xmlFreeDoc(d);
		xmlFreeParserCtxt(ctx);
		return err_set(err, CT_EPARSE, "%s:%d: %s", name, line, msg);
	}
	xmlFreeParserCtxt(ctx);
	if (d->intSubset && d->intSubset->entities) {
		/* Articles never declare entities; a document that does is
		 * either broken or probing (external entities, expansion
		 * bombs).  Nothing was expanded or fetched: we refuse it. */
		xmlFreeDoc(d);
		return err_set(err, CT_EPARSE,
		               "%s: entity declarations refused "
		               "(untrusted input)",
		               name);
	}
	if (!xmlDocGetRootElement(d) ||
	    !xml_depth_ok(xmlDocGetRootElement(d), 1)) {
		xmlFreeDoc(d);
		return err_set(err, CT_ELIMIT,
		               "%s: no root or nesting too deep", name);
	}
	x = malloc(sizeof(*x));
	if (!x) {
		xmlFreeDoc(d);
		return err_set(err, CT_ENOMEM, "%s: out of memory", name);
	}
	x->doc = d;
	*out = x;
	return 0;
}

void xml_doc_free(struct xml_doc *doc)
{
	if (!doc)
		return;
	xmlFreeDoc(doc->doc);
	free(doc);
}

xml_node *xml_root(struct xml_doc *doc)
{
	return (xml_node *)xmlDocGetRootElement(doc->doc);
}

xml_node *xml_child(xml_node *n)
{
	return n ? (xml_node *)((xmlNodePtr)n)->children : NULL;
}

xml_node *xml_next(xml_node *n)
{
	return n ? (xml_node *)((xmlNodePtr)n)->next : NULL;
}

int xml_is_elem(xml_node *n)
{
	return n && ((xmlNodePtr)n)->type == XML_ELEMENT_NODE;
}

int xml_is_text(xml_node *n)
{
	int t = n ? (int)((xmlNodePtr)n)->type : 0;

	return t == XML_TEXT_NODE || t == XML_CDATA_SECTION_NODE;
}

const char *xml_name(xml_node *n)
{
	return xml_is_elem(n) ? (const char *)((xmlNodePtr)n)->name : "";
}

const char *xml_text(xml_node *n)
{
	const xmlChar *c = xml_is_text(n) ? ((xmlNodePtr)n)->content : NULL;

	return c ? (const char *)c : "";
}

const char *xml_attr(xml_node *n, const char *name)
{
	if (!xml_is_elem(n))
		return NULL;
	for (xmlAttrPtr a = ((xmlNodePtr)n)->properties; a; a = a->next) {
		if (strcmp((const char *)a->name, name) == 0) {
			xmlNodePtr t = a->children;

			return t && t->content ? (const char *)t->content : "";
		}
	}
	return NULL;
}

struct each {
	const char *name, *skip1, *skip2;
	int maxdepth;
	void (*fn)(void *ctx, xml_node *e);
	void *ctx;
};

static int same_name(const xmlChar *a, const char *b)
{
	return b && a[0] == (xmlChar)b[0] && strcmp((const char *)a, b) == 0;
}

static void each_below(const struct each *w, xmlNodePtr n, int depth)
{
	if (depth > w->maxdepth)
		return;
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (same_name(c->name, w->name))
			w->fn(w->ctx, (xml_node *)c);
		else if (!same_name(c->name, w->skip1) &&
		         !same_name(c->name, w->skip2))
			each_below(w, c, depth + 1);
	}
}

void xml_each(xml_node *n, const char *name, const char *skip1,
              const char *skip2, int maxdepth,
              void (*fn)(void *ctx, xml_node *e), void *ctx)
{
	struct each w = {name, skip1, skip2, maxdepth, fn, ctx};

	if (n)
		each_below(&w, (xmlNodePtr)n, 0);
}

xml_node *xml_find(xml_node *n, const char *name)
{
	for (xml_node *c = xml_child(n); c; c = xml_next(c))
		if (xml_is_elem(c) && strcmp(xml_name(c), name) == 0)
			return c;
	return NULL;
}

void xml_init(void)
{
	xmlInitParser();
}
