/*
 * store_pg.c — the PostgreSQL store's schema and errors (store_pg.h).
 *
 * The layout is the one a Citus cluster distributes (issue 18): every
 * table has a distribution key, every unique key includes it, no key is
 * ever updated.  The big tables hash on a work id and share one colocation
 * group, so a work's report (its statements, tallies, identifiers read
 * first) is a router query to one shard; small tables of people are
 * reference tables.  On plain PostgreSQL the same DDL runs as it is; the
 * keys only become distribution keys under Citus.
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "store_pg.h"
#include "store_pg_int.h"

/* Each table: its name, its role in a cluster, its DDL.  role 'd': hash
 * distributed on `key`, in the colocation group of table `with` (NULL:
 * the first of a new group; tables in one group have their rows for one
 * key value on the same node, so joins on it stay on one shard); 'r':
 * reference table, whole on every node.  Under Citus (pg-init --citus)
 * the reference tables are distributed first, then the others in this
 * order, so a group's first table comes before its members. */
static const struct pg_table {
	const char *name, *key;
	char role;
	const char *with;
	const char *ddl;
} pg_tables[] = {
    /* works by id: the anchor of the colocation group.  Identifiers are
     * not unique here (a unique key must include id): see identifiers. */
    {"works", "id", 'd', NULL,
     "CREATE TABLE works(id bigint PRIMARY KEY, doi text, pmid text, "
     "pmcid text, fp text, title text, year int, journal text, "
     "publisher text, volume text, issue text, pages text, pubtype text, "
     "pubdate text, keywords text, funding text, abstract text, "
     "license text, ref_authors text, indexed int NOT NULL DEFAULT 0, "
     "source text)"},
    /* the works search's text (find, store_pg_find.c): SQLite's
     * works_text, one row per titled work, with the lexemes of its four
     * columns (FTS5's tokens, no positions) and their token count, on
     * the work's shard */
    {"works_text", "id", 'd', "works",
     "CREATE TABLE works_text(id bigint PRIMARY KEY, title text, "
     "authors text, journal text, keywords text, ntok int NOT NULL, "
     "tsv tsvector NOT NULL)"},
    /* identifiers by identifier ('doi:...', 'pmid:...', 'pmcid:...',
     * aliases): one shard answers "which work is this ID".  A text key:
     * a colocation group of its own (the work's rows are read next, on
     * the work's shard). */
    {"identifiers", "xid", 'd', NULL,
     "CREATE TABLE identifiers(xid text PRIMARY KEY, work bigint NOT NULL, "
     "version text)"},
    {"authors", "work", 'd', "works",
     "CREATE TABLE authors(work bigint NOT NULL, pos int NOT NULL, "
     "surname text, given text, orcid text, aff text, "
     "PRIMARY KEY(work, pos))"},
    /* a work's reference list, by the citing work */
    {"refs", "citing", 'd', "works",
     "CREATE TABLE refs(citing bigint NOT NULL, id bigint NOT NULL, "
     "pos int NOT NULL, label text, xml_id text, raw text, authors text, "
     "title text, source text, year int, volume text, fpage text, "
     "doi text, pmid text, pmcid text, cited bigint, "
     "PRIMARY KEY(citing, id))"},
    /* statements by the work they cite, coalesce(cited, -citing): a
     * report is one shard; an unlinked statement stays with its citing
     * work's key, negated.  Relinking moves a row (delete + insert),
     * never updates dkey. */
    {"statements", "dkey", 'd', "works",
     "CREATE TABLE statements(dkey bigint NOT NULL, id bigint NOT NULL, "
     "citing bigint NOT NULL, ref bigint NOT NULL, cited bigint, "
     "section text, section_class int NOT NULL, type int NOT NULL, "
     "confidence double precision NOT NULL, model text, self int NOT NULL, "
     "year int, marker text, text text NOT NULL, sent_start int NOT NULL, "
     "sent_end int NOT NULL, dups int NOT NULL, pubtype text, "
     "jself int NOT NULL DEFAULT 0, ctx int NOT NULL DEFAULT 0, "
     "sctx int NOT NULL DEFAULT 0, tsv tsvector, ntok int, "
     "PRIMARY KEY(dkey, id))"},
    {"notices", "notice", 'd', "works",
     "CREATE TABLE notices(notice bigint NOT NULL, pos int NOT NULL, "
     "kind text NOT NULL, relation text, concerned bigint, "
     "PRIMARY KEY(notice, pos))"},
    /* linking's field keys, by the work they describe */
    {"linkrec", "work", 'd', "works",
     "CREATE TABLE linkrec(work bigint NOT NULL, id bigint NOT NULL, "
     "ref bigint, citing bigint, title text, surname text, year int, "
     "volume text, fpage text, journal text, tkey text, akey text, "
     "pkey text, PRIMARY KEY(work, id))"},
    /* refs again by the work cited (pg-load copies them): a work's
     * citing count, and those of a reference list's works, read on the
     * cited works' shards only (refs live by citing work: every shard) */
    {"cited_by", "cited", 'd', "works",
     "CREATE TABLE cited_by(cited bigint NOT NULL, citing bigint NOT NULL, "
     "id bigint NOT NULL, PRIMARY KEY(cited, citing, id))"},
    /* identifiers again by work (pg-load copies them): a work's other
     * IDs read on its shard (identifiers live by ID: every shard) */
    {"work_xids", "work", 'd', "works",
     "CREATE TABLE work_xids(work bigint NOT NULL, xid text NOT NULL, "
     "version text, PRIMARY KEY(work, xid))"},
    /* notices again by the work they concern (pg-load copies them): the
     * notices about a work read on its shard (notices live by notice) */
    {"notices_by", "concerned", 'd', "works",
     "CREATE TABLE notices_by(concerned bigint NOT NULL, notice bigint "
     "NOT NULL, pos int NOT NULL, kind text NOT NULL, relation text, "
     "PRIMARY KEY(concerned, notice, pos))"},
    /* the texts of the runs' leads by citing work (pg-load copies them):
     * a statement's context text read on its citing work's shard, where
     * its reference is (the lead lives by the work it cites) */
    {"leads", "citing", 'd', "works",
     "CREATE TABLE leads(citing bigint NOT NULL, id bigint NOT NULL, "
     "text text NOT NULL, PRIMARY KEY(citing, id))"},
    /* statements again by citing work, without their texts (pg-load
     * copies them): the statements of a citing sentence read on its
     * article's shard (statements live by the work each cites) */
    {"citing_stmts", "citing", 'd', "works",
     "CREATE TABLE citing_stmts(citing bigint NOT NULL, id bigint NOT NULL, "
     "sctx int NOT NULL, cited bigint, ref bigint NOT NULL, marker text, "
     "model text, type int NOT NULL, confidence double precision NOT NULL, "
     "self int NOT NULL, jself int NOT NULL, PRIMARY KEY(citing, id))"},
    /* statements again by the distribution key of their run's lead
     * (pg-load copies them): a run is a lead (ctx = 0, the row whose
     * text the search indexes) and the rows after it that share its
     * sentence, each citing a work of its own and so on a shard of its
     * own.  A search joins each matched lead to its run's rows here, on
     * the lead's shard (a join on the distribution key: pushed down
     * whole), instead of on every shard by id - ctx. */
    {"runs", "ldkey", 'd', "works",
     "CREATE TABLE runs(ldkey bigint NOT NULL, lead bigint NOT NULL, "
     "id bigint NOT NULL, citing bigint NOT NULL, cited bigint, "
     "type int NOT NULL, section_class int NOT NULL, year int, "
     "self int NOT NULL, confidence double precision NOT NULL, "
     "pubtype text, jself int NOT NULL, sctx int NOT NULL, "
     "PRIMARY KEY(ldkey, lead, id))"},
    /* people: small, read with every page, written seldom */
    {"users", NULL, 'r', NULL,
     "CREATE TABLE users(id bigint PRIMARY KEY, name text NOT NULL, "
     "pwhash text NOT NULL, created bigint NOT NULL)"},
    {"tokens", NULL, 'r', NULL,
     "CREATE TABLE tokens(id bigint PRIMARY KEY, \"user\" bigint NOT NULL, "
     "hash text NOT NULL UNIQUE, label text, created bigint NOT NULL, "
     "expires bigint NOT NULL DEFAULT 0)"},
    {"login_failures", NULL, 'r', NULL,
     "CREATE TABLE login_failures(name text, client text, "
     "at bigint NOT NULL)"},
    {"signups", NULL, 'r', NULL,
     "CREATE TABLE signups(client text NOT NULL, at bigint NOT NULL)"},
    {"ratings", NULL, 'r', NULL,
     "CREATE TABLE ratings(\"user\" bigint NOT NULL, work bigint NOT NULL, "
     "overall int NOT NULL, novelty int, significance int, rigour int, "
     "updated bigint NOT NULL, PRIMARY KEY(work, \"user\"))"},
    {"flags", NULL, 'r', NULL,
     "CREATE TABLE flags(id bigint PRIMARY KEY, \"user\" bigint NOT NULL, "
     "statement bigint NOT NULL, label int NOT NULL, comment text, "
     "created bigint NOT NULL, UNIQUE(statement, \"user\"))"},
    {"follows", NULL, 'r', NULL,
     "CREATE TABLE follows(\"user\" bigint NOT NULL, work bigint NOT NULL, "
     "since bigint NOT NULL, created bigint NOT NULL, "
     "PRIMARY KEY(\"user\", work))"},
    {"feed_keys", NULL, 'r', NULL,
     "CREATE TABLE feed_keys(\"user\" bigint PRIMARY KEY, "
     "hash text NOT NULL UNIQUE, created bigint NOT NULL)"},
    /* the schema's own facts: version, backend */
    {"citectx_meta", NULL, 'r', NULL,
     "CREATE TABLE citectx_meta(k text PRIMARY KEY, v text NOT NULL)"},
};

