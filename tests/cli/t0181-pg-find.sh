#!/bin/sh
# t0181: find on PostgreSQL (issue 18): the demo index is loaded into a
# throwaway PostgreSQL cluster with pg-load (works_text with the lexemes
# of works_fts's own tokenizer), and a list of finds — title words,
# phrases, prefixes, authors, surname + year, journals, diacritics, words
# FTS5 cuts (Mini-Mental, 52-week), identifiers in every form (DOI, its
# URL, pmid:, pmcid:, bare PMID and PMCID, citectx:), nothing found, bad
# input — prints the same bytes and exits the same from SQLite and from
# PostgreSQL, as JSON and text, at several limits (the ranking: bm25 to
# the bit, then citations), and through GET /api/v1/works?q=.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/pg/cluster.sh"
SA= SB=
trap '[ -n "$SA" ] && kill "$SA" 2>/dev/null; [ -n "$SB" ] && kill "$SB" 2>/dev/null; pg_stop "$T/pg"; rm -rf "$T"' EXIT
pg_skip_without_server
pg_start "$T/pg" || die "no PostgreSQL cluster"
expect_exit 0 ctx ingest "$TOP/tests/data/demo"
expect_exit 0 "$CITECTX" --db "$PG_URL" pg-load "$DB"

n=0 found=0
same() { # the command's arguments: same stdout, stderr, exit code
	"$CITECTX" --db "$DB" "$@" >"$T/a.out" 2>"$T/a.err"
	ra=$?
	"$CITECTX" --db "$PG_URL" "$@" >"$T/b.out" 2>"$T/b.err"
	rb=$?
	[ "$ra" -eq "$rb" ] || die "'$*': exit $ra from SQLite, $rb from PostgreSQL: $(head -c 300 "$T/b.err")"
	cmp -s "$T/a.out" "$T/b.out" || die "'$*': stdout differs: $(diff "$T/a.out" "$T/b.out" | head -6)"
	cmp -s "$T/a.err" "$T/b.err" || die "'$*': stderr differs: $(diff "$T/a.err" "$T/b.err" | head -6)"
	n=$((n + 1))
}

cat >"$T/queries" <<'Q'
migraine
velorastat
episodic migraine
migraine prevention
invented
Invented Headache Review
Journal of Invented Placebo
journal of invented clinical trials
placebo
velo
vel
pharmaco
sleep quality
52-week
Long-term safety
Okafor
okafor 2019
Okafor 2020
Lindqvist Maja
Pereira
Achterberg
Exampleland
Exampleland Medicines Agency
Delacroix Jean-Marc
Jean-Marc
trial 2021
migraine 2020
randomized controlled
"episodic migraine"
(2019) migraine
Velorastat: a
the of and
rodent
Mbeki
Ferreira Tanaka
neurovascular tone
bioequivalence
Pharmacology
méthodes
Größe
café
questionnaire headache
zzzzunknownword
migraine zzzzunknownword
“
— —
10.5555/citectx-demo.01
doi:10.5555/citectx-demo.02
https://doi.org/10.5555/citectx-demo.03
https://doi.org/10.5555%2Fcitectx-demo.01
DOI:10.5555/CITECTX-DEMO.01
10.5555/citectx-ext.004
10.5555/nosuchwork
pmid:90000001
90000002
80000004
pmcid:PMC9900001
PMC9900003
pmc9900002
pmid:12345
12345
2019
citectx:1
citectx:999999
Q
while IFS= read -r q; do
	same find "$q" --json
	[ "$ra" -eq 0 ] && [ "$(jq '.data | length' "$T/a.out")" -gt 0 ] && found=$((found + 1))
	same find "$q"
	same find "$q" --limit 1 --json
	same find "$q" --limit 3
done <"$T/queries"
[ "$found" -ge 45 ] || die "SQLite found works for $found queries only: the list proves little"
# bad input: the same one-line errors
same find "" --json
same find "   " --json
same find "$(printf 'w%.0s ' $(seq 40))" --json
same find migraine --limit 0 --json
same find migraine --limit 100000 --json
# the ranking matters: citations and relevance, not the id order
"$CITECTX" --db "$PG_URL" find "migraine" --limit 50 --json | jq -c '[.data[].id]' >"$T/r"
jq -c 'sort' "$T/r" >"$T/s"
cmp -s "$T/r" "$T/s" && die "find migraine lists works in id order: the rank is not tested"
# an identifier jumps to its work; surname + year narrows to the year
"$CITECTX" --db "$PG_URL" find "https://doi.org/10.5555/citectx-demo.02" --json >"$T/o"
[ "$(jq -r '.match + " " + .data[0].doi' "$T/o")" = "doi 10.5555/citectx-demo.02" ] || die "DOI URL: $(head -c 300 "$T/o")"
"$CITECTX" --db "$PG_URL" find "pmcid:PMC9900001" --json >"$T/o"
[ "$(jq -r '.match + " " + .data[0].pmcid' "$T/o")" = "pmcid PMC9900001" ] || die "pmcid: $(head -c 300 "$T/o")"
"$CITECTX" --db "$PG_URL" find "Okafor 2019" --json >"$T/o"
[ "$(jq '[.data[].year] | unique | length' "$T/o")" -le 1 ] || die "surname + year: years $(jq -c '[.data[].year]' "$T/o")"
echo "$ID: $n finds byte-identical from SQLite and PostgreSQL"

# the API: the same bodies from each backend's server
. "$TOP/tests/pg/pair.sh"
start "$DB" PA SA
start "$PG_URL" PB SB
for q in migraine 'episodic+migraine' 'okafor+2019' 'vel' 'Invented+Headache+Review' \
	'10.5555%2Fcitectx-demo.01' 'pmid%3A90000001' 'PMC9900003' 'zzzzunknownword'; do
	api "/api/v1/works?q=$q"
	api "/api/v1/works?q=$q&limit=2"
done
api "/api/v1/works?q=" 400
api "/search?q=migraine"
api "/search?q=okafor+2019"
api "/search?q=10.5555%2Fcitectx-demo.01" 303
echo "$ID: $napi API finds byte-identical"
