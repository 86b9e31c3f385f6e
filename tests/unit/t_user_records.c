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
