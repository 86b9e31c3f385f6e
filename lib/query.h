/* query.h — helpers shared by query.c and report.c. */
#ifndef CT_QUERY_H
#define CT_QUERY_H
#include <stddef.h>

#include "citectx.h"
#include "citectx_report.h"
#include "jw.h"
#include "mem.h"

/* The public ID of a work: its DOI, else pmid:, pmcid:, else citectx:N. */
void work_id_string(const struct ct_work_brief *w, char *out, size_t cap);
/* A work's brief copied into a (its strings too), with its public ID
 * (work_id_string); CT_ENOMEM when a copy fails. */
int work_ref_copy(struct arena *a, const struct ct_work_brief *from,
                  struct ct_work_ref *to);
void json_statement(struct jw *w, const struct ct_statement *s);
/* The "facets" object of a page (SPEC §4). */
void json_facets(struct jw *w, const struct ct_page *p);

#endif
