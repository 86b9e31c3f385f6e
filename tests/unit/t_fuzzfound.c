/* t_fuzzfound.c — what the fuzz targets found, each input kept as a
 * test.  Readers take (data, len), never a C string: every input here
 * sits in a buffer of exactly its length, so that ASan (make test) sees a
 * read one byte past it. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "doc.h"
#include "md.h"

/* md_read on a copy of s[0..n) in a buffer of exactly n bytes. */
static int md_exact(const char *s, size_t n, struct doc *d)
{
	char *buf = malloc(n ? n : 1);
	struct ct_error err = {0};
	int rc;

	if (!buf)
		return CT_ENOMEM;
	memcpy(buf, s, n);
	doc_init(d, "ChinaXiv-202001.00001V1.md");
	rc = md_read(buf, n, d, &err);
	free(buf);
	return rc;
}

/* fuzz_md, 2026-11-23: a reference entry "[1" on the last line, with no
 * newline after it: the label's digits were counted by strspn past the
 * end of the input.  The input as the fuzzer saved it. */
static const char md_crash_1[] =
	"# \xe6\xad\xa5<td>[2]</td><# \xe6\xad\xa5\xe8\xa1\x8c\xe0\xb8\x8e"
	"\xe7\x9d\xa1\xe7\n\x1b" "1] Ames TB, Qu\x01\0\0\0il~ R (2010)figd"
	"\xa3" "e.jpg)\n\n# References\n\n[1";

TEST(t_fuzz_md_entry_at_end)
{
	static const struct {
		const char *text;
		size_t refs;
		const char *label;
	} cases[] = {
		{"# T\n\n# References\n\n[1", 0, NULL},
		{"# T\n\n# References\n\n12", 0, NULL},
		{"# T\n\n# References\n\n[12] Ames TB. A title. 2010", 1, "12"},
		{"# T\n\n# References\n\n7. Ames TB. A title. 2010", 1, "7"},
		{"# T\n\n# References\n\n[123456] Too long a number", 0, NULL},
		{"# T\n\n# Introduction\n\n!", 0, NULL},
	};
	struct doc d;

	CHECK_EQ_INT(md_exact(md_crash_1, sizeof(md_crash_1) - 1, &d), 0);
	doc_release(&d);
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		CHECK_EQ_INT(md_exact(cases[i].text, strlen(cases[i].text), &d), 0);
		CHECK_EQ_INT(d.nrefs, cases[i].refs);
		if (cases[i].label && d.nrefs)
			CHECK_EQ_STR(d.refs[0].label, cases[i].label);
		doc_release(&d);
	}
}
