/* t_find.c — finding works (issue 16): what a query is (identifier forms),
 * the FTS5 query built from a person's words (every chunk quoted, so no
 * input is syntax), hostile queries against the demo index, and the works
 * index in step through ingest, re-ingest and merges (ct_check). */
#include <string.h>

#include "citectx.h"
#include "find.h"
#include "fixture.h"
#include "harness.h"

static const struct {
	const char *q;
	int kind, maybe;
	const char *id;
} kinds[] = {
	{"10.1016/0022-3956(75)90026-6", FIND_DOI, 0, "doi:10.1016/0022-3956(75)90026-6"},
	{"  doi:10.1/abc ", FIND_DOI, 0, "doi:10.1/abc"},
	{"DOI: 10.1/abc", FIND_DOI, 0, "doi:10.1/abc"},
	{"https://doi.org/10.1/a%28b%29", FIND_DOI, 0, "doi:10.1/a(b)"},
	{"http://dx.doi.org/10.1/abc", FIND_DOI, 0, "doi:10.1/abc"},
	{"pmid:1202204", FIND_PMID, 0, "pmid:1202204"},
	{"PMID: 1202204", FIND_PMID, 0, "pmid:1202204"},
	{"1202204", FIND_PMID, 1, "pmid:1202204"},
	{"PMC3681386", FIND_PMCID, 0, "pmcid:PMC3681386"},
	{"pmcid:PMC3681386", FIND_PMCID, 0, "pmcid:PMC3681386"},
	{"citectx:12", FIND_ID, 0, "citectx:12"},
	{"Smith 2015", FIND_WORDS, 0, NULL},
	{"doi: is not", FIND_WORDS, 0, NULL},
	{"10.5 mg", FIND_WORDS, 0, NULL},
	{"1234567890", FIND_WORDS, 0, NULL},
	{"PMC", FIND_WORDS, 0, NULL},
};

TEST(t_find_classify)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(*kinds); i++) {
		char id[128] = "";
		int maybe = -1, k = find_classify(kinds[i].q, id, sizeof(id), &maybe);

		CHECK_EQ_INT(k, kinds[i].kind);
		CHECK_EQ_INT(maybe, kinds[i].maybe);
		if (kinds[i].id)
			CHECK_EQ_STR(id, kinds[i].id);
	}
}

static const struct {
	const char *q, *fts, *phrase;
	int year, rc;
} words[] = {
	{"Mini-Mental State", "\"Mini-Mental\" \"State\"*", "\"Mini-Mental State\"*", 0, 0},
	{"Smith 2015", "\"Smith\"", "\"Smith\"", 2015, 0},
	{"Smith (2015),", "\"Smith\"", "\"Smith\"", 2015, 0},
	{"2015 Smith", "\"Smith\"*", "\"Smith\"*", 2015, 0},
	{"2015", "\"2015\"*", "\"2015\"*", 0, 0},
	{"a \"b", "\"a\" \"\"\"b\"", "\"a \"\"b\"", 0, 0},
	{"NOT x AND", "\"NOT\" \"x\" \"AND\"*", "\"NOT x AND\"*", 0, 0},
	{"p<0.05 -", "\"p<0.05\"*", "\"p<0.05\"*", 0, 0},
	{"β-blocker", "\"β-blocker\"*", "\"β-blocker\"*", 0, 0},
	{" - ( ) ", NULL, NULL, 0, CT_EUSAGE},
	{"", NULL, NULL, 0, CT_EUSAGE},
};

TEST(t_find_fts_query)
{
	for (size_t i = 0; i < sizeof(words) / sizeof(*words); i++) {
		struct ct_buf f = CT_BUF_INIT, p = CT_BUF_INIT;
		struct ct_error err = {0};
		int year = -1, rc = find_fts_query(words[i].q, &f, &p, &year, &err);

		CHECK_EQ_INT(rc, words[i].rc);
		if (!rc) {
			CHECK_EQ_STR(f.ptr, words[i].fts);
			CHECK_EQ_STR(p.ptr, words[i].phrase);
			CHECK_EQ_INT(year, words[i].year);
		}
		ct_buf_release(&f);
		ct_buf_release(&p);
	}
}

/* Every byte FTS5 gives meaning to, alone and in company: never an error
 * other than "no words", and the demo's own title words find it. */
TEST(t_find_hostile_and_in_step)
{
	static const char *const hostile[] = {
		"\"", "(", ")", "*", "^", ":", "+", "-", "{title}: x", "NEAR(a b)",
		"a OR OR", "velorastat AND", "title:velorastat", "\"velo", "x\"y",
		"Alzheimer's", "COVID-19", "p<0.05", "10.1056/NEJMoa", "IL-1β",
		"doi:", "pmid:x", "PMCx", "'", "\\", "a\tb\nc",
	};
	char path[256];
	struct ct_index *idx = fx_index(path, sizeof(path), "find",
					"tests/data/demo", NULL);
	struct ct_buf out = CT_BUF_INIT, rep = CT_BUF_INIT;
	struct ct_error err = {0};

	CHECK(idx != NULL);
	if (!idx)
		return;
	for (size_t i = 0; i < sizeof(hostile) / sizeof(*hostile); i++) {
		int rc = ct_find_json(idx, hostile[i], 10, &out, &err);

		if (rc && rc != CT_EUSAGE)
			fprintf(stderr, "  %s: %s\n", hostile[i], err.msg);
		CHECK(rc == 0 || rc == CT_EUSAGE);
		ct_buf_reset(&out);
	}
	CHECK_EQ_INT(ct_find_json(idx, "randomised double-blind VELO-1", 1, &out,
				  &err), 0);
	CHECK(out.ptr && strstr(out.ptr, "\"id\":\"10.5555/citectx-demo.01\""));
	CHECK_EQ_INT(ct_check(idx, &rep, &err), 0);
	/* the same articles again: every work re-stored, nothing out of step */
	{
		struct ct_ingest_stats st = {0};

		CHECK_EQ_INT(ct_ingest_path(idx, "tests/data/cite", &st, NULL, NULL,
					    &err), 0);
		ct_ingest_stats_release(&st);
		CHECK_EQ_INT(ct_ingest_path(idx, "tests/data/demo", &st, NULL, NULL,
					    &err), 0);
		ct_ingest_stats_release(&st);
	}
	CHECK_EQ_INT(ct_check(idx, &rep, &err), 0);
	if (rep.len)
		fprintf(stderr, "  %s", rep.ptr);
	ct_buf_release(&out);
	ct_buf_release(&rep);
	fx_drop(idx, path);
}
