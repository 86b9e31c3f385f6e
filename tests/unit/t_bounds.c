/* t_bounds.c — the bounds per article and the strict inputs of issue 19:
 * a hostile paragraph yields bounded statements, a repeated cue cannot
 * push confidence past what two give, user IDs are parsed whole. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "buf.h"
#include "cite.h"
#include "classify.h"
#include "fixture.h"
#include "jats.h"
#include "xml.h"

/* One paragraph of nwords filler words without a full stop, citing the
 * range [a–a+199] of nrefs references every gap words (as
 * scripts/hostile-article.sh does, smaller). */
static void hostile(struct ct_buf *b, int nwords, int gap, int nrefs)
{
	static const char *const w[] = {"lorem", "ipsum", "dolor", "sit", "amet"};
	int r = 0;

	/* numbered words: no two sentences alike, so none is folded as a
	 * repeat (cite.c dedupe) */
	ct_buf_puts(b, "<article><front><article-meta><article-id pub-id-type="
		    "\"doi\">10.5555/citectx-unit.hostile</article-id>"
		    "</article-meta></front><body><sec><title>Introduction"
		    "</title><p>");
	for (int i = 1; i <= nwords; i++) {
		ct_buf_printf(b, "%s%d ", w[i % 5], i);
		if (i % gap == 0) {
			int a = r % (nrefs - 199) + 1;

			ct_buf_printf(b, "[<xref ref-type=\"bibr\" rid=\"B%d\">%d"
				      "</xref>\xe2\x80\x93<xref ref-type=\"bibr\" "
				      "rid=\"B%d\">%d</xref>] ", a, a, a + 199,
				      a + 199);
			r = a + 199;
		}
	}
	ct_buf_puts(b, "</p></sec></body><back><ref-list>");
	for (int k = 1; k <= nrefs; k++)
		ct_buf_printf(b, "<ref id=\"B%d\"><label>%d</label><mixed-citation>"
			      "Invented study %d.</mixed-citation></ref>", k, k, k);
	ct_buf_puts(b, "</ref-list></back></article>");
}

static int read_doc(const struct ct_buf *b, struct doc *d, struct stmts *s)
{
	struct ct_error err = {0};
	struct xml_doc *x = NULL;
	int rc;

	doc_init(d, "hostile.nxml");
	d->bytes = b->len;
	rc = xml_doc_parse(b->ptr, b->len, "hostile.nxml", &x, &err);
	if (!rc)
		rc = jats_read(x, d, &err);
	if (!rc)
		rc = cite_extract(d, s, &err);
	xml_doc_free(x);
	if (rc)
		fprintf(stderr, "  %s\n", err.msg);
	return rc;
}

/* Every bound of cite.c holds on one 200 KB sentence citing [1–200]
 * ranges, and the ingest is told: without the window a statement holds
 * the whole paragraph; without the group and sentence caps there are
 * thousands of statements. */
TEST(t_bounds_hostile_paragraph)
{
	struct ct_buf b = CT_BUF_INIT;
	struct doc d;
	struct stmts s = {0};
	char note[600];
	size_t per_marker = 0;

	hostile(&b, 40000, 40, 1000);
	CHECK_EQ_INT(read_doc(&b, &d, &s), 0);
	CHECK(s.n > 0 && s.n <= 256);	  /* SENT_STMTS_MAX: one sentence */
	CHECK(d.refs_cut > 0);		  /* DOC_GROUP_REFS_MAX */
	CHECK(s.cut_sents > 0);
	for (size_t i = 0; i < s.n; i++) {
		const struct stmt *x = &s.v[i];

		CHECK(strlen(x->text) <= 3 * 2560 + 12);
		CHECK(x->sent_end <= strlen(x->text));
		CHECK(strstr(x->text + x->sent_start, x->marker) != NULL);
		CHECK(strstr(x->text, "\xe2\x80\xa6") != NULL); /* the cut */
		per_marker = i && !strcmp(x->marker, s.v[i - 1].marker)
				     ? per_marker + 1 : 1;
		CHECK(per_marker <= 100);
	}
	CHECK(cite_bounds_note(&d, &s, note, sizeof(note)) == 1);
	CHECK(strstr(note, "hostile.nxml: stored truncated: ") == note);
	CHECK(strstr(note, "citing sentences over 2560 bytes cut") != NULL);
	cite_release(&s);
	doc_release(&d);
	ct_buf_release(&b);
}

/* Many short sentences each citing 100 references: the article's own
 * bound (statements per byte of file) stops it. */
TEST(t_bounds_article_statements)
{
	struct ct_buf b = CT_BUF_INIT;
	struct doc d;
	struct stmts s = {0};

	hostile(&b, 3000, 1, 400);
	/* full stops: "sit3. Amet4" ends a sentence every five words */
	for (size_t i = 0; i + 6 < b.len; i++)
		if (!memcmp(b.ptr + i, " amet", 5))
			memcpy(b.ptr + i, ". Ame", 5);
	CHECK_EQ_INT(read_doc(&b, &d, &s), 0);
	CHECK(s.n <= 1024 + b.len / 32);
	CHECK(s.dropped > 0);
	CHECK(s.bounds & CITE_BOUND_ARTICLE);
	cite_release(&s);
	doc_release(&d);
	ct_buf_release(&b);
}

