/* linkeval.c — linking by fields measured on the index (see citectx.h,
 * ct_linkeval): hidden identifiers, grouped 2-fold threshold choice. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "doc.h"
#include "err.h"
#include "index.h"
#include "match.h"
#include "store_link.h"

#define EVAL_MAX 2000000

struct trial {
	int64_t ref, citing, truth, got;
	double score;
	int fold, eligible; /* eligible: the truth has another mention */
};

struct eval {
	struct trial *v;
	size_t n, cap;
};

static int64_t mentions(struct store *st, int64_t work)
{
	int64_t n = 0;

	store_work_mentions(st, work, &n, NULL);
	return n;
}

/* The key of a reference's fields (1: made). */
static int ref_key(void *arg, const struct store_ref_fields *r)
{
	struct match_in in = {r->title, r->authors, r->volume, r->fpage,
	                      r->year};

	match_key_make(&in, arg);
	return 1;
}

static int collect_one(void *arg, const struct store_ref_fields *r)
{
	struct eval *e = arg;
	struct trial *t =
	    doc_push((void **)&e->v, &e->n, &e->cap, sizeof(*t), EVAL_MAX);

	if (!t)
		return CT_ENOMEM;
	t->ref = r->id;
	t->citing = r->citing;
	t->truth = r->cited;
	t->fold = (int)(((uint64_t)t->citing * 2654435761u) >> 7) & 1;
	return 0;
}

/* The references to try, by id: each is read again in run_trials, since
 * match_find reads other rows meanwhile. */
static int collect(struct store *st, struct eval *e)
{
	int rc = store_linkeval_refs(st, collect_one, e, NULL);

	return rc < 0 ? rc : 0;
}

static int run_trials(struct store *st, struct eval *e)
{
	int rc = 0;

	for (size_t i = 0; i < e->n && !rc; i++) {
		struct trial *t = &e->v[i];
		struct match_key k;
		struct match_ids ids = {NULL, NULL, NULL, t->ref, 0};
		struct match_best b;

		if (store_ref_fields(st, t->ref, ref_key, &k, NULL) != 1)
			continue;
		t->eligible = mentions(st, t->truth) >= 2;
		rc = match_find(st, &k, &ids, 0.0, &b);
		t->got = b.work;
		t->score = b.score;
	}
	return rc;
}

/* eligible: references whose work another reference mentions (the
 * recall denominator); predicted and correct count links of every
 * reference, so that a reference whose work nobody else mentions and which
 * is linked anyway counts against precision (stricter than counting only
 * the eligible ones, which always have their right answer available). */
struct tally {
	uint64_t eligible, predicted, correct, found;
};

static void tally(const struct eval *e, int fold, double thr, struct tally *o)
{
	memset(o, 0, sizeof(*o));
	for (size_t i = 0; i < e->n; i++) {
		const struct trial *t = &e->v[i];
		int linked = t->got && t->score >= thr;

		if (fold >= 0 && t->fold != fold)
			continue;
		o->eligible += t->eligible;
		o->predicted += linked;
		o->correct += linked && t->got == t->truth;
		o->found += linked && t->eligible && t->got == t->truth;
	}
}

static double ratio(uint64_t a, uint64_t b)
{
	return b ? (double)a / (double)b : 0;
}

/* The lowest threshold (steps of 0.01) whose precision on fold reaches
 * min_p. */
static double choose(const struct eval *e, int fold, double min_p)
{
	for (int s = 40; s < 100; s++) {
		struct tally t;

		tally(e, fold, s / 100.0, &t);
		if (ratio(t.correct, t.predicted) >= min_p)
			return s / 100.0;
	}
	return 1.0;
}

struct line {
	struct ct_buf *out;
	const char *what;
};

static int work_print(void *arg, const struct ct_work_brief *w)
{
	const struct line *l = arg;

	ct_buf_printf(l->out, "    %s citectx:%lld %s | %s (%lld)\n", l->what,
	              (long long)w->id, w->doi ? w->doi : "-",
	              w->title ? w->title : "-", (long long)w->year);
	return 0;
}

static void work_line(struct store *st, struct ct_buf *out, const char *what,
                      int64_t w)
{
	struct line l = {out, what};

	store_work_brief_of(st, w, work_print, &l, NULL);
}

static int ref_print(void *arg, const struct store_ref_fields *r)
{
	ct_buf_printf(arg, "  ref %lld: %.200s\n", (long long)r->id,
	              r->raw ? r->raw : "");
	return 0;
}

static void ref_line(struct store *st, struct ct_buf *out, int64_t ref)
{
	store_ref_fields(st, ref, ref_print, out, NULL);
}

