from checklib import *  # noqa: F401,F403 (inlined by tools/lessons.py)

pyb = need_module("pyb")
real_switch = pyb.Switch
callbacks = []


class Switch:
    """The real switch, remembering the handler so the check can press."""

    def __init__(self, *args):
        self.real = real_switch(*args)

    def callback(self, fn):
        callbacks.append(fn)
        return self.real.callback(fn)

    def value(self):
        return self.real.value()


class Servo:
    """A real servo that logs each commanded move."""

    def __init__(self, n, log):
        self.real, self.n, self.log = pyb.Servo(n), n, log

    def angle(self, *args):
        if args:
            self.log.append((time.monotonic(), self.n, args[0]))
        return self.real.angle(*args)

    def __getattr__(self, name):
        return getattr(self.real, name)


pyb.Switch = Switch
start = need(load(), "start")
log = []
stop = threading.Event()
threads = within(2, "start() did not return within 2 s: it must start the "
                 "threads and return, not sweep itself", start,
                 Servo(1, log), Servo(2, log), stop)
time.sleep(0.5)
first = {}
for when, n, angle in log:
    first.setdefault(n, when)
moves = [len([e for e in log if e[1] == n]) for n in (1, 2)]
if min(moves) < 2 or abs(first.get(1, 0) - first.get(2, 9)) > 0.2:
    fail("in 0.5 s servo 1 got %d moves and servo 2 %d, starting %s apart: "
         "sweep each servo in its own thread" % (
             moves[0], moves[1], "%.2f s" % abs(first.get(1, 0) - first.get(2, 0))
             if len(first) == 2 else "never"))
angles = {n: {a for _, m, a in log if m == n} for n in (1, 2)}
if angles[1] != {-45, 45} or angles[2] != {-90, 90}:
    fail("the servos moved to %r and %r; expected servo 1 between -45 and 45, "
         "servo 2 between -90 and 90" % (sorted(angles[1]), sorted(angles[2])))
if not callbacks:
    fail("nothing was registered with pyb.Switch().callback(...): the USR "
         "button must set stop")
callbacks[-1]()                             # press USR
if not isinstance(threads, (list, tuple)) or len(threads) != 2:
    fail("start() must return the two servo threads, got %r" % (threads,))
join_all(threads, 0.6, "the servo threads kept running after the button set "
         "stop: wait with stop.wait(period) and loop while not stop.is_set()")
ok()
