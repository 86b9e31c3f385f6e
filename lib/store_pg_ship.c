/*
 * store_pg_ship.c — an ingest into PostgreSQL, batch by batch (issue 18):
 * the staging index (an SQLite index the ingest's pipeline writes, kept
 * between runs) and its journal (store_stage.h) shipped to the
 * PostgreSQL index after each batch commits, in one PostgreSQL
 * transaction per batch.
 *
 * A batch's shipment: the rows the journal names are deleted in
 * PostgreSQL by their keys and the distribution keys they had (an update
 * of a distribution key is a delete and an insert, never an UPDATE),
 * their current values copied from the staging by pg-load's binary COPY
 * (store_pg_load.c: tsv, repairs of text), the rows kept again under
 * another distribution key copied for those keys from the staging too
 * (identifiers, work_xids, cited_by, notices_by; runs, leads and
 * citing_stmts for every citing work whose statements changed), the
 * sequences moved past the ids, and citectx_meta's 'batch' set to the
 * batch's number.  A row whose id is past its sequence is new to
 * PostgreSQL: it needs no DELETE (on a first ingest most rows).  Then the
 * journal is emptied and its 'shipped' set to that number.
 *
 * A run stopped anywhere loses at most its open batch: killed before
 * PostgreSQL's commit, the journal still holds the batch, which the next
 * run ships first; killed after it, the journal holds a batch PostgreSQL
 * has ('batch' = 'shipped' + 1), which the next run drops.
 *
 * The shipping overlaps the next batch: after batch b commits in the
 * staging, a thread of its own (the PostgreSQL connection, and a read
 * connection on the staging, whose WAL keeps b's commit for it while the
 * writer goes on) ships b while the store thread writes b + 1.  With one
 * lane at most one batch is in flight: before b + 1 commits, the writer
 * waits for b's shipment and clears b's journal in b + 1's own
 * transaction (store_stage_clear), so at every commit of the staging the
 * journal is the batch 'shipped' + 1.  A failed shipment fails the
 * ingest at that wait, b + 1 rolled back.
 *
 * Two lanes (ingest --workers 2 and more: store_pg_ship_lanes): a second
 * thread with a connection and a reader of its own.  A batch that fills
 * while b still ships commits in the staging and goes to the other lane,
 * which copies its new rows of works, refs, statements and linkrec (ids
 * past the batch before's greatest: no other batch has them) while b
 * ships, then waits for b's COMMIT (ship_turn) before the rest: its
 * DELETEs and key sets must see b's rows.  So PostgreSQL's COMMITs keep
 * the batches' order, and the journal holds at most the two in flight,
 * each ended by its marker (store_stage.h).  A restart finds PostgreSQL
 * at one of them: the journal's batches it holds are dropped, the others
 * shipped as one (store_pg_ship_attach).
 *
 * The index's identity: a random id, written into citectx_meta
 * ('index_id', with 'staging', the staging's path then) when the index
 * is first filled by an ingest, and into the staging's journal, so a
 * staging never feeds another index.  pg-load writes 'staging' = 'none'.
 */
#include <errno.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"
#include "store.h"
#include "store_pg.h"
#include "store_pg_int.h"
#include "store_pg_ship_int.h"
#include "store_stage.h"
#include "testhooks.h"

int pg_ship_fail(struct store_pg_ship *sh, PGresult *r, const char *what,
                 struct ct_error *err)
{
	int code =
	    PQstatus(sh->c) == CONNECTION_BAD
	        ? CT_EUNAVAIL
	        : store_pg_errcode(r ? PQresultErrorField(r, PG_DIAG_SQLSTATE)
	                             : NULL);

	pg_err_result(err, code, sh->c, r, what);
	return code;
}

/* sql with n text parameters; *out the result when it has rows. */
static int ship_exec(struct store_pg_ship *sh, const char *sql, int n,
                     const char *const *v, const char *what, PGresult **out,
                     struct ct_error *err)
{
	PGresult *r = PQexecParams(sh->c, sql, n, NULL, v, NULL, NULL, 0);
	ExecStatusType s = PQresultStatus(r);
	int rc = 0;

	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
		rc = pg_ship_fail(sh, r, what, err);
	if (out && !rc)
		*out = r;
	else
		PQclear(r);
	return rc;
}

