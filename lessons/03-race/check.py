from checklib import *  # noqa: F401,F403 (inlined by tools/lessons.py)

need_module("threading")
started = count_thread_starts()
count = need(load(), "count_with_threads")
stress()
note("GIL %s" % ("on" if gil_enabled() else "off (free-threaded)"))
for nthreads, n in ((4, 300), (2, 500), (8, 100), (4, 300)):
    before = started["n"]
    got = within(3, "count_with_threads() did not finish within 3 s", count,
                 nthreads, n)
    if started["n"] - before < nthreads:
        fail("count_with_threads(%d, %d) must count in %d threads"
             % (nthreads, n, nthreads))
    if got != nthreads * n:
        fail("count_with_threads(%d, %d) returned %r, not %d: updates were "
             "lost between the load and the store. Give each thread its own "
             "count and add them up after join()" % (nthreads, n, got,
                                                     nthreads * n))
ok()
