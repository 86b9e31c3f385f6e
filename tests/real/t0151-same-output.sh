#!/bin/sh
# t0151: every output of the corpus index is byte-identical to a baseline
# commit's (issue 17: restructuring must not change what anyone sees).
#
# The baseline (BASE_COMMIT, default the commit issue 17 started from) is
# built from `git archive` in a temporary tree.  Each binary indexes the
# corpus into its own index (so ingest is compared too: its summary, with
# the seconds taken masked) and answers the same list of commands (report,
# statements with facets, sorts and cursors, search, refs, top, cite, find,
# check, classify; text and JSON) and HTTP requests (API and HTML pages);
# then the API test set (tests/api/run.sh, the files the baseline had) runs
# against each binary and every response body is compared.  Values that
# differ from run to run (tokens, CSRF values, cookies, timestamps) are
# masked before comparing.
#
#   CITECTX=build/citectx SHARED=../shared sh tests/real/t0151-same-output.sh
#   SAME_CACHE=DIR keeps the baseline binary and its outputs between runs.
set -u
: "${CITECTX:?}" "${SHARED:?}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
BASE_COMMIT=${BASE_COMMIT:-e8b2994}
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-same.XXXXXX")
SPID=
trap '[ -n "$SPID" ] && kill "$SPID" 2>/dev/null; rm -rf "$T"' EXIT
die() { echo "t0151: $*" >&2; exit 1; }
CORPUS="$SHARED/data/corpus/ei-pmc-jats.tar.gz"
case "$CITECTX" in /*) ;; *) CITECTX="$PWD/$CITECTX" ;; esac

if ! git -C "$TOP" cat-file -e "$BASE_COMMIT^{commit}" 2>/dev/null; then
	echo "t0151: SKIPPED: the baseline commit $BASE_COMMIT is not in this clone (shallow?)"
	exit 0
fi
full=$(git -C "$TOP" rev-parse "$BASE_COMMIT")
C=${SAME_CACHE:-$T/cache}/$full/v3
mkdir -p "$C" || die "cannot make $C"

# the baseline (binary and outputs) is made once per cache, by one run at
# a time: others wait on the lock, then use it
exec 8>"$C/.lock"
flock 8 || die "cannot lock $C"
if [ ! -x "$C/citectx" ]; then
	rm -rf "$C/src" && mkdir -p "$C/src"
	git -C "$TOP" archive "$full" | tar -x -C "$C/src" || die "git archive $BASE_COMMIT failed"
	make -C "$C/src" -j2 build/citectx >"$C/build.log" 2>&1 || die "baseline build failed: $(tail -3 "$C/build.log")"
	cp "$C/src/build/citectx" "$C/citectx.new" && mv "$C/citectx.new" "$C/citectx"
	rm -rf "$C/src"
fi

# masks what differs from run to run: secrets, timestamps (ISO and epoch
# seconds), seconds taken; applied when comparing (the cache keeps raw outputs)
mask() {
	sed -E -e 's/[0-9a-fA-F]{16,}/<hex>/g' \
		-e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9:]+)?/<time>/g' \
		-e 's/[0-9]+(\.[0-9]+)? seconds/<n> seconds/g' \
		-e 's/(^|[^0-9])1[6-9][0-9]{8}($|[^0-9])/\1<epoch>\2/g' \
		-e 's/(ct_[a-z]+=)[A-Za-z0-9_.-]+/\1<v>/g'
}

# runs BIN over the corpus into OUT (one file per command or request)
outputs() {
	bin=$1 out=$2 db=$3
	mkdir -p "$out"
	"$bin" --db "$db" ingest "$CORPUS" >"$out/00-ingest" 2>&1
	i=0
	while IFS= read -r line; do
		case "$line" in '#'* | '') continue ;; esac
		i=$((i + 1))
		eval "set -- $line"
		{
			"$bin" --db "$db" "$@" 2>&1
			echo "exit $?"
		} >"$out/cmd-$(printf %03d $i)"
		printf '%s\n' "$line" >>"$out/commands"
	done <"$T/commands"
	"$bin" --db "$db" serve --port 0 --threads 2 --base-url http://citectx.test --request-timeout 60000 2>"$out/serve.log" &
	SPID=$!
	for _ in $(seq 100); do grep -q 'listening on' "$out/serve.log" && break; sleep 0.1; done
	port=$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\)\/.*/\1/p' "$out/serve.log")
	[ -n "$port" ] || die "$bin: server did not start: $(cat "$out/serve.log")"
	i=0
	while IFS= read -r url; do
		case "$url" in '#'* | '') continue ;; esac
		i=$((i + 1))
		curl -s -o "$T/body" -w '%{http_code} %{content_type}\n' "http://127.0.0.1:$port$url" >"$T/status"
		cat "$T/status" "$T/body" >"$out/url-$(printf %03d $i)"
	done <"$T/urls"
	kill "$SPID" && wait "$SPID" 2>/dev/null
	SPID=
	# cursor walks: four pages of a work's statements and of a search
	for walk in "statements $W1" "search random*"; do
		cursor=
		for p in 1 2 3 4; do
			# shellcheck disable=SC2086
			"$bin" --db "$db" $walk --json --limit 30 ${cursor:+--cursor "$cursor"} >"$T/page" 2>&1
			cp "$T/page" "$out/walk-${walk%% *}-$p"
			cursor=$(jq -r '.next // empty' "$T/page")
			[ -n "$cursor" ] || break
		done
	done
	# the API test set, the files the baseline had
	mkdir -p "$out/api"
	CITECTX="$bin" API_SAVE="$out/api.raw" sh "$TOP/tests/api/run.sh" >"$out/api.log" 2>&1
	for id in $(cat "$T/api-ids"); do
		[ -f "$out/api.raw/$id" ] && cp "$out/api.raw/$id" "$out/api/$id"
	done
	rm -rf "$out/api.raw" "$db" "$db-wal" "$db-shm"
}

