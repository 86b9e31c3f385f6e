# citus.sh — a throwaway Citus cluster for the tests (issue 18, lane L3),
# to be sourced after setting TOP (the repository's top directory).
#
# citus_start DIR starts a coordinator and two workers (DIR/coord, DIR/w1,
# DIR/w2: tests/pg/cluster.sh's clusters, on loopback ports) with Citus
# preloaded, creates the citus extension in each one's postgres database,
# and adds the workers to the coordinator.  It sets CITUS_URL (the
# coordinator's postgres database), CITUS_PORT and CITUS_WORKER_PORTS.
# citus_add_worker DIR NAME starts one more worker (DIR/NAME) and adds it
# (its port in CITUS_NEW_PORT).  citus_stop DIR stops every node under DIR
# (call it from the caller's EXIT trap).
#
# The server with Citus is scripts/citus-build.sh's private copy (built
# once, cached under build/citus/); CITUS_PG_BIN, when set, names its bin
# directory and skips the build check.  citus_start returns 77 when Citus
# cannot be built here (citus-build.sh has said why, "SKIPPED: ...").
. "$TOP/tests/pg/cluster.sh"

CITUS_NODES="coord w1 w2"

citus_sql() { # PORT SQL: one statement on that node's postgres database
	psql -X -q -At -v ON_ERROR_STOP=1 "postgresql://postgres@127.0.0.1:$1/postgres" -c "$2"
}

citus_node() { # DIR NAME: start one node with Citus preloaded, the extension made
	_pg_bin=$PG_BIN
	PG_BIN=$CITUS_PG_BIN
	# max_prepared_transactions: Citus commits a transaction that wrote
	# to several nodes with two-phase commit
	PG_OPTS="-c shared_preload_libraries=citus -c max_prepared_transactions=100"
	pg_start "$1/$2"
	_rc=$?
	PG_BIN=$_pg_bin
	PG_OPTS=""
	[ "$_rc" -eq 0 ] || return 1
	citus_sql "$PG_PORT" "CREATE EXTENSION citus" >/dev/null ||
		{ echo "citus.sh: CREATE EXTENSION citus failed on $2" >&2; return 1; }
}

citus_start() { # DIR
	if [ -z "${CITUS_PG_BIN:-}" ]; then
		CITUS_PG_BIN=$(sh "$TOP/scripts/citus-build.sh") || return $?
	fi
	# the nodes' user (citectx-pg, as root) walks down to DIR/NODE
	mkdir -p "$1" && chmod 755 "$1" && chmod o+x "$(dirname "$1")" || return 1
	CITUS_WORKER_PORTS=""
	for _n in $CITUS_NODES; do
		citus_node "$1" "$_n" || return 1
		if [ "$_n" = coord ]; then
			CITUS_PORT=$PG_PORT
		else
			CITUS_WORKER_PORTS="$CITUS_WORKER_PORTS $PG_PORT"
		fi
	done
	citus_sql "$CITUS_PORT" "SELECT citus_set_coordinator_host('127.0.0.1', $CITUS_PORT)" >/dev/null || return 1
	for _p in $CITUS_WORKER_PORTS; do
		citus_sql "$CITUS_PORT" "SELECT citus_add_node('127.0.0.1', $_p)" >/dev/null ||
			{ echo "citus.sh: citus_add_node 127.0.0.1:$_p failed" >&2; return 1; }
	done
	CITUS_URL="postgresql://postgres@127.0.0.1:$CITUS_PORT/postgres"
	PG_URL=$CITUS_URL
	PG_PORT=$CITUS_PORT
	return 0
}

citus_add_worker() { # DIR NAME
	citus_node "$1" "$2" || return 1
	CITUS_NEW_PORT=$PG_PORT
	PG_PORT=$CITUS_PORT
	citus_sql "$CITUS_PORT" "SELECT citus_add_node('127.0.0.1', $CITUS_NEW_PORT)" >/dev/null ||
		{ echo "citus.sh: citus_add_node 127.0.0.1:$CITUS_NEW_PORT failed" >&2; return 1; }
}

citus_stop() { # DIR
	for _d in "$1"/*/; do
		[ -d "$_d/data" ] && pg_stop "${_d%/}"
	done
	return 0
}
