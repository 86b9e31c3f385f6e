/* fuzz_sentence.c — libFuzzer target: the sentence splitter on arbitrary
 * bytes, with protected spans taken from the first bytes of the input;
 * checks the output contract (ordered, non-overlapping, in bounds). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "citectx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct ct_span prot[8], out[512];
	size_t np = 0, off = 0;
	uint32_t last = 0;
	int k;

	if (n > 0) {
		np = data[0] % 8;
		off = 1;
	}
	for (size_t i = 0; i < np && off + 2 <= n; i++, off += 2) {
		uint32_t a = last + data[off] % 32, b = a + 1 + data[off + 1] % 8;

		prot[i].start = a;
		prot[i].end = b;
		last = b;
	}
	k = ct_sentences((const char *)data + off, n - off, prot, np, out, 512);
	for (int i = 0; i < k; i++)
		if (out[i].start >= out[i].end || out[i].end > n - off ||
		    (i && out[i].start < out[i - 1].end))
			abort();
	return 0;
}
