from checklib import *  # noqa: F401,F403 (inlined by tools/lessons.py)

need_module("threading")
need_module("queue")
parallel_map = need(load(), "parallel_map")
started = count_thread_starts()
stress()

for nworkers, count in ((4, 16), (2, 8), (3, 3)):
    tally = Tally()

    def fn(x):
        tally.enter()
        time.sleep(0.03)
        tally.leave()
        return x * 10

    items = list(range(count))
    alive = threading.active_count()
    before = started["n"]
    t0 = time.monotonic()
    got = within(3, "parallel_map() did not return within 3 s: does every "
                 "worker get a sentinel?", parallel_map, fn, items, nworkers)
    took = time.monotonic() - t0
    threads = started["n"] - before
    if got != [x * 10 for x in items]:
        fail("parallel_map(fn, %r, %d) returned %r: put (index, item) jobs on "
             "the queue so results land in order" % (items, nworkers, got))
    if threads > nworkers or tally.peak > nworkers:
        fail("parallel_map(fn, %d items, %d) started %d threads and ran fn "
             "%d at a time: use exactly nworkers threads taking jobs from a "
             "queue.Queue" % (count, nworkers, threads, tally.peak))
    if tally.peak < min(nworkers, count) - 1 or took > 0.6:
        fail("parallel_map ran at most %d calls at a time and took %.2f s: "
             "start all the workers before waiting" % (tally.peak, took))
    if len(tally.threads) > nworkers:
        fail("fn ran on %d different threads; only the %d workers should "
             "call it" % (len(tally.threads), nworkers))
    settle(alive, 1, "%d worker threads were still alive after parallel_map "
           "returned: put one sentinel per worker and join them"
           % (threading.active_count() - alive))
ok()
