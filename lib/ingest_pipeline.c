/* ingest_pipeline.c — the reader's jobs to the index: the queue, the
 * store thread, and the batch policy (see ingest_int.h). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "article.h"
#include "buf.h"
#include "cite.h"
#include "err.h"
#include "ingest_int.h"
#include "meta.h"
#include "testhooks.h"

#define FAILURES_MAX 100000

/* Articles are committed in batches: a commit per article rewrote the
 * same B-tree and FTS5 pages thousands of times (a third of ingest time
 * went to WAL writes).  A batch closes after BATCH_ARTICLES articles or
 * BATCH_SECONDS, so a crash loses at most that much work, never
 * consistency.  A failure to store an article fails the index, and the
 * whole open batch is rolled back (ct_ingest_path).
 *
 * BATCH_SECONDS also bounds how long another writer waits: a rating sent
 * to `serve` during ingest waits for the open batch and its commit, and
 * must be answered within serve's request timeout (2 s by default).  At
 * 2.0 s a batch plus its commit (0.35 s on the corpus) overran it, and
 * t0105 failed under ASan on a busy machine; at 0.5 s the wait is about
 * 0.6 s, for 26 commits instead of 7 and ingest 0.5-0.8 s slower (16.1-16.3
 * s -> 16.8-17.1 s on the corpus, docs/BENCHMARKS.md). */
#define BATCH_ARTICLES 1000
#ifndef BATCH_SECONDS
#define BATCH_SECONDS 0.5
#endif
/* Between two batches the write lock is left free this long, so that a
 * writer waiting on the same index (a user's rating through `serve`,
 * polling every millisecond: store.c) gets its turn. */
#define BATCH_GAP_MS 3
/* The WAL's length from which a batch waits for the checkpoint of
 * the one before, so that it writes the WAL from its start (ingest_ckpt_wait).
 * Each wait holds the store 0.4-0.6 s (two fsyncs); at 256 MB the corpus
 * waits once instead of twice (0.9 -> 0.57 s), and the WAL stays under
 * about 400 MB whatever the input's size. */
#ifndef WAL_RESTART_BYTES
#define WAL_RESTART_BYTES ((int64_t)256 << 20)
#endif

/* Reading, parsing, extracting and classifying run on the calling thread
 * while a second thread stores: the two halves of the work are of about
 * the same size, so on two cores ingest takes about half the time.  The
 * reader hands each file to the store as a job, in order, through a queue
 * that holds at most QUEUE_BYTES of parsed articles (job_bytes) and
 * QUEUE_MAX jobs; the store thread alone touches the index and the
 * summary, so the outcome is the same as one thread's, job for job.
 *
 * The store is the faster half between commits, but stops at each commit
 * and checkpoint wait (0.2-0.6 s): the reader must run on through those,
 * or the two take turns.  A queue of 64 jobs (about 0.13 s of reading)
 * left the reader waiting 1.6-2.1 s on the corpus; 32 MB of jobs (about
 * 250 articles, 0.5 s) 0.3-0.8 s, for 25 MB more of peak RSS.  Counting
 * bytes rather than jobs keeps that bound when articles are large. */
#ifndef QUEUE_BYTES
#define QUEUE_BYTES ((size_t)32 << 20)
#endif
#define QUEUE_MAX 4096

static void fail(struct ingest *g, const char *file, const char *msg)
{
	struct ct_ingest_stats *st = g->st;
	struct ct_failure *f =
	    doc_push((void **)&st->failures, &st->nfailures, &st->capfailures,
	             sizeof(*f), FAILURES_MAX);

	if (!f)
		return;
	f->file = strdup(file);
	f->error = strdup(msg);
}

/* An article stored with something left out: said in the summary. */
static void warn(struct ingest *g, const char *file, const char *msg)
{
	struct ct_ingest_stats *st = g->st;
	struct ct_failure *f =
	    doc_push((void **)&st->warnings, &st->nwarnings, &st->capwarnings,
	             sizeof(*f), FAILURES_MAX);

	if (!f)
		return;
	f->file = strdup(file);
	f->error = strdup(msg);
}

