/*
 * store_pg_check.c — the PostgreSQL backend's integrity check (store_pg.h
 * store_pg_check: `citectx check` on a postgresql:// index) and its
 * linkeval verbs (store_link.h, the store_ops seam), issue 18.
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
 *
 * linkeval's reads answer as SQLite's do, row for row and in the same
 * order (the candidates of a block in the order of SQLite's index), so
 * its report is byte-identical (tests/cli/t0187).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "store.h"
#include "store_cols.h"
#include "store_link.h"
#include "store_pg.h"
#include "store_pg_int.h"
#include "store_read.h"

/* ---- linkeval ------------------------------------------------------------ */

enum le {
	LE_REFS,
	LE_REF,
	LE_REF_ANY,
	LE_MENTIONS,
	LE_WORK,
	LE_CANDS,
	LE_KEYS,
	LE_MAX,
	LE__COUNT
};

#define LE_REF_COLS                                                            \
	"SELECT id, citing, cited, title, authors, year, volume, fpage,"       \
	" source, doi, pmid, raw FROM refs"
/* a block of linking records (SQLite's SQL_LR_CANDS), numbered */
#define LE_CAND(n)                                                             \
	"SELECT l.work, l.ref, l.title, l.surname, l.year, l.volume,"          \
	" l.fpage, w.doi, w.pmid, w.pmcid, w.indexed, l.id, " n " AS blk"      \
	" FROM linkrec l JOIN works w ON w.id = l.work WHERE "

/* clang-format off */
#define LE_BLOCKS                                                              \
	LE_CAND("1") "l.tkey = $1 AND l.year BETWEEN $4::int - 1"              \
	" AND $4::int + 1 UNION ALL "                                          \
	LE_CAND("2") "l.tkey = $1 AND l.year IS NULL UNION ALL "               \
	LE_CAND("3") "l.tkey = $5 UNION ALL "                                  \
	LE_CAND("4") "l.akey = $2 UNION ALL "                                  \
	LE_CAND("5") "l.pkey = $3"
/* an ordering column of the title blocks, NULLs first as SQLite's */
#define LE_ORDER(c) "(CASE WHEN blk <= 3 THEN " c " END) NULLS FIRST"
#define LE_CANDS_SQL                                                           \
	"SELECT * FROM (" LE_BLOCKS ") u ORDER BY blk, " LE_ORDER("year") ", " \
	LE_ORDER("surname COLLATE \"C\"") ", "                                \
	LE_ORDER("volume COLLATE \"C\"") ", "                                 \
	LE_ORDER("fpage COLLATE \"C\"") ", id"
/* clang-format on */

static const char *const le_sql[LE__COUNT] = {
    [LE_REFS] = "SELECT id, citing, cited FROM refs WHERE (doi IS NOT NULL"
                " OR pmid IS NOT NULL) AND cited IS NOT NULL ORDER BY id",
    /* by its citing work when linkeval_refs gave it: one shard */
    [LE_REF] = LE_REF_COLS " WHERE citing = $2 AND id = $1",
    [LE_REF_ANY] = LE_REF_COLS " WHERE id = $1",
    [LE_MENTIONS] = "SELECT count(*) FROM cited_by WHERE cited = $1",
    [LE_WORK] = "SELECT id, doi, pmid, pmcid, title, year FROM works"
                " WHERE id = $1",
    /* the blocks in SQLite's order: one after another, each in the order
     * of the index SQLite reads it by (linkrec_ty: tkey, year, surname,
     * volume, fpage, then rowid; linkrec_a, linkrec_p: rowid), NULLs
     * first and text by bytes as SQLite sorts them; match.c stops after
     * CANDS_MAX candidates, so the order is part of the answer */
    [LE_CANDS] = LE_CANDS_SQL,
    [LE_KEYS] = "SELECT tkey, akey, pkey FROM linkrec",
    [LE_MAX] = "SELECT max(id) FROM linkrec",
};

/* The references linkeval_refs gave, ids ascending, with their citing
 * work (the key refs are distributed by): a reference is then read on
 * its shard. */
struct pg_le {
	struct pg_le_ref {
		int64_t id, citing;
	} * v;
	size_t n, cap;
};

