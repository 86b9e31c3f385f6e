/* fuzz_md.c — libFuzzer target: bytes as a Markdown article through the
 * Markdown reader, the raw reference parser and statements. */
#include <stddef.h>
#include <stdint.h>

#include "cite.h"
#include "md.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct ct_error err;
	struct stmts s = {0};
	struct doc d;

	doc_init(&d, "ChinaXiv-202001.00001V1.md");
	if (md_read((const char *)data, n, &d, &err) == 0 &&
	    cite_extract(&d, &s, &err) == 0)
		cite_release(&s);
	doc_release(&d);
	return 0;
}
