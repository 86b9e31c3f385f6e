/*
 * store_pg_load.c — `citectx pg-load`: an SQLite index copied whole into
 * a PostgreSQL database (store_pg.h), in one transaction, through binary
 * COPY.
 *
 * The SQLite side is read through the store's dump verbs (store_dump.h),
 * inside one read snapshot, table by table; each dumped table's columns
 * are matched by name to the PostgreSQL table's, whose types (read from
 * the catalog) say how each value is encoded.  A column the SQLite index
 * has and PostgreSQL's table lacks stops the load: pg-init's schema must
 * hold everything the index holds.  Ids are kept as they are, so outputs
 * of the two backends compare id for id; the sequences start after them.
 *
 * Binary COPY rather than text: no escaping of the context texts (a tenth
 * of the bytes are tabs, backslashes or newlines in the worst articles)
 * and no parsing of numbers on the server; and it is the format the
 * tsvector columns need (issue 18).  Each indexed statement text (a
 * run's lead, ctx = 0) gets its tsv and ntok from FTS5's own tokenizer
 * (store_tsv.h), made from the text as the SQLite index holds it (before
 * any repair), as statements_fts indexed it.  The works search's text
 * (SQLite's works_text, derived, read here as works_fts indexes it) goes
 * to works_text with the lexemes of its four columns and their token
 * count, from works_fts's tokenizer (store_pg_find.c reads them).
 *
 * Text that is not valid UTF-8 (PostgreSQL refuses it) is repaired by
 * jw_strn's rule: each byte that starts no valid sequence becomes U+FFFD,
 * so a JSON output of either backend shows the same string; a NUL byte
 * ends the value (every reader of the SQLite index sees a C string).
 */
#include <libpq-fe.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "jw.h"
#include "store.h"
#include "store_dump.h"
#include "store_pg.h"
#include "store_pg_int.h"
#include "store_read.h"
#include "store_tsv.h"

/* PostgreSQL's type oids (pg_type.dat, unchanged since 7.x) */
enum {
	OID_BOOL = 16,
	OID_INT8 = 20,
	OID_INT2 = 21,
	OID_INT4 = 23,
	OID_TEXT = 25,
	OID_FLOAT8 = 701,
	OID_VARCHAR = 1043
};

/* Where each dumped table goes (to NULL: the table of the same name).
 * dkey: the statements' distribution key coalesce(cited, -citing) is
 * computed here (store_pg.c).  Aliases go through a temporary table into
 * identifiers, after the works' own DOI, PMID and PMCID (see
 * load_identifiers). */
static const struct load_step {
	const char *from, *to;
	int dkey;
	int wtext; /* works_text: its tsv and ntok made here */
} steps[] = {
    {"works", NULL, 0, 0},     {"authors", NULL, 0, 0},
    {"refs", NULL, 0, 0},      {"statements", NULL, 1, 0},
    {"notices", NULL, 0, 0},   {"aliases", "load_aliases", 0, 0},
    {"linkrec", NULL, 0, 0},   {"users", NULL, 0, 0},
    {"tokens", NULL, 0, 0},    {"login_failures", NULL, 0, 0},
    {"signups", NULL, 0, 0},   {"ratings", NULL, 0, 0},
    {"flags", NULL, 0, 0},     {"follows", NULL, 0, 0},
    {"feed_keys", NULL, 0, 0},
};
static const struct load_step works_text_step = {"works_text", NULL, 0, 1};
/* every statement with its run's lead's distribution key (store_dump.c) */
static const struct load_step runs_step = {"runs", NULL, 0, 0};
/* rows kept again under another distribution key, read from a staging
 * for a batch's keys (store_dump.c; pg-load makes them in PostgreSQL:
 * load_identifiers) */
static const struct load_step keyed[] = {
    {"cited_by", NULL, 0, 0},    {"notices_by", NULL, 0, 0},
    {"leads", NULL, 0, 0},       {"citing_stmts", NULL, 0, 0},
    {"identifiers", NULL, 0, 0}, {"work_xids", NULL, 0, 0},
};

/* works_fts's tokenizer options (schema.c, migration 10) */
static const char *const works_tok_args[] = {"remove_diacritics", "2"};

/* The sequences pg-init makes and the table whose ids each hands out. */
static const char *const sequences[][2] = {
    {"works_ids", "works"},           {"refs_ids", "refs"},
    {"statements_ids", "statements"}, {"linkrec_ids", "linkrec"},
    {"users_ids", "users"},           {"tokens_ids", "tokens"},
    {"flags_ids", "flags"},
};

