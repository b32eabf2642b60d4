# The watchdog: run(timeout) preempts by instruction ticks and returns the
# interrupted tasklet; atomic inhibits it; a lock built from a channel.
import stackless

progress = {}


def spin(name, n):
    i = 0
    while i < n:
        i += 1
        progress[name] = i
    print(name, "finished")


a = stackless.tasklet(spin)("a", 2000)
b = stackless.tasklet(spin)("b", 2000)
interrupted = []
while True:
    t = stackless.run(100)
    if t is None:
        break
    interrupted.append(t)
    print_once = len(interrupted) == 1
    if print_once:
        print("first interrupt: a or b?", t is a or t is b, "alive", t.alive,
              "scheduled", t.scheduled, "both started:", "a" in progress)
    t.insert()
print("interrupts > 10:", len(interrupted) > 10, "both seen:", a in interrupted and b in interrupted)
print(progress)

# atomic: no preemption while it is set
def atomic_spin():
    old = stackless.getcurrent().set_atomic(True)
    i = 0
    while i < 2000:
        i += 1
    stackless.getcurrent().set_atomic(old)
    print("atomic part done without interruption")
    while True:                        # now it can be preempted
        i += 1


s = stackless.tasklet(atomic_spin)()
t = stackless.run(50)
print("interrupted after atomic:", t is s, s.alive, s.atomic)
s.kill()
print("killed:", s.alive)

# the atomic() context manager nests and restores
cur = stackless.getcurrent()
with stackless.atomic():
    print("inside:", cur.atomic)
    with stackless.atomic():
        print("nested:", cur.atomic)
    print("still:", cur.atomic)
print("after:", cur.atomic)

# totaltimeout bounds the whole run
def forever():
    while True:
        stackless.schedule()


f1, f2 = stackless.tasklet(forever)(), stackless.tasklet(forever)()
t = stackless.run(totaltimeout=500)
print("totaltimeout returned a tasklet:", t is f1 or t is f2)
f1.kill(); f2.kill()
print("runcount:", stackless.getruncount())


class ChannelLock:
    def __init__(self):
        self.locked = False
        self.waiters = stackless.channel()

    def acquire(self):
        with stackless.atomic():
            if not self.locked:
                self.locked = True
                return
            self.waiters.receive()     # release() hands the lock over

    def release(self):
        with stackless.atomic():
            if self.waiters.balance < 0:
                self.waiters.send(None)
            else:
                self.locked = False


def counted(slice_):
    lock = ChannelLock()
    counter = [0]

    def worker():
        for _ in range(30):
            lock.acquire()
            v = counter[0]
            if v % 4 == 0:
                stackless.schedule()   # yield while holding the lock
            counter[0] = v + 1
            lock.release()

    for _ in range(5):
        stackless.tasklet(worker)()
    while True:
        busy = stackless.run(slice_)
        if busy is None:
            break
        busy.insert()
    return counter[0]


print("channel lock:", [counted(s) for s in (0, 7, 13, 29)])
