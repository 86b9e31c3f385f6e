/* t_norm.c — normalisation for matching, and its ASCII shortcut. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "norm.h"
#include "text.h"

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

/* Whitespace collapsing (text.c) against a plain reference: one space for
 * each run of ASCII or wide whitespace between visible bytes, none at the
 * ends, across several textb_add calls; random pieces of text. */
static int ref_ws(const char *s)
{
	static const char *const ws[] = {" ", "\t", "\n", "\r", "\xC2\xA0",
					 "\xE2\x80\x83", "\xE2\x80\xAF"};

	for (size_t i = 0; i < sizeof(ws) / sizeof(*ws); i++)
		if (!strncmp(s, ws[i], strlen(ws[i])))
			return (int)strlen(ws[i]);
	return 0;
}

TEST(t_textb_collapse)
{
	static const char *const pieces[] = {"a", "bc", " ", "  ", "\t", "\n",
		"\x01", "\xC2\xA0", "\xE2\x80\x83", "\xE2\x80\xAF", "\xC2\xA9",
		"\xE2\x80\x94", " x", "y "};
	char in[3][64], want[256];
	struct textb t;

	srand(7);
	for (int round = 0; round < 20000; round++) {
		size_t w = 0;
		int owed = 0;

		textb_init(&t);
		for (int k = 0; k < 3; k++) {
			in[k][0] = '\0';
			for (int n = rand() % 6; n > 0; n--)
				strcat(in[k], pieces[rand() % (sizeof(pieces) /
							      sizeof(*pieces))]);
			textb_add(&t, in[k]);
			for (const char *p = in[k]; *p;) {
				int l = ref_ws(p);

				if (l) {
					owed = w > 0;
					p += l;
					continue;
				}
				if (owed)
					want[w++] = ' ';
				owed = 0;
				want[w++] = *p++;
			}
		}
		want[w] = '\0';
		CHECK_EQ_INT((int)t.b.len, (int)w);
		CHECK(t.b.len == w && (!w || !memcmp(t.b.ptr, want, w)));
		textb_release(&t);
	}
}
