/*
 * find.h — finding a work from what a person types (issue 16): the parts
 * of find.c that tests read.  ct_find_json / ct_find_text (citectx.h) are
 * the calls front-ends use.
 */
#ifndef CT_FIND_H
#define CT_FIND_H
#include "citectx.h"

/* Words of one works query; more is CT_ELIMIT. */
#define FIND_WORDS_MAX 32
/* Candidates ranked per query, best bm25 first (the rest are counted):
 * each candidate's citing publications are counted to rank it, and a word
 * as common as "trial" matches 12,606 of the corpus's works.  At 1,000
 * the first works of "Smith" (1,583 matches, whose bm25 differ little)
 * are those of 2,000, and B12's CPU p99 is 58 ms instead of 72
 * (docs/BENCHMARKS.md). */
#define FIND_SCAN_MAX 1000

/* What a query is: an identifier of one work, or words. */
enum find_kind { FIND_WORDS, FIND_DOI, FIND_PMID, FIND_PMCID, FIND_ID };

/* The kind of q and, for an identifier, the ID to resolve ("doi:...",
 * "pmid:...", "pmcid:PMC...", or the query itself for citectx:, sha:, ...)
 * in id (cap bytes).  Digits alone are FIND_PMID with *maybe set: words
 * when no work has that PMID.  Never fails: anything else is words. */
int find_classify(const char *q, char *id, size_t cap, int *maybe);

/* The FTS5 query for the words of q, safe whatever q holds: each
 * whitespace-separated chunk becomes one quoted phrase ("Mini-Mental" is
 * the phrase mini mental, a '"' in it doubled), chunks without a letter
 * or digit are dropped, the last chunk of three bytes or more matches as
 * a prefix (unless a year follows it); all phrases must match.  In phrase, the
 * query of all the chunks as one phrase (works that have them together rank
 * higher).  A chunk of four digits from 1800 to 2100 next to other words is a
 * year (*year) rather than a word. CT_EUSAGE when q has no word, CT_ELIMIT over
 * FIND_WORDS_MAX or CT_FIND_QUERY_MAX bytes. */
int find_fts_query(const char *q, struct ct_buf *out, struct ct_buf *phrase,
                   int *year, struct ct_error *err);

#endif
