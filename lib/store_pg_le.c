/*
 * store_pg_le.c — linkeval's reads on PostgreSQL (issue 18): store_link.h's
 * linkeval verbs and the linking records' reads (linkrec_cands, _keys,
 * _max) through the store_ops seam, and the memory they read from.
 *
 * Every read answers as SQLite's does, row for row and in the same order
 * (the candidates of a block in the order of SQLite's index), so that
 * linkeval's report is byte-identical (tests/cli/t0187, tests/pg/t0177).
 *
 * linkeval makes one trial per reference (119,599 on the corpus), each
 * reading the reference, its cited work's count of references and up to
 * five blocks of linking records.  Read one at a time through a Citus
 * coordinator (linkrec is distributed by work: a block's look-up goes to
 * every shard), the corpus's run had not finished after 40 minutes.  So
 * once store_linkeval_refs has named the references (id, citing and
 * cited work: 24 bytes each), the connection's pg_le state reads in bulk
 * what the trials read, and keeps it until the connection closes:
 *   * the references' rows, LE_BATCH at a time in the walk's order, by
 *     their citing works and range of ids (refs' key); one out of that
 *     order (the report's examples) alone, by its key;
 *   * every cited work's count, one GROUP BY aggregated on the workers;
 *   * every linking record joined to its work, in pages (a page: the
 *     works whose id is one residue modulo the number of pages, so that
 *     libpq holds one page at a time), sorted in memory in the orders of
 *     SQLite's three indexes: a block is then a binary search and a
 *     walk; match.c's filter of keys is built from them too.  About 320
 *     bytes a record (45.2 MB for the corpus's 141,934: docs/SCALING.md).
 * 33 statements on the corpus.  Without memory for the records or the
 * counts, or past half the machine's memory (le_recs_max), they are read
 * by SQL, as they are when the state is not there
 * (an ingest's linking never calls store_linkeval_refs).  The state is
 * a snapshot: linkeval writes nothing while it reads.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"
#include "mem.h"
#include "store.h"
#include "store_link.h"
#include "store_pg.h"
#include "store_pg_int.h"
#include "testhooks.h"

#define LE_BATCH     5000      /* references read at a time */
#define LE_PAGE_ROWS 32768     /* linking records a page, about */
#define LE_NOYEAR    INT32_MIN /* a record's NULL year: first, as SQLite */
#define LE_REC_BYTES 320       /* memory a record takes, about (SCALING.md) */

enum le {
	LE_REFS,
	LE_REF,
	LE_REF_ANY,
	LE_REF_BATCH,
	LE_MENTIONS,
	LE_MENTIONS_ALL,
	LE_WORK,
	LE_CANDS,
	LE_KEYS,
	LE_MAX,
	LE_RECS_COUNT,
	LE_RECS_PAGE,
	LE__COUNT
};
_Static_assert(LE__COUNT <= PG_XQ_LE_N, "slots for linkeval");

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
    /* one reference out of the walk's order, on its citing work's shard */
    [LE_REF] = LE_REF_COLS " WHERE citing = $2 AND id = $1",
    [LE_REF_ANY] = LE_REF_COLS " WHERE id = $1",
    /* a batch of the references linkeval_refs gave: the references of
     * their citing works within their range of ids (refs' key is
     * (citing, id): id = ANY too would make PostgreSQL probe each pair;
     * the others are not read from it), on those works' shards */
    [LE_REF_BATCH] = LE_REF_COLS " WHERE citing = ANY ($1::bigint[])"
                                 " AND id BETWEEN $2 AND $3"
                                 " ORDER BY id, citing",
    [LE_MENTIONS] = "SELECT count(*) FROM cited_by WHERE cited = $1",
    /* on the shards of the cited works only (cited_by: by cited work) */
    /* every cited work's count, aggregated on the workers */
    [LE_MENTIONS_ALL] = "SELECT cited, count(*) FROM cited_by GROUP BY cited",
    [LE_WORK] = "SELECT id, doi, pmid, pmcid, title, year FROM works"
                " WHERE id = $1",
    /* the blocks in SQLite's order: one after another, each in the order
     * of the index SQLite reads it by (linkrec_ty: tkey, year, surname,
     * volume, fpage, then rowid; linkrec_a, linkrec_p: rowid), NULLs
     * first and text by bytes as SQLite sorts them; match.c stops after
     * CANDS_MAX candidates, so the order is part of the answer.  Read
     * from memory once linkeval_refs has run (le_cands). */
    [LE_CANDS] = LE_CANDS_SQL,
    [LE_KEYS] = "SELECT tkey, akey, pkey FROM linkrec",
    [LE_MAX] = "SELECT max(id) FROM linkrec",
    [LE_RECS_COUNT] = "SELECT count(*) FROM linkrec",
    /* page $2 of $1: the records of the works whose id is $2 modulo $1
     * (mod() keeps the dividend's sign), joined on their shard, a work's
     * records together */
    [LE_RECS_PAGE] =
        "SELECT l.work, l.id, l.ref, l.year, w.indexed, l.title, l.surname,"
        " l.volume, l.fpage, l.tkey, l.akey, l.pkey, w.doi, w.pmid, w.pmcid"
        " FROM linkrec l JOIN works w ON w.id = l.work"
        " WHERE mod(l.work, $1::bigint) IN ($2::bigint, $2::bigint - "
        "$1::bigint)"
        " ORDER BY l.work",
};

