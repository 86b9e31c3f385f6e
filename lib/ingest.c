/*
 * ingest.c — paths in, articles stored: files, folders (walked in name
 * order), and archives streamed through libarchive, never unpacked to
 * disk.  A bad file is recorded as a failure and skipped; only a failure
 * of the index itself stops the run.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>

#include "article.h"
#include "buf.h"
#include "cite.h"
#include "err.h"
#include "index.h"
#include "jats.h"
#include "json.h"
#include "md.h"
#include "meta.h"
#include "refparse.h"
#include "s2orc.h"
#include "tei.h"
#include "xml.h"

/* The largest article file we read: PMC's biggest .nxml are near 10 MB. */
#define CT_FILE_MAX ((size_t)128 << 20)
#define FAILURES_MAX 100000
#define WALK_DEPTH_MAX 64

/* Articles are committed in batches: a commit per article rewrote the
 * same B-tree and FTS5 pages thousands of times (a third of ingest time
 * went to WAL writes).  A batch closes after BATCH_ARTICLES articles or
 * BATCH_SECONDS, so a crash loses at most that much work, never
 * consistency.  A failure to store an article fails the index, and the
 * whole open batch is rolled back (ct_ingest_path). */
#define BATCH_ARTICLES 1000
#define BATCH_SECONDS 2.0
/* Between two batches the write lock is left free this long, so that a
 * writer waiting on the same index (a user's rating through `serve`,
 * polling every millisecond: store.c) gets its turn. */
#define BATCH_GAP_MS 3
/* The WAL's length from which a batch waits for the checkpoint of
 * the one before, so that it writes the WAL from its start (ckpt_wait).
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

enum job_kind { J_ARTICLE, J_CSV, J_FAIL };

struct job {
	struct job *next;
	enum job_kind kind;
	int file;     /* counts as a file read */
	int progress; /* reports progress once stored */
	char *name;
	struct ct_buf data; /* J_CSV: the file */
	int rc;		    /* J_ARTICLE: the reader's verdict, J_FAIL: e */
	struct ct_error e;
	struct doc d;
	struct stmts s;
	struct article_prep prep;
	struct ct_label *labels;
	char *note; /* J_ARTICLE: what the bounds left out, or NULL */
	size_t bytes; /* job_bytes, while queued */
};

struct queue {
	pthread_mutex_t mu;
	pthread_cond_t more, room;
	struct job *head, *tail;
	size_t n;
	size_t bytes; /* job_bytes of the jobs in it */
	int stop; /* the index failed: the reader stops */
	int done; /* the reader is through: the store ends once drained */
	int cut;  /* the store thread's own: 1, end the open batch now (it
		   * saw done); 2, did */
	int rc;
	double idle[2]; /* seconds the store [0] / the reader [1] waited */
};

