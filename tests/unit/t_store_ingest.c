/* t_store_ingest.c — the store layer's verbs of ingest and linking
 * (store_ingest.h, store_link.h, store_walk.h), through their structs
 * only: what a verb writes, another reads back. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "doc.h"
#include "harness.h"
#include "store.h"
#include "store_ingest.h"
#include "store_link.h"
#include "store_users.h"
#include "store_walk.h"

static struct store *open_tmp(char *path, size_t cap, const char *what)
{
	struct ct_error err = {0};
	struct store *st = NULL;

	snprintf(path, cap, "/tmp/citectx-t-%s-%d.db", what, (int)getpid());
	unlink(path);
	CHECK_EQ_INT(store_open(path, 0, &st, &err), 0);
	return st;
}

static int follow_seen(void *arg, const struct ct_follow_item *f)
{
	(void)f;
	++*(int *)arg;
	return 0;
}

static void close_tmp(struct store *st, const char *path)
{
	char x[300];

	store_close(st);
	unlink(path);
	snprintf(x, sizeof(x), "%s-wal", path);
	unlink(x);
	snprintf(x, sizeof(x), "%s-shm", path);
	unlink(x);
}

struct cands {
	int n;
	int64_t work, ref;
	char pmid[32], title[64];
	int year;
};

static int cand_seen(void *arg, const struct store_linkrec_cand *c)
{
	struct cands *x = arg;

	x->n++;
	x->work = c->work;
	x->ref = c->ref;
	x->year = c->year;
	snprintf(x->pmid, sizeof(x->pmid), "%s", c->pmid ? c->pmid : "");
	snprintf(x->title, sizeof(x->title), "%s", c->title ? c->title : "");
	return 0;
}

static int brief_seen(void *arg, const struct ct_work_brief *w)
{
	struct cands *x = arg;

	x->n++;
	x->work = w->id;
	x->year = w->year;
	snprintf(x->title, sizeof(x->title), "%s", w->title ? w->title : "");
	snprintf(x->pmid, sizeof(x->pmid), "%s", w->pmid ? w->pmid : "");
	return 0;
}

static int64_t find(struct store *st, enum store_link_key k, const char *v)
{
	int64_t id = -1;

	CHECK_EQ_INT(store_link_find(st, k, v, &id, NULL), 0);
	return id;
}

/* Two works, one known by DOI, one by PMID with fields, an alias and a
 * linking record; merging the second into the first moves all of it. */