#define NSTEPS     (sizeof(steps) / sizeof(steps[0]))
#define COLS_MAX   64         /* store_dump.c's DUMP_COLS_MAX */
#define COPY_CHUNK (1u << 20) /* bytes handed to libpq at once */

struct load {
	PGconn *c;
	const char *from; /* the SQLite file, for messages */
	const char *cmd;  /* the command, for messages: "pg-load", "ingest" */
	const struct load_step *step;
	struct store_pg_load_table *tab;
	int ncols;
	unsigned oid[COLS_MAX]; /* each source column's target type */
	const char *const *names;
	int cited, citing;      /* source columns of dkey, -1 when none */
	int text, ctx;          /* source columns of tsv and ntok (with dkey) */
	struct store_tsv *tsv;  /* FTS5's tokenizer, opened for statements */
	struct store_tsv *wtsv; /* works_fts's, for works_text */
	int wcol[4];       /* works_text's title, authors, journal, keywords */
	struct ct_buf vec; /* one tsvector, binary */
	int in_copy;
	int touched;       /* only the rows a staging's journal names */
	int64_t above;     /* >= 0: the rows whose id is past it, instead */
	struct ct_buf out; /* COPY data not yet sent */
	struct ct_buf fix; /* a repaired text */
	struct ct_error *err;
};

/* err from the server's last answer r (NULL: the connection's state):
 * a lost connection is CT_EUNAVAIL, naming host:port. */
static int load_pg_fail(struct load *l, PGresult *r, const char *what)
{
	int code =
	    PQstatus(l->c) == CONNECTION_BAD
	        ? CT_EUNAVAIL
	        : store_pg_errcode(r ? PQresultErrorField(r, PG_DIAG_SQLSTATE)
	                             : NULL);
	pg_err_result(l->err, code, l->c, r, what);
	return code;
}

static void put16(struct ct_buf *b, int v)
{
	unsigned char x[2] = {(unsigned char)((unsigned)v >> 8),
	                      (unsigned char)v};

	ct_buf_put(b, x, 2);
}

static void put32(struct ct_buf *b, uint32_t v)
{
	unsigned char x[4] = {(unsigned char)(v >> 24),
	                      (unsigned char)(v >> 16), (unsigned char)(v >> 8),
	                      (unsigned char)v};

	ct_buf_put(b, x, 4);
}

static void put64(struct ct_buf *b, uint64_t v)
{
	put32(b, (uint32_t)(v >> 32));
	put32(b, (uint32_t)v);
}

/* One field: its length, then its bytes. */
static void put_field(struct ct_buf *b, const void *p, size_t n)
{
	put32(b, (uint32_t)n);
	ct_buf_put(b, p, n);
}

/* s (n bytes) as valid UTF-8 without NUL: *out is s itself or l->fix;
 * returns 1 when it had to be repaired. */
static int text_clean(struct load *l, const char *s, size_t n, const char **out,
                      size_t *outn)
{
	size_t m = strnlen(s, n), k;

	*out = s;
	*outn = m;
	if (jw_utf8_ok(s, n))
		return 0;
	ct_buf_reset(&l->fix);
	for (size_t i = 0; i < m; i += k ? k : 1) {
		if ((k = jw_utf8_len(s + i, m - i)))
			ct_buf_put(&l->fix, s + i, k);
		else
			ct_buf_put(&l->fix, "\xEF\xBF\xBD", 3);
	}
	*out = l->fix.ptr ? l->fix.ptr : "";
	*outn = l->fix.len;
	return 1;
}

static const char *type_name(unsigned oid)
{
	switch (oid) {
	case OID_INT8:
		return "bigint";
	case OID_INT4:
		return "integer";
	case OID_INT2:
		return "smallint";
	case OID_BOOL:
		return "boolean";
	case OID_FLOAT8:
		return "double precision";
	default:
		return "text";
	}
}

static const char *const vtype_names[] = {"null", "integer", "real", "text",
                                          "blob"};

static int bad_value(struct load *l, int col, const struct store_value *v)
{
	return err_set(l->err, CT_EPARSE,
	               "%s: %s row %lld, column %s: a %s value where "
	               "PostgreSQL's column is %s",
	               l->from, l->step->from, (long long)l->tab->rows + 1,
	               l->names[col], vtype_names[v->type],
	               type_name(l->oid[col]));
}

