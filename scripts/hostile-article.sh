#!/bin/sh
# hostile-article.sh — writes a hostile JATS article on stdout (issue 19):
# one paragraph of about SIZE bytes of invented filler words with no
# sentence break, citing ranges "[a–b]" (xref–dash–xref) of WIDTH
# references every GAP words, over REFS references.  Before the bounds of
# docs/ARCHITECTURE.md § Bounds per article, each range became WIDTH
# statements each holding the whole paragraph (1.8 GB for 1 MB).
#
# SENT > 0 ends a sentence every SENT words (many short citing sentences
# instead of one long one).
#
#   scripts/hostile-article.sh [SIZE [REFS [WIDTH [GAP [SENT]]]]] >hostile.nxml
#   defaults: 1000000 bytes, 4000 references, ranges of 200, every 40
#   words, no full stop
set -eu
SIZE=${1:-1000000}
REFS=${2:-4000}
WIDTH=${3:-200}
GAP=${4:-40}
SENT=${5:-0}
awk -v size="$SIZE" -v refs="$REFS" -v width="$WIDTH" -v gap="$GAP" -v sent="$SENT" 'BEGIN {
	split("lorem ipsum dolor sit amet consectetur adipiscing elit sed do " \
	      "eiusmod tempor incididunt labore dolore magna aliqua enim minim " \
	      "veniam quis nostrud exercitation ullamco laboris nisi aliquip " \
	      "commodo consequat", w, " ")
	nw = 0; for (k in w) nw++
	print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	print "<article article-type=\"research-article\"><front><article-meta>"
	print "<article-id pub-id-type=\"doi\">10.5555/citectx-hostile." size "</article-id>"
	print "<title-group><article-title>An invented hostile article of one long paragraph</article-title></title-group>"
	print "<pub-date><year>2020</year></pub-date></article-meta></front>"
	printf "<body><sec><title>Introduction</title><p>"
	n = 0; i = 0; r = 0
	while (n < size) {
		s = w[(i * 7 + int(i / nw)) % nw + 1] " "
		printf "%s", s; n += length(s); i++
		if (i % gap == 0) {
			a = r % refs + 1; b = a + width - 1
			if (b > refs) { a = 1; b = width }
			s = sprintf("[<xref ref-type=\"bibr\" rid=\"B%d\">%d</xref>\342\200\223<xref ref-type=\"bibr\" rid=\"B%d\">%d</xref>] ", a, a, b, b)
			printf "%s", s; n += length(s); r = b
		}
		if (sent > 0 && i % sent == 0) { printf "end. Then "; n += 10 }
	}
	print "</p></sec></body><back><ref-list>"
	for (k = 1; k <= refs; k++)
		printf "<ref id=\"B%d\"><label>%d</label><mixed-citation>Fictional A. Invented study %d. J Invented Res. 2001;%d:1-9.</mixed-citation></ref>\n", k, k, k, k
	print "</ref-list></back></article>"
}'
