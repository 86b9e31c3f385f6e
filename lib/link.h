/*
 * link.h — work identity: a reference or an article to one work row.
 *
 * A work is found by DOI, then PMID, then PMCID; when identifiers given
 * together point to different works, those works are one and are merged
 * (the lower id survives, so the result does not depend on input order).
 * Without any identifier a reference is matched by its fingerprint: its
 * normalised title and year.  Call inside a store transaction.
 */
#ifndef CT_LINK_H
#define CT_LINK_H
#include <stddef.h>
#include <stdint.h>

#include "store.h"

#define LINK_FP_MAX 200

struct link_ids {
	const char *doi, *pmid, *pmcid;
	const char *fp; /* may be NULL */
};

/* Writes the fingerprint of a title and year to out; returns 0 when the
 * title is too short to identify a work (then out is ""). */
int link_fingerprint(const char *title, int year, char *out, size_t cap);

/* Finds or creates the work with these identifiers; *work receives it. */
int link_work(struct store *st, const struct link_ids *ids, int64_t *work);

/* Moves everything of work gone onto work keep and deletes gone. */
int link_merge(struct store *st, int64_t keep, int64_t gone);

#endif