/* Indexes and sequences, after the tables (each includes its table's
 * distribution key first where it serves a router query). */
static const char *const pg_after[] = {
    "CREATE INDEX works_fp ON works(fp)",
    "CREATE INDEX works_text_tsv ON works_text USING gin(tsv)",
    "CREATE INDEX identifiers_work ON identifiers(work)",
    "CREATE INDEX refs_cited ON refs(cited, citing)",
    "CREATE INDEX st_facets ON statements(dkey, year, type, "
    "section_class, self, confidence, pubtype, jself, sctx)",
    "CREATE INDEX st_citing ON statements(citing)",
    "CREATE INDEX st_tsv ON statements USING gin(tsv)",
    /* the search's totals (count and sum(ntok) of the indexed texts,
     * bm25's average length) from an index-only scan */
    "CREATE INDEX st_ntok ON statements(ntok) WHERE ctx = 0",
    /* a batch of an ingest replaces the runs of its citing works */
    "CREATE INDEX runs_citing ON runs(citing)",
    "CREATE INDEX notices_concerned ON notices(concerned)",
    "CREATE INDEX linkrec_a ON linkrec(akey)",
    "CREATE INDEX linkrec_p ON linkrec(pkey)",
    "CREATE INDEX linkrec_ty ON linkrec(tkey, year, surname, volume, "
    "fpage)",
    "CREATE UNIQUE INDEX users_name ON users(lower(name))",
    "CREATE INDEX tokens_user ON tokens(\"user\")",
    "CREATE INDEX login_failures_client ON login_failures(client, at)",
    "CREATE INDEX login_failures_name ON login_failures(lower(name), "
    "client, at)",
    "CREATE INDEX signups_client ON signups(client, at)",
    "CREATE INDEX ratings_user ON ratings(\"user\", updated)",
    "CREATE INDEX flags_user ON flags(\"user\", created)",
    /* the reads of the backend (store_pg_read.c): a statement by id (a
     * page's rows, a run's lead text, a sentence's statements) and a
     * work by DOI, PMID or PMCID as SQLite's unique keys find it */
    "CREATE INDEX st_id ON statements(id)",
    "CREATE INDEX works_doi ON works(doi)",
    "CREATE INDEX works_pmid ON works(pmid)",
    "CREATE INDEX works_pmcid ON works(pmcid)",
    /* ids are handed out by the store, in blocks, from one sequence
     * per kind (parallel ingest reads them back: issue 18 item 4) */
    "CREATE SEQUENCE works_ids",
    "CREATE SEQUENCE refs_ids",
    "CREATE SEQUENCE statements_ids",
    "CREATE SEQUENCE linkrec_ids",
    "CREATE SEQUENCE users_ids",
    "CREATE SEQUENCE tokens_ids",
    "CREATE SEQUENCE flags_ids",
};

