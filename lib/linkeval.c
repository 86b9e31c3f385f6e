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
	struct store_row *r = store_sql(st, SQL_LE_MENTIONS);
	int64_t n = 0;

	store_bind_int(r, 1, work);
	if (store_step(r) == 1)
		n = store_int(r, 0);
	store_done(r);
	return n;
}

/* Copies of one row's fields: the row is stepped again by match_find. */
static void row_key(struct store_row *r, struct match_key *k)
{
	char *f[4];
	struct match_in in;

	for (int i = 0; i < 4; i++) {
		static const int col[] = {3, 4, 6, 7};
		const char *s = store_text(r, col[i]);

		f[i] = s ? strdup(s) : NULL;
	}
	in = (struct match_in){f[0], f[1], f[2], f[3], (int)store_int(r, 5)};
	match_key_make(&in, k);
	for (int i = 0; i < 4; i++)
		free(f[i]);
}

/* The references to try, by id: each is read again in run_trials, since
 * match_find steps other statements meanwhile. */
static int collect(struct store *st, struct eval *e)
{
	struct store_row *r = store_sql(st, SQL_LE_REFS);
	int rc;

	while ((rc = store_step(r)) == 1) {
		struct trial *t = doc_push((void **)&e->v, &e->n, &e->cap,
					   sizeof(*t), EVAL_MAX);

		if (!t) {
			rc = CT_ENOMEM;
			break;
		}
		t->ref = store_int(r, 0);
		t->citing = store_int(r, 1);
		t->truth = store_int(r, 2);
		t->fold = (int)(((uint64_t)t->citing * 2654435761u) >> 7) & 1;
	}
	store_done(r);
	return rc < 0 ? rc : 0;
}

static int run_trials(struct store *st, struct eval *e)
{
	int rc = 0;

	for (size_t i = 0; i < e->n && !rc; i++) {
		struct trial *t = &e->v[i];
		struct store_row *r = store_sql(st, SQL_LE_REF);
		struct match_key k;
		struct match_ids ids = {NULL, NULL, NULL, t->ref, 0};
		struct match_best b;

		store_bind_int(r, 1, t->ref);
		if (store_step(r) != 1) {
			store_done(r);
			continue;
		}
		row_key(r, &k);
		store_done(r);
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

static void work_line(struct store *st, struct ct_buf *out, const char *what,
		      int64_t w)
{
	struct store_row *r = store_sql(st, SQL_RP_WORK);

	store_bind_int(r, 1, w);
	if (store_step(r) == 1)
		ct_buf_printf(out, "    %s citectx:%lld %s | %s (%lld)\n", what,
			      (long long)w, store_text(r, 1) ? store_text(r, 1) : "-",
			      store_text(r, 4) ? store_text(r, 4) : "-",
			      (long long)store_int(r, 5));
	store_done(r);
}

static void ref_line(struct store *st, struct ct_buf *out, int64_t ref)
{
	struct store_row *r = store_sql(st, SQL_LE_REF);

	store_bind_int(r, 1, ref);
	if (store_step(r) == 1)
		ct_buf_printf(out, "  ref %lld: %.200s\n", (long long)ref,
			      store_text(r, 11) ? store_text(r, 11) : "");
	store_done(r);
}

static void examples(struct store *st, const struct eval *e, double thr,
		     int max, struct ct_buf *out)
{
	int wrong = 0, missed = 0;

	ct_buf_printf(out, "\nwrong links at %.2f:\n", thr);
	for (size_t i = 0; i < e->n && wrong < max; i++) {
		const struct trial *t = &e->v[i];

		if (!t->eligible || !t->got || t->score < thr || t->got == t->truth)
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
	ct_buf_puts(out, "\nthreshold  precision  recall  singletons-wrongly-linked\n");
	for (int s = 40; s <= 95; s += 5) {
		struct tally t;
		uint64_t n, w;

		tally(e, -1, s / 100.0, &t);
		w = singles_wrong(e, s / 100.0, &n);
		ct_buf_printf(out, "%9.2f  %9.4f  %6.4f  %llu of %llu\n", s / 100.0,
			      ratio(t.correct, t.predicted), ratio(t.found, t.eligible),
			      (unsigned long long)w, (unsigned long long)n);
	}
}

static void report(struct store *st, const struct eval *e, double min_p,
		   int mistakes, struct ct_buf *out)
{
	struct tally h = {0}, t, all;
	uint64_t single, single_wrong = singles_wrong(e, MATCH_THRESHOLD, &single);

	for (int f = 0; f < 2; f++) {
		double thr = choose(e, 1 - f, min_p);

		tally(e, f, thr, &t);
		ct_buf_printf(out, "fold %d: threshold %.2f (chosen on fold %d): "
			      "precision %.4f recall %.4f (%llu references)\n", f, thr,
			      1 - f, ratio(t.correct, t.predicted),
			      ratio(t.found, t.eligible), (unsigned long long)t.eligible);
		h.eligible += t.eligible;
		h.predicted += t.predicted;
		h.correct += t.correct;
		h.found += t.found;
	}
	ct_buf_printf(out, "held-out: precision %.4f recall %.4f (%llu references "
		      "whose work another mentions, %llu right of %llu links made)\n",
		      ratio(h.correct, h.predicted), ratio(h.found, h.eligible),
		      (unsigned long long)h.eligible, (unsigned long long)h.correct,
		      (unsigned long long)h.predicted);
	tally(e, -1, MATCH_THRESHOLD, &all);
	ct_buf_printf(out, "production threshold %.2f: precision %.4f recall %.4f\n",
		      MATCH_THRESHOLD, ratio(all.correct, all.predicted),
		      ratio(all.found, all.eligible));
	ct_buf_printf(out, "references whose work no other reference mentions: "
		      "%llu, wrongly linked elsewhere: %llu\n",
		      (unsigned long long)single, (unsigned long long)single_wrong);
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
		return err_set(err, rc == CT_EDB ? CT_EDB : rc, "%s: linkeval: %s",
			       idx->path, rc == CT_EDB ? store_errmsg(idx->st)
						       : ct_strerror(rc));
	return 0;
}
