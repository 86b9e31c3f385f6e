/* ingest_ckpt.c — checkpoints beside the store during an ingest (see
 * ingest_int.h). */
#include <pthread.h>
#include <stdlib.h>

#include "err.h"
#include "ingest_int.h"

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
	struct ct_ingest_times *tm; /* each checkpoint's pages and time */
};

static void ckpt_note(struct ct_ingest_times *tm, int frames, int copied,
                      double s)
{
	if (tm->nckpts < CT_INGEST_CKPTS_MAX)
		tm->ckpts[tm->nckpts] =
		    (struct ct_ingest_ckpt_time){copied, frames, s};
	tm->nckpts++;
}

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
		ckpt_note(c->tm, frames, copied, mono() - t);
		pthread_mutex_lock(&c->mu);
		c->done = want;
		pthread_cond_broadcast(&c->cv);
	}
	pthread_mutex_unlock(&c->mu);
	return NULL;
}

/* Starts the checkpointer for g's index; without one (an index in
 * memory, no memory, no second connection) the writer checkpoints. */
void ingest_ckpt_start(struct ingest *g)
{
	const char *file = store_filename(g->idx->st);
	struct ct_error e = {0};
	struct ckpt *c;

	if (!file || !(c = calloc(1, sizeof(*c))))
		return;
	c->tm = &g->st->times;
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
void ingest_ckpt_wait(struct ckpt *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&c->mu);
	while (c->done != c->want)
		pthread_cond_wait(&c->cv, &c->mu);
	pthread_mutex_unlock(&c->mu);
}

/* After a commit: copy it into the database. */
void ingest_ckpt_ask(struct ckpt *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&c->mu);
	c->want++;
	pthread_cond_signal(&c->cv);
	pthread_mutex_unlock(&c->mu);
}

void ingest_ckpt_stop(struct ingest *g)
{
	struct ckpt *c = g->ck;

	if (!c)
		return;
	ingest_ckpt_wait(c); /* the last batch too: the writer's close finds
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