#define NTABLES (sizeof(pg_tables) / sizeof(pg_tables[0]))
#define NAFTER  (sizeof(pg_after) / sizeof(pg_after[0]))

int store_pg_is_url(const char *db)
{
	return db && (!strncmp(db, "postgresql://", 13) ||
	              !strncmp(db, "postgres://", 11));
}

static const struct {
	const char *prefix; /* a full SQLSTATE, or its two-character class */
	int code;
} pg_states[] = {
    {"23505", CT_EEXIST}, /* unique_violation */
    {"40001", CT_EBUSY},  /* serialization_failure */
    {"40P01", CT_EBUSY},  /* deadlock_detected */
    {"55P03", CT_EBUSY},  /* lock_not_available */
    /* a server out of reach: the one connected to, or a Citus worker
     * behind the coordinator (Citus reports a node it cannot reach as
     * 08006 connection_failure: "connection to the remote node
     * HOST:PORT failed ...", tests/pg/t0171) */
    {"57P01", CT_EUNAVAIL}, /* admin_shutdown */
    {"57P02", CT_EUNAVAIL}, /* crash_shutdown */
    {"57P03", CT_EUNAVAIL}, /* cannot_connect_now (starting up) */
    {"08", CT_EUNAVAIL},    /* connection exceptions */
    {"22001", CT_ELIMIT},   /* string_data_right_truncation */
    {"54", CT_ELIMIT},      /* program limit exceeded */
    {"22", CT_EPARSE},      /* data exceptions (bad UTF-8: 22021) */
    {"53", CT_ENOMEM},      /* insufficient resources */
};

