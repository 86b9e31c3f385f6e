/* fuzz_jats.c — libFuzzer target: bytes as an article through the XML
 * parser, the JATS reader and statement extraction. */
#include <stddef.h>
#include <stdint.h>

#include "cite.h"
#include "jats.h"
#include "xml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct ct_error err;
	struct xml_doc *x = NULL;
	struct stmts s = {0};
	struct doc d;

	doc_init(&d, "fuzz");
	if (xml_doc_parse((const char *)data, n, "fuzz", &x, &err) == 0 &&
	    jats_read(x, &d, &err) == 0 && cite_extract(&d, &s, &err) == 0)
		cite_release(&s);
	xml_doc_free(x);
	doc_release(&d);
	return 0;
}
