/* fuzz_archive.c — libFuzzer target: bytes as a .tar.gz given to ingest
 * (libarchive, then each member through the whole pipeline into an
 * in-memory index, which must still pass its check). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "citectx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	static struct ct_index *idx;
	static char path[64];
	struct ct_ingest_stats st = {0};
	struct ct_buf rep = CT_BUF_INIT;
	struct ct_error err;
	FILE *f;

	if (!idx) {
		snprintf(path, sizeof(path), "/tmp/fuzz-archive-%d.tar.gz",
			 (int)getpid());
		if (ct_open(":memory:", 0, &idx, &err))
			abort();
	}
	f = fopen(path, "wb");
	if (!f)
		return 0;
	fwrite(data, 1, n, f);
	fclose(f);
	if (ct_ingest_path(idx, path, &st, NULL, NULL, &err) == 0 &&
	    ct_check(idx, &rep, &err) != 0)
		abort();
	ct_ingest_stats_release(&st);
	ct_buf_release(&rep);
	unlink(path);
	return 0;
}
