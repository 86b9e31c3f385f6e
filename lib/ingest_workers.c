/*
 * ingest_workers.c — `ingest --workers N` (ct_ingest_workers): N reader
 * threads beside the walk.  The walk (the calling thread) reads each
 * file's bytes and numbers the job; a worker takes the oldest job not
 * taken, parses it, extracts, prepares and classifies it (what the walk
 * does alone without workers: ingest_read), then hands it to the store
 * in the walk's order — a job waits for its turn, so the store sees the
 * same jobs in the same order as with one reader, and linking, identity
 * merge and ids come out the same (one store thread is the only merger).
 * Failures found by the walk (unreadable files, damaged archives) take
 * their turn the same way.
 *
 * Bounds: at most WORKERS_JOBS jobs per worker and WORKERS_BYTES of
 * file bytes wait for a worker; the walk waits for room.  After a
 * failure of the index every job still held is freed unread and the
 * walk stops at its next submit.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "err.h"
#include "ingest_int.h"
#include "xml.h"

#define WORKERS_JOBS  4           /* jobs waiting, per worker */
#define WORKERS_BYTES (32u << 20) /* file bytes waiting for a worker */

struct wjob {
	struct wjob *next;
	struct job *j;
	uint64_t seq;
	int read; /* to be parsed by a worker (else: only its turn) */
	int taken;
};

struct workers {
	pthread_mutex_t mu;
	pthread_cond_t more, room, turn;
	struct wjob *head, *tail; /* not yet taken, in walk order */
	size_t n, bytes;
	uint64_t next_seq; /* the walk's next number */
	uint64_t turn_seq; /* the number the store takes next */
	int done, rc;
	uint64_t files[CT_INGEST_WORKERS_MAX]; /* each worker's own */
	int nth;
	pthread_t th[CT_INGEST_WORKERS_MAX];
	struct ingest *g;
	void (*read)(struct ingest *g, struct job *j);
	struct slot {
		struct workers *w;
		int i;
	} slot[CT_INGEST_WORKERS_MAX];
};

_Static_assert(CT_INGEST_WORKERS_MAX <=
                   sizeof(((struct ct_ingest_stats *)0)->worker_files) /
                       sizeof(uint64_t),
               "a count per worker");

/* Waits for job seq's turn, stores it (or frees it after a failure) and
 * passes the turn on. */
static void take_turn(struct ingest *g, struct job *j, uint64_t seq)
{
	struct workers *w = g->wk;
	int rc;

	pthread_mutex_lock(&w->mu);
	while (w->turn_seq != seq)
		pthread_cond_wait(&w->turn, &w->mu);
	rc = w->rc;
	pthread_mutex_unlock(&w->mu);
	if (rc)
		ingest_job_free(j);
	else
		rc = ingest_submit(g, j); /* owns j from here */
	pthread_mutex_lock(&w->mu);
	if (rc && !w->rc)
		w->rc = rc;
	w->turn_seq++;
	pthread_cond_broadcast(&w->turn);
	pthread_cond_broadcast(&w->room);
	pthread_mutex_unlock(&w->mu);
}

static void *worker(void *arg)
{
	struct slot *sl = arg;
	struct workers *w = sl->w;
	struct ingest *g = w->g;

	for (;;) {
		struct wjob *x;
		struct job *j;
		uint64_t seq;
		int read;

		pthread_mutex_lock(&w->mu);
		while (!w->head && !w->done)
			pthread_cond_wait(&w->more, &w->mu);
		if (!(x = w->head)) {
			pthread_mutex_unlock(&w->mu);
			return NULL;
		}
		w->head = x->next;
		if (!w->head)
			w->tail = NULL;
		w->n--;
		w->bytes -= x->j->data.len;
		read = x->read && !w->rc; /* after a failure: only its turn */
		pthread_cond_broadcast(&w->room);
		pthread_mutex_unlock(&w->mu);
		j = x->j, seq = x->seq;
		free(x);
		if (read) {
			w->read(g, j);
			w->files[sl->i]++;
		}
		take_turn(g, j, seq);
	}
}

