#!/bin/sh
# install-deps.sh — the Debian packages citectx builds and tests with.
# Does nothing when all are present; otherwise needs root (or sudo).
set -eu
PKGS="build-essential pkg-config time libxml2-dev libxml2-utils libsqlite3-dev sqlite3 libarchive-dev zlib1g-dev libjansson-dev libmicrohttpd-dev libsodium-dev libutf8proc-dev libmimalloc-dev clang-format libpq-dev postgresql-15 postgresql-client-15 libzstd-dev liblz4-dev libkrb5-dev curl jq texlive-binaries texlive-base chromium wrk"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
# postgresql-15 ships postgres_fdw too (the test lane L2, tests/cli/t0186).
# Node.js and npm may come from outside Debian (the machine image ships
# its own); Debian's packages are only wanted when the commands are absent.
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -n "$missing" ]; then
	echo "install-deps: installing$missing" >&2
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO="sudo"
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
# make test-citus builds Citus against the server's own headers: the
# installed postgresql-15's exact version, not the newest (a mismatch does
# not build: scripts/citus-build.sh, which also installs them if absent).
pgv=$(dpkg-query -W -f='${Version}' postgresql-15 2>/dev/null || true)
if [ -n "$pgv" ] && [ "$(dpkg-query -W -f='${Version}' postgresql-server-dev-15 2>/dev/null || true)" != "$pgv" ]; then
	echo "install-deps: installing postgresql-server-dev-15=$pgv" >&2
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO="sudo"
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
		--allow-downgrades "postgresql-server-dev-15=$pgv" >/dev/null ||
		echo "install-deps: postgresql-server-dev-15=$pgv cannot be installed: make test-citus will say SKIPPED" >&2
fi
# playwright-core drives the system chromium in the browser test; it goes
# into tests/browser/node_modules (git-ignored), pinned by package-lock.json.
if [ ! -d "$(dirname "$0")/../tests/browser/node_modules/playwright-core" ]; then
	(cd "$(dirname "$0")/../tests/browser" && npm ci --silent --no-audit --no-fund)
fi
