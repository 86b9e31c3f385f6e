/*
 * link.h — work identity: a reference or an article to one work row.
 *
 * A work is found by DOI, then PMID, then PMCID; when identifiers given
 * together point to different works, those works are one and are merged
 * (the lower id survives, so the result does not depend on input order).
 * When no identifier finds a work, the fields decide (match.h): a
 * reference without identifiers, or whose identifiers are new to the
 * index, joins the work its title, author, year, volume and page match,
 * provided that work holds no conflicting identifier; a preprint DOI and
 * the published article's DOI on one such work make two versions of it
 * (the second DOI kept as an alias).  Failing that, an exact fingerprint
 * (normalised title and year) still lets two citers of one unlinked paper
 * meet.  External identifiers (xid: "sha:..", "s2:..", "chinaxiv:..") and
 * version DOIs live in the aliases table.  Call inside a store
 * transaction.
 */
#ifndef CT_LINK_H
#define CT_LINK_H
#include <stddef.h>
#include <stdint.h>

#include "match.h"
#include "store.h"
#include "store_link.h"

#define LINK_FP_MAX 200

struct link_ids {
	const char *doi, *pmid, *pmcid;
	const char *fp;              /* may be NULL */
	const char *xid;             /* external identifier, may be NULL */
	const struct match_key *key; /* fields to match on, may be NULL */
	int article; /* an indexed article: never absorbs another one */
	/* what a reference says of the work: a work created for it is
	 * inserted with these, a work found takes them where it has nothing
	 * (NULL: identifiers only) */
	const struct store_work_fill *fill;
};

/* Writes the fingerprint of a title and year (0: unknown) to out; returns 0
 * when the title is too short to identify a work (then out is ""). */
int link_fingerprint(const char *title, int year, char *out, size_t cap);

/* Finds or creates the work with these identifiers; *work receives it. */
int link_work(struct store *st, const struct link_ids *ids, int64_t *work);

/* Attaches the external identifier xid to work; when another work holds
 * it already, the two are one and are merged.  *work may change (the
 * lower id survives). */
int link_alias(struct store *st, const char *xid, int64_t *work);

/* Moves everything of work gone onto work keep and deletes gone. */
int link_merge(struct store *st, int64_t keep, int64_t gone);

#endif
