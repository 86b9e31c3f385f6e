# merge-people.sh — the body of tests/cli/t0188 (PostgreSQL, lane L1) and
# tests/pg/t0178 (Citus, lane L3): a merge of works keeps people's
# ratings and follows, in SQLite and in PostgreSQL.  Sourced after
# tests/cli/lib.sh, by a test that defines newdb NAME (a new, empty
# index's database; its URL in DBURL) and PSQL (psql's path), and has
# XDG_STATE_HOME in its $T.  merge_people runs it; it dies on a failure.
merge_people() {
	# article NAME REF-IDS: an invented article citing one reference whose
	# identifiers are REF-IDS (pub-id elements); each reference its own title,
	# author and year, so that only identifiers join them
	article() {
		n=$1
		shift
		cat <<-EOF
	<?xml version="1.0" encoding="UTF-8"?>
	<article xmlns:xlink="http://www.w3.org/1999/xlink" article-type="research-article">
	<front>
	<journal-meta><journal-title-group><journal-title>Journal of Invented Merges</journal-title></journal-title-group></journal-meta>
	<article-meta>
	<article-id pub-id-type="doi">10.5555/citectx-merge.$n</article-id>
	<title-group><article-title>An invented trial of merging number $n</article-title></title-group>
	<contrib-group><contrib contrib-type="author"><name><surname>Quillfeather$n</surname><given-names>Ada</given-names></name></contrib></contrib-group>
	<pub-date pub-type="epub"><year>2020</year></pub-date>
	</article-meta>
	</front>
	<body>
	<sec sec-type="intro"><title>Introduction</title>
	<p>An earlier invented study reported a benefit of the invented drug [<xref ref-type="bibr" rid="B1">1</xref>].</p>
	</sec>
	</body>
	<back><ref-list>
	<ref id="B1"><label>1</label><element-citation publication-type="journal"><person-group person-group-type="author"><name><surname>Zephyrine$n</surname><given-names>Bo</given-names></name></person-group><article-title>Invented cited study variant $n of a drug</article-title><source>Invented Journal $n</source><year>20$n</year>$*</element-citation></ref>
	</ref-list></back>
	</article>
	EOF
	}
	mkdir -p "$T/one" "$T/two"
	article 11 '<pub-id pub-id-type="doi">10.5555/citectx-merge.kept</pub-id>' >"$T/one/a.nxml"
	article 12 '<pub-id pub-id-type="pmid">90000777</pub-id>' >"$T/one/b.nxml"
	article 13 '<pub-id pub-id-type="pmcid">PMC9000777</pub-id>' >"$T/one/c.nxml"
	# a chain in one batch: the PMCID's work into the PMID's, then the
	# PMID's into the DOI's
	article 14 '<pub-id pub-id-type="pmid">90000777</pub-id><pub-id pub-id-type="pmcid">PMC9000777</pub-id>' >"$T/two/d.nxml"
	article 15 '<pub-id pub-id-type="doi">10.5555/citectx-merge.kept</pub-id><pub-id pub-id-type="pmid">90000777</pub-id>' >"$T/two/e.nxml"

	expect_exit 0 ctx ingest "$T/one"
	newdb merge
	expect_exit 0 "$CITECTX" --db "$DBURL" ingest "$T/one"
	lite() { sqlite3 "$DB" "$1"; }
	pg() { "$PSQL" -X -At -v ON_ERROR_STOP=1 -d "$DBURL" -c "$1"; }
	K=$(lite "SELECT id FROM works WHERE doi = '10.5555/citectx-merge.kept'")
	P=$(lite "SELECT id FROM works WHERE pmid = '90000777'")
	C=$(lite "SELECT id FROM works WHERE pmcid = 'PMC9000777'")
	[ -n "$K" ] && [ -n "$P" ] && [ -n "$C" ] && [ "$K" != "$P" ] && [ "$P" != "$C" ] ||
		die "the first ingest made no three works (doi $K, pmid $P, pmcid $C)"
	for q in "SELECT id FROM works WHERE doi = '10.5555/citectx-merge.kept'" \
		"SELECT id FROM works WHERE pmid = '90000777'" "SELECT id FROM works WHERE pmcid = 'PMC9000777'"; do
		[ "$(lite "$q")" = "$(pg "$q")" ] || die "PostgreSQL's ids differ from SQLite's: $q"
	done

	# person 1 rates and follows the kept work and the PMID's (its own row
	# stays); person 2 the PMID's and the PMCID's (the PMID's own row
	# stays at the first merge, and moves on at the second); person 3 the
	# PMCID's only (it moves along the chain)
	people="INSERT INTO users VALUES(1, 'one', 'x', 1), (2, 'two', 'x', 1), (3, 'three', 'x', 1);
	INSERT INTO ratings VALUES(1, $K, 5, NULL, NULL, NULL, 100), (1, $P, 2, NULL, NULL, NULL, 101),
	 (2, $P, 3, NULL, NULL, NULL, 102), (2, $C, 4, NULL, NULL, NULL, 103), (3, $C, 1, NULL, NULL, NULL, 104);
	INSERT INTO follows VALUES(1, $K, 10, 110), (1, $P, 11, 111), (2, $P, 12, 112), (2, $C, 13, 113), (3, $C, 14, 114);"
	lite "$people" || die "people into SQLite"
	pg "$people" >/dev/null || die "people into PostgreSQL"

	expect_exit 0 ctx ingest "$T/two"
	expect_exit 0 "$CITECTX" --db "$DBURL" ingest "$T/two"
	ratings="SELECT r.\"user\" || ' ' || coalesce(w.doi, 'GONE') || ' ' || r.overall || ' ' || r.updated
	 FROM ratings r LEFT JOIN works w ON w.id = r.work ORDER BY r.\"user\", r.updated"
	follows="SELECT f.\"user\" || ' ' || coalesce(w.doi, 'GONE') || ' ' || f.since || ' ' || f.created
	 FROM follows f LEFT JOIN works w ON w.id = f.work ORDER BY f.\"user\", f.created"
	lite "$ratings" >"$T/rl" && pg "$ratings" >"$T/rp" || die "reading ratings"
	lite "$follows" >"$T/fl" && pg "$follows" >"$T/fp" || die "reading follows"
	cat >"$T/rx" <<-EOF
	1 10.5555/citectx-merge.kept 5 100
	2 10.5555/citectx-merge.kept 3 102
	3 10.5555/citectx-merge.kept 1 104
	EOF
	cat >"$T/fx" <<-EOF
	1 10.5555/citectx-merge.kept 10 110
	2 10.5555/citectx-merge.kept 12 112
	3 10.5555/citectx-merge.kept 14 114
	EOF
	[ "$(lite "SELECT count(*) FROM works WHERE id IN ($P, $C)")" = 0 ] ||
		die "SQLite: the works merged away are still there"
	[ "$(pg "SELECT count(*) FROM works WHERE id IN ($P, $C)")" = 0 ] ||
		die "PostgreSQL: the works merged away are still there"
	cmp -s "$T/rx" "$T/rl" || die "SQLite's ratings after the merges: $(cat "$T/rl")"
	cmp -s "$T/fx" "$T/fl" || die "SQLite's follows after the merges: $(cat "$T/fl")"
	cmp -s "$T/rx" "$T/rp" || die "PostgreSQL's ratings after the merges: $(cat "$T/rp")"
	cmp -s "$T/fx" "$T/fp" || die "PostgreSQL's follows after the merges: $(cat "$T/fp")"
	# a report of the kept work says it is followed as SQLite's does
	"$CITECTX" --db "$DB" report "doi:10.5555/citectx-merge.kept" --json >"$T/k.lite" 2>&1
	"$CITECTX" --db "$DBURL" report "doi:10.5555/citectx-merge.kept" --json >"$T/k.pg" 2>&1
	cmp -s "$T/k.lite" "$T/k.pg" || die "the kept work's report differs: $(diff "$T/k.lite" "$T/k.pg" | head -5)"
}