/* An integer for a column of `bytes` bytes (8, 4, 2; 1: boolean). */
static int put_int(struct load *l, int col, const struct store_value *v,
                   int bytes)
{
	int64_t i = v->i;
	int64_t lim = bytes == 8   ? INT64_MAX
	              : bytes == 4 ? INT32_MAX
	              : bytes == 2 ? INT16_MAX
	                           : 1;

	if (v->type == STORE_V_REAL) {
		if (!(v->d >= -9.2e18 && v->d <= 9.2e18) || v->d != floor(v->d))
			return bad_value(l, col, v);
		i = (int64_t)v->d;
	} else if (v->type != STORE_V_INT) {
		return bad_value(l, col, v);
	}
	if (i > lim || i < (bytes == 1 ? 0 : -lim - 1))
		return err_set(l->err, CT_ELIMIT,
		               "%s: %s row %lld, column %s: %lld does not fit "
		               "PostgreSQL's %s",
		               l->from, l->step->from,
		               (long long)l->tab->rows + 1, l->names[col],
		               (long long)i, type_name(l->oid[col]));
	put32(&l->out, (uint32_t)(bytes == 1 ? 1 : bytes));
	if (bytes == 8)
		put64(&l->out, (uint64_t)i);
	else if (bytes == 4)
		put32(&l->out, (uint32_t)(int32_t)i);
	else if (bytes == 2)
		put16(&l->out, (int)(int16_t)i);
	else
		ct_buf_putc(&l->out, (char)(i != 0));
	return 0;
}

static int put_double(struct load *l, int col, const struct store_value *v)
{
	double d = v->type == STORE_V_INT ? (double)v->i : v->d;
	uint64_t u;

	if (v->type != STORE_V_INT && v->type != STORE_V_REAL)
		return bad_value(l, col, v);
	memcpy(&u, &d, sizeof(u));
	put32(&l->out, 8);
	put64(&l->out, u);
	return 0;
}

/* A text column takes text (repaired) and a blob read as text, as the
 * SQLite index's readers see them; numbers in SQLite's own spelling. */
static int put_text(struct load *l, const struct store_value *v)
{
	const char *s;
	size_t n;
	char num[40];

	if (v->type == STORE_V_TEXT || v->type == STORE_V_BLOB) {
		if (text_clean(l, v->s ? v->s : "", v->n, &s, &n))
			l->tab->repaired++;
		put_field(&l->out, s, n);
		return 0;
	}
	if (v->type == STORE_V_INT)
		snprintf(num, sizeof(num), "%lld", (long long)v->i);
	else
		snprintf(num, sizeof(num), "%.17g", v->d);
	put_field(&l->out, num, strlen(num));
	return 0;
}

static int put_value(struct load *l, int col, const struct store_value *v)
{
	if (v->type == STORE_V_NULL) {
		put32(&l->out, 0xFFFFFFFFu);
		return 0;
	}
	switch (l->oid[col]) {
	case OID_INT8:
		return put_int(l, col, v, 8);
	case OID_INT4:
		return put_int(l, col, v, 4);
	case OID_INT2:
		return put_int(l, col, v, 2);
	case OID_BOOL:
		return put_int(l, col, v, 1);
	case OID_FLOAT8:
		return put_double(l, col, v);
	default:
		return put_text(l, v);
	}
}

/* Hands what is buffered to libpq. */
static int copy_flush(struct load *l)
{
	int rc = ct_buf_error(&l->out);

	if (rc)
		return err_set(l->err, rc, "%s: %s: buffering rows failed",
		               l->from, l->step->from);
	if (l->out.len && PQputCopyData(l->c, l->out.ptr, (int)l->out.len) != 1)
		return load_pg_fail(l, NULL, l->step->from);
	ct_buf_reset(&l->out);
	return 0;
}

/* A statement's tsv and ntok: an indexed text's (ctx 0: statements_fts
 * holds exactly those rows), NULL for the rest of a run. */
static int put_tsv(struct load *l, const struct store_value *text,
                   const struct store_value *ctx)
{
	struct ct_error e = {0};
	int ntok = 0, rc;

	if (ctx->type != STORE_V_INT || ctx->i != 0) {
		put32(&l->out, 0xFFFFFFFFu);
		put32(&l->out, 0xFFFFFFFFu);
		return 0;
	}
	ct_buf_reset(&l->vec);
	rc = store_tsv_binary(l->tsv, text->type == STORE_V_NULL ? "" : text->s,
	                      text->type == STORE_V_NULL ? 0 : text->n, &l->vec,
	                      &ntok, &e);
	if (rc)
		return err_set(l->err, rc, "%s: statements row %lld: %s",
		               l->from, (long long)l->tab->rows + 1, e.msg);
	put_field(&l->out, l->vec.ptr, l->vec.len);
	put32(&l->out, 4);
	put32(&l->out, (uint32_t)ntok);
	return 0;
}

