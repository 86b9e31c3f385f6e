/*
 * ingest.c — paths in, articles stored: files, folders (walked in name
 * order), and archives streamed through libarchive, never unpacked to
 * disk.  A bad file is recorded as a failure and skipped; only a failure
 * of the index itself stops the run.  This file runs the parts
 * (ingest_int.h): the walk and the readers on the calling thread
 * (ingest_walk.c), the store on a thread of its own (ingest_pipeline.c),
 * checkpoints on a third (ingest_ckpt.c).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "err.h"
#include "ingest_int.h"

int ct_ingest_path(struct ct_index *idx, const char *path,
                   struct ct_ingest_stats *st, ct_progress_fn fn, void *ctx,
                   struct ct_error *err)
{
	struct ingest g = {
	    .idx = idx, .st = st, .fn = fn, .ctx = ctx, .err = err};
	struct timespec t0;
	double before = st->seconds, tail;
	pthread_t th;
	int rc;

	memset(&st->times, 0, sizeof(st->times));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	g.t0 = t0;
	g.t0.tv_sec -= (time_t)before;
	g.model = index_model(idx);
	ingest_ckpt_start(&g);
	ingest_pipeline_start(&g, &th);
	rc = ingest_workers_start(&g, (int)idx->workers, ingest_read, err);
	if (!rc)
		rc = ingest_any(&g, path, 0);
	rc = ingest_workers_end(&g, rc);
	rc = ingest_pipeline_end(&g, th, rc);
	tail = mono();
	if (rc)
		store_rollback(idx->st);
	else
		rc = ingest_batch_end(&g);
	if (idx->on_commit) { /* the batch in flight waited for */
		struct ct_error e = {0};
		int end = idx->on_commit(idx->on_commit_arg, idx->st,
		                         CT_BATCH_END, rc ? &e : err);

		rc = rc ? rc : end;
	}
	ingest_ckpt_stop(&g);
	st->seconds = since(&g.t0);
	st->times.commits = g.commits;
	st->times.commit_s = g.commit_s;
	st->times.ckwait_s = g.ckwait_s;
	st->times.tail_s = mono() - tail;
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

int ct_ingest_part(struct ct_index *idx, unsigned k, unsigned n,
                   struct ct_error *err)
{
	if (n < 1 || n > CT_INGEST_PARTS_MAX || k < 1 || k > n)
		return err_set(err, CT_EUSAGE,
		               "--part %u/%u: want K/N with 1 <= K <= N <= %d",
		               k, n, CT_INGEST_PARTS_MAX);
	idx->part_k = k;
	idx->part_n = n;
	return 0;
}

int ct_ingest_workers(struct ct_index *idx, int n, struct ct_error *err)
{
	if (n < 1 || n > CT_INGEST_WORKERS_MAX)
		return err_set(err, CT_EUSAGE, "--workers %d: want 1 to %d", n,
		               CT_INGEST_WORKERS_MAX);
	idx->workers = (unsigned)n;
	return 0;
}

void ct_ingest_on_commit(struct ct_index *idx,
                         int (*fn)(void *arg, struct store *st, int when,
                                   struct ct_error *err),
                         void *arg)
{
	idx->on_commit = fn;
	idx->on_commit_arg = arg;
}
