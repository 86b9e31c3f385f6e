/*
 * store_stage.h — the journal of a staging index (issue 18): an ingest
 * into PostgreSQL writes an SQLite index (the staging), and this journal
 * says which of its rows each batch touched, so that the batch can be
 * shipped to PostgreSQL after it commits (store_pg_ship.c).  It owns two
 * tables of the staging file and the triggers that fill one of them:
 *
 *   pg_stage(k, v): 'index_id', the PostgreSQL index this staging feeds;
 *     'shipped', the number of the last batch shipped; 'top' and 'base',
 *     the greatest ids of works, refs, statements and linkrec at this
 *     batch's commit and at the one before's;
 *   pg_outbox(tbl, k, x, a, b): one row per row inserted, updated or
 *     deleted in works, authors, refs, statements, notices, aliases,
 *     linkrec and works_text since that batch (an update: its old and
 *     new row; in works, refs, statements and linkrec no insert: their
 *     new rows are found by id, store_stage_view), and one per batch
 *     ('batch'), in the writing transaction itself: tbl the table ('xid'
 *     for an identifier: aliases' xid, works' DOI, PMID or PMCID as
 *     'doi:...'), k its key (authors: work; notices: notice), x the
 *     identifier, a and b the row's distribution keys in PostgreSQL
 *     (refs: citing, cited; statements: coalesce(cited, -citing),
 *     citing; notices: concerned; linkrec: work).
 *
 * So at each commit the rows of pg_outbox are the batches numbered
 * shipped + 1 on (one, or two while two ship at once), each whole or not
 * at all and ended by its marker (a batch is one SQLite transaction; a
 * batch after clears one shipped, in its own transaction:
 * store_stage_clear).  No SQLite type appears here.
 */
#ifndef CT_STORE_STAGE_H
#define CT_STORE_STAGE_H
#include <stddef.h>
#include <stdint.h>

#include "citectx.h"

struct store;

#define STORE_STAGE_ID_MAX 64

/* What st holds: *id the index id ("" when st is no staging index),
 * *shipped the last batch shipped, *pending the rows of pg_outbox,
 * *works (works NULL: not counted) the rows of works (an index that is
 * no staging and holds some cannot become one). */
int store_stage_state(struct store *st, char id[STORE_STAGE_ID_MAX],
                      int64_t *shipped, int64_t *pending, int64_t *works,
                      struct ct_error *err);

/* Makes st a staging index of the index id (its journal's tables and
 * triggers, in one transaction; nothing when it is one already). */
int store_stage_setup(struct store *st, const char *id, struct ct_error *err);

/* One row of pg_outbox; has_a, has_b: a, b are not NULL. */
struct store_stage_key {
	const char *tbl, *x;
	int64_t k, a, b;
	int has_k, has_a, has_b;
};

/* In the reading transaction of a shipment, first: the view
 * temp.pg_journal(tbl, k, x, a, b) of what the batches journalled after
 * pg_outbox's rowid after (0: every batch it holds) touched: their rows
 * of pg_outbox, and the new rows of works, refs, statements and linkrec
 * (journalled by no trigger) as pg_outbox rows an insert would have
 * journalled: those past the greatest id at the commit of the batch
 * before the first (its marker's, store_stage_mark), or past the lowest
 * greatest id a delete of the batches left ('low' rows: SQLite may then
 * give a deleted id to a new row).  above[], for works, refs, statements
 * and linkrec: when no such delete went below it, that greatest id, past
 * which every row is new to PostgreSQL (copied by id:
 * store_dump_rows_above), else -1.  And temp.pg_journal_copy: the same
 * without those rows, what is left to copy by key
 * (store_dump_rows_touched). */
int store_stage_view(struct store *st, int64_t after, int64_t above[4],
                     struct ct_error *err);

/* Inside the writer's open transaction: a row that ends a batch (one
 * that only inserted journals nothing else), so that a batch the staging
 * committed and PostgreSQL did not is always seen, holding the greatest
 * ids at the batch before's commit (pg_stage's 'top'); and 'top' set to
 * the greatest ids now, 'base' to the batch before's. */
int store_stage_mark(struct store *st, struct ct_error *err);

/* Every row of temp.pg_journal (store_stage_view) to fn, in no order;
 * fn's non-zero stops.
 * *last: the greatest rowid of pg_outbox (0: none).  A batch's rows come
 * after the rows of the batch before (pg_outbox is never emptied while
 * a batch writes, so SQLite numbers new rows past the greatest), which
 * lets the batch after clear the journal of one shipped meanwhile. */
int store_stage_keys(struct store *st,
                     int (*fn)(void *arg, const struct store_stage_key *k),
                     void *arg, int64_t *last, struct ct_error *err);

/* The batch numbered batch is in PostgreSQL: pg_outbox emptied and
 * 'shipped' set to it, in one transaction. */
int store_stage_done(struct store *st, int64_t batch, struct ct_error *err);

/* Inside the writer's open transaction (the batch after): the rows of
 * pg_outbox up to rowid last (the batch numbered batch, shipped while
 * this one wrote) deleted and 'shipped' set to batch, so that they
 * commit with it. */
int store_stage_clear(struct store *st, int64_t batch, int64_t last,
                      struct ct_error *err);

/* *last: the greatest rowid of pg_outbox (0: none); in the writer's
 * transaction after store_stage_mark, the end of the batch. */
int store_stage_last(struct store *st, int64_t *last, struct ct_error *err);

/* *n: the batches pg_outbox holds (their markers). */
int store_stage_batches(struct store *st, int64_t *n, struct ct_error *err);

/* The first n batches of pg_outbox are in PostgreSQL: their rows deleted
 * and 'shipped' set to batch, in one transaction. */
int store_stage_drop(struct store *st, int64_t n, int64_t batch,
                     struct ct_error *err);

/* *yes: citing work citing has a statement whose id is at most below
 * (one PostgreSQL may hold already: ids past its sequence are new). */
int store_stage_has_old(struct store *st, int64_t citing, int64_t below,
                        int *yes, struct ct_error *err);

/* In a staging index (one with the journal; nothing otherwise): works
 * gone merged into keep, journalled as a row ('merge', k gone, a keep)
 * of pg_outbox, so that the shipment moves what PostgreSQL holds of gone
 * outside the staging (people's ratings and follows) as the merge moved
 * the staging's.  Inside the merge's transaction. */
int store_stage_merged(struct store *st, int64_t keep, int64_t gone);

/* on: a read transaction begun on st (a reader's connection: its reads
 * see one commit, the writer going on beside); !on: ended. */
int store_stage_snapshot(struct store *st, int on, struct ct_error *err);

#endif