/* A works_text row's ntok and tsv: its four columns' tokens as
 * works_fts cuts them. */
static int put_wtsv(struct load *l, const struct store_value *v)
{
	struct ct_error e = {0};
	const char *s[4];
	size_t n[4];
	int ntok = 0, rc;

	for (int i = 0; i < 4; i++) {
		const struct store_value *x = &v[l->wcol[i]];
		int txt = x->type == STORE_V_TEXT || x->type == STORE_V_BLOB;

		s[i] = txt ? (x->s ? x->s : "") : NULL;
		n[i] = txt ? x->n : 0;
	}
	ct_buf_reset(&l->vec);
	rc = store_tsv_lexemes(l->wtsv, s, n, 4, &l->vec, &ntok, &e);
	if (rc)
		return err_set(l->err, rc, "%s: works_text row %lld: %s",
		               l->from, (long long)l->tab->rows + 1, e.msg);
	put32(&l->out, 4);
	put32(&l->out, (uint32_t)ntok);
	put_field(&l->out, l->vec.ptr, l->vec.len);
	return 0;
}

static int on_row(void *arg, const struct store_value *v)
{
	struct load *l = arg;
	int rc = 0;

	put16(&l->out,
	      l->ncols + 3 * (l->cited >= 0) + 2 * (l->step->wtext != 0));
	for (int i = 0; i < l->ncols && !rc; i++)
		rc = put_value(l, i, &v[i]);
	if (!rc && l->cited >= 0) {
		const struct store_value *ci = &v[l->cited],
		                         *cg = &v[l->citing];

		if (cg->type != STORE_V_INT)
			return bad_value(l, l->citing, cg);
		put32(&l->out, 8);
		put64(&l->out,
		      (uint64_t)(ci->type == STORE_V_INT ? ci->i : -cg->i));
		rc = put_tsv(l, &v[l->text], &v[l->ctx]);
	}
	if (!rc && l->step->wtext)
		rc = put_wtsv(l, v);
	if (rc)
		return rc;
	l->tab->rows++;
	return l->out.len >= COPY_CHUNK ? copy_flush(l) : 0;
}

/* Appends "name" (quoted: "user" is a keyword) to b. */
static void put_ident(struct ct_buf *b, const char *name)
{
	ct_buf_putc(b, '"');
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			ct_buf_putc(b, '"');
		ct_buf_putc(b, *p);
	}
	ct_buf_putc(b, '"');
}

/* Each source column's type in the target table; CT_ESCHEMA for one the
 * target lacks. */
static int match_cols(struct load *l, const char *to)
{
	const char *param[1] = {to};
	PGresult *r = PQexecParams(
	    l->c,
	    "SELECT attname, atttypid FROM pg_attribute WHERE attrelid ="
	    " $1::regclass AND attnum > 0 AND NOT attisdropped",
	    1, NULL, param, NULL, NULL, 0);
	int rc = 0;

	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		rc = load_pg_fail(l, r, to);
		PQclear(r);
		return rc;
	}
	for (int i = 0; i < l->ncols && !rc; i++) {
		int k = 0, n = PQntuples(r);

		while (k < n && strcmp(PQgetvalue(r, k, 0), l->names[i]))
			k++;
		if (k == n)
			rc =
			    err_set(l->err, CT_ESCHEMA,
			            "postgresql %s:%s: table %s has no column "
			            "%s for %s's %s.%s",
			            PQhost(l->c), PQport(l->c), to, l->names[i],
			            l->from, l->step->from, l->names[i]);
		else
			l->oid[i] =
			    (unsigned)strtoul(PQgetvalue(r, k, 1), NULL, 10);
	}
	PQclear(r);
	return rc;
}

static int col_index(struct load *l, const char *name)
{
	for (int i = 0; i < l->ncols; i++)
		if (!strcmp(l->names[i], name))
			return i;
	return -1;
}

