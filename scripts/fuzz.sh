#!/bin/sh
# fuzz.sh — run each libFuzzer target for FUZZ_SECONDS (default 60) from
# its seed corpus (fuzz/corpus/<name>, written by the team), keeping what
# it learns in build/fuzz/corpus-<name>.  Prints executions and corpus
# size per target; exits 1 when a target finds a crash (saved as
# build/fuzz/crash-*).
set -u
cd "$(dirname "$0")/.."
secs=${FUZZ_SECONDS:-60}
status=0
for t in "$@"; do
	name=$(basename "$t" | sed 's/^fuzz_//')
	work="build/fuzz/corpus-$name"
	mkdir -p "$work"
	cp -n fuzz/corpus/"$name"/* "$work"/ 2>/dev/null
	log="build/fuzz/$name.log"
	if "$t" -max_total_time="$secs" -rss_limit_mb=2048 -max_len=262144 \
		-artifact_prefix=build/fuzz/crash-"$name"- "$work" >"$log" 2>&1; then
		runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -1)
		echo "fuzz $name: ${runs:-?} executions in ${secs}s, corpus $(ls "$work" | wc -l), no finding"
	else
		echo "fuzz $name: FINDING, see $log"
		status=1
	fi
done
exit $status
