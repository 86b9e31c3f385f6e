/*
 * store_pg_lanes.c — an ingest's shipments into PostgreSQL on their
 * threads (see store_pg_ship.c, "The shipping overlaps the next batch"
 * and "Two lanes"): the batches handed to one lane or two as they commit
 * in the staging, waited for before a commit that would need their
 * lane, and cleared from the staging's journal once shipped.
 */
#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "store.h"
#include "store_pg.h"
#include "store_pg_int.h"
#include "store_pg_ship_int.h"
#include "store_stage.h"
#include "testhooks.h"

/* ---- the ship threads ---------------------------------------------------- */

static void *ship_thread(void *arg)
{
	struct store_pg_ship *sh = arg;

	pthread_setname_np(pthread_self(), "citectx-ship");
	pthread_mutex_lock(&sh->mu);
	for (;;) {
		struct ct_error e = {0};
		int64_t b, last;
		int rc;

		while (!sh->stop && !sh->want)
			pthread_cond_wait(&sh->cv, &sh->mu);
		if (!sh->want)
			break;
		b = sh->want;
		pthread_mutex_unlock(&sh->mu);
		/* one read transaction: the snapshot of b's commit, taken
		 * (by a first read) before the writer commits another */
		rc = store_stage_snapshot(sh->rd, 1, &e);
		if (!rc)
			rc = store_stage_last(sh->rd, &last, &e);
		pthread_mutex_lock(&sh->mu);
		sh->snapped = b;
		pthread_cond_broadcast(&sh->cv);
		pthread_mutex_unlock(&sh->mu);
		if (!rc)
			rc = pg_ship_run(sh, sh->rd, b, sh->after, &e);
		else
			pg_ship_turn_end(sh, b, 0);
		store_stage_snapshot(sh->rd, 0, &(struct ct_error){0});
		pthread_mutex_lock(&sh->mu);
		sh->want = 0;
		if (rc) {
			sh->failed = 1;
			sh->ferr = e;
		}
		pthread_cond_broadcast(&sh->cv);
	}
	pthread_mutex_unlock(&sh->mu);
	return NULL;
}

/* The oldest batch in flight: waited for when wait (else only when it is
 * done already), then cleared from the journal: inside the writer's
 * transaction (txn), or on its own.  *got: it was.  Its failure into
 * err. */
static int reap_one(struct store_pg_ship *sh, struct store *st, int wait,
                    int txn, int *got, struct ct_error *err)
{
	struct inflight f = sh->fl[0];
	struct store_pg_ship *ln = f.lane;
	int rc = 0;

	*got = 0;
	if (!sh->nfl)
		return 0;
	pthread_mutex_lock(&ln->mu);
	if (ln->want == f.b && !wait) {
		pthread_mutex_unlock(&ln->mu);
		return 0;
	}
	if (ln->want == f.b && txn && ct_test_hooks.ship_hold &&
	    ct_test_hooks.say) {
		char line[120];

		snprintf(line, sizeof(line),
		         "ingest: holding batch %lld's COMMIT until batch %lld "
		         "is shipped",
		         (long long)sh->fl[sh->nfl - 1].b + 1, (long long)f.b);
		ct_test_hooks.say(line);
	}
	while (ln->want == f.b)
		pthread_cond_wait(&ln->cv, &ln->mu);
	if (ln->failed) {
		*err = ln->ferr;
		rc = err->code ? err->code : CT_EDB;
	}
	pthread_mutex_unlock(&ln->mu);
	if (rc)
		return rc;
	sh->fl[0] = sh->fl[1];
	sh->nfl--;
	*got = 1;
	if (txn) /* b's journal goes with the batch that commits */
		return store_stage_clear(st, f.b, f.last, err);
	return sh->nfl ? store_stage_drop(st, 1, f.b, err)
	               : store_stage_done(st, f.b, err);
}

/* Hands batch b (committed in st; its journal past rowid after) to a
 * lane, whose thread is started at its first; returns once the thread
 * holds b's snapshot. */
static int ship_hand(struct store_pg_ship *ln, struct store *st, int64_t b,
                     int64_t after, struct ct_error *err)
{
	int rc;

	if (!ln->started) {
		if ((rc = store_open(ln->path,
		                     STORE_OPEN_READONLY | STORE_OPEN_STREAM,
		                     &ln->rd, err)))
			return rc;
		pthread_mutex_init(&ln->mu, NULL);
		pthread_cond_init(&ln->cv, NULL);
		if (pthread_create(&ln->th, NULL, ship_thread, ln)) {
			/* no thread: shipped here, as before */
			pthread_mutex_destroy(&ln->mu);
			pthread_cond_destroy(&ln->cv);
			store_close(ln->rd);
			ln->rd = NULL;
			return pg_ship_run(ln, st, b, after, err);
		}
		ln->started = 1;
	}
	pthread_mutex_lock(&ln->mu);
	ln->after = after;
	ln->want = b;
	pthread_cond_broadcast(&ln->cv);
	while (ln->snapped != b && ln->want == b)
		pthread_cond_wait(&ln->cv, &ln->mu);
	pthread_mutex_unlock(&ln->mu);
	return 0;
}

int store_pg_ship_lanes(struct store_pg_ship *sh, int lanes,
                        struct ct_error *err)
{
	struct store_pg_ship *p;
	int server, rc;

