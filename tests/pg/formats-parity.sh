# formats-parity.sh — the body of tests/real/t0202 (PostgreSQL, lane L1)
# and tests/pg/t0179 (Citus, lane L3): every input format of
# $SHARED/data/fixtures ingested into SQLite ($DB) and into the empty
# PostgreSQL index at $URL answers the same bytes.  Sourced by a test
# that defines die, CITECTX, SHARED, T, DB, URL and ID; formats_parity
# runs it and dies on the first difference.  The works read: the 40 most
# cited and every FP_EVERY-th (7), FP_MAX at most (400); at least FP_MIN
# reads (500) and FP_MIN_STMTS works with statements (20) or it fails.
formats_parity() {
	F="$SHARED/data/fixtures"
	nf=0
	for d in jats-plos jats-pmc tei s2orc cord19; do
		[ -d "$F/$d" ] || die "no $F/$d"
		"$CITECTX" --db "$DB" ingest "$F/$d" >"$T/s.$d" 2>"$T/es.$d"
		a=$?
		"$CITECTX" --db "$URL" ingest "$F/$d" --staging "$T/staging.db" >"$T/p.$d" 2>"$T/ep.$d"
		b=$?
		[ "$a" = "$b" ] || die "$d: exit $a into SQLite, $b into PostgreSQL: $(tail -2 "$T/ep.$d")"
		cmp -s "$T/es.$d" "$T/ep.$d" || die "$d: messages differ: $(diff "$T/es.$d" "$T/ep.$d" | head -4)"
		x=$(head -1 "$T/s.$d" | sed 's/, [0-9.]* seconds$//')
		y=$(head -1 "$T/p.$d" | sed 's/, [0-9.]* seconds$//')
		[ "$x" = "$y" ] || die "$d: summaries differ: $x / $y"
		nf=$((nf + 1))
	done
	reads() { # DB DIR
		mkdir -p "$2"
		"$CITECTX" --db "$1" top --limit 100 --json >"$2/top" 2>&1
		echo $? >>"$2/top"
		i=0
		for q in trial '"consistent with"' 'placebo OR covid' 'rand*' 'stem NOT cell' \
			'"stem cell*"' 'sars-cov-2' '"in contrast"' 'mortality AND (sepsis OR shock)'; do
			i=$((i + 1))
			"$CITECTX" --db "$1" search "$q" --json >"$2/search.$i" 2>&1
			echo $? >>"$2/search.$i"
			"$CITECTX" --db "$1" search "$q" --json --sort newest >"$2/newest.$i" 2>&1
			echo $? >>"$2/newest.$i"
		done
		for id in $(sqlite3 "$DB" "SELECT id FROM works WHERE id % ${FP_EVERY:-7} = 0 OR id IN
		    (SELECT cited FROM statements WHERE cited IS NOT NULL GROUP BY cited ORDER BY count(*) DESC, cited LIMIT 40)
		    ORDER BY id LIMIT ${FP_MAX:-400}"); do
			for cmd in report refs statements cite; do
				"$CITECTX" --db "$1" $cmd "citectx:$id" --json >"$2/$cmd.$id" 2>&1
				echo $? >>"$2/$cmd.$id"
			done
		done
	}
	reads "$DB" "$T/sqlite"
	reads "$URL" "$T/pg"
	n=0
	for f in "$T/sqlite"/*; do
		g="$T/pg/$(basename "$f")"
		cmp -s "$f" "$g" || die "$(basename "$f") differs: $(diff "$f" "$g" | head -6)"
		n=$((n + 1))
	done
	[ "$n" -ge "${FP_MIN:-500}" ] || die "only $n reads compared"
	ns=$(grep -l '^{"data":\[{' "$T/sqlite"/statements.* 2>/dev/null | wc -l)
	[ "$ns" -ge "${FP_MIN_STMTS:-20}" ] || die "only $ns works with statements among the reads"
	echo "$ID: $nf formats' folders into SQLite and PostgreSQL: $n reads the same bytes ($ns works' statements)"
}