/* The dump's columns: matched to the target's, then COPY starts. */
static int on_cols(void *arg, int ncols, const char *const *names)
{
	struct load *l = arg;
	const char *to = l->step->to ? l->step->to : l->step->from;
	struct ct_buf sql = CT_BUF_INIT;
	PGresult *r;
	int rc;

	l->ncols = ncols;
	l->names = names;
	l->cited = l->citing = -1;
	if (ncols > COLS_MAX)
		return err_set(l->err, CT_ELIMIT, "%s: %s: %d columns", l->from,
		               l->step->from, ncols);
	if ((rc = match_cols(l, to)))
		return rc;
	if (l->step->dkey) {
		l->cited = col_index(l, "cited");
		l->citing = col_index(l, "citing");
		l->text = col_index(l, "text");
		l->ctx = col_index(l, "ctx");
		if (l->cited < 0 || l->citing < 0 || l->text < 0 || l->ctx < 0)
			return err_set(l->err, CT_ESCHEMA,
			               "%s: %s has no cited, citing, text or "
			               "ctx column",
			               l->from, l->step->from);
		if (!l->tsv && (rc = store_tsv_open(&l->tsv, l->err)))
			return rc;
	}
	if (l->step->wtext) {
		static const char *const wnames[4] = {"title", "authors",
		                                      "journal", "keywords"};

		for (int i = 0; i < 4; i++)
			if ((l->wcol[i] = col_index(l, wnames[i])) < 0)
				return err_set(
				    l->err, CT_ESCHEMA,
				    "%s: works_text has no %s column", l->from,
				    wnames[i]);
		if (!l->wtsv && (rc = store_tsv_open_args(
		                     &l->wtsv, works_tok_args, 2, l->err)))
			return rc;
	}
	ct_buf_puts(&sql, "COPY ");
	put_ident(&sql, to);
	for (int i = 0; i < ncols; i++) {
		ct_buf_puts(&sql, i ? ", " : "(");
		put_ident(&sql, names[i]);
	}
	ct_buf_puts(&sql, l->cited >= 0 ? ", dkey, tsv, ntok" : "");
	ct_buf_puts(&sql, l->step->wtext ? ", ntok, tsv" : "");
	ct_buf_puts(&sql, ") FROM STDIN (FORMAT binary)");
	if ((rc = ct_buf_error(&sql))) {
		ct_buf_release(&sql);
		return err_set(l->err, rc, "%s: out of memory", l->from);
	}
	r = PQexec(l->c, sql.ptr);
	ct_buf_release(&sql);
	if (PQresultStatus(r) != PGRES_COPY_IN)
		rc = load_pg_fail(l, r, to);
	PQclear(r);
	if (rc)
		return rc;
	l->in_copy = 1;
	/* the binary format's signature, flags, no header extension */
	ct_buf_put(&l->out, "PGCOPY\n\377\r\n\0", 11);
	put32(&l->out, 0);
	put32(&l->out, 0);
	return 0;
}

/* Ends the COPY in progress: the trailer and the server's verdict; with
 * failed set, aborts it (the transaction is rolled back after) and keeps
 * the error that stopped it. */
static int copy_end(struct load *l, int failed)
{
	PGresult *r;
	int rc = 0;

	if (!l->in_copy)
		return 0;
	l->in_copy = 0;
	if (!failed) {
		put16(&l->out, -1);
		rc = copy_flush(l);
	}
	ct_buf_reset(&l->out);
	if (PQputCopyEnd(l->c, failed || rc ? "citectx: load stopped" : NULL) !=
	    1)
		return rc || failed ? rc : load_pg_fail(l, NULL, l->step->from);
	while ((r = PQgetResult(l->c))) {
		if (!rc && !failed && PQresultStatus(r) != PGRES_COMMAND_OK)
			rc = load_pg_fail(l, r, l->step->from);
		PQclear(r);
	}
	return rc;
}

static int load_step_run(struct load *l, struct store *src,
                         struct store_pg_load_table *tab)
{
	struct store_dump_cb cb = {on_cols, on_row, l};
	int rc;

	tab->name = l->step->from;
	l->tab = tab;
	rc = l->above >= 0 ? store_dump_rows_above(src, l->step->from, l->above,
	                                           &cb, l->err)
	     : l->touched
	         ? store_dump_rows_touched(src, l->step->from, &cb, l->err)
	         : store_dump_rows(src, l->step->from, &cb, l->err);
	return copy_end(l, rc != 0) ? l->err->code : rc;
}

static const struct load_step *step_of(const char *table)
{
	for (size_t i = 0; i < NSTEPS; i++)
		if (!strcmp(steps[i].from, table))
			return &steps[i];
	return NULL;
}

/* The single value sql answers, as an integer. */
static int pg_int(struct load *l, const char *sql, const char *what, int64_t *v)
{
	PGresult *r = PQexec(l->c, sql);
	int rc = 0;

	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1)
		rc = load_pg_fail(l, r, what);
	else
		*v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	return rc;
}

