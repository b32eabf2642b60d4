# server/server.mk -- threadlab-server: the site, the JSON API and native
# runs (included by the top Makefile).
#
#   build/threadlab-server       the server, with the VM linked in
#   make test-server             integration tests against real server processes
#   make load                    static req/s (wrk), concurrent runs, run latency
#
# The VM goes in as a static library of the same objects the CLI uses.  The
# tests also build build/threadlab-server-stub, the server with a C stand-in
# for the VM (tests/server/stub_exec.c), so HTTP, WebSocket, database and
# sandbox tests do not depend on the VM.

SERVER_SRC := $(addprefix server/,main.c http.c ws.c db.c runner.c json.c sandbox.c)
SERVER_OBJ := $(patsubst %.c,build/obj/%.o,$(SERVER_SRC))
SERVER_LIBS = $(shell pkg-config --libs libwebsockets sqlite3 libseccomp 2>/dev/null || echo -lwebsockets -lsqlite3 -lseccomp)
VM_LIB := build/libthreadlab.a
SERVER_NODE := tests/server/node_modules/.package-lock.json

.PHONY: test-server test-server-stub test-sandbox load

$(VM_LIB): $(filter-out build/obj/cli/%,$(OBJ))
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

build/threadlab-server: $(SERVER_OBJ) build/obj/server/vmhost.o $(VM_LIB)
	$(CC) $(CFLAGS) -o $@ $(SERVER_OBJ) build/obj/server/vmhost.o $(VM_LIB) $(SERVER_LIBS) $(LDLIBS)

build/threadlab-server-stub: $(SERVER_OBJ) build/obj/tests/server/stub_exec.o
	$(CC) $(CFLAGS) -o $@ $^ $(SERVER_LIBS) $(LDLIBS)

$(SERVER_NODE): tests/server/package.json tests/server/package-lock.json
	cd tests/server && npm ci --no-audit --no-fund --loglevel=error

# HTTP, WebSocket, database and sandbox tests (the VM stand-in), then the
# hostile programs of tests/sandbox/ against the real server.
test-server: test-server-stub test-sandbox

test-server-stub: build/threadlab-server-stub $(SERVER_NODE)
	node tests/server/run.mjs --server build/threadlab-server-stub
	node tests/server/faults.mjs --server build/threadlab-server-stub

test-sandbox: build/threadlab-server $(SERVER_NODE)
	node tests/server/sandbox.mjs --server build/threadlab-server --dir tests/sandbox

load: build/threadlab-server $(SERVER_NODE)
	node tests/server/load.mjs --server build/threadlab-server
