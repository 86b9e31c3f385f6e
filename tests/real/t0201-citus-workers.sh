#!/bin/sh
# t0201: issue 18's parallel ingest, on the corpus, into Citus (lane L3: a
# coordinator and two workers, tests/pg/citus.sh).  For 2 and then 4
# workers, into a database of its own: `ingest --workers N --db URL`
# (batches shipped through the kept staging index), then
#   * t0165's list of reads (reports, reference lists, cite, statements
#     with every facet and sort, top, searches, bad IDs) prints the same
#     stdout and stderr and exits the same as the corpus ingested into
#     SQLite by one worker (ids included: one store thread takes the
#     articles in the walk's order, whatever the workers);
#   * `check` passes;
#   * `linkeval` prints SQLite's bytes, and its held-out precision and
#     recall are at least 0.97 and 0.95 (T0201_LINKEVAL=0 skips it).  It
#     reads in bulk (lib/store_pg_le.c): about 10 s on Citus; reading
#     each reference through the coordinator, it had not finished after
#     40 minutes (2026-12-07; docs/QUALITY.md).
# Too slow for `make test` (two corpus ingests through Citus): `make
# test-slow` runs it, or alone:
#
#   CITECTX=build/citectx SHARED=../shared CITUS_CACHE=build/citus \
#     sh tests/real/t0201-citus-workers.sh
#
# Where Citus cannot be built it prints SKIPPED and why, and fails unless
# CITECTX_PG_OPTIONAL=1.
set -u
: "${CITECTX:?}" "${SHARED:?}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-t0201.XXXXXX")
. "$TOP/tests/pg/citus.sh"
. "$TOP/tests/real/corpus-db.sh"
trap 'citus_stop "$T/c"; rm -rf "$T"' EXIT
die() { echo "t0201: $*" >&2; exit 1; }
case "$CITECTX" in /*) ;; *) CITECTX="$PWD/$CITECTX" ;; esac
export SHARED
citus_up "$T/c" t0201
rc=$?
if [ "$rc" -eq 77 ]; then
	echo "SKIPPED: t0201: Citus cannot be built here (above)" >&2
	[ "${CITECTX_PG_OPTIONAL:-0}" = 1 ] && exit 0
	exit 1
fi
[ "$rc" -eq 0 ] || die "no Citus cluster"
CORPUS="$SHARED/data/corpus/ei-pmc-jats.tar.gz"
DB="$T/c.db"
# one worker into SQLite: the reference (ids as a walk-order ingest gives)
"$CITECTX" --db "$DB" ingest "$CORPUS" >/dev/null 2>"$T/err" || die "ingest into SQLite: $(tail -3 "$T/err")"

# the works the list names, chosen as t0165 chooses them
corpus_works "$DB" || die "no works to compare"
# t0165's list: the lines between its `cat >"$T/list" <<'EOF'` and EOF
sed -n "/^cat >\"\$T\/list\" <<'EOF'\$/,/^EOF\$/p" "$TOP/tests/real/t0165-pg-parity.sh" | sed '1d;$d' >"$T/list"
[ -n "$ALIAS" ] && echo 'report $ALIAS --json' >>"$T/list"
# SQLite's answers, once
i=0
while IFS= read -r line; do
	case "$line" in '' | '#'*) continue ;; esac
	i=$((i + 1))
	eval "set -- $line"
	{ "$CITECTX" --db "$DB" "$@" 2>&1; echo "exit $?"; } >"$T/a.$i"
done <"$T/list"
LE=${T0201_LINKEVAL:-1}
[ "$LE" = 1 ] && { "$CITECTX" --db "$DB" linkeval 0 >"$T/le.sqlite" 2>&1 || die "linkeval on SQLite: $(tail -3 "$T/le.sqlite")"; }

for w in 2 4; do
	citus_newdb "t0201w$w" || die "no database t0201w$w"
	"$CITECTX" --db "$CITUS_URL" pg-init --citus >"$T/out" 2>&1 || die "pg-init --citus: $(cat "$T/out")"
	s=$(date +%s)
	"$CITECTX" --db "$CITUS_URL" ingest "$CORPUS" --workers "$w" --staging "$T/stage.$w.db" >"$T/sum.$w" 2>"$T/err" ||
		die "ingest --workers $w: $(tail -3 "$T/err")"
	secs=$(($(date +%s) - s))
	i=0 n=0 d=0
	while IFS= read -r line; do
		case "$line" in '' | '#'*) continue ;; esac
		i=$((i + 1))
		eval "set -- $line"
		b=$("$CITECTX" --db "$CITUS_URL" "$@" 2>&1; echo "exit $?")
		n=$((n + 1))
		if [ "$(cat "$T/a.$i")" != "$b" ]; then
			d=$((d + 1))
			echo "t0201: --workers $w: differs: $line" >&2
			printf '%s\n' "$b" | diff "$T/a.$i" - | head -6 >&2
		fi
	done <"$T/list"
	[ "$n" -ge 40 ] || die "only $n commands run"
	[ "$d" -eq 0 ] || die "--workers $w: $d of $n commands differ from SQLite"
	"$CITECTX" --db "$CITUS_URL" check >"$T/check" 2>&1 || die "--workers $w: check failed: $(head -5 "$T/check")"
	[ "$(cat "$T/check")" = ok ] || die "--workers $w: check said $(head -3 "$T/check")"
	if [ "$LE" != 1 ]; then
		echo "t0201: --workers $w into Citus ($secs s): $n commands the same bytes as SQLite, check ok (linkeval skipped: T0201_LINKEVAL=0)"
		continue
	fi
	s=$(date +%s)
	"$CITECTX" --db "$CITUS_URL" linkeval 0 >"$T/le.$w" 2>&1 || die "--workers $w: linkeval: $(tail -3 "$T/le.$w")"
	lesecs=$(($(date +%s) - s))
	cmp -s "$T/le.sqlite" "$T/le.$w" || die "--workers $w: linkeval differs from SQLite's: $(diff "$T/le.sqlite" "$T/le.$w" | head -6)"
	pr=$(sed -n 's/^held-out: precision \([0-9.]*\) recall \([0-9.]*\).*/\1 \2/p' "$T/le.$w")
	[ -n "$pr" ] || die "--workers $w: no held-out line in linkeval: $(head -5 "$T/le.$w")"
	awk -v pr="$pr" 'BEGIN { split(pr, a, " "); exit !(a[1] >= 0.97 && a[2] >= 0.95) }' ||
		die "--workers $w: linkeval held-out precision/recall $pr below 0.97/0.95"
	echo "t0201: --workers $w into Citus ($secs s): $n commands the same bytes as SQLite, check ok, linkeval SQLite's bytes in $lesecs s (held-out P/R $pr)"
done
