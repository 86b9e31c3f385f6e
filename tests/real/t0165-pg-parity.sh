#!/bin/sh
# t0165: the corpus index loaded into PostgreSQL (pg-load, lane L1) answers
# byte for byte as the SQLite index does (issue 18, parity of the reads):
# every command of the list below (reports, reference lists, citations,
# statements with every facet and sort, top, bad IDs and their messages)
# prints the same stdout and stderr and exits the same; every cursor walk
# (each sort, both groupings) reaches its end through the same pages; and
# the API requests of the list answer the same status and body through
# `serve` (a time limit of 20 s on both: contents compared here, speed
# is make bench's).  Searches are in the list too (the search parity
# itself, with 200 generated queries: t0195), and finds (words, surname +
# year, identifiers; tests/cli/t0181 on the demo); a command the backend
# does not serve yet (check) is refused, said so, exit status 3.
#
#   CITECTX=build/citectx SHARED=../shared sh tests/real/t0165-pg-parity.sh
set -u
: "${CITECTX:?}" "${SHARED:?}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-t0165.XXXXXX")
SA= SB=
. "$TOP/tests/pg/cluster.sh"
. "$TOP/tests/real/corpus-db.sh"
trap '[ -n "$SA" ] && kill "$SA" 2>/dev/null; [ -n "$SB" ] && kill "$SB" 2>/dev/null; pg_stop "$T/pg"; rm -rf "$T"' EXIT
die() { echo "t0165: $*" >&2; exit 1; }
case "$CITECTX" in /*) ;; *) CITECTX="$PWD/$CITECTX" ;; esac
if [ ! -x "$PG_BIN/initdb" ] && [ "${CITECTX_PG_OPTIONAL:-0}" = 1 ]; then
	echo "SKIPPED: t0165: no PostgreSQL server binaries (scripts/install-deps.sh installs postgresql-15)"
	exit 0
fi
"$CITECTX" help pg-load >/dev/null 2>&1 || die "this citectx has no pg-load (issue 18's loader)"
DB="$T/c.db"
corpus_db "$DB"
pg_start "$T/pg" || die "no PostgreSQL cluster"
"$CITECTX" --db "$PG_URL" pg-load "$DB" >"$T/load" 2>&1 || die "pg-load: $(cat "$T/load")"

# the works the list names: the most cited, one cited twice or so, works
# concerned by a notice, one found by an alias, an indexed article citing
# much
corpus_works "$DB" || die "no works to compare"

# The list: one command a line, $VARS expanded; '#' lines are comments.
cat >"$T/list" <<'EOF'
top --json
top --limit 50 --json
top --limit 20
report $W1 --json
report $W2 --json
report $W3 --json
report $W4 --json
report $W5 --json
report $SMALL --json
report $NOTICE --json
report $NOTICER --json
report $CITER --json
report $W1
report $SMALL
refs $CITER --json
refs $CITER
refs $W1 --json
refs $NOTICER --json
cite $W1 --format bibtex
cite $W1 --format ris
cite $W1 --format csl-json
cite $W1 --format apa
cite $CITER --format csl-json
cite $SMALL --format apa
statements $W1 --json
statements $W1
statements $W1 --group statement --json
statements $W1 --sort oldest --json
statements $W1 --sort confidence --json
statements $W1 --sort relevance --json
statements $W1 --type supporting --json
statements $W1 --type contrasting --type supporting --json
statements $W1 --type unclassified --json
statements $W1 --section discussion --json
statements $W1 --section methods --section results --json
statements $W1 --from-year 2015 --to-year 2018 --json
statements $W1 --from-year 2020 --json
statements $W1 --self only --json
statements $W1 --self exclude --json
statements $W1 --journal-self only --json
statements $W1 --pubtype review-article --json
statements $W1 --pubtype research-article --type supporting --section discussion --sort oldest --json
statements $W1 --citing $CITER --json
statements $W1 --limit 1000 --json
statements $W2 --json
statements $W2 --group statement --sort confidence --limit 7 --json
statements $W3 --section introduction --sort newest --json
statements $SMALL --json
statements $SMALL --group statement --json
statements $NOTICE --json
statements pmid:99999999999 --json
report pmid:0
report pmid:99999999999
report 10.9999/not.in.the.index
report PMC1
report "doi:10.1016/ nonsense"
report "pmid:12<script>"
report 12345
refs notanid
statements notanid
cite $W1 --format docx
statements $W1 --limit 1001
statements $W1 --from-year 2020 --to-year 2010
search aspirin --json
search "'randomized controlled trial'" --json
search COVID-19 --json
search 'cardio*' --sort newest --json
search 'aspirin NOT placebo' --json
search 'statin* OR aspirin' --group statement --json
search aspirin --type supporting --section discussion --json
search 'aspirin' --citing $CITER --json
search '"placebo'
find aspirin --json
find "randomized controlled trial" --limit 20 --json
find trial --limit 100 --json
find "Smith 2015" --json
find "cardio" --json
find "Journal of Clinical" --limit 5
find "$W1" --json
find "https://doi.org/$W2" --json
find pmid:99999999999 --json
find zzzzunknownword --json
EOF
# a work found by an alias (the corpus may hold none)
[ -n "$ALIAS" ] && echo 'report $ALIAS --json' >>"$T/list"
n=0 d=0
while IFS= read -r line; do
	case "$line" in '' | '#'*) continue ;; esac
	eval "set -- $line"
	a=$("$CITECTX" --db "$DB" "$@" 2>&1; echo "exit $?")
	b=$("$CITECTX" --db "$PG_URL" "$@" 2>&1; echo "exit $?")
	n=$((n + 1))
	if [ "$a" != "$b" ]; then
		d=$((d + 1))
		echo "t0165: differs: $line" >&2
		printf '%s\n' "$a" >"$T/a" && printf '%s\n' "$b" >"$T/b"
		diff "$T/a" "$T/b" | head -6 >&2
	fi
done <"$T/list"
echo "t0165: $n commands, $d differ"
[ "$d" -eq 0 ] || exit 1
[ "$n" -ge 60 ] || die "only $n commands run"

# cursor walks to the end: every sort, both groupings, 15 a page
walks=0 pages=0
for srt in newest oldest confidence relevance; do
	for g in sentence statement; do
		cur= k=0
		while :; do
			a=$("$CITECTX" --db "$DB" statements "$W1" --sort "$srt" --group "$g" --limit 15 ${cur:+--cursor "$cur"} --json) ||
				die "$srt/$g: SQLite failed"
			b=$("$CITECTX" --db "$PG_URL" statements "$W1" --sort "$srt" --group "$g" --limit 15 ${cur:+--cursor "$cur"} --json 2>&1) ||
				die "$srt/$g page $k: PostgreSQL failed: $b"
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
echo "t0165: $walks cursor walks, $pages pages, the same pages"

# check passes on the loaded corpus (store_pg_check.c); a command not
# served yet: refused, said so, exit status 1 (CT_ENOTSUP)
"$CITECTX" --db "$PG_URL" check >"$T/out" 2>"$T/err" || die "check on PostgreSQL: $(cat "$T/err")"
[ "$(cat "$T/out")" = ok ] || die "check: $(cat "$T/out")"
"$CITECTX" --db "$PG_URL" reclassify >"$T/out" 2>"$T/err"
[ $? -eq 1 ] || die "reclassify on PostgreSQL: not exit 1"
grep -q 'reclassify is not available on the PostgreSQL backend yet' "$T/err" || die "reclassify: $(cat "$T/err")"

# the API through serve, each backend its own server
. "$TOP/tests/pg/pair.sh"
start "$DB" PA SA
start "$PG_URL" PB SB
cat >"$T/api" <<'EOF'
/api/v1/works/$W1
/api/v1/works/$W1/statements
/api/v1/works/$W1/statements?type=contrasting&sort=confidence
/api/v1/works/$W1/statements?section=discussion&from_year=2016&group=statement
/api/v1/works/$W1/statements?self=exclude&journal_self=exclude&limit=100
/api/v1/works/$W1/statements?pubtype=review-article&sort=oldest
/api/v1/works/$W1/references
/api/v1/works/$W1/tallies
/api/v1/works/$W1/cite?format=ris
/api/v1/works/$W2/statements?limit=5
/api/v1/works/$SMALL
/api/v1/works/$SMALL/tallies
/api/v1/works/$CITER/references
/api/v1/works/$NOTICE
/api/v1/top?limit=25
/api/v1/works/pmid:99999999999
/api/v1/works/pmid:12x
/api/v1/works/$W1/statements?limit=5000
/works/$W1
/works/$CITER
/api/v1/works?q=aspirin
/api/v1/works?q=heart+failure+2019&limit=50
/search?q=aspirin
EOF
napi=0
while IFS= read -r path; do
	eval "path=\"$path\""
	a=$(curl -s -w '\n%{http_code}' "http://127.0.0.1:$PA$path" | sed "s/127.0.0.1:$PA/HOST/g")
	b=$(curl -s -w '\n%{http_code}' "http://127.0.0.1:$PB$path" | sed "s/127.0.0.1:$PB/HOST/g")
	[ "$a" = "$b" ] || die "GET $path differs: status $(printf '%s' "$a" | tail -1) / $(printf '%s' "$b" | tail -1)"
	napi=$((napi + 1))
done <"$T/api"
batch="[\"$W1\", \"$SMALL\", \"$CITER\", \"pmid:99999999999\", \"not an id\"]"
a=$(curl -s -w '\n%{http_code}' -X POST -H 'Content-Type: application/json' -d "$batch" "http://127.0.0.1:$PA/api/v1/tallies")
b=$(curl -s -w '\n%{http_code}' -X POST -H 'Content-Type: application/json' -d "$batch" "http://127.0.0.1:$PB/api/v1/tallies")
[ "$a" = "$b" ] && [ "$(printf '%s' "$a" | tail -1)" = 200 ] || die "POST /api/v1/tallies differs"
napi=$((napi + 1))
echo "t0165: $napi API requests, the same answers; $((n + napi)) compared in all, 0 differ"
