/* cmd_ingest.c — `citectx ingest PATH...`: progress on a terminal, then
 * the one-line summary (or, with --json, the summary object). */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "jw.h"

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

static void summary_json(const struct ct_ingest_stats *st, struct ct_buf *b)
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
	jw_obj_end(&w);
	ct_buf_putc(b, '\n');
}

static void summary_text(const struct ct_ingest_stats *st, struct ct_buf *b)
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

int cmd_ingest(struct cli *c)
{
	struct ct_ingest_stats st = {0};
	struct progress p = {isatty(2) && !c->json, -1};
	struct ct_buf out = CT_BUF_INIT;
	struct ct_error err = {0};
	struct ct_index *idx;
	struct ct_model *m = NULL;
	int rc = 0;

	if (c->nargs == 0)
		return cli_usage(c,
		                 "give one or more files, folders or archives");
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
	if (cli_open(c, CT_OPEN_BULK, &idx)) {
		ct_model_free(m);
		return 2;
	}
	if (m)
		ct_use_model(idx, m);
	for (int i = 0; i < c->nargs && !rc; i++) {
		rc =
		    ct_ingest_path(idx, c->args[i], &st, on_progress, &p, &err);
		if (getenv("CITECTX_INGEST_TIMES"))
			print_times(&st.times);
	}
	if (p.tty)
		fputs("\r\033[K", stderr);
	if (c->json)
		summary_json(&st, &out);
	else
		summary_text(&st, &out);
	if (cli_write(&out) && !rc)
		rc = CT_EIO;
	ct_buf_release(&out);
	ct_close(idx);
	ct_model_free(m);
	if (rc)
		return cli_fail(&err);
	rc = st.nfailures ? 2 : 0;
	ct_ingest_stats_release(&st);
	return rc;
}
