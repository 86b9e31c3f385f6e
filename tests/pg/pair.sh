# pair.sh — one server on each backend, compared request by request (the
# parity tests of issue 18: tests/cli/t0088, t0181, t0190,
# tests/real/t0165), to be sourced after cluster.sh with T, CITECTX and
# die() set.
#   start DB PORTVAR PIDVAR  serve DB on a free loopback port; sets the
#                            port and the server's pid (the caller's EXIT
#                            trap kills it)
#   get PORT PATH [curl args]  the body, then the status on its own line,
#                            the port masked
#   api PATH [STATUS]        GET PATH from both servers ($PA, $PB): the
#                            status (default 200) from SQLite, the same
#                            bytes from both; counts in napi
free_port() { echo $((20000 + $(od -An -N2 -tu2 /dev/urandom) % 20000)); }
start() { # DB PORTVAR PIDVAR
	for _ in 1 2 3 4 5; do
		p=$(free_port)
		"$CITECTX" --db "$1" serve --port "$p" >"$T/serve.$p" 2>&1 &
		pid=$!
		for _ in $(seq 50); do
			curl -s -o /dev/null "http://127.0.0.1:$p/healthz" && { eval "$2=$p $3=$pid"; return 0; }
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill "$pid" 2>/dev/null
	done
	die "serve --db $1 did not start: $(cat "$T/serve.$p")"
}
get() { # PORT PATH [curl args]
	p=$1 path=$2
	shift 2
	curl -s -w '\n%{http_code}\n' "$@" "http://127.0.0.1:$p$path" | sed "s/127.0.0.1:$p/HOST/g"
}
napi=0
api() { # PATH [STATUS]
	get "$PA" "$1" >"$T/a"
	get "$PB" "$1" >"$T/b"
	[ "$(tail -1 "$T/a")" = "${2:-200}" ] || die "GET $1: $(tail -1 "$T/a") from SQLite"
	cmp -s "$T/a" "$T/b" || die "GET $1 differs: $(diff "$T/a" "$T/b" | head -6)"
	napi=$((napi + 1))
}