# the commands and requests: the work IDs are the corpus's own (most cited
# works, a citing article), found with the baseline binary's top
"$C/citectx" --db "$T/probe.db" ingest "$CORPUS" >/dev/null 2>&1 || die "baseline ingest failed"
W1=$("$C/citectx" --db "$T/probe.db" top --limit 1 --json | jq -r '.data[0].id')
W2=$("$C/citectx" --db "$T/probe.db" top --limit 5 --json | jq -r '.data[4].id')
P1=$("$C/citectx" --db "$T/probe.db" statements "$W1" --limit 1 --json | jq -r '.data[0].citing.id')
rm -f "$T"/probe.db*
[ -n "$W1" ] && [ -n "$P1" ] || die "no work to ask about"
FE=$(printf '%s' "$W1" | jq -sRr @uri)
FP=$(printf '%s' "$P1" | jq -sRr @uri)
FW2=$(printf '%s' "$W2" | jq -sRr @uri)

cat >"$T/commands" <<EOF
report '$W1'
report '$W1' --json
report '$W2' --json
report '$P1'
statements '$W1'
statements '$W1' --json --limit 100
statements '$W1' --json --type contrasting
statements '$W1' --json --section discussion --sort oldest
statements '$W1' --json --from-year 2010 --to-year 2015 --sort confidence
statements '$W1' --json --self exclude --group statement --limit 500
statements '$W2' --json --sort newest --limit 7
statements '$W2' --json --sort relevance
statements '$W1' parkinson --json
statements '$W1' --type support
statements '$W1' --from-year 2015 --to-year 2010
search '"consistent with"' --limit 50
search '"consistent with"' --limit 50 --json
search '"not consistent with"' --limit 200 --json --group statement
search 'COVID-19 OR SF-36' --json --sort newest
search 'IL-1β' --json
search "Alzheimer's" --json --limit 30
search 'p<0.05' --json --limit 10
search 'random* NOT placebo' --json --limit 40 --type supporting
search 'quality of life' --json --section methods --pubtype research-article
search 'depress*' --json --sort confidence --limit 25
search 'the OR the OR the OR the OR the OR the OR the OR the OR the OR the OR the OR the OR the'
search '"unterminated'
refs '$P1'
refs '$P1' --json
top --limit 40
top --limit 40 --json
cite '$W1' --format bibtex
cite '$W1' --format ris
cite '$W1' --format csl-json
cite '$W1' --format apa
find '$W1' --json
find parkinson --json
find 'mini mental state' --limit 5
find 'folstein 1975' --json
find 'pmid:1202204'
find 'https://doi.org/$W2'
check
classify 'Our findings were not consistent with those of Smith et al. [21].'
classify 'These results agree with the earlier trial [3].' --json
report 'pmid:999999999999'
report 1202204
EOF