void pg_le_free(struct pg_le *le)
{
	if (le)
		free(le->v);
	free(le);
}

static int le_query(struct store *st, enum le k, int n, const char *const *v,
                    PGresult **out)
{
	return pg_read_query(st, PG_XQ_CHECK + (int)k, le_sql[k], n, v, out);
}

static void le_ref_read(const PGresult *r, int i, struct store_ref_fields *f)
{
	memset(f, 0, sizeof(*f));
	f->id = pg_col_int(r, i, 0);
	f->citing = pg_col_int(r, i, 1);
	f->cited = pg_col_int(r, i, 2);
	if (PQnfields(r) < 12)
		return;
	f->title = pg_col_text(r, i, 3);
	f->authors = pg_col_text(r, i, 4);
	f->year = (int)pg_col_int(r, i, 5);
	f->volume = pg_col_text(r, i, 6);
	f->fpage = pg_col_text(r, i, 7);
	f->source = pg_col_text(r, i, 8);
	f->doi = pg_col_text(r, i, 9);
	f->pmid = pg_col_text(r, i, 10);
	f->raw = pg_col_text(r, i, 11);
}

/* The walk of a ref result: fn's non-zero return, else 0. */
static int le_refs_walk(PGresult *r,
                        int (*fn)(void *arg, const struct store_ref_fields *f),
                        void *arg)
{
	struct store_ref_fields f;
	int got = 0;

	for (int i = 0; i < PQntuples(r) && !got; i++) {
		le_ref_read(r, i, &f);
		got = fn(arg, &f);
	}
	PQclear(r);
	return got;
}

static void le_remember(struct pg_le *le, int64_t id, int64_t citing)
{
	struct pg_le_ref *v;

	if (le->n == le->cap) {
		size_t cap = le->cap ? 2 * le->cap : 1024;

		if (!(v = realloc(le->v, cap * sizeof(*v))))
			return; /* the rest are read by id alone */
		le->v = v;
		le->cap = cap;
	}
	le->v[le->n].id = id;
	le->v[le->n++].citing = citing;
}

int pg_linkeval_refs(struct store *st,
                     int (*fn)(void *arg, const struct store_ref_fields *r),
                     void *arg, struct ct_error *err)
{
	struct pg_le **le = pg_read_le(st);
	PGresult *r = NULL;
	int rc = le_query(st, LE_REFS, 0, NULL, &r);

	if (rc)
		return pg_read_fail(st, rc, err);
	if (!*le)
		*le = calloc(1, sizeof(**le));
	if (*le) {
		(*le)->n = 0;
		for (int i = 0; i < PQntuples(r); i++)
			le_remember(*le, pg_col_int(r, i, 0),
			            pg_col_int(r, i, 1));
	}
	return le_refs_walk(r, fn, arg);
}

/* The citing work of reference id as linkeval_refs gave it; 0: none. */
static int64_t le_citing(struct store *st, int64_t id)
{
	struct pg_le *le = *pg_read_le(st);
	size_t lo = 0, hi = le ? le->n : 0;

	while (lo < hi) {
		size_t m = lo + (hi - lo) / 2;

		if (le->v[m].id < id)
			lo = m + 1;
		else
			hi = m;
	}
	return le && lo < le->n && le->v[lo].id == id ? le->v[lo].citing : 0;
}

int pg_ref_fields(struct store *st, int64_t id,
                  int (*fn)(void *arg, const struct store_ref_fields *r),
                  void *arg, struct ct_error *err)
{
	int64_t citing = le_citing(st, id);
	char a[24], b[24];
	const char *v[2] = {a, b};
	PGresult *r = NULL;
	int rc;

	snprintf(a, sizeof(a), "%" PRId64, id);
	snprintf(b, sizeof(b), "%" PRId64, citing);
	rc = citing ? le_query(st, LE_REF, 2, v, &r)
	            : le_query(st, LE_REF_ANY, 1, v, &r);
	if (rc)
		return pg_read_fail(st, rc, err);
	return le_refs_walk(r, fn, arg);
}

/* The single integer (NULL: 0) of query k with one integer parameter. */
static int le_int(struct store *st, enum le k, int64_t x, int64_t *n,
                  struct ct_error *err)
{
	char a[24];
	const char *v[1] = {a};
	PGresult *r = NULL;
	int rc;