static void examples(struct store *st, const struct eval *e, double thr,
                     int max, struct ct_buf *out)
{
	int wrong = 0, missed = 0;

	ct_buf_printf(out, "\nwrong links at %.2f:\n", thr);
	for (size_t i = 0; i < e->n && wrong < max; i++) {
		const struct trial *t = &e->v[i];

		if (!t->eligible || !t->got || t->score < thr ||
		    t->got == t->truth)
			continue;
		wrong++;
		ref_line(st, out, t->ref);
		ct_buf_printf(out, "    score %.3f\n", t->score);
		work_line(st, out, "linked", t->got);
		work_line(st, out, "truth ", t->truth);
	}
	ct_buf_printf(out, "\nmissed links at %.2f:\n", thr);
	for (size_t i = 0; i < e->n && missed < max; i++) {
		const struct trial *t = &e->v[i];

		if (!t->eligible || (t->got && t->score >= thr))
			continue;
		missed++;
		ref_line(st, out, t->ref);
		ct_buf_printf(out, "    best score %.3f\n", t->score);
		work_line(st, out, "truth ", t->truth);
	}
}

/* Wrong links among references whose work nobody else mentions: any link
 * of theirs to another work is a false merge in the report. */
static uint64_t singles_wrong(const struct eval *e, double thr, uint64_t *n)
{
	uint64_t w = 0;

	*n = 0;
	for (size_t i = 0; i < e->n; i++) {
		const struct trial *x = &e->v[i];

		if (x->eligible)
			continue;
		(*n)++;
		w += x->got && x->score >= thr && x->got != x->truth;
	}
	return w;
}

static void sweep(const struct eval *e, struct ct_buf *out)
{
	ct_buf_puts(
	    out, "\nthreshold  precision  recall  singletons-wrongly-linked\n");
	for (int s = 40; s <= 95; s += 5) {
		struct tally t;
		uint64_t n, w;

		tally(e, -1, s / 100.0, &t);
		w = singles_wrong(e, s / 100.0, &n);
		ct_buf_printf(out, "%9.2f  %9.4f  %6.4f  %llu of %llu\n",
		              s / 100.0, ratio(t.correct, t.predicted),
		              ratio(t.found, t.eligible), (unsigned long long)w,
		              (unsigned long long)n);
	}
}

static void report(struct store *st, const struct eval *e, double min_p,
                   int mistakes, struct ct_buf *out)
{
	struct tally h = {0}, t, all;
	uint64_t single,
	    single_wrong = singles_wrong(e, MATCH_THRESHOLD, &single);

	for (int f = 0; f < 2; f++) {
		double thr = choose(e, 1 - f, min_p);

		tally(e, f, thr, &t);
		ct_buf_printf(out,
		              "fold %d: threshold %.2f (chosen on fold %d): "
		              "precision %.4f recall %.4f (%llu references)\n",
		              f, thr, 1 - f, ratio(t.correct, t.predicted),
		              ratio(t.found, t.eligible),
		              (unsigned long long)t.eligible);
		h.eligible += t.eligible;
		h.predicted += t.predicted;
		h.correct += t.correct;
		h.found += t.found;
	}
	ct_buf_printf(
	    out,
	    "held-out: precision %.4f recall %.4f (%llu references "
	    "whose work another mentions, %llu right of %llu links made)\n",
	    ratio(h.correct, h.predicted), ratio(h.found, h.eligible),
	    (unsigned long long)h.eligible, (unsigned long long)h.correct,
	    (unsigned long long)h.predicted);
	tally(e, -1, MATCH_THRESHOLD, &all);
	ct_buf_printf(out,
	              "production threshold %.2f: precision %.4f recall %.4f\n",
	              MATCH_THRESHOLD, ratio(all.correct, all.predicted),
	              ratio(all.found, all.eligible));
	ct_buf_printf(out,
	              "references whose work no other reference mentions: "
	              "%llu, wrongly linked elsewhere: %llu\n",
	              (unsigned long long)single,
	              (unsigned long long)single_wrong);
	sweep(e, out);
	if (mistakes > 0)
		examples(st, e, MATCH_THRESHOLD, mistakes, out);
}

int ct_linkeval(struct ct_index *idx, double min_precision, int mistakes,
                struct ct_buf *out, struct ct_error *err)
{
	struct eval e = {0};
	int rc = collect(idx->st, &e);

	if (!rc)
		rc = run_trials(idx->st, &e);
	if (!rc)
		report(idx->st, &e, min_precision, mistakes, out);
	free(e.v);
	if (rc)
		return err_set(err, rc == CT_EDB ? CT_EDB : rc,
		               "%s: linkeval: %s", idx->path,
		               rc == CT_EDB ? store_errmsg(idx->st)
		                            : ct_strerror(rc));
	return ct_buf_done(out, err, "linkeval");
}
