#!/bin/sh
# citus-build.sh — builds Citus (issue 18, test lane L3) from the vendored
# source into build/citus/, for tests/pg/citus.sh.
#
# Citus is built against the headers of the PostgreSQL server installed
# here, which must match it exactly (postgresql-server-dev-15 pinned to the
# version of postgresql-15: other headers build a library the server
# refuses or that fails to compile).  Nothing goes into the system's
# directories: Citus is installed (DESTDIR) into build/citus/root/, a
# private copy of the server — its bin/ copied, its lib/ and share/ as
# symbolic links — because PostgreSQL finds its $libdir and extension
# directory relative to the postgres binary it runs, so the copy's
# postgres loads citus.so and reads citus.control from the copy.
#
# with_llvm=no: no LLVM bitcode for JIT inlining (it doubles the build
# and the test lane does not need it; the server runs citus.so without).
#
# The result is reused while the tarball and the server version are the
# same (build/citus/stamp).  Prints the private server's bin directory on
# its last line.  When the matching headers cannot be had it prints
# "SKIPPED: <why>" and exits 77: callers must not take that as a pass.
#
# Environment: SHARED (default ../shared), CITUS_TARBALL (default
# $SHARED/vendor/citus-13.2.2.tar.gz), CITUS_CACHE (default build/citus: a
# directory kept between checkouts saves the build, about 2 to 4 min).
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$TOP/../shared}
TARBALL=${CITUS_TARBALL:-$SHARED/vendor/citus-13.2.2.tar.gz}
OUT=${CITUS_CACHE:-$TOP/build/citus}
PGV=15
PGDIR=/usr/lib/postgresql/$PGV
DEVPKGS="libzstd-dev liblz4-dev libkrb5-dev"

skip() {
	echo "SKIPPED: citus-build: $*" >&2
	exit 77
}
die() {
	echo "citus-build: $*" >&2
	exit 1
}
installed() { # package: its installed version, or nothing
	dpkg-query -W -f='${Status} ${Version}\n' "$1" 2>/dev/null |
		sed -n 's/^install ok installed //p'
}

[ -f "$TARBALL" ] || skip "no Citus source at $TARBALL"
mkdir -p "$(dirname "$OUT")"
server=$(installed postgresql-$PGV)
[ -n "$server" ] && [ -x "$PGDIR/bin/postgres" ] ||
	skip "postgresql-$PGV is not installed (scripts/install-deps.sh)"
want="$(sha256sum "$TARBALL" | cut -c1-64) postgresql-$PGV=$server"
if [ -f "$OUT/stamp" ] && [ "$(cat "$OUT/stamp")" = "$want" ] &&
	[ -f "$OUT/root$PGDIR/lib/citus.so" ]; then
	echo "citus-build: cached, $want" >&2
	echo "$OUT/root$PGDIR/bin"
	exit 0
fi

# the server's own headers, at its exact version
need=""
[ "$(installed postgresql-server-dev-$PGV)" = "$server" ] ||
	need="postgresql-server-dev-$PGV=$server"
for p in $DEVPKGS; do
	[ -n "$(installed "$p")" ] || need="$need $p"
done
if [ -n "$need" ]; then
	echo "citus-build: installing$need" >&2
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO="sudo"
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq >/dev/null 2>&1 || true
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -qq --no-install-recommends --allow-downgrades \
		$need >"$OUT.apt.log" 2>&1 ||
		skip "cannot install$need to match postgresql-$PGV $server: $(tail -1 "$OUT.apt.log")"
fi
[ "$(installed postgresql-server-dev-$PGV)" = "$server" ] ||
	skip "postgresql-server-dev-$PGV is $(installed postgresql-server-dev-$PGV), the server $server"

rm -rf "$OUT"
mkdir -p "$OUT/src"
tar -xzf "$TARBALL" -C "$OUT/src" --strip-components=1
log=$OUT/build.log
echo "citus-build: building Citus against postgresql-$PGV $server (log: $log)" >&2
(
	cd "$OUT/src"
	PG_CONFIG=$PGDIR/bin/pg_config ./configure --without-libcurl
	make -j2 with_llvm=no
) >"$log" 2>&1 || die "the build failed: $(tail -3 "$log")"

# the private server: bin copied (PostgreSQL resolves symbolic links to
# find itself), lib and share linked, then Citus installed into it
R=$OUT/root
mkdir -p "$R$PGDIR" "$R/usr/share/postgresql"
cp -a "$PGDIR/bin" "$R$PGDIR/bin"
cp -as "$PGDIR/lib" "$R$PGDIR/lib"
cp -as "/usr/share/postgresql/$PGV" "$R/usr/share/postgresql/$PGV"
make -C "$OUT/src" install with_llvm=no DESTDIR="$R" >>"$log" 2>&1 ||
	die "make install failed: $(tail -3 "$log")"
[ -f "$R$PGDIR/lib/citus.so" ] && [ -f "$R/usr/share/postgresql/$PGV/extension/citus.control" ] ||
	die "citus.so or citus.control is not where the private server looks"
rm -rf "$OUT/src"
echo "$want" >"$OUT/stamp"
echo "$R$PGDIR/bin"
