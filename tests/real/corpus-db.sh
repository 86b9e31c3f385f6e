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