int store_pg_errcode(const char *sqlstate)
{
	if (!sqlstate || strlen(sqlstate) != 5)
		return CT_EDB;
	for (size_t i = 0; i < sizeof(pg_states) / sizeof(pg_states[0]); i++)
		if (!strncmp(sqlstate, pg_states[i].prefix,
		             strlen(pg_states[i].prefix)))
			return pg_states[i].code;
	return CT_EDB;
}

/* A postgres_fdw shard out of reach: its error's DETAIL is libpq's
 * message, 'connection to server at "HOST" (ADDR), port PORT failed:
 * ...' (store_pg_fdw.c); into out " (shard HOST:PORT)", else "". */
static void pg_shard_of(const PGresult *r, char *out, size_t n)
{
	static const char at[] = "connection to server at \"";
	const char *d = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL);
	const char *h = d ? strstr(d, at) : NULL;
	const char *p = h ? strstr(h, "\", port ") : NULL;
	const char *q = p ? strstr(p, "port ") : NULL;

	out[0] = '\0';
	if (q && q[5] >= '0' && q[5] <= '9') {
		h += sizeof(at) - 1;
		snprintf(out, n, " (shard %.*s:%.*s)", (int)strcspn(h, "\""), h,
		         (int)strspn(q + 5, "0123456789"), q + 5);
	}
}

void pg_node_of(const PGresult *r, char *out, size_t n)
{
	static const char on[] = "while executing command on ";
	const char *ctx = r ? PQresultErrorField(r, PG_DIAG_CONTEXT) : NULL;
	const char *at = ctx ? strstr(ctx, on) : NULL;

	out[0] = '\0';
	if (at) {
		at += sizeof(on) - 1;
		snprintf(out, n, " (Citus node %.*s)",
		         (int)strcspn(at, " \n\t,;"), at);
	} else if (r) {
		pg_shard_of(r, out, n);
	}
}

/* The first line of libpq's message (its messages run over several). */
void pg_err_result(struct ct_error *err, int code, PGconn *c, const PGresult *r,
                   const char *what)
{
	const char *m = r && PQresultErrorMessage((PGresult *)r)[0]
	                    ? PQresultErrorMessage((PGresult *)r)
	                    : PQerrorMessage(c);
	size_t n = strcspn(m, "\n");
	char node[96];

	if (!strncmp(m, "ERROR:  ", 8) || !strncmp(m, "FATAL:  ", 8)) {
		m += 8;
		n -= n >= 8 ? 8 : n;
	}
	pg_node_of(r, node, sizeof(node));
	err_set(err, code, "postgresql %s:%s: %s: %.*s%s",
	        PQhost(c) ? PQhost(c) : "?", PQport(c) ? PQport(c) : "?", what,
	        (int)(n > 300 ? 300 : n), m, node);
}

void pg_err(struct ct_error *err, int code, PGconn *c, const char *what)
{
	pg_err_result(err, code, c, NULL, what);
}

/* Runs one command; on failure sets err from its SQLSTATE. */
int pg_run(PGconn *c, const char *sql, const char *what, struct ct_error *err)
{
	PGresult *r = PQexec(c, sql);
	ExecStatusType s = PQresultStatus(r);
	int rc = 0;

	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
		/* a lost connection has no SQLSTATE: try again later */
		pg_err_result(err,
		              PQstatus(c) == CONNECTION_BAD
		                  ? CT_EUNAVAIL
		                  : store_pg_errcode(PQresultErrorField(
		                        r, PG_DIAG_SQLSTATE)),
		              c, r, what);
		rc = err->code;
	}
	PQclear(r);
	return rc;
}