/* The columns of LE_RECS_PAGE: the integers, then the record's texts,
 * then its work's. */
enum { LP_WORK, LP_ID, LP_REF, LP_YEAR, LP_INDEXED, LP_TEXT, LP_WTEXT = 12 };

/* A reference linkeval_refs gave. */
struct le_ref {
	int64_t id, citing, cited;
};
/* A work of the linking records, its identifiers. */
struct le_work {
	int64_t id;
	const char *doi, *pmid, *pmcid;
	int indexed;
};
/* A linking record (its texts NULL when NULL). */
struct le_rec {
	int64_t id, ref;
	const char *title, *surname, *volume, *fpage, *tkey, *akey, *pkey;
	uint32_t work; /* in works */
	int32_t year;  /* LE_NOYEAR: NULL */
};
/* A cited work's count of references. */
struct le_count {
	int64_t work, n;
};

struct pg_le {
	struct le_ref *v; /* ids ascending */
	size_t n, cap;
	/* the batch: the rows of v[from, to) (by id, citing) */
	PGresult *rows;
	size_t from, to;
	/* every cited work's count (by work): 0 not read yet, 1 read, -1
	 * read by SQL */
	int counted;
	struct le_count *counts;
	size_t ncounts;
	/* the linking records: 0 not read yet, 1 in memory, -1 read by SQL */
	int recs;
	struct arena a; /* the records' and works' texts */
	struct le_work *works;
	size_t nworks, capworks;
	struct le_rec *rec;
	size_t nrec, caprec;
	/* the records with a title, author or page key, in the index's order */
	const struct le_rec **by[3];
	size_t nby[3];
};

enum { BY_T, BY_A, BY_P };

static void le_recs_free(struct pg_le *le)
{
	arena_release(&le->a);
	free(le->works);
	free(le->rec);
	le->works = NULL;
	le->rec = NULL;
	le->nworks = le->capworks = le->nrec = le->caprec = 0;
	for (int i = 0; i < 3; i++) {
		free(le->by[i]);
		le->by[i] = NULL;
		le->nby[i] = 0;
	}
}

void pg_le_free(struct pg_le *le)
{
	if (!le)
		return;
	free(le->v);
	PQclear(le->rows);
	free(le->counts);
	le_recs_free(le);
	free(le);
}

static int le_query(struct store *st, enum le k, int n, const char *const *v,
                    PGresult **out)
{
	return pg_read_query(st, PG_XQ_LE + (int)k, le_sql[k], n, v, out);
}

