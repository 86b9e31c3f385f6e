/*
 * store_pg_check.c — the PostgreSQL backend's integrity check (store_pg.h
 * store_pg_check: `citectx check` on a postgresql:// index), issue 18
 * (linkeval's verbs are store_pg_le.c's).
 *
 * The check: what SQLite's check means where it means something here
 * (PostgreSQL checks its own pages and indexes; it refuses text that is
 * not valid UTF-8 in a UTF8 database, so the database's encoding is
 * checked instead of every value), and what the PostgreSQL layout adds:
 * each statement's distribution key, and each table derived from another
 * (cited_by, work_xids, notices_by, citing_stmts, leads, runs,
 * works_text) equal to what its source says.  Every query runs on Citus:
 * a derived table is compared with its source by a fingerprint (the
 * count of rows and the sum of a 64-bit hash of each row, aggregated on
 * the workers), never by a join across tables distributed on different
 * keys; a pointer to another table is checked on a copy of it that is
 * co-located with its target (refs.cited through cited_by, a statement's
 * reference through citing_stmts), the copy being checked equal first.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "store.h"
#include "store_cols.h"
#include "store_pg.h"
#include "store_pg_int.h"
#include "store_read.h"

/* ---- the check ----------------------------------------------------------- */

/* A row's fingerprint: the count of rows and the sum of each row's 64-bit
 * hash, as one text ("N S"); the same rows give the same text whatever
 * their order or shard. */
#define FP(row)                                                                \
	"SELECT count(*)::text || ' ' || coalesce(sum(hashtextextended("       \
	"ROW(" row ")::text, 0)::numeric), 0)::text"

/* A derived table and its source: each query's fingerprint. */
static const struct ck_pair {
	const char *derived, *source, *a, *b;
} ck_pairs[] = {
    {"cited_by", "refs with a cited work",
     FP("cited, citing, id") " FROM cited_by",
     FP("cited, citing, id") " FROM refs WHERE cited IS NOT NULL"},
    {"work_xids", "identifiers", FP("work, xid, version") " FROM work_xids",
     FP("work, xid, version") " FROM identifiers"},
    {"notices_by", "notices about a work",
     FP("concerned, notice, pos, kind, relation") " FROM notices_by",
     FP("concerned, notice, pos, kind, relation") " FROM notices"
                                                  " WHERE concerned IS NOT "
                                                  "NULL"},
#define CK_CS                                                                  \
	"citing, id, sctx, cited, ref, marker, model, type, confidence, "      \
	"self, jself"
    {"citing_stmts", "statements", FP(CK_CS) " FROM citing_stmts",
     FP(CK_CS) " FROM statements"},
    {"leads", "the statements that lead a run of more than one",
     FP("citing, id, text") " FROM leads",
     FP("citing, id, text") " FROM statements WHERE ctx = 0 AND id IN"
                            " (SELECT id - ctx FROM statements"
                            " WHERE ctx <> 0)"},
#define CK_RUN                                                                 \
	"citing, cited, type, section_class, year, self, confidence, "         \
	"pubtype, jself, sctx"
    {"runs", "statements", FP("lead, id, " CK_RUN) " FROM runs",
     FP("id - ctx, id, " CK_RUN) " FROM statements"},
    /* and each run on its lead's shard: one (ldkey, lead) per lead */
    {"runs' leads", "the statements that lead a run",
     FP("ldkey, lead") " FROM (SELECT DISTINCT ldkey, lead FROM runs) x",
     FP("dkey, id") " FROM statements WHERE ctx = 0"},
    {"works_text", "works with a title", FP("id") " FROM works_text",
     FP("id") " FROM works WHERE title <> ''"},
};

/* 1 when the sequence t_ids would hand out an id t holds */
#define CK_SEQ(t)                                                              \
	"((SELECT coalesce(max(id), 0) FROM " t ") >= (SELECT CASE WHEN"       \
	" is_called THEN last_value + 1 ELSE last_value END FROM " t "_ids))"  \
	"::int"

/* Rows that break one rule, each counted by its query. */
static const struct ck_count {
	const char *what, *sql;
} ck_counts[] = {
    {"statements whose distribution key is not coalesce(cited, -citing)",
     "SELECT count(*) FROM statements WHERE dkey IS DISTINCT FROM"
     " coalesce(cited, -citing)"},
    {"statements whose reference, citing or cited work is missing or "
     "disagrees",
     "SELECT count(*) FROM citing_stmts s WHERE NOT EXISTS (SELECT 1"
     " FROM refs r WHERE r.citing = s.citing AND r.id = s.ref"
     " AND r.cited IS NOT DISTINCT FROM s.cited) OR NOT EXISTS (SELECT 1"
     " FROM works w WHERE w.id = s.citing AND w.indexed = 1)"},
    {"statements citing a missing work",
     "SELECT count(*) FROM statements s WHERE s.cited IS NOT NULL AND"
     " NOT EXISTS (SELECT 1 FROM works w WHERE w.id = s.dkey)"},
    {"statements with bad offsets, class, type or confidence",
     "SELECT count(*) FROM statements WHERE sent_start < 0 OR sent_end <="
     " sent_start OR (ctx = 0 AND sent_end > octet_length(text)) OR"
     " section_class NOT BETWEEN 0 AND 4 OR type NOT BETWEEN 0 AND 3 OR"
     " confidence NOT BETWEEN 0 AND 1"},
    {"statements outside a run of one context (no lead before them, or a "
     "text of their own)",
     "SELECT count(*) FROM runs r WHERE r.id - r.lead NOT BETWEEN 0 AND 63"
     " OR r.sctx NOT BETWEEN 0 AND r.id - r.lead OR (r.id > r.lead AND"
     " NOT EXISTS (SELECT 1 FROM runs m WHERE m.ldkey = r.ldkey AND"
     " m.lead = r.lead AND m.id = r.id - 1 AND m.citing = r.citing AND"
     " (r.sctx = 0 OR m.sctx = r.sctx - 1)))"},
    {"statements after a lead with a text of their own",
     "SELECT count(*) FROM statements WHERE ctx <> 0 AND text <> ''"},
    {"run leads without their search text (tsv, ntok), or others with one",
     "SELECT count(*) FROM statements WHERE (ctx = 0 AND (tsv IS NULL OR"
     " ntok IS NULL)) OR (ctx <> 0 AND (tsv IS NOT NULL OR ntok IS NOT"
     " NULL))"},
    {"references linked to missing works",
     "SELECT count(*) FROM cited_by c WHERE NOT EXISTS (SELECT 1"
     " FROM works w WHERE w.id = c.cited)"},
    {"identifiers of missing works",
     "SELECT count(*) FROM work_xids x WHERE NOT EXISTS (SELECT 1"
     " FROM works w WHERE w.id = x.work)"},
    {"works search texts of no work with a title",
     "SELECT count(*) FROM works_text t WHERE NOT EXISTS (SELECT 1"
     " FROM works w WHERE w.id = t.id AND w.title <> '')"},
    {"sequences not past the largest id of their table",
     "SELECT " CK_SEQ("works") " + " CK_SEQ("refs") " + " CK_SEQ(
         "statements") " + " CK_SEQ("linkrec")},
};

