/*
 * related.h — what the report (report.c) shows beside a work's own record:
 * co-cited and coupled works and editorial notices (related.c).  Every
 * work loaded lives in the caller's arena.
 */
#ifndef CT_RELATED_H
#define CT_RELATED_H
#include <stdint.h>

#include "citectx_report.h"
#include "jw.h"
#include "mem.h"
#include "store_report.h"

/* Related works shown, and the bounds that keep a report of a work cited
 * 10,000 times as cheap as one cited 100 times: co-citation looks at the
 * newest RELATED_CITERS citing works, coupling at RELATED_CITERS citers
 * of each shared reference. */
#define RELATED_MAX    10
#define RELATED_CITERS 100

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

#endif
