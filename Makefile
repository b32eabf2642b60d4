# threadlab -- the one way to build, test and run.
#
#   make            build build/threadlab (the VM and its CLI)
#   make test       install what is missing, build, run every test suite
#   make bench      benchmarks side by side with python3
#   make asan       the VM under AddressSanitizer + UBSan (build/asan/threadlab)
#   make fuzz       libFuzzer over compile+run for FUZZ_SECONDS (clang)
#   make deps       install the Debian/npm packages the build needs
#   make serve      build everything and serve the playground on 127.0.0.1:8080
#   make load       server load figures (static req/s, runs, run latency)

CC      ?= cc
JOBS    ?= 2
OPT     ?= -O2
CFLAGS  ?= $(OPT) -g
WARN     = -Wall -Wextra -Werror
BASE     = -std=c11 -D_GNU_SOURCE -Ivm -pthread $(WARN)
LDLIBS   = -lm -pthread
FUZZ_SECONDS ?= 60

VM_SRC  := $(sort $(wildcard vm/*.c))
LIB_PY  := $(sort $(wildcard vm/lib/*.py))
GEN_SRC := build/gen/frozen.c
CLI_SRC := cli/main.c

OBJ      = $(patsubst %.c,build/obj/%.o,$(VM_SRC) $(CLI_SRC)) build/obj/gen/frozen.o
ASAN_OBJ = $(patsubst %.c,build/asan/%.o,$(VM_SRC) $(CLI_SRC)) build/asan/gen/frozen.o
FUZZ_OBJ = $(patsubst %.c,build/fuzz/%.o,$(VM_SRC)) build/fuzz/gen/frozen.o

SAN = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

.PHONY: all test test-golden test-asan bench asan fuzz deps clean serve
all: build/threadlab

build/threadlab: $(OBJ)
	$(CC) $(CFLAGS) -o $@ $(OBJ) $(LDLIBS)

build/obj/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(BASE) $(CFLAGS) -MMD -MP -c $< -o $@

build/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(BASE) $(CFLAGS) -MMD -MP -c $< -o $@

$(GEN_SRC): tools/freeze.py $(LIB_PY)
	@mkdir -p $(dir $@)
	python3 tools/freeze.py $@ $(LIB_PY)

# --- sanitizers -------------------------------------------------------------
asan: build/asan/threadlab

build/asan/threadlab: $(ASAN_OBJ)
	$(CC) $(SAN) -O1 -g -o $@ $(ASAN_OBJ) $(LDLIBS)

build/asan/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(BASE) $(SAN) -O1 -g -MMD -MP -c $< -o $@

build/asan/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(BASE) $(SAN) -O1 -g -MMD -MP -c $< -o $@

# --- fuzzing (clang's libFuzzer) --------------------------------------------
FUZZ_CC = clang
FUZZ_FLAGS = -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -O1 -g

build/fuzz/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(BASE) $(FUZZ_FLAGS) -MMD -MP -c $< -o $@

build/fuzz/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(BASE) $(FUZZ_FLAGS) -MMD -MP -c $< -o $@

build/fuzz/fuzz_vm: $(FUZZ_OBJ) tests/fuzz/fuzz_vm.c
	$(FUZZ_CC) $(BASE) -fsanitize=fuzzer,address,undefined -O1 -g -o $@ tests/fuzz/fuzz_vm.c $(FUZZ_OBJ) $(LDLIBS)

fuzz: build/fuzz/fuzz_vm
	python3 tests/fuzz/run_fuzz.py --seconds $(FUZZ_SECONDS)

# --- tests and benchmarks ---------------------------------------------------
test: deps
	$(MAKE) -j$(JOBS) all asan build/threadlab-server web lessons
	$(MAKE) test-golden test-asan test-thread test-tasklet test-board tsan tsan-tasklet fuzz \
		test-server test-board-server test-lessons test-wasm test-web test-board-web test-docker

serve: deps
	$(MAKE) -j$(JOBS) all build/threadlab-server web lessons
	@mkdir -p data
	build/threadlab-server --host 127.0.0.1 --port 8080 --db data/threadlab.db \
		--web build/web --lessons build/lessons

test-golden: build/threadlab
	python3 tests/run_golden.py --vm build/threadlab -j $(JOBS)

test-asan: build/asan/threadlab
	ASAN_OPTIONS=detect_leaks=0 python3 tests/run_golden.py --vm build/asan/threadlab -j $(JOBS) --timeout 60

bench: build/threadlab
	python3 tests/run_bench.py --vm build/threadlab
	$(MAKE) bench-thread bench-tasklet

deps:
	@sh tools/deps.sh

clean:
	rm -rf build

include vm/thread.mk
include vm/tasklet.mk
include vm/board.mk
include server/server.mk
include wasm/wasm.mk
include web/web.mk
include lessons/lessons.mk
include tests/docker/docker.mk

-include $(shell find build/obj build/asan build/fuzz build/tsan -name '*.d' 2>/dev/null)
