#!/bin/sh
# t0200: the corpus index loaded into Citus (issue 18, lane L3: a
# coordinator and two workers, tests/pg/citus.sh; pg-init --citus, then
# pg-load) answers byte for byte as the SQLite index does: the very list
# of commands of t0165 (read from it: reports, reference lists, cite,
# statements with every facet and sort, top, searches, bad IDs and their
# messages) prints the same stdout and stderr and exits the same, and the
# cursor walks of the most-cited work (every sort, both groupings) reach
# their end through the same pages.  Too slow for `make test` (a corpus
# ingest, a Citus cluster, a load through the coordinator); run it alone:
#
#   CITECTX=build/citectx SHARED=../shared CITUS_CACHE=build/citus \
#     sh tests/real/t0200-citus-parity.sh
#
# ($CORPUS_DB, when it names a corpus index, saves the ingest.)  Where
# Citus cannot be built it prints SKIPPED and why, and fails unless
# CITECTX_PG_OPTIONAL=1.
set -u
: "${CITECTX:?}" "${SHARED:?}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-t0200.XXXXXX")
. "$TOP/tests/pg/citus.sh"
. "$TOP/tests/real/corpus-db.sh"
trap 'citus_stop "$T/c"; rm -rf "$T"' EXIT
die() { echo "t0200: $*" >&2; exit 1; }
case "$CITECTX" in /*) ;; *) CITECTX="$PWD/$CITECTX" ;; esac
export SHARED
citus_up "$T/c" t0200
rc=$?
if [ "$rc" -eq 77 ]; then
	echo "SKIPPED: t0200: Citus cannot be built here (above)" >&2
	[ "${CITECTX_PG_OPTIONAL:-0}" = 1 ] && exit 0
	exit 1
fi
[ "$rc" -eq 0 ] || die "no Citus cluster"
DB="$T/c.db"
corpus_db "$DB"
"$CITECTX" --db "$CITUS_URL" pg-init --citus >"$T/load" 2>&1 || die "pg-init --citus: $(cat "$T/load")"
"$CITECTX" --db "$CITUS_URL" pg-load "$DB" >"$T/load" 2>&1 || die "pg-load: $(cat "$T/load")"

# the works the list names, chosen as t0165 chooses them
corpus_works "$DB" || die "no works to compare"

# t0165's list: the lines between its `cat >"$T/list" <<'EOF'` and EOF
sed -n "/^cat >\"\$T\/list\" <<'EOF'\$/,/^EOF\$/p" "$TOP/tests/real/t0165-pg-parity.sh" | sed '1d;$d' >"$T/list"
[ -n "$ALIAS" ] && echo 'report $ALIAS --json' >>"$T/list"
n=0 d=0
while IFS= read -r line; do
	case "$line" in '' | '#'*) continue ;; esac
	eval "set -- $line"
	a=$("$CITECTX" --db "$DB" "$@" 2>&1; echo "exit $?")
	b=$("$CITECTX" --db "$CITUS_URL" "$@" 2>&1; echo "exit $?")
	n=$((n + 1))
	if [ "$a" != "$b" ]; then
		d=$((d + 1))
		echo "t0200: differs: $line" >&2
		printf '%s\n' "$a" >"$T/a" && printf '%s\n' "$b" >"$T/b"
		diff "$T/a" "$T/b" | head -6 >&2
	fi
done <"$T/list"
echo "t0200: $n commands, $d differ"
[ "$n" -ge 40 ] || die "only $n commands run"

# cursor walks to the end: every sort, both groupings, 15 a page
walks=0 pages=0
for srt in newest oldest confidence relevance; do
	for g in sentence statement; do
		cur= k=0
		while :; do
			a=$("$CITECTX" --db "$DB" statements "$W1" --sort "$srt" --group "$g" --limit 15 ${cur:+--cursor "$cur"} --json) ||
				die "$srt/$g: SQLite failed"
			b=$("$CITECTX" --db "$CITUS_URL" statements "$W1" --sort "$srt" --group "$g" --limit 15 ${cur:+--cursor "$cur"} --json 2>&1) ||
				die "$srt/$g page $k: Citus failed: $b"
			[ "$a" = "$b" ] || die "$srt/$g: page $k (cursor ${cur:-none}) differs"
			cur=$(printf '%s' "$a" | jq -r '.next // empty')
			k=$((k + 1))
			[ -n "$cur" ] || break
			[ "$k" -lt 1000 ] || die "$srt/$g: no end"
		done
		[ "$k" -ge 3 ] || die "$srt/$g: a walk of $k pages proves little"
		walks=$((walks + 1)) pages=$((pages + k))
	done
done
echo "t0200: $walks cursor walks, $pages pages, the same pages"
[ "$d" -eq 0 ] || exit 1
