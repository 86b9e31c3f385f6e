#!/bin/sh
# t0067: the pages' stylesheet and script are the files of server/assets/,
# served byte for byte (issue 17: CSS and JS as real files, embedded at
# build time), each with its media type, a day of caching and an ETag
# that a conditional GET answers 304; a name that is not a file is 404.
. "$(dirname "$0")/lib.sh"

ctx ingest "$TOP/tests/data/demo" >/dev/null || die "ingest"
PID=
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$T"' EXIT
"$CITECTX" --db "$DB" serve --port 0 --threads 2 2>"$T/log" &
PID=$!
for i in $(seq 100); do grep -q 'listening on' "$T/log" && break; sleep 0.1; done
PORT=$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\)\/.*/\1/p' "$T/log")
[ -n "$PORT" ] || die "server did not start: $(cat "$T/log")"
B="http://127.0.0.1:$PORT"

n=0
for f in "$TOP"/server/assets/*; do
	name=${f##*/}
	curl -s -D "$T/h" -o "$T/body" "$B/static/$name" || die "curl $name"
	cmp -s "$f" "$T/body" || die "/static/$name differs from server/assets/$name"
	case $name in
	*.css) type='text/css' ;;
	*.js) type='text/javascript' ;;
	*) type='' ;;
	esac
	grep -qi "^Content-Type: $type" "$T/h" || die "$name: $(grep -i content-type "$T/h")"
	grep -qi '^Cache-Control: public, max-age=86400' "$T/h" || die "$name: no caching"
	tag=$(sed -n 's/^ETag: *//Ip' "$T/h" | tr -d '\r')
	[ -n "$tag" ] || die "$name: no ETag"
	code=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $tag" "$B/static/$name")
	[ "$code" = 304 ] || die "$name: If-None-Match $tag answered $code"
	n=$((n + 1))
done
[ "$n" -ge 2 ] || die "server/assets/ holds $n files"
code=$(curl -s -o /dev/null -w '%{http_code}' "$B/static/none.css")
[ "$code" = 404 ] || die "/static/none.css answered $code"
echo "ok: $n assets served as their files"
