# citus.sh — a throwaway Citus cluster for the tests (issue 18, lane L3),
# to be sourced after setting TOP (the repository's top directory).
#
# citus_start DIR starts a coordinator and two workers (DIR/coord, DIR/w1,
# DIR/w2: tests/pg/cluster.sh's clusters, on loopback ports) with Citus
# preloaded, creates the citus extension in each one's postgres database,
# and adds the workers to the coordinator.  It sets CITUS_URL (the
# coordinator's postgres database), CITUS_PORT and CITUS_WORKER_PORTS.
#
# citus_up DIR NAME is what a test calls: when CITUS_PORT is already set
# (scripts/test-citus.sh started one cluster for the whole lane and
# exported it), a new database NAME on it (citus_newdb); otherwise its own
# cluster in DIR (citus_start).  Either way CITUS_URL is the database to
# use and CITUS_DB its name; citus_stop DIR (from the caller's EXIT trap)
# stops the nodes under DIR only, never the lane's.
#
# citus_newdb NAME makes database NAME on every node, with the extension
# and the workers added in it (Citus's node list is per database).
# citus_add_worker DIR NAME starts one more worker (DIR/NAME), with the
# database CITUS_DB, and adds it (its port in CITUS_NEW_PORT).
# CITUS_DIR is the directory of the nodes in use (the lane's, exported,
# or the test's own); citus_node_stop NAME stops node NAME there (w1, w2:
# a worker lost) and citus_node_start NAME starts it again on its port
# (a test that stops a node of the lane's cluster starts it again from
# its EXIT trap: the tests after it share the cluster).
#
# The server with Citus is scripts/citus-build.sh's private copy (built
# once, cached under build/citus/); CITUS_PG_BIN, when set, names its bin
# directory and skips the build check.  citus_start and citus_up return 77
# when Citus cannot be built here (citus-build.sh has said why).
. "$TOP/tests/pg/cluster.sh"

CITUS_NODES="coord w1 w2"

citus_url() { # PORT [DB]
	echo "postgresql://postgres@127.0.0.1:$1/${2:-${CITUS_DB:-postgres}}"
}

citus_sql() { # PORT SQL: one statement on that node's database CITUS_DB
	psql -X -q -At -v ON_ERROR_STOP=1 "$(citus_url "$1")" -c "$2"
}

# max_prepared_transactions: Citus commits a transaction that wrote to
# several nodes with two-phase commit
CITUS_OPTS="-c shared_preload_libraries=citus -c max_prepared_transactions=100"

citus_node() { # DIR NAME: start one node with Citus preloaded, the extension made
	_pg_bin=$PG_BIN
	PG_BIN=$CITUS_PG_BIN
	PG_OPTS=$CITUS_OPTS
	pg_start "$1/$2"
	_rc=$?
	PG_BIN=$_pg_bin
	PG_OPTS=""
	[ "$_rc" -eq 0 ] || return 1
	psql -X -q -v ON_ERROR_STOP=1 "$(citus_url "$PG_PORT" postgres)" -c "CREATE EXTENSION citus" >/dev/null ||
		{ echo "citus.sh: CREATE EXTENSION citus failed on $2" >&2; return 1; }
}

citus_dirs() { # DIR: the nodes' user (citectx-pg, as root) walks down to DIR/NODE
	mkdir -p "$1" && chmod 755 "$1" && chmod o+x "$(dirname "$1")"
}

citus_start() { # DIR
	if [ -z "${CITUS_PG_BIN:-}" ]; then
		CITUS_PG_BIN=$(sh "$TOP/scripts/citus-build.sh") || return $?
	fi
	citus_dirs "$1" || return 1
	CITUS_WORKER_PORTS=""
	for _n in $CITUS_NODES; do
		citus_node "$1" "$_n" || return 1
		if [ "$_n" = coord ]; then
			CITUS_PORT=$PG_PORT
		else
			CITUS_WORKER_PORTS="$CITUS_WORKER_PORTS $PG_PORT"
		fi
	done
	CITUS_DB=postgres
	CITUS_DIR=$1
	citus_join || return 1
	CITUS_URL=$(citus_url "$CITUS_PORT")
	PG_URL=$CITUS_URL
	PG_PORT=$CITUS_PORT
	return 0
}

