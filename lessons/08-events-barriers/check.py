from checklib import *  # noqa: F401,F403 (inlined by tools/lessons.py)

need_module("threading")
run_in_phases = need(load(), "run_in_phases")
stress()

for nthreads, phases in ((3, 4), (5, 3)):
    lock = threading.Lock()
    finished = [0] * phases
    problems = []
    tids = set()

    def step(tid, phase):
        with lock:
            tids.add(threading.get_ident())
            if phase and finished[phase - 1] != nthreads:
                problems.append("thread %d started phase %d while only %d of "
                                "%d threads had finished phase %d"
                                % (tid, phase, finished[phase - 1], nthreads,
                                   phase - 1))
        time.sleep(0.004 * (tid % 3))   # fast and slow threads
        with lock:
            finished[phase] += 1

    within(3, "run_in_phases() did not return within 3 s: is every thread "
           "waiting at a Barrier of nthreads parties?", run_in_phases,
           nthreads, phases, step)
    if problems:
        fail(problems[0] + ": wait at a threading.Barrier(nthreads) after "
             "each phase")
    if finished != [nthreads] * phases:
        fail("run_in_phases(%d, %d, step) ran the phases %r times each"
             % (nthreads, phases, finished))
    if len(tids) < nthreads:
        fail("step() ran on %d threads, not %d" % (len(tids), nthreads))
ok()