	sh->lanes = 1;
	if (lanes < 2 || sh->peer)
		return 0;
	if (!(p = calloc(1, sizeof(*p))))
		return err_set(err, CT_ENOMEM, "out of memory");
	for (int i = 0; i < K__N; i++) {
		p->k[i] = (struct ct_buf)CT_BUF_INIT;
		p->kd[i] = (struct ct_buf)CT_BUF_INIT;
	}
	memcpy(p->id, sh->id, sizeof(p->id));
	memcpy(p->path, sh->path, sizeof(p->path));
	memcpy(p->host, sh->host, sizeof(p->host));
	p->batch = sh->batch;
	p->turn = sh->turn;
	if ((rc = pg_connect(sh->conninfo, &p->c, &server, err)) ||
	    (PQsetClientEncoding(p->c, "UTF8") &&
	     (rc = pg_ship_fail(p, NULL, "client_encoding", err)))) {
		p->turn = NULL;
		store_pg_ship_close(p, NULL);
		return rc;
	}
	sh->peer = p;
	sh->lanes = 2;
	return 0;
}

/* Batches in flight whose lanes are still shipping them. */
static int shipping(struct store_pg_ship *sh)
{
	int n = 0;

	for (int i = 0; i < sh->nfl; i++) {
		struct store_pg_ship *ln = sh->fl[i].lane;

		pthread_mutex_lock(&ln->mu);
		n += ln->want == sh->fl[i].b;
		pthread_mutex_unlock(&ln->mu);
	}
	return n;
}

int store_pg_ship_batch(void *arg, struct store *st, int when,
                        struct ct_error *err)
{
	struct store_pg_ship *sh = arg, *ln;
	char id[STORE_STAGE_ID_MAX];
	int64_t shipped, pending, b, after, last;
	int rc = 0, got = 1, lanes = sh->lanes > 1 ? sh->lanes : 1;

	/* while a batch ships the next stays open (fewer, larger batches
	 * ship faster), up to its size, when it commits and, with two
	 * lanes, ships beside it */
	if (when == CT_BATCH_IN_FLIGHT)
		return shipping(sh) > 0;
	if (when == CT_BATCH_BEFORE_COMMIT) {
		/* every lane busy: the oldest batch waited for; the batches
		 * shipped meanwhile cleared with this one */
		if (sh->nfl >= lanes)
			rc = reap_one(sh, st, 1, 1, &got, err);
		while (!rc && got && sh->nfl)
			rc = reap_one(sh, st, 0, 1, &got, err);
		return rc ? rc : store_stage_mark(st, err);
	}
	if (when == CT_BATCH_END) { /* every batch in flight, on its own */
		while (!rc && sh->nfl)
			rc = reap_one(sh, st, 1, 0, &got, err);
		return rc;
	}
	if (sh->nfl) { /* the journal of the batch before is still there */
		b = sh->fl[sh->nfl - 1].b + 1;
		after = sh->fl[sh->nfl - 1].last;
	} else {
		if ((rc = store_stage_state(st, id, &shipped, &pending, NULL,
		                            err)) ||
		    !pending)
			return rc;
		b = shipped + 1;
		after = 0;
	}
	/* the batch's end: past its marker, the commit re-indexed works
	 * (store_commit), journalling works_text */
	if ((rc = store_stage_last(st, &last, err)))
		return rc;
	ln = sh;
	if (sh->nfl && sh->fl[0].lane == sh && sh->peer)
		ln = sh->peer;
	if (sh->turn) {
		pthread_mutex_lock(&sh->turn->mu);
		if (sh->turn->committed < 0)
			sh->turn->committed = b - 1;
		pthread_mutex_unlock(&sh->turn->mu);
	}
	sh->fl[sh->nfl++] = (struct inflight){b, last, ln};
	if ((rc = ship_hand(ln, st, b, after, err))) {
		sh->nfl--;
	} else if (!ln->started) { /* no thread: shipped inline */
		sh->nfl--;
		while (!rc && sh->nfl)
			rc = reap_one(sh, st, 1, 0, &got, err);
		if (!rc)
			rc = store_stage_done(st, b, err);
	}
	return rc;
}

static void lane_close(struct store_pg_ship *sh)
{
	if (sh->started) {
		pthread_mutex_lock(&sh->mu);
		sh->stop = 1;
		pthread_cond_broadcast(&sh->cv);
		pthread_mutex_unlock(&sh->mu);
		pthread_join(sh->th, NULL);
		pthread_mutex_destroy(&sh->mu);
		pthread_cond_destroy(&sh->cv);
	}
	store_close(sh->rd);
	if (sh->c)
		PQfinish(sh->c);
	for (int i = 0; i < K__N; i++) {
		ct_buf_release(&sh->k[i]);
		ct_buf_release(&sh->kd[i]);
	}
	free(sh->cit);
	free(sh->old);
	free(sh->mg);
}

void store_pg_ship_close(struct store_pg_ship *sh,
                         struct store_pg_ship_stats *stats)
{
	if (!sh)
		return;
	if (sh->peer) { /* its batches counted with the first lane's */
		lane_close(sh->peer);
		sh->stats.batches += sh->peer->stats.batches;
		sh->stats.rows += sh->peer->stats.rows;
		sh->stats.repaired += sh->peer->stats.repaired;
		/* the lanes ship at once: the busier one's time */
		if (sh->peer->stats.seconds > sh->stats.seconds)
			sh->stats.seconds = sh->peer->stats.seconds;
		free(sh->peer);
	}
	lane_close(sh);
	if (stats)
		*stats = sh->stats;
	if (sh->turn) {
		pthread_mutex_destroy(&sh->turn->mu);
		pthread_cond_destroy(&sh->turn->cv);
		free(sh->turn);
	}
	free(sh->conninfo);
	free(sh);
}
