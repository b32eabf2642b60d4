# threadlab -- the whole playground in one container: the site, the lessons,
# the JSON API and native runs.
#
#   docker build -t threadlab .
#   docker run --init -p 8080:8080 -v threadlab-data:/data threadlab
#
# Two stages.  The build stage has the toolchains (gcc for the server and the
# VM, Emscripten for the VM as WebAssembly, Node and npm for the page's
# bundle), builds everything from source and runs the native unit tests, so
# an image is only ever made from a tree that passes them.  The runtime
# stage is the slim base plus the three shared libraries the server links
# against; it has no compiler, no Node and no package lists.
#
# Layers are ordered by how rarely they change: the apt set first (the big
# download, cached across source edits), then the npm packages (cached
# until web/package-lock.json changes), then the sources.

FROM debian:bookworm AS build
LABEL org.opencontainers.image.title=threadlab
ENV DEBIAN_FRONTEND=noninteractive
# --no-install-recommends keeps the set to what the build runs: gcc needs
# libc6-dev spelled out then.  emscripten brings clang, lld, binaryen, Node
# and acorn; its prebuilt system libraries ship in the package.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
        make gcc libc6-dev pkg-config python3 \
        libwebsockets-dev libsqlite3-dev libseccomp-dev \
        emscripten nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY web/package.json web/package-lock.json web/
# Behind a proxy that intercepts TLS, hand npm the CA bundle that trusts it
# as a build secret (used for this step only, never stored in the image):
#   docker build --secret id=cacert,src=/etc/ssl/certs/ca-certificates.crt .
RUN --mount=type=secret,id=cacert \
    if [ -s /run/secrets/cacert ]; then export NODE_EXTRA_CA_CERTS=/run/secrets/cacert; fi \
 && cd web && npm ci --no-audit --no-fund --loglevel=error \
 && touch node_modules/.package-lock.json
COPY . .
RUN make -j2 all build/threadlab-server web lessons \
 && test -f build/web/index.html
RUN make test-golden JOBS=2

FROM debian:bookworm-slim
LABEL org.opencontainers.image.title=threadlab \
      org.opencontainers.image.description="threadlab: a playground for threads and tasklets in Python"
ENV DEBIAN_FRONTEND=noninteractive
# libwebsockets17 brings libssl3, libcap2 and zlib1g with it.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
        libwebsockets17 libsqlite3-0 libseccomp2 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --user-group --uid 10001 --home-dir /data \
        --shell /usr/sbin/nologin threadlab \
 && mkdir /data && chown threadlab:threadlab /data
COPY --from=build /src/build/threadlab-server /usr/local/bin/threadlab-server
COPY --from=build /src/build/web /app/web
COPY --from=build /src/build/lessons /app/lessons
WORKDIR /app
USER threadlab
VOLUME /data
EXPOSE 8080
# bash (always in the base) speaks enough HTTP through /dev/tcp for this,
# so no HTTP client is installed just for the health check.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /api/health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# The fixed part of the command line; flags given to `docker run` are
# appended and win over these (e.g. `--max-runs 4`).
ENTRYPOINT ["/usr/local/bin/threadlab-server", "--host", "0.0.0.0", "--port", "8080", \
            "--db", "/data/threadlab.db", "--web", "/app/web", "--lessons", "/app/lessons"]
CMD []
