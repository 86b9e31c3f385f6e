/*
 * store_ingest_cols.h — the column lists of the row shapes that ingest and
 * linking read (store_ingest.c, store_link.c, store_walk.c), private to
 * the store layer (issue 17).
 *
 * Each list is an X-macro LIST(F, X): F names the first column, X every
 * later one, each as (NAME, "sql expression").  STORE_COLS(LIST) writes
 * the SELECT list ("a, b, c") that schema.c puts in the statement's text;
 * an enum written from the same list with STORE_COL_ENUM gives the
 * position of each column, so that a reader names the column it reads.
 */
#ifndef CT_STORE_INGEST_COLS_H
#define CT_STORE_INGEST_COLS_H
/* clang-format off */
/* (the column lists are laid out by hand, one column a line) */

#define STORE_COL_FIRST_(n, c) c
#define STORE_COL_NEXT_(n, c) ", " c
#define STORE_COLS(LIST) LIST(STORE_COL_FIRST_, STORE_COL_NEXT_)

/* SQL_W_BY_DOI, _PMID, _PMCID, _FP and SQL_AL_GET: the work found */
#define STORE_WORK_ID_COLS(F, X) F(ID, "id")
#define STORE_ALIAS_WORK_COLS(F, X) F(WORK, "work")

/* SQL_W_IDS: the identifiers of one work */
#define STORE_W_IDS_COLS(F, X)                                               \
	F(DOI, "doi") X(PMID, "pmid") X(PMCID, "pmcid") X(FP, "fp")          \
	X(INDEXED, "indexed")

/* SQL_LR_CANDS: one linking record l with the identifiers of its work w */
#define STORE_LR_CAND_COLS(F, X)                                             \
	F(WORK, "l.work") X(REF, "l.ref") X(TITLE, "l.title")                \
	X(SURNAME, "l.surname") X(YEAR, "l.year") X(VOLUME, "l.volume")      \
	X(FPAGE, "l.fpage") X(DOI, "w.doi") X(PMID, "w.pmid")                \
	X(PMCID, "w.pmcid") X(INDEXED, "w.indexed") X(ID, "l.id")

/* SQL_LR_KEYS: the blocking keys of one record; SQL_LR_MAXID */
#define STORE_LR_KEY_COLS(F, X) F(TKEY, "tkey") X(AKEY, "akey") X(PKEY, "pkey")
#define STORE_LR_MAX_COLS(F, X) F(MAX, "max(id)")

/* SQL_LE_REFS, SQL_LE_REF: a reference r as linkeval reads it */
#define STORE_LE_REFS_COLS(F, X)                                             \
	F(ID, "r.id") X(CITING, "r.citing") X(CITED, "r.cited")
#define STORE_LE_REF_COLS(F, X)                                              \
	STORE_LE_REFS_COLS(F, X)                                             \
	X(TITLE, "r.title") X(AUTHORS, "r.authors") X(YEAR, "r.year")        \
	X(VOLUME, "r.volume") X(FPAGE, "r.fpage") X(SOURCE, "r.source")      \
	X(DOI, "r.doi") X(PMID, "r.pmid") X(RAW, "r.raw")
/* SQL_LE_MENTIONS: references naming a work (SQL_LE_WORK, its brief, is
 * store_cols.h's STORE_WB_SQL) */
#define STORE_LE_COUNT_COLS(F, X) F(N, "count(*)")

/* SQL_S_TO_CLASSIFY: what the classifier reads of statement s */
#define STORE_S_CLASSIFY_COLS(F, X)                                          \
	F(ID, "id") X(TEXT, ST_TEXT("s")) X(SENT_START, "sent_start")        \
	X(SENT_END, "sent_end") X(MARKER, "marker")                          \
	X(SECTION_CLASS, "section_class")

/* SQL_S_SILVER_POOL: a statement s of a citing work w with a PMCID */
#define STORE_S_SILVER_COLS(F, X)                                            \
	F(PMCID, "w.pmcid") X(MARKER, "s.marker") X(SECTION, "s.section")    \
	X(SECTION_CLASS, "s.section_class") X(TEXT, ST_TEXT("s"))            \
	X(SENT_START, "s.sent_start") X(SENT_END, "s.sent_end")              \
	X(TYPE, "s.type") X(CONFIDENCE, "s.confidence") X(ID, "s.id")

/* SQL_SY_SOURCE: a statement s that synth.c clones; SQL_SY_SOURCES and
 * SQL_SY_BY_POPULARITY: ids */
#define STORE_SY_SOURCE_COLS(F, X)                                           \
	F(SECTION, "section") X(SECTION_CLASS, "section_class")              \
	X(TYPE, "type") X(CONFIDENCE, "confidence") X(SELF, "self")          \
	X(MARKER, "marker") X(TEXT, ST_TEXT("s")) X(SENT_START, "sent_start") \
	X(SENT_END, "sent_end") X(DUPS, "dups")
#define STORE_SY_ID_COLS(F, X) F(ID, "id")
#define STORE_SY_WORK_COLS(F, X) F(ID, "w.id")

/* clang-format on */
#endif
