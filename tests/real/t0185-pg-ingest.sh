#!/bin/sh
# t0185: the corpus ingested into PostgreSQL (`ingest --db postgresql://`,
# issue 18, lane L1) answers byte for byte as the corpus ingested into
# SQLite: a list of reads (reports, reference lists, citations,
# statements with facets and sorts, top, bad IDs) prints the same stdout
# and stderr and exits the same, and cursor walks to the end (each sort,
# both groupings) go through the same pages.  The ingest's summary counts
# the same files, articles, references and statements.  Then with
# --workers 2 and 4 (into databases of their own): the same list answers
# the same bytes again (ids included: the one store thread takes the
# articles in the walk's order whatever the workers).
#
#   CITECTX=build/citectx SHARED=../shared sh tests/real/t0185-pg-ingest.sh
set -u
: "${CITECTX:?}" "${SHARED:?}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-t0185.XXXXXX")
. "$TOP/tests/pg/cluster.sh"
trap 'pg_stop "$T/pg"; rm -rf "$T"' EXIT
die() { echo "t0185: $*" >&2; exit 1; }
case "$CITECTX" in /*) ;; *) CITECTX="$PWD/$CITECTX" ;; esac
if [ ! -x "$PG_BIN/initdb" ] && [ "${CITECTX_PG_OPTIONAL:-0}" = 1 ]; then
	echo "SKIPPED: t0185: no PostgreSQL server binaries (scripts/install-deps.sh installs postgresql-15)"
	exit 0
fi
CORPUS="$SHARED/data/corpus/ei-pmc-jats.tar.gz"
DB="$T/c.db"
pg_start "$T/pg" || die "no PostgreSQL cluster"
"$CITECTX" --db "$DB" ingest "$CORPUS" >"$T/sum.sqlite" 2>"$T/err" || die "ingest into SQLite: $(tail -3 "$T/err")"
mkdir "$T/tmp"
export XDG_STATE_HOME="$T/state" # the staging indexes, kept (issue 18)
TMPDIR="$T/tmp" "$CITECTX" --db "$PG_URL" ingest "$CORPUS" >"$T/sum.pg" 2>"$T/err" ||
	die "ingest into PostgreSQL: $(tail -3 "$T/err")"
[ -z "$(ls -A "$T/tmp")" ] || die "a file was left in TMPDIR: $(ls -A "$T/tmp")"
sum1=$(head -1 "$T/sum.sqlite" | sed 's/, [0-9.]* seconds$//')
b=$(head -1 "$T/sum.pg" | sed 's/, [0-9.]* seconds$//')
[ "$sum1" = "$b" ] || die "summaries differ: $sum1 / $b"
echo "t0185: ingested: $b; $(sed -n 2p "$T/sum.pg")"
lite() { sqlite3 "$DB" "$1"; }

"$CITECTX" --db "$DB" top --limit 5 --json | jq -r '.data[].id' >"$T/top"
W1=$(sed -n 1p "$T/top") W2=$(sed -n 2p "$T/top") W3=$(sed -n 3p "$T/top")
SMALL="citectx:$(lite "SELECT cited FROM statements WHERE cited IS NOT NULL GROUP BY cited HAVING count(*) BETWEEN 3 AND 6 ORDER BY cited LIMIT 1")"
NOTICE="citectx:$(lite "SELECT concerned FROM notices WHERE concerned IS NOT NULL ORDER BY notice LIMIT 1")"
CITER=$(lite "SELECT 'pmcid:' || w.pmcid FROM works w JOIN refs r ON r.citing = w.id WHERE w.pmcid IS NOT NULL GROUP BY w.id ORDER BY count(*) DESC, w.id LIMIT 1")
for v in W1 W3 SMALL NOTICE CITER; do
	eval "x=\$$v"
	case "$x" in "" | citectx:) die "no work for $v in the corpus index" ;; esac
done

cat >"$T/list" <<'EOF2'
top --json
top --limit 100 --json
report $W1 --json
report $W2 --json
report $W3 --json
report $SMALL --json
report $NOTICE --json
report $CITER --json
report $W1
refs $CITER --json
refs $W1 --json
refs $NOTICE --json
cite $W1 --format bibtex
cite $W1 --format ris
cite $CITER --format csl-json
cite $SMALL --format apa
statements $W1 --json
statements $W1 --group statement --json
statements $W1 --sort oldest --json
statements $W1 --sort confidence --json
statements $W1 --sort relevance --json
statements $W1 --type supporting --json
statements $W1 --type contrasting --type supporting --json
statements $W1 --section discussion --json
statements $W1 --from-year 2015 --to-year 2018 --json
statements $W1 --self exclude --json
statements $W1 --journal-self only --json
statements $W1 --pubtype review-article --json
statements $W1 --citing $CITER --json
statements $W1 --limit 1000 --json
statements $W2 --json
statements $W3 --section introduction --sort newest --json
statements $SMALL --json
statements $SMALL --group statement --json
statements $NOTICE --json
report pmid:99999999999
report 10.9999/not.in.the.index
refs notanid
statements $W1 --limit 1001
EOF2
compare() { # URL WHAT
	url=$1 what=$2
	n=0 d=0
	while IFS= read -r line; do
		eval "set -- $line"
		a=$("$CITECTX" --db "$DB" "$@" 2>&1; echo "exit $?")
		b=$("$CITECTX" --db "$url" "$@" 2>&1; echo "exit $?")
		n=$((n + 1))
		if [ "$a" != "$b" ]; then
			d=$((d + 1))
			echo "t0185: $what: differs: $line" >&2
			printf '%s\n' "$a" >"$T/a" && printf '%s\n' "$b" >"$T/b"
			diff "$T/a" "$T/b" | head -6 >&2
		fi
	done <"$T/list"
	echo "t0185: $what: $n commands, $d differ from SQLite"
	[ "$d" -eq 0 ] || exit 1
}
compare "$PG_URL" "one worker"

# pages of 30: the most-cited work has 69 statements (one page of 100
# was the whole walk, and the check below refused it)
walks=0 pages=0
for srt in newest oldest confidence relevance; do
	for g in sentence statement; do
		cur= k=0
		while :; do
			a=$("$CITECTX" --db "$DB" statements "$W1" --sort "$srt" --group "$g" --limit 30 ${cur:+--cursor "$cur"} --json) ||
				die "$srt/$g: SQLite failed"
			b=$("$CITECTX" --db "$PG_URL" statements "$W1" --sort "$srt" --group "$g" --limit 30 ${cur:+--cursor "$cur"} --json 2>&1) ||
				die "$srt/$g page $k: PostgreSQL failed: $b"
			[ "$a" = "$b" ] || die "$srt/$g: page $k differs"
			cur=$(printf '%s' "$a" | jq -r '.next // empty')
			k=$((k + 1))
			[ -n "$cur" ] || break
			[ "$k" -lt 1000 ] || die "$srt/$g: no end"
		done
		[ "$k" -ge 2 ] || die "$srt/$g: a walk of $k pages proves little"
		walks=$((walks + 1)) pages=$((pages + k))
	done
done
echo "t0185: $walks cursor walks, $pages pages, the same pages"

for w in 2 4; do
	wurl="${PG_URL%/postgres}/w$w"
	"$PG_BIN/psql" -q -d "$PG_URL" -c "CREATE DATABASE w$w" >/dev/null 2>&1 || die "CREATE DATABASE w$w"
	TMPDIR="$T/tmp" "$CITECTX" --db "$wurl" ingest "$CORPUS" --workers "$w" >"$T/sum.$w" 2>"$T/err" ||
		die "ingest --workers $w: $(tail -3 "$T/err")"
	c=$(head -1 "$T/sum.$w" | sed 's/, [0-9.]* seconds$//')
	[ "$c" = "$sum1" ] || die "--workers $w: summary $c, SQLite's $sum1"
	compare "$wurl" "--workers $w"
done
