# cluster.sh — throwaway PostgreSQL clusters for the tests (issue 18), to
# be sourced.  pg_start DIR starts a cluster in DIR on a free loopback port
# and sets PG_URL (postgresql://postgres@127.0.0.1:PORT/postgres) and
# PG_PORT; pg_stop DIR stops it (call it from the caller's EXIT trap).
# PostgreSQL refuses to run as root: as root the cluster runs as the
# system user citectx-pg, made on first use.  initdb does not sync (-N):
# the clusters are thrown away, and fsync is off in them too.  PG_OPTS,
# when set, adds server options ("-c name=value ...": tests/pg/citus.sh
# preloads Citus).  pg_start writes the port into DIR/port; pg_restart DIR
# starts a stopped cluster again on it, with the same options.
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)

pg_as() { # command...: as the cluster's user
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u citectx-pg -- "$@"
	else
		"$@"
	fi
}

pg_opts() { # DIR PORT: the server's options (pg_start's; pg_restart's again)
	echo "-p $2 -c listen_addresses=127.0.0.1 -k $1 -c fsync=off -c full_page_writes=off ${PG_OPTS:-}"
}

# pg_skip_without_server: a test without PostgreSQL's server binaries
# says SKIPPED and exits 0 when CITECTX_PG_OPTIONAL=1 (else it goes on,
# and fails at pg_start)
pg_skip_without_server() {
	if [ ! -x "$PG_BIN/initdb" ] && [ "${CITECTX_PG_OPTIONAL:-0}" = 1 ]; then
		echo "SKIPPED: $ID: no PostgreSQL server binaries (scripts/install-deps.sh installs postgresql-15)"
		exit 0
	fi
}

pg_start() { # DIR
	[ -x "$PG_BIN/initdb" ] || { echo "cluster.sh: no PostgreSQL server (initdb) installed: run scripts/install-deps.sh" >&2; return 1; }
	if [ "$(id -u)" -eq 0 ] && ! id citectx-pg >/dev/null 2>&1; then
		useradd --system --no-create-home --shell /usr/sbin/nologin citectx-pg || return 1
	fi
	mkdir -p "$1" && chmod 755 "$1" && chmod o+x "$(dirname "$1")"
	[ "$(id -u)" -eq 0 ] && chown citectx-pg "$1"
	pg_as "$PG_BIN/initdb" -N -D "$1/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$1/initdb.log" 2>&1 ||
		{ echo "cluster.sh: initdb failed: $(tail -3 "$1/initdb.log")" >&2; return 1; }
	for _ in 1 2 3 4 5 6 7 8; do
		PG_PORT=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom) % 20000 ))
		if pg_as "$PG_BIN/pg_ctl" -D "$1/data" -l "$1/server.log" -w -t 30 \
			-o "$(pg_opts "$1" "$PG_PORT")" start >/dev/null 2>&1; then
			PG_URL="postgresql://postgres@127.0.0.1:$PG_PORT/postgres"
			echo "$PG_PORT" >"$1/port"
			return 0
		fi
	done
	echo "cluster.sh: the server did not start: $(tail -3 "$1/server.log")" >&2
	return 1
}

pg_restart() { # DIR: a cluster pg_start made, stopped since, again on its port
	pg_as "$PG_BIN/pg_ctl" -D "$1/data" -l "$1/server.log" -w -t 30 \
		-o "$(pg_opts "$1" "$(cat "$1/port")")" start >/dev/null 2>&1
}

pg_stop() { # DIR
	[ -f "$1/data/postmaster.pid" ] && pg_as "$PG_BIN/pg_ctl" -D "$1/data" -m immediate -w stop >/dev/null 2>&1
	return 0
}
