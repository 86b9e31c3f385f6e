/*
 * synth.h — a deterministic synthetic index for benchmarks, grown on top
 * of a real one.
 *
 * synth_grow() adds synthetic citing articles (DOIs 10.99999/citectx-
 * synth.N, indexed, with a year and a publication type) whose statements
 * are clones of the index's real statements (text, offsets, marker,
 * section, type, confidence and self flag copied; new ids), until the
 * index holds `target` statements.  The cited works are skewed the way
 * citations are: SYNTH_P_HEAD of references go to the real works ranked
 * by how often they are already cited, on a Zipf law over the first
 * SYNTH_HEAD ranks (so the top few gain thousands of citations), and
 * SYNTH_P_UNIFORM to a uniformly drawn real work; the rest to new works
 * cited exactly once.  The same index, target and seed always give the
 * same result.  Never run it on an index people use.
 */
#ifndef CT_SYNTH_H
#define CT_SYNTH_H
#include <stdint.h>

#include "citectx.h"

#define SYNTH_HEAD      20000
#define SYNTH_P_HEAD    0.15
#define SYNTH_P_UNIFORM 0.35
#define SYNTH_REFS_MIN  20 /* references per synthetic article: 20..59 */
#define SYNTH_REFS_SPAN 40
#define SYNTH_BATCH     200 /* articles per transaction */

/* Progress callback after each batch: statements in the index so far. */
typedef void (*synth_progress_fn)(void *ctx, uint64_t statements);

/* Grows idx to at least target statements; CT_EUSAGE when the index has
 * no statement to clone. */
int synth_grow(struct ct_index *idx, uint64_t target, uint64_t seed,
               synth_progress_fn fn, void *ctx, struct ct_error *err);

#endif
