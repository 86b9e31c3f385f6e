/*
 * md.h — the Markdown article reader (ChinaXiv preprints converted from
 * PDF).  What an article from Markdown is:
 *   - its title is the first "# " heading;
 *   - what follows the title up to the next heading (authors,
 *     affiliations) is front matter, not prose;
 *   - every later "#" heading starts a section (classed by its words);
 *   - blank-line-separated blocks are paragraphs; HTML blocks (tables) and
 *     images ("![") are not prose;
 *   - a section headed "References" lists entries "[n] raw text", whose
 *     fields come from refparse;
 *   - "[n]", "[n, m]", "[n-m]" in prose cite entries by their number.
 * Identity: "ChinaXiv-YYYYMM.NNNNN" in the file name gives the external id
 * "chinaxiv:YYYYMM.NNNNN" and the year; else the title alone identifies
 * it (with no year, nothing does, and the file fails).  Text is kept as
 * the UTF-8 it is: Chinese and full-width punctuation pass unchanged.
 */
#ifndef CT_MD_H
#define CT_MD_H
#include "doc.h"

int md_read(const char *data, size_t len, struct doc *d, struct ct_error *err);

#endif
