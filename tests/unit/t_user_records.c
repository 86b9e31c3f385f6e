/* t_user_records.c — the user records as structs (citectx.h): what a
 * load holds is what the JSON says, so a page rendered from the struct
 * shows what the API serves: invalid UTF-8 a user typed reads as the
 * U+FFFD the JSON writer makes of it, averages are rounded as the JSON
 * writes them, and each list keeps its strings after the store's row is
 * gone. */
#include <string.h>

#include "fixture.h"
#include "harness.h"
#include "citectx.h"

TEST(t_user_records_match_json)
{
	char path[256];
	struct ct_index *idx = fx_index(path, sizeof(path), "records",
					"tests/data/demo", NULL);
	struct ct_user u[3];
	struct ct_buf a = CT_BUF_INIT, b = CT_BUF_INIT;
	struct ct_ratings r;
	struct ct_flags f;
	struct ct_follows fo;
	struct ct_user_ratings ur;
	struct ct_query q = {.limit = 1};
	struct ct_page pg;
	int64_t work, fid, sid = 0;
	int s[CT_RATE_COUNT] = {4, 0, 3, 0};

	CHECK(idx != NULL);
	if (!idx)
		return;
	CHECK_EQ_INT(ct_resolve(idx, "pmid:90000001", &work, NULL), 0);
	for (int i = 0; i < 3; i++) {
		char name[8] = "u0";

		name[1] = (char)('0' + i);
		CHECK_EQ_INT(ct_user_create(idx, name, "a long password", &u[i], NULL), 0);
		s[0] = 4 + (i > 0); /* 4, 5, 5: an average of 4.666... */
		CHECK_EQ_INT(ct_rate(idx, u[i].id, work, s, NULL), 0);
	}
	CHECK_EQ_INT(ct_ratings_load(idx, work, u[0].id, &r, NULL), 0);
	CHECK(r.count == 3 && r.has_average && r.has_mine);
	CHECK(r.average[0] == 4.667 && r.average[1] == 0 && r.average[2] == 3);
	CHECK_EQ_INT(r.mine[0], 4);
	CHECK_EQ_INT(ct_ratings_to_json(&r, &a), 0);
	CHECK_EQ_INT(ct_ratings_json(idx, work, u[0].id, &b, NULL), 0);
	CHECK_EQ_STR(a.ptr, b.ptr);
	CHECK(strstr(a.ptr, "\"average\":{\"overall\":4.667,\"novelty\":null,"));

	/* a comment with a byte that starts no UTF-8 sequence, on a
	 * statement about the work */
	q.cited = work;
	CHECK_EQ_INT(ct_query_statements(idx, &q, &pg, NULL), 0);
	if (pg.n)
		sid = pg.items[0].id;
	ct_page_release(&pg);
	CHECK_EQ_INT(ct_flag(idx, u[1].id, sid, CT_TYPE_CONTRASTING, "no\xff <b>", &fid, NULL), 0);
	CHECK_EQ_INT(ct_flags_load(idx, 0, work, &f, NULL), 0);
	CHECK_EQ_INT((int)f.n, 1);
	if (f.n) {
		CHECK_EQ_STR(f.items[0].comment, "no\xEF\xBF\xBD <b>");
		CHECK_EQ_STR(f.items[0].user, "u1");
		CHECK(f.items[0].id == fid && f.items[0].statement == sid);
	}
	ct_buf_reset(&a);
	ct_buf_reset(&b);
	CHECK_EQ_INT(ct_flags_to_json(&f, &a), 0);
	CHECK_EQ_INT(ct_flags_json(idx, 0, work, &b, NULL), 0);
	CHECK_EQ_STR(a.ptr, b.ptr);
	ct_flags_release(&f);
	CHECK_EQ_INT(ct_user_flags_load(idx, u[1].id, &f, NULL), 0);
	CHECK(f.n == 1 && f.items[0].work.id == work && f.items[0].work.title);
	ct_flags_release(&f);
	ct_flags_release(&f); /* twice is harmless */

	/* one work followed; the user's list and the one-work question */
	CHECK_EQ_INT(ct_follow(idx, u[2].id, work, NULL), 0);
	CHECK_EQ_INT(ct_follows_load(idx, u[2].id, work, &fo, NULL), 0);
	CHECK_EQ_INT((int)fo.n, 1);
	ct_buf_reset(&a);
	CHECK_EQ_INT(ct_follows_to_json(&fo, &a), 0);
	CHECK_EQ_STR(a.ptr, "{\"following\":true}\n");
	ct_follows_release(&fo);
	CHECK_EQ_INT(ct_follows_load(idx, u[1].id, work, &fo, NULL), 0);
	CHECK_EQ_INT((int)fo.n, 0);
	ct_follows_release(&fo);

	CHECK_EQ_INT(ct_user_ratings_load(idx, u[0].id, &ur, NULL), 0);
	CHECK(ur.n == 1 && ur.items[0].scores[0] == 4 && ur.items[0].scores[1] == 0);
	ct_buf_reset(&a);
	ct_buf_reset(&b);
	CHECK_EQ_INT(ct_user_ratings_to_json(&ur, &a), 0);
	CHECK_EQ_INT(ct_user_ratings_json(idx, u[0].id, &b, NULL), 0);
	CHECK_EQ_STR(a.ptr, b.ptr);
	ct_user_ratings_release(&ur);
	ct_buf_release(&a);
	ct_buf_release(&b);
	fx_drop(idx, path);
}