citus_join() { # the coordinator's database CITUS_DB: its host, its workers
	citus_sql "$CITUS_PORT" "SELECT citus_set_coordinator_host('127.0.0.1', $CITUS_PORT)" >/dev/null || return 1
	for _p in $CITUS_WORKER_PORTS; do
		citus_sql "$CITUS_PORT" "SELECT citus_add_node('127.0.0.1', $_p)" >/dev/null ||
			{ echo "citus.sh: citus_add_node 127.0.0.1:$_p failed" >&2; return 1; }
	done
}

citus_newdb() { # NAME
	for _p in $CITUS_PORT $CITUS_WORKER_PORTS; do
		PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 \
			"$(citus_url "$_p" postgres)" -c "CREATE DATABASE $1" &&
			psql -X -q -v ON_ERROR_STOP=1 "$(citus_url "$_p" "$1")" -c "CREATE EXTENSION citus" >/dev/null ||
			{ echo "citus.sh: database $1 on 127.0.0.1:$_p failed" >&2; return 1; }
	done
	CITUS_DB=$1
	citus_join || return 1
	CITUS_URL=$(citus_url "$CITUS_PORT")
}

citus_up() { # DIR NAME
	citus_dirs "$1" || return 1
	if [ -n "${CITUS_PORT:-}" ]; then
		citus_newdb "$2"
		return
	fi
	citus_start "$1"
}

# citus_test_up DIR NAME ID: citus_up for test ID, which ends there:
# SKIPPED (failing unless CITECTX_PG_OPTIONAL=1) when Citus cannot be
# built here, failing when the cluster does not start
citus_test_up() {
	citus_up "$1" "$2"
	_rc=$?
	if [ "$_rc" -eq 77 ]; then
		echo "SKIPPED: $3: Citus cannot be built here (above)" >&2
		[ "${CITECTX_PG_OPTIONAL:-0}" = 1 ] && exit 0
		exit 1
	fi
	[ "$_rc" -eq 0 ] || { echo "$3: no Citus cluster" >&2; exit 1; }
}

citus_add_worker() { # DIR NAME
	citus_dirs "$1" || return 1
	citus_node "$1" "$2" || return 1
	CITUS_NEW_PORT=$PG_PORT
	PG_PORT=$CITUS_PORT
	if [ "${CITUS_DB:-postgres}" != postgres ]; then
		PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 \
			"$(citus_url "$CITUS_NEW_PORT" postgres)" -c "CREATE DATABASE $CITUS_DB" &&
			citus_sql "$CITUS_NEW_PORT" "CREATE EXTENSION citus" >/dev/null || return 1
	fi
	citus_sql "$CITUS_PORT" "SELECT citus_add_node('127.0.0.1', $CITUS_NEW_PORT)" >/dev/null ||
		{ echo "citus.sh: citus_add_node 127.0.0.1:$CITUS_NEW_PORT failed" >&2; return 1; }
}

citus_node_stop() { # NAME: pg_ctl stop (fast: its sessions ended) of node NAME of CITUS_DIR
	pg_as "$CITUS_PG_BIN/pg_ctl" -D "$CITUS_DIR/$1/data" -m fast -w -t 60 stop >/dev/null 2>&1
}

citus_node_start() { # NAME: node NAME of CITUS_DIR started again, on its port
	[ -f "$CITUS_DIR/$1/data/postmaster.pid" ] && return 0
	_pg_bin=$PG_BIN
	PG_BIN=$CITUS_PG_BIN
	PG_OPTS=$CITUS_OPTS
	pg_restart "$CITUS_DIR/$1"
	_rc=$?
	PG_BIN=$_pg_bin
	PG_OPTS=""
	return $_rc
}

citus_stop() { # DIR
	for _d in "$1"/*/; do
		[ -d "$_d/data" ] && pg_stop "${_d%/}"
	done
	return 0
}
