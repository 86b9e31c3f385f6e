#!/bin/sh
# search.sh DB — issue 5 acceptance on the real corpus, run by t0101 on
# the index it built: search with facets, every facet count equal to what
# the same filters return, cursor paging through everything exactly once,
# sorts.  Data-driven: it holds whatever types the classifier assigns.
set -u
DB=$1
: "${CITECTX:?}"
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-search.XXXXXX")
trap 'rm -rf "$T"' EXIT
die() { echo "search.sh: $*" >&2; exit 1; }
# statement by statement (--group statement): these are the per-statement
# checks of issue 5; tests/real/t0135-cards.sh checks the sentence cards
ctx() {
	if [ "$1" = search ]; then
		shift
		set -- search --group statement "$@"
	fi
	"$CITECTX" --db "$DB" "$@"
}
Q='"consistent with"'
total() { grep -o '"total":[0-9]*' "$1" | head -n 1 | cut -d: -f2; }
# facet FILE DIM VALUE -> count (0 when absent)
facet() {
	n=$(sed -n "s/.*\"facets\":.*\"$2\":{[^}]*\"$3\":\([0-9]*\).*/\1/p" "$1")
	echo "${n:-0}"
}
# walk OUT ARGS... : every page of 1000, ids to OUT, one per line
walk() {
	out=$1
	shift
	: >"$out"
	cursor=""
	while :; do
		if [ -n "$cursor" ]; then
			ctx search "$Q" "$@" --limit 1000 --json --cursor "$cursor" >"$T/page" || die "page failed: $*"
		else
			ctx search "$Q" "$@" --limit 1000 --json >"$T/page" || die "search failed: $*"
		fi
		grep -o '{"id":[0-9]*,"citing"' "$T/page" | sed 's/[^0-9]//g' >>"$out"
		cursor=$(sed -n 's/.*"next":"\([^"]*\)".*/\1/p' "$T/page")
		[ -n "$cursor" ] || break
	done
}

ctx search "$Q" --json --limit 5 >"$T/all" || die "search failed"
N=$(total "$T/all")
[ "$N" -gt 1000 ] || die "only $N statements say $Q"
grep -q '"highlight":\[{"start":' "$T/all" || die "no highlights"
# each indexed text stands for its run of statements (schema.c migration 8)
M=$(sqlite3 "$DB" "SELECT count(*) FROM statements WHERE id - ctx IN (SELECT rowid FROM statements_fts WHERE statements_fts MATCH '\"consistent with\"')")
[ "$N" -eq "$M" ] || die "total $N, SQLite counts $M"

# acceptance 1: --type supporting (and every other type) returns its
# statements and facet counts; the count equals the facet of the query
for t in supporting contrasting mentioning unclassified; do
	ctx search "$Q" --type $t --json --limit 3 >"$T/t" || die "--type $t failed"
	grep -q '"facets":{"type":{' "$T/t" || die "--type $t: no facets"
	[ "$(total "$T/t")" -eq "$(facet "$T/all" type $t)" ] || die "--type $t: total $(total "$T/t") != facet $(facet "$T/all" type $t)"
	if [ "$(total "$T/t")" -gt 0 ]; then
		grep -q "\"type\":\"$t\"" "$T/t" || die "--type $t returned none"
	fi
done

# acceptance 2: facet counts equal the counts the same filters return
for s in introduction methods results discussion other; do
	ctx search "$Q" --section $s --json --limit 1 >"$T/s" || die "--section $s"
	[ "$(total "$T/s")" -eq "$(facet "$T/all" section_class $s)" ] || die "--section $s: $(total "$T/s") != $(facet "$T/all" section_class $s)"
done
ctx search "$Q" --from-year 2015 --json --limit 1 >"$T/f" || die "--from-year"
for p in research-article review-article; do
	ctx search "$Q" --from-year 2015 --pubtype $p --json --limit 1 >"$T/p" || die "--pubtype $p"
	[ "$(total "$T/p")" -eq "$(facet "$T/f" pubtype $p)" ] || die "--pubtype $p: $(total "$T/p") != $(facet "$T/f" pubtype $p)"
done
ctx search "$Q" --from-year 2015 --self only --json --limit 1 >"$T/x" || die "--self only"
[ "$(total "$T/x")" -eq "$(facet "$T/f" self true)" ] || die "--self only: $(total "$T/x") != $(facet "$T/f" self true)"
ctx search "$Q" --section discussion --json --limit 1 >"$T/d" || die "--section discussion"
ctx search "$Q" --section discussion --from-year 2012 --to-year 2012 --json --limit 1 >"$T/y" || die "year 2012"
[ "$(total "$T/y")" -eq "$(facet "$T/d" year 2012)" ] || die "year 2012: $(total "$T/y") != $(facet "$T/d" year 2012)"

# paging with cursor through all results returns each exactly once, for
# every sort; a filtered walk returns exactly its facet count
for sort in relevance newest oldest confidence; do
	walk "$T/ids" --sort $sort
	[ "$(wc -l <"$T/ids")" -eq "$N" ] || die "--sort $sort: walked $(wc -l <"$T/ids") of $N"
	[ "$(sort -u "$T/ids" | wc -l)" -eq "$N" ] || die "--sort $sort: a statement came twice"
done
walk "$T/ids" --section methods --sort newest
[ "$(wc -l <"$T/ids")" -eq "$(facet "$T/all" section_class methods)" ] || die "methods walk"

# sorts: citing years never go up (newest) / down (oldest) down a page
for sort in newest oldest; do
	ctx search "$Q" --sort $sort --limit 1000 --json | grep -o '"year":[0-9]*,"journal"\|"title":"[^"]*","year":[0-9]*}' |
		sed 's/.*"year":\([0-9]*\).*/\1/' >"$T/years"
	if [ $sort = newest ]; then sort -rn -c "$T/years" || die "newest out of order"; fi
	if [ $sort = oldest ]; then sort -n -c "$T/years" || die "oldest out of order"; fi
	[ "$(wc -l <"$T/years")" -eq 1000 ] || die "$sort: $(wc -l <"$T/years") years read"
done

# a bad query is a usage error that names it
ctx search 'consistent AND' >/dev/null 2>"$T/err" && die "bad query accepted"
[ $? -eq 2 ] || die "bad query: exit not 2"
grep -q 'AND at character 12 has no term after it' "$T/err" || die "bad query message: $(cat "$T/err")"
exit 0
