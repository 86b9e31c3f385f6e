/* fcol.c — the search cache (see fcol.h). */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "fcol.h"

struct fcol *fcol_new(void)
{
	return calloc(1, sizeof(struct fcol));
}

static void fcol_clear(struct fcol *c)
{
	free(c->rows);
	free(c->len);
	for (int i = 0; i < c->npubs; i++)
		free(c->pubs[i]);
	memset(c, 0, sizeof(*c));
}

void fcol_free(struct fcol *c)
{
	if (!c)
		return;
	fcol_clear(c);
	free(c);
}

/* A facet value as scan.c reads it: outside 0..31 no mask selects it and
 * no facet counts it, which -1 keeps. */
static int8_t small(int64_t v)
{
	return v >= 0 && v < 32 ? (int8_t)v : -1;
}

/* The 1-based index of a publication type's name, interned; 0 for NULL,
 * -1 when FCOL_PUB_MAX are taken or out of memory. */
static int pub_index(struct fcol *c, const char *name, int *last)
{
	if (!name)
		return 0;
	if (*last && !strcmp(c->pubs[*last - 1], name))
		return *last;
	for (int i = 0; i < c->npubs; i++)
		if (!strcmp(c->pubs[i], name))
			return *last = i + 1;
	if (c->npubs == FCOL_PUB_MAX || !(c->pubs[c->npubs] = strdup(name)))
		return -1;
	return *last = ++c->npubs;
}

static int load_row(struct fcol *c, struct store_row *r, int *last)
{
	int64_t id = store_int(r, 0);
	struct fcol_row *x;
	int pub;

	if (id < 0 || id >= c->n)
		return CT_EUSAGE; /* inserted since max(id): reload next time */
	pub = pub_index(c, store_text(r, 6), last);
	if (pub < 0)
		return CT_EUSAGE;
	x = &c->rows[id];
	x->type = small(store_int(r, 1));
	x->section = small(store_int(r, 2));
	x->year = (int32_t)store_int(r, 3);
	x->flags = FCOL_PRESENT | (store_int(r, 4) ? FCOL_SELF : 0) |
		   (store_int(r, 7) ? FCOL_JSELF : 0) |
		   (store_int(r, 8) ? FCOL_FOLLOWS : 0) |
		   (store_int(r, 9) ? FCOL_SAME_SENTENCE : 0);
	x->confidence = store_double(r, 5);
	x->pub = (uint8_t)pub;
	return 0;
}

static int load_rows(struct store *st, struct fcol *c)
{
	struct store_row *r = store_sql(st, SQL_FC_ROWS);
	int last = 0, rc;

	while ((rc = store_step(r)) == 1)
		if ((rc = load_row(c, r, &last)))
			break;
	store_done(r);
	return rc;
}

static int load_lengths(struct store *st, struct fcol *c)
{
	struct store_row *r = store_sql(st, SQL_FC_DOCSIZE);
	int rc;

	memset(c->len, 0xff, (size_t)c->n * sizeof(*c->len));
	while ((rc = store_step(r)) == 1) {
		int64_t id = store_int(r, 0), n = store_fts_doclen(r, 1);

		if (id >= 0 && id < c->n && n >= 0)
			c->len[id] = (uint32_t)n;
	}
	store_done(r);
	return rc;
}

static int load_size(struct store *st, struct fcol *c)
{
	struct store_row *r = store_sql(st, SQL_FC_MAXID);
	int rc = store_step(r);
	int64_t max = rc == 1 ? store_int(r, 0) : -1;

	store_done(r);
	if (rc < 0)
		return rc;
	if (max < 0 || max >= FCOL_ID_MAX)
		return CT_EUSAGE;
	c->n = max + 1;
	c->rows = calloc((size_t)c->n, sizeof(*c->rows));
	c->len = malloc((size_t)c->n * sizeof(*c->len));
	return c->rows && c->len ? 0 : CT_ENOMEM;
}

int fcol_refresh(struct store *st, struct fcol *c)
{
	uint64_t stamp[2];
	int rc = store_stamp(st, stamp);

	if (rc)
		return rc;
	if (c->loaded && !memcmp(stamp, c->stamp, sizeof(stamp)))
		return c->loaded > 0 ? 0 : CT_EUSAGE;
	store_rank_use(st, NULL, 0);
	fcol_clear(c);
	/* the index's work, not the request's: a request's deadline does not
	 * stop it (shutdown does), so a slow load is not retried and lost
	 * by every request in turn (0.56 s on the corpus, BENCHMARKS.md) */
	store_deadline_hold(st);
	rc = load_size(st, c);
	if (!rc)
		rc = load_rows(st, c);
	if (!rc)
		rc = load_lengths(st, c);
	store_deadline_release(st);
	if (!rc)
		rc = store_rank_use(st, c->len, c->n);
	if (rc) {
		store_rank_use(st, NULL, 0);
		fcol_clear(c);
	}
	/* a failure is remembered until the index changes: not retried at
	 * every search; but a load that shutdown stopped is not the index's
	 * failure */
	memcpy(c->stamp, stamp, sizeof(stamp));
	c->loaded = !rc ? 1 : store_deadline_hit(st, 0) ? 0 : -1;
	return rc;
}