int ingest_batch_end(struct ingest *g)
{
	struct store *st = g->idx->st;

	double t = mono();

	g->batched = 0;
	if (!store_in_transaction(st))
		return 0;
	/* PostgreSQL: the batch before shipped, its journal cleared here */
	if (g->idx->on_commit &&
	    g->idx->on_commit(g->idx->on_commit_arg, st, CT_BATCH_BEFORE_COMMIT,
	                      g->err)) {
		store_rollback(st);
		return g->err->code;
	}
	if (store_commit(st) == 0) {
		g->commit_s += mono() - t;
		g->commits++;
		ingest_ckpt_ask(g->ck);
		/* the batch handed to the ship thread (PostgreSQL) */
		if (g->idx->on_commit)
			return g->idx->on_commit(g->idx->on_commit_arg, st,
			                         CT_BATCH_COMMITTED, g->err);
		return 0;
	}
	store_rollback(st);
	return err_set(g->err, CT_EDB, "%s: commit: %s", g->idx->path,
	               store_errmsg(st));
}

static int batch_next(struct ingest *g)
{
	struct store *st = g->idx->st;
	int cut = g->q.cut == 1 && g->batched; /* the reader is through */
	int rc = 0;

	if (cut)
		g->q.cut = 2;
	/* past BATCH_SECONDS a batch stays open while the one before still
	 * ships (PostgreSQL): its COMMIT would wait for it, and fewer,
	 * larger batches ship faster */
	if (g->batched >= g->batch_articles || cut ||
	    (g->batched && since(&g->t0) - g->batch_start > BATCH_SECONDS &&
	     !(g->idx->on_commit &&
	       g->idx->on_commit(g->idx->on_commit_arg, st, CT_BATCH_IN_FLIGHT,
	                         g->err)))) {
		struct timespec gap = {0, BATCH_GAP_MS * 1000000L};

		rc = ingest_batch_end(g);
		if (!rc)
			nanosleep(&gap, NULL);
	}
	if (!rc && !store_in_transaction(st)) {
		/* a long WAL: this batch waits for the last checkpoint, so
		 * that it writes the WAL from its start (see above) */
		if (g->ck && store_wal_bytes(st) >= WAL_RESTART_BYTES) {
			double t = mono();

			ingest_ckpt_wait(g->ck);
			g->ckwait_s += mono() - t;
		}
		if (store_begin(st))
			return err_set(g->err, CT_EDB, "%s: %s", g->idx->path,
			               store_errmsg(st));
		g->batch_start = since(&g->t0);
	}
	g->batched++;
	return rc;
}

/* Counts one stored article, or records why it failed.  Returns nonzero
 * only when the index itself failed (CT_EDB from the store). */
static int account(struct ingest *g, const char *name, int rc,
                   const struct ct_error *e, const struct article_counts *cnt,
                   const char *note)
{
	if (rc == CT_EDB) {
		*g->err = *e;
		return rc;
	}
	if (rc) {
		fail(g, name, e->msg);
	} else {
		if (note && *note)
			warn(g, name, note);
		g->st->articles++;
		g->st->references += cnt->references;
		g->st->statements += cnt->statements;
	}
	return 0;
}

static void progress(struct ingest *g, const char *name)
{
	g->st->seconds = since(&g->t0);
	if (g->fn)
		g->fn(g->ctx, g->st, name);
}

/* ---- the store's side of a job ------------------------------------------ */

/* A CORD-19 metadata.csv: rows enrich the works they name. */
static int store_csv(struct ingest *g, const struct job *j)
{
	struct ct_error e = {0};
	uint64_t rows = 0;
	int rc = batch_next(g);

	if (rc)
		return rc;
	rc = meta_csv_ingest(g->idx->st, j->name, j->data.ptr, j->data.len,
	                     &rows, &e);
	if (rc == CT_EDB) {
		*g->err = e;
		return rc;
	}
	if (rc)
		fail(g, j->name, e.msg);
	return 0;
}

/* ct_test_hooks.ship_hold "N:open" (tests): the N-th batch of this run
 * waits 300 s once its first article is stored, its transaction open,
 * having said so (a test kills the run there). */