/* Each user record's writer, cut mid-document by a buffer ceiling,
 * returns the buffer's error; the *_json calls name what they wrote. */
TEST(t_user_records_cut_render_fails)
{
	char path[256], tok[CT_TOKEN_SIZE];
	struct ct_index *idx = fx_index(path, sizeof(path), "recordscut",
					"tests/data/demo", NULL);
	struct ct_user u;
	struct ct_tokens t;
	struct ct_ratings r;
	struct ct_user_ratings ur;
	struct ct_flags f, uf;
	struct ct_follows fo;
	struct ct_feed fe;
	struct ct_error err = {0};
	int64_t work;
	int s[CT_RATE_COUNT] = {3, 2, 0, 5};

	CHECK(idx != NULL);
	if (!idx)
		return;
	CHECK_EQ_INT(ct_resolve(idx, "pmid:90000001", &work, NULL), 0);
	CHECK_EQ_INT(ct_user_create(idx, "cut", "a long password", &u, NULL), 0);
	CHECK_EQ_INT(ct_token_create(idx, u.id, "t", tok, NULL, NULL), 0);
	CHECK_EQ_INT(ct_rate(idx, u.id, work, s, NULL), 0);
	CHECK_EQ_INT(ct_follow(idx, u.id, work, NULL), 0);
	CHECK_EQ_INT(ct_tokens_load(idx, u.id, &t, NULL), 0);
	CHECK_EQ_INT(ct_ratings_load(idx, work, u.id, &r, NULL), 0);
	CHECK_EQ_INT(ct_user_ratings_load(idx, u.id, &ur, NULL), 0);
	CHECK_EQ_INT(ct_flags_load(idx, 0, work, &f, NULL), 0);
	CHECK_EQ_INT(ct_user_flags_load(idx, u.id, &uf, NULL), 0);
	CHECK_EQ_INT(ct_follows_load(idx, u.id, 0, &fo, NULL), 0);
	CHECK_EQ_INT(ct_feed_load(idx, u.id, &fe, NULL), 0);
	for (int i = 0; i < 7; i++) {
		struct ct_buf b = CT_BUF_INIT;
		int rc;

		/* whole, then cut at half its length */
		for (int pass = 0; pass < 2; pass++) {
			size_t whole = b.len;

			ct_buf_reset(&b);
			if (pass)
				ct_buf_limit(&b, whole / 2);
			rc = i == 0   ? ct_tokens_to_json(&t, &b)
			     : i == 1 ? ct_ratings_to_json(&r, &b)
			     : i == 2 ? ct_user_ratings_to_json(&ur, &b)
			     : i == 3 ? ct_flags_to_json(&f, &b)
			     : i == 4 ? ct_user_flags_to_json(&uf, &b)
			     : i == 5 ? ct_follows_to_json(&fo, &b)
				      : ct_feed_to_atom(&fe, &u, "https://x", &b);
			CHECK_EQ_INT(rc, pass ? CT_ELIMIT : 0);
			CHECK(pass || b.len > 10);
		}
		ct_buf_release(&b);
	}
	{
		struct ct_buf b = CT_BUF_INIT;

		ct_buf_limit(&b, 20);
		CHECK_EQ_INT(ct_tokens_json(idx, u.id, &b, &err), CT_ELIMIT);
		CHECK_EQ_STR(err.msg, "tokens: output over 20 bytes");
		ct_buf_release(&b);
	}
	ct_tokens_release(&t);
	ct_user_ratings_release(&ur);
	ct_flags_release(&f);
	ct_flags_release(&uf);
	ct_follows_release(&fo);
	ct_feed_release(&fe);
	fx_drop(idx, path);
}
