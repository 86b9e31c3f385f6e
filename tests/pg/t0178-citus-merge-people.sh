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
citus_test_up "$T/c" t0178 t0178
export XDG_STATE_HOME="$T/state"
newdb() {
	citus_newdb "$1" || die "no database $1"
	DBURL=$CITUS_URL
	"$CITECTX" --db "$DBURL" pg-init --citus >"$T/init" 2>&1 || die "pg-init --citus: $(cat "$T/init")"
}
PSQL=psql
merge_people
echo "t0178: ratings and follows of merged works moved on Citus as in SQLite"