cat >"$T/urls" <<EOF
/
/search?q=%22consistent+with%22
/search?q=COVID-19
/search?q=10.1016/0022-3956(75)90026-6
/search?q=parkinson&type=contrasting&section=discussion
/works/$FE
/works/$FE?type=supporting&from_year=2005
/works/$FE?q=dementia
/works/$FP
/works/$FW2?sort=oldest
/works/pmid:1202204?from_year=abc
/nosuchpage
/api/v1/works/$FE
/api/v1/works/$FE/statements?limit=100
/api/v1/works/$FE/statements?type=mentioning&sort=confidence&limit=20
/api/v1/works/$FE/statements?group=statement&limit=200
/api/v1/works/$FE/tallies
/api/v1/works/$FE/cite?format=bibtex
/api/v1/works/$FP/references
/api/v1/works/$FW2/statements?section=introduction
/api/v1/search?q=%22consistent+with%22&limit=100
/api/v1/search?q=random*+NOT+placebo&limit=50&sort=newest
/api/v1/search?q=%22unterminated
/api/v1/top?limit=50
/api/v1/works?q=parkinson
/api/v1/works?q=$FE
/api/v1/works/pmid:999999999999
/static/style.css
/healthz
/account
EOF

git -C "$TOP" ls-tree --name-only "$full" tests/api/data/ | sed 's,.*/,,' >"$T/api-ids"
[ -s "$T/api-ids" ] || die "no API test files at $BASE_COMMIT"

if [ ! -f "$C/outputs/done" ] || ! cmp -s "$T/commands" "$C/outputs/commands.in" ||
	! cmp -s "$T/urls" "$C/outputs/urls.in"; then
	rm -rf "$C/outputs" "$C/outputs.new"
	outputs "$C/citectx" "$C/outputs.new" "$T/base.db"
	cp "$T/commands" "$C/outputs.new/commands.in"
	cp "$T/urls" "$C/outputs.new/urls.in"
	: >"$C/outputs.new/done"
	mv "$C/outputs.new" "$C/outputs"
fi
flock -u 8
outputs "$CITECTX" "$T/new" "$T/new.db"

n=0
bad=0
for f in "$C/outputs"/00-ingest "$C/outputs"/cmd-* "$C/outputs"/url-* "$C/outputs"/walk-* "$C/outputs"/api/*; do
	rel=${f#"$C/outputs/"}
	n=$((n + 1))
	mask <"$f" >"$T/a"
	mask <"$T/new/$rel" >"$T/b" 2>/dev/null
	if ! cmp -s "$T/a" "$T/b"; then
		bad=$((bad + 1))
		case "$rel" in
		cmd-*) what=$(sed -n "$(echo "${rel#cmd-}" | sed 's/^0*//')p" "$C/outputs/commands") ;;
		url-*) what=$(grep -v '^#' "$T/urls" | sed -n "$(echo "${rel#url-}" | sed 's/^0*//')p") ;;
		*) what=$rel ;;
		esac
		echo "t0151: DIFFERS: $what ($rel)"
		diff "$T/a" "$T/b" 2>&1 | head -c 1500
		echo
	fi
done
napi=$(ls "$C/outputs/api" | wc -l)
echo "t0151: $n outputs compared ($(wc -l <"$C/outputs/commands") commands, $(grep -vc '^#' "$T/urls") requests, $napi API test responses) against $BASE_COMMIT: $bad differ"
[ "$napi" -ge 100 ] || die "only $napi API test responses saved"
[ "$bad" -eq 0 ] || die "$bad outputs differ from $BASE_COMMIT"
