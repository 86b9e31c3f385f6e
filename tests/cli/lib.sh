# lib.sh — helpers for CLI tests (git t/ style).  Each test script sources
# this, runs in a fresh temp dir, and exits non-zero on the first failure,
# naming the test id and the step.
set -u
: "${CITECTX:?set CITECTX to the binary under test}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-cli.XXXXXX")
trap 'rm -rf "$T"' EXIT
DB="$T/index.db"
ID=$(basename "$0" .sh)

die() {
	echo "$ID: $*" >&2
	exit 1
}
ctx() { "$CITECTX" --db "$DB" "$@"; }
# expect_exit CODE command... : runs, keeps stdout in $T/out, stderr in $T/err
expect_exit() {
	want=$1
	shift
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	[ "$got" -eq "$want" ] || die "'$*' exited $got, want $want; stderr: $(head -c 400 "$T/err")"
}
expect_out() { grep -q -- "$1" "$T/out" || die "stdout lacks '$1': $(head -c 400 "$T/out")"; }
expect_err() { grep -q -- "$1" "$T/err" || die "stderr lacks '$1': $(head -c 400 "$T/err")"; }
# The index must always pass its own check.
expect_check() { expect_exit 0 ctx check; }
# A one-line error on stderr, no crash report.
expect_one_line_err() {
	n=$(wc -l <"$T/err")
	[ "$n" -ge 1 ] || die "no error message"
	grep -q 'Sanitizer\|runtime error\|Segmentation' "$T/err" && die "crashed: $(head -c 400 "$T/err")"
	return 0
}
