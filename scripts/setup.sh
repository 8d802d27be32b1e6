#!/usr/bin/env bash
# Install everything needed to build, test and run rdsclone on Debian 12.
# Idempotent: only packages that are not installed yet are installed, and
# apt-get update runs only when something is missing. Starts no services.
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
    # packaging and documentation checks (tests/packaging): cpack's
    # dpkg-shlibdeps, man -w / man --warnings, the completions' helpers,
    # systemd-analyze verify for the units
    dpkg-dev man-db groff-base bash-completion systemd
)

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: not root and no sudo" >&2; exit 1; }
    SUDO=(sudo)
fi

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

if command -v moto_server >/dev/null 2>&1; then
    echo "setup: ok       moto_server ($(command -v moto_server))"
else
    echo "setup: WARNING  moto_server not found on PATH; the shim's integration tests need it (moto is expected pre-installed, e.g. in pyenv)" >&2
fi
