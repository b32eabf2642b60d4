from checklib import *  # noqa: F401,F403 (inlined by tools/lessons.py)

stackless = need_module("stackless")
real_tasklet = stackless.tasklet
made = []


def recorded_tasklet(*args):
    t = real_tasklet(*args)
    made.append(t)
    return t


stackless.tasklet = recorded_tasklet
Service = need(load(), "Service")


def scenario(nworkers, nrequests):
    del made[:]
    handled, cleaned = [], []
    svc = Service(nworkers, handled.append, cleaned.append)
    workers = list(made)
    for r in range(nrequests):
        svc.requests.send(r)
    stackless.schedule()            # let the last request be handled
    svc.stop()
    return (sorted(handled), sorted(cleaned), [t.alive for t in workers],
            len(workers))


for nworkers, nrequests in ((3, 7), (1, 2), (5, 0)):
    handled, cleaned, alive, count = within(
        3, "stop() did not return within 3 s", scenario, nworkers, nrequests)
    if count < nworkers:
        fail("Service(%d, ...) made %d tasklets" % (nworkers, count))
    if handled != list(range(nrequests)):
        fail("the service handled %r of requests 0..%d" % (handled,
                                                          nrequests - 1))
    if any(alive):
        fail("%d of %d workers were still alive after stop(): they are "
             "blocked in receive() and never see a flag. Keep the tasklets "
             "and kill() each one" % (sum(alive), nworkers))
    if cleaned != list(range(nworkers)):
        fail("cleanup ran for workers %r, expected each of 0..%d once"
             % (cleaned, nworkers - 1))
ok()
