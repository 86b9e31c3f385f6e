/*
 * store_pg_sql.c — the SQL texts of the PostgreSQL backend's reads
 * (store_pg_sql.h), apart from the code that runs them (store_pg_read.c).
 */
#include "schema.h"
#include "schema_report.h"
#include "store_cols.h"
#include "store_pg_sql.h"

/* The scan's rows (store_cols.h STORE_SCAN_COLS): no rank without a
 * text query, the sentence's first statement. */
#define PG_SCAN STORE_SCAN_SQL "0.0::float8, s.id - s.sctx FROM statements s"
/* A work's brief after its id (store_cols.h STORE_WORK_BRIEF_COLS). */
#define PG_BRIEF(a)                                                            \
	", " a ".doi, " a ".pmid, " a ".pmcid, " a ".title, " a ".year"
/* the same, of the one table read */
#define PG_WCOLS ", doi, pmid, pmcid, title, year"

/* Citus plans a query whose tables are in different colocation groups
 * only when each part is a query of its own: the CTEs below are
 * MATERIALIZED, so each is one distributed query (a router query where it
 * names the distribution key), and the last SELECT joins their results
 * on the coordinator.  Plain PostgreSQL answers the same rows. */
/* the texts of the runs' leads of the statements of CTE s, on their
 * citing works' shards (leads): c the citing works' ids, l the leads'
 * (id arrays from the query's first step, pg_stmt_run) */
#define PG_LEADS(c, l)                                                         \
	"x AS MATERIALIZED (SELECT id, text FROM leads WHERE citing = ANY (" c \
	"::bigint[]) AND id = ANY (" l "::bigint[]))"
/* the works of ids w (an id array) */
#define PG_WORKS(w)                                                            \
	"w AS MATERIALIZED (SELECT id" PG_WCOLS                                \
	" FROM works WHERE id = ANY (" w "::bigint[]))"
/* a statement's context text: its own or its run's lead's (ST_TEXT) */
#define PG_TEXT "(CASE WHEN s.ctx = 0 THEN s.text ELSE x.text END)"
/* the references of the statements of CTE s, on their citing works'
 * shards: c the citing works' ids, f the references' */
#define PG_REFOF(c, f)                                                         \
	"r AS MATERIALIZED (SELECT citing, id, raw FROM refs WHERE citing ="   \
	" ANY (" c "::bigint[]) AND id = ANY (" f "::bigint[]))"
/* the same from CTE s's ids (every shard) */
#define PG_REFOF_S                                                             \
	"r AS MATERIALIZED (SELECT citing, id, raw FROM refs WHERE citing ="   \
	" ANY (ARRAY(SELECT citing FROM s)) AND id = ANY (ARRAY(SELECT ref"    \
	" FROM s)))"
/* the summary pool of $1: its first $2 statements (PGQ_POOL) */
#define PG_POOL_S                                                              \
	"WITH s AS MATERIALIZED (SELECT id, type, confidence, section_class,"  \
	" ctx, text, sent_start, sent_end, citing, NULL::bigint AS cited, 0"   \
	" AS ref FROM statements WHERE dkey = $1::bigint AND cited ="          \
	" $1::bigint ORDER BY year DESC NULLS LAST, type DESC,"                \
	" section_class DESC, self DESC, confidence DESC, pubtype COLLATE"     \
	" \"C\" DESC NULLS LAST, jself DESC, sctx DESC, id DESC"               \
	" LIMIT $2::bigint)"
/* the statements of sentence $1 in the citing work $2 */
#define PG_SENT_S                                                              \
	"WITH s AS MATERIALIZED (SELECT id, citing, cited, ref, marker, "      \
	"model,"                                                               \
	" type, confidence, self, jself FROM citing_stmts WHERE citing ="      \
	" $2::bigint AND id BETWEEN $1::bigint AND $1::bigint + 63"            \
	" AND id - sctx = $1::bigint)"
