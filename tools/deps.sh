#!/bin/sh
# Installs what the build and the tests need and is not there yet (Debian).
# Safe to run again: it only calls apt-get when a package is missing.
set -e
need=""
for pkg in gcc make clang libclang-rt-14-dev python3 \
           pkg-config libwebsockets-dev libsqlite3-dev libseccomp-dev wrk \
           emscripten chromium nodejs podman debootstrap python3-greenlet; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need="$need $pkg"
done
# npm may come with a non-Debian nodejs package; ask for Debian's only if absent.
command -v npm >/dev/null 2>&1 || need="$need npm"
if [ -n "$need" ]; then
    echo "deps: installing$need"
    if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $need
fi
