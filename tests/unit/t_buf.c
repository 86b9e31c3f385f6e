#include "harness.h"
#include "citectx.h"
#include "buf.h"

TEST(t_buf_grow)
{
	struct ct_buf b = CT_BUF_INIT;

	for (int i = 0; i < 1000; i++)
		CHECK_EQ_INT(ct_buf_printf(&b, "%d,", i % 10), 0);
	CHECK_EQ_INT(b.len, 2000);
	CHECK_EQ_INT(b.ptr[b.len], '\0');
	ct_buf_release(&b);
	CHECK(b.ptr == NULL);
}
