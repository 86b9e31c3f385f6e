/* cmd_ingest.c — `citectx ingest PATH...`: progress on a terminal, then
 * the one-line summary (or, with --json, the summary object).
 *
 * Into PostgreSQL (--db postgresql://..., issue 18) the articles go
 * through the same pipeline into an SQLite file, the staging index, kept
 * between runs (--staging PATH, $CITECTX_STAGING, or one per PostgreSQL
 * index under $XDG_STATE_HOME), and each batch the pipeline commits is
 * shipped into PostgreSQL in one transaction before the next batch
 * writes (store_pg_ship.h).  So parsing, linking, identity merge and
 * classification are SQLite's ingest itself, and the reads answer as
 * from the staging index; a second ingest adds to the index as a second
 * ingest into SQLite does, and a run stopped anywhere loses at most its
 * open batch (the next run ships what PostgreSQL lacks first). */
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "err.h"
#include "jw.h"
#include "index.h"
#include "store.h"
#include "store_pg.h"

struct progress {
	int tty;
	double last;
};

static void on_progress(void *ctx, const struct ct_ingest_stats *st,
                        const char *current)
{
	struct progress *p = ctx;
	double rate;

	if (!p->tty || st->seconds - p->last < 0.2)
		return;
	p->last = st->seconds;
	rate = st->seconds > 0 ? (double)st->files / st->seconds : 0;
	fprintf(stderr,
	        "\r\033[K%llu files  %llu articles  %llu statements  "
	        "%.0f files/s  %.0fs  %.40s",
	        (unsigned long long)st->files, (unsigned long long)st->articles,
	        (unsigned long long)st->statements, rate, st->seconds,
	        strlen(current) > 40 ? current + strlen(current) - 40
	                             : current);
}

/* What the copy into PostgreSQL did (after an ingest into it). */
struct pg_copy {
	int done;
	int64_t batches, rows, repaired;
	double seconds;
};