/* identifiers: every work's own DOI, PMID and PMCID ('doi:...' etc.),
 * then the aliases (other identifiers, versions) that do not repeat one:
 * a lookup in the SQLite index tries the work's own first too. */
static int load_identifiers(struct load *l, struct store_pg_load_stats *st)
{
	static const char *const sql[] = {
	    "INSERT INTO identifiers(xid, work)"
	    " SELECT 'doi:' || doi, id FROM works WHERE doi IS NOT NULL"
	    " UNION ALL SELECT 'pmid:' || pmid, id FROM works"
	    " WHERE pmid IS NOT NULL UNION ALL SELECT 'pmcid:' || pmcid, id"
	    " FROM works WHERE pmcid IS NOT NULL",
	    /* no conflict target: xid is identifiers' one unique key,
	     * and on pg-init --fdw's coordinator no index can name it
	     * (store_pg_fdw.c) */
	    "INSERT INTO identifiers(xid, work, version) SELECT xid, work,"
	    " version FROM load_aliases ORDER BY xid ON CONFLICT DO NOTHING",
	    /* the same rows by work, and refs by cited work: the reads'
	     * copies keyed for one work's shard (store_pg.c) */
	    "INSERT INTO work_xids(work, xid, version)"
	    " SELECT work, xid, version FROM identifiers",
	    "INSERT INTO cited_by(cited, citing, id)"
	    " SELECT cited, citing, id FROM refs WHERE cited IS NOT NULL",
	    "INSERT INTO notices_by(concerned, notice, pos, kind, relation)"
	    " SELECT concerned, notice, pos, kind, relation FROM notices"
	    " WHERE concerned IS NOT NULL",
	    "INSERT INTO leads(citing, id, text) SELECT citing, id, text"
	    " FROM statements WHERE id IN (SELECT id - ctx FROM statements"
	    " WHERE ctx <> 0)",
	    "INSERT INTO citing_stmts(citing, id, sctx, cited, ref, marker,"
	    " model, type, confidence, self, jself) SELECT citing, id, sctx,"
	    " cited, ref, marker, model, type, confidence, self, jself"
	    " FROM statements",
	};
	int rc = 0;

	for (size_t i = 0; i < sizeof(sql) / sizeof(*sql) && !rc; i++)
		rc = pg_run(l->c, sql[i], "identifiers", l->err);
	if (!rc)
		rc = pg_int(l, "SELECT count(*) FROM identifiers",
		            "identifiers", &st->identifiers);
	return rc;
}

/* Each sequence starts after the largest id loaded.  With src (a
 * staging after one of its batches), the tables it mirrors by the
 * staging's greatest ids: PostgreSQL holds the same rows, and its
 * max(id) would scan every shard of refs, statements and linkrec, whose
 * keys begin with another column. */
static int load_sequences(struct load *l, struct store *src)
{
	static const char *const mirrored[] = {"works", "refs", "statements",
	                                       "linkrec"};
	char sql[200];
	int rc = 0;

	for (size_t i = 0; i < sizeof(sequences) / sizeof(sequences[0]) && !rc;
	     i++) {
		int64_t v = -1;

		for (size_t m = 0;
		     src && m < sizeof(mirrored) / sizeof(*mirrored); m++)
			if (!strcmp(sequences[i][1], mirrored[m]) &&
			    (rc = store_dump_max_id(src, mirrored[m], &v,
			                            l->err)))
				return rc;
		if (v >= 0)
			snprintf(sql, sizeof(sql),
			         "SELECT setval('%s', %lld + 1, false)",
			         sequences[i][0], (long long)v);
		else
			snprintf(sql, sizeof(sql),
			         "SELECT setval('%s', coalesce((SELECT max(id)"
			         " FROM %s), 0) + 1, false)",
			         sequences[i][0], sequences[i][1]);
		rc = pg_int(l, sql, sequences[i][0], &v);
	}
	return rc;
}

/* A database that holds citectx's schema (of this version) with no row
 * in any table, or none: then the schema is made, in this transaction. */
