/* fuzz_s2orc.c — libFuzzer target: bytes as S2ORC / CORD-19 JSON through
 * the JSON parser, the S2ORC reader (code-point offsets) and statements. */
#include <stddef.h>
#include <stdint.h>

#include "cite.h"
#include "json.h"
#include "s2orc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct ct_error err;
	struct json_doc *j = NULL;
	struct stmts s = {0};
	struct doc d;

	doc_init(&d, "fuzz");
	if (json_doc_parse((const char *)data, n, "fuzz", &j, &err) == 0 &&
	    s2orc_read(j, &d, &err) == 0 && cite_extract(&d, &s, &err) == 0)
		cite_release(&s);
	json_doc_free(j);
	doc_release(&d);
	return 0;
}
