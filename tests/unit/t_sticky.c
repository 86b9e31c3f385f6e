/* t_sticky.c — sticky output errors (issue 17 item 3): a ct_buf keeps its
 * first failure and refuses every later append; the JSON writer writes
 * nothing past it; each renderer, cut mid-document by a buffer ceiling,
 * returns an error instead of a cut document. */
#include <string.h>

#include "harness.h"
#include "citectx.h"
#include "buf.h"
#include "jw.h"

TEST(t_buf_sticky)
{
	struct ct_buf b = CT_BUF_INIT;

	ct_buf_limit(&b, 10);
	CHECK_EQ_INT(ct_buf_puts(&b, "12345678"), 0);
	CHECK_EQ_INT(ct_buf_puts(&b, "abc"), CT_ELIMIT); /* 11 > 10 */
	CHECK_EQ_INT(ct_buf_error(&b), CT_ELIMIT);
	/* sticky: an append that would fit is refused too, nothing written */
	CHECK_EQ_INT(ct_buf_putc(&b, 'x'), CT_ELIMIT);
	CHECK_EQ_INT(ct_buf_printf(&b, "%d", 1), CT_ELIMIT);
	CHECK_EQ_INT(ct_buf_put(&b, "", 0), CT_ELIMIT);
	CHECK_EQ_INT(b.len, 8);
	CHECK_EQ_STR(b.ptr, "12345678");
	/* reset empties and clears the error; the ceiling stays */
	ct_buf_reset(&b);
	CHECK_EQ_INT(ct_buf_error(&b), 0);
	CHECK_EQ_INT(ct_buf_puts(&b, "0123456789"), 0);
	CHECK_EQ_INT(ct_buf_putc(&b, 'x'), CT_ELIMIT);
	CHECK_EQ_INT(b.len, 10);
	ct_buf_release(&b);
	CHECK_EQ_INT(ct_buf_error(&b), 0);
	/* 0 restores the library's ceiling */
	ct_buf_limit(&b, 0);
	for (int i = 0; i < 100; i++)
		ct_buf_putc(&b, 'y');
	CHECK_EQ_INT(ct_buf_error(&b), 0);
	CHECK_EQ_INT(b.len, 100);
	ct_buf_release(&b);
}

TEST(t_buf_done_names_what)
{
	struct ct_buf b = CT_BUF_INIT;
	struct ct_error err = {0};

	ct_buf_limit(&b, 4);
	CHECK_EQ_INT(ct_buf_done(&b, &err, "report"), 0);
	ct_buf_puts(&b, "12345");
	CHECK_EQ_INT(ct_buf_done(&b, &err, "report of work 7"), CT_ELIMIT);
	CHECK_EQ_INT(err.code, CT_ELIMIT);
	CHECK_EQ_STR(err.msg, "report of work 7: output over 4 bytes");
	ct_buf_release(&b);
}

/* The writer stops at the failure: what it wrote is a prefix of the whole
 * document, cut at the ceiling, and the error is reported. */
static void jw_doc(struct ct_buf *b)
{
	struct jw w;

	jw_init(&w, b);
	jw_obj(&w);
	jw_kstr(&w, "title", "Caf\xc3\xa9 \"quoted\"\n");
	jw_key(&w, "n");
	jw_arr(&w);
	for (int i = 0; i < 20; i++)
		jw_int(&w, i * 1000);
	jw_arr_end(&w);
	jw_key(&w, "x");
	jw_num(&w, 0.25);
	jw_obj_end(&w);
}

TEST(t_jw_sticky)
{
	struct ct_buf whole = CT_BUF_INIT;

	jw_doc(&whole);
	CHECK_EQ_INT(ct_buf_error(&whole), 0);
	for (size_t cut = 1; cut < whole.len; cut += 7) {
		struct ct_buf b = CT_BUF_INIT;
		struct jw w;

		ct_buf_limit(&b, cut);
		jw_doc(&b);
		jw_init(&w, &b);
		CHECK_EQ_INT(jw_error(&w), CT_ELIMIT);
		CHECK(b.len <= cut);
		CHECK(!memcmp(b.ptr ? b.ptr : "", whole.ptr, b.len));
		ct_buf_release(&b);
	}
	ct_buf_release(&whole);
}

TEST(t_jw_depth_fails)
{
	struct ct_buf b = CT_BUF_INIT;
	struct jw w;

	jw_init(&w, &b);
	for (int i = 0; i < JW_DEPTH; i++)
		jw_arr(&w);
	CHECK_EQ_INT(jw_error(&w), 0);
	jw_arr(&w); /* one past the comma state: an error, not bad JSON */
	CHECK_EQ_INT(jw_error(&w), CT_ELIMIT);
	CHECK_EQ_INT(b.len, JW_DEPTH);
	ct_buf_release(&b);
}
