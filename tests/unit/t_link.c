/* t_link.c — the linking key filter (keyset.c, match.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "keyset.h"
#include "link.h"
#include "match.h"
#include "store.h"

TEST(t_keyset_no_false_negatives)
{
	struct keyset *ks = keyset_new(20);
	char key[32];
	int fp = 0;

	CHECK(ks != NULL);
	if (!ks)
		return;
	for (int i = 0; i < 20000; i++) {
		snprintf(key, sizeof(key), "title%d|%d", i, 1990 + i % 30);
		keyset_add(ks, 't', key);
	}
	for (int i = 0; i < 20000; i++) {
		snprintf(key, sizeof(key), "title%d|%d", i, 1990 + i % 30);
		CHECK(keyset_maybe(ks, 't', key));
	}
	/* 20,000 keys in 2^20 bits, 3 probes: about 0.02 % false "maybe" */
	for (int i = 20000; i < 40000; i++) {
		snprintf(key, sizeof(key), "title%d|%d", i, 1990 + i % 30);
		fp += keyset_maybe(ks, 't', key);
	}
	CHECK(fp < 40);
	/* kinds are separate families; empty keys are never present */
	fp = 0;
	for (int i = 0; i < 20000; i++) {
		snprintf(key, sizeof(key), "title%d|%d", i, 1990 + i % 30);
		fp += keyset_maybe(ks, 'a', key);
	}
	CHECK(fp < 40);
	keyset_add(ks, 'p', "");
	CHECK(!keyset_maybe(ks, 'p', ""));
	CHECK(!keyset_maybe(ks, 'p', NULL));
	keyset_free(ks);
}

static void key_of(const char *title, const char *authors, int year,
		   struct match_key *k)
{
	char vol[16], page[16];
	struct match_in in = {title, authors, vol, page, year};

	/* every key of its own: no block shared through volume + page */
	snprintf(vol, sizeof(vol), "%d", year % 97);
	snprintf(page, sizeof(page), "%d", (int)strlen(title) * 7);

	match_key_make(&in, k);
}

/* A work known only by its fields, recorded as a reference of citing. */
static int64_t add_work(struct store *st, const char *doi,
			const struct match_key *k)
{
	struct link_ids ids = {doi, NULL, NULL, NULL, NULL, NULL, 0, NULL};
	int64_t w = 0;

	CHECK_EQ_INT(store_begin(st), 0);
	CHECK_EQ_INT(link_work(st, &ids, &w), 0);
	CHECK_EQ_INT(match_record(st, w, 0, w, k), 0);
	CHECK_EQ_INT(store_commit(st), 0);
	return w;
}

static int64_t find(struct store *st, const struct match_key *k)
{
	struct match_ids mi = {NULL, NULL, NULL, 0, 0};
	struct match_best b;

	CHECK_EQ_INT(match_find(st, k, &mi, MATCH_THRESHOLD, &b), 0);
	return b.work;
}

/* The filter answers "no candidate" from memory; it must never hide a
 * record: not one this handle wrote after building it, nor one another
 * connection committed (the filter is dropped when data_version moves). */
TEST(t_match_filter_sees_every_record)
{
	char path[64];
	struct ct_error err = {0};
	struct store *a = NULL, *b = NULL;
	struct match_key k1, k2, k3, other;
	int64_t w1, w2, w3;

	snprintf(path, sizeof(path), "/tmp/citectx-t-link-%d.db", (int)getpid());
	unlink(path);
	key_of("Randomised trial of widget therapy in adults with chronic pain",
	       "Smith J", 2010, &k1);
	key_of("Long-term outcomes of gadget surgery for hip fracture in elderly",
	       "Jones K", 2004, &k2);
	key_of("Quality of life after sprocket implants: a cohort of 900 patients",
	       "Brown A", 2016, &k3);
	key_of("An unrelated study of nothing at all in particular, with care",
	       "Nobody Z", 1999, &other);
	CHECK_EQ_INT(store_open(path, 0, &a, &err), 0);
	if (!a)
		return;
	w1 = add_work(a, "10.1000/one", &k1);
	CHECK(w1 > 0);
	CHECK_EQ_INT(find(a, &k1), w1); /* the filter is built here */
	CHECK_EQ_INT(find(a, &other), 0);
	/* the filter checked inside a write transaction of this handle... */
	CHECK_EQ_INT(store_begin(a), 0);
	CHECK_EQ_INT(find(a, &other), 0);
	CHECK_EQ_INT(store_commit(a), 0);
	/* ...then another connection's record, committed in between, must be
	 * seen inside this handle's next transaction */
	CHECK_EQ_INT(store_open(path, 0, &b, &err), 0);
	if (b) {
		w2 = add_work(b, "10.1000/two", &k2);
		CHECK(w2 > 0);
		store_close(b);
		CHECK_EQ_INT(store_begin(a), 0);
		CHECK_EQ_INT(find(a, &k2), w2);
		CHECK_EQ_INT(store_commit(a), 0);
		CHECK_EQ_INT(find(a, &k2), w2);
	}
	/* this handle's own record, written after the filter was built */
	w3 = add_work(a, "10.1000/three", &k3);
	CHECK_EQ_INT(find(a, &k3), w3);
	CHECK_EQ_INT(find(a, &k1), w1);
	CHECK_EQ_INT(find(a, &other), 0);
	store_close(a);
	unlink(path);
	{
		char x[80];

		snprintf(x, sizeof(x), "%s-wal", path);
		unlink(x);
		snprintf(x, sizeof(x), "%s-shm", path);
		unlink(x);
	}
}
