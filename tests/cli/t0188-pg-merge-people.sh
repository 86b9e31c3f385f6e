#!/bin/sh
# t0188: a merge of works keeps people's ratings and follows, in SQLite and
# in PostgreSQL (issue 18, lane L1).  Three invented articles cite three
# works each known by one identifier (a DOI, a PMID, a PMCID); people
# rate and follow them; then two more articles cite the PMID with the
# PMCID, and the DOI with the PMID, so that the second ingest merges the
# PMCID's work into the PMID's, then that into the DOI's (a chain in one
# batch).  Their ratings and follows
# must end on the kept work (the kept work's own row staying where a
# person had both; of two rows coming to one work, the first merge's),
# none left on a work that is gone, the same in SQLite and in PostgreSQL
# (the staging's journal names the merges, the shipment moves
# PostgreSQL's own rows).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/pg/cluster.sh"
. "$TOP/tests/pg/ship.sh"
. "$TOP/tests/pg/merge-people.sh"
trap 'pg_stop "$T/pg"; rm -rf "$T"' EXIT
pg_skip_without_server
pg_start "$T/pg" || die "no PostgreSQL cluster"
export XDG_STATE_HOME="$T/state"

newdb() { ship_newdb "$1"; }
PSQL="$PG_BIN/psql"
merge_people
echo "$ID: ratings and follows of merged works moved, SQLite and PostgreSQL alike"
