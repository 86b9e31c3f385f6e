/* t_cards.c — one card per citing sentence (issue 16): a page lists each
 * citing sentence of one article once, in every path (a text query
 * through SQL and through the search cache, a work's statements read in
 * index order, one article's); the cards of every page add up to the
 * total, their matched statements to the statement count; a work cited
 * twice in one sentence is one card of its list; migration 14 finds the
 * sentences of an index written before it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "fixture.h"
#include "harness.h"
#include "citectx.h"

#define SEEN_MAX 4096

struct walk {
	int64_t cards, statements, matched, dups;
	int64_t total, stotal; /* of the first page */
};

/* Is (citing, sentence start, text) of s among the seen ones? */
static int seen_before(const struct ct_statement *s, char **seen, size_t n)
{
	char key[64];

	snprintf(key, sizeof(key), "%lld:%u:", (long long)s->citing.id,
		 s->sent_start);
	for (size_t i = 0; i < n; i++)
		if (!strncmp(seen[i], key, strlen(key)) &&
		    !strcmp(seen[i] + strlen(key), s->text))
			return 1;
	return 0;
}

static char *key_of(const struct ct_statement *s)
{
	size_t n = strlen(s->text) + 64;
	char *k = malloc(n);

	if (k)
		snprintf(k, n, "%lld:%u:%s", (long long)s->citing.id,
			 s->sent_start, s->text);
	return k;
}

/* Every page of q (limit as given), counting cards, cites, repeats. */
static struct walk walk_cards(struct ct_index *idx, struct ct_query q)
{
	static char *seen[SEEN_MAX];
	struct walk w = {0};
	char cursor[128] = "";
	size_t n = 0;

	do {
		struct ct_error err = {0};
		struct ct_page p;

		q.cursor = *cursor ? cursor : NULL;
		if (ct_query_statements(idx, &q, &p, &err)) {
			w.dups = -1;
			break;
		}
		if (!q.cursor) {
			w.total = p.total;
			w.stotal = p.statements;
		}
		for (size_t i = 0; i < p.n; i++) {
			const struct ct_statement *s = &p.items[i];

			w.dups += seen_before(s, seen, n);
			if (n < SEEN_MAX)
				seen[n++] = key_of(s);
			w.cards++;
			w.statements += (int64_t)s->ncites;
			for (size_t k = 0; k < s->ncites; k++)
				w.matched += s->cites[k].match;
		}
		snprintf(cursor, sizeof(cursor), "%s", p.next ? p.next : "");
		ct_page_release(&p);
	} while (*cursor);
	for (size_t i = 0; i < n; i++)
		free(seen[i]);
	return w;
}

static void check_walk(struct ct_index *idx, struct ct_query q)
{
	struct ct_query st = q;
	struct walk w;
	struct ct_error err = {0};
	struct ct_page p;

	for (int lim = 1; lim <= 7; lim += 3) {
		q.limit = lim;
		w = walk_cards(idx, q);
		CHECK_EQ_INT(w.dups, 0);
		CHECK_EQ_INT(w.cards, w.total);
		CHECK_EQ_INT(w.matched, w.stotal);
		CHECK(w.statements >= w.stotal);
	}
	/* the same statements, one item each */
	st.group = CT_GROUP_STATEMENT;
	st.limit = 1;
	CHECK_EQ_INT(ct_query_statements(idx, &st, &p, &err), 0);
	CHECK_EQ_INT(p.total, w.stotal);
	CHECK_EQ_INT(p.statements, w.stotal);
	CHECK(p.n == 0 || p.items[0].ncites == 0);
	ct_page_release(&p);
}

/* The demo corpus and the card fixture in one index. */
static struct ct_index *cards_index(char *path, size_t cap, const char *tag)
{
	struct ct_index *idx = fx_index(path, cap, tag, "tests/data/demo", NULL);
	struct ct_ingest_stats st = {0};
	struct ct_error err = {0};

	if (idx)
		CHECK_EQ_INT(ct_ingest_path(idx, "tests/data/cards", &st, NULL,
					    NULL, &err), 0);
	ct_ingest_stats_release(&st);
	return idx;
}

static struct ct_index *open_flags(const char *path, int flags)
{
	struct ct_error err = {0};
	struct ct_index *idx = NULL;

