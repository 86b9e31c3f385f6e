/*
 * text.h — collecting element text into one line: runs of whitespace
 * (including no-break and thin spaces) collapse to one space, none leads.
 */
#ifndef CT_TEXT_H
#define CT_TEXT_H
#include "citectx.h"
#include "xml.h"

struct doc;

struct textb {
	struct ct_buf b;
	int space; /* a space is owed before the next visible byte */
	int rc;    /* first error met, sticky */
};

void textb_init(struct textb *t);
void textb_release(struct textb *t);
void textb_reset(struct textb *t);
void textb_add(struct textb *t, const char *s);
void textb_space(struct textb *t);
/* Emits an owed space now, so that the next byte's offset is final. */
void textb_flush_space(struct textb *t);
/* Appends all text below n (elements recursed, depth-bounded by xml.c). */
void textb_node(struct textb *t, xml_node *n);

/* An arena copy (in d) of all text below n, whitespace collapsed; NULL
 * when n is NULL or holds no text. */
char *textb_node_dup(struct doc *d, xml_node *n);

#endif
