#!/bin/sh
# wrk-cpu.sh INDEX [WORK_ID] — CPU time the server and wrk spend per
# tallies request, which other processes on a shared machine do not
# change; from it, the rate two dedicated cores would sustain.  Loopback
# only, 10 seconds.
set -eu
cd "$(dirname "$0")/.."
DB=$1
ID=${2:-10.1016/0022-3956(75)90026-6}
build/citectx --db $DB serve --port 0 --threads 2 2>/dev/null &
S=$!
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-wrk.XXXXXX")
trap 'kill $S 2>/dev/null; rm -rf "$T"' EXIT
sleep 1
P=$(ss -ltnp | grep "pid=$S," | sed -n 's/.*127.0.0.1:\([0-9]*\).*/\1/p' | head -1)
U="http://127.0.0.1:$P/api/v1/works/$ID/tallies"
wrk -t2 -c64 -d2s "$U" >/dev/null
cpu() { awk '{print $14 + $15}' /proc/$1/stat; }
c0=$(cpu $S)
/usr/bin/time -f "%U %S" -o "$T/time" wrk -t2 -c64 -d10s "$U" > "$T/out"
c1=$(cpu $S)
n=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$T/out")
hz=$(getconf CLK_TCK)
read -r wu ws <"$T/time"
awk -v n=$n -v c=$((c1 - c0)) -v hz=$hz -v wu=$wu -v ws=$ws 'BEGIN {
  s = c / hz; w = wu + ws;
  printf "requests %d; server %.2f cpu-s (%.1f us/req); wrk %.2f cpu-s (%.1f us/req)\n", n, s, s / n * 1e6, w, w / n * 1e6;
  printf "2 dedicated cores, server and wrk sharing them: %.0f req/s\n", 2 / ((s + w) / n) }'
grep -E "Requests/sec|99%|Non-2xx|Socket" "$T/out"
