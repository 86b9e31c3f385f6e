/*
 * ingest_int.h — what the parts of ingest share (private to lib/ingest*.c):
 * the job a file becomes, the queue between the reader and the store
 * thread, and the run's state.  ingest_walk.c finds the inputs and reads
 * each into a job, ingest_pipeline.c stores jobs on the store thread in
 * batches, ingest_ckpt.c checkpoints beside it; ingest.c runs them
 * (ct_ingest_path).
 */
#ifndef CT_INGEST_INT_H
#define CT_INGEST_INT_H
#include <pthread.h>
#include <stdint.h>
#include <time.h>

#include "article.h"
#include "buf.h"
#include "cite.h"
#include "index.h"

enum job_kind { J_ARTICLE, J_CSV, J_FAIL };

struct job {
	struct job *next;
	enum job_kind kind;
	int file;     /* counts as a file read */
	int progress; /* reports progress once stored */
	char *name;
	struct ct_buf data; /* J_CSV: the file */
	int rc;             /* J_ARTICLE: the reader's verdict, J_FAIL: e */
	struct ct_error e;
	struct doc d;
	struct stmts s;
	struct article_prep prep;
	struct ct_label *labels;
	char *note;   /* J_ARTICLE: what the bounds left out, or NULL */
	size_t bytes; /* job_bytes, while queued */
};

struct queue {
	pthread_mutex_t mu;
	pthread_cond_t more, room;
	struct job *head, *tail;
	size_t n;
	size_t bytes; /* job_bytes of the jobs in it */
	int stop;     /* the index failed: the reader stops */
	int done;     /* the reader is through: the store ends once drained */
	int cut;      /* the store thread's own: 1, end the open batch now (it
	               * saw done); 2, did */
	int rc;
	double idle[2]; /* seconds the store [0] / the reader [1] waited */
};

static inline double mono(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

struct ckpt;
struct workers;

struct ingest {
	struct ct_index *idx;
	const struct ct_model *model;
	struct ct_ingest_stats *st;
	ct_progress_fn fn;
	void *ctx;
	struct ct_error *err;
	struct timespec t0;
	int batched;        /* articles in the open transaction */
	int batch_articles; /* a batch's articles at most (ingest_pipeline.c) */
	double batch_start;
	int threaded; /* a store thread consumes the queue */
	struct queue q;
	struct ckpt *ck;           /* checkpoints beside the store, or NULL */
	double commit_s, ckwait_s; /* the store's seconds in commits and
	                            * waiting for a checkpoint */
	int commits;
	struct workers *wk; /* --workers N > 1: the reader threads, or NULL */
};

static inline double since(const struct timespec *t0)
{
	return mono() - ((double)t0->tv_sec + t0->tv_nsec / 1e9);
}

/* ingest_walk.c: ingests path (a file, a folder walked in name order,
 * an archive); depth 0 for a path the user named.  Nonzero only when the
 * index failed (g->err says how); a bad input becomes a failure. */
int ingest_any(struct ingest *g, const char *path, int depth);

/* ingest_walk.c: a worker's part of an article job whose file bytes are
 * in j->data (released here): parse, extract, prepare, classify. */
void ingest_read(struct ingest *g, struct job *j);

/* ingest_workers.c: n > 1 reader threads (g->wk; none for n <= 1), each
 * calling read (ingest_read) on the article jobs it takes. */
int ingest_workers_start(struct ingest *g, int n,
                         void (*read)(struct ingest *g, struct job *j),
                         struct ct_error *err);
/* Hands j (owned from here on) to the workers, read: to be parsed; it
 * reaches the store in the order of these calls.  Nonzero when the index
 * failed. */
int ingest_workers_submit(struct ingest *g, struct job *j, int read);
/* Waits until every job is stored; the first failure, or rc. */
int ingest_workers_end(struct ingest *g, int rc);

/* ingest_pipeline.c: jobs, and their way to the store. */
struct job *ingest_job_new(enum job_kind kind, const char *name, int file,
                           int prog);
void ingest_job_free(struct job *j);
/* Hands job j (owned from here on) to the store; nonzero when the index
 * failed, and the reader stops. */
int ingest_submit(struct ingest *g, struct job *j);
/* ingest_workers.c: a failure that is not an article's (a file that
 * cannot be read, a damaged archive), in its turn. */
int ingest_submit_fail(struct ingest *g, const char *name, const char *msg,
                       int file, int prog);
/* Commits the open batch, if any (and asks for its checkpoint). */
int ingest_batch_end(struct ingest *g);
/* Starts the store thread; without one, ingest_submit() stores inline. */
void ingest_pipeline_start(struct ingest *g, pthread_t *th);
/* Lets the store finish the queue and joins it; its verdict or rc. */
int ingest_pipeline_end(struct ingest *g, pthread_t th, int rc);

/* ingest_ckpt.c: the checkpointer beside the store (g->ck, or NULL when
 * it could not start: then the writer checkpoints as SQLite does). */
void ingest_ckpt_start(struct ingest *g);
void ingest_ckpt_stop(struct ingest *g);
/* Waits until the checkpoint asked for at the last commit is over. */
void ingest_ckpt_wait(struct ckpt *c);
/* After a commit: copy it into the database. */
void ingest_ckpt_ask(struct ckpt *c);

#endif
