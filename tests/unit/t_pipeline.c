/* t_pipeline.c — reader, statements and store on the team's own fixtures
 * (tests/data): counts asserted here are written in each fixture's header
 * comment and in tests/data/demo/EXPECTED.md, counted by hand. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "article.h"
#include "buf.h"
#include "cite.h"
#include "jats.h"
#include "jw.h"
#include "xml.h"

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	struct ct_buf b = CT_BUF_INIT;
	char chunk[4096];
	size_t k;

	if (!f)
		return NULL;
	while ((k = fread(chunk, 1, sizeof(chunk), f)) > 0)
		ct_buf_put(&b, chunk, k);
	fclose(f);
	*n = b.len;
	return ct_buf_detach(&b);
}

/* Reads a fixture and returns its statement count, -1 on error. */
static int count_statements(const char *path, int *expected, struct doc *d,
			    struct stmts *s)
{
	struct ct_error err = {0};
	struct xml_doc *x = NULL;
	size_t n = 0;
	char *data = slurp(path, &n);
	const char *e = data ? strstr(data, "expected: ") : NULL;
	int rc;

	if (!data)
		return -1;
	*expected = e ? atoi(e + 10) : -2;
	doc_init(d, path);
	rc = xml_doc_parse(data, n, path, &x, &err);
	if (!rc)
		rc = jats_read(x, d, &err);
	if (!rc)
		rc = cite_extract(d, s, &err);
	xml_doc_free(x);
	free(data);
	if (rc)
		fprintf(stderr, "  %s\n", err.msg);
	return rc ? -1 : (int)s->n;
}

TEST(t_edge_fixture_counts)
{
	static const char *const files[] = {"range", "multirid", "superscript",
		"authoryear", "nested", "noids"};

	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++) {
		char path[256];
		struct doc d;
		struct stmts s = {0};
		int want, got;

		snprintf(path, sizeof(path), "tests/data/edge/%s.nxml", files[i]);
		got = count_statements(path, &want, &d, &s);
		if (got != want)
			fprintf(stderr, "  %s: %d statements, want %d\n", path, got,
				want);
		CHECK_EQ_INT(got, want);
		cite_release(&s);
		doc_release(&d);
	}
}

/* [2–5] written as xref–xref cites B3 and B4 too, which have no xref. */
TEST(t_range_cites_between)
{
	struct doc d;
	struct stmts s = {0};
	int want, seen[16] = {0};

	count_statements("tests/data/edge/range.nxml", &want, &d, &s);
	for (size_t i = 0; i < s.n; i++)
		if (!strcmp(s.v[i].marker, "[2–5]") && s.v[i].ref < 16)
			seen[s.v[i].ref] = 1;
	CHECK(seen[1] && seen[2] && seen[3] && seen[4]);
	CHECK(!seen[0] && !seen[5]);
	cite_release(&s);
	doc_release(&d);
}

/* article_classify labels a statement that repeats the one before (same
 * sentence, marker and section: "[2–5]") by copying; every label must
 * still be what the classifier gives that statement alone, including the
 * statements of one sentence with different markers ("[3], whereas ...
 * [5]"); fails when the copy ignores the marker (checked). */
TEST(t_classify_repeats)
{
	static const char *const files[] = {"edge/range", "edge/multirid",
		"edge/noids", "edge/authoryear", "edge/nested", "edge/superscript",
		"cite/specials", "demo/demo01", "demo/demo05", "demo/demo07", "demo/demo09"};
	struct ct_error err = {0};
	struct ct_model *m = NULL;
	int copies = 0, others = 0;

	if (ct_model_default(&m, &err) == CT_ENOTFOUND)
		return; /* a build without models/default.model */
	CHECK(m != NULL);
	for (size_t f = 0; m && f < sizeof(files) / sizeof(*files); f++) {
		char path[256];
		struct doc d;
		struct stmts s = {0};
		struct ct_label *got, want;
		int n;

		snprintf(path, sizeof(path), "tests/data/%s.nxml", files[f]);
		count_statements(path, &n, &d, &s);
		got = calloc(s.n + 1, sizeof(*got));
		CHECK(s.n > 0 && got != NULL);
		article_classify(&d, &s, m, got);
		for (size_t i = 0; got && i < s.n; i++) {
			const struct stmt *x = &s.v[i];

			ct_classify(m, x->text, x->sent_start, x->sent_end,
				    x->marker, d.secs[d.paras[x->para].section].cls,
				    &want);
			CHECK_EQ_INT(got[i].type, want.type);
			CHECK(got[i].confidence == want.confidence);
			if (i > 0 && !strcmp(x->text, s.v[i - 1].text) &&
			    x->sent_start == s.v[i - 1].sent_start)
				!strcmp(x->marker, s.v[i - 1].marker) ? copies++
								      : others++;
		}
		free(got);
		cite_release(&s);
		doc_release(&d);
	}
	CHECK(copies >= 3 && others >= 1); /* both cases were met */
	ct_model_free(m);
}

/* A marker glued after the full stop belongs to the sentence it ends. */
TEST(t_superscript_after_period)
{
	struct doc d;
	struct stmts s = {0};
	int want, found = 0;

	count_statements("tests/data/edge/superscript.nxml", &want, &d, &s);
	for (size_t i = 0; i < s.n; i++) {
		const struct stmt *st = &s.v[i];
		const char *sent = st->text + st->sent_start;
		size_t n = st->sent_end - st->sent_start;

		if (st->ref == 0 && n > 10 &&
		    !strncmp(sent, "The fictional compound was well tolerated.", 42))
			found = 1;
	}
	CHECK(found);
	cite_release(&s);
	doc_release(&d);
}