static void hold_open(struct ingest *g)
{
	const char *h = ct_test_hooks.ship_hold;
	char *end, line[64];

	if (!h || strtol(h, &end, 10) != g->commits + 1 || strcmp(end, ":open"))
		return;
	snprintf(line, sizeof(line), "ingest: holding batch %d open",
	         g->commits + 1);
	if (ct_test_hooks.say)
		ct_test_hooks.say(line);
	sleep(300);
}

static int store_article(struct ingest *g, struct job *j)
{
	struct article_counts cnt = {0};
	int rc = j->rc;

	if (!rc && (rc = batch_next(g)) != 0)
		return rc; /* the index failed; g->err says how */
	if (!rc)
		rc = article_store(g->idx->st, &j->d, &j->s, &j->prep, j->name,
		                   g->model, j->labels, &cnt, &j->e);
	if (!rc && g->batched == 1)
		hold_open(g);
	return account(g, j->name, rc, &j->e, &cnt, j->note);
}

/* Stores one job.  Returns nonzero only when the index failed. */
static int consume(struct ingest *g, struct job *j)
{
	int rc = 0;

	if (j->file)
		g->st->files++;
	if (j->kind == J_FAIL)
		fail(g, j->name, j->e.msg);
	else if (j->kind == J_CSV)
		rc = store_csv(g, j);
	else if (j->kind == J_ARTICLE)
		rc = store_article(g, j);
	if (!rc && j->progress)
		progress(g, j->name);
	return rc;
}

void ingest_job_free(struct job *j)
{
	if (!j)
		return;
	cite_release(&j->s);
	article_prep_release(&j->prep);
	doc_release(&j->d);
	ct_buf_release(&j->data);
	free(j->labels);
	free(j->note);
	free(j->name);
	free(j);
}

struct job *ingest_job_new(enum job_kind kind, const char *name, int file,
                           int prog)
{
	struct job *j = calloc(1, sizeof(*j));

	if (!j)
		return NULL;
	j->name = strdup(name);
	if (!j->name) {
		free(j);
		return NULL;
	}
	j->kind = kind;
	j->file = file;
	j->progress = prog;
	j->data = (struct ct_buf)CT_BUF_INIT;
	doc_init(&j->d, j->name);
	return j;
}

/* ---- the queue between the reader and the store ------------------------- */

/* The calling thread's CPU seconds, its seconds waiting on the queue
 * (idle) and, on Linux, for a core: into t (ct_ingest_times). */
static void thread_times(struct ct_ingest_thread_times *t, double idle)
{
	struct timespec ts;
	unsigned long long run = 0, delay = 0;
	FILE *f;

	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts))
		return;
	/* Linux: time on a core and time runnable but waiting for one */
	if ((f = fopen("/proc/thread-self/schedstat", "r")) != NULL) {
		if (fscanf(f, "%llu %llu", &run, &delay) != 2)
			run = delay = 0;
		fclose(f);
	}
	t->cpu = (double)ts.tv_sec + ts.tv_nsec / 1e9;
	t->queue_wait = idle;
	t->core_wait = (double)delay / 1e9;
}

static void *store_thread(void *arg)
{
	struct ingest *g = arg;
	struct queue *q = &g->q;

	/* its own name in top -H and perf (the reader keeps the process's) */
	pthread_setname_np(pthread_self(), "citectx-store");
	for (;;) {
		struct job *j;
		int rc = 0;

		pthread_mutex_lock(&q->mu);
		if (!q->head && !q->done) {
			double t = mono();

			while (!q->head && !q->done)
				pthread_cond_wait(&q->more, &q->mu);
			q->idle[0] += mono() - t;
		}
		if (!q->head) { /* done, and every job stored */
			pthread_mutex_unlock(&q->mu);
			thread_times(&g->st->times.store, q->idle[0]);
			return NULL;
		}
		/* the reader is through with a good part of a batch still
		 * queued: the open batch commits now, and its checkpoint runs
		 * while the store works through the rest, which becomes a
		 * short last batch (less to copy once everything is in) */
		if (q->done && !q->cut)
			q->cut = q->bytes >= QUEUE_BYTES / 4 ? 1 : 2;
		j = q->head;
		q->head = j->next;
		if (!q->head)
			q->tail = NULL;
		q->n--;
		q->bytes -= j->bytes;
		pthread_cond_signal(&q->room);
		pthread_mutex_unlock(&q->mu);
		if (!q->stop)
			rc = consume(g, j);
		ingest_job_free(j);
		if (rc) {
			pthread_mutex_lock(&q->mu);
			q->stop = 1;
			q->rc = rc;
			pthread_cond_broadcast(&q->room);
			pthread_mutex_unlock(&q->mu);
		}
	}
}

