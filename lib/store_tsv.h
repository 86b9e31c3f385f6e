/*
 * store_tsv.h — the index's words for PostgreSQL (issue 18): a text cut
 * into tokens by the very tokenizer of statements_fts (FTS5's unicode61
 * with its default options, found through SQLite's fts5_api on a private
 * in-memory connection, so the tokens are FTS5's by construction, not a
 * copy of its rules), and those tokens with their positions as a
 * tsvector in PostgreSQL's binary form (tsvector_recv), for binary COPY.
 * pg-load writes the statements' tsv and ntok columns with it, and so
 * must any other writer of statements on PostgreSQL (ingest): search on
 * PostgreSQL (store_pg_search.c) ranks with these positions and counts.
 */
#ifndef CT_STORE_TSV_H
#define CT_STORE_TSV_H
#include <stddef.h>

#include "citectx.h"

/* tsvector's own ceilings (PostgreSQL's ts_type.h): a lexeme's bytes,
 * its positions, the largest position.  A text over them is refused
 * (CT_ELIMIT): a clipped tsvector would rank and match differently. */
#define STORE_TSV_LEXEME_MAX 2047
#define STORE_TSV_NPOS_MAX   256
#define STORE_TSV_POS_MAX    16383

struct store_tsv;

/* A tokenizer of one's own (not thread-safe: one per thread or handle).
 * 0, or CT_EDB / CT_ENOMEM with a message in err. */
int store_tsv_open(struct store_tsv **out, struct ct_error *err);
/* The same with the tokenizer's arguments (works_fts's: "remove_diacritics",
 * "2"). */
int store_tsv_open_args(struct store_tsv **out, const char *const *args,
                        int nargs, struct ct_error *err);
void store_tsv_close(struct store_tsv *t);

/* fn(arg, token, len) for each token of s[0..n) as FTS5 cuts a query's
 * text (the token valid during the call); fn's non-zero return stops and
 * is returned.  Otherwise 0 or CT_EDB. */
int store_tsv_tokens(struct store_tsv *t, const char *s, size_t n,
                     int (*fn)(void *arg, const char *tok, size_t len),
                     void *arg);

/* The same as FTS5 cuts a document's text (what it indexes). */
int store_tsv_doc_tokens(struct store_tsv *t, const char *s, size_t n,
                         int (*fn)(void *arg, const char *tok, size_t len),
                         void *arg);

/* Appends to out the tsvector of s[0..n) in PostgreSQL's binary form (a
 * binary COPY field's bytes, without its length): the distinct tokens in
 * byte order, each with its positions (FTS5's token number + 1, weight
 * D); *ntok the token count FTS5 stores for the text (bm25()'s document
 * length).  0; CT_ELIMIT (naming the ceiling) for a text over tsvector's
 * ceilings; CT_ENOMEM; CT_EDB. */
int store_tsv_binary(struct store_tsv *t, const char *s, size_t n,
                     struct ct_buf *out, int *ntok, struct ct_error *err);

/* Appends to out the tsvector, without positions, of the distinct tokens
 * of the k texts s[i] (n[i] bytes; NULL: none) together, as one row of
 * several columns (works_text on PostgreSQL: a filter for find, which
 * counts phrases on the texts themselves); *ntok the tokens of all
 * (FTS5's size of the row).  A token over tsvector's ceiling is kept as
 * its first STORE_TSV_LEXEME_MAX bytes or fewer (whole characters): every
 * query token that can match it as a prefix begins it too (a find query
 * is at most CT_FIND_QUERY_MAX bytes).  0; CT_ELIMIT for a token with a
 * NUL byte; CT_ENOMEM; CT_EDB. */
int store_tsv_lexemes(struct store_tsv *t, const char *const *s,
                      const size_t *n, int k, struct ct_buf *out, int *ntok,
                      struct ct_error *err);

#endif
