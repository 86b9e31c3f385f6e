#!/bin/sh
# t0125: references people can read (issue 16).  Every reference of every
# indexed article of the corpus is rendered by `citectx refs` (the text
# the report, the API and the web page show) and the references with
# glued words are counted; the test fails when they pass GLUED_MAX_PCT
# (0.5%) of the rendered references.
#
#   t0125-glued-refs.sh            ingests the corpus into a temp index
#   DB=/path/index.db t0125-...    counts an existing index (no ingest)
#   GLUED_SHOW=N                   lists N glued references and their hits
#
# A reference is glued when its text holds one of these (bytes, C locale;
# a "part" is a word's piece between hyphens):
#   initials  a lower-case letter (a-z, or a Latin-1 letter U+00E0-U+00FF)
#           followed by one to three capitals and a capitalised word:
#           "SedghGSinghS", "JordáRNolla", "ArendrupMEpidemiology",
#           "HussainRIntended" (names glued to their initials and the
#           initials to what follows), in a part that opens with a capital
#           and is longer than four letters.  A mixed-case acronym that
#           ends a word ("ProtecT", "MedDRA", "EuSOS", "microRNA") is not
#           this; a lone "SmithJ" at a word's end is not counted either.
#   words   a part that opens with three or more lower-case letters glued
#           to a capitalised word: "pregnanciesStud", "candidiasisCurr"
#   stop    a lower-case letter, a full stop and a capitalised word with no
#           space: "pain.Eur", "al.Lancet"
#   word-year  three letters directly followed by a year 19xx / 20xx:
#           "Plann2014", "Care20101644"
#   year-word  a year directly followed by two or more letters:
#           "2014Intended" (one letter, "2003a", is a year's own suffix)
#   word-page  three lower-case letters directly followed by two or more
#           digits: "Healthcare445" (a first page glued to the journal)
# Not counted, by design: two capitalised words run together
# ("NeuroImage", "EuroQol", "GlideScope" are names spelled so, and their
# shape is that of a glued "TrialEur"); the renderer's separators are
# tested on fixtures for that case (tests/unit t_records).
# Exceptions (a hit inside a word below does not count):
#   * name particles before a capital: Mc, Mac, De, Di, Da, Du, Le, La,
#     Van, Von, Vander, Fitz, St, O  ("McDonald", "DeLancey", "VanderWeele")
#   * one or two lower-case letters opening a word before a capital: "iPhone",
#     "eHealth", "mHealth", "mRNA", "siRNA", "cDNA", "pH", "mmHg", "kDa",
#     "mL", "dL", "miR"
#   * words of the allow list below: mixed-case terms that end in an
#     acronym, as they are spelled ("GnRH", "PhD", "IgG", "HBsAg", "QoL")
#   * identifiers, not words: anything holding a "/" (DOIs, URLs, paths:
#     "10.1056/NEJM199703273361303", "AFCAPS/TexCAPS") or opening with
#     digits and a dot ("10.1093")
#   * trial-registry and database identifiers before their numbers
#     (ISRCTN, NCT, ACTRN, ChiCTR, IRCT, TCTR, PACTR, CTRI, DRKS, UMIN,
#     NTR, KCT, JPRN, RBR, SLCTR, EUCTR, CRD, PMC, PMCID, ISBN, ISSN),
#     and units after a number ("2000mg", "1000IU", "2000kcal")
set -u
: "${CITECTX:?}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-real.XXXXXX")
trap 'rm -rf "$T"' EXIT
die() { echo "t0125: $*" >&2; exit 1; }
GLUED_MAX_PCT=${GLUED_MAX_PCT:-0.5}
command -v sqlite3 >/dev/null || die "sqlite3 not installed"
if [ -z "${DB:-}" ]; then
	: "${SHARED:?}"
	DB="$T/x.db"
	. "$(dirname "$0")/corpus-db.sh"
	corpus_db "$DB" || die "ingest failed"
fi
ctx() { "$CITECTX" --db "$DB" "$@"; }

# every indexed article by its PMCID (the corpus's articles all have one)
sqlite3 "$DB" "SELECT pmcid FROM works WHERE indexed = 1 AND pmcid IS NOT NULL ORDER BY pmcid" >"$T/ids"
[ -s "$T/ids" ] || die "no indexed article in $DB"
while read -r id; do
	ctx refs "$id" || die "refs $id failed"
