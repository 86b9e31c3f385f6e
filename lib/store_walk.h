/*
 * store_walk.h — the store layer's verbs that read statements back in id
 * order for relabelling (relabel.c), silver labels (silver.c) and the
 * synthetic index (synth.c), and that relabel one (issue 17).
 *
 * Every verb returns 0 or a negative CT_E* code (CT_EDB from the index,
 * with store_errmsg() saying why) and sets err when err is not NULL.  Rows
 * reach callers through a callback: a non-zero return stops the walk and
 * is returned; a row's text is borrowed for the callback's time.  No
 * SQLite type appears here (a second backend implements the same verbs).
 */
#ifndef CT_STORE_WALK_H
#define CT_STORE_WALK_H
#include <stdint.h>

#include "citectx.h"
#include "store_ingest.h"

struct store;

/* What the classifier reads of a statement. */
struct store_stmt_input {
	int64_t id;
	const char *text, *marker; /* text: its run's context */
	int64_t sent_start, sent_end;
	int section_class;
};
/* Up to limit statements with ids above after, by id. */
int store_stmts_to_classify(struct store *st, int64_t after, int limit,
                            int (*fn)(void *arg,
                                      const struct store_stmt_input *s),
                            void *arg, struct ct_error *err);
/* Statement id's label becomes type with confidence, by model (NULL:
 * none). */
int store_stmt_set_type(struct store *st, int64_t id, int type,
                        double confidence, const char *model,
                        struct ct_error *err);

/* Up to limit statements with ids above after, by id, of citing works
 * with a PMCID, as silver keys' source (s->len and s->key are not set). */
int store_stmts_silver(struct store *st, int64_t after, int limit,
                       int (*fn)(void *arg, const struct ct_silver_stmt *s),
                       void *arg, struct ct_error *err);

/* ---- synth.c ----------------------------------------------------------- */

/* Every statement id in order (STORE_IDS_STATEMENTS), or every work id,
 * the most cited first (STORE_IDS_WORKS_BY_CITERS). */
enum store_ids { STORE_IDS_STATEMENTS, STORE_IDS_WORKS_BY_CITERS };
int store_ids_walk(struct store *st, enum store_ids which,
                   int (*fn)(void *arg, int64_t id), void *arg,
                   struct ct_error *err);
/* Statement id as a source to clone, when it exists: the fields of s
 * that it says (section, section_class, type, confidence, self, marker,
 * text with its run's context, sent_start, sent_end, dups; the others 0). */
int store_stmt_source(struct store *st, int64_t id,
                      int (*fn)(void *arg, const struct store_statement *s),
                      void *arg, struct ct_error *err);

#endif
