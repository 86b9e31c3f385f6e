#!/bin/sh
# module-cycles.sh [TOP [BUILD]] — fails, naming the cycle, when modules of
# lib/, server/ or cli/ depend on each other in a circle.  `make lint-cycles`.
#
# A module is foo.c with its foo.h.  Module A depends on module B when
#   * a file of A includes B's header ("b.h", resolved like the compiler
#     does: the includer's folder, then -Iinclude -Ilib -Iserver), or
#   * A's object uses a symbol that B's object defines (`nm`), so that a
#     call declared in a third header (include/citectx.h, or a shared
#     header such as server/http.h) is seen too.
# The objects are those of the normal build (BUILD/lib/foo.o, default
# TOP/build); a module without an object is checked on its includes only.
# One module is several files: the store layer (store.c, store_*.c,
# schema.c, their headers and the private store_int.h), which owns the
# SQL and whose parts call each other by design (docs/ARCHITECTURE.md).
# (The report, related.c and summary.c are modules of their own since
# report.h was split into related.h and summary.h.)
# Each strongly connected group of two or more modules is a cycle: the
# script prints its members and one circle through them, edge by edge
# with a reason (the include, or one symbol), and exits 1.  0: no cycle.
# EDGES=FILE keeps every dependency found (FROM TO REASON), to look at.
set -eu
TOP=${1:-.}
BUILD=${2:-build}
NM=${NM:-nm}
cd "$TOP"

# the dependencies, one a line: FROM TO REASON
include_edges() {
	for f in lib/*.[ch] server/*.[ch] cli/*.[ch]; do
		[ -f "$f" ] || continue
		sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f" |
		while read -r h; do
			for d in "$(dirname "$f")" include lib server; do
				if [ -f "$d/$h" ]; then
					echo "${f%.*} $d/${h%.h} $f includes $h"
					break
				fi
			done
		done
	done
}

symbol_edges() {
	for f in lib/*.c server/*.c cli/*.c; do
		o="$BUILD/${f%.c}.o"
		[ -f "$o" ] || continue
		# defined: every global symbol class but U (undefined), w/v (weak)
		$NM -g "$o" | awk -v m="${f%.c}" '
			$1 == "U" { print "U", m, $2; next }
			NF == 3 && $2 !~ /^[Uwv]$/ { print "D", m, $3 }'
	done | awk '
		$1 == "D" { def[$3] = $2; next }
		{ user[++n] = $2; sym[n] = $3 }
		END {
			for (i = 1; i <= n; i++)
				if (sym[i] in def)
					print user[i], def[sym[i]], user[i] ".c uses " sym[i]
		}'
}

# FROM and TO of each edge as the module they belong to
STORE='store|store_[a-z0-9_]+|schema|schema_[a-z0-9_]+'
modules() {
	sed -E "s#^lib/($STORE) #lib/store #; s#^([^ ]+) lib/($STORE) #\\1 lib/store #"
}

# Tarjan's strongly connected components, then one circle inside each.
{ include_edges; symbol_edges; } | modules | tee ${EDGES:-/dev/null} | awk '
function visit(v,    i, w) {
	idx[v] = low[v] = ++counter
	stack[++sp] = v; on[v] = 1
	for (i = 1; i <= nout[v]; i++) {
		w = out[v, i]
		if (!(w in idx)) {
			visit(w)
			if (low[w] < low[v]) low[v] = low[w]
		} else if (on[w] && idx[w] < low[v])
			low[v] = idx[w]
	}
	if (low[v] == idx[v]) {
		ncomp++
		do {
			w = stack[sp--]; on[w] = 0
			comp[w] = ncomp; size[ncomp]++
		} while (w != v)
	}
}
# a shortest circle from s back to s inside its component (breadth
# first), edge by edge with the reason of each
function circle(s,    q, head, tail, v, i, w, prev, seen, path, n, line) {
	head = 1; tail = 0; q[++tail] = s
	while (head <= tail) {
		v = q[head++]
		for (i = 1; i <= nout[v]; i++) {
			w = out[v, i]
			if (comp[w] != comp[s]) continue
			if (w == s) {
				n = 0
				for (; v != s; v = prev[v]) path[++n] = v
				path[++n] = s	# path[n] .. path[1]: s .. the last
				line = "cycle:"
				for (i = n; i >= 2; i--)
					line = line "\n    " path[i] " -> " path[i - 1] ": " why[path[i], path[i - 1]]
				return line "\n    " path[1] " -> " s ": " why[path[1], s]
			}
			if (!(w in seen)) { seen[w] = 1; prev[w] = v; q[++tail] = w }
		}
	}
}
# the names of component c, sorted, space separated
function members(c,    v, n, a, i, j, t, line) {
	n = 0
	for (v in node) if (comp[v] == c) a[++n] = v
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
			t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
		}
	for (i = 1; i <= n; i++) line = line (i > 1 ? " " : "") a[i]
	return line
}
$1 != $2 && !(($1, $2) in why) {
	out[$1, ++nout[$1]] = $2
	r = $3
	for (i = 4; i <= NF; i++) r = r " " $i
	why[$1, $2] = r
	node[$1] = node[$2] = 1
}
END {
	for (v in node) if (!(v in idx)) visit(v)
	for (v in node)
		if (size[comp[v]] > 1 && !(comp[v] in done)) {
			done[comp[v]] = 1
			m = members(comp[v])
			split(m, first, " ")
			msg[++bad] = "modules in a cycle: " m "\n  " circle(first[1])
		}
	# components in a stable order: by their first member
	for (i = 2; i <= bad; i++)
		for (j = i; j > 1 && msg[j - 1] > msg[j]; j--) {
			t = msg[j]; msg[j] = msg[j - 1]; msg[j - 1] = t
		}
	for (i = 1; i <= bad; i++) print msg[i]
	exit bad > 0
}' >&2