static double mono(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

struct ingest {
	struct ct_index *idx;
	const struct ct_model *model;
	struct ct_ingest_stats *st;
	ct_progress_fn fn;
	void *ctx;
	struct ct_error *err;
	struct timespec t0;
	int batched;		/* articles in the open transaction */
	double batch_start;
	int threaded;		/* a store thread consumes the queue */
	struct queue q;
	struct ckpt *ck;	/* checkpoints beside the store, or NULL */
	double commit_s, ckwait_s; /* the store's seconds in commits and
				    * waiting for a checkpoint */
	int commits;
};

static double since(const struct timespec *t0)
{
	return mono() - ((double)t0->tv_sec + t0->tv_nsec / 1e9);
}

static void fail(struct ingest *g, const char *file, const char *msg)
{
	struct ct_ingest_stats *st = g->st;
	struct ct_failure *f = doc_push((void **)&st->failures, &st->nfailures,
					&st->capfailures, sizeof(*f),
					FAILURES_MAX);

	if (!f)
		return;
	f->file = strdup(file);
	f->error = strdup(msg);
}

/* An article stored with something left out: said in the summary. */
static void warn(struct ingest *g, const char *file, const char *msg)
{
	struct ct_ingest_stats *st = g->st;
	struct ct_failure *f = doc_push((void **)&st->warnings, &st->nwarnings,
					&st->capwarnings, sizeof(*f),
					FAILURES_MAX);

	if (!f)
		return;
	f->file = strdup(file);
	f->error = strdup(msg);
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

enum kind { K_NONE, K_XML, K_JSON, K_MD, K_CSV, K_ARCHIVE, K_GZ };

static enum kind kind_of(const char *name)
{
	if (ends_with(name, ".tar.gz") || ends_with(name, ".tgz") ||
	    ends_with(name, ".tar"))
		return K_ARCHIVE;
	if (ends_with(name, ".gz"))
		return K_GZ;
	if (ends_with(name, ".nxml") || ends_with(name, ".xml"))
		return K_XML;
	if (ends_with(name, ".json"))
		return K_JSON;
	if (ends_with(name, ".md"))
		return K_MD;
	if (ends_with(name, ".csv"))
		return K_CSV;
	return K_NONE;
}

/* ---- checkpoints beside the store -------------------------------------------
 *
 * SQLite copies the WAL back into the database (a checkpoint) on the
 * connection that commits, and fsyncs both files there: on the corpus 32
 * fsyncs held the store thread 3.7 s (strace -T), time it neither wrote
 * nor waited for work.  During an ingest the writer does not checkpoint;
 * a third thread does, on its own connection, after each batch commits,
 * while the store fills the next batch.  A passive checkpoint takes no
 * lock the writer needs.  The WAL stays one batch long: a batch commits
 * only once the checkpoint of the one before has finished (it has had the
 * whole batch to do so), so SQLite writes the new batch from the WAL's
 * start.  A reader of an old snapshot (`serve`) can keep a checkpoint
 * from copying everything, as it can SQLite's own. */
struct ckpt {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct store *st;
	uint64_t want, done; /* checkpoints asked for, finished */
	int stop;
};

static void *ckpt_thread(void *arg)
{
	struct ckpt *c = arg;

	pthread_setname_np(pthread_self(), "citectx-ckpt");
	pthread_mutex_lock(&c->mu);
	for (;;) {
		uint64_t want;
		int frames, copied;
		double t;

		while (!c->stop && c->done == c->want)
			pthread_cond_wait(&c->cv, &c->mu);
		if (c->stop)
			break;
		want = c->want;
		pthread_mutex_unlock(&c->mu);
		/* a failure (busy, I/O) leaves the WAL to the next one or to
		 * the writer's close: it is never the index's failure */
		t = mono();
		store_checkpoint(c->st, &frames, &copied);
		if (getenv("CITECTX_INGEST_TIMES"))
			fprintf(stderr, "ingest: checkpoint %d of %d WAL pages, "
				"%.2f s\n", copied, frames, mono() - t);
		pthread_mutex_lock(&c->mu);
		c->done = want;
		pthread_cond_broadcast(&c->cv);
	}
	pthread_mutex_unlock(&c->mu);
	return NULL;
}

/* Starts the checkpointer for g's index; without one (an index in
 * memory, no memory, no second connection) the writer checkpoints. */
static void ckpt_start(struct ingest *g)
{
	const char *file = store_filename(g->idx->st);
	struct ct_error e = {0};
	struct ckpt *c;

	if (!file || !(c = calloc(1, sizeof(*c))))
		return;
	if (store_open(file, 0, &c->st, &e)) {
		free(c);
		return;
	}
	if (pthread_mutex_init(&c->mu, NULL))
		goto fail_open;
	if (pthread_cond_init(&c->cv, NULL))
		goto fail_mu;
	if (pthread_create(&c->th, NULL, ckpt_thread, c))
		goto fail_cv;
	store_autocheckpoint(g->idx->st, 0);
	g->ck = c;
	return;
fail_cv:
	pthread_cond_destroy(&c->cv);
fail_mu:
	pthread_mutex_destroy(&c->mu);
fail_open:
	store_close(c->st);
	free(c);
}

/* Waits until the checkpoint asked for at the last commit is over. */
static void ckpt_wait(struct ckpt *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&c->mu);
	while (c->done != c->want)
		pthread_cond_wait(&c->cv, &c->mu);
	pthread_mutex_unlock(&c->mu);
}

/* After a commit: copy it into the database. */
static void ckpt_ask(struct ckpt *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&c->mu);
	c->want++;
	pthread_cond_signal(&c->cv);
	pthread_mutex_unlock(&c->mu);
}