/* citectx_meta's value of k into out ("" when none). */
static int meta_get(struct store_pg_ship *sh, const char *k, char *out,
                    size_t n, struct ct_error *err)
{
	const char *v[1] = {k};
	PGresult *r = NULL;
	int rc = ship_exec(sh, "SELECT v FROM citectx_meta WHERE k = $1", 1, v,
	                   "citectx_meta", &r, err);

	out[0] = '\0';
	if (!rc && PQntuples(r) == 1)
		snprintf(out, n, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	return rc;
}

/* The staging's path: given, or STATE/citectx/ID.db (its folders made),
 * STATE the caller's state folder (the CLI's ${XDG_STATE_HOME:-$HOME/
 * .local/state}). */
static int staging_path(struct store_pg_ship *sh, const char *given,
                        struct ct_error *err)
{
	char dir[4096];
	int n;

	if (given && *given) {
		if (given != sh->path)
			snprintf(sh->path, sizeof(sh->path), "%s", given);
		return 0;
	}
	if (!sh->state[0])
		return err_set(err, CT_EUSAGE,
		               "ingest: no place for the staging index: set "
		               "HOME, XDG_STATE_HOME or --staging PATH");
	n = snprintf(dir, sizeof(dir), "%s/citectx", sh->state);
	if (n >= (int)sizeof(dir) - 80)
		return err_set(err, CT_EUSAGE, "ingest: %s: path too long",
		               dir);
	for (char *p = dir + 1; *p; p++) { /* mkdir -p */
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(dir, 0700);
		*p = '/';
	}
	if (mkdir(dir, 0700) && errno != EEXIST)
		return err_set(err, CT_EIO, "ingest: %s: %s", dir,
		               strerror(errno));
	snprintf(sh->path, sizeof(sh->path), "%s/%s.db", dir, sh->id);
	return 0;
}

static int new_id(char id[STORE_STAGE_ID_MAX], struct ct_error *err)
{
	unsigned char b[16];

	if (getrandom(b, sizeof(b), 0) != (ssize_t)sizeof(b))
		return err_set(err, CT_EIO, "ingest: no random bytes: %s",
		               strerror(errno));
	for (int i = 0; i < 16; i++)
		snprintf(id + 2 * i, 3, "%02x", b[i]);
	return 0;
}

/* An index no ingest filled: empty (then it gets an id), or refused. */
static int claim(struct store_pg_ship *sh, struct ct_error *err)
{
	struct load *l = pg_load_new(sh->c, "", err);
	char staging[64];
	const char *v[3];
	int created = 0, rc;

	if (!l)
		return CT_ENOMEM;
	if ((rc = pg_run(sh->c, "BEGIN", "BEGIN", err)))
		goto out;
	rc = pg_load_target(l, &created);
	if (!rc && created)
		rc = pg_create_after(sh->c, err);
	if (rc == CT_EEXIST &&
	    !meta_get(sh, "staging", staging, sizeof(staging),
	              &(struct ct_error){0}) &&
	    !strcmp(staging, "none"))
		rc =
		    err_set(err, CT_EEXIST,
		            "postgresql %s: the index was filled by pg-load, "
		            "which keeps no staging index: ingest adds only to "
		            "an index it filled itself",
		            sh->host);
	else if (rc == CT_EEXIST)
		rc = err_set(err, CT_EEXIST,
		             "postgresql %s: the database holds rows but no "
		             "index id (citectx_meta): ingest fills an empty "
		             "index or adds to one it filled",
		             sh->host);
	if (!rc)
		rc = new_id(sh->id, err);
	if (!rc)
		rc = staging_path(sh, sh->path[0] ? sh->path : NULL, err);
	v[0] = sh->id;
	v[1] = sh->path;
	if (!rc)
		rc = ship_exec(
		    sh,
		    "INSERT INTO citectx_meta VALUES ('index_id', $1),"
		    " ('staging', $2), ('batch', '0')"
		    " ON CONFLICT (k) DO UPDATE SET v = excluded.v",
		    2, v, "citectx_meta", NULL, err);
	if (!rc)
		rc = pg_run(sh->c, "COMMIT", "COMMIT", err);
	else
		pg_run(sh->c, "ROLLBACK", "ROLLBACK", &(struct ct_error){0});
out:
	pg_load_free(l);
	return rc;
}

int store_pg_ship_open(const char *conninfo, const char *staging,
                       const char *state, struct store_pg_ship **out,
                       struct ct_error *err)
{
	struct store_pg_ship *sh = calloc(1, sizeof(*sh));
	char v[64], rec[4096];
	int server, exists = 0, rc;
	struct stat sb;

	*out = NULL;
	if (!sh)
		return err_set(err, CT_ENOMEM, "out of memory");
	if (state && strlen(state) >= sizeof(sh->state)) {
		free(sh);
		return err_set(err, CT_EUSAGE,
		               "ingest: %.200s...: path too long", state);
	}
	if (state)
		snprintf(sh->state, sizeof(sh->state), "%s", state);
	for (int i = 0; i < K__N; i++) {
		sh->k[i] = (struct ct_buf)CT_BUF_INIT;
		sh->kd[i] = (struct ct_buf)CT_BUF_INIT;
	}
	sh->lanes = 1;
	if (!(sh->conninfo = strdup(conninfo)) ||
	    !(sh->turn = calloc(1, sizeof(*sh->turn)))) {
		rc = err_set(err, CT_ENOMEM, "out of memory");
		goto fail;
	}
	pthread_mutex_init(&sh->turn->mu, NULL);
	pthread_cond_init(&sh->turn->cv, NULL);
	sh->turn->committed = -1;
	if ((rc = pg_connect(conninfo, &sh->c, &server, err)))
		goto fail;
	snprintf(sh->host, sizeof(sh->host), "%s:%s", PQhost(sh->c),
	         PQport(sh->c));
	if (PQsetClientEncoding(sh->c, "UTF8")) {
		rc = pg_ship_fail(sh, NULL, "client_encoding", err);
		goto fail;
	}
	if (staging)
		snprintf(sh->path, sizeof(sh->path), "%s", staging);
	if ((rc = pg_exists(sh->c, &exists, err)) ||
	    (exists &&
	     (rc = meta_get(sh, "index_id", sh->id, sizeof(sh->id), err))))
		goto fail;
	if (!sh->id[0]) {
		if ((rc = claim(sh, err)))
			goto fail;
		*out = sh;
		return 0;
	}
	if ((rc = meta_get(sh, "batch", v, sizeof(v), err)) ||
	    (rc = meta_get(sh, "staging", rec, sizeof(rec), err)) ||
	    (rc = staging_path(sh, staging, err)))
		goto fail;
	sh->batch = strtoll(v, NULL, 10);
	if (sh->batch > 0 && stat(sh->path, &sb)) {
		rc = err_set(err, CT_ENOTFOUND,
		             "postgresql %s: index %s was filled through the "
		             "staging index %s, which is missing%s%s%s",
		             sh->host, sh->id, sh->path,
		             strcmp(rec, sh->path) ? " (made at " : "",
		             strcmp(rec, sh->path) ? rec : "",
		             strcmp(rec, sh->path) ? ": --staging PATH)" : "");
		goto fail;
	}
	*out = sh;
	return 0;
fail:
	store_pg_ship_close(sh, NULL);
	return rc;
}

const char *store_pg_ship_path(const struct store_pg_ship *sh)
{
	return sh->path;
}

/* ---- one batch ----------------------------------------------------------- */

static void put_int(struct store_pg_ship *sh, int k, int64_t v)
{
	ct_buf_puts(&sh->k[k], sh->n[k]++ ? "," : "{");
	ct_buf_printf(&sh->k[k], "%lld", (long long)v);
}

/* A text element of an array literal (b holding *n elements), quoted. */
static void put_quoted(struct ct_buf *b, int64_t *n, const char *s)
{
	ct_buf_puts(b, (*n)++ ? ",\"" : "{\"");
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			ct_buf_putc(b, '\\');
		ct_buf_putc(b, *s);
	}
	ct_buf_putc(b, '"');
}

