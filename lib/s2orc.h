/*
 * s2orc.h — the S2ORC / CORD-19 JSON reader: one paper in, struct doc out.
 *
 * Reads the schema versions of allenai/s2orc-doc2json and CORD-19:
 *   2019-09  {paper_id, metadata, grobid_parse | latex_parse: {abstract,
 *            body_text, bib_entries, ref_entries}}
 *   2020-07  {paper_id, abstract, body_text, bib_entries} (no metadata)
 *   2021-01 and CORD-19  {paper_id, metadata, abstract, body_text,
 *            back_matter, bib_entries}
 *   doc2json {paper_id, title, authors, year, pdf_parse: {...}}
 * Paragraphs are body_text (and abstract, back_matter) entries; their
 * "section" names become sections.  Each cite_span whose ref_id names a
 * bib_entries key is one in-text citation; span offsets count Unicode
 * code points and are converted to bytes.  paper_id becomes an external
 * identifier of the work: "sha:HEX" for 40-hex ids (CORD-19, PDF hashes),
 * "s2:ID" otherwise.
 */
#ifndef CT_S2ORC_H
#define CT_S2ORC_H
#include "doc.h"
#include "json.h"

/* Fills d (initialised by the caller); CT_EFORMAT when j is not a paper. */
int s2orc_read(struct json_doc *j, struct doc *d, struct ct_error *err);

#endif