int pg_exists(PGconn *c, int *exists, struct ct_error *err)
{
	PGresult *r = PQexec(c, "SELECT to_regclass('citectx_meta') "
	                        "IS NOT NULL");
	int rc = 0;

	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
		pg_err(err, CT_EDB, c, "reading the catalog");
		rc = err->code;
	} else {
		*exists = PQgetvalue(r, 0, 0)[0] == 't';
	}
	PQclear(r);
	return rc;
}

/* The call that distributes table t on a Citus coordinator: a reference
 * table, or hash distribution on its key in its colocation group.  Names
 * come from pg_tables only, never from input. */
static void pg_citus_call(const struct pg_table *t, char *sql, size_t n)
{
	if (t->role == 'r')
		snprintf(sql, n, "SELECT create_reference_table('%s')",
		         t->name);
	else
		snprintf(sql, n,
		         "SELECT create_distributed_table('%s', '%s', "
		         "colocate_with => '%s')",
		         t->name, t->key, t->with ? t->with : "none");
}

/* The k-th table in the order Citus is given them, NULL past the end:
 * reference tables first (nothing distributed may refer to a table not
 * yet on every node), then the distributed ones in pg_tables' order. */
static const struct pg_table *pg_citus_nth(size_t k)
{
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < NTABLES; i++)
			if (pg_tables[i].role == (pass ? 'd' : 'r') && !k--)
				return &pg_tables[i];
	return NULL;
}

static int pg_distribute(PGconn *c, struct ct_error *err)
{
	const struct pg_table *t;
	char sql[256];
	int rc;

	for (size_t k = 0; (t = pg_citus_nth(k)); k++) {
		pg_citus_call(t, sql, sizeof(sql));
		if ((rc = pg_run(c, sql, t->name, err)))
			return rc;
	}
	return 0;
}

/* One value of a one-row query into out (NUL-terminated, cut to n); ""
 * when there is no row. */
static int pg_value(PGconn *c, const char *sql, char *out, size_t n,
                    const char *what, struct ct_error *err)
{
	PGresult *r = PQexec(c, sql);
	int rc = 0;

	out[0] = '\0';
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		pg_err(err, CT_EDB, c, what);
		rc = err->code;
	} else if (PQntuples(r) > 0) {
		snprintf(out, n, "%s", PQgetvalue(r, 0, 0));
	}
	PQclear(r);
	return rc;
}

/* --citus needs the extension in this very database (CREATE EXTENSION
 * is per database, on the coordinator and every worker). */
static int pg_citus_check(PGconn *c, struct store_pg_init_stats *st,
                          struct ct_error *err)
{
	int rc =
	    pg_value(c,
	             "SELECT extversion FROM pg_extension "
	             "WHERE extname = 'citus'",
	             st->citus, sizeof(st->citus), "reading the catalog", err);

	if (!rc && !st->citus[0])
		rc =
		    err_set(err, CT_EUSAGE,
		            "postgresql %s:%s: --citus: the database %s has no "
		            "citus extension (CREATE EXTENSION citus on a "
		            "Citus coordinator first)",
		            PQhost(c), PQport(c), PQdb(c));
	return rc;
}

int pg_create_tables(PGconn *c, struct store_pg_init_stats *st,
                     struct ct_error *err)
{
	int rc;

	for (size_t i = 0; i < NTABLES; i++) {
		if ((rc = pg_run(c, pg_tables[i].ddl, pg_tables[i].name, err)))
			return rc;
		st->tables++;
		if (pg_tables[i].role == 'd')
			st->distributed++;
		else
			st->reference++;
	}
	return 0;
}

int pg_create_after(PGconn *c, struct ct_error *err)
{
	int rc;

	for (size_t i = 0; i < NAFTER; i++)
		if ((rc = pg_run(c, pg_after[i], "creating an index", err)))
			return rc;
	return 0;
}

int pg_create_meta(PGconn *c, struct ct_error *err)
{
	char meta[128];

	snprintf(meta, sizeof(meta),
	         "INSERT INTO citectx_meta VALUES ('schema', '%d'), "
	         "('created_by', 'citectx " CT_VERSION "')",
	         STORE_PG_SCHEMA);
	return pg_run(c, meta, "citectx_meta", err);
}

static int pg_create(PGconn *c, unsigned flags, struct store_pg_init_stats *st,
                     struct ct_error *err)
{
	int rc;