	*n = 0;
	snprintf(a, sizeof(a), "%" PRId64, x);
	if ((rc = le_query(st, k, k == LE_MAX ? 0 : 1, v, &r)))
		return pg_read_fail(st, rc, err);
	if (PQntuples(r) == 1)
		*n = pg_col_int(r, 0, 0);
	PQclear(r);
	return 0;
}

int pg_work_mentions(struct store *st, int64_t work, int64_t *n,
                     struct ct_error *err)
{
	return le_int(st, LE_MENTIONS, work, n, err);
}

int pg_linkrec_max(struct store *st, int64_t *n, struct ct_error *err)
{
	return le_int(st, LE_MAX, 0, n, err);
}

int pg_work_brief_of(struct store *st, int64_t id,
                     int (*fn)(void *arg, const struct ct_work_brief *w),
                     void *arg, struct ct_error *err)
{
	char a[24];
	const char *v[1] = {a};
	struct ct_work_brief w;
	PGresult *r = NULL;
	int rc, got = 0;

	snprintf(a, sizeof(a), "%" PRId64, id);
	if ((rc = le_query(st, LE_WORK, 1, v, &r)))
		return pg_read_fail(st, rc, err);
	for (int i = 0; i < PQntuples(r) && !got; i++) {
		pg_col_brief(r, i, 0, &w);
		got = fn(arg, &w);
	}
	PQclear(r);
	return got;
}

static const char *le_key(const char *k)
{
	return k && *k ? k : NULL;
}

int pg_linkrec_cands(struct store *st, const struct store_linkrec_blocks *b,
                     int (*fn)(void *arg, const struct store_linkrec_cand *c),
                     void *arg, struct ct_error *err)
{
	char year[16];
	/* $1 title + year known, $5 title + year unknown, $2 author + year,
	 * $3 volume + page: a key NULL reads nothing (SQLite's binding) */
	const char *v[5] = {NULL, le_key(b->akey), le_key(b->pkey), NULL, NULL};
	struct store_linkrec_cand c;
	PGresult *r = NULL;
	int rc, got = 0;

	if (b->tkey && b->year) {
		snprintf(year, sizeof(year), "%d", b->year);
		v[0] = le_key(b->tkey);
		v[3] = year;
	} else if (b->tkey) {
		v[4] = le_key(b->tkey);
	}
	if ((rc = le_query(st, LE_CANDS, 5, v, &r)))
		return pg_read_fail(st, rc, err);
	for (int i = 0; i < PQntuples(r) && !got; i++) {
		c.work = pg_col_int(r, i, 0);
		c.ref = pg_col_int(r, i, 1);
		c.title = pg_col_text(r, i, 2);
		c.surname = pg_col_text(r, i, 3);
		c.year = (int)pg_col_int(r, i, 4);
		c.volume = pg_col_text(r, i, 5);
		c.fpage = pg_col_text(r, i, 6);
		c.doi = pg_col_text(r, i, 7);
		c.pmid = pg_col_text(r, i, 8);
		c.pmcid = pg_col_text(r, i, 9);
		c.indexed = (int)pg_col_int(r, i, 10);
		c.id = pg_col_int(r, i, 11);
		got = fn(arg, &c);
	}
	PQclear(r);
	return got;
}

int pg_linkrec_keys(struct store *st,
                    int (*fn)(void *arg, const struct store_linkrec *k),
                    void *arg, struct ct_error *err)
{
	struct store_linkrec k;
	PGresult *r = NULL;
	int rc, got = 0;

	if ((rc = le_query(st, LE_KEYS, 0, NULL, &r)))
		return pg_read_fail(st, rc, err);
	for (int i = 0; i < PQntuples(r) && !got; i++) {
		memset(&k, 0, sizeof(k));
		k.tkey = pg_col_text(r, i, 0);
		k.akey = pg_col_text(r, i, 1);
		k.pkey = pg_col_text(r, i, 2);
		got = fn(arg, &k);
	}
	PQclear(r);
	return got;
}

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
#define CK_SLOT    (PG_XQ_CHECK + LE__COUNT)
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