/* A first step's ids (pg_stmt_run): citing work, cited work, run's lead
 * (NULL for none), reference of the statements of CTE s */
#define PG_IDS                                                                 \
	"SELECT citing, cited, CASE WHEN ctx <> 0 THEN id - ctx END, ref"      \
	" FROM s"
/* the statement the condition names */
#define PG_STMT_S(where)                                                       \
	"WITH s AS MATERIALIZED (SELECT id, citing, cited, section,"           \
	" section_class, type, confidence, self, ctx, text, sent_start,"       \
	" sent_end, marker, dups, pubtype, jself, model, ref FROM statements"  \
	" WHERE " where ")"
/* store_cols.h STORE_STMT_COLS over the CTEs of PG_STMT */
#define PG_STMT_SEL                                                            \
	" SELECT s.id, s.citing, cw.doi, cw.pmid, cw.pmcid, cw.title,"         \
	" cw.year, s.cited, dw.doi, dw.pmid, dw.pmcid, dw.title, dw.year,"     \
	" s.section, s.section_class, s.type, s.confidence, s.self, " PG_TEXT  \
	", s.sent_start, s.sent_end, s.marker, s.dups, s.pubtype, s.jself,"    \
	" s.model, r.raw FROM s JOIN w cw ON cw.id = s.citing LEFT JOIN w dw"  \
	" ON dw.id = s.cited LEFT JOIN x ON x.id = s.id - s.ctx"               \
	" LEFT JOIN r ON r.citing = s.citing AND r.id = s.ref"
/* the statement the condition names, its works, lead and reference by
 * the id arrays c, w, l, f (pg_stmt_run: citing works, all works,
 * leads, references) */
#define PG_STMT(where, c, w, l, f)                                             \
	PG_STMT_S(where)                                                       \
	", " PG_WORKS(w) ", " PG_LEADS(c, l) ", " PG_REFOF(c, f) PG_STMT_SEL

/* co-citation's counts: the works the citers $3 (an id array) cite,
 * by how many of them, the first $2 */
#define PG_COCITED_T                                                           \
	"SELECT cited, count(DISTINCT citing) AS n FROM refs"                  \
	" WHERE citing = ANY ($3::bigint[]) AND cited IS NOT NULL"             \
	" AND cited <> $1::bigint GROUP BY cited ORDER BY n DESC, cited"       \
	" LIMIT $2::bigint"
/* coupling's counts: the latest $2 citers of each work of $4 (an id
 * array), the other citers by how many of them they share, the first $3 */
#define PG_COUPLED_T                                                           \
	"SELECT citing, count(DISTINCT cited) AS n FROM (SELECT citing,"       \
	" cited, row_number() OVER (PARTITION BY cited ORDER BY citing DESC)"  \
	" AS k FROM cited_by WHERE cited = ANY ($4::bigint[])) AS x"           \
	" WHERE k <= $2::bigint AND citing <> $1::bigint GROUP BY citing"      \
	" ORDER BY n DESC, citing LIMIT $3::bigint"

/* The SQL of each query; $n are text parameters, cast where the server
 * could not tell their type.  The select lists are SQLite's own where
 * their SQL is PostgreSQL's too (schema_report.h, store_cols.h), so the
 * rows are read by the same column names; where a list differs (a
 * statement's reference found by its citing work first, the key of its
 * shard), it is written here in the same order. */
