# ship.sh — helpers for the tests of ingest into PostgreSQL batch by
# batch (issue 18; tests/cli/t0183, t0184), to be sourced after lib.sh.
# ship_tables URL: each table's row count and the md5 of its rows (as
# text, sorted) and the sequences' positions, one line each, so that two
# databases compare table for table (an ingest's batches against
# pg-load's copy of its staging index, say).
# ship_reads DB DIR [IDS-FROM.db]: the reads (top, find, and report,
# refs, statements, cite of every work of the index IDS-FROM, by internal
# id) into files in DIR; ship_same DIR-A DIR-B [map]: every file the
# same, or with map once statement ids (numbers named id, cursors) are
# taken out (re-ingested articles get new statement ids; works keep
# theirs).
ship_tables() {
	for t in works works_text identifiers authors refs statements notices linkrec cited_by work_xids notices_by leads citing_stmts; do
		echo "$t $("$PG_BIN/psql" -X -At -d "$1" -c "SELECT count(*) || ' ' || coalesce(md5(string_agg(x::text, E'\n' ORDER BY x::text)), '') FROM $t x")" || return 1
	done
	for s in works_ids refs_ids statements_ids linkrec_ids; do
		echo "$s $("$PG_BIN/psql" -X -At -d "$1" -c "SELECT last_value FROM $s")" || return 1
	done
}
ship_reads() { # DB DIR [IDS-FROM]
	mkdir -p "$2"
	"$CITECTX" --db "$1" top --limit 100 --json >"$2/top" 2>&1 || die "top on $1: $(cat "$2/top")"
	i=0
	for q in migraine "Okafor 2019" 10.5555/citectx-demo.02 zzzzunknown; do
		i=$((i + 1))
		"$CITECTX" --db "$1" find "$q" --json >"$2/find.$i" 2>&1
	done
	for id in $(sqlite3 "${3:-$1}" "SELECT id FROM works ORDER BY id"); do
		for cmd in report refs statements cite; do
			"$CITECTX" --db "$1" $cmd "citectx:$id" --json >"$2/$cmd.$id" 2>&1
		done
		"$CITECTX" --db "$1" statements "citectx:$id" --sort newest --limit 3 --json >"$2/page.$id" 2>&1
	done
}
ship_norm() { # FILE: without statement ids and cursors
	jq -S 'walk(if type == "object" then with_entries(select((.key == "id" or .key == "statement") and (.value | type) == "number" | not)) | del(.next) else . end)' "$1" 2>/dev/null || cat "$1"
}
ship_same() { # DIR-A DIR-B [map]
	nf=0
	for f in "$1"/*; do
		g="$2/$(basename "$f")"
		[ -f "$g" ] || die "$g: missing"
		if [ "${3:-}" = map ]; then
			ship_norm "$f" >"$T/na"
			ship_norm "$g" >"$T/nb"
			cmp -s "$T/na" "$T/nb" || die "$(basename "$f") differs ($1 / $2, statement ids aside): $(diff "$T/na" "$T/nb" | head -6)"
		else
			cmp -s "$f" "$g" || die "$(basename "$f") differs ($1 / $2): $(diff "$f" "$g" | head -6)"
		fi
		nf=$((nf + 1))
	done
	[ "$nf" -ge 30 ] || die "only $nf reads compared"
}
# ship_meta URL KEY: citectx_meta's value
ship_meta() { "$PG_BIN/psql" -X -At -d "$1" -c "SELECT v FROM citectx_meta WHERE k = '$2'"; }
# ship_newdb NAME: a new database on the cluster, its URL in DBURL
ship_newdb() {
	"$PG_BIN/psql" -X -q -d "$PG_URL" -c "CREATE DATABASE $1" >/dev/null 2>&1 || die "CREATE DATABASE $1"
	DBURL="${PG_URL%/postgres}/$1"
}
# ship_wait FILE TEXT: until FILE holds TEXT (60 s at most)
ship_wait() {
	for _ in $(seq 1 300); do
		grep -q -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.2
	done
	die "never saw '$2' in $1: $(head -c 400 "$1")"
}
