/*
 * testhooks.h — the knobs the tests of interrupted ingests turn (issue
 * 18: tests/cli/t0183, t0184, tests/pg/t0172), and linkeval's memory
 * bound on PostgreSQL (tests/cli/t0187), and nothing else.  The
 * library never reads the environment nor prints: the CLI's main fills
 * ct_test_hooks from CITECTX_INGEST_BATCH, CITECTX_PG_SHIP_HOLD and
 * CITECTX_LINKEVAL_MEM_KB once,
 * before any thread starts, and writes the notes to standard error; a program
 * that sets nothing gets the defaults (every field 0 or NULL: full batches, no
 * hold, no note).
 */
#ifndef CT_TESTHOOKS_H
#define CT_TESTHOOKS_H

struct ct_test_hooks {
	/* a batch's articles at most; 0 (or past the pipeline's own
	 * limit): the pipeline's */
	int batch_articles;
	/* "N:open", "N:before", "N:after": batch N of an ingest into
	 * PostgreSQL waits 300 s with its SQLite transaction open, inside
	 * its PostgreSQL transaction before the COMMIT, or after it
	 * (ingest_pipeline.c, store_pg_ship.c); NULL: no hold */
	const char *ship_hold;
	/* a hold's note, one line without its newline (a test waits for
	 * it before it kills the run); NULL: none */
	void (*say)(const char *line);
	/* linkeval on PostgreSQL: the linking records held in memory at
	 * most this many KiB (store_pg_le.c); 0: half the machine's */
	long linkeval_mem_kb;
};
extern struct ct_test_hooks ct_test_hooks;

#endif
