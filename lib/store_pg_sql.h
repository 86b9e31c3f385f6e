/*
 * store_pg_sql.h — the PostgreSQL backend's own queries (store_pg_read.c),
 * by number: pgq_sql[k] is query k's text (store_pg_sql.c).  Private to
 * the PostgreSQL backend.
 */
#ifndef CT_STORE_PG_SQL_H
#define CT_STORE_PG_SQL_H

enum pgq {
	PGQ_W_BY_ID,
	PGQ_W_ID_DOI,
	PGQ_W_ID_PMID,
	PGQ_W_ID_PMCID,
	PGQ_AL_GET,
	PGQ_W_EXISTS,
	PGQ_CITING,
	PGQ_TALLIES,
	PGQ_AUTHORS,
	PGQ_RECORD,
	PGQ_RP_WORK,
	PGQ_ALIASES,
	PGQ_NREFS,
	PGQ_REFS_CITED,
	PGQ_REFS,
	PGQ_COCITERS,
	PGQ_COCITED_T,
	PGQ_COCITED,
	PGQ_COUPLED_T,
	PGQ_COUPLED,
	PGQ_NOTICE_BY,
	PGQ_NOTICES,
	PGQ_NOTICE_CONC,
	PGQ_NOTICE_OF,
	PGQ_POOL_IDS,
	PGQ_POOL,
	PGQ_TOP,
	PGQ_SCAN_ALL,
	PGQ_SCAN_CITED,
	PGQ_SCAN_CITING,
	PGQ_SCAN_BOTH,
	PGQ_STMT_IDS,
	PGQ_STMT,
	PGQ_STMT_KEY_IDS,
	PGQ_STMT_KEY,
	PGQ_SENTENCE_IDS,
	PGQ_SENTENCE_KEY,
	PGQ_SENTENCE,
	PGQ__COUNT
};

extern const char *const pgq_sql[PGQ__COUNT];

#endif
