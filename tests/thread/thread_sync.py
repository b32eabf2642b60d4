# Semaphore, BoundedSemaphore, Event, Barrier and Timer.
import threading
import time

s = threading.Semaphore(2)
print(s.acquire(), s.acquire(), s.acquire(False), s.acquire(timeout=0.02))
s.release(2)
print(s.acquire(blocking=False), s._value)
for bad in (lambda: threading.Semaphore(-1), lambda: s.release(0),
            lambda: s.acquire(False, 1)):
    try:
        bad()
    except ValueError as e:
        print("ValueError:", e)
b = threading.BoundedSemaphore(1)
with b:
    pass
try:
    b.release()
except ValueError as e:
    print("ValueError:", e)

# At most 3 workers inside the semaphore at once.
limit = threading.Semaphore(3)
inside = 0
peak = 0
guard = threading.Lock()


def limited():
    global inside, peak
    with limit:
        with guard:
            inside += 1
            peak = max(peak, inside)
        time.sleep(0.01)
        with guard:
            inside -= 1


ts = [threading.Thread(target=limited) for _ in range(8)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("peak <= 3:", 1 <= peak <= 3)

e = threading.Event()
print(e.is_set(), e.wait(0.01))


def later():
    time.sleep(0.02)
    e.set()


threading.Thread(target=later).start()
print(e.wait(5), e.is_set())
e.clear()
print(e.is_set())

bar = threading.Barrier(3, action=lambda: print("action runs once"))
idx = []


def party():
    idx.append(bar.wait())


ps = [threading.Thread(target=party) for _ in range(3)]
for p in ps:
    p.start()
for p in ps:
    p.join()
print(sorted(idx), bar.parties, bar.n_waiting, bar.broken)

bar2 = threading.Barrier(2)
errs = []


def late():
    try:
        bar2.wait()
    except threading.BrokenBarrierError:
        errs.append("broken")


p = threading.Thread(target=late)
p.start()
while bar2.n_waiting < 1:
    time.sleep(0.001)
bar2.abort()
p.join()
print(errs, bar2.broken)
bar2.reset()
print(bar2.broken)
try:
    threading.Barrier(2, timeout=0.02).wait()
except threading.BrokenBarrierError:
    print("timed out -> BrokenBarrierError", issubclass(threading.BrokenBarrierError, RuntimeError))

fired = []
tm = threading.Timer(0.02, fired.append, args=["fired"])
tm.start()
tm.join()
tc = threading.Timer(5, fired.append, args=["cancelled"])
tc.start()
tc.cancel()
tc.join()
print(fired)