const char *const pgq_sql[PGQ__COUNT] = {
    [PGQ_W_BY_ID] = "SELECT id FROM works WHERE id = $1::bigint",
    /* a DOI, PMID, PMCID: the work identifiers names ('doi:...', on the
     * identifier's shard), then its row by id (on the work's), the same
     * work as works WHERE doi = $1 (every shard): pg-load puts each
     * work's own first, and no two works share one */
    [PGQ_W_ID_DOI] = "SELECT id FROM works WHERE id = $1::bigint"
                     " AND doi = $2",
    [PGQ_W_ID_PMID] = "SELECT id FROM works WHERE id = $1::bigint"
                      " AND pmid = $2",
    [PGQ_W_ID_PMCID] = "SELECT id FROM works WHERE id = $1::bigint"
                       " AND pmcid = $2",
    [PGQ_AL_GET] = "SELECT work FROM identifiers WHERE xid = $1",
    [PGQ_W_EXISTS] = "SELECT id FROM works WHERE id = $1::bigint",
    /* on the cited work's shard (cited_by: refs by cited work) */
    [PGQ_CITING] = "SELECT count(DISTINCT citing) FROM cited_by"
                   " WHERE cited = $1::bigint",
    [PGQ_TALLIES] = SQL_SELECT(
        RP_TALLY_COLS) " FROM statements"
                       " WHERE dkey = $1::bigint AND cited = $1::bigint"
                       " GROUP BY type ORDER BY type",
    [PGQ_AUTHORS] = STORE_AUTHOR_SQL " FROM authors WHERE work = $1::bigint"
                                     " ORDER BY pos",
    [PGQ_RECORD] = STORE_RECORD_SQL " FROM works WHERE id = $1::bigint",
    [PGQ_RP_WORK] = SQL_SELECT(RP_WORK_COLS) " FROM works"
                                             " WHERE id = $1::bigint",
    /* the work's other identifiers: its own DOI, PMID and PMCID are in
     * identifiers too; both read on the work's shard (work_xids is
     * identifiers by work) */
    [PGQ_ALIASES] =
        "WITH w AS MATERIALIZED (SELECT doi, pmid, pmcid"
        " FROM works WHERE id = $1::bigint), i AS MATERIALIZED"
        " (SELECT xid, version FROM work_xids"
        " WHERE work = $1::bigint) " SQL_SELECT(
            AL_OF_COLS) " FROM i WHERE NOT EXISTS (SELECT 1 FROM w WHERE"
                        " i.xid IN ('doi:' || w.doi, 'pmid:' || w.pmid,"
                        " 'pmcid:' || w.pmcid)) ORDER BY i.xid COLLATE \"C\"",
    [PGQ_NREFS] = SQL_SELECT(RP_COUNT_COLS) " FROM refs"
                                            " WHERE citing = $1::bigint",
    /* the works a work's references name (a router query): the ids
     * the next queries take as $n::bigint[], which Citus prunes to the
     * shards holding them (ids from a subquery are not pruned) */
    [PGQ_REFS_CITED] = "SELECT cited FROM refs WHERE citing = $1::bigint"
                       " AND cited IS NOT NULL",
    /* the references on the citing work's shard (a router query), the
     * works they name ($2, PGQ_REFS_CITED) and their citing counts on
     * those works' shards: Citus plans each CTE as a query of its own
     * (docs/SCALING.md) */
    [PGQ_REFS] =
        "WITH r AS MATERIALIZED (SELECT pos, label, raw, cited, id"
        " FROM refs WHERE citing = $1::bigint),"
        " w AS MATERIALIZED (SELECT id, doi, pmid, pmcid, title,"
        " year, indexed FROM works WHERE id = ANY ($2::bigint[])),"
        " c AS MATERIALIZED (SELECT cited, count(DISTINCT citing) AS n"
        " FROM cited_by WHERE cited = ANY ($2::bigint[]) GROUP BY cited)"
        " SELECT r.pos, r.label, r.raw, r.cited" PG_BRIEF(
            "w") ", w.indexed, c.n FROM r"
                 " LEFT JOIN w ON w.id = r.cited LEFT JOIN c ON c.cited ="
                 " r.cited ORDER BY r.pos, r.cited NULLS FIRST, r.id",
    /* co-citation: the latest $2 citers of $1, on its shard; the works
     * they cite most ($3 of them) counted over those citers' refs, on
     * their shards ($3 below: the citers' ids); the works by id ($4:
     * PGQ_COCITED_T's ids) */
    [PGQ_COCITERS] = "SELECT DISTINCT citing FROM cited_by"
                     " WHERE cited = $1::bigint ORDER BY citing DESC"
                     " LIMIT $2::bigint",
    [PGQ_COCITED_T] = "SELECT cited FROM (" PG_COCITED_T ") AS t",
    [PGQ_COCITED] = "WITH t AS MATERIALIZED (" PG_COCITED_T "), w AS"
                    " MATERIALIZED (SELECT id" PG_WCOLS " FROM works"
                    " WHERE id = ANY ($4::bigint[])) " SQL_SELECT(
                        RP_RELATED_COLS) " FROM t JOIN w ON w.id = t.cited"
                                         " ORDER BY t.n DESC, w.id",
    /* SQLite's x.id IN (SELECT y.id ... LIMIT): the latest $2 refs rows
     * to each work the citer $1 references ($4: PGQ_REFS_CITED's ids),
     * as a row_number() per cited work over cited_by (refs by cited
     * work: those works' shards); the counting and the limits on the
     * coordinator, on the read rows; the works by id ($5:
     * PGQ_COUPLED_T's ids) */
    [PGQ_COUPLED_T] = "SELECT citing FROM (" PG_COUPLED_T ") AS t",
    [PGQ_COUPLED] = "WITH t AS MATERIALIZED (" PG_COUPLED_T "), w AS"
                    " MATERIALIZED (SELECT id" PG_WCOLS " FROM works"
                    " WHERE id = ANY ($5::bigint[])) " SQL_SELECT(
                        RP_RELATED_COLS) " FROM t JOIN w ON w.id = t.citing"
                                         " ORDER BY t.n DESC, w.id",
    /* the notices about $1 on its shard (notices_by), their works by id
     * ($2: PGQ_NOTICE_BY's ids) */
    [PGQ_NOTICE_BY] = "SELECT notice FROM notices_by"
                      " WHERE concerned = $1::bigint",
    [PGQ_NOTICES] =
        "WITH n AS MATERIALIZED (SELECT notice, kind, relation, pos"
        " FROM notices_by WHERE concerned = $1::bigint), " PG_WORKS(
            "$2") " " SQL_SELECT(RP_NOTICE_COLS) " FROM n JOIN w"
                                                 " ON w.id = n.notice"
                                                 " ORDER BY w.year NULLS"
                                                 " FIRST, w.id, n.pos",
    /* the notice's rows on its shard, the works concerned by id ($2:
     * PGQ_NOTICE_CONC's ids) */
    [PGQ_NOTICE_CONC] = "SELECT concerned FROM notices"
                        " WHERE notice = $1::bigint AND concerned IS NOT NULL",
    [PGQ_NOTICE_OF] =
        "WITH n AS MATERIALIZED (SELECT kind, relation,"
        " concerned, pos FROM notices WHERE notice = $1::bigint),"
        " w AS MATERIALIZED (SELECT id" PG_WCOLS " FROM works"
        " WHERE id = ANY ($2::bigint[]))"
        " " SQL_SELECT(RP_NOTICE_COLS) " FROM n JOIN w"
                                       " ON w.id = n.concerned ORDER BY n.pos",
    /* SQLite walks st_cited (cited, year, type, section_class, self,
     * confidence, pubtype, jself, sctx, rowid) backwards: the same order;
     * the pool on the work's shard, the leads' texts and the citing works
     * by id ($3, $4, $5: PGQ_POOL_IDS's citing works, works, leads) */
    [PGQ_POOL_IDS] = PG_POOL_S " " PG_IDS,
    [PGQ_POOL] = PG_POOL_S ", " PG_LEADS("$3", "$5") ", " PG_WORKS(
        "$4") " SELECT s.id, s.type, s.confidence, s.section_class,"
              " " PG_TEXT ", s.sent_start, s.sent_end, s.citing" PG_BRIEF(
                  "w") " FROM s JOIN w ON w.id = s.citing"
                       " LEFT JOIN x ON x.id = s.id - s.ctx ORDER BY s.id",
    /* schema_report.h RP_TOP_COLS, the statements counted on one shard */
    [PGQ_TOP] = "SELECT w.id" PG_BRIEF(
        "w") ", t.n, (SELECT count(*) FROM statements s WHERE s.dkey = w.id"
             " AND s.cited = w.id) FROM (SELECT cited,"
             " count(DISTINCT citing) AS n FROM refs WHERE cited IS NOT NULL"
             " GROUP BY cited ORDER BY n DESC, cited LIMIT $1::bigint) AS t"
             " JOIN works w ON w.id = t.cited ORDER BY t.n DESC, w.id",
    /* store_cols.h STORE_SCAN_COLS, then no rank and the sentence's key */
    [PGQ_SCAN_ALL] = PG_SCAN " ORDER BY s.id",
    [PGQ_SCAN_CITED] = PG_SCAN " WHERE s.dkey = $1::bigint"
                               " AND s.cited = $1::bigint ORDER BY s.id",
    [PGQ_SCAN_CITING] = PG_SCAN " WHERE s.citing = $1::bigint ORDER BY s.id",
    [PGQ_SCAN_BOTH] = PG_SCAN " WHERE s.dkey = $1::bigint"
                              " AND s.cited = $1::bigint"
                              " AND s.citing = $2::bigint ORDER BY s.id",
    /* store_cols.h STORE_STMT_COLS: the statement on its shard when the
     * key is known (PGQ_STMT_KEY, a router query), by id alone otherwise;
     * its works, its run's lead and its reference looked up by id */
    [PGQ_STMT_IDS] = PG_STMT_S("id = $1::bigint") " " PG_IDS,
    [PGQ_STMT] = PG_STMT("id = $1::bigint", "$2", "$3", "$4", "$5"),
    [PGQ_STMT_KEY_IDS] =
        PG_STMT_S("dkey = $2::bigint AND id = $1::bigint") " " PG_IDS,
    [PGQ_STMT_KEY] = PG_STMT("dkey = $2::bigint AND id = $1::bigint", "$3",
                             "$4", "$5", "$6"),
    /* the statements of the sentence $1 of the citing work $2, on its
     * shard (citing_stmts); their works and references by id ($3, $4,
     * $5: PGQ_SENTENCE_IDS's citing works, works, references) */
    [PGQ_SENTENCE_IDS] = PG_SENT_S " SELECT citing, cited, NULL::bigint,"
                                   " ref FROM s",
    [PGQ_SENTENCE_KEY] = PG_SENT_S ", " PG_WORKS("$4") ", " PG_REFOF(
        "$3", "$5") " " STORE_CITE_SQL " FROM s LEFT JOIN w ON w.id ="
                    " s.cited LEFT JOIN r ON r.citing = s.citing"
                    " AND r.id = s.ref ORDER BY s.id",
    /* the same by statement id alone (every shard) */
    [PGQ_SENTENCE] = "WITH s AS MATERIALIZED (SELECT id, citing, cited, ref,"
                     " marker, model, type, confidence, self, jself"
                     " FROM statements WHERE id BETWEEN $1::bigint AND"
                     " $1::bigint + 63 AND id - sctx = $1::bigint),"
                     " w AS MATERIALIZED (SELECT id" PG_WCOLS " FROM works"
                     " WHERE id = ANY (ARRAY(SELECT cited FROM s"
                     " WHERE cited IS NOT NULL))), " PG_REFOF_S
                     " " STORE_CITE_SQL " FROM s LEFT JOIN w ON w.id = s.cited"
                     " LEFT JOIN r ON r.citing = s.citing AND r.id = s.ref"
                     " ORDER BY s.id",
};
