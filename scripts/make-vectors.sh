#!/bin/sh
# make-vectors.sh OUT — the in-domain word vectors of the default model:
# ingests the 4,470-article corpus of ../shared/data into a scratch index,
# takes the distinct sentences of its citation contexts (the citing
# sentence with its neighbours), and learns vectors from them with
# `citectx vectors` (PPMI + randomized SVD, deterministic; see
# lib/vectors.h).  About 2 minutes.  Needs build/citectx and sqlite3.
set -eu
cd "$(dirname "$0")/.."
OUT=${1:?usage: scripts/make-vectors.sh OUT}
AR=../shared/data/corpus/ei-pmc-jats.tar.gz
T=$(mktemp -d "${TMPDIR:-/tmp}/citectx-vectors.XXXXXX")
trap 'rm -rf "$T"' EXIT
build/citectx --db "$T/c.db" ingest "$AR" >&2
sqlite3 "$T/c.db" "SELECT DISTINCT text FROM statements" |
	build/citectx sentences | LC_ALL=C sort -u >"$T/sentences.txt"
wc -l <"$T/sentences.txt" | sed 's/^/sentences: /' >&2
build/citectx vectors "$T/sentences.txt" -o "$OUT"
