/*
 * tei.h — the GROBID TEI reader: one PDF's TEI in, struct doc out.
 *
 * Reads the header (title, authors, DOI / PMID idno, date, abstract), the
 * body's <div>s with their <head> as sections and <p>s as paragraphs, and
 * <listBibl>/<biblStruct> as the reference list.  Each
 * <ref type="bibr" target="#bN"> whose target names a biblStruct xml:id is
 * one in-text citation; a bibr <ref> without a target names nothing and is
 * text only.  Formulas, figures, tables and notes are not prose.
 */
#ifndef CT_TEI_H
#define CT_TEI_H
#include "doc.h"
#include "xml.h"

/* Fills d (initialised by the caller); CT_EFORMAT when the root is not TEI. */
int tei_read(struct xml_doc *x, struct doc *d, struct ct_error *err);

#endif