static void ckpt_stop(struct ingest *g)
{
	struct ckpt *c = g->ck;

	if (!c)
		return;
	ckpt_wait(c); /* the last batch too: the writer's close finds
		       * nothing left to copy */
	pthread_mutex_lock(&c->mu);
	c->stop = 1;
	pthread_cond_signal(&c->cv);
	pthread_mutex_unlock(&c->mu);
	pthread_join(c->th, NULL);
	pthread_cond_destroy(&c->cv);
	pthread_mutex_destroy(&c->mu);
	store_close(c->st);
	free(c);
	g->ck = NULL;
	store_autocheckpoint(g->idx->st, 1);
}

static int batch_end(struct ingest *g)
{
	struct store *st = g->idx->st;

	double t = mono();

	g->batched = 0;
	if (!store_in_transaction(st))
		return 0;
	if (store_commit(st) == 0) {
		g->commit_s += mono() - t;
		g->commits++;
		ckpt_ask(g->ck);
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
	if (g->batched >= BATCH_ARTICLES || cut ||
	    (g->batched && since(&g->t0) - g->batch_start > BATCH_SECONDS)) {
		struct timespec gap = {0, BATCH_GAP_MS * 1000000L};

		rc = batch_end(g);
		if (!rc)
			nanosleep(&gap, NULL);
	}
	if (!rc && !store_in_transaction(st)) {
		/* a long WAL: this batch waits for the last checkpoint, so
		 * that it writes the WAL from its start (see above) */
		if (g->ck && store_wal_bytes(st) >= WAL_RESTART_BYTES) {
			double t = mono();

			ckpt_wait(g->ck);
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

/* Inside folders and archives a file is ours by its kind, except Markdown:
 * only ChinaXiv-*.md there (a folder's README.md is not an article);
 * a Markdown file named on the command line is always read. */
static int walked_kind(const char *name)
{
	const char *base = strrchr(name, '/');
	enum kind k = kind_of(name);

	base = base ? base + 1 : name;
	if (k == K_MD && strncmp(base, "ChinaXiv-", 9))
		return K_NONE;
	return k;
}

/* XML is JATS unless its root says TEI (GROBID). */
static int read_xml(const char *name, const char *data, size_t len,
		    struct doc *d, struct ct_error *e)
{
	struct xml_doc *x = NULL;
	int rc = xml_doc_parse(data, len, name, &x, e);

	if (!rc)
		rc = strcmp(xml_name(xml_root(x)), "TEI") ? jats_read(x, d, e)
							  : tei_read(x, d, e);
	xml_doc_free(x);
	return rc;
}

static int read_json(const char *name, const char *data, size_t len,
		     struct doc *d, struct ct_error *e)
{
	struct json_doc *j = NULL;
	int rc = json_doc_parse(data, len, name, &j, e);

	if (!rc)
		rc = s2orc_read(j, d, e);
	json_doc_free(j);
	return rc;
}

static int read_md(const char *name, const char *data, size_t len,
		   struct doc *d, struct ct_error *e)
{
	return md_read(data, len, d, e);
}

typedef int (*reader_fn)(const char *name, const char *data, size_t len,
			 struct doc *d, struct ct_error *e);

static const reader_fn readers[] = {
	[K_XML] = read_xml,
	[K_JSON] = read_json,
	[K_MD] = read_md,
};

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

static int store_article(struct ingest *g, struct job *j)
{
	struct article_counts cnt = {0};
	int rc = j->rc;

	if (!rc && (rc = batch_next(g)) != 0)
		return rc; /* the index failed; g->err says how */
	if (!rc)
		rc = article_store(g->idx->st, &j->d, &j->s, &j->prep, j->name,
				   g->model, j->labels, &cnt, &j->e);
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

static void job_free(struct job *j)
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

static struct job *job_new(enum job_kind kind, const char *name, int file,
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

/* CITECTX_INGEST_TIMES: each thread's CPU seconds on stderr at its end
 * (a developer's tool: which side of the queue is the longer one). */
static void thread_times(const char *who, double idle)
{
	struct timespec ts;
	unsigned long long run = 0, delay = 0;
	FILE *f;

	if (!getenv("CITECTX_INGEST_TIMES") ||
	    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts))
		return;
	/* Linux: time on a core and time runnable but waiting for one */
	if ((f = fopen("/proc/thread-self/schedstat", "r")) != NULL) {
		if (fscanf(f, "%llu %llu", &run, &delay) != 2)
			run = delay = 0;
		fclose(f);
	}
	fprintf(stderr, "ingest: %s thread %.2f s CPU, %.2f s waiting on the "
		"queue, %.2f s waiting for a core\n", who,
		(double)ts.tv_sec + ts.tv_nsec / 1e9, idle, (double)delay / 1e9);
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
			thread_times("store", q->idle[0]);
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
		job_free(j);
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
static int submit(struct ingest *g, struct job *j)
{
	struct queue *q = &g->q;
	int rc;

	if (!g->threaded) {
		rc = consume(g, j);
		job_free(j);
		return rc;
	}
	j->bytes = job_bytes(j);
	pthread_mutex_lock(&q->mu);
#define QUEUE_FULL(q, j) \
	((q)->n && ((q)->n >= QUEUE_MAX || (q)->bytes + (j)->bytes > QUEUE_BYTES))
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
		job_free(j);
	return rc;
}

/* A failure that is not an article's: a file that cannot be read, a
 * damaged archive. */
static int submit_fail(struct ingest *g, const char *name, const char *msg,
		       int file, int prog)
{
	struct job *j = job_new(J_FAIL, name, file, prog);

	if (!j)
		return err_set(g->err, CT_ENOMEM, "%s: out of memory", name);
	snprintf(j->e.msg, sizeof(j->e.msg), "%s", msg);
	return submit(g, j);
}

/* ---- the reader's side: one file's bytes to a job ---------------------- */

static void read_article(struct ingest *g, struct job *j, enum kind k,
			 const char *data, size_t len)
{
	const char *name = j->name;
	int rc;

	if (len == 0)
		rc = err_set(&j->e, CT_EPARSE, "%s: empty file", name);
	else if (k >= sizeof(readers) / sizeof(*readers) || !readers[k])
		rc = err_set(&j->e, CT_EFORMAT, "%s: not an article file", name);
	else
		rc = readers[k](name, data, len, &j->d, &j->e);
	if (!rc)
		refparse_doc(&j->d); /* references given as bare text */
	if (!rc) {
		char note[600];

		j->d.bytes = len;
		rc = cite_extract(&j->d, &j->s, &j->e);
		if (!rc && cite_bounds_note(&j->d, &j->s, note, sizeof(note)))
			j->note = strdup(note);
	}
	if (!rc && article_prepare(&j->d, &j->prep))
		rc = err_set(&j->e, CT_ENOMEM, "%s: out of memory", name);
	if (!rc && g->model && j->s.n) {
		j->labels = malloc(j->s.n * sizeof(*j->labels));
		if (!j->labels)
			rc = err_set(&j->e, CT_ENOMEM, "%s: out of memory", name);
		else
			article_classify(&j->d, &j->s, g->model, j->labels);
	}
	j->rc = rc;
}

/* One file's bytes through the pipeline.  Returns nonzero only when the
 * index failed; a bad article becomes a failure. */
static int ingest_bytes(struct ingest *g, const char *name, const char *data,
			size_t len)
{
	enum kind k = kind_of(name);
	struct job *j = job_new(k == K_CSV && len ? J_CSV : J_ARTICLE, name,
				1, 1);

	if (!j)
		return err_set(g->err, CT_ENOMEM, "%s: out of memory", name);
	if (j->kind == J_CSV) {
		if (ct_buf_put(&j->data, data, len)) {
			job_free(j);
			return err_set(g->err, CT_ENOMEM, "%s: out of memory",
				       name);
		}
	} else {
		read_article(g, j, k, data, len);
	}
	return submit(g, j);
}

/* ---- archives ------------------------------------------------------------ */

static int open_regular(const char *path, int nofollow, int *fd,
			struct ct_error *e);

static int read_entry(struct archive *a, struct archive_entry *ent,
		      struct ct_buf *b, const char *name, struct ct_error *e)
{
	char chunk[65536];
	la_ssize_t n;

	ct_buf_reset(b);
	if (archive_entry_size_is_set(ent) &&
	    (uint64_t)archive_entry_size(ent) > CT_FILE_MAX)
		return err_set(e, CT_ELIMIT, "%s: larger than %zu MB", name,
			       CT_FILE_MAX >> 20);
	while ((n = archive_read_data(a, chunk, sizeof(chunk))) > 0) {
		if (b->len + (size_t)n > CT_FILE_MAX)
			return err_set(e, CT_ELIMIT, "%s: larger than %zu MB", name,
				       CT_FILE_MAX >> 20);
		if (ct_buf_put(b, chunk, (size_t)n))
			return err_set(e, CT_ENOMEM, "%s: out of memory", name);
	}
	if (n < 0)
		return err_set(e, CT_EIO, "%s: %s", name, archive_error_string(a));
	return 0;
}

/* ---- gzip, inflated by us -------------------------------------------------
 *
 * libarchive's gzip filter inflates 64 KB of output at a time and drops
 * the whole block when the input ends inside it: a truncated .tar.gz lost
 * the entries of its last 64 KB, and a small one all of them.  The
 * archive's bytes reach libarchive through gz_read instead: a gzip file
 * (1f 8b) is inflated here, member after member, and where the input ends
 * early or the data is corrupt the stream simply ends there, so libarchive
 * reads every whole entry before the damage and reports the entry cut
 * short; anything else passes through unchanged to libarchive's own
 * filters (bzip2, xz, a plain tar). */
struct gz_src {
	int fd;
	int gz;		/* inflating; else passing through */
	int started;	/* inflateInit done */
	int member_end; /* the last member ended: another may follow */
	int eof;
	const char *damage; /* why the stream ended early, or NULL */
	z_stream z;
	unsigned char in[65536], out[65536];
};

/* Refills the input; 0 at the file's end, -1 on a read error. */
static ssize_t gz_fill(struct gz_src *s)
{
	ssize_t n = read(s->fd, s->in, sizeof(s->in));

	if (n > 0) {
		s->z.next_in = s->in;
		s->z.avail_in = (uInt)n;
	}
	return n;
}

/* One inflate step; sets eof / damage when the stream is over. */
static void gz_step(struct gz_src *s)
{
	int r;

	if (s->z.avail_in == 0) {
		ssize_t n = gz_fill(s);

		if (n <= 0) {
			s->eof = 1;
			if (!s->member_end)
				s->damage = n < 0 ? "read error" : "truncated gzip input";
			return;
		}
	}
	if (s->member_end) { /* a next member, or trailing bytes: the end */
		if (s->z.next_in[0] != 0x1f) {
			s->eof = 1;
			return;
		}
		inflateReset(&s->z);
		s->member_end = 0;
	}
	r = inflate(&s->z, Z_NO_FLUSH);
	if (r == Z_STREAM_END) {
		s->member_end = 1;
	} else if (r != Z_OK && r != Z_BUF_ERROR) {
		s->eof = 1;
		s->damage = "corrupt gzip data";
	}
}

static la_ssize_t gz_read(struct archive *a, void *arg, const void **buf)
{
	struct gz_src *s = arg;

	*buf = s->out;
	if (!s->gz) {
		ssize_t n = read(s->fd, s->out, sizeof(s->out));

		if (n < 0)
			archive_set_error(a, errno, "%s", strerror(errno));
		return n;
	}
	s->z.next_out = s->out;
	s->z.avail_out = sizeof(s->out);
	while (s->z.avail_out == sizeof(s->out) && !s->eof)
		gz_step(s);
	return (la_ssize_t)(sizeof(s->out) - s->z.avail_out);
}

/* Starts reading fd: gzip or not, by its first two bytes. */
static int gz_open(struct gz_src *s, int fd)
{
	ssize_t n;

	memset(s, 0, sizeof(*s));
	s->fd = fd;
	n = gz_fill(s);
	if (n < 0)
		return CT_EIO;
	s->gz = n >= 2 && s->in[0] == 0x1f && s->in[1] == 0x8b;
	if (!s->gz) { /* pass through from the start */
		if (lseek(fd, 0, SEEK_SET) < 0)
			return CT_EIO;
		return 0;
	}
	/* 16 + MAX_WBITS: a gzip header and trailer, no zlib wrapper */
	if (inflateInit2(&s->z, 16 + MAX_WBITS) != Z_OK)
		return CT_ENOMEM;
	s->started = 1;
	return 0;
}

static void gz_close(struct gz_src *s)
{
	if (s->started)
		inflateEnd(&s->z);
	s->started = 0;
}

static int archive_entries(struct ingest *g, struct archive *a,
			   const char *path, int raw, const struct gz_src *src)
{
	struct archive_entry *ent;
	struct ct_buf b = CT_BUF_INIT, name = CT_BUF_INIT;
	int r, rc = 0;

	while (!rc && (r = archive_read_next_header(a, &ent)) == ARCHIVE_OK) {
		const char *en = raw ? "" : archive_entry_pathname(ent);
		struct ct_error e = {0};

		if (!raw && (archive_entry_filetype(ent) != AE_IFREG ||
			     walked_kind(en) == K_NONE || kind_of(en) >= K_ARCHIVE))
			continue;
		ct_buf_reset(&name);
		if (raw) {
			ct_buf_put(&name, path, strlen(path) - 3);
		} else {
			ct_buf_printf(&name, "%s:%s", path, en);
		}
		if (read_entry(a, ent, &b, name.ptr, &e))
			rc = submit_fail(g, name.ptr, e.msg, 1, 1);
		else if (raw && src->damage) /* the one file is cut short */
			rc = submit_fail(g, name.ptr, err_set(&e, CT_EIO, "%s: %s",
					 path, src->damage) ? e.msg : "", 1, 1);
		else
			rc = ingest_bytes(g, name.ptr, b.ptr ? b.ptr : "", b.len);
	}
	if (!rc && ((r != ARCHIVE_EOF && r != ARCHIVE_OK) ||
		    (!raw && src->damage))) {
		char msg[600];

		snprintf(msg, sizeof(msg), "%s: damaged archive: %s%s%s", path,
			 src->damage ? src->damage : "",
			 src->damage && r != ARCHIVE_EOF ? ", " : "",
			 r != ARCHIVE_EOF ? archive_error_string(a) : "");
		rc = submit_fail(g, path, msg, 0, 0);
	}
	ct_buf_release(&b);
	ct_buf_release(&name);
	return rc;
}

static int ingest_archive(struct ingest *g, const char *path, int raw,
			  int nofollow)
{
	struct archive *a;
	struct ct_error e = {0};
	struct gz_src *src;
	int rc, fd;

	if (open_regular(path, nofollow, &fd, &e))
		return submit_fail(g, path, e.msg, 1, 0);
	src = malloc(sizeof(*src));
	a = src ? archive_read_new() : NULL;
	if (!a || (rc = gz_open(src, fd)) != 0) {
		if (src)
			gz_close(src);
		free(src);
		archive_read_free(a);
		close(fd);
		return err_set(g->err, CT_ENOMEM, "%s: out of memory", path);
	}
	archive_read_support_filter_all(a);
	if (raw) {
		archive_read_support_format_raw(a);
	} else {
		archive_read_support_format_tar(a);
		archive_read_support_format_gnutar(a);
	}
	if (archive_read_open(a, src, NULL, gz_read, NULL) != ARCHIVE_OK) {
		char msg[600];

		snprintf(msg, sizeof(msg), "%s: cannot open archive: %s%s%s", path,
			 src->damage ? src->damage : "", src->damage ? ", " : "",
			 archive_error_string(a));
		rc = submit_fail(g, path, msg, 0, 0);
	} else {
		rc = archive_entries(g, a, path, raw, src);
	}
	archive_read_free(a);
	gz_close(src);
	free(src);
	close(fd);
	return rc;
}

/* ---- files and folders ---------------------------------------------------- */

/* ---- files and folders ----------------------------------------------------
 *
 * Only regular files are read (issue 19): a FIFO named *.nxml hung the
 * ingest, and /dev/zero behind a link was read to CT_FILE_MAX.  Inside a
 * folder a symbolic link is never followed (a link to its own folder made
 * the walk ingest one article 32 times): it is named as a failure when it
 * looks like ours (an article's name, or a folder behind it), like a FIFO,
 * device or socket with an article's name; other entries are not ours and
 * are passed over as before.  A path named on the command line is
 * followed.  The file is opened without blocking and checked again once
 * open (fstat), so a file swapped for a FIFO or a link between the
 * listing and the read is refused too. */

static const char *type_name(mode_t m)
{
	return S_ISLNK(m)    ? "a symbolic link, not followed"
	       : S_ISFIFO(m) ? "a FIFO"
	       : S_ISCHR(m)  ? "a character device"
	       : S_ISBLK(m)  ? "a block device"
	       : S_ISSOCK(m) ? "a socket"
			     : "not a regular file";
}

/* Opens path for reading when it is a regular file; nofollow: not
 * through a symbolic link. */
static int open_regular(const char *path, int nofollow, int *fd,
			struct ct_error *e)
{
	struct stat sb;

	*fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC |
				 (nofollow ? O_NOFOLLOW : 0));
	if (*fd < 0)
		return err_set(e, CT_EIO, "%s: %s", path,
			       errno == ELOOP && nofollow
				       ? "a symbolic link, not followed"
				       : strerror(errno));
	if (fstat(*fd, &sb) || !S_ISREG(sb.st_mode)) {
		close(*fd);
		*fd = -1;
		return err_set(e, CT_EFORMAT, "%s: skipped: %s", path,
			       type_name(sb.st_mode));
	}
	return 0;
}

static int read_file(const char *path, int nofollow, struct ct_buf *b,
		     struct ct_error *e)
{
	FILE *f;
	char chunk[65536];
	size_t n;
	int rc = 0, fd;
	struct stat sb;

	if ((rc = open_regular(path, nofollow, &fd, e)) != 0)
		return rc;
	if (fstat(fd, &sb) == 0 && (uint64_t)sb.st_size > CT_FILE_MAX) {
		close(fd);
		return err_set(e, CT_ELIMIT, "%s: larger than %zu MB", path,
			       CT_FILE_MAX >> 20);
	}
	f = fdopen(fd, "rb");
	if (!f) {
		close(fd);
		return err_set(e, CT_ENOMEM, "%s: out of memory", path);
	}
	while (!rc && (n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (b->len + n > CT_FILE_MAX)
			rc = err_set(e, CT_ELIMIT, "%s: larger than %zu MB", path,
				     CT_FILE_MAX >> 20);
		else if (ct_buf_put(b, chunk, n))
			rc = err_set(e, CT_ENOMEM, "%s: out of memory", path);
	}
	if (!rc && ferror(f))
		rc = err_set(e, CT_EIO, "%s: %s", path, strerror(errno));
	fclose(f);
	return rc;
}

static int ingest_file(struct ingest *g, const char *path, int nofollow)
{
	struct ct_buf b = CT_BUF_INIT;
	struct ct_error e = {0};
	int rc = 0;

	switch (kind_of(path)) {
	case K_ARCHIVE:
		return ingest_archive(g, path, 0, nofollow);
	case K_GZ:
		return ingest_archive(g, path, 1, nofollow);
	case K_NONE:
		return submit_fail(g, path, "not an article file (.nxml, .xml, "
				   ".tei.xml, .json, .md, .csv, .tar.gz)", 1, 0);
	default:
		break;
	}
	if (read_file(path, nofollow, &b, &e))
		rc = submit_fail(g, path, e.msg, 1, 1);
	else
		rc = ingest_bytes(g, path, b.ptr ? b.ptr : "", b.len);
	ct_buf_release(&b);
	return rc;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ingest_any(struct ingest *g, const char *path, int depth);

static int ingest_dir(struct ingest *g, const char *path, int depth)
{
	DIR *dir = opendir(path);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	if (!dir) {
		char msg[600];

		snprintf(msg, sizeof(msg), "%s: %s", path, strerror(errno));
		return submit_fail(g, path, msg, 0, 0);
	}
	while ((de = readdir(dir))) {
		char **slot;

		if (de->d_name[0] == '.')
			continue;
		slot = doc_push((void **)&names, &n, &cap, sizeof(*slot), 10000000);
		if (slot && asprintf(slot, "%s/%s", path, de->d_name) < 0)
			*slot = NULL;
		if (!slot || !*slot) {
			rc = err_set(g->err, CT_ENOMEM, "%s: out of memory", path);
			break;
		}
	}
	closedir(dir);
	if (names)
		qsort(names, n, sizeof(*names), name_cmp);
	for (size_t i = 0; i < n && names[i]; i++) {
		if (!rc)
			rc = ingest_any(g, names[i], depth + 1);
		free(names[i]);
	}
	free(names);
	return rc;
}

/* An entry of a folder that is not a regular file or a folder: named as
 * a failure when it looks like ours (see above), else passed over. */
static int ingest_special(struct ingest *g, const char *path,
			  const struct stat *sb)
{
	struct stat to;
	char msg[600];

	if (walked_kind(path) == K_NONE &&
	    !(S_ISLNK(sb->st_mode) && stat(path, &to) == 0 &&
	      S_ISDIR(to.st_mode)))
		return 0;
	snprintf(msg, sizeof(msg), "%s: skipped: %s", path,
		 type_name(sb->st_mode));
	return submit_fail(g, path, msg, 1, 0);
}

static int ingest_any(struct ingest *g, const char *path, int depth)
{
	struct stat sb;

	/* a path given is followed; inside a folder nothing is (lstat) */
	if ((depth ? lstat(path, &sb) : stat(path, &sb)) != 0) {
		char msg[600];

		snprintf(msg, sizeof(msg), "%s: %s", path, strerror(errno));
		return submit_fail(g, path, msg, 1, 0);
	}
	if (S_ISDIR(sb.st_mode))
		return depth < WALK_DEPTH_MAX ? ingest_dir(g, path, depth) : 0;
	if (!S_ISREG(sb.st_mode) && depth > 0)
		return ingest_special(g, path, &sb);
	if (depth > 0 && walked_kind(path) == K_NONE)
		return 0; /* in a folder, other files are not ours */
	return ingest_file(g, path, depth > 0);
}

/* Starts the store thread; without one, submit() stores inline. */
static void pipeline_start(struct ingest *g, pthread_t *th)
{
	struct queue *q = &g->q;

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
static int pipeline_end(struct ingest *g, pthread_t th, int rc)
{
	struct queue *q = &g->q;

	if (!g->threaded)
		return rc;
	thread_times("reader", q->idle[1]);
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

int ct_ingest_path(struct ct_index *idx, const char *path,
		   struct ct_ingest_stats *st, ct_progress_fn fn, void *ctx,
		   struct ct_error *err)
{
	struct ingest g = {.idx = idx, .st = st, .fn = fn, .ctx = ctx, .err = err};
	struct timespec t0;
	double before = st->seconds, tail;
	pthread_t th;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	g.t0 = t0;
	g.t0.tv_sec -= (time_t)before;
	g.model = index_model(idx);
	ckpt_start(&g);
	pipeline_start(&g, &th);
	rc = ingest_any(&g, path, 0);
	rc = pipeline_end(&g, th, rc);
	tail = mono();
	if (rc)
		store_rollback(idx->st);
	else
		rc = batch_end(&g);
	ckpt_stop(&g);
	st->seconds = since(&g.t0);
	if (getenv("CITECTX_INGEST_TIMES"))
		fprintf(stderr, "ingest: %d commits %.2f s, waits for a "
			"checkpoint %.2f s, after the pipeline %.2f s\n",
			g.commits, g.commit_s, g.ckwait_s, mono() - tail);
	return rc;
}

void ct_ingest_stats_release(struct ct_ingest_stats *st)
{
	for (size_t i = 0; i < st->nfailures; i++) {
		free(st->failures[i].file);
		free(st->failures[i].error);
	}
	free(st->failures);
	for (size_t i = 0; i < st->nwarnings; i++) {
		free(st->warnings[i].file);
		free(st->warnings[i].error);
	}
	free(st->warnings);
	memset(st, 0, sizeof(*st));
}
