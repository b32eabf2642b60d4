#!/bin/bash
# tests/docker/check.sh -- builds the Dockerfile and serves the site from the
# image, on a machine without a Docker engine (make test-docker).
#
# Podman builds the image (chroot isolation: no daemon, no OCI runtime) from a
# Debian base made here with debootstrap and imported under the names the
# Dockerfile pulls, so nothing comes from an image registry.  Podman cannot
# run containers on these machines, so the image's file system is exported
# and its entrypoint started with chroot -- as the image's user, with its
# environment and working directory, in network and mount namespaces of its
# own like a container -- and probe.py then uses the site as a visitor would.
#
# Caches, so that a second run costs little: build/docker/base.tar (the
# debootstrap tree) and podman's own layer cache.  Needs root (debootstrap,
# chroot, namespaces).
# The last line is "N passed, N failed".
set -u -o pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
OUT=$ROOT/build/docker   # absolute: nsenter --mount starts in /
IMAGE=localhost/threadlab:check
BASE=docker.io/library/debian
BUILD_TIMEOUT=${DOCKER_BUILD_TIMEOUT:-2700}
CA_BUNDLE=${DOCKER_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}
CTR=threadlab-check-$$
passed=0 failed=0 ns_pid= server_pid= uid= gid=
declare -a run_in

step() { echo "== $(date +%T) $*"; }
ok() { passed=$((passed + 1)); echo "ok   $*"; }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }
check() {
    local what=$1; shift
    if "$@"; then ok "$what"; else bad "$what"; return 1; fi
}

finish() {
    trap - EXIT INT TERM
    [ -n "$server_pid" ] && kill -KILL "$server_pid" 2>/dev/null
    [ -n "$ns_pid" ] && kill -KILL "$ns_pid" 2>/dev/null
    podman rm -f "$CTR" >/dev/null 2>&1
    rm -rf "$OUT/rootfs" "$OUT/rootfs.tar"
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
    exit
}
trap finish EXIT
trap 'bad "interrupted"; finish' INT TERM

