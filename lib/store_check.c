/* store_check.c — integrity: SQLite's and FTS5's own checks (see store.h
 * store_integrity). */
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "store_int.h"

/* ---- integrity ----------------------------------------------------------- */

/* FTS5's own integrity check of each full-text index */
static const char *const fts_checks[] = {
    "INSERT INTO statements_fts(statements_fts, rank)"
    " VALUES('integrity-check', 1)",
    "INSERT INTO works_fts(works_fts, rank) VALUES('integrity-check', 1)",
};

int store_integrity(struct store *st, struct ct_buf *report)
{
	sqlite3_stmt *s;
	int bad = 0;

	if (sqlite3_prepare_v2(st->db, "PRAGMA integrity_check", -1, &s, NULL))
		return CT_EDB;
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *m = (const char *)sqlite3_column_text(s, 0);

		if (m && strcmp(m, "ok")) {
			ct_buf_printf(report, "sqlite: %s\n", m);
			bad = 1;
		}
	}
	sqlite3_finalize(s);
	for (size_t i = 0; i < sizeof(fts_checks) / sizeof(*fts_checks); i++)
		if (sqlite3_exec(st->db, fts_checks[i], NULL, NULL, NULL) !=
		    SQLITE_OK) {
			ct_buf_printf(report, "fts5: %s\n",
			              sqlite3_errmsg(st->db));
			bad = 1;
		}
	return bad ? CT_ECORRUPT : 0;
}
