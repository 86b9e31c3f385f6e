#include "harness.h"
#include "jw.h"

/* jw_utf8_ok: what PostgreSQL takes as text (pg-load, check_text.c) */
TEST(t_jw_utf8_ok)
{
	static const struct {
		const char *s;
		size_t n;
		int ok;
	} v[] = {
	    {"", 0, 1},
	    {"plain", 5, 1},
	    {"t\xC3\xA9t\xC3\xA9", 6, 1},           /* é */
	    {"\xE2\x80\x9C" "a" "\xE2\x80\x9D", 7, 1}, /* quotes */
	    {"\xF0\x9F\x98\x80", 4, 1},             /* U+1F600 */
	    {"a\0b", 3, 0},                         /* NUL inside */
	    {"\xE9", 1, 0},                         /* Latin-1 é */
	    {"\xC0\xAF", 2, 0},                     /* overlong */
	    {"\xED\xA0\x80", 3, 0},                 /* surrogate */
	    {"\xF4\x90\x80\x80", 4, 0},             /* past U+10FFFF */
	    {"\xE9\x87", 2, 0},                     /* cut sequence */
	    {"\x80", 1, 0},                         /* lone continuation */
	};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		CHECK_EQ_INT(jw_utf8_ok(v[i].s, v[i].n), v[i].ok);
}
