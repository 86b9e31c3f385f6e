/*
 * summary.h — the extractive summary of what citing papers say about a
 * work, and the report's one-line headline (summary.c).  Every point
 * loaded lives in the caller's arena.
 */
#ifndef CT_SUMMARY_H
#define CT_SUMMARY_H
#include <stddef.h>
#include <stdint.h>

#include "citectx_report.h"
#include "mem.h"

struct store;

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