static void put_text(struct store_pg_ship *sh, int k, const char *s)
{
	put_quoted(&sh->k[k], &sh->n[k], s);
}

/* The same into the delete set k. */
static void put_del_text(struct store_pg_ship *sh, int k, const char *s)
{
	put_quoted(&sh->kd[k], &sh->nd[k], s);
}

/* v pushed onto *a (n of cap); 0, or CT_ENOMEM */
static int push_id(int64_t **a, size_t *n, size_t *cap, int64_t v)
{
	if (*n == *cap) {
		size_t c = *cap ? 2 * *cap : 256;
		int64_t *p = realloc(*a, c * sizeof(*p));

		if (!p)
			return CT_ENOMEM;
		*a = p;
		*cap = c;
	}
	(*a)[(*n)++] = v;
	return 0;
}

static void put_del(struct store_pg_ship *sh, int k, int64_t v)
{
	ct_buf_puts(&sh->kd[k], sh->nd[k]++ ? "," : "{");
	ct_buf_printf(&sh->kd[k], "%lld", (long long)v);
}

static int on_key(void *arg, const struct store_stage_key *k)
{
	struct store_pg_ship *sh = arg;
	static const struct {
		const char *tbl;
		int k, a, b, hw;
	} map[] = {
	    {"works", K_W, -1, -1, HW_W},
	    {"works_text", K_WT, -1, -1, HW_W},
	    {"authors", K_AU, -1, -1, HW_W},
	    {"refs", K_R, K_RA, K_RB, HW_R},
	    {"statements", K_S, K_SA, K_SB, HW_S},
	    {"notices", K_N, K_NA, -1, HW_W},
	    {"linkrec", K_L, K_LA, -1, HW_L},
	};

	if (!strcmp(k->tbl, "xid")) {
		if (!k->x)
			return 0;
		put_text(sh, K_X, k->x);
		/* PostgreSQL may hold it unless every work it belonged to
		 * in the batch is new there (a merge or a change journals
		 * the old work's row too) */
		if (!k->has_a || k->a <= sh->hw[HW_W])
			put_del_text(sh, K_X, k->x);
		return 0;
	}
	if (!strcmp(k->tbl, "merge")) {
		if (k->has_k && k->has_a &&
		    (push_id(&sh->mg, &sh->nmg, &sh->capmg, k->k) ||
		     push_id(&sh->mg, &sh->nmg, &sh->capmg, k->a)))
			return CT_ENOMEM;
		return 0;
	}
	for (size_t i = 0; i < sizeof(map) / sizeof(*map); i++) {
		/* a row PostgreSQL may hold: its id is not past the
		 * sequence (a new row's is) */
		int old = k->has_k && k->k <= sh->hw[map[i].hw];

		if (strcmp(k->tbl, map[i].tbl))
			continue;
		if (k->has_k)
			put_int(sh, map[i].k, k->k);
		if (old)
			put_del(sh, map[i].k, k->k);
		if (map[i].a >= 0 && k->has_a) {
			put_int(sh, map[i].a, k->a);
			if (old)
				put_del(sh, map[i].a, k->a);
		}
		if (map[i].b < 0 || !k->has_b)
			continue;
		if (map[i].b != K_SB) {
			put_int(sh, map[i].b, k->b);
			if (old)
				put_del(sh, map[i].b, k->b);
		} else if (push_id(old ? &sh->old : &sh->cit,
		                   old ? &sh->nold : &sh->ncit,
		                   old ? &sh->capold : &sh->capcit, k->b)) {
			return CT_ENOMEM;
		}
	}
	return 0;
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static size_t uniq(int64_t *a, size_t n)
{
	size_t m = 0;

	if (!n)
		return 0;
	qsort(a, n, sizeof(*a), cmp_id);
	for (size_t i = 0; i < n; i++)
		if (!m || a[m - 1] != a[i])
			a[m++] = a[i];
	return m;
}

/* K_SB: every citing work of the batch's statements (their runs, leads
 * and citing_stmts are copied again whole); its delete set: those with a
 * statement PostgreSQL may hold, in the journal (old) or still in the
 * staging untouched. */
static int citings(struct store_pg_ship *sh, struct store *st,
                   struct ct_error *err)
{
	size_t nc = uniq(sh->cit, sh->ncit), no = uniq(sh->old, sh->nold);
	int rc = 0;

	for (size_t i = 0; i < no; i++) {
		put_int(sh, K_SB, sh->old[i]);
		put_del(sh, K_SB, sh->old[i]);
	}
	for (size_t i = 0; i < nc && !rc; i++) {
		int yes = 0;

		if (no &&
		    bsearch(&sh->cit[i], sh->old, no, sizeof(*sh->old), cmp_id))
			continue;
		put_int(sh, K_SB, sh->cit[i]);
		rc = store_stage_has_old(st, sh->cit[i], sh->hw[HW_S], &yes,
		                         err);
		if (yes)
			put_del(sh, K_SB, sh->cit[i]);
	}
	return rc;
}

/* hw[]: each id space's sequence, past every id PostgreSQL holds
 * (pg_load_sequences_from sets it after each batch; serve's rows take
 * theirs from it). */
static int high_water(struct store_pg_ship *sh, struct ct_error *err)
{
	PGresult *r = NULL;
	int rc = ship_exec(sh,
	                   "SELECT (SELECT last_value FROM works_ids),"
	                   " (SELECT last_value FROM refs_ids),"
	                   " (SELECT last_value FROM statements_ids),"
	                   " (SELECT last_value FROM linkrec_ids)",
	                   0, NULL, "sequences", &r, err);

	for (int i = 0; !rc && i < HW__N; i++)
		sh->hw[i] = PQntuples(r) == 1
		                ? strtoll(PQgetvalue(r, 0, i), NULL, 10)
		                : INT64_MAX;
	PQclear(r);
	return rc;
}

/* The batch's steps: SQL over the key sets ($1.. are keys[]), or a COPY
 * of a table's journalled rows (copy).  A step runs when its first key
 * set is not empty.  S_DEL: its key sets are the delete sets (rows
 * PostgreSQL may hold; a batch's new rows need no DELETE); S_DERIVED: a
 * copy of rows kept again under another distribution key, made from the
 * staging's rows (store_dump.h) instead of an INSERT ... SELECT that
 * sends PostgreSQL's rows from shard to shard; S_RET: the works it
 * returns are K_WO's delete set. */
enum { S_DEL = 1, S_DERIVED = 2, S_RET = 4 };
static const struct step {
	const char *copy, *sql;
	int keys[3];
	int f; /* S_DEL, S_DERIVED, S_RET */
} steps[] = {
    /* identifiers first: their rows and copies by work go (the works
     * they belonged to returned), and come back at the end */
    {NULL,
     "DELETE FROM identifiers WHERE xid = ANY($1::text[]) RETURNING work",
     {K_X, -1, -1},
     S_DEL | S_RET},
    {NULL,
     "DELETE FROM work_xids WHERE work = ANY($2::bigint[])"
     " AND xid = ANY($1::text[])",
     {K_X, K_WO, -1},
     S_DEL},
    {NULL,
     "DELETE FROM works WHERE id = ANY($1::bigint[])",
     {K_W, -1, -1},
     S_DEL},
    {"works", NULL, {K_W, -1, -1}, 0},
    {NULL,
     "DELETE FROM works_text WHERE id = ANY($1::bigint[])",
     {K_WT, -1, -1},
     S_DEL},
    {"works_text", NULL, {K_WT, -1, -1}, 0},
    {NULL,
     "DELETE FROM authors WHERE work = ANY($1::bigint[])",
     {K_AU, -1, -1},
     S_DEL},
    {"authors", NULL, {K_AU, -1, -1}, 0},
    {NULL,
     "DELETE FROM cited_by WHERE cited = ANY($2::bigint[])"
     " AND id = ANY($1::bigint[])",
     {K_R, K_RB, -1},
     S_DEL},
    {NULL,
     "DELETE FROM refs WHERE citing = ANY($2::bigint[])"
     " AND id = ANY($1::bigint[])",
     {K_R, K_RA, -1},
     S_DEL},
    {"refs", NULL, {K_R, -1, -1}, 0},
    {"cited_by", NULL, {K_R, -1, -1}, S_DERIVED},
    {NULL,
     "DELETE FROM statements WHERE dkey = ANY($2::bigint[])"
     " AND id = ANY($1::bigint[])",
     {K_S, K_SA, -1},
     S_DEL},
    {NULL,
     "DELETE FROM leads WHERE citing = ANY($1::bigint[])",
     {K_SB, -1, -1},
     S_DEL},
    {NULL,
     "DELETE FROM citing_stmts WHERE citing = ANY($1::bigint[])",
     {K_SB, -1, -1},
     S_DEL},
    /* runs (statements by their lead's shard key) by citing work: every
     * shard, through runs_citing */
    {NULL,
     "DELETE FROM runs WHERE citing = ANY($1::bigint[])",
     {K_SB, -1, -1},
     S_DEL},
    {"statements", NULL, {K_S, -1, -1}, 0},
    /* a citing work's runs, leads and citing_stmts again whole, from
     * the staging (a run's statements are one article's; the lead's
     * dkey is the lead's row's, which a join on PostgreSQL's statements
     * could not read on one shard) */
    {"runs", NULL, {K_SB, -1, -1}, 0},
    {"leads", NULL, {K_SB, -1, -1}, S_DERIVED},
    {"citing_stmts", NULL, {K_SB, -1, -1}, S_DERIVED},
    {NULL,
     "DELETE FROM notices_by WHERE concerned = ANY($2::bigint[])"
     " AND notice = ANY($1::bigint[])",
     {K_N, K_NA, -1},
     S_DEL},
    {NULL,
     "DELETE FROM notices WHERE notice = ANY($1::bigint[])",
     {K_N, -1, -1},
     S_DEL},
    {"notices", NULL, {K_N, -1, -1}, 0},
    {"notices_by", NULL, {K_N, -1, -1}, S_DERIVED},
    {NULL,
     "DELETE FROM linkrec WHERE work = ANY($2::bigint[])"
     " AND id = ANY($1::bigint[])",
     {K_L, K_LA, -1},
     S_DEL},
    {"linkrec", NULL, {K_L, -1, -1}, 0},
    /* identifiers as pg-load makes them: a work's own first, then the
     * aliases that repeat none; and again by work */
    {"identifiers", NULL, {K_X, -1, -1}, S_DERIVED},
    {"work_xids", NULL, {K_X, -1, -1}, S_DERIVED},
};

/* K_WO: the works r's rows name. */
static int put_works(struct store_pg_ship *sh, const PGresult *r)
{
	for (int i = 0; i < PQntuples(r); i++)
		put_del(sh, K_WO, strtoll(PQgetvalue(r, i, 0), NULL, 10));
	if (sh->nd[K_WO])
		ct_buf_putc(&sh->kd[K_WO], '}');
	return ct_buf_error(&sh->kd[K_WO]) ? CT_ENOMEM : 0;
}

/* ct_test_hooks.ship_hold "N:before|after" (tests): batch N waits,
 * having said so, 300 s inside its PostgreSQL transaction before the
 * COMMIT (on the server, in pg_sleep, which ends when the client is gone
 * or the server stops), or after the COMMIT before the journal is
 * cleared, so that a test can kill the run or stop the server there. */
static int hold(struct store_pg_ship *sh, int64_t batch, const char *where,
                struct ct_error *err)
{
	const char *h = ct_test_hooks.ship_hold;
	char *end, line[80];

	if (!h || strtoll(h, &end, 10) != batch || *end != ':' ||
	    strcmp(end + 1, where))
		return 0;
	snprintf(line, sizeof(line), "ingest: holding batch %lld %s COMMIT",
	         (long long)batch, where);
	if (ct_test_hooks.say)
		ct_test_hooks.say(line);
	if (strcmp(where, "before")) {
		sleep(300);
		return 0;
	}
	return pg_run(sh->c,
	              "SET client_connection_check_interval = 100;"
	              " SELECT pg_sleep(300)",
	              "shipping a batch", err);
}

/* People's ratings and follows of the works the batch merged away, moved
 * to the works kept (store_pg_merge.c). */
static int move_people(struct store_pg_ship *sh, struct ct_error *err)
{
	struct ct_buf a[4] = {CT_BUF_INIT, CT_BUF_INIT, CT_BUF_INIT,
	                      CT_BUF_INIT};
	const char *p[4] = {NULL};
	int rc = pg_merge_params(sh->mg, sh->nmg / 2, a, p);

	if (rc)
		rc = err_set(err, rc, "out of memory");
	for (size_t i = 0; !rc && pg_merge_sql[i].sql; i++)
		rc = ship_exec(sh, pg_merge_sql[i].sql, pg_merge_sql[i].n, p,
		               "moving ratings of merged works", NULL, err);
	for (int j = 0; j < 4; j++)
		ct_buf_release(&a[j]);
	return rc;
}

static int ship_steps(struct store_pg_ship *sh, struct store *st,
                      struct load *l, int64_t b, struct ct_error *err)
{
	char sql[160], bv[24];
	const char *v[1] = {bv};
	PGresult *r = NULL;
	int rc;

	/* the batch before is PostgreSQL's (no other run shipped since) */
	rc = ship_exec(
	    sh, "SELECT v FROM citectx_meta WHERE k = 'batch' FOR UPDATE", 0,
	    NULL, "citectx_meta", &r, err);
	if (!rc && (PQntuples(r) != 1 ||
	            strtoll(PQgetvalue(r, 0, 0), NULL, 10) != b - 1))
		rc = err_set(err, CT_EEXIST,
		             "postgresql %s: index %s is at batch %s, its "
		             "staging %s at %lld: another ingest ran into it",
		             sh->host, sh->id,
		             PQntuples(r) ? PQgetvalue(r, 0, 0) : "none",
		             sh->path, (long long)(b - 1));
	PQclear(r);
	for (size_t i = 0; i < sizeof(steps) / sizeof(*steps) && !rc; i++) {
		const struct step *s = &steps[i];
		int del = s->f & S_DEL, derived = s->f & S_DERIVED;
		struct ct_buf *k = del ? sh->kd : sh->k;
		int64_t *n = del ? sh->nd : sh->n, rows = 0, fixed = 0;
		const char *p[3];
		int np = 0;

		if (!n[s->keys[0]])
			continue;
		if (s->copy) {
			rc = pg_load_table(l, st, s->copy,
			                   derived ? &rows : &sh->rows,
			                   derived ? &fixed : &sh->repaired);
			continue;
		}
		for (; np < 3 && s->keys[np] >= 0; np++)
			p[np] = n[s->keys[np]] ? k[s->keys[np]].ptr : "{}";
		r = NULL;
		rc = ship_exec(sh, s->sql, np, p, "shipping a batch",
		               (s->f & S_RET) ? &r : NULL, err);
		if (!rc && (s->f & S_RET) && put_works(sh, r))
			rc = err_set(err, CT_ENOMEM, "out of memory");
		PQclear(r);
	}
	if (!rc && sh->nmg)
		rc = move_people(sh, err);
	if (!rc)
		rc = pg_load_sequences_from(l, st);
	snprintf(bv, sizeof(bv), "%lld", (long long)b);
	snprintf(sql, sizeof(sql),
	         "UPDATE citectx_meta SET v = $1 WHERE k = 'batch'");
	if (!rc)
		rc = ship_exec(sh, sql, 1, v, "citectx_meta", NULL, err);
	return rc;
}

/* The batch before b is committed in PostgreSQL (by the other lane);
 * CT_EUNAVAIL when that lane failed. */
static int wait_turn(struct store_pg_ship *sh, int64_t b, struct ct_error *err)
{
	struct ship_turn *t = sh->turn;
	int failed;

	if (!t)
		return 0;
	pthread_mutex_lock(&t->mu);
	while (t->committed >= 0 && t->committed < b - 1 && !t->failed)
		pthread_cond_wait(&t->cv, &t->mu);
	failed = t->failed;
	pthread_mutex_unlock(&t->mu);
	return failed ? err_set(err, CT_EUNAVAIL,
	                        "postgresql %s: batch %lld not shipped: the "
	                        "batch before failed",
	                        sh->host, (long long)b)
	              : 0;
}

/* The lanes' order: b committed (ok), or failed. */
void pg_ship_turn_end(struct store_pg_ship *sh, int64_t b, int ok)
{
	struct ship_turn *t = sh->turn;

	if (!t)
		return;
	pthread_mutex_lock(&t->mu);
	if (ok && t->committed >= 0 && b > t->committed)
		t->committed = b;
	else if (!ok)
		t->failed = 1;
	pthread_cond_broadcast(&t->cv);
	pthread_mutex_unlock(&t->mu);
}

/* A shipment's transaction.  On Citus, one connection per worker node
 * and lane: a batch's first command is a COPY, for which Citus would
 * otherwise open many (21 backends on each worker
 * against 6, and a third more of the workers' CPU on the corpus:
 * docs/BENCHMARKS.md); every later command of the transaction goes
 * through the connections that touched its shards.  On plain
 * PostgreSQL the setting is an unused placeholder. */
#define SHIP_BEGIN "BEGIN; SET LOCAL citus.max_adaptive_executor_pool_size = 1"

/* The tables whose new rows are copied by id first (above[]). */
static const char *const by_id[HW__N] = {"works", "refs", "statements",
                                         "linkrec"};

/* Ships what the journal of st holds past rowid after as batch b: first
 * the new rows of works, refs, statements and linkrec, which no other
 * batch touches (so while the batch before, on the other lane, is still
 * shipping); then, once that one committed, the rest. */
int pg_ship_run(struct store_pg_ship *sh, struct store *st, int64_t b,
                int64_t after, struct ct_error *err)
{
	int64_t t0 = store_clock_ns();
	int64_t last;
	struct load *l;
	int rc, began = 0;

	for (int i = 0; i < K__N; i++) {
		ct_buf_reset(&sh->k[i]);
		ct_buf_reset(&sh->kd[i]);
		sh->n[i] = sh->nd[i] = 0;
	}
	sh->ncit = sh->nold = sh->nmg = 0;
	sh->rows = sh->repaired = 0;
	if ((rc = store_stage_view(st, after, sh->above, err)))
		return rc;
	if (!(l = pg_load_new(sh->c, sh->path, err)))
		return CT_ENOMEM;
	if (!(rc = pg_run(sh->c, SHIP_BEGIN, "BEGIN", err)))
		began = 1;
	for (int i = 0; i < HW__N && !rc; i++)
		if (sh->above[i] >= 0)
			rc = pg_load_table_above(l, st, by_id[i], sh->above[i],
			                         &sh->rows, &sh->repaired);
	if (!rc)
		rc = wait_turn(sh, b, err);
	if (!rc)
		rc = high_water(sh, err);
	/* past above[] no row is PostgreSQL's (a failed batch's setval,
	 * never rolled back, may have moved a sequence past it) */
	for (int i = 0; i < HW__N && !rc; i++)
		if (sh->above[i] >= 0 && sh->above[i] < sh->hw[i])
			sh->hw[i] = sh->above[i];
	if (!rc && (rc = store_stage_keys(st, on_key, sh, &last, err)) &&
	    rc < 0 && !err->code)
		rc = err_set(err, rc, "out of memory");
	if (!rc)
		rc = citings(sh, st, err);
	for (int i = 0; i < K__N && !rc; i++) {
		if (sh->n[i])
			ct_buf_putc(&sh->k[i], '}');
		if (sh->nd[i])
			ct_buf_putc(&sh->kd[i], '}');
		if (ct_buf_error(&sh->k[i]) || ct_buf_error(&sh->kd[i]))
			rc = err_set(err, CT_ENOMEM, "out of memory");
	}
	if (!rc)
		rc = ship_steps(sh, st, l, b, err);
	if (!rc)
		rc = hold(sh, b, "before", err);
	if (rc && began)
		pg_run(sh->c, "ROLLBACK", "ROLLBACK", &(struct ct_error){0});
	else if (!rc)
		rc = pg_run(sh->c, "COMMIT", "COMMIT", err);
	pg_load_free(l);
	if (!rc) {
		sh->batch = b;
		sh->stats.batches++;
		sh->stats.rows += sh->rows;
		sh->stats.repaired += sh->repaired;
		/* (a held batch holds the other lane's COMMIT too) */
		hold(sh, b, "after", err);
		sh->stats.seconds += (double)(store_clock_ns() - t0) / 1e9;
	}
	pg_ship_turn_end(sh, b, !rc);
	return rc;
}

int store_pg_ship_attach(struct store_pg_ship *sh, struct store *st,
                         struct ct_error *err)
{
	char id[STORE_STAGE_ID_MAX];
	int64_t shipped, pending, works, k = 0;
	int rc = store_stage_state(st, id, &shipped, &pending, &works, err);

	if (rc)
		return rc;
	if (!id[0] && works)
		return err_set(err, CT_EEXIST,
		               "%s: an index that is not a staging index "
		               "(give ingest --staging a new path)",
		               sh->path);
	if (!id[0]) {
		if ((rc = store_stage_setup(st, sh->id, err)))
			return rc;
		snprintf(id, sizeof(id), "%s", sh->id);
	}
	if (strcmp(id, sh->id))
		return err_set(err, CT_EEXIST,
		               "%s: the staging index of index %s, not of "
		               "postgresql %s's index %s",
		               sh->path, id, sh->host, sh->id);
	/* the batches the journal holds (two when a run with two lanes
	 * stopped); a journal written before markers: one */
	if (pending && (rc = store_stage_batches(st, &k, err)))
		return rc;
	if (pending && !k)
		k = 1;
	if (sh->batch < shipped || sh->batch > shipped + k)
		return err_set(err, CT_EEXIST,
		               "%s: staging at batch %lld, postgresql %s at "
		               "batch %lld: not one index's (restore both from "
		               "one moment)",
		               sh->path, (long long)shipped, sh->host,
		               (long long)sh->batch);
	if (sh->batch == shipped + k) /* all shipped, the journal not cleared */
		return pending ? store_stage_done(st, sh->batch, err) : 0;
	/* those PostgreSQL has dropped, the others shipped as one batch */
	if (sh->batch > shipped &&
	    (rc = store_stage_drop(st, sh->batch - shipped, sh->batch, err)))
		return rc;
	if ((rc = pg_ship_run(sh, st, sh->batch + 1, 0, err)))
		return rc;
	return store_stage_done(st, sh->batch, err);
}
