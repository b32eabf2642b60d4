# threading.Thread: naming, arguments, lifecycle, errors, subclassing.
import threading
import time

results = []


def worker(a, b=0, *, scale=1):
    results.append((a + b) * scale)


t = threading.Thread(target=worker, args=(1,), kwargs={"b": 2, "scale": 10})
print(t.name, t.daemon, t.ident is None, t.is_alive())
print(repr(t))
t.start()
t.join()
print(results, t.is_alive(), t.ident is not None)
print(repr(t).replace(str(t.ident), "ID"))

named = threading.Thread(target=worker, args=(5,), name="custom")
print(named.name)
named.name = "renamed"
print(named.name)
anon = threading.Thread()
print(anon.name.startswith("Thread-"), "(" not in anon.name)

try:
    t.start()
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    threading.Thread(target=worker).join()
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    threading.current_thread().join()
except RuntimeError as e:
    print("RuntimeError:", e)
d = threading.Thread(target=worker, args=(0,), daemon=True)
print(d.daemon)
d.start()
d.join()
try:
    d.daemon = False
except RuntimeError as e:
    print("RuntimeError:", e)


class Counter(threading.Thread):
    def __init__(self, n):
        super().__init__(name="counter-%d" % n)
        self.n = n
        self.total = 0

    def run(self):
        for i in range(self.n):
            self.total += i
        self.seen = threading.current_thread() is self


cs = [Counter(n) for n in (10, 100, 1000)]
for c in cs:
    c.start()
for c in cs:
    c.join()
print([(c.name, c.total, c.seen) for c in cs])

main = threading.main_thread()
print(main.name, main is threading.current_thread(), main.is_alive())
print(threading.current_thread().ident == threading.get_ident())
print(type(threading.get_native_id()).__name__)

gate = threading.Event()
names = []


def waiter():
    names.append(threading.current_thread().name)
    gate.wait()


ws = [threading.Thread(target=waiter, name="w%d" % i) for i in range(3)]
for w in ws:
    w.start()
while len(names) < 3:
    time.sleep(0.001)
print(threading.active_count(), sorted(t.name for t in threading.enumerate()))
gate.set()
for w in ws:
    w.join(timeout=5)
print(threading.active_count(), [w.is_alive() for w in ws])
slow = threading.Thread(target=time.sleep, args=(0.3,))
slow.start()
t0 = time.monotonic()
slow.join(0.05)
print(slow.is_alive(), 0.04 < time.monotonic() - t0 < 0.25)
slow.join()
print(slow.is_alive())
