/* fcol.c — the search cache (see fcol.h). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "err.h"
#include "fcol.h"
#include "store_scan.h"

struct fcol *fcol_new(void)
{
	struct fcol *c = calloc(1, sizeof(struct fcol));

	if (c)
		c->quiet_ms = FCOL_QUIET_MS;
	return c;
}

/* Empties c; its setting (quiet_ms) stays. */
static void fcol_clear(struct fcol *c)
{
	int quiet_ms = c->quiet_ms;

	free(c->rows);
	free(c->len);
	for (int i = 0; i < c->npubs; i++)
		free(c->pubs[i]);
	memset(c, 0, sizeof(*c));
	c->quiet_ms = quiet_ms;
}

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The index moved since c was loaded (or last seen): whether to reload
 * now, or leave c empty (CT_EBUSY: the SQL path answers) until the stamp
 * has stayed put for quiet_ms (fcol.h). */
static int wait_quiet(struct store *st, struct fcol *c, const uint64_t stamp[2])
{
	if (c->loaded == FCOL_WAITING && !memcmp(stamp, c->stamp, 16))
		return now_s() - c->seen_at < c->quiet_ms / 1000.0 ? CT_EBUSY
		                                                   : 0;
	store_rank_use(st, NULL, 0);
	fcol_clear(c);
	memcpy(c->stamp, stamp, sizeof(c->stamp));
	c->loaded = FCOL_WAITING;
	c->seen_at = now_s();
	return CT_EBUSY;
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

/* The cache being loaded and the publication type the last row named. */
struct fcol_load {
	struct fcol *c;
	int last;
};

static int load_row(void *arg, const struct store_scan_row *r)
{
	struct fcol_load *l = arg;
	struct fcol *c = l->c;
	struct fcol_row *x;
	int pub;

	if (r->id < 0 || r->id >= c->n)
		return CT_EUSAGE; /* inserted since max(id): reload next time */
	pub = pub_index(c, r->pubtype, &l->last);
	if (pub < 0)
		return CT_EUSAGE;
	x = &c->rows[r->id];
	x->type = small(r->type);
	x->section = small(r->section);
	x->year = (int32_t)r->year;
	x->flags = FCOL_PRESENT | (r->self ? FCOL_SELF : 0) |
	           (r->jself ? FCOL_JSELF : 0) |
	           (r->follows ? FCOL_FOLLOWS : 0) |
	           (r->same_sentence ? FCOL_SAME_SENTENCE : 0);
	x->confidence = r->confidence;
	x->pub = (uint8_t)pub;
	return 0;
}

static int load_rows(struct store *st, struct fcol *c)
{
	struct fcol_load l = {c, 0};

	return store_scan_facets(st, load_row, &l);
}

static void load_length(void *arg, int64_t id, int64_t n)
{
	struct fcol *c = arg;

	if (id >= 0 && id < c->n && n >= 0)
		c->len[id] = (uint32_t)n;
}

static int load_lengths(struct store *st, struct fcol *c)
{
	memset(c->len, 0xff, (size_t)c->n * sizeof(*c->len));
	return store_scan_doclens(st, load_length, c);
}

static int load_size(struct store *st, struct fcol *c)
{
	int64_t max;
	int rc = store_scan_max_id(st, &max);

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
	if ((c->loaded == 1 || c->loaded == -1) &&
	    !memcmp(stamp, c->stamp, sizeof(stamp)))
		return c->loaded > 0 ? 0 : CT_EUSAGE;
	if (c->loaded && c->quiet_ms > 0 && (rc = wait_quiet(st, c, stamp)))
		return rc;
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
