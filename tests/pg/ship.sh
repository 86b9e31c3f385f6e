# ship.sh — helpers for the tests of ingest into PostgreSQL batch by
# batch (issue 18; tests/cli/t0183, t0184, t0196), to be sourced after lib.sh.
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
	for t in works works_text identifiers authors refs statements notices linkrec cited_by work_xids notices_by leads citing_stmts runs; do
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
	# searches across the index (their scan: statements joined to runs)
	i=0
	for q in trial '"consistent with"' 'placebo OR migraine' 'rand*'; do
		i=$((i + 1))
		"$CITECTX" --db "$1" search "$q" --json >"$2/search.$i" 2>&1
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
# ship_facts URL: what an index says with its internal ids replaced by
# each work's DOI, PMID, PMCID or title (the works, their identifiers,
# reference lists and statements, sorted): two indexes of the same
# articles ingested in another order (ids handed out in another order)
# compare equal.
ship_facts() {
	"$PG_BIN/psql" -X -At -d "$1" <<'SQL'
CREATE TEMP VIEW k AS SELECT id, concat_ws('|', doi, pmid, pmcid, CASE WHEN doi IS NULL AND pmid IS NULL AND pmcid IS NULL THEN title END) AS key FROM works;
SELECT 'work', k.key, w.title, w.year, w.journal, w.indexed, w.pubtype, w.source FROM works w JOIN k USING (id) ORDER BY 2, 3, 4;
SELECT 'xid', i.xid, k.key, i.version FROM identifiers i JOIN k ON k.id = i.work ORDER BY 2;
SELECT 'wx', k.key, x.xid FROM work_xids x JOIN k ON k.id = x.work ORDER BY 2, 3;
SELECT 'author', k.key, a.pos, a.surname, a.given FROM authors a JOIN k ON k.id = a.work ORDER BY 2, 3;
SELECT 'ref', c.key, r.pos, r.raw, d.key FROM refs r JOIN k c ON c.id = r.citing LEFT JOIN k d ON d.id = r.cited ORDER BY 2, 3;
SELECT 'citedby', d.key, c.key, count(*) FROM cited_by b JOIN k c ON c.id = b.citing JOIN k d ON d.id = b.cited GROUP BY 2, 3 ORDER BY 2, 3;
SELECT 'st', c.key, d.key, s.marker, s.section, s.type, s.confidence, s.self, s.jself, s.year, s.sent_start, s.sent_end, s.ctx, s.sctx, s.text, s.ntok, s.tsv FROM statements s JOIN k c ON c.id = s.citing LEFT JOIN k d ON d.id = s.cited ORDER BY 2, 12, 13, 4, 3, 15;
SELECT 'cs', c.key, d.key, s.marker, s.type, s.sctx FROM citing_stmts s JOIN k c ON c.id = s.citing LEFT JOIN k d ON d.id = s.cited ORDER BY 2, 3, 4, 5, 6;
SELECT 'lead', c.key, l.text FROM leads l JOIN k c ON c.id = l.citing ORDER BY 2, 3;
SELECT 'run', c.key, d.key, r.type, r.sctx, r.id - r.lead, l.ctx = 0 AND l.dkey = r.ldkey AND l.citing = r.citing FROM runs r JOIN statements l ON l.id = r.lead JOIN k c ON c.id = r.citing LEFT JOIN k d ON d.id = r.cited ORDER BY 2, 3, 4, 5, 6, 7;
SELECT 'wt', k.key, t.title, t.authors, t.ntok, t.tsv FROM works_text t JOIN k USING (id) ORDER BY 2;
SQL
}

# ship_same_as_copy NAME URL STAGING: the index at URL is pg-load's copy
# of STAGING (a new database NAME made for the copy; ship_newdb).
ship_same_as_copy() {
	ship_newdb "copy$1"
	expect_exit 0 "$CITECTX" --db "$DBURL" pg-load "$3"
	ship_tables "$2" >"$T/tabs.a" || die "reading $2"
	ship_tables "$DBURL" >"$T/tabs.b" || die "reading $DBURL"
	cmp -s "$T/tabs.a" "$T/tabs.b" || die "$2 is not its staging's copy: $(diff "$T/tabs.a" "$T/tabs.b" | head -6)"
}
# ship_killed: the ingest in the background ($IP, into $U) killed, and
# PostgreSQL's sessions of it gone.
ship_killed() {
	kill -9 "$IP"
	wait "$IP" 2>/dev/null
	IP=
	for _ in $(seq 1 100); do
		n=$("$PG_BIN/psql" -X -At -d "$U" -c "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
		[ "$n" = 0 ] && return 0
		sleep 0.1
	done
	die "the killed ingest's sessions are still there"
}
# ship_whole NAME K: PostgreSQL at $U holds batches 1..K, as the SQLite
# index $T/firstK.db of their articles does.
ship_whole() {
	[ "$(ship_meta "$U" batch)" = "$2" ] || die "$1: batch $(ship_meta "$U" batch), want $2"
	ship_reads "$T/first$2.db" "$T/r.first$2" "$T/first$2.db"
	ship_reads "$U" "$T/r.$1" "$T/first$2.db"
	ship_same "$T/r.first$2" "$T/r.$1"
}
