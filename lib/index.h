/* index.h — struct ct_index, shared by the modules behind citectx.h. */
#ifndef CT_INDEX_H
#define CT_INDEX_H
#include "citectx.h"
#include "store.h"

struct ct_index {
	struct store *st;
	char *path;
};

#endif
