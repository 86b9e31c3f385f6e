/* fuzz_tei.c — libFuzzer target: bytes as a GROBID TEI document through
 * the XML parser, the TEI reader, bare-text references and statements. */
#include <stddef.h>
#include <stdint.h>

#include "cite.h"
#include "refparse.h"
#include "tei.h"
#include "xml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct ct_error err;
	struct xml_doc *x = NULL;
	struct stmts s = {0};
	struct doc d;

	doc_init(&d, "fuzz");
	if (xml_doc_parse((const char *)data, n, "fuzz", &x, &err) == 0 &&
	    tei_read(x, &d, &err) == 0) {
		refparse_doc(&d);
		if (cite_extract(&d, &s, &err) == 0)
			cite_release(&s);
	}
	xml_doc_free(x);
	doc_release(&d);
	return 0;
}