/* The memory job j holds once read: its article's arena and arrays, its
 * statements, preparation and labels (a CSV file: its bytes). */
static size_t job_bytes(const struct job *j)
{
	const struct doc *d = &j->d;

	return sizeof(*j) + j->data.cap + d->arena.reserved +
	       d->caprefs * sizeof(*d->refs) + d->capsecs * sizeof(*d->secs) +
	       d->capparas * sizeof(*d->paras) +
	       d->capgroups * sizeof(*d->groups) +
	       d->capgrefs * sizeof(*d->grefs) + j->s.cap * sizeof(*j->s.v) +
	       (j->prep.refs ? d->nrefs * sizeof(*j->prep.refs) : 0) +
	       (j->labels ? j->s.n * sizeof(*j->labels) : 0);
}

/* Hands job j (owned from here on) to the store; returns nonzero when the
 * index failed, and the reader stops. */
int ingest_submit(struct ingest *g, struct job *j)
{
	struct queue *q = &g->q;
	int rc;

	if (!g->threaded) {
		rc = consume(g, j);
		ingest_job_free(j);
		return rc;
	}
	j->bytes = job_bytes(j);
	pthread_mutex_lock(&q->mu);
#define QUEUE_FULL(q, j)                                                       \
	((q)->n &&                                                             \
	 ((q)->n >= QUEUE_MAX || (q)->bytes + (j)->bytes > QUEUE_BYTES))
	if (QUEUE_FULL(q, j) && !q->stop) {
		double t = mono();

		while (QUEUE_FULL(q, j) && !q->stop)
			pthread_cond_wait(&q->room, &q->mu);
		q->idle[1] += mono() - t;
	}
#undef QUEUE_FULL
	rc = q->stop ? q->rc : 0;
	if (!rc) {
		if (q->tail)
			q->tail->next = j;
		else
			q->head = j;
		q->tail = j;
		q->n++;
		q->bytes += j->bytes;
		pthread_cond_signal(&q->more);
	}
	pthread_mutex_unlock(&q->mu);
	if (rc)
		ingest_job_free(j);
	return rc;
}

/* Starts the store thread; without one, ingest_submit() stores inline. */
void ingest_pipeline_start(struct ingest *g, pthread_t *th)
{
	struct queue *q = &g->q;
	int b = ct_test_hooks.batch_articles;

	/* smaller batches when a test asks (testhooks.h) */
	g->batch_articles = b > 0 && b < BATCH_ARTICLES ? b : BATCH_ARTICLES;
	if (pthread_mutex_init(&q->mu, NULL))
		return;
	if (pthread_cond_init(&q->more, NULL)) {
		pthread_mutex_destroy(&q->mu);
		return;
	}
	if (pthread_cond_init(&q->room, NULL)) {
		pthread_cond_destroy(&q->more);
		pthread_mutex_destroy(&q->mu);
		return;
	}
	g->threaded = pthread_create(th, NULL, store_thread, g) == 0;
	if (!g->threaded) {
		pthread_cond_destroy(&q->room);
		pthread_cond_destroy(&q->more);
		pthread_mutex_destroy(&q->mu);
	}
}

/* Lets the store finish the queue and joins it; its verdict or rc. */
int ingest_pipeline_end(struct ingest *g, pthread_t th, int rc)
{
	struct queue *q = &g->q;

	if (!g->threaded)
		return rc;
	thread_times(&g->st->times.reader, q->idle[1]);
	g->st->times.threaded = 1;
	pthread_mutex_lock(&q->mu);
	q->done = 1;
	pthread_cond_signal(&q->more);
	pthread_mutex_unlock(&q->mu);
	pthread_join(th, NULL);
	pthread_cond_destroy(&q->room);
	pthread_cond_destroy(&q->more);
	pthread_mutex_destroy(&q->mu);
	g->threaded = 0;
	return rc ? rc : q->rc;
}