/* The single integer (NULL: 0) of query k with n parameters. */
static int le_int(struct store *st, enum le k, int n, const char *const *v,
                  int64_t *out)
{
	PGresult *r = NULL;
	int rc;

	*out = 0;
	if ((rc = le_query(st, k, n, v, &r)))
		return rc;
	if (PQntuples(r) == 1)
		*out = pg_col_int(r, 0, 0);
	PQclear(r);
	return 0;
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

/* 0, or -1 when out of memory (the rest are then read by id alone). */
static int le_remember(struct pg_le *le, const struct le_ref *x)
{
	struct le_ref *v;

	if (le->n == le->cap) {
		size_t cap = le->cap ? 2 * le->cap : 1024;

		if (!(v = realloc(le->v, cap * sizeof(*v))))
			return -1;
		le->v = v;
		le->cap = cap;
	}
	le->v[le->n++] = *x;
	return 0;
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
	pg_le_free(*le); /* a new walk: what was read before may be old */
	if ((*le = calloc(1, sizeof(**le)))) {
		arena_init(&(*le)->a);
		for (int i = 0; i < PQntuples(r); i++) {
			struct le_ref x = {pg_col_int(r, i, 0),
			                   pg_col_int(r, i, 1),
			                   pg_col_int(r, i, 2)};

			if (le_remember(*le, &x))
				break;
		}
	}
	return le_refs_walk(r, fn, arg);
}

/* ---- the batch of references ---------------------------------------- */

/* The position of reference id in le->v, or le->n when it is not there. */
static size_t le_pos(const struct pg_le *le, int64_t id)
{
	size_t lo = 0, hi = le->n;

	while (lo < hi) {
		size_t m = lo + (hi - lo) / 2;

		if (le->v[m].id < id)
			lo = m + 1;
		else
			hi = m;
	}
	return lo < le->n && le->v[lo].id == id ? lo : le->n;
}

static int le_cmp_i64(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

	return (a > b) - (a < b);
}

/* ids as a PostgreSQL array's text, "{1,2,3}". */
static void le_array(struct ct_buf *b, const int64_t *v, size_t n)
{
	ct_buf_putc(b, '{');
	for (size_t i = 0; i < n; i++)
		ct_buf_printf(b, "%s%" PRId64, i ? "," : "", v[i]);
	ct_buf_putc(b, '}');
}

/* v sorted, its repeats dropped: the number left. */
static size_t le_distinct(int64_t *v, size_t n)
{
	size_t k = 0;

	qsort(v, n, sizeof(v[0]), le_cmp_i64);
	for (size_t i = 0; i < n; i++)
		if (!k || v[i] != v[k - 1])
			v[k++] = v[i];
	return k;
}

/* The batch from position p: the rows of the next LE_BATCH references. */
static int le_batch(struct store *st, struct pg_le *le, size_t p)
{
	size_t to = le->n - p > LE_BATCH ? p + LE_BATCH : le->n, n = to - p;
	int64_t *w = malloc(n * sizeof(*w));
	struct ct_buf b = CT_BUF_INIT;
	char lo[24], hi[24];
	const char *v[3] = {NULL, lo, hi};
	PGresult *r = NULL;
	int rc;

	PQclear(le->rows);
	le->rows = NULL;
	if (!w)
		return CT_ENOMEM;
	for (size_t i = 0; i < n; i++)
		w[i] = le->v[p + i].citing;
	le_array(&b, w, le_distinct(w, n));
	free(w);
	snprintf(lo, sizeof(lo), "%" PRId64, le->v[p].id);
	snprintf(hi, sizeof(hi), "%" PRId64, le->v[to - 1].id);
	v[0] = b.ptr;
	rc =
	    ct_buf_error(&b) ? CT_ENOMEM : le_query(st, LE_REF_BATCH, 3, v, &r);
	ct_buf_release(&b);
	if (rc)
		return rc;
	le->rows = r;
	le->from = p;
	le->to = to;
	return 0;
}

/* The rows of the batch that are reference id of citing work citing, as
 * LE_REF would read them. */
static int le_batch_walk(const struct pg_le *le, int64_t id, int64_t citing,
                         int (*fn)(void *arg, const struct store_ref_fields *f),
                         void *arg)
{
	const PGresult *r = le->rows;
	int lo = 0, hi = PQntuples(r), got = 0;
	struct store_ref_fields f;

	while (lo < hi) {
		int m = lo + (hi - lo) / 2;

		if (pg_col_int(r, m, 0) < id)
			lo = m + 1;
		else
			hi = m;
	}
	for (; lo < PQntuples(r) && pg_col_int(r, lo, 0) == id && !got; lo++) {
		if (pg_col_int(r, lo, 1) != citing)
			continue;
		le_ref_read(r, lo, &f);
		got = fn(arg, &f);
	}
	return got;
}

int pg_ref_fields(struct store *st, int64_t id,
                  int (*fn)(void *arg, const struct store_ref_fields *r),
                  void *arg, struct ct_error *err)
{
	struct pg_le *le = *pg_read_le(st);
	size_t p = le ? le_pos(le, id) : 0;
	char a[24], b[24];
	const char *v[2] = {a, b};
	PGresult *r = NULL;
	int rc;

	if (le && p < le->n && le->rows && p >= le->from && p < le->to)
		return le_batch_walk(le, id, le->v[p].citing, fn, arg);
	/* the next batch when the walk goes on (linkeval's trials) */
	if (le && p < le->n && (!le->rows || p == le->to)) {
		if ((rc = le_batch(st, le, p)))
			return pg_read_fail(st, rc, err);
		return le_batch_walk(le, id, le->v[p].citing, fn, arg);
	}
	/* else (the examples of the report) by its key when it is known */
	snprintf(a, sizeof(a), "%" PRId64, id);
	snprintf(b, sizeof(b), "%" PRId64,
	         le && p < le->n ? le->v[p].citing : 0);
	rc = le && p < le->n ? le_query(st, LE_REF, 2, v, &r)
	                     : le_query(st, LE_REF_ANY, 1, v, &r);
	if (rc)
		return pg_read_fail(st, rc, err);
	return le_refs_walk(r, fn, arg);
}

/* Every cited work's count into le->counts: 0 (le->counted 1, or -1
 * when out of memory), or a negative CT_E* code. */
static int le_counts(struct store *st, struct pg_le *le)
{
	PGresult *r = NULL;
	int rc = le_query(st, LE_MENTIONS_ALL, 0, NULL, &r);
	size_t n;

	if (rc)
		return rc;
	n = (size_t)PQntuples(r);
	le->counted = -1;
	if ((le->counts = malloc((n ? n : 1) * sizeof(*le->counts)))) {
		for (size_t i = 0; i < n; i++) {
			le->counts[i].work = pg_col_int(r, (int)i, 0);
			le->counts[i].n = pg_col_int(r, (int)i, 1);
		}
		qsort(le->counts, n, sizeof(*le->counts), le_cmp_i64);
		le->ncounts = n;
		le->counted = 1;
	}
	PQclear(r);
	return 0;
}

int pg_work_mentions(struct store *st, int64_t work, int64_t *n,
                     struct ct_error *err)
{
	struct pg_le *le = *pg_read_le(st);
	const struct le_count *c;
	char a[24];
	const char *v[1] = {a};
	int rc;

	if (le && !le->counted && (rc = le_counts(st, le)))
		return pg_read_fail(st, rc, err);
	if (le && le->counted > 0) {
		c = bsearch(&work, le->counts, le->ncounts, sizeof(*c),
		            le_cmp_i64);
		*n = c ? c->n : 0; /* no row of cited_by names it */
		return 0;
	}
	snprintf(a, sizeof(a), "%" PRId64, work);
	if ((rc = le_int(st, LE_MENTIONS, 1, v, n)))
		return pg_read_fail(st, rc, err);
	return 0;
}

int pg_linkrec_max(struct store *st, int64_t *n, struct ct_error *err)
{
	int rc = le_int(st, LE_MAX, 0, NULL, n);

	return rc ? pg_read_fail(st, rc, err) : 0;
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

/* ---- the linking records in memory ---------------------------------- */

/* Columns c0..c1 of row i of r copied into one block of a (their ends
 * included), out[k] the copy of column c0 + k (NULL for NULL): 0, or -1
 * when out of memory. */
static int le_texts(struct arena *a, const PGresult *r, int i, int c0, int c1,
                    const char **out)
{
	size_t need = 0;
	char *p;

	for (int c = c0; c < c1; c++)
		if (!PQgetisnull(r, i, c))
			need += (size_t)PQgetlength(r, i, c) + 1;
	p = need ? arena_alloc(a, need) : NULL;
	if (need && !p)
		return -1;
	for (int c = c0; c < c1; c++) {
		size_t len = (size_t)PQgetlength(r, i, c);

		out[c - c0] = NULL;
		if (PQgetisnull(r, i, c))
			continue;
		memcpy(p, PQgetvalue(r, i, c), len);
		p[len] = '\0';
		out[c - c0] = p;
		p += len + 1;
	}
	return 0;
}

/* Row i of a page into le: 0, or -1 when out of memory. */
static int le_rec_add(struct pg_le *le, const PGresult *r, int i)
{
	int64_t work = pg_col_int(r, i, LP_WORK);
	const char *t[7];
	struct le_rec *x;

	if (!le->nworks || le->works[le->nworks - 1].id != work) {
		struct le_work *w;
		const char *id[3];

		if (le->nworks == le->capworks) {
			size_t cap = le->capworks ? 2 * le->capworks : 4096;

			if (cap > UINT32_MAX ||
			    !(w = realloc(le->works, cap * sizeof(*w))))
				return -1;
			le->works = w;
			le->capworks = cap;
		}
		if (le_texts(&le->a, r, i, LP_WTEXT, LP_WTEXT + 3, id))
			return -1;
		w = &le->works[le->nworks++];
		w->id = work;
		w->doi = id[0];
		w->pmid = id[1];
		w->pmcid = id[2];
		w->indexed = (int)pg_col_int(r, i, LP_INDEXED);
	}
	if (le->nrec == le->caprec) {
		size_t cap = le->caprec ? 2 * le->caprec : 4096;

		if (!(x = realloc(le->rec, cap * sizeof(*x))))
			return -1;
		le->rec = x;
		le->caprec = cap;
	}
	if (le_texts(&le->a, r, i, LP_TEXT, LP_TEXT + 7, t))
		return -1;
	x = &le->rec[le->nrec++];
	x->id = pg_col_int(r, i, LP_ID);
	x->ref = pg_col_int(r, i, LP_REF);
	x->title = t[0];
	x->surname = t[1];
	x->volume = t[2];
	x->fpage = t[3];
	x->tkey = t[4];
	x->akey = t[5];
	x->pkey = t[6];
	x->work = (uint32_t)(le->nworks - 1);
	x->year = PQgetisnull(r, i, LP_YEAR)
	              ? LE_NOYEAR
	              : (int32_t)pg_col_int(r, i, LP_YEAR);
	return 0;
}

/* A block's key of a record. */
static const char *le_key_of(const struct le_rec *x, int by)
{
	return by == BY_T ? x->tkey : by == BY_A ? x->akey : x->pkey;
}

/* Text as SQLite's index and COLLATE "C" order it: NULL first, then by
 * bytes (strcmp compares unsigned chars). */
static int le_cmp_text(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int le_cmp_id(const struct le_rec *a, const struct le_rec *b)
{
	return (a->id > b->id) - (a->id < b->id);
}

/* linkrec_ty's order: tkey, year, surname, volume, fpage, id. */
static int le_cmp_t(const void *x, const void *y)
{
	const struct le_rec *a = *(const struct le_rec *const *)x;
	const struct le_rec *b = *(const struct le_rec *const *)y;
	int c = strcmp(a->tkey, b->tkey);

	if (!c)
		c = (a->year > b->year) - (a->year < b->year);
	if (!c)
		c = le_cmp_text(a->surname, b->surname);
	if (!c)
		c = le_cmp_text(a->volume, b->volume);
	if (!c)
		c = le_cmp_text(a->fpage, b->fpage);
	return c ? c : le_cmp_id(a, b);
}

/* linkrec_a's and linkrec_p's: the key, then id. */
static int le_cmp_a(const void *x, const void *y)
{
	const struct le_rec *a = *(const struct le_rec *const *)x;
	const struct le_rec *b = *(const struct le_rec *const *)y;
	int c = strcmp(a->akey, b->akey);

	return c ? c : le_cmp_id(a, b);
}

static int le_cmp_p(const void *x, const void *y)
{
	const struct le_rec *a = *(const struct le_rec *const *)x;
	const struct le_rec *b = *(const struct le_rec *const *)y;
	int c = strcmp(a->pkey, b->pkey);

	return c ? c : le_cmp_id(a, b);
}

/* The records with a key of kind by ("" reads nothing: SQL's binding
 * makes it NULL), sorted: 0, or -1 when out of memory. */
static int le_index(struct pg_le *le, int by)
{
	static int (*const cmp[3])(const void *, const void *) = {
	    le_cmp_t, le_cmp_a, le_cmp_p};
	size_t n = 0;

	le->by[by] = malloc((le->nrec ? le->nrec : 1) * sizeof(*le->by[by]));
	if (!le->by[by])
		return -1;
	for (size_t i = 0; i < le->nrec; i++) {
		const char *k = le_key_of(&le->rec[i], by);

		if (k && *k)
			le->by[by][n++] = &le->rec[i];
	}
	le->nby[by] = n;
	qsort(le->by[by], n, sizeof(*le->by[by]), cmp[by]);
	return 0;
}

/* The linking records memory may hold: half the machine's memory (or
 * ct_test_hooks.linkeval_mem_kb) at LE_REC_BYTES each, so that an index
 * of any size is evaluated in bounded memory (beyond it, read by SQL:
 * slow through a coordinator, the same report). */
static int64_t le_recs_max(void)
{
	long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
	double kb = ct_test_hooks.linkeval_mem_kb > 0
	                ? (double)ct_test_hooks.linkeval_mem_kb
	            : pages > 0 && size > 0
	                ? (double)pages * (double)size / 2048
	                : 4.0 * 1024 * 1024;

	return (int64_t)(kb * 1024 / LE_REC_BYTES);
}

/* Every linking record with its work, into memory: 0 (le->recs 1, or
 * -1 when memory ran out: read by SQL then), or a negative CT_E* code
 * from the database. */
static int le_recs_load(struct store *st, struct pg_le *le)
{
	int64_t total = 0, pages;
	char a[24], b[24];
	const char *v[2] = {a, b};
	int rc, full = 0;

	if ((rc = le_int(st, LE_RECS_COUNT, 0, NULL, &total)))
		return rc;
	if (total > le_recs_max()) { /* read by SQL, block by block */
		le->recs = -1;
		return 0;
	}
	pages = total / LE_PAGE_ROWS + 1;
	le->caprec = (size_t)total + 1;
	if (!(le->rec = malloc(le->caprec * sizeof(*le->rec))))
		full = 1;
	snprintf(a, sizeof(a), "%" PRId64, pages);
	for (int64_t p = 0; p < pages && !full; p++) {
		PGresult *r = NULL;

		snprintf(b, sizeof(b), "%" PRId64, p);
		if ((rc = le_query(st, LE_RECS_PAGE, 2, v, &r))) {
			le_recs_free(le);
			return rc;
		}
		for (int i = 0; i < PQntuples(r) && !full; i++)
			full = le_rec_add(le, r, i);
		PQclear(r);
	}
	for (int by = 0; by < 3 && !full; by++)
		full = le_index(le, by);
	if (full)
		le_recs_free(le);
	le->recs = full ? -1 : 1;
	return 0;
}

/* The range [*lo, *hi) of index by whose key is k. */
static void le_range(const struct pg_le *le, int by, const char *k, size_t *lo,
                     size_t *hi)
{
	const struct le_rec *const *v = le->by[by];
	size_t a = 0, b = le->nby[by];

	while (a < b) {
		size_t m = a + (b - a) / 2;

		if (strcmp(le_key_of(v[m], by), k) < 0)
			a = m + 1;
		else
			b = m;
	}
	*lo = a;
	for (b = a; b < le->nby[by] && !strcmp(le_key_of(v[b], by), k); b++)
		;
	*hi = b;
}

/* The records of index by with key k, in its order, those of years y0..y1
 * only when yr (1) or those without a year only (2): fn's non-zero
 * return, else 0. */
static int le_block(const struct pg_le *le, int by, const char *k, int yr,
                    int64_t y0, int64_t y1,
                    int (*fn)(void *arg, const struct store_linkrec_cand *c),
                    void *arg)
{
	size_t lo, hi;
	int got = 0;

	if (!k)
		return 0;
	le_range(le, by, k, &lo, &hi);
	for (size_t i = lo; i < hi && !got; i++) {
		const struct le_rec *x = le->by[by][i];
		const struct le_work *w = &le->works[x->work];
		struct store_linkrec_cand c;

		if ((yr == 1 &&
		     (x->year == LE_NOYEAR || x->year < y0 || x->year > y1)) ||
		    (yr == 2 && x->year != LE_NOYEAR))
			continue;
		c.id = x->id;
		c.work = w->id;
		c.ref = x->ref;
		c.title = x->title;
		c.surname = x->surname;
		c.volume = x->volume;
		c.fpage = x->fpage;
		c.doi = w->doi;
		c.pmid = w->pmid;
		c.pmcid = w->pmcid;
		c.year = x->year == LE_NOYEAR ? 0 : x->year;
		c.indexed = w->indexed;
		got = fn(arg, &c);
	}
	return got;
}

static const char *le_key(const char *k)
{
	return k && *k ? k : NULL;
}

/* LE_CANDS from memory: its blocks one after another. */
static int le_cands(const struct pg_le *le,
                    const struct store_linkrec_blocks *b,
                    int (*fn)(void *arg, const struct store_linkrec_cand *c),
                    void *arg)
{
	const char *t = le_key(b->tkey);
	int got = 0;

	if (b->tkey && b->year) {
		got = le_block(le, BY_T, t, 1, (int64_t)b->year - 1,
		               (int64_t)b->year + 1, fn, arg);
		if (!got)
			got = le_block(le, BY_T, t, 2, 0, 0, fn, arg);
	} else if (b->tkey) {
		got = le_block(le, BY_T, t, 0, 0, 0, fn, arg);
	}
	if (!got)
		got = le_block(le, BY_A, le_key(b->akey), 0, 0, 0, fn, arg);
	if (!got)
		got = le_block(le, BY_P, le_key(b->pkey), 0, 0, 0, fn, arg);
	return got;
}

int pg_linkrec_cands(struct store *st, const struct store_linkrec_blocks *b,
                     int (*fn)(void *arg, const struct store_linkrec_cand *c),
                     void *arg, struct ct_error *err)
{
	struct pg_le *le = *pg_read_le(st);
	char year[16];
	/* $1 title + year known, $5 title + year unknown, $2 author + year,
	 * $3 volume + page: a key NULL reads nothing (SQLite's binding) */
	const char *v[5] = {NULL, le_key(b->akey), le_key(b->pkey), NULL, NULL};
	struct store_linkrec_cand c;
	PGresult *r = NULL;
	int rc, got = 0;

	if (le && !le->recs && (rc = le_recs_load(st, le)))
		return pg_read_fail(st, rc, err);
	if (le && le->recs > 0)
		return le_cands(le, b, fn, arg);
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
	struct pg_le *le = *pg_read_le(st);
	struct store_linkrec k;
	PGresult *r = NULL;
	int rc, got = 0;

	/* match.c's filter of keys, from memory during linkeval (the records
	 * of missing works left out: no block holds them either) */
	if (le && !le->recs && (rc = le_recs_load(st, le)))
		return pg_read_fail(st, rc, err);
	for (size_t i = 0; le && le->recs > 0 && i < le->nrec && !got; i++) {
		memset(&k, 0, sizeof(k));
		k.tkey = le->rec[i].tkey;
		k.akey = le->rec[i].akey;
		k.pkey = le->rec[i].pkey;
		got = fn(arg, &k);
	}
	if (le && le->recs > 0)
		return got;
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
