/* t_records.c — records people read (issue 16): references rendered
 * from their parts, the stored abstract's sections, the report's
 * headline with ties named as ties. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "buf.h"
#include "doc.h"
#include "record.h"
#include "summary.h"

TEST(t_records_vancouver)
{
	struct ct_buf b = CT_BUF_INIT;
	struct ref_parts p = {.authors = "Sedgewick G, Singhal S",
		.title = "Tiredness in a made-up population", .source = "Stud Fict Plann",
		.year = "2014", .volume = "45", .issue = "3", .fpage = "301",
		.lpage = "314", .doi = "10.5555/x.1", .etal = 1};

	ref_render(&b, &p);
	CHECK_EQ_STR(b.ptr, "Sedgewick G, Singhal S, et al. Tiredness in a made-up "
			    "population. Stud Fict Plann 2014;45(3):301-314. "
			    "doi:10.5555/x.1");
	/* a title that ends a sentence keeps its own mark; a book */
	ct_buf_reset(&b);
	p = (struct ref_parts){.authors = "Oyelaran F", .title = "Why rest?",
		.source = "Pretend Handbook", .edition = "2nd", .loc = "Lowmoor",
		.publisher = "Invented Press", .year = "2001", .fpage = "12", .lpage = "19"};
	ref_render(&b, &p);
	CHECK_EQ_STR(b.ptr, "Oyelaran F. Why rest? Pretend Handbook. 2nd ed. "
			    "Lowmoor: Invented Press; 2001. p. 12-19.");
	ct_buf_release(&b);
}

TEST(t_records_names_and_fields)
{
	struct ct_buf b = CT_BUF_INIT;
	struct doc d;
	struct doc_ref r = {.authors = "Brackenridge T; Oyelaran F",
		.title = "Quillwort", .source = "J Invent Trials", .year = 2019,
		.volume = "7", .fpage = "11"};
	char *s;

	ref_name_add(&b, "Brackenridge", "T. A.");
	ref_name_add(&b, "Pollard", "QT");
	CHECK_EQ_STR(b.ptr, "Brackenridge T. A, Pollard QT");
	ct_buf_release(&b);
	doc_init(&d, "t");
	s = ref_render_fields(&d, &r);
	CHECK(s != NULL);
	if (s)
		CHECK_EQ_STR(s, "Brackenridge T, Oyelaran F. Quillwort. J Invent "
				"Trials 2019;7:11.");
	doc_release(&d);
}

TEST(t_records_abstract_sections)
{
	struct ct_buf b = CT_BUF_INIT;
	const char *cur, *h, *t;
	size_t hn, tn;

	abstract_add(&b, "Background", "Fatigue is common.");
	abstract_add(&b, NULL, "It is poorly treated.");
	abstract_add(&b, "Findings", "Scores fell.");
	cur = b.ptr;
	CHECK(abstract_next(&cur, &h, &hn, &t, &tn));
	CHECK(h && hn == 10 && !strncmp(h, "Background", hn));
	CHECK(tn == 18 && !strncmp(t, "Fatigue is common.", tn));
	CHECK(abstract_next(&cur, &h, &hn, &t, &tn));
	CHECK(h == NULL && tn == 21);
	CHECK(abstract_next(&cur, &h, &hn, &t, &tn));
	CHECK(h && !strncmp(h, "Findings", hn) && !strncmp(t, "Scores fell.", tn));
	CHECK(!abstract_next(&cur, &h, &hn, &t, &tn));
	ct_buf_release(&b);
}

/* "most are in introduction sections (50%)" was said of a tie. */
TEST(t_records_headline_ties)
{
	struct ct_facet years[] = {{"2015", 2}, {"2016", 2}};
	struct ct_page p = {0};
	struct ct_buf b = CT_BUF_INIT;

	p.total = 4;
	p.facet_type[CT_TYPE_MENTIONING] = 4;
	p.facet_section[CT_SEC_INTRODUCTION] = 2;
	p.facet_section[CT_SEC_DISCUSSION] = 2;
	p.facet_year = years;
	p.nyears = 2;
	summary_headline(&b, &p, 3);
	CHECK(strstr(b.ptr, "introduction and discussion sections hold 50% each.") != NULL);
	CHECK(strstr(b.ptr, "Most") == NULL);
	CHECK(strstr(b.ptr, "most in 2015 and 2016 (tied).") != NULL);
	ct_buf_reset(&b);
	p.facet_section[CT_SEC_DISCUSSION] = 1;
	p.facet_section[CT_SEC_RESULTS] = 1;
	summary_headline(&b, &p, 3);
	CHECK(strstr(b.ptr, "More are in introduction sections (50%) than in any other.") != NULL);
	ct_buf_reset(&b);
	p.facet_section[CT_SEC_INTRODUCTION] = 3;
	p.facet_section[CT_SEC_RESULTS] = 0;
	summary_headline(&b, &p, 3);
	CHECK(strstr(b.ptr, "Most (75%) are in introduction sections.") != NULL);
	ct_buf_release(&b);
}
