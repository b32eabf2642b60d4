# wasm/wasm.mk -- the VM as WebAssembly with threads (included by the Makefile).
#
#   make wasm        build/wasm: tlcore.{mjs,worker.js,wasm}, threadlab.mjs, run.mjs
#   make test-wasm   the golden and thread suites through Node (run.mjs)
#   make bench-wasm  the benchmarks under wasm in Node against the native build
#
# Debian's Emscripten 3.1.6 needs NODE_PATH for its optimiser passes.  Every
# VM thread is a Web Worker over one shared, fixed-size memory (growth and
# pthreads do not mix well): 704 MiB holds the VM heap limit (256 MiB, see
# wasm/host.c), the VM thread's 8 MiB stack and the 1 MiB stacks of 255 more
# threads (the CLI's cap of 256; the page allows fewer, Node's runner all),
# with the slack for the allocator that 512 MiB left for 64.  The worker
# pool size is chosen at run time by the embedder (Module.tlwPool) and
# loads in the background, so start-up does not wait.

EMCC      ?= emcc
WASM_OPT  ?= -O2
WASM_ENV   = NODE_PATH=/usr/share/nodejs
WASM_CFLAGS = -std=c11 -D_GNU_SOURCE -Ivm -pthread $(WARN) $(WASM_OPT) \
	-Wno-tautological-constant-out-of-range-compare
WASM_LDFLAGS = -pthread $(WASM_OPT) --no-entry \
	-sMODULARIZE -sEXPORT_ES6 -sEXPORT_NAME=createTlCore \
	-sENVIRONMENT=web,worker,node \
	-sINITIAL_MEMORY=738197504 -sTOTAL_STACK=1048576 \
	-sDEFAULT_PTHREAD_STACK_SIZE=1048576 \
	-sPTHREAD_POOL_SIZE=Module.tlwPool -sPTHREAD_POOL_DELAY_LOAD \
	-sEXPORTED_FUNCTIONS=_malloc,_free \
	--js-library wasm/library.js --post-js wasm/post.js
WASM_NODE  = node --no-experimental-fetch

WASM_OBJ = $(patsubst %.c,build/wasm/obj/%.o,$(VM_SRC) wasm/host.c) build/wasm/obj/gen/frozen.o
WASM_OUT = build/wasm/tlcore.mjs build/wasm/threadlab.mjs build/wasm/run.mjs

.PHONY: wasm test-wasm bench-wasm
wasm: $(WASM_OUT)

build/wasm/obj/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	$(WASM_ENV) $(EMCC) $(WASM_CFLAGS) -MMD -MP -c $< -o $@

build/wasm/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(WASM_ENV) $(EMCC) $(WASM_CFLAGS) -MMD -MP -c $< -o $@

build/wasm/tlcore.mjs: $(WASM_OBJ) wasm/library.js wasm/post.js
	$(WASM_ENV) $(EMCC) $(WASM_LDFLAGS) -o $@ $(WASM_OBJ)

build/wasm/%.mjs: wasm/%.mjs
	@mkdir -p $(dir $@)
	cp $< $@

WASM_GOLDEN = python3 tests/run_golden.py -j $(JOBS) --timeout 60 --vm-cmd

test-wasm: wasm
	$(WASM_GOLDEN) "$(WASM_NODE) build/wasm/run.mjs"
	$(WASM_GOLDEN) "$(WASM_NODE) build/wasm/run.mjs" tests/thread
	$(WASM_GOLDEN) "$(WASM_NODE) build/wasm/run.mjs --gil" tests/thread

# The "python3" column of the table is the native build here.  V8 keeps a
# running function in its baseline tier (the page warms the module up, see
# threadlab.mjs); --no-liftoff measures the optimised code the page gets.
bench-wasm: wasm build/threadlab
	python3 tests/run_bench.py --vm-cmd "$(WASM_NODE) --no-liftoff build/wasm/run.mjs" \
		--python $(CURDIR)/build/threadlab

-include $(shell find build/wasm/obj -name '*.d' 2>/dev/null)