static int load_target(struct load *l, struct store_pg_load_stats *st)
{
	struct store_pg_init_stats is = {0};
	struct ct_buf sql = CT_BUF_INIT;
	int exists = 0, rc;
	int64_t v = 0;
	PGresult *r;

	if ((rc = pg_exists(l->c, &exists, l->err)))
		return rc;
	if (!exists) {
		st->created = 1;
		if ((rc = pg_create_tables(l->c, &is, l->err)))
			return rc;
		return pg_create_meta(l->c, l->err);
	}
	if ((rc = pg_int(l,
	                 "SELECT coalesce(max(v::int), 0) FROM citectx_meta"
	                 " WHERE k = 'schema'",
	                 "citectx_meta", &v)))
		return rc;
	if (v != STORE_PG_SCHEMA)
		return err_set(l->err, CT_ESCHEMA,
		               "postgresql %s:%s: schema version %lld, this "
		               "program's is %d",
		               PQhost(l->c), PQport(l->c), (long long)v,
		               STORE_PG_SCHEMA);
	for (size_t i = 0; pg_table_name(i); i++) {
		if (!strcmp(pg_table_name(i), "citectx_meta"))
			continue;
		ct_buf_printf(&sql,
		              "%sSELECT '%s' WHERE EXISTS (SELECT 1 FROM %s)",
		              sql.len ? " UNION ALL " : "", pg_table_name(i),
		              pg_table_name(i));
	}
	if ((rc = ct_buf_error(&sql))) {
		ct_buf_release(&sql);
		return err_set(l->err, rc, "postgresql: out of memory");
	}
	r = PQexec(l->c, sql.ptr);
	ct_buf_release(&sql);
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		rc = load_pg_fail(l, r, "reading the tables");
	else if (PQntuples(r))
		rc = err_set(l->err, CT_EEXIST,
		             "postgresql %s:%s: the database already holds rows"
		             " (table %s): %s fills an empty index only",
		             PQhost(l->c), PQport(l->c), PQgetvalue(r, 0, 0),
		             l->cmd ? l->cmd : "pg-load");
	PQclear(r);
	return rc;
}

/* The source: this program's schema, every table of it known. */
static int load_source(struct load *l, struct store *src,
                       struct store_pg_load_stats *st)
{
	int have, want, rc;

	if ((rc = store_dump_version(src, &have, &want, l->err)))
		return rc;
	st->sqlite_schema = have;
	if (have != want)
		return err_set(l->err, CT_ESCHEMA,
		               "%s: schema version %d, this program's is %d%s",
		               l->from, have, want,
		               have < want ? ": run any writing command on it "
		                             "(e.g. ingest) to migrate it"
		                           : "");
	if ((rc = store_dump_known(src, l->err)))
		return rc;
	for (size_t i = 0; i < store_dump_ntables; i++)
		if (!step_of(store_dump_tables[i]))
			return err_set(l->err, CT_ESCHEMA,
			               "%s: table %s has no place in "
			               "PostgreSQL's schema",
			               l->from, store_dump_tables[i]);
	return 0;
}

static int load_all(struct load *l, struct store *src,
                    struct store_pg_load_stats *st)
{
	int rc;

	if ((rc = load_target(l, st)) ||
	    (rc = pg_run(l->c,
	                 "CREATE TEMP TABLE load_aliases(xid text, work bigint,"
	                 " version text) ON COMMIT DROP",
	                 "load_aliases", l->err)))
		return rc;
	for (size_t i = 0; i < store_dump_ntables && !rc; i++) {
		l->step = step_of(store_dump_tables[i]);
		rc = load_step_run(l, src, &st->t[st->n++]);
		st->repaired += st->t[st->n - 1].repaired;
	}
	/* the derived tables: the works search's text, the runs */
	for (int i = 0; i < 2 && !rc && st->n < STORE_PG_LOAD_TABLES; i++) {
		l->step = i ? &runs_step : &works_text_step;
		rc = load_step_run(l, src, &st->t[st->n++]);
		st->repaired += st->t[st->n - 1].repaired;
	}
	if (!rc)
		rc = load_identifiers(l, st);
	if (!rc && st->created)
		rc = pg_create_after(l->c, l->err);
	if (!rc)
		rc = load_sequences(l, NULL);
	/* an index filled whole has no staging index: an ingest into it
	 * says so (store_pg_ship.c) */
	if (!rc)
		rc =
		    pg_run(l->c,
		           "INSERT INTO citectx_meta VALUES ('staging', 'none')"
		           " ON CONFLICT (k) DO UPDATE SET v = excluded.v",
		           "citectx_meta", l->err);
	return rc;
}

int store_pg_load(const char *from, const char *conninfo,
                  struct store_pg_load_stats *st, struct ct_error *err)
{
	struct load l = {.from = from, .err = err, .above = -1};
	int64_t t0 = store_clock_ns();
	struct store *src;
	int rc;

