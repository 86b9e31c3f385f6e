/*
 * store_stmts.h — the store layer's reads of citation statements (issue
 * 17): one statement with its works, the statements of a citing sentence,
 * the highlighted matches of a search.  Rows reach callers as the
 * document model's structs (citectx.h); every verb returns 0 (or what it
 * says) or a negative CT_E* code, store_errmsg() telling why a CT_EDB.
 */
#ifndef CT_STORE_STMTS_H
#define CT_STORE_STMTS_H
#include <stddef.h>
#include <stdint.h>

#include "citectx.h"

struct arena;
struct store;

/* Statement id with its citing and cited works into *s, its text copied
 * into a (a NULL text reads as "").  1 when found, 0 when there is no
 * such statement (*s untouched), CT_EDB. */
int store_stmt_get(struct store *st, struct arena *a, int64_t id,
                   struct ct_statement *s);

/* The statements of one citing sentence: a run's at most (its first
 * statement's id + 63 bounds the ids, migration 14). */
#define STORE_SENTENCE_MAX 64

/* Every statement of the citing sentence whose first statement is card,
 * in order, as an array in a: *v, *n (match left 0).  0, CT_ENOMEM or
 * CT_EDB (then *n is 0). */
int store_stmt_sentence(struct store *st, struct arena *a, int64_t card,
                        struct ct_cite **v, size_t *n);

/* The matches of the FTS5 expression match among the statements whose
 * ids are in the JSON array ids, all within [lo, hi]: fn(arg, id, text)
 * for each, text the statement's text with every match between \x01 and
 * \x02 (borrowed until fn returns).  0 or CT_EDB. */
int store_stmt_highlights(struct store *st, const char *match, int64_t lo,
                          int64_t hi, const char *ids,
                          void (*fn)(void *arg, int64_t id, const char *text),
                          void *arg);

#endif