done <"$T/ids" | LC_ALL=C grep -E '^ *[0-9]+\. ' >"$T/refs"
n=$(wc -l <"$T/refs")
[ "$n" -gt 0 ] || die "no reference rendered"

LC_ALL=C awk -v show="${GLUED_SHOW:-0}" -v max="$GLUED_MAX_PCT" -v n="$n" '
BEGIN {
	split("GnRH GnRHa PhD MSc BSc DrPH MPhil QoL HRQoL AQoL EuroQoL " \
	"IgG IgA IgE IgM IgD CpG HBsAg HBeAg HBcAg LNCaP GmbH MoCA PedsQL " \
	"MoH MoHSW MoHM SmPC PsA PsAQoL LabMAP TcR NaCl KCl HCl PLoS PloS PeerJ", w, " ")
	for (i in w) allow[w[i]] = 1
	part = "^(Mc|Mac|De|Di|Da|Du|Le|La|Van|Von|Vander|Fitz|St|O)[A-Z]"
	reg = "^(ISRCTN|NCT|ACTRN|ChiCTR|IRCT|TCTR|PACTR|CTRI|DRKS|UMIN|NTR|KCT|JPRN|RBR|SLCTR|EUCTR|CRD|PMC|PMCID|ISBN|ISSN)"
	unit = "^(mg|mcg|ml|mL|IU|kcal|kg|mmol|ug|ng|nm|Hz|bp|kb|kDa|cm|mm|min|hrs|days|ms|mA|mV|mW|MHz|kHz|Gy|cGy|rpm|nM|mM|uM)$"
	lc = "([a-z]|\303[\240-\277])"
}
# the words of a line: runs of letters, digits, UTF-8 bytes and the
# joiners . - / (so that "ClinicalTrials.gov" and "NF-kB" stay whole)
function words(s, out,    k) {
	k = 0
	while (match(s, /[A-Za-z0-9\200-\377][A-Za-z0-9\200-\377.\/-]*/)) {
		out[++k] = substr(s, RSTART, RLENGTH)
		s = substr(s, RSTART + RLENGTH)
	}
	return k
}
function bare(x) { sub(/[.\/-]+$/, "", x); return x }
function hit(x,    b) {
	b = bare(x)
	if (b in allow || b ~ /\// || b ~ /^[0-9]+\.[0-9]/) return ""
	np = split(b, pt, "-")
	for (j = 1; j <= np; j++) {
		p = pt[j]
		if (p in allow || p ~ part || p ~ /^[a-z][a-z]?[A-Z]/) continue
		if (p ~ /^[A-Z]/ && length(p) > 4 &&
		    p ~ ("(" lc ")[A-Z][A-Z]?[A-Z]?[A-Z][a-z]")) return "initials"
		if (p ~ /^[a-z][a-z][a-z]+[A-Z][a-z]/) return "words"
		if (p ~ /[a-z][.][A-Z][a-z]/) return "stop"
	}
	if (b ~ /[A-Za-z][A-Za-z][A-Za-z](19|20)[0-9][0-9]/ && b !~ reg)
		return "word-year"
	if (match(b, /(19|20)[0-9][0-9][A-Za-z][A-Za-z]+/)) {
		u = substr(b, RSTART + 4); sub(/[^A-Za-z].*$/, "", u)
		if (u !~ unit) return "year-word"
	}
	if (b ~ /[a-z][a-z][a-z][0-9][0-9]/ && b !~ reg && tolower(b) !~ /^covid/)
		return "word-page"
	return ""
}
{
	k = words($0, wd); why = ""
	for (i = 1; i <= k && why == ""; i++)
		if ((why = hit(wd[i])) != "") what = wd[i]
	if (why != "") {
		glued++; kind[why]++
		if (shown < show) { shown++; print "glued (" why ": " what "): " $0 }
	}
}
END {
	pct = n ? 100 * glued / n : 0
	printf "glued references: %d of %d rendered (%.2f%%)", glued, n, pct
	for (x in kind) printf "; %s %d", x, kind[x]
	printf "\n"
	exit pct >= max
}' "$T/refs" || die "glued references above ${GLUED_MAX_PCT}%"