# The Debian mirror apt already uses here (deb822 or one-line sources).
mirror() {
    local suite=$1 url
    url=$(grep -hsE "^(URIs:|deb) " /etc/apt/sources.list.d/*.sources \
              /etc/apt/sources.list.d/*.list /etc/apt/sources.list |
          grep -oE "https?://[^ ]+/$suite/?( |$)" | head -n 1 | tr -d ' ')
    echo "${url:-http://deb.debian.org/$suite}"
}

# debootstrap's minbase is what the official slim image holds.  The apt
# sources and the dpkg/apt settings are written like the official image's:
# updates and security, no documentation, no translations, and dpkg without
# fsync (a throwaway file system; this halves the build stage's apt step).
make_base_tar() {
    local tree=$OUT/base.tmp main security
    main=$(mirror debian) security=$(mirror debian-security)
    rm -rf "$tree"
    step "debootstrap bookworm from $main (about a minute)"
    timeout 900 debootstrap --variant=minbase bookworm "$tree" "$main" \
        > "$OUT/debootstrap.log" 2>&1 || { tail -n 20 "$OUT/debootstrap.log"; return 1; }
    rm -f "$tree/etc/apt/sources.list"
    cat > "$tree/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $main
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
    echo force-unsafe-io > "$tree/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"
    printf '%s\n' 'path-exclude /usr/share/doc/*' 'path-include /usr/share/doc/*/copyright' \
        'path-exclude /usr/share/man/*' 'path-exclude /usr/share/info/*' \
        'path-exclude /usr/share/locale/*' 'path-exclude /usr/share/lintian/*' \
        > "$tree/etc/dpkg/dpkg.cfg.d/docker"
    echo 'Acquire::Languages "none";' > "$tree/etc/apt/apt.conf.d/docker-no-languages"
    rm -rf "$tree"/var/cache/apt/archives/*.deb "$tree"/var/lib/apt/lists/*
    tar -C "$tree" -cf "$OUT/base.tar.tmp" . && mv "$OUT/base.tar.tmp" "$OUT/base.tar" &&
        rm -rf "$tree"
}

base_image() {
    if podman image exists "$BASE:bookworm-slim" && podman image exists "$BASE:bookworm"; then
        echo "   reusing the base images already in podman's store"
        return 0
    fi
    if [ -s "$OUT/base.tar" ]; then
        echo "   reusing $OUT/base.tar"
    else
        make_base_tar || return 1
    fi
    step "importing the base as $BASE:bookworm-slim and :bookworm"
    podman import -q "$OUT/base.tar" "$BASE:bookworm-slim" >/dev/null &&
        podman tag "$BASE:bookworm-slim" "$BASE:bookworm"
}

# Step lines only (the full log is in build/docker/build.log).
build_image() {
    step "podman build (log: $OUT/build.log; at most ${BUILD_TIMEOUT}s)"
    local t0=$SECONDS
    # npm in the build trusts what the host trusts (a TLS-intercepting proxy).
    local -a secret=()
    [ -s "$CA_BUNDLE" ] && secret=(--secret "id=cacert,src=$CA_BUNDLE")
    timeout "$BUILD_TIMEOUT" podman build --isolation=chroot --format docker --layers \
        "${secret[@]}" -t "$IMAGE" . 2>&1 | tee "$OUT/build.log" |
        grep --line-buffered -E '^\[[0-9]+/[0-9]+\] STEP|^STEP|^COMMIT|^--> Using cache' |
        while IFS= read -r line; do echo "   $(date +%T) ${line:0:110}"; done
    local rc=${PIPESTATUS[0]}
    echo "   build took $((SECONDS - t0))s"
    [ "$rc" -eq 0 ] || { tail -n 40 "$OUT/build.log"; return 1; }
    # Name the build stage's last layer too (the last "--> ID" before the
    # runtime stage starts), so this build's layers stay the cache (apt, npm)
    # while those of earlier builds are dropped; the label keeps the prune
    # to this project's images.
    local stage
    stage=$(awk '/^\[2\/2\] STEP 1\//{print id; exit} /^--> [0-9a-f]+$/{id=$2}' "$OUT/build.log")
    if [ -n "$stage" ] && podman tag "$stage" "$IMAGE-build"; then
        podman image prune -f --filter label=org.opencontainers.image.title=threadlab >/dev/null
    fi
}

# One field of the image configuration, via python3 (podman's JSON; it
# keeps the health check beside Config, not in it).
config() {
    podman image inspect "$IMAGE" | python3 -c '
import json, sys
image = json.load(sys.stdin)[0]
v = image["Config"].get(sys.argv[1]) or image.get(sys.argv[1])
print(json.dumps(v) if isinstance(v, (list, dict)) else (v or ""))' "$1"
}

check_config() {
    local user exposed volumes health
    user=$(config User) exposed=$(config ExposedPorts) volumes=$(config Volumes)
    health=$(config Healthcheck)
    check "image runs as a non-root user ($user)" test -n "$user" -a "$user" != root -a "$user" != 0
    check "image exposes 8080/tcp" grep -q '"8080/tcp"' <<< "$exposed"
    check "image declares the /data volume" grep -q '"/data"' <<< "$volumes"
    check "image has a HEALTHCHECK on /api/health" grep -q '/api/health' <<< "$health"
    check "entrypoint listens on 0.0.0.0" grep -q '"0.0.0.0"' <<< "$(config Entrypoint)"
}

export_rootfs() {
    step "exporting the image's file system to $OUT/rootfs"
    rm -rf "$OUT/rootfs" && mkdir -p "$OUT/rootfs" &&
        podman create -q --name "$CTR" "$IMAGE" >/dev/null &&
        podman export -o "$OUT/rootfs.tar" "$CTR" &&
        tar -C "$OUT/rootfs" -xf "$OUT/rootfs.tar" &&
        rm -f "$OUT/rootfs.tar" || return 1
    # The mount points and device nodes a container engine provides.
    mkdir -p "$OUT/rootfs/proc" "$OUT/rootfs/dev" || return 1
    local spec
    for spec in null:1:3 zero:1:5 full:1:7 random:1:8 urandom:1:9; do
        IFS=: read -r name major minor <<< "$spec"
        rm -f "$OUT/rootfs/dev/$name"
        mknod -m 666 "$OUT/rootfs/dev/$name" c "$major" "$minor" || return 1
    done
}

check_rootfs() {
    local r=$OUT/rootfs libs
    check "image holds the server" test -x "$r/usr/local/bin/threadlab-server"
    check "image holds the web site" test -f "$r/app/web/index.html"
    check "image holds the lessons" test -d "$r/app/lessons"
    check "image has no compiler" test ! -e "$r/usr/bin/gcc" -a ! -e "$r/usr/bin/node"
    libs=$(chroot "$r" /lib64/ld-linux-x86-64.so.2 --list /usr/local/bin/threadlab-server 2>&1)
    check "every library of the server is in the image" \
        test -n "$libs" -a -z "$(grep 'not found' <<< "$libs")"
}

# run_in: the prefix that runs a command as a container would -- in the
# test's namespaces and the chroot, as the image's user, with the image's
# environment and working directory.  A prefix, not a function, so that the
# command it starts is the process itself (execs all the way down).
prepare_run_in() {
    local user=$1 workdir vars
    workdir=$(config WorkingDir)
    uid=$(awk -F: -v u="$user" '$1 == u || $3 == u {print $3}' "$OUT/rootfs/etc/passwd")
    gid=$(awk -F: -v u="$user" '$1 == u || $3 == u {print $4}' "$OUT/rootfs/etc/passwd")
    mapfile -t vars < <(config Env | json_lines)
    run_in=(nsenter -t "$ns_pid" --net --mount
            chroot --userspec="$uid:$gid" "$OUT/rootfs"
            /usr/bin/env -i "${vars[@]}" HOME=/data
            /bin/sh -c 'cd "$0" && exec "$@"' "${workdir:-/}")
    [ -n "$uid" ]
}

json_lines() { python3 -c 'import json, sys; print("\n".join(json.load(sys.stdin)))'; }

# Network and mount namespaces held open by a sleeping process: the server
# gets a loopback of its own (port 8080 is free there, as in a container)
# and /proc is mounted where the host never sees it.
make_namespaces() {
    unshare --net --mount --propagation private sleep 900 &
    ns_pid=$!
    disown "$ns_pid"
    local i
    for i in $(seq 50); do
        [ "$(readlink /proc/$ns_pid/ns/net)" != "$(readlink /proc/self/ns/net)" ] && break
        sleep 0.1
    done
    [ "$(readlink /proc/$ns_pid/ns/net)" != "$(readlink /proc/self/ns/net)" ] &&
        [ "$(readlink /proc/$ns_pid/ns/mnt)" != "$(readlink /proc/self/ns/mnt)" ] &&
        nsenter -t "$ns_pid" --net python3 "$ROOT/tests/docker/probe.py" lo-up &&
        nsenter -t "$ns_pid" --mount mount -t proc proc "$OUT/rootfs/proc"
}

serve_and_probe() {
    step "starting the entrypoint in the exported image (own net + mount namespace)"
    check "namespaces for the server" make_namespaces || return
    check "the image's user is in its /etc/passwd" prepare_run_in "$(config User)" || return
    local -a entry
    mapfile -t entry < <(config Entrypoint | json_lines)
    "${run_in[@]}" "${entry[@]}" > "$OUT/server.log" 2>&1 &
    server_pid=$!
    local i
    for i in $(seq 100); do
        grep -q 'serving http://' "$OUT/server.log" && break
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    if ! grep -q 'serving http://0.0.0.0:8080/' "$OUT/server.log"; then
        bad "server starts and listens on 0.0.0.0:8080"
        sed 's/^/   | /' "$OUT/server.log"
        return
    fi
    ok "server starts and listens on 0.0.0.0:8080"

    step "probing the site"
    local line
    while IFS= read -r line; do
        case $line in
            ok*) ok "${line#ok   }" ;;
            FAIL*) bad "${line#FAIL }" ;;
            *) echo "   $line" ;;
        esac
    done < <(timeout 120 nsenter -t "$ns_pid" --net python3 "$ROOT/tests/docker/probe.py" site 8080 2>&1)

    local -a hc
    mapfile -t hc < <(config Healthcheck | python3 -c \
        'import json, sys; print("\n".join(json.load(sys.stdin)["Test"][1:]))')
    check "the image's HEALTHCHECK command succeeds" timeout 10 "${run_in[@]}" "${hc[@]}"
    check "database created in the /data volume, owned by the image's user" \
        test "$(stat -c %u "$OUT/rootfs/data/threadlab.db" 2>/dev/null)" = "$uid"

    step "stopping the server (SIGTERM)"
    kill -TERM "$server_pid"
    local rc=timeout
    for i in $(seq 100); do
        kill -0 "$server_pid" 2>/dev/null || { wait "$server_pid"; rc=$?; break; }
        sleep 0.1
    done
    server_pid=
    check "server stops cleanly on SIGTERM (status $rc)" test "$rc" = 0
    echo "   server log:"
    sed 's/^/   | /' "$OUT/server.log"
}

main() {
    [ "$(id -u)" -eq 0 ] || { bad "test-docker needs root (debootstrap, chroot)"; return; }
    local tool
    for tool in podman debootstrap unshare nsenter python3; do
        command -v "$tool" >/dev/null || { bad "$tool is missing (make deps installs it)"; return; }
    done
    mkdir -p "$OUT"
    step "base image"
    check "Debian base images ready" base_image || return
    check "image builds (native, wasm, web; golden tests pass inside)" build_image || return
    check_config
    check "image file system exported" export_rootfs || return
    check_rootfs
    serve_and_probe
}

main
