from checklib import *  # noqa: F401,F403 (inlined by tools/lessons.py)
import random

need_module("threading")
Service = need(load(), "Service")
stress()
rng = random.Random(1)          # the same "unlucky" delays on every run


def cycle(delay):
    service = Service(lambda: time.sleep(delay))
    service.start()
    if not service.running:
        return ("not running right after start() (setup took %.1f ms): wait "
                "in start() for an Event the thread sets once running"
                % (delay * 1000))
    service.stop()
    if service.running or (service.thread and service.thread.is_alive()):
        return ("still running right after stop(): join the thread in stop()")
    return None


for run in range(40):
    delay = rng.choice((0.0, 0.001, 0.002, 0.004))
    problem = within(3, "start() or stop() did not return within 3 s",
                     cycle, delay)
    if problem:
        fail("run %d of 40: %s" % (run + 1, problem))
ok()
