/* t_norm.c — normalisation for matching, and its ASCII shortcut. */
#include <stdlib.h>

#include "harness.h"
#include "norm.h"

TEST(t_norm_known_forms)
{
	char out[128];

	norm_text("Sjögren's  Syndrome: α-synuclein (2nd ed.)", out, sizeof(out));
	CHECK_EQ_STR(out, "sjogren s syndrome alpha synuclein 2nd ed");
	norm_text("  --The Lancet--  ", out, sizeof(out));
	CHECK_EQ_STR(out, "the lancet");
	norm_name("O'Brien", 7, out, sizeof(out));
	CHECK_EQ_STR(out, "obrien");
	norm_name("Le-Roux", 7, out, sizeof(out));
	CHECK_EQ_STR(out, "leroux");
	CHECK_EQ_INT(norm_text("Abc Def", out, 5), 3); /* "abc" + room for NUL */
	CHECK_EQ_STR(out, "abc");
	CHECK(norm_journal_same("J Psychiatr Res",
				"Journal of Psychiatric Research"));
}

/* The shortcut for ASCII must give byte for byte what utf8proc gives, at
 * every output size: random printable and control characters. */
TEST(t_norm_ascii_equals_unicode)
{
	char s[64], a[48], b[48];

	srand(7);
	for (int it = 0; it < 20000; it++) {
		size_t n = (size_t)(rand() % 60), cap = (size_t)(rand() % 48);

		for (size_t i = 0; i < n; i++)
			s[i] = (char)(1 + rand() % 127);
		s[n] = '\0';
		memset(a, 'x', sizeof(a));
		memset(b, 'x', sizeof(b));
		size_t ka = norm_text(s, a, cap), kb = norm_text_unicode(s, b, cap);

		CHECK_EQ_INT(ka, kb);
		if (cap)
			CHECK_EQ_STR(a, b);
		if (ka != kb || (cap && strcmp(a, b))) {
			fprintf(stderr, "  input \"%s\" cap %zu\n", s, cap);
			break;
		}
	}
}
