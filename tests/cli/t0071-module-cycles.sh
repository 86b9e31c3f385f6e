#!/bin/sh
# t0071: scripts/module-cycles.sh (`make lint-cycles`) fails naming the
# modules and the edges of a cycle, whether the edge is an include or a
# symbol one object uses and another defines, and passes a tree without
# one.  Checked on a small tree of its own, then on a copy of the real
# lib/ with one cycle added (the real tree must then name the new module).
. "$(dirname "$0")/lib.sh"
CHECK="$TOP/scripts/module-cycles.sh"
CC=${CC:-cc}

# a -> b by include, b -> c by include, c -> a by a call (c.o uses a_run)
mkdir -p "$T/t/lib" "$T/t/build/lib"
cd "$T/t"
printf 'int a_run(void);\n' >lib/a.h
printf '#include "a.h"\n#include "b.h"\nint a_run(void) { return b_run(); }\n' >lib/a.c
printf 'int b_run(void);\n' >lib/b.h
printf '#include "b.h"\n#include "c.h"\nint b_run(void) { return 1; }\n' >lib/b.c
printf 'int c_run(void);\n' >lib/c.h
printf '#include "c.h"\nint c_run(void) { return 2; }\n' >lib/c.c
for m in a b c; do $CC -c lib/$m.c -o build/lib/$m.o || die "cc $m.c"; done

# no cycle yet: a -> b -> c
expect_exit 0 sh "$CHECK" "$T/t"
[ -s "$T/err" ] && die "a clean tree printed: $(cat "$T/err")"

# the call closes the circle: only the object says so
printf 'int a_run(void);\nint c_run(void) { return a_run(); }\n' >lib/c.c
$CC -c lib/c.c -o build/lib/c.o || die "cc c.c"
expect_exit 1 sh "$CHECK" "$T/t"
expect_err "modules in a cycle: lib/a lib/b lib/c"
expect_err "lib/a -> lib/b: lib/a.c includes b.h"
expect_err "lib/b -> lib/c: lib/b.c includes c.h"
expect_err "lib/c -> lib/a: lib/c.c uses a_run"
# without the objects the include graph alone has no cycle
expect_exit 0 sh "$CHECK" "$T/t" "$T/none"

# a header including another module's header is an edge of its module
printf '#include "a.h"\nint c_run(void);\n' >lib/c.h
expect_exit 1 sh "$CHECK" "$T/t" "$T/none"
expect_err "lib/c -> lib/a: lib/c.h includes a.h"

# the store layer is one module: its files may call each other, but a
# module it calls may not call back into any of them
rm -f lib/c.h lib/c.c build/lib/c.o
printf 'int store_open(void);\nint store_sql(void);\n' >lib/store.h
printf '#include "store.h"\nint store_open(void) { return store_sql(); }\n' >lib/store.c
printf '#include "store.h"\nint store_sql(void) { return store_open(); }\n' >lib/store_stmt.c
printf 'int a_run(void);\nint store_sql(void) { return a_run(); }\n' >lib/store_x.c
for m in store store_stmt; do $CC -c lib/$m.c -o build/lib/$m.o || die "cc $m.c"; done
expect_exit 0 sh "$CHECK" "$T/t"
printf '#include "b.h"\nint b_run(void) { return 1; }\n' >lib/b.c
$CC -c lib/b.c -o build/lib/b.o || die "cc b.c"
$CC -c lib/store_x.c -o build/lib/store_x.o || die "cc store_x.c"
printf '#include "b.h"\n#include "store.h"\nint a_run(void) { return b_run(); }\n' >lib/a.c
expect_exit 1 sh "$CHECK" "$T/t"
expect_err "modules in a cycle: lib/a lib/store"
expect_err "lib/a -> lib/store: lib/a.c includes store.h"
expect_err "lib/store -> lib/a: lib/store_x.c uses a_run"

# the real library, plus one include that makes mem.h depend on the
# document model (doc.h includes mem.h)
mkdir -p "$T/r"
cp -R "$TOP/include" "$TOP/lib" "$T/r/"
printf '#include "doc.h"\n' >>"$T/r/lib/mem.h"
expect_exit 1 sh "$CHECK" "$T/r" "$T/none"
grep '^modules in a cycle:' "$T/err" | grep -q ' lib/doc lib/mem\( \|$\)' ||
	die "the added cycle is not named: $(cat "$T/err")"
expect_err "lib/mem -> lib/doc: lib/mem.h includes doc.h"
exit 0
