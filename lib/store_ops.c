/* store_ops.c — the backend seam's dispatchers (store_ops.h): each verb
 * of the table is one indirect call through the backend the store was
 * opened with; and the SQLite backend's table. */
#include "store_int.h"
#include "store_ops.h"

#define STORE_OP_CALL_(name, ret, params, args)                                \
	ret store_##name params                                                \
	{                                                                      \
		return st->ops->name args;                                     \
	}
STORE_OPS(STORE_OP_CALL_)

void store_close(struct store *st)
{
	if (st)
		st->ops->close(st);
}

void store_deadline_use(struct store *st, const _Atomic int64_t *at)
{
	st->ops->deadline_use(st, at);
}

#define STORE_OP_ENTRY_(name, ret, params, args) .name = sqlite_##name,
const struct store_ops store_sqlite_ops = {.name = "sqlite",
                                           .close = sqlite_close,
                                           .deadline_use = sqlite_deadline_use,
                                           STORE_OPS(STORE_OP_ENTRY_)};