/* A real article is left whole: nothing cut, nothing dropped. */
TEST(t_bounds_demo_untouched)
{
	FILE *f = fopen("tests/data/demo/demo01.nxml", "rb");
	struct ct_buf b = CT_BUF_INIT;
	char chunk[4096], note[600];
	size_t n;
	struct doc d;
	struct stmts s = {0};

	CHECK(f != NULL);
	while (f && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		ct_buf_put(&b, chunk, n);
	if (f)
		fclose(f);
	CHECK_EQ_INT(read_doc(&b, &d, &s), 0);
	CHECK(s.n > 0);
	CHECK_EQ_INT(cite_bounds_note(&d, &s, note, sizeof(note)), 0);
	cite_release(&s);
	doc_release(&d);
	ct_buf_release(&b);
}

/* Repeating a cue ten times gives no more than three times (every
 * feature, the cue's and the n-grams across the repeats, capped at two
 * copies): without the cap confidence climbs toward 1.0. */
TEST(t_classify_cue_repeat_cap)
{
	static const char three[] = "Our results are consistent with, consistent "
				    "with, consistent with [3].";
	struct ct_buf ten = CT_BUF_INIT;
	struct ct_error err = {0};
	struct ct_model *m = NULL;
	struct ct_label a, c;
	struct cls_feats *f = calloc(1, sizeof(*f));
	size_t copies = 0;

	ct_buf_puts(&ten, "Our results are consistent with");
	for (int i = 1; i < 10; i++)
		ct_buf_puts(&ten, ", consistent with");
	ct_buf_puts(&ten, " [3].");
	CHECK(f != NULL);
	if (f) {
		f->want_names = 1;
		cls_features(ten.ptr, 0, ten.len, "[3]", -1, f);
		for (size_t i = 0; i < f->n; i++)
			for (size_t k = 0; k < i; k++)
				copies += f->id[k] == f->id[i];
		/* no id three times: every pair (k < i) of equal ids counted,
		 * a feature twice is one pair */
		for (size_t i = 0; i < f->n; i++) {
			size_t same = 0;

			for (size_t k = 0; k < f->n; k++)
				same += f->id[k] == f->id[i];
			CHECK(same <= 2);
		}
		CHECK(copies > 0); /* the repeats do count, twice */
		cls_feats_release(f);
		free(f);
	}
	if (ct_model_default(&m, &err) != CT_ENOTFOUND) {
		CHECK(m != NULL);
		ct_classify(m, three, 0, strlen(three), "[3]", -1, &a);
		ct_classify(m, ten.ptr, 0, ten.len, "[3]", -1, &c);
		CHECK_EQ_INT(c.type, a.type);
		CHECK(c.confidence <= a.confidence + 1e-6);
		ct_model_free(m);
	}
	ct_buf_release(&ten);
}

/* IDs are parsed whole: junk before, after or instead of the digits is a
 * usage error, never a lookup of the digits it holds. */
TEST(t_index_strict_ids)
{
	static const char *const bad[] = {"citectx:-5", "citectx:1<script>",
		"citectx:+1", "citectx: 1", "citectx:0", "citectx:", "pmid:-1",
		"pmid:x1", "pmid:1x", "pmid:0", "pmid:1234567890123", "PMC12x",
		"pmcid:PMC-1", "pmcid:", "doi:junk10.5555/citectx-demo.01",
		"10.5555/citectx-demo.01<script>", "sha:ab cd", "s2:", "banana"};
	static const char *const good[] = {"citectx:1", "pmid:90000001",
		"PMC9900001", "pmcid:PMC9900001", "pmcid:9900001",
		"10.5555/citectx-demo.01", "doi:10.5555/CITECTX-DEMO.01",
		"https://doi.org/10.5555/citectx-demo.01"};
	char path[256];
	struct ct_index *idx = fx_index(path, sizeof(path), "ids",
					"tests/data/demo", NULL);
	struct ct_error err = {0};
	int64_t w;

	CHECK(idx != NULL);
	for (size_t i = 0; idx && i < sizeof(bad) / sizeof(*bad); i++) {
		int rc = ct_resolve(idx, bad[i], &w, &err);

		if (rc != CT_EUSAGE)
			fprintf(stderr, "  %s: %d\n", bad[i], rc);
		CHECK_EQ_INT(rc, CT_EUSAGE);
		CHECK(strncmp(err.msg, bad[i], strlen(bad[i])) == 0);
	}
	for (size_t i = 0; idx && i < sizeof(good) / sizeof(*good); i++) {
		int rc = ct_resolve(idx, good[i], &w, &err);

		if (rc)
			fprintf(stderr, "  %s: %s\n", good[i], err.msg);
		CHECK_EQ_INT(rc, 0);
	}
	fx_drop(idx, path);
}