int ingest_workers_start(struct ingest *g, int n,
                         void (*read)(struct ingest *g, struct job *j),
                         struct ct_error *err)
{
	struct workers *w;

	if (n <= 1)
		return 0;
	if (!(w = calloc(1, sizeof(*w))))
		return err_set(err, CT_ENOMEM, "ingest: out of memory");
	if (pthread_mutex_init(&w->mu, NULL) ||
	    pthread_cond_init(&w->more, NULL) ||
	    pthread_cond_init(&w->room, NULL) ||
	    pthread_cond_init(&w->turn, NULL)) {
		free(w);
		return err_set(err, CT_ENOMEM, "ingest: no threads");
	}
	xml_init(); /* libxml2's globals, before threads parse */
	g->wk = w;
	w->g = g;
	w->read = read;
	for (w->nth = 0; w->nth < n; w->nth++) {
		w->slot[w->nth] = (struct slot){w, w->nth};
		if (pthread_create(&w->th[w->nth], NULL, worker,
		                   &w->slot[w->nth]))
			break;
	}
	if (w->nth == 0) {
		g->wk = NULL;
		free(w);
		return err_set(err, CT_ENOMEM, "ingest: no threads");
	}
	return 0;
}

int ingest_workers_submit(struct ingest *g, struct job *j, int read)
{
	struct workers *w = g->wk;
	struct wjob *x = malloc(sizeof(*x));
	int rc;

	if (!x) {
		ingest_job_free(j);
		return err_set(g->err, CT_ENOMEM, "ingest: out of memory");
	}
	pthread_mutex_lock(&w->mu);
	while (!w->rc && w->n &&
	       (w->n >= (size_t)w->nth * WORKERS_JOBS ||
	        w->bytes + j->data.len > WORKERS_BYTES))
		pthread_cond_wait(&w->room, &w->mu);
	if ((rc = w->rc)) {
		pthread_mutex_unlock(&w->mu);
		free(x);
		ingest_job_free(j);
		return rc;
	}
	*x = (struct wjob){.j = j, .seq = w->next_seq++, .read = read};
	if (w->tail)
		w->tail->next = x;
	else
		w->head = x;
	w->tail = x;
	w->n++;
	w->bytes += j->data.len;
	pthread_cond_signal(&w->more);
	pthread_mutex_unlock(&w->mu);
	return 0;
}

int ingest_workers_end(struct ingest *g, int rc)
{
	struct workers *w = g->wk;

	if (!w)
		return rc;
	pthread_mutex_lock(&w->mu);
	w->done = 1;
	if (rc && !w->rc)
		w->rc = rc;
	pthread_cond_broadcast(&w->more);
	pthread_mutex_unlock(&w->mu);
	for (int i = 0; i < w->nth; i++) {
		pthread_join(w->th[i], NULL);
		g->st->worker_files[i] += w->files[i];
	}
	g->st->nworkers = w->nth;
	rc = rc ? rc : w->rc;
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->more);
	pthread_cond_destroy(&w->room);
	pthread_cond_destroy(&w->turn);
	free(w);
	g->wk = NULL;
	return rc;
}

/* Here rather than in ingest_pipeline.c: with workers, a failure takes
 * its turn too. */
int ingest_submit_fail(struct ingest *g, const char *name, const char *msg,
                       int file, int prog)
{
	struct job *j = ingest_job_new(J_FAIL, name, file, prog);

	if (!j)
		return err_set(g->err, CT_ENOMEM, "%s: out of memory", name);
	snprintf(j->e.msg, sizeof(j->e.msg), "%s", msg);
	return g->wk ? ingest_workers_submit(g, j, 0) : ingest_submit(g, j);
}
