/* fixture.h — a fresh index for a unit test: created under /tmp (named by
 * tag and pid), filled from `from` (a file or folder of tests/data), and
 * removed with its WAL files by fx_drop.  The ingest statistics are left
 * in *st when st is not NULL (release them with ct_ingest_stats_release). */
#ifndef CT_FIXTURE_H
#define CT_FIXTURE_H
#include <stddef.h>

#include "citectx.h"

struct ct_index *fx_index(char *path, size_t cap, const char *tag,
			  const char *from, struct ct_ingest_stats *st);
void fx_drop(struct ct_index *idx, const char *path);

#endif
