/*
 * match.h — linking a reference to a work by its fields when no
 * identifier settles it.
 *
 * A record is what one citer (or the indexed article itself) says about a
 * work: normalised title, first author's surname, year, volume, first
 * page.  Every linked reference leaves its record in the index (linkrec),
 * so a work is known by all the ways it has been cited.  A new record is
 * compared with the records that share a blocking key (title prefix,
 * surname + year, volume + first page) and scored; the best work above
 * MATCH_THRESHOLD wins.  Two records that disagree on a strong field
 * (year by more than one, first page) never match unless everything else
 * agrees (the same title, author, volume and the other strong field).
 */
#ifndef CT_MATCH_H
#define CT_MATCH_H
#include <stdint.h>

#include "store.h"

/* Chosen on the real corpus by `citectx linkeval` (docs/QUALITY.md):
 * the lowest threshold whose held-out precision stays >= 0.98. */
#define MATCH_THRESHOLD 0.80

struct match_in {
	const char *title, *authors, *volume, *fpage;
	int year;
};

struct match_key {
	char title[256]; /* normalised, words separated by spaces */
	char surname[64];
	char volume[16], fpage[16];
	int year;
	char tkey[24], akey[96], pkey[40]; /* blocking keys, "" when none */
};

/* Builds the key of a record; authors is "Surname GI; Surname GI". */
void match_key_make(const struct match_in *in, struct match_key *k);
/* True when the key says enough to be matched or recorded. */
int match_key_usable(const struct match_key *k);

/* Score in [0, 1] that two records describe one work, or -1 when a strong
 * field disagrees without overwhelming evidence elsewhere. */
double match_score(const struct match_key *a, const struct match_key *b);

/* Identifiers of the reference being matched: a candidate work holding a
 * different DOI, PMID or PMCID is another work (except a preprint and its
 * published article, reported as a version). */
struct match_ids {
	const char *doi, *pmid, *pmcid;
	int64_t skip_ref; /* ignore this reference's own record (evaluation) */
	int skip_indexed; /* an indexed article never absorbs another one */
};

struct match_best {
	int64_t work;
	double score;
	int version; /* the work holds the other version's DOI */
};

/* Finds the best work for k (out->work = 0 when none reaches threshold). */
int match_find(struct store *st, const struct match_key *k,
               const struct match_ids *ids, double threshold,
               struct match_best *out);

/* Stores k as a record of work (ref 0 for an article's own record). */
int match_record(struct store *st, int64_t work, int64_t ref, int64_t citing,
                 const struct match_key *k);

/* True for DOIs of preprint servers (bioRxiv, medRxiv, Research Square,
 * SSRN, arXiv, OSF, Preprints.org, ChinaXiv). */
int match_doi_preprint(const char *doi);

#endif
