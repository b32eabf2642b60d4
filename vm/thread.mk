# vm/thread.mk -- threads: their test suite in both modes, ThreadSanitizer,
# and the thread benchmarks.  Included by the top Makefile.
#
#   make test-thread   tests/thread (and the stress programs) free-threaded and --gil
#   make tsan          the same under ThreadSanitizer (clang): any report fails
#   make bench-thread  thread benchmarks side by side with python3

TSAN_CC    ?= clang
TSAN_FLAGS  = -fsanitize=thread -fno-omit-frame-pointer -O1 -g
TSAN_OBJ    = $(patsubst %.c,build/tsan/%.o,$(VM_SRC) $(CLI_SRC)) build/tsan/gen/frozen.o
# A report makes the run fail with status 66 and puts text on stderr, so the
# golden comparison fails too.
TSAN_ENV    = TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1"
THREAD_TESTS = tests/thread

.PHONY: test-thread tsan bench-thread

test-thread: build/threadlab
	python3 tests/run_golden.py --vm build/threadlab -j $(JOBS) --timeout 60 $(THREAD_TESTS)
	python3 tests/run_golden.py --vm build/threadlab --vm-args=--gil -j $(JOBS) --timeout 60 $(THREAD_TESTS)

build/tsan/threadlab: $(TSAN_OBJ)
	$(TSAN_CC) $(TSAN_FLAGS) -o $@ $(TSAN_OBJ) $(LDLIBS)

build/tsan/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	$(TSAN_CC) $(BASE) $(TSAN_FLAGS) -MMD -MP -c $< -o $@

build/tsan/%.o: %.c
	@mkdir -p $(dir $@)
	$(TSAN_CC) $(BASE) $(TSAN_FLAGS) -MMD -MP -c $< -o $@

tsan: build/tsan/threadlab
	$(TSAN_ENV) python3 tests/run_golden.py --vm build/tsan/threadlab -j 1 --timeout 600 $(THREAD_TESTS)
	$(TSAN_ENV) python3 tests/run_golden.py --vm build/tsan/threadlab --vm-args=--gil -j 1 --timeout 600 $(THREAD_TESTS)

bench-thread: build/threadlab
	python3 tests/bench/thread/run.py --vm build/threadlab