TEST(t_demo_metadata)
{
	struct doc d;
	struct stmts s = {0};
	int want;

	count_statements("tests/data/demo/demo01.nxml", &want, &d, &s);
	CHECK_EQ_STR(d.meta.doi, "10.5555/citectx-demo.01");
	CHECK_EQ_STR(d.meta.pmid, "90000001");
	CHECK_EQ_STR(d.meta.pmcid, "PMC9900001");
	CHECK_EQ_INT(d.meta.year, 2015);
	CHECK(d.meta.nauthors == 4);
	CHECK(d.meta.authors[0].aff != NULL);
	CHECK(d.meta.abstract && strstr(d.meta.abstract, "fictional"));
	CHECK(d.meta.license != NULL);
	CHECK_EQ_INT(d.nrefs, 4);
	cite_release(&s);
	doc_release(&d);
}

TEST(t_section_classes)
{
	CHECK_EQ_INT(doc_section_class(NULL, "1. Introduction"), CT_SEC_INTRODUCTION);
	CHECK_EQ_INT(doc_section_class(NULL, "Background"), CT_SEC_INTRODUCTION);
	CHECK_EQ_INT(doc_section_class(NULL, "Materials and Methods"), CT_SEC_METHODS);
	CHECK_EQ_INT(doc_section_class(NULL, "Statistical analysis"), CT_SEC_METHODS);
	CHECK_EQ_INT(doc_section_class(NULL, "RESULTS"), CT_SEC_RESULTS);
	CHECK_EQ_INT(doc_section_class(NULL, "Results and discussion"), CT_SEC_RESULTS);
	CHECK_EQ_INT(doc_section_class(NULL, "Conclusions"), CT_SEC_DISCUSSION);
	CHECK_EQ_INT(doc_section_class("discussion", "Comment"), CT_SEC_DISCUSSION);
	CHECK_EQ_INT(doc_section_class(NULL, "Acknowledgements"), CT_SEC_OTHER);
}

TEST(t_identifiers)
{
	struct doc d;

	doc_init(&d, "t");
	CHECK_EQ_STR(doc_norm_doi(&d, "https://doi.org/10.1000/ABC.1."), "10.1000/abc.1");
	CHECK_EQ_STR(doc_norm_doi(&d, "doi:10.1016/0022-3956(75)90026-6"),
		     "10.1016/0022-3956(75)90026-6");
	CHECK(doc_norm_doi(&d, "not a doi") == NULL);
	CHECK_EQ_STR(doc_norm_pmcid(&d, "PMC0012345"), "PMC12345");
	CHECK_EQ_STR(doc_norm_pmid(&d, " 1202204 "), "1202204");
	CHECK(doc_norm_pmid(&d, "12a4") == NULL);
	doc_release(&d);
}

/* Hostile XML: an external entity must not be read, an internal one must
 * not be expanded into a bomb, deep nesting is refused. */
TEST(t_xml_untrusted)
{
	static const char xxe[] =
		"<?xml version=\"1.0\"?><!DOCTYPE article [<!ENTITY x SYSTEM "
		"\"file:///etc/passwd\">]><article><body><p>&x;</p></body></article>";
	static const char bomb[] =
		"<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY a \"aaaaaaaaaa\">"
		"<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
		"<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
		"<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]>"
		"<article><body><p>&d;&d;&d;&d;&d;&d;&d;&d;</p></body></article>";
	struct ct_error err = {0};
	struct xml_doc *x = NULL;
	struct ct_buf deep = CT_BUF_INIT;
	struct doc d;

	if (xml_doc_parse(xxe, sizeof(xxe) - 1, "xxe", &x, &err) == 0) {
		doc_init(&d, "xxe");
		CHECK_EQ_INT(jats_read(x, &d, &err), 0);
		CHECK(d.nparas == 0 || !strstr(d.paras[0].text, "root:"));
		doc_release(&d);
		xml_doc_free(x);
	}
	if (xml_doc_parse(bomb, sizeof(bomb) - 1, "bomb", &x, &err) == 0) {
		doc_init(&d, "bomb");
		CHECK_EQ_INT(jats_read(x, &d, &err), 0);
		CHECK(d.nparas == 0 || d.paras[0].len < 1000);
		doc_release(&d);
		xml_doc_free(x);
	}
	for (int i = 0; i < 5000; i++)
		ct_buf_puts(&deep, "<a>");
	CHECK(xml_doc_parse(deep.ptr, deep.len, "deep", &x, &err) != 0);
	CHECK(strstr(err.msg, "deep") == err.msg);
	ct_buf_release(&deep);
}

TEST(t_json_writer_escapes)
{
	struct ct_buf b = CT_BUF_INIT;
	struct jw w;

	jw_init(&w, &b);
	jw_obj(&w);
	jw_kstr(&w, "a", "q\"\\\n\x01 \xff é");
	jw_key(&w, "b");
	jw_arr(&w);
	jw_int(&w, 1);
	jw_null(&w);
	jw_arr_end(&w);
	jw_obj_end(&w);
	CHECK_EQ_STR(b.ptr, "{\"a\":\"q\\\"\\\\\\u000a\\u0001 \xEF\xBF\xBD é\","
			    "\"b\":[1,null]}");
	ct_buf_release(&b);
}
