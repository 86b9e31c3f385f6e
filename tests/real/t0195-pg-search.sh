#!/bin/sh
# t0195: search on PostgreSQL against SQLite on the corpus (issue 18, the
# search part of "Parity"): the corpus index loaded with pg-load (each
# indexed text's tsvector from FTS5's own tokens) answers
#   * a list of searches (words, phrases, prefixes, NOT, OR, terms the two
#     parsers cut differently, facets, sorts, groupings, bad queries) with
#     the same stdout, stderr and exit code;
#   * 200 queries generated deterministically from the index's own
#     vocabulary (statements_fts's terms through fts5vocab, and word pairs
#     of its texts): words, two words, phrases, prefixes, NOT, OR.  For each,
#     the whole match set in relevance order (every statement, walked by
#     cursor to the end) is identical, and the
#     scores are identical: a relevance cursor holds its row's score to 17
#     significant digits (bm25() times the confidence/recency factor), and
#     the first three rows of each query are walked one by one, so each of
#     their scores is compared exactly (stricter than 1e-9).
#
#   CITECTX=build/citectx SHARED=../shared sh tests/real/t0195-pg-search.sh
set -u
: "${CITECTX:?}" "${SHARED:?}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-t0195.XXXXXX")
. "$TOP/tests/pg/cluster.sh"
. "$TOP/tests/real/corpus-db.sh"
trap 'pg_stop "$T/pg"; rm -rf "$T"' EXIT
die() { echo "t0195: $*" >&2; exit 1; }
case "$CITECTX" in /*) ;; *) CITECTX="$PWD/$CITECTX" ;; esac
if [ ! -x "$PG_BIN/initdb" ] && [ "${CITECTX_PG_OPTIONAL:-0}" = 1 ]; then
	echo "SKIPPED: t0195: no PostgreSQL server binaries (scripts/install-deps.sh installs postgresql-15)"
	exit 0
fi
DB="$T/c.db"
corpus_db "$DB"
pg_start "$T/pg" || die "no PostgreSQL cluster"
"$CITECTX" --db "$PG_URL" pg-load "$DB" >"$T/load" 2>&1 || die "pg-load: $(cat "$T/load")"
lite() { sqlite3 "$DB" "$1"; }

# ---- the list ---------------------------------------------------------------
cat >"$T/list" <<'LIST'
search aspirin --json
search aspirin
search COVID-19 --json
search SARS-CoV-2 --group statement --json
search "'randomized controlled trial'" --json
search "'meta-analysis'" --sort confidence --json
search 'cardio*' --json
search "'heart fail'*" --json
search 'aspirin NOT placebo' --json
search 'statin OR aspirin OR metformin' --group statement --json
search '(statin OR aspirin) AND mortality' --json
search 'IL-6' --json
search 'p<0.05' --json
search aspirin --type supporting --json
search aspirin --type contrasting --type supporting --section discussion --json
search mortality --from-year 2015 --to-year 2018 --sort oldest --json
search mortality --self exclude --journal-self exclude --json
search mortality --pubtype review-article --json
search 'the of and in' --limit 100 --json
search zzzznotaword --json
search '"unclosed'
search 'aspirin AND'
search ''
LIST
n=0 d=0
while IFS= read -r line; do
	eval "set -- $line"
	a=$("$CITECTX" --db "$DB" "$@" 2>&1; echo "exit $?")
	b=$("$CITECTX" --db "$PG_URL" "$@" 2>&1; echo "exit $?")
	n=$((n + 1))
	if [ "$a" != "$b" ]; then
		d=$((d + 1))
		echo "t0195: differs: $line" >&2
		printf '%s\n' "$a" >"$T/a" && printf '%s\n' "$b" >"$T/b"
		diff "$T/a" "$T/b" | head -6 >&2
	fi
done <"$T/list"
echo "t0195: $n searches of the list, $d differ"
[ "$d" -eq 0 ] || exit 1

# ---- 200 generated queries --------------------------------------------------
# words: statements_fts's terms of letters only, in 20..5000 texts, every
# k-th in term order; pairs: two adjacent words of every 997th text
lite "CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, statements_fts, row);
SELECT term FROM temp.v WHERE doc BETWEEN 20 AND 5000 AND length(term) >= 4
AND term NOT GLOB '*[^a-z]*' ORDER BY term" >"$T/terms"
nt=$(wc -l <"$T/terms")
[ "$nt" -ge 400 ] || die "only $nt terms"
awk -v n="$nt" 'NR % int(n / 400) == 0' "$T/terms" | head -400 >"$T/w"
lite "SELECT text FROM statements WHERE ctx = 0 AND id % 997 = 1 ORDER BY id LIMIT 200" |
	tr -cs 'A-Za-z' '\n' | awk 'length($0) >= 4 { if (p != "") print tolower(p) " " tolower($0); p = $0; next } { p = "" }' |
	awk 'NR % 7 == 0' | head -40 >"$T/pairs"
[ "$(wc -l <"$T/pairs")" -ge 40 ] || die "only $(wc -l <"$T/pairs") word pairs"
w() { sed -n "${1}p" "$T/w"; }
{
	for i in $(seq 1 50); do w "$i"; done
	for i in $(seq 51 2 110); do echo "$(w "$i") $(w $((i + 150)))"; done
	sed 's/.*/"&"/' "$T/pairs"
	for i in $(seq 111 140); do echo "$(w "$i" | cut -c1-5)*"; done
	for i in $(seq 141 165); do echo "$(w "$i") NOT $(w $((i + 100)))"; done
	for i in $(seq 166 190); do echo "$(w "$i") OR $(w $((i + 100)))"; done
} >"$T/gen"
[ "$(wc -l <"$T/gen")" -eq 200 ] || die "$(wc -l <"$T/gen") generated queries, want 200"

# every page of a walk, one JSON a line: ids and the cursor (the score)
walk() { # DB QUERY SORT LIMIT MAXPAGES
	cur= k=0
	while :; do
		"$CITECTX" --db "$1" search "$2" --group statement --sort "$3" --limit "$4" ${cur:+--cursor "$cur"} --json >"$T/page" 2>&1 ||
			{ echo "error: $(cat "$T/page")"; return; }
		jq -c '{ids: [.data[].id], next}' "$T/page"
		cur=$(jq -r '.next // empty' "$T/page")
		k=$((k + 1))
		[ -n "$cur" ] && [ "$k" -lt "$5" ] || break
	done
}
g=0 found=0 scored=0
while IFS= read -r q; do
	g=$((g + 1))
	for spec in "relevance 1000 1000" "relevance 1 3"; do
		set -- $spec
		walk "$DB" "$q" "$1" "$2" "$3" >"$T/ga"
		walk "$PG_URL" "$q" "$1" "$2" "$3" >"$T/gb"
		grep -q '^error' "$T/ga" && die "query $g ($q): SQLite: $(cat "$T/ga")"
		cmp -s "$T/ga" "$T/gb" || die "query $g ($q), $1 by $2: differs: $(diff "$T/ga" "$T/gb" | head -4 | cut -c1-300)"
		[ "$2" = 1 ] && scored=$((scored + $(grep -c '"ids":\[[0-9]' "$T/ga")))
	done
	[ "$(head -c 9 "$T/ga")" = '{"ids":[]' ] || found=$((found + 1))
done <"$T/gen"
echo "t0195: $g generated queries ($found with matches): the same match sets, relevance orders and scores ($scored scores compared exactly)"
[ "$found" -ge 150 ] || die "only $found of the generated queries match anything: the comparison proves little"