static void summary_json(const struct ct_ingest_stats *st,
                         const struct pg_copy *pg, struct ct_buf *b)
{
	struct jw w;

	jw_init(&w, b);
	jw_obj(&w);
	jw_kint(&w, "files", (int64_t)st->files);
	jw_kint(&w, "articles", (int64_t)st->articles);
	jw_kint(&w, "references", (int64_t)st->references);
	jw_kint(&w, "statements", (int64_t)st->statements);
	jw_key(&w, "failures");
	jw_arr(&w);
	for (size_t i = 0; i < st->nfailures; i++) {
		jw_obj(&w);
		jw_kstr(&w, "file", st->failures[i].file);
		jw_kstr(&w, "error", st->failures[i].error);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_key(&w, "seconds");
	jw_num(&w, st->seconds);
	/* after the members that came first, for readers that match them */
	jw_key(&w, "warnings");
	jw_arr(&w);
	for (size_t i = 0; i < st->nwarnings; i++) {
		jw_obj(&w);
		jw_kstr(&w, "file", st->warnings[i].file);
		jw_kstr(&w, "warning", st->warnings[i].error);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	if (st->nworkers) {
		jw_key(&w, "workers");
		jw_arr(&w);
		for (int i = 0; i < st->nworkers; i++)
			jw_int(&w, (int64_t)st->worker_files[i]);
		jw_arr_end(&w);
	}
	if (pg->done) {
		jw_key(&w, "postgresql");
		jw_obj(&w);
		jw_kint(&w, "batches", pg->batches);
		jw_kint(&w, "rows", pg->rows);
		jw_kint(&w, "repaired", pg->repaired);
		jw_key(&w, "seconds");
		jw_num(&w, pg->seconds);
		jw_obj_end(&w);
	}
	jw_obj_end(&w);
	ct_buf_putc(b, '\n');
}

static void summary_text(const struct ct_ingest_stats *st,
                         const struct pg_copy *pg, struct ct_buf *b)
{
	for (size_t i = 0; i < st->nfailures; i++)
		fprintf(stderr, "citectx: %s\n", st->failures[i].error);
	for (size_t i = 0; i < st->nwarnings; i++)
		fprintf(stderr, "citectx: warning: %s\n",
		        st->warnings[i].error);
	ct_buf_printf(b,
	              "%llu files, %llu articles, %llu references, %llu "
	              "statements, %zu failures, ",
	              (unsigned long long)st->files,
	              (unsigned long long)st->articles,
	              (unsigned long long)st->references,
	              (unsigned long long)st->statements, st->nfailures);
	if (st->nwarnings) /* said only when there are some */
		ct_buf_printf(b, "%zu warnings, ", st->nwarnings);
	ct_buf_printf(b, "%.1f seconds\n", st->seconds);
	if (pg->done)
		ct_buf_printf(b,
		              "postgresql: %lld rows copied in %lld batches, "
		              "%lld text values repaired, %.1f seconds\n",
		              (long long)pg->rows, (long long)pg->batches,
		              (long long)pg->repaired, pg->seconds);
}

/* CITECTX_INGEST_TIMES: where an ingest's time went, on stderr after each
 * path (a developer's tool: which side of the queue is the longer one). */
static void print_times(const struct ct_ingest_times *t)
{
	static const char *const who[] = {"reader", "store"};
	const struct ct_ingest_thread_times *th[] = {&t->reader, &t->store};

	for (size_t i = 0; i < t->nckpts && i < CT_INGEST_CKPTS_MAX; i++)
		fprintf(stderr,
		        "ingest: checkpoint %d of %d WAL pages, %.2f s\n",
		        t->ckpts[i].copied, t->ckpts[i].frames,
		        t->ckpts[i].seconds);
	for (int i = 0; i < 2 && t->threaded; i++)
		fprintf(stderr,
		        "ingest: %s thread %.2f s CPU, %.2f s waiting on "
		        "the queue, %.2f s waiting for a core\n",
		        who[i], th[i]->cpu, th[i]->queue_wait,
		        th[i]->core_wait);
	fprintf(stderr,
	        "ingest: %d commits %.2f s, waits for a checkpoint "
	        "%.2f s, after the pipeline %.2f s\n",
	        t->commits, t->commit_s, t->ckwait_s, t->tail_s);
}

/* --part K/N: *k and *n (0 and 0 without it); 0, or the exit code of a
 * usage error. */
static int parse_part(struct cli *c, unsigned *k, unsigned *n)
{
	char end;

	*k = *n = 0;
	if (!c->part)
		return 0;
	if (sscanf(c->part, "%u/%u%c", k, n, &end) != 2 || *k < 1 || *k > *n ||
	    *n > CT_INGEST_PARTS_MAX)
		return cli_usage(c,
		                 "--part %s: expected K/N with 1 <= K <= N <= "
		                 "%d (e.g. 2/4)",
		                 c->part, CT_INGEST_PARTS_MAX);
	return 0;
}

/* Runs the ingest of c's paths into idx (left open: the caller closes it),
 * the k-th of n shares of them when n. */
static int ingest_run(struct cli *c, struct ct_index *idx, struct ct_model *m,
                      const unsigned part[2], struct ct_ingest_stats *st,
                      struct ct_error *err)
{
	struct progress p = {isatty(2) && !c->json, -1};
	int rc = part[1] ? ct_ingest_part(idx, part[0], part[1], err) : 0;

	if (!rc && c->workers > 1)
		rc = ct_ingest_workers(idx, c->workers, err);

	if (m)
		ct_use_model(idx, m);
	for (int i = 0; i < c->nargs && !rc; i++) {
		rc = ct_ingest_path(idx, c->args[i], st, on_progress, &p, err);
		if (getenv("CITECTX_INGEST_TIMES"))
			print_times(&st->times);
	}
	if (p.tty)
		fputs("\r\033[K", stderr);
	return rc;
}

/* Into PostgreSQL: the staging index, each batch shipped as it commits
 * (see the top). */
static int ingest_pg(struct cli *c, const char *db, struct ct_model *m,
                     const unsigned part[2], struct ct_ingest_stats *st,
                     struct pg_copy *pg, struct ct_error *err)
{
	const char *given = c->staging ? c->staging : getenv("CITECTX_STAGING");
	const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	struct store_pg_ship_stats ss = {0};
	struct store_pg_ship *sh;
	struct ct_index *idx;
	char state[4000];
	int rc;

	/* a staging not given goes under the user's state folder */
	if (xdg && *xdg)
		snprintf(state, sizeof(state), "%s", xdg);
	else if (home && *home)
		snprintf(state, sizeof(state), "%s/.local/state", home);
	else
		state[0] = '\0';
	if ((rc = store_pg_ship_open(db, given && *given ? given : NULL,
	                             state[0] ? state : NULL, &sh, err)))
		return rc;
	/* the staging's writer does not bound this ingest: a smaller cache */
	store_bulk_process(STAGING_CACHE_KB);
	if ((rc = ct_open(store_pg_ship_path(sh), CT_OPEN_BULK, &idx, err)))
		idx = NULL;
	/* a batch a stopped run left is shipped (or dropped) first */
	else if (!(rc = store_pg_ship_attach(sh, idx->st, err)) &&
	         !(rc = store_pg_ship_lanes(sh, c->workers, err))) {
		ct_ingest_on_commit(idx, store_pg_ship_batch, sh);
		rc = ingest_run(c, idx, m, part, st, err);
	}
	/* the ship thread's reader first: the writer, last to close, copies
	 * the WAL into the staging and removes it, so that the staging is
	 * one file again (moved alone, it was a file without its last
	 * batches, or no database at all) */
	store_pg_ship_close(sh, &ss);
	ct_close(idx);
	pg->done = 1;
	pg->batches = ss.batches;
	pg->rows = ss.rows;
	pg->repaired = ss.repaired;
	pg->seconds = ss.seconds;
	return rc;
}

int cmd_ingest(struct cli *c)
{
	struct ct_ingest_stats st = {0};
	struct pg_copy pg = {0};
	struct ct_buf out = CT_BUF_INIT;
	struct ct_error err = {0};
	const char *db = c->db ? c->db : getenv("CITECTX_DB");
	struct ct_index *idx;
	struct ct_model *m = NULL;
	unsigned part[2];
	int rc = 0;

	if (c->nargs == 0)
		return cli_usage(c,
		                 "give one or more files, folders or archives");
	if ((rc = parse_part(c, &part[0], &part[1])))
		return rc;
	if (c->workers > 1 && !(db && store_pg_is_url(db)))
		return cli_usage(
		    c,
		    "--workers %d: parallel workers are for an "
		    "ingest into PostgreSQL (--db postgresql://...);"
		    " an SQLite index is written by one",
		    c->workers);
	/* An ingest builds and frees a parse tree per article: glibc mapped
	 * and unmapped every buffer above its threshold (the kernel zeroing
	 * fresh pages each time) and trimmed the heap's top only to grow it
	 * again.  This process keeps such memory for the next article (32 MB
	 * is glibc's largest threshold; peak memory is unchanged).  Inert
	 * where the program runs on mimalloc (Makefile). */
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_TOP_PAD, 4 << 20);
	if (c->model_path && ct_model_load(c->model_path, &m, &err))
		return cli_fail(&err);
	if (db && store_pg_is_url(db))
		rc = ingest_pg(c, db, m, part, &st, &pg, &err);
	else if ((rc = cli_open(c, CT_OPEN_BULK, &idx))) {
		ct_model_free(m);
		return cli_open_failed(rc);
	} else {
		rc = ingest_run(c, idx, m, part, &st, &err);
		ct_close(idx);
	}
	if (c->json)
		summary_json(&st, &pg, &out);
	else
		summary_text(&st, &pg, &out);
	if (cli_write(&out) && !rc)
		rc = CT_EIO;
	ct_buf_release(&out);
	ct_model_free(m);
	if (rc)
		return cli_fail(&err);
	rc = st.nfailures ? 2 : 0;
	ct_ingest_stats_release(&st);
	return rc;
}