#define CK_NPAIRS  (sizeof(ck_pairs) / sizeof(ck_pairs[0]))
#define CK_NCOUNTS (sizeof(ck_counts) / sizeof(ck_counts[0]))
#define CK_SLOT    PG_XQ_CHECK
_Static_assert(CK_SLOT + 2 + 2 * CK_NPAIRS + CK_NCOUNTS <= PG_XQ_MAX,
               "slots for the check");

/* Query sql (in slot k) into out: its one value as text, or a line of
 * report saying why it failed (then 1). */
static int ck_value(struct store *st, int k, const char *sql, const char *what,
                    struct ct_buf *report, char *out, size_t n)
{
	PGresult *r = NULL;
	int rc = pg_read_query(st, k, sql, 0, NULL, &r);

	out[0] = '\0';
	if (rc) {
		ct_buf_printf(report, "%s: %s\n", what, pg_read_msg(st));
		return 1;
	}
	if (PQntuples(r) == 1 && !PQgetisnull(r, 0, 0)) {
		if (PQftype(r, 0) == 25) /* text */
			snprintf(out, n, "%.*s", PQgetlength(r, 0, 0),
			         PQgetvalue(r, 0, 0));
		else
			snprintf(out, n, "%" PRId64, pg_col_int(r, 0, 0));
	}
	PQclear(r);
	return 0;
}

/* The schema version and the database's encoding (PostgreSQL refuses
 * text that is not valid UTF-8 in a UTF8 database: every stored text is
 * then valid). */
static int ck_schema(struct store *st, struct ct_buf *report)
{
	char v[64];
	int bad = 0;

	bad |= ck_value(st, CK_SLOT,
	                "SELECT v FROM citectx_meta WHERE k = 'schema'",
	                "schema version", report, v, sizeof(v));
	if (!bad && atoi(v) != STORE_PG_SCHEMA) {
		ct_buf_printf(report,
		              "schema version %s, this program's is %d\n", v,
		              STORE_PG_SCHEMA);
		bad = 1;
	}
	bad |= ck_value(st, CK_SLOT + 1,
	                "SELECT current_setting('server_encoding')",
	                "database encoding", report, v, sizeof(v));
	if (strcmp(v, "UTF8")) {
		ct_buf_printf(report,
		              "database encoding %s, not UTF8: text is not "
		              "checked as UTF-8\n",
		              v);
		bad = 1;
	}
	return bad;
}

/* "N S" -> N */
static long long ck_rows(const char *fp)
{
	return strtoll(fp, NULL, 10);
}

static int ck_all(struct store *st, struct ct_buf *report)
{
	int bad = ck_schema(st, report), k = CK_SLOT + 2;
	char a[128], b[128];

	for (size_t i = 0; i < CK_NPAIRS; i++, k += 2) {
		const struct ck_pair *p = &ck_pairs[i];

		if (ck_value(st, k, p->a, p->derived, report, a, sizeof(a)) |
		    ck_value(st, k + 1, p->b, p->derived, report, b,
		             sizeof(b))) {
			bad = 1;
		} else if (strcmp(a, b)) {
			ct_buf_printf(
			    report,
			    "%s does not hold what %s say: %lld rows "
			    "for %lld%s\n",
			    p->derived, p->source, ck_rows(a), ck_rows(b),
			    ck_rows(a) == ck_rows(b) ? " (some rows differ)"
			                             : "");
			bad = 1;
		}
	}
	for (size_t i = 0; i < CK_NCOUNTS; i++, k++) {
		if (ck_value(st, k, ck_counts[i].sql, ck_counts[i].what, report,
		             a, sizeof(a))) {
			bad = 1;
		} else if (strtoll(a, NULL, 10)) {
			ct_buf_printf(report, "%s %s\n", a, ck_counts[i].what);
			bad = 1;
		}
	}
	return bad;
}

int store_pg_check(struct store *st, struct ct_buf *report)
{
	int bad, rc = store_read_begin(st);

	if (rc) {
		ct_buf_printf(report, "read snapshot: %s\n", store_errmsg(st));
		return 1;
	}
	bad = ck_all(st, report);
	store_read_end(st);
	return bad;
}
