/* check_text.c — is every stored text valid UTF-8? (see check_text.h) */
#include <inttypes.h>
#include <string.h>

#include "buf.h"
#include "check_text.h"
#include "jw.h"
#include "store_dump.h"

struct tc {
	const char *table;
	const char *const *names;
	int ncols;
	int64_t row;          /* rows read of this table */
	int64_t bad;          /* bad values of this table */
	int64_t total, named; /* all tables */
	struct ct_buf list;   /* the values named */
};

static int tc_cols(void *arg, int ncols, const char *const *names)
{
	struct tc *t = arg;

	t->names = names;
	t->ncols = ncols;
	return 0;
}

/* "works id 33346: title": the row by its first column when that is an
 * integer (every table's id or work), else by its place in key order
 * (a text key may be what is not valid). */
static void tc_name(struct tc *t, const struct store_value *v, int col)
{
	if (v[0].type == STORE_V_INT)
		ct_buf_printf(&t->list, "  %s %s %" PRId64 ": %s\n", t->table,
		              t->names[0], v[0].i, t->names[col]);
	else
		ct_buf_printf(&t->list, "  %s row %" PRId64 ": %s\n", t->table,
		              t->row, t->names[col]);
}

static int tc_row(void *arg, const struct store_value *v)
{
	struct tc *t = arg;

	t->row++;
	for (int i = 0; i < t->ncols; i++) {
		if (v[i].type != STORE_V_TEXT || jw_utf8_ok(v[i].s, v[i].n))
			continue;
		t->bad++;
		if (t->named++ < CHECK_TEXT_LIST)
			tc_name(t, v, i);
	}
	return 0;
}

int check_text(struct store *st, struct ct_buf *report, int64_t *bad,
               struct ct_error *err)
{
	struct tc t = {.list = CT_BUF_INIT};
	struct store_dump_cb cb = {tc_cols, tc_row, &t};
	struct ct_buf by = CT_BUF_INIT;
	int rc = 0;

	for (size_t i = 0; i < store_dump_ntables && !rc; i++) {
		t.table = store_dump_tables[i];
		t.row = t.bad = 0;
		rc = store_dump_rows(st, t.table, &cb, err);
		if (t.bad)
			ct_buf_printf(&by, "%s%s %" PRId64, t.total ? ", " : "",
			              t.table, t.bad);
		t.total += t.bad;
	}
	*bad = t.total;
	if (!rc && t.total) {
		ct_buf_printf(report,
		              "warning: %" PRId64 " text values are not valid "
		              "UTF-8 (%.*s); PostgreSQL refuses them, pg-load "
		              "repairs them:\n",
		              t.total, (int)by.len, by.ptr ? by.ptr : "");
		ct_buf_put(report, t.list.ptr, t.list.len);
		if (t.total > CHECK_TEXT_LIST)
			ct_buf_printf(report, "  and %" PRId64 " more\n",
			              t.total - CHECK_TEXT_LIST);
	}
	ct_buf_release(&by);
	ct_buf_release(&t.list);
	return rc;
}
