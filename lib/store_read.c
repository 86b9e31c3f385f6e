/* store_read.c — read snapshots (store_read.h). */
#include "store.h"
#include "store_sql.h"
#include "store_read.h"
#include "store_ops.h"

int sqlite_read_begin(struct store *st)
{
	return store_exec(store_sql(st, SQL_READ_BEGIN));
}

int sqlite_read_end(struct store *st)
{
	return store_exec(store_sql(st, SQL_READ_END));
}

int sqlite_read_end_final(struct store *st)
{
	return store_exec_final(store_sql(st, SQL_READ_END));
}