	memset(st, 0, sizeof(*st));
	if (store_dump_ntables + 2 > STORE_PG_LOAD_TABLES)
		return err_set(err, CT_ELIMIT, "too many tables");
	if ((rc = store_open(from, STORE_OPEN_READONLY | STORE_OPEN_STREAM,
	                     &src, err)))
		return rc;
	if ((rc = store_read_begin(src)))
		rc = err_set(err, rc, "%s: %s", from, store_errmsg(src));
	if (!rc)
		rc = load_source(&l, src, st);
	if (!rc)
		rc = pg_connect(conninfo, &l.c, &st->server, err);
	if (!rc && PQsetClientEncoding(l.c, "UTF8"))
		rc = load_pg_fail(&l, NULL, "client_encoding");
	if (!rc && !(rc = pg_run(l.c, "BEGIN", "BEGIN", err))) {
		rc = load_all(&l, src, st);
		if (rc)
			pg_run(l.c, "ROLLBACK", "ROLLBACK",
			       &(struct ct_error){0});
		else
			rc = pg_run(l.c, "COMMIT", "COMMIT", err);
	}
	/* the planner's statistics of the new rows (a co-citation read chose
	 * a scan of every reference for want of them: 0.56 s a report on
	 * Citus against 0.30 s after) and the visibility map the search's
	 * index-only totals need; outside the transaction, as VACUUM must */
	if (!rc) {
		struct ct_error e = {0};

		if (pg_run(l.c, "VACUUM ANALYZE", "VACUUM ANALYZE", &e))
			rc =
			    err_set(err, e.code,
			            "%s: the rows are loaded and committed, but"
			            " VACUUM ANALYZE failed (run it): %s",
			            l.cmd ? l.cmd : "pg-load", e.msg);
	}
	if (l.c)
		PQfinish(l.c);
	store_read_end(src);
	store_close(src);
	ct_buf_release(&l.out);
	ct_buf_release(&l.fix);
	ct_buf_release(&l.vec);
	store_tsv_close(l.tsv);
	store_tsv_close(l.wtsv);
	st->seconds = (double)(store_clock_ns() - t0) / 1e9;
	return rc;
}

/* ---- the copier, for the batches of an ingest (store_pg_ship.c) ----- */

struct load *pg_load_new(PGconn *c, const char *from, struct ct_error *err)
{
	struct load *l = calloc(1, sizeof(*l));

	if (!l) {
		err_set(err, CT_ENOMEM, "out of memory");
		return NULL;
	}
	l->c = c;
	l->from = from;
	l->cmd = "ingest";
	l->err = err;
	l->touched = 1;
	l->above = -1;
	return l;
}

void pg_load_free(struct load *l)
{
	if (!l)
		return;
	ct_buf_release(&l->out);
	ct_buf_release(&l->fix);
	ct_buf_release(&l->vec);
	store_tsv_close(l->tsv);
	store_tsv_close(l->wtsv);
	free(l);
}

int pg_load_target(struct load *l, int *created)
{
	struct store_pg_load_stats st = {0};
	int rc = load_target(l, &st);

	*created = st.created;
	return rc;
}

int pg_load_table(struct load *l, struct store *src, const char *table,
                  int64_t *rows, int64_t *repaired)
{
	struct store_pg_load_table tab = {0};
	int rc;

	l->step = !strcmp(table, "works_text") ? &works_text_step
	          : !strcmp(table, "runs")     ? &runs_step
	                                       : step_of(table);
	if (!l->step) /* the copies by another key, from a staging */
		for (size_t i = 0; i < sizeof(keyed) / sizeof(*keyed); i++)
			if (!strcmp(table, keyed[i].from))
				l->step = &keyed[i];
	if (!l->step)
		return err_set(l->err, CT_EUSAGE, "no table %s to copy", table);
	rc = load_step_run(l, src, &tab);
	*rows += tab.rows;
	*repaired += tab.repaired;
	return rc;
}

int pg_load_table_above(struct load *l, struct store *src, const char *table,
                        int64_t above, int64_t *rows, int64_t *repaired)
{
	int rc;

	l->above = above < 0 ? 0 : above;
	rc = pg_load_table(l, src, table, rows, repaired);
	l->above = -1;
	return rc;
}

int pg_load_sequences(struct load *l)
{
	return load_sequences(l, NULL);
}

int pg_load_sequences_from(struct load *l, struct store *src)
{
	return load_sequences(l, src);
}
