# corpus-db.sh — sourced by tests/real scripts: corpus_db DB makes DB an
# index of the whole corpus.  When $CORPUS_DB names an index that
# scripts/run-tests.sh built once for the whole run, DB is a copy of it
# (each test may write into its own copy); otherwise the corpus is
# ingested into DB.  Needs $CITECTX and $SHARED.
corpus_db() { # DB
	if [ -n "${CORPUS_DB:-}" ] && [ -s "$CORPUS_DB" ] && [ ! -e "$CORPUS_DB-wal" ]; then
		cp "$CORPUS_DB" "$1"
	else
		"$CITECTX" --db "$1" ingest "$SHARED/data/corpus/ei-pmc-jats.tar.gz" >/dev/null
	fi
}

# corpus_works DB: the works the parity lists name, chosen in the index
# DB: W1..W5 the most cited, SMALL one cited 3 to 6 times, NOTICE one a
# notice concerns and NOTICER that notice, ALIAS an alias (may be empty),
# CITER the indexed article citing most.  1 (said) when the corpus has
# none of one.
corpus_works() { # DB
	_top=$("$CITECTX" --db "$1" top --limit 5 --json | jq -r '.data[].id')
	W1=$(echo "$_top" | sed -n 1p) W2=$(echo "$_top" | sed -n 2p)
	W3=$(echo "$_top" | sed -n 3p) W4=$(echo "$_top" | sed -n 4p)
	W5=$(echo "$_top" | sed -n 5p)
	SMALL="citectx:$(sqlite3 "$1" "SELECT cited FROM statements WHERE cited IS NOT NULL GROUP BY cited HAVING count(*) BETWEEN 3 AND 6 ORDER BY cited LIMIT 1")"
	NOTICE="citectx:$(sqlite3 "$1" "SELECT concerned FROM notices WHERE concerned IS NOT NULL ORDER BY notice LIMIT 1")"
	NOTICER="citectx:$(sqlite3 "$1" "SELECT notice FROM notices ORDER BY notice LIMIT 1")"
	ALIAS=$(sqlite3 "$1" "SELECT xid FROM aliases ORDER BY xid LIMIT 1")
	CITER=$(sqlite3 "$1" "SELECT 'pmcid:' || w.pmcid FROM works w JOIN refs r ON r.citing = w.id WHERE w.pmcid IS NOT NULL GROUP BY w.id ORDER BY count(*) DESC, w.id LIMIT 1")
	for _v in W1 W5 SMALL NOTICE NOTICER CITER; do
		eval "_x=\$$_v"
		case "$_x" in "" | citectx:)
			echo "corpus_works: no work for $_v in the corpus index $1" >&2
			return 1
			;;
		esac
	done
	return 0
}
