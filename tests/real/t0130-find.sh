#!/bin/sh
# t0130: finding works on the corpus (issue 16).  The Mini-Mental State
# paper by its DOI (bare, doi.org URL) and by pmid:1202204; title
# fragments of corpus works (5 words from the middle of the title of
# every 40th indexed work with a title of 8 words or more, chosen here
# from the index) find their work in the top 3 (at least 90%: some
# fragments are generic, "in the Treatment of Patients"); a first author's
# surname with the year finds the work in the top 10 (at least 75%:
# "Lee 2013" is 197 works, ranked by citations); check passes.
# Prints the rates (docs/QUALITY.md).
set -u
: "${CITECTX:?}" "${SHARED:?}"
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-real.XXXXXX")
trap 'rm -rf "$T"' EXIT
DB=${FIND_DB:-$T/x.db}
die() { echo "t0130: $*" >&2; exit 1; }
ctx() { "$CITECTX" --db "$DB" "$@"; }
command -v sqlite3 >/dev/null || die "sqlite3 not installed"

. "$(dirname "$0")/corpus-db.sh"
[ -s "$DB" ] || corpus_db "$DB" || die "ingest failed"
ctx check >/dev/null || die "check failed"

first() { ctx find "$@" --json | jq -r '.data[0].id // empty'; }
mmse=$(first pmid:1202204)
[ -n "$mmse" ] || die "pmid:1202204 finds nothing"
for q in '10.1016/0022-3956(75)90026-6' 'doi:10.1016/0022-3956(75)90026-6' \
	 'https://doi.org/10.1016/0022-3956(75)90026-6' 1202204; do
	[ "$(first "$q")" = "$mmse" ] || die "$q does not find the work pmid:1202204 finds"
done
ctx find pmid:1202204 --json | jq -e '.data[0].title | test("mini-mental state"; "i")' >/dev/null ||
	die "pmid:1202204 is not the Mini-Mental State paper"
[ "$(first Folstein 1975)" = "$mmse" ] || die "Folstein 1975 does not find it first"

# title fragments: id, fragment (tab-separated)
sqlite3 -separator '	' "$DB" "SELECT id, title FROM works WHERE indexed = 1
  AND title <> '' ORDER BY id" |
awk -F '\t' 'NR % 40 == 1 { n = split($2, w, " "); if (n < 8) next;
	s = int((n - 5) / 2) + 1; f = w[s];
	for (i = s + 1; i < s + 5; i++) f = f " " w[i];
	print $1 "\t" f }' >"$T/frags"
total=0 top3=0
while IFS='	' read -r id frag; do
	total=$((total + 1))
	got=$(ctx find "$frag" --limit 3 --json | jq -r '.data[].id' | tr '\n' ' ')
	want=$(sqlite3 "$DB" "SELECT coalesce(doi, 'pmid:' || pmid, pmcid, 'citectx:' || id) FROM works WHERE id = $id")
	case " $got" in *" $want "*) top3=$((top3 + 1)) ;; *) echo "  not in top 3: '$frag' ($want)" ;; esac
done <"$T/frags"
[ "$total" -ge 50 ] || die "only $total title fragments"
echo "t0130: title fragments: $top3 of $total in the top 3"
[ $((top3 * 100)) -ge $((total * 90)) ] || die "title fragments: $top3 of $total in the top 3, want 90%"

# first author's surname and year
sqlite3 -separator '	' "$DB" "SELECT w.id, a.surname, w.year FROM works w
  JOIN authors a ON a.work = w.id AND a.pos = 0 WHERE w.indexed = 1
  AND w.year IS NOT NULL AND a.surname <> '' ORDER BY w.id" |
awk -F '\t' 'NR % 40 == 1' >"$T/names"
total=0 top10=0
while IFS='	' read -r id name year; do
	total=$((total + 1))
	want=$(sqlite3 "$DB" "SELECT coalesce(doi, 'pmid:' || pmid, pmcid, 'citectx:' || id) FROM works WHERE id = $id")
	got=$(ctx find "$name $year" --json | jq -r '.data[].id' | tr '\n' ' ')
	case " $got" in *" $want "*) top10=$((top10 + 1)) ;; esac
done <"$T/names"
echo "t0130: surname and year: $top10 of $total in the top 10"
[ $((top10 * 100)) -ge $((total * 75)) ] || die "surname and year: $top10 of $total in the top 10, want 75%"
echo "t0130: ok"
