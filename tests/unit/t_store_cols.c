/* t_store_cols.c — the store layer's named columns (store_cols.h) agree
 * with the SQL they are read from: every row shape's statement, prepared
 * on a fresh index, has as many columns as its enum names, and the named
 * columns are the ones meant (by the name SQLite gives each). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "harness.h"
#include "citectx.h"
#include "schema.h"
#include "schema_report.h"

/* A statement of the store (k; SQL__COUNT: the text sql) and what its
 * enum says of its columns: how many, and the name of one of them. */
static const struct shape {
	enum store_sql k;
	const char *sql;
	int ncols, col;
	const char *name;
} shapes[] = {
    {SQL_Q_ROW, NULL, STORE_ST__COLS, STORE_ST_MARKER, "marker"},
    {SQL_Q_ROW, NULL, STORE_ST__COLS, STORE_ST_CITED + STORE_WB_TITLE, "title"},
    {SQL_Q_SENTENCE, NULL, STORE_CI__COLS, STORE_CI_JSELF, "jself"},
    {SQL_Q_SPANS, NULL, STORE_SP_MARKED + 1, STORE_SP_ID, "id"},
    {SQL_FC_ROWS, NULL, STORE_FC_SCTX + 1, STORE_FC_PUBTYPE, "pubtype"},
    {SQL_WF_MATCH, NULL, STORE_WF_PHRASE + 1, STORE_WF_INDEXED, "indexed"},
    {SQL_WF_ONE, NULL, STORE_WF_PHRASE + 1, STORE_WF_WORK + STORE_WB_YEAR,
     "year"},
    {SQL_X_WORK, NULL, STORE_XR_REF_AUTHORS + 1, STORE_XR_PUBDATE, "pubdate"},
    {SQL_RP_AUTHORS, NULL, STORE_AU_AFF + 1, STORE_AU_GIVEN, "given"},
    {SQL_RP_TALLIES, NULL, RPT_COUNT + 1, RPT_TYPE, "type"},
    {SQL_U_BY_NAME, NULL, STORE_SU_ACCOUNT_HASH + 1, STORE_SU_ACCOUNT_HASH,
     "pwhash"},
    {SQL_U_FAILURES, NULL, STORE_SU_FAILURES_CLIENT + 1, STORE_SU_FAILURES_NAME,
     "(SELECT count(*) FROM login_failures WHERE name = ?1 AND client = ?2 "
     "AND at > ?3)"},
    {SQL_RT_OF_USER, NULL, STORE_SU_RATED_UPDATED + 1, STORE_SU_RATED_OVERALL,
     "overall"},
    {SQL_FL_OF_USER, NULL, STORE_SU_MYFLAGS_CREATED + 1,
     STORE_SU_MYFLAGS_W + STORE_WB_PMCID, "pmcid"},
    {SQL_FO_FEED, NULL, STORE_SU_FEED_DW + STORE_WB__COLS,
     STORE_SU_FEED_DW + STORE_WB_TITLE, "title"},
    {SQL_RT_STATS, NULL, STORE_SU_STATS_RIGOUR + 1, STORE_SU_STATS_NOVELTY,
     "avg(novelty)"},
    {SQL__COUNT, STORE_SCAN_SQL "0.0, s.id - s.sctx FROM statements s",
     STORE_SC_CARD + 1, STORE_SC_SECTION, "section_class"},
};

TEST(t_store_cols_match_sql)
{
	char path[128];
	struct ct_index *idx = NULL;
	struct ct_error err = {0};
	sqlite3 *db = NULL;

	snprintf(path, sizeof(path), "/tmp/citectx-unit-cols-%d.db",
	         (int)getpid());
	unlink(path);
	CHECK_EQ_INT(ct_open(path, 0, &idx, &err), 0);
	ct_close(idx);
	CHECK_EQ_INT(sqlite3_open(path, &db), SQLITE_OK);
	for (size_t i = 0; i < sizeof(shapes) / sizeof(*shapes); i++) {
		const struct shape *x = &shapes[i];
		sqlite3_stmt *s = NULL;
		const char *sql = x->sql ? x->sql : store_sql_text[x->k];
		int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);

		if (rc != SQLITE_OK)
			fprintf(stderr, "shape %zu: %s\n", i,
			        sqlite3_errmsg(db));
		CHECK_EQ_INT(rc, SQLITE_OK);
		if (!s)
			continue;
		CHECK_EQ_INT(sqlite3_column_count(s), x->ncols);
		CHECK_EQ_STR(sqlite3_column_name(s, x->col), x->name);
		sqlite3_finalize(s);
	}
	sqlite3_close(db);
	unlink(path);
}