TEST(t_store_link_verbs)
{
	char path[256];
	struct store *st = open_tmp(path, sizeof(path), "store-link");
	struct store_work_ids ia = {"10.1/a", NULL, NULL, NULL};
	struct store_work_ids ib = {NULL, "12345", NULL, NULL};
	struct store_work_fill fb = {"A title of some length", "J", "7", "1-9",
				     "Doe J", 2001};
	struct store_linkrec rec = {"a title of some length", "doe", "7", "1",
				    "t:a title", "a:doe|2001", "", 2001};
	struct store_linkrec_blocks blk = {"t:a title", NULL, NULL, 2001};
	struct cands c = {0};
	int64_t a = 0, b = 0, n = -1;
	uint64_t merges;
	int s3[CT_RATE_COUNT] = {3}, s5[CT_RATE_COUNT] = {5}, nf = 0;
	struct ct_ratings rt;

	if (!st)
		return;
	CHECK_EQ_INT(store_begin(st), 0);
	CHECK_EQ_INT(store_work_create(st, &ia, NULL, &a, NULL), 0);
	CHECK_EQ_INT(store_work_create(st, &ib, &fb, &b, NULL), 0);
	CHECK(a > 0 && b > 0 && a != b);
	CHECK_EQ_INT(find(st, STORE_LINK_DOI, "10.1/a"), a);
	CHECK_EQ_INT(find(st, STORE_LINK_PMID, "12345"), b);
	CHECK_EQ_INT(find(st, STORE_LINK_PMID, NULL), 0);
	CHECK_EQ_INT(find(st, STORE_LINK_DOI, "10.1/none"), 0);
	CHECK_EQ_INT(store_alias_put(st, "sha:x", b, NULL, NULL), 0);
	CHECK_EQ_INT(find(st, STORE_LINK_ALIAS, "sha:x"), b);
	CHECK_EQ_INT(store_linkrec_insert(st, b, 0, b, &rec, NULL), 0);
	CHECK_EQ_INT(store_linkrec_cands(st, &blk, cand_seen, &c, NULL), 0);
	CHECK_EQ_INT(c.n, 1);
	CHECK_EQ_INT(c.work, b);
	CHECK_EQ_INT(c.ref, 0);
	CHECK_EQ_INT(c.year, 2001);
	CHECK_EQ_STR(c.pmid, "12345");
	CHECK_EQ_STR(c.title, "a title of some length");
	/* a block the record is not in reads nothing; the page key "" was
	 * stored as none */
	blk = (struct store_linkrec_blocks){NULL, "a:other", "", 0};
	c.n = 0;
	CHECK_EQ_INT(store_linkrec_cands(st, &blk, cand_seen, &c, NULL), 0);
	CHECK_EQ_INT(c.n, 0);
	CHECK_EQ_INT(store_linkrec_max(st, &n, NULL), 0);
	CHECK(n > 0);

	/* people's ratings and follows of b: user 7 rated and follows b
	 * only, user 8 rated both */
	CHECK_EQ_INT(store_users_rate(st, 7, b, s3, 100, NULL), 0);
	CHECK_EQ_INT(store_users_rate(st, 8, b, s3, 100, NULL), 0);
	CHECK_EQ_INT(store_users_rate(st, 8, a, s5, 200, NULL), 0);
	CHECK_EQ_INT(store_users_follow(st, 7, b, 100, NULL), 0);
	merges = store_merges(st);
	CHECK_EQ_INT(store_work_merge(st, a, b, NULL), 0);
	CHECK_EQ_INT(store_merges(st), merges + 1);
	/* moved to a; where a had the person's own, a's stays */
	CHECK_EQ_INT(store_users_ratings_of_work(st, a, 7, &rt, NULL), 0);
	CHECK_EQ_INT(rt.count, 2);
	CHECK(rt.has_mine);
	CHECK_EQ_INT(rt.mine[0], 3);
	CHECK_EQ_INT(store_users_ratings_of_work(st, a, 8, &rt, NULL), 0);
	CHECK_EQ_INT(rt.mine[0], 5);
	CHECK_EQ_INT(store_users_ratings_of_work(st, b, 0, &rt, NULL), 0);
	CHECK_EQ_INT(rt.count, 0);
	CHECK_EQ_INT(store_users_follows(st, 7, a, follow_seen, &nf, NULL), 0);
	CHECK_EQ_INT(nf, 1);
	nf = 0;
	CHECK_EQ_INT(store_users_follows(st, 7, b, follow_seen, &nf, NULL), 0);
	CHECK_EQ_INT(nf, 0);
	CHECK_EQ_INT(find(st, STORE_LINK_PMID, "12345"), a);
	CHECK_EQ_INT(find(st, STORE_LINK_ALIAS, "sha:x"), a);
	blk = (struct store_linkrec_blocks){"t:a title", NULL, NULL, 0};
	c.n = 0;
	CHECK_EQ_INT(store_linkrec_cands(st, &blk, cand_seen, &c, NULL), 0);
	CHECK_EQ_INT(c.n, 1);
	CHECK_EQ_INT(c.work, a);
	/* a's record took b's fields where it had none */
	c.n = 0;
	CHECK_EQ_INT(store_work_brief_of(st, a, brief_seen, &c, NULL), 0);
	CHECK_EQ_INT(c.n, 1);
	CHECK_EQ_STR(c.title, "A title of some length");
	CHECK_EQ_INT(c.year, 2001);
	c.n = 0;
	CHECK_EQ_INT(store_work_brief_of(st, b, brief_seen, &c, NULL), 0);
	CHECK_EQ_INT(c.n, 0);
	CHECK_EQ_INT(store_commit(st), 0);
	close_tmp(st, path);
}

struct seen {
	int n;
	int64_t id;
	char text[64], marker[16], pmcid[16];
	int64_t a, b;
	int cls, type;
};

