/* fuzz_query.c — libFuzzer target: arbitrary search text and cursors
 * against an index of the demo corpus (run from the repository root).
 * Any input must give a page or a usage error, never a crash. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "citectx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	static struct ct_index *idx;
	struct ct_ingest_stats st = {0};
	struct ct_query q = {.limit = 5};
	struct ct_error err;
	struct ct_page p;
	char *text;
	size_t cut;

	if (!idx) {
		if (ct_open(":memory:", 0, &idx, &err) ||
		    ct_ingest_path(idx, "tests/data/demo", &st, NULL, NULL, &err))
			abort();
		ct_ingest_stats_release(&st);
	}
	text = malloc(n + 1);
	if (!text)
		return 0;
	memcpy(text, data, n);
	text[n] = '\0';
	cut = strlen(text);
	q.text = text;
	q.sort = n ? data[0] % 4 : 0;
	q.cursor = cut < n ? text + cut + 1 : NULL;
	if (ct_query_statements(idx, &q, &p, &err) == 0)
		ct_page_release(&p);
	free(text);
	return 0;
}
