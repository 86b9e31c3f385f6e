#!/bin/sh
# store-private.sh — the store owns its rows (issue 17): outside the store
# layer (lib/store*.c, lib/schema.*), no file of lib/, server/ or cli/
# includes the private store_sql.h, prepares SQL (store_sql) or reads a
# row's column by number (store_int/text/double/is_null on a cursor).
# Prints each offence and exits 1.
cd "$(dirname "$0")/.." || exit 2
bad=$(grep -nE '#include "store_sql\.h"|\<store_(sql|step|exec|exec_final|done|int|text|double|is_null|bind_[a-z]+)\(' \
	lib/*.[ch] server/*.[ch] cli/*.[ch] |
	grep -vE '^lib/(store[a-z_]*|schema[a-z_]*)\.[ch]:')
if [ -n "$bad" ]; then
	echo "store-private: outside the store layer:"
	echo "$bad"
	exit 1
fi
echo "store-private: SQL and rows stay in the store layer"
