from checklib import *  # noqa: F401,F403 (inlined by tools/lessons.py)

need_module("threading")
mode, measure = need(load(), "mode", "measure")
expected = "gil" if gil_enabled() else "free"
got = within(2, "mode() did not return", mode)
if got != expected:
    fail("mode() returned %r but this VM runs %s: use sys._is_gil_enabled() "
         "when it exists, 'gil' when it does not" % (got, expected))

times = {}
for nthreads in (1, 2, 4):
    tally = Tally()
    arrived = set()
    alone = []
    gate = threading.Condition()

    def work():
        tally.enter()
        me = threading.get_ident()
        with gate:                      # each thread's first call waits for
            if me not in arrived:       # the others: proof they overlap
                arrived.add(me)
                gate.notify_all()
                if not gate.wait_for(lambda: len(arrived) >= nthreads, 1):
                    alone.append(me)
        x = 0
        for i in range(20000):
            x += i
        tally.leave()

    units = 8
    t0 = time.perf_counter()
    took = within(3, "measure() did not return within 3 s", measure, work,
                  units, nthreads)
    span = time.perf_counter() - t0
    if tally.calls != units:
        fail("measure(work, %d, %d) called work() %d times, not %d"
             % (units, nthreads, tally.calls, units))
    if len(tally.threads) != nthreads or alone:
        fail("measure(work, %d, %d) ran work() on %d thread(s), %s: start "
             "all %d threads, then join them"
             % (units, nthreads, len(tally.threads),
                "not all at the same time" if alone else "not %d" % nthreads,
                nthreads))
    if not isinstance(took, float) or not 0 < took <= span + 0.01:
        fail("measure() returned %r; return the elapsed seconds as a float "
             "(time.perf_counter() after the joins minus before the starts)"
             % (took,))
    times[nthreads] = took
note("mode %s: the same work on 2 threads ran %.2fx as fast as on 1 "
     "(1.0 = no gain, 2.0 = perfect)" % (expected, times[1] / times[2]))
ok()