	if ((rc = pg_create_tables(c, st, err)) ||
	    (rc = pg_create_after(c, err)))
		return rc;
	if ((flags & STORE_PG_CITUS) && (rc = pg_distribute(c, err)))
		return rc;
	return pg_create_meta(c, err);
}

/* The shards Citus made, for the summary. */
static int pg_count_shards(PGconn *c, struct store_pg_init_stats *st,
                           struct ct_error *err)
{
	char v[32];
	int rc = pg_value(c, "SELECT count(*) FROM pg_dist_shard", v, sizeof(v),
	                  "counting shards", err);

	if (!rc)
		st->shards = atoi(v);
	return rc;
}

static void pg_quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

int pg_connect(const char *conninfo, PGconn **out, int *server,
               struct ct_error *err)
{
	PGconn *c = PQconnectdb(conninfo);
	int rc;

	*out = NULL;
	if (!c)
		return err_set(err, CT_ENOMEM, "postgresql: out of memory");
	if (PQstatus(c) != CONNECTION_OK) {
		pg_err(err, CT_EUNAVAIL, c, "cannot connect");
		PQfinish(c);
		return CT_EUNAVAIL;
	}
	PQsetNoticeProcessor(c, pg_quiet, NULL);
	*server = PQserverVersion(c);
	if (*server < 150000) {
		rc = err_set(err, CT_EUSAGE,
		             "postgresql %s:%s: server %d is "
		             "older than PostgreSQL 15",
		             PQhost(c), PQport(c), *server);
		PQfinish(c);
		return rc;
	}
	*out = c;
	return 0;
}

size_t pg_ntables(void)
{
	return NTABLES;
}

const char *pg_table_at(size_t i, const char **key, const char **ddl)
{
	if (i >= NTABLES)
		return NULL;
	*key = pg_tables[i].role == 'd' ? pg_tables[i].key : NULL;
	*ddl = pg_tables[i].ddl;
	return pg_tables[i].name;
}

const char *pg_after_at(size_t i)
{
	return i < NAFTER ? pg_after[i] : NULL;
}

const char *pg_table_name(size_t i)
{
	return i < NTABLES ? pg_tables[i].name : NULL;
}

int store_pg_init(const char *conninfo, unsigned flags,
                  struct store_pg_init_stats *st, struct ct_error *err)
{
	PGconn *c;
	int rc, exists = 0;

	memset(st, 0, sizeof(*st));
	if ((rc = pg_connect(conninfo, &c, &st->server, err)))
		return rc;
	if ((rc = pg_exists(c, &exists, err)))
		goto out;
	if ((flags & STORE_PG_CITUS) && (rc = pg_citus_check(c, st, err)))
		goto out;
	if (exists) {
		rc = err_set(err, CT_EEXIST,
		             "postgresql %s:%s: the database "
		             "already holds a citectx index",
		             PQhost(c), PQport(c));
		goto out;
	}
	if ((rc = pg_run(c, "BEGIN", "BEGIN", err)))
		goto out;
	rc = pg_create(c, flags, st, err);
	if (rc)
		pg_run(c, "ROLLBACK", "ROLLBACK", &(struct ct_error){0});
	else
		rc = pg_run(c, "COMMIT", "COMMIT", err);
	if (!rc && (flags & STORE_PG_CITUS))
		rc = pg_count_shards(c, st, err);
out:
	PQfinish(c);
	return rc;
}

int store_pg_ddl(unsigned flags, struct ct_buf *out)
{
	const struct pg_table *t;
	char sql[256];
	int rc = 0;

	for (size_t i = 0; i < NTABLES && !rc; i++)
		rc = ct_buf_printf(out, "-- %s: %s%s\n%s;\n", pg_tables[i].name,
		                   pg_tables[i].role == 'd' ? "distributed by "
		                                            : "reference table",
		                   pg_tables[i].key ? pg_tables[i].key : "",
		                   pg_tables[i].ddl);
	for (size_t i = 0; i < NAFTER && !rc; i++)
		rc = ct_buf_printf(out, "%s;\n", pg_after[i]);
	if (!(flags & STORE_PG_CITUS))
		return rc;
	rc = rc ? rc
	        : ct_buf_printf(out, "-- Citus: reference tables, then "
	                             "distributed tables\n");
	for (size_t k = 0; (t = pg_citus_nth(k)) && !rc; k++) {
		pg_citus_call(t, sql, sizeof(sql));
		rc = ct_buf_printf(out, "%s;\n", sql);
	}
	return rc;
}
