/*
 * store_pg_ship_int.h — what the two files of an ingest into PostgreSQL
 * share: store_pg_ship.c ships one batch (its journal's keys, the
 * PostgreSQL transaction), store_pg_lanes.c runs the shipments on their
 * threads, one lane or two, and keeps the staging's journal in step.
 */
#ifndef CT_STORE_PG_SHIP_INT_H
#define CT_STORE_PG_SHIP_INT_H
#include <libpq-fe.h>
#include <pthread.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"
#include "store_pg.h"
#include "store_stage.h"

struct store;

/* The key sets of one batch, each a PostgreSQL array literal. */
enum {
	K_W,  /* works.id */
	K_WT, /* works_text.id */
	K_AU, /* authors.work */
	K_R,  /* refs.id */
	K_RA, /* refs.citing */
	K_RB, /* refs.cited */
	K_S,  /* statements.id */
	K_SA, /* statements.dkey */
	K_SB, /* statements.citing */
	K_N,  /* notices.notice */
	K_NA, /* notices.concerned */
	K_L,  /* linkrec.id */
	K_LA, /* linkrec.work */
	K_X,  /* identifiers.xid */
	K_WO, /* identifiers.work of those xids before the batch */
	K__N
};

/* The id spaces whose sequences bound what PostgreSQL holds. */
enum { HW_W, HW_R, HW_S, HW_L, HW__N };

struct store_pg_ship {
	PGconn *c;
	char id[STORE_STAGE_ID_MAX];
	char path[4200];
	char state[4000]; /* the folder of a staging not given, "": none */
	char host[300];   /* "host:port", for messages */
	int64_t batch;    /* PostgreSQL's applied batch */
	struct ct_buf k[K__N];
	int64_t n[K__N];
	/* the delete sets: the keys of rows PostgreSQL may hold (an id at
	 * most its sequence's last value, hw[]), and the citing works of
	 * the batch's statements with one such (old[]) or none yet (cit[]) */
	struct ct_buf kd[K__N];
	int64_t nd[K__N];
	int64_t hw[HW__N];
	int64_t *cit, *old;
	size_t ncit, nold, capcit, capold;
	/* the batch's merges of works, gone into keep, in their order */
	int64_t *mg;
	size_t nmg, capmg;
	struct store_pg_ship_stats stats;
	int64_t rows, repaired; /* the batch's, counted once it commits */
	/* the ship thread, under mu: want, the batch handed to it (0:
	 * none; the writer waits for it to go back to 0); failed, ferr, a
	 * shipment that failed */
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int started, stop, failed;
	int64_t want;
	int64_t after;   /* the batch handed: its journal's rows past it */
	int64_t snapped; /* the batch whose read snapshot the thread holds */
	struct ct_error ferr;
	struct store *rd; /* the thread's read connection on the staging */
	/* the batch's new rows of works, refs, statements and linkrec: past
	 * above[] (store_stage_view), -1: none apart */
	int64_t above[HW__N];
	/* two shipments at once (store_pg_ship_lanes): the second lane,
	 * with a connection, a thread and a reader of its own; turn, the
	 * lanes' order of COMMITs (committed: PostgreSQL's batch, -1 while
	 * no lane ships) */
	struct store_pg_ship *peer;
	struct ship_turn *turn;
	char *conninfo;
	/* the writer's (first lane's): the batches handed and not yet
	 * cleared from the journal, oldest first, and the lanes */
	struct inflight {
		int64_t b, last;
		struct store_pg_ship *lane;
	} fl[2];
	int nfl, lanes;
};

struct ship_turn {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int64_t committed;
	int failed;
};

/* err from the server's answer r (NULL: the connection's state): a lost
 * connection is CT_EUNAVAIL, naming host:port. */
int pg_ship_fail(struct store_pg_ship *sh, PGresult *r, const char *what,
                 struct ct_error *err);

/* Ships what the journal of st holds past rowid after as batch b (see
 * store_pg_ship.c). */
int pg_ship_run(struct store_pg_ship *sh, struct store *st, int64_t b,
                int64_t after, struct ct_error *err);

/* The lanes' order: batch b committed (ok), or failed (the other lane's
 * batch after it then fails too). */
void pg_ship_turn_end(struct store_pg_ship *sh, int64_t b, int ok);

#endif
