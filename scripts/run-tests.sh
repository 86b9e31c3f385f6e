#!/bin/sh
# run-tests.sh — every test layer, then one "N passed, N failed" line.
#   unit tests (C, ASan/UBSan build), CLI tests (tests/cli, ASan build),
#   HTTP API tests (tests/api, ASan build), the browser test (tests/browser),
#   and, when ../shared/data exists, the real-data checks (tests/real).
set -u
cd "$(dirname "$0")/.." || exit 1
pass=0
fail=0
failed=""
start=$(date +%s)
run() { # name command...
	name=$1
	shift
	t0=$(date +%s)
	if "$@" >"build/test/$name.log" 2>&1; then
		pass=$((pass + 1))
		echo "ok   $name ($(($(date +%s) - t0)) s)"
	else
		fail=$((fail + 1))
		failed="$failed $name"
		echo "FAIL $name ($(($(date +%s) - t0)) s; log: build/test/$name.log)"
		tail -n 20 "build/test/$name.log" | sed 's/^/     /'
	fi
}
mkdir -p build/test
# real-data tests that take minutes (a corpus ingest into PostgreSQL with
# 1, 2 and 4 workers; 200 generated searches on PostgreSQL; the corpus on
# a Citus cluster): `make test-slow` (WITH_SLOW=1) runs them too
REAL_SLOW="t0185-pg-ingest t0195-pg-search t0200-citus-parity t0201-citus-workers"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
run unit build/test/unit
for t in tests/cli/t*.sh; do
	run "$(basename "$t" .sh)" env CITECTX="$PWD/build/test/citectx" sh "$t"
done
run api env CITECTX="$PWD/build/test/citectx" sh tests/api/run.sh
# the HTTP fuzz target's seeds and former findings, replayed under ASan
run http-replay build/test/fuzz_http-replay fuzz/corpus/http/* $(ls tests/api/fuzz/* 2>/dev/null)
run browser env CITECTX="$PWD/build/citectx" sh tests/browser/run.sh
if [ -d ../shared/data ]; then
	# t0151 and t0156 build the same baseline binary: once, here
	export SAME_CACHE="$PWD/build/same-cache"
	# one index of the corpus, copied by the tests that only need one
	# (tests/real/corpus-db.sh); t0101 and others still ingest themselves
	export CORPUS_DB="$PWD/build/test/corpus.db"
	rm -f "$CORPUS_DB" "$CORPUS_DB-wal" "$CORPUS_DB-shm"
	build/citectx --db "$CORPUS_DB" ingest ../shared/data/corpus/ei-pmc-jats.tar.gz >build/test/corpus-db.log 2>&1 ||
		{ echo "corpus index failed (build/test/corpus-db.log): the real-data tests ingest on their own"; rm -f "$CORPUS_DB"; }
	for t in tests/real/t*.sh; do
		name=$(basename "$t" .sh)
		# minutes each, outside `make test`: `make test-slow` runs them
		case " $REAL_SLOW " in *" $name "*) [ -z "${WITH_SLOW:-}" ] && continue ;; esac
		run "$name" env CITECTX="$PWD/build/citectx" SHARED="$(cd ../shared && pwd)" sh "$t"
	done
else
	echo "skip real-data checks: ../shared/data not found"
fi
echo "tests: $pass passed, $fail failed; $(($(date +%s) - start)) s"
[ "$fail" -eq 0 ]
