/*
 * report.h — the parts of the full report (SPEC §4) beyond counts, shared
 * by report.c (which loads and renders the report) and the modules that
 * build them: related.c (co-citation, bibliographic coupling, editorial
 * notices) and summary.c (the extractive summary).  Everything loaded
 * lives in the caller's arena and stays valid until it is released.
 */
#ifndef CT_REPORT_H
#define CT_REPORT_H
#include <stddef.h>
#include <stdint.h>

#include "citectx.h"
#include "citectx_report.h"
#include "jw.h"
#include "mem.h"
#include "store_report.h"

struct store;

/* Related works shown, and the bounds that keep a report of a work cited
 * 10,000 times as cheap as one cited 100 times: co-citation looks at the
 * newest RELATED_CITERS citing works, coupling at RELATED_CITERS citers
 * of each shared reference. */
#define RELATED_MAX    10
#define RELATED_CITERS 100

/* The report's lists of linked works (struct ct_work_links,
 * citectx_report.h), each work's strings and public ID in a. */
/* A work's brief copied into a (its strings too), with its public ID
 * (work_id_string); CT_ENOMEM when a copy fails. */
int report_work_ref(struct arena *a, const struct ct_work_brief *from,
                    struct ct_work_ref *to);

/* Co-cited works (STORE_COCITED), coupled works (STORE_COUPLED),
 * appended to out in a; 0 or a negative CT_E* code with err set. */
int related_load(struct store *st, struct arena *a, enum store_related kind,
                 int64_t work, struct ct_work_links *out, struct ct_error *err);
/* Notices concerning the work (STORE_NOTICES_ABOUT) or that it is
 * (STORE_NOTICES_OF). */
int notices_load(struct store *st, struct arena *a, enum store_notices which,
                 int64_t work, struct ct_work_links *out, struct ct_error *err);
/* A JSON array of links: works with "id", "doi", "title", "year" and
 * count_key (when not NULL) or "kind" and "relation" (notices). */
void json_work_links(struct jw *w, const struct ct_work_links *l,
                     const char *count_key);

/* ---- the extractive summary ---------------------------------------------- */

/* Statements a summary is drawn from, and sentences it keeps. */
#define SUMMARY_POOL   120
#define SUMMARY_POINTS 5

/* Picks up to SUMMARY_POINTS citing sentences about work that say the
 * most of what the others say (centrality over shared content words),
 * from different citing works, none repeating another; classified
 * statements and results / discussion sections first.  Each point's
 * strings, its citing work's public ID and link included, live in a. */
int summary_build(struct store *st, struct arena *a, int64_t work,
                  struct ct_summary *out, struct ct_error *err);
/* One plain-language line from the unfiltered facets of a work's
 * statements: how many cite it, what they do, where and when. */
void summary_headline(struct ct_buf *b, const struct ct_page *all,
                      int64_t citing);
/* A link to a work for people: doi.org, else PubMed, else PMC; "" when
 * the work has no identifier. */
void summary_link(const struct ct_work_brief *w, char *out, size_t cap);

#endif