static int input_seen(void *arg, const struct store_stmt_input *s)
{
	struct seen *x = arg;

	x->n++;
	x->id = s->id;
	x->a = s->sent_start;
	x->b = s->sent_end;
	x->cls = s->section_class;
	snprintf(x->text, sizeof(x->text), "%s", s->text ? s->text : "");
	snprintf(x->marker, sizeof(x->marker), "%s", s->marker ? s->marker : "");
	return 0;
}

static int silver_seen(void *arg, const struct ct_silver_stmt *s)
{
	struct seen *x = arg;

	x->n++;
	x->id = s->id;
	x->type = s->type;
	snprintf(x->pmcid, sizeof(x->pmcid), "%s", s->pmcid ? s->pmcid : "");
	return 0;
}

static int stop_at_first(void *arg, const struct store_stmt_input *s)
{
	(*(int *)arg)++;
	return 7;
}

/* An article's record, reference and two statements of one run (the
 * second holds no text of its own) are read back as the classifier and
 * silver keys read them. */
TEST(t_store_ingest_verbs)
{
	char path[256], heading[] = "Results", title[] = "An article";
	char pmcid[] = "PMC1", raw[] = "Doe J. A title. 2001.";
	struct store *st = open_tmp(path, sizeof(path), "store-ingest");
	struct store_work_ids ids = {NULL, NULL, pmcid, NULL};
	struct doc_meta m = {0};
	struct doc_ref ref = {0};
	struct store_statement s = {0};
	struct seen x = {0};
	int64_t w = 0, r = 0, s1 = 0, s2 = 0;
	int calls = 0;

	if (!st)
		return;
	m.title = title;
	m.year = 2020;
	m.pmcid = pmcid;
	ref.raw = raw;
	CHECK_EQ_INT(store_begin(st), 0);
	CHECK_EQ_INT(store_work_create(st, &ids, NULL, &w, NULL), 0);
	CHECK_EQ_INT(store_article_clear(st, w, NULL), 0);
	CHECK_EQ_INT(store_article_meta(st, w, &m, "test", NULL), 0);
	CHECK_EQ_INT(store_ref_insert(st, w, 0, &ref, 0, &r, NULL), 0);
	CHECK(r > 0);
	s = (struct store_statement){.citing = w, .ref = r, .known = 1,
		.section = heading, .section_class = 2, .type = 1,
		.confidence = 0.5, .model = "m", .year = 2020, .marker = "[1]",
		.text = "One. As shown [1]. Two.", .sent_start = 5,
		.sent_end = 18, .dups = 1};
	CHECK_EQ_INT(store_statement_insert(st, &s, &s1, NULL), 0);
	s.text = "";
	s.ctx = 1;
	s.sctx = 1;
	s.marker = "[2]";
	CHECK_EQ_INT(store_statement_insert(st, &s, &s2, NULL), 0);
	CHECK_EQ_INT(s2, s1 + 1);
	CHECK_EQ_INT(store_commit(st), 0);

	/* the second statement reads its run's text from the first */
	CHECK_EQ_INT(store_stmts_to_classify(st, s1, 10, input_seen, &x, NULL), 0);
	CHECK_EQ_INT(x.n, 1);
	CHECK_EQ_INT(x.id, s2);
	CHECK_EQ_STR(x.text, "One. As shown [1]. Two.");
	CHECK_EQ_STR(x.marker, "[2]");
	CHECK_EQ_INT(x.a, 5);
	CHECK_EQ_INT(x.b, 18);
	CHECK_EQ_INT(x.cls, 2);
	/* a callback's non-zero return stops the walk and is returned */
	CHECK_EQ_INT(store_stmts_to_classify(st, 0, 10, stop_at_first, &calls,
					     NULL), 7);
	CHECK_EQ_INT(calls, 1);

	CHECK_EQ_INT(store_stmt_set_type(st, s1, 3, 0.9, "m", NULL), 0);
	memset(&x, 0, sizeof(x));
	CHECK_EQ_INT(store_stmts_silver(st, 0, 1, silver_seen, &x, NULL), 0);
	CHECK_EQ_INT(x.n, 1);
	CHECK_EQ_INT(x.id, s1);
	CHECK_EQ_INT(x.type, 3);
	CHECK_EQ_STR(x.pmcid, "PMC1");
	close_tmp(st, path);
}
