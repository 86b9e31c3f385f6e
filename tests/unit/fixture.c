/* fixture.c — fresh indexes for unit tests (see fixture.h). */
#include <stdio.h>
#include <unistd.h>

#include "fixture.h"
#include "harness.h"

struct ct_index *fx_index(char *path, size_t cap, const char *tag,
			  const char *from, struct ct_ingest_stats *st)
{
	struct ct_ingest_stats own = {0};
	struct ct_error err = {0};
	struct ct_index *idx = NULL;

	snprintf(path, cap, "/tmp/citectx-unit-%s-%d.db", tag, (int)getpid());
	unlink(path);
	if (ct_open(path, 0, &idx, &err))
		return NULL;
	CHECK_EQ_INT(ct_ingest_path(idx, from, st ? st : &own, NULL, NULL, &err),
		     0);
	ct_ingest_stats_release(&own);
	return idx;
}

void fx_drop(struct ct_index *idx, const char *path)
{
	char p[300];

	ct_close(idx);
	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}
