#!/bin/sh
# t0005: hostile and broken input (issue 7): each gives a one-line error
# naming the file, a failure in the summary, and an index that passes
# check with what it held before.
. "$(dirname "$0")/lib.sh"

expect_exit 0 ctx ingest "$TOP/tests/data/demo"
H="$T/hostile"
mkdir "$H"
secret="$T/secret.txt"
echo "TOP-SECRET-LINE" >"$secret"

# external entity (must not read local files), expansion bomb
printf '<?xml version="1.0"?><!DOCTYPE article [<!ENTITY x SYSTEM "file://%s">]><article><body><p>&x;</p></body></article>' "$secret" >"$H/xxe.nxml"
{
	printf '<?xml version="1.0"?><!DOCTYPE article [<!ENTITY a "aaaaaaaaaaaaaaaa">'
	prev=a
	for e in b c d e f g h i j; do
		printf '<!ENTITY %s "' $e
		for k in 1 2 3 4 5 6 7 8 9 10; do printf '&%s;' $prev; done
		printf '">'
		prev=$e
	done
	printf ']><article><body><p>&j;</p></body></article>'
} >"$H/bomb.nxml"
# nesting 100,000 deep
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "<a>"; for (i = 0; i < 100000; i++) printf "</a>" }' >"$H/deep.nxml"
# a 200 MB text node
{ printf '<article><body><p>'; head -c 209715200 /dev/zero | tr '\0' 'x'; printf '</p></body></article>'; } >"$H/huge.nxml"
# invalid UTF-8, zero bytes, binary junk named .xml
printf '<article><body><p>caf\xe9 \xc3\x28 \xf8\xa1</p></body></article>' >"$H/badutf8.nxml"
: >"$H/zero.nxml"
head -c 4096 /dev/urandom >"$H/junk.xml"
# a file that disappears between listing and reading: a dangling link
ln -s "$T/gone.nxml" "$H/vanished.nxml"

expect_exit 2 ctx ingest "$H"
expect_out "8 files, 0 articles, 0 references, 0 statements, 8 failures"
for f in xxe bomb deep huge badutf8 zero junk vanished; do
	expect_err "$f.nxml\|$f.xml"
done
grep -q "TOP-SECRET" "$T/out" "$T/err" && die "external entity was read"
[ "$(wc -l <"$T/err")" -eq 8 ] || die "want one line per bad file: $(cat "$T/err")"
expect_one_line_err

# a truncated archive after its first members: those are kept
tar czf "$T/demo.tar.gz" -C "$TOP/tests/data" demo
size=$(wc -c <"$T/demo.tar.gz")
head -c $((size / 2)) "$T/demo.tar.gz" >"$H/half.tar.gz"
expect_exit 2 ctx ingest "$H/half.tar.gz"
expect_err "half.tar.gz"
expect_check
expect_exit 0 ctx report 10.5555/citectx-demo.01
expect_out "Cited by 10 publications (28 citation statements)"
exit 0
