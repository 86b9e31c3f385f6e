#!/bin/sh
# t0178: a merge of works keeps people's ratings and follows on Citus
# (issue 18, lane L3): tests/cli/t0188's steps (tests/pg/merge-people.sh)
# with the index made by `pg-init --citus`, where ratings and follows are
# reference tables and the shipment moves them inside its distributed
# transaction.  Run by `make test-citus`.
. "$(dirname "$0")/../cli/lib.sh"
. "$TOP/tests/pg/citus.sh"
. "$TOP/tests/pg/merge-people.sh"
trap 'citus_stop "$T/c"; rm -rf "$T"' EXIT
citus_up "$T/c" t0178
rc=$?
if [ "$rc" -eq 77 ]; then
	echo "SKIPPED: t0178: Citus cannot be built here (above)" >&2
	[ "${CITECTX_PG_OPTIONAL:-0}" = 1 ] && exit 0
	exit 1
fi
[ "$rc" -eq 0 ] || die "no Citus cluster"
export XDG_STATE_HOME="$T/state"
newdb() {
	citus_newdb "$1" || die "no database $1"
	DBURL=$CITUS_URL
	"$CITECTX" --db "$DBURL" pg-init --citus >"$T/init" 2>&1 || die "pg-init --citus: $(cat "$T/init")"
}
PSQL=psql
merge_people
echo "t0178: ratings and follows of merged works moved on Citus as in SQLite"