	CHECK_EQ_INT(ct_open(path, flags, &idx, &err), 0);
	return idx;
}

TEST(t_cards_once_per_sentence)
{
	char path[128];
	struct ct_index *w = cards_index(path, sizeof(path), "cards");
	struct ct_index *cached;
	struct ct_error err = {0};
	int64_t d1 = 0, c1 = 0, w1 = 0;
	const char *texts[] = {"velorastat", "zorvexine", "\"consistent with\"",
			       "trial* OR placebo"};

	if (!w)
		return;
	cached = open_flags(path, CT_OPEN_READONLY | CT_OPEN_SEARCH_CACHE);
	CHECK_EQ_INT(ct_resolve(w, "10.5555/citectx-demo.01", &d1, &err), 0);
	CHECK_EQ_INT(ct_resolve(w, "10.5555/citectx-cards.01", &c1, &err), 0);
	CHECK_EQ_INT(ct_resolve(w, "10.5555/citectx-cards.w1", &w1, &err), 0);
	for (size_t i = 0; i < sizeof(texts) / sizeof(*texts); i++) {
		check_walk(w, (struct ct_query){.text = texts[i]});
		check_walk(w, (struct ct_query){.text = texts[i],
						.sort = CT_SORT_NEWEST,
						.type_mask = 1u << CT_TYPE_MENTIONING});
		if (cached)
			check_walk(cached, (struct ct_query){.text = texts[i],
							     .sort = CT_SORT_CONFIDENCE});
	}
	for (int sort = 1; sort < 4; sort++) {
		check_walk(w, (struct ct_query){.cited = d1, .sort = sort});
		check_walk(w, (struct ct_query){.citing = c1, .sort = sort});
	}
	{ /* w1 is cited twice in one sentence: one card, about it */
		struct ct_query q = {.cited = w1, .sort = CT_SORT_NEWEST};
		struct ct_page p;

		CHECK_EQ_INT(ct_query_statements(w, &q, &p, &err), 0);
		CHECK_EQ_INT(p.total, 1);
		CHECK_EQ_INT(p.statements, 2);
		CHECK_EQ_INT(p.n, 1);
		if (p.n) {
			CHECK_EQ_INT(p.items[0].cited.id, w1);
			CHECK_EQ_INT(p.items[0].ncites, 5);
		}
		ct_page_release(&p);
	}
	ct_close(cached);
	fx_drop(w, path);
}

static char *sctx_list(sqlite3 *db)
{
	sqlite3_stmt *s;
	char *out = NULL;

	if (sqlite3_prepare_v2(db, "SELECT group_concat(sctx) FROM statements",
			       -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		out = strdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return out;
}

/* An index of schema 13 (no sentence key) gets one when opened, equal to
 * what ingest writes. */
TEST(t_cards_migration_finds_sentences)
{
	char path[128];
	struct ct_index *w = cards_index(path, sizeof(path), "cardsmig");
	struct ct_index *again;
	struct ct_buf rep = CT_BUF_INIT;
	struct ct_error err = {0};
	sqlite3 *db = NULL;
	char *before, *after;

	if (!w)
		return;
	ct_close(w);
	CHECK_EQ_INT(sqlite3_open(path, &db), SQLITE_OK);
	before = sctx_list(db);
	CHECK(before && strchr(before, '1'));
	CHECK_EQ_INT(sqlite3_exec(db,
		"DROP INDEX st_by_lead; ALTER TABLE statements DROP COLUMN lead;"
		" DROP INDEX st_cited;"
		" ALTER TABLE statements DROP COLUMN sctx;"
		" CREATE INDEX st_by_id ON statements(id, type, section_class,"
		" year, self, confidence, pubtype, cited, citing, jself, ctx);"
		" CREATE INDEX st_cited ON statements(cited, year, type,"
		" section_class, self, confidence, pubtype, jself);"
		" PRAGMA user_version = 13;", NULL, NULL, NULL), SQLITE_OK);
	again = open_flags(path, 0);
	after = sctx_list(db);
	CHECK(before && after && !strcmp(before, after));
	if (again)
		CHECK_EQ_INT(ct_check(again, &rep, &err), 0);
	sqlite3_close(db);
	free(before);
	free(after);
	ct_buf_release(&rep);
	fx_drop(again, path);
}
