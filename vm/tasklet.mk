# vm/tasklet.mk -- tasklets and channels (the stackless module): their test
# suite, its ThreadSanitizer run and the tasklet benchmarks.  Included by the
# top Makefile (after vm/thread.mk, whose build/tsan/threadlab it reuses).
#
#   make test-tasklet    tests/tasklet (hand-checked .exp outputs), free-threaded and --gil
#   make tsan-tasklet    the cross-thread channel tests under ThreadSanitizer
#   make bench-tasklet   channel ping-pong vs python3 (generator trampoline,
#                        greenlet) and memory per blocked tasklet

TASKLET_TESTS = tests/tasklet

.PHONY: test-tasklet tsan-tasklet bench-tasklet

test-tasklet: build/threadlab
	python3 tests/run_golden.py --vm build/threadlab -j $(JOBS) --timeout 60 $(TASKLET_TESTS)
	python3 tests/run_golden.py --vm build/threadlab --vm-args=--gil -j $(JOBS) --timeout 60 $(TASKLET_TESTS)

tsan-tasklet: build/tsan/threadlab
	$(TSAN_ENV) python3 tests/run_golden.py --vm build/tsan/threadlab -j 1 --timeout 600 $(TASKLET_TESTS)/threads.py
	$(TSAN_ENV) python3 tests/run_golden.py --vm build/tsan/threadlab --vm-args=--gil -j 1 --timeout 600 $(TASKLET_TESTS)/threads.py

bench-tasklet: build/threadlab
	python3 tests/tasklet/bench/run.py --vm build/threadlab
