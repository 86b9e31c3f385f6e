#!/bin/sh
# t0135: one card per citing sentence on the corpus (issue 16).  The first
# 100 cards of "consistent with" are 100 different sentences (statement by
# statement they were far fewer: printed); paging through the whole
# search, and through the most-cited work's list, gives `total` cards,
# none twice, whose matched statements add up to `statements`; section
# facets add up to the total and a type facet's count is what selecting
# that type returns; the text output names the cited works and never
# shows citectx:0; the index passes check (its sentence keys among it).
set -u
: "${CITECTX:?}" "${SHARED:?}"
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-real.XXXXXX")
trap 'rm -rf "$T"' EXIT
DB="$T/x.db"
die() { echo "t0135: $*" >&2; exit 1; }
ctx() { "$CITECTX" --db "$DB" "$@"; }

. "$(dirname "$0")/corpus-db.sh"
corpus_db "$DB" || die "ingest failed"
ctx check >/dev/null || die "check failed"
key='.data[] | "\(.citing.id)\t\(.sentence.start)\t\(.text)"'

Q='"consistent with"'
ctx search "$Q" --limit 100 --json >"$T/cards.json" || die "search failed"
ctx search "$Q" --limit 100 --json --group statement >"$T/stmts.json" || die "search failed"
n=$(jq -r "$key" "$T/cards.json" | sort -u | wc -l)
old=$(jq -r "$key" "$T/stmts.json" | sort -u | wc -l)
echo "t0135: first 100 results of $Q: $n different sentences as cards, $old statement by statement"
[ "$(jq '.data | length' "$T/cards.json")" -eq 100 ] || die "fewer than 100 cards"
[ "$n" -eq 100 ] || die "the first 100 cards hold $n different sentences"

# every page: total cards, none twice, matched statements = statements
walk() { # name, then the command's arguments: pages of 500
	name=$1
	shift
	: >"$T/keys"
	: >"$T/matched"
	cursor=""
	while :; do
		if [ -n "$cursor" ]; then
			ctx "$@" --limit 500 --json --cursor "$cursor" >"$T/page.json" || die "$name: page failed"
		else
			ctx "$@" --limit 500 --json >"$T/page.json" || die "$name: page failed"
			total=$(jq .total "$T/page.json")
			stmts=$(jq .statements "$T/page.json")
			jq '.facets' "$T/page.json" >"$T/facets.json"
		fi
		jq -r "$key" "$T/page.json" >>"$T/keys"
		jq '[.data[].cites[] | select(.match)] | length' "$T/page.json" >>"$T/matched"
		cursor=$(jq -r '.next // empty' "$T/page.json")
		[ -n "$cursor" ] || break
	done
	got=$(wc -l <"$T/keys")
	uniq=$(sort -u "$T/keys" | wc -l)
	matched=$(awk '{ s += $1 } END { print s + 0 }' "$T/matched")
	echo "t0135: $name: $total sentences, $stmts statements; paging gave $got cards ($uniq different), $matched matched statements"
	[ "$got" -eq "$total" ] || die "$name: paging gave $got cards, total $total"
	[ "$uniq" -eq "$got" ] || die "$name: a sentence came twice"
	[ "$matched" -eq "$stmts" ] || die "$name: matched statements $matched, statements $stmts"
	[ "$(jq '.section_class | add' "$T/facets.json")" -eq "$total" ] || die "$name: section facets do not add up to the total"
}
walk "search $Q" search "$Q"
men=$(jq .type.mentioning "$T/facets.json")
[ "$(ctx search "$Q" --type mentioning --limit 1 --json | jq .total)" -eq "$men" ] ||
	die "the mentioning facet ($men) is not what selecting it returns"
top=$(ctx top --limit 1 --json | jq -r '.data[0].id')
walk "statements of $top" statements "$top"

# text: the cited works named, no dead link
ctx search "$Q" --limit 200 >"$T/text" || die "text search failed"
grep -q '^  cites: ' "$T/text" || die "text cards do not name the cited works"
grep -q 'citectx:0' "$T/text" && die "citectx:0 in the text output"
unl=$(grep -c '(not linked) ' "$T/text")
echo "t0135: text of the first 200 cards: $(grep -c '^  cites: ' "$T/text") cards naming their works, $unl unlinked references shown by their text"
exit 0
