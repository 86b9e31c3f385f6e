/* store_prof.c — the SQL profile of a handle opened with STORE_OPEN_PROFILE
 * (a developer's tool, docs/BENCHMARKS.md): the time spent in each
 * statement, handed at the close to the function store_profile_use set. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

#define PROF_SLOTS 512
struct sql_prof {
	char *sql[PROF_SLOTS];
	int64_t ns[PROF_SLOTS], n[PROF_SLOTS];
	int cache[4]; /* store_prof_cache */
	ct_sql_profile_fn fn;
	void *arg;
};

static int prof_cb(unsigned type, void *ctx, void *p, void *x)
{
	struct sql_prof *pf = ctx;
	const char *sql = sqlite3_sql(p);
	size_t h = 5381;

	if (type != SQLITE_TRACE_PROFILE || !sql)
		return 0;
	for (const char *c = sql; *c; c++)
		h = h * 33 + (unsigned char)*c;
	h %= PROF_SLOTS;
	for (size_t i = 0; i < PROF_SLOTS; i++, h = (h + 1) % PROF_SLOTS)
		if (!pf->sql[h] || !strcmp(pf->sql[h], sql)) {
			if (!pf->sql[h] && !(pf->sql[h] = strdup(sql)))
				return 0;
			pf->ns[h] += *(int64_t *)x;
			pf->n[h]++;
			break;
		}
	return 0;
}

void store_prof_start(struct store *st)
{
	if ((st->prof = calloc(1, sizeof(*st->prof))))
		sqlite3_trace_v2(st->db, SQLITE_TRACE_PROFILE, prof_cb,
		                 st->prof);
}

void store_profile_use(struct store *st, ct_sql_profile_fn fn, void *arg)
{
	if (st->prof) {
		st->prof->fn = fn;
		st->prof->arg = arg;
	}
}

void store_prof_cache(struct store *st)
{
	static const int ops[] = {
	    SQLITE_DBSTATUS_CACHE_HIT, SQLITE_DBSTATUS_CACHE_MISS,
	    SQLITE_DBSTATUS_CACHE_WRITE, SQLITE_DBSTATUS_CACHE_SPILL};

	for (int i = 0; st->prof && i < 4; i++) {
		int hi = 0;

		sqlite3_db_status(st->db, ops[i], &st->prof->cache[i], &hi, 0);
	}
}

/* The statements, the longest first (equal times: in slot order, as
 * the profile was printed before it left the library). */
static size_t prof_sort(const struct sql_prof *pf, struct ct_sql_time *v)
{
	char taken[PROF_SLOTS] = {0};
	size_t n = 0;

	for (;;) {
		int best = -1;

		for (int i = 0; i < PROF_SLOTS; i++)
			if (pf->sql[i] && !taken[i] &&
			    (best < 0 || pf->ns[i] > pf->ns[best]))
				best = i;
		if (best < 0)
			break;
		taken[best] = 1;
		v[n++] = (struct ct_sql_time){pf->sql[best], pf->ns[best] / 1e9,
		                              pf->n[best]};
	}
	return n;
}

void store_prof_end(struct sql_prof *pf)
{
	struct ct_sql_time *v;

	if (!pf)
		return;
	v = calloc(PROF_SLOTS, sizeof(*v));
	if (v && pf->fn) {
		struct ct_sql_profile p = {.n = prof_sort(pf, v), .v = v};

		memcpy(p.cache, pf->cache, sizeof(p.cache));
		pf->fn(pf->arg, &p);
	}
	free(v);
	for (int i = 0; i < PROF_SLOTS; i++)
		free(pf->sql[i]);
	free(pf);
}
