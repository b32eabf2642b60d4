# time (relative use only) and gc.
import time
import gc
t0 = time.monotonic()
p0 = time.perf_counter()
s = 0
for i in range(100000):
    s += i
t1 = time.monotonic()
p1 = time.perf_counter()
print(s, t1 >= t0, p1 > p0, type(time.time()).__name__, time.time() > 1.6e9)
time.sleep(0.01)
print(time.monotonic() - t0 >= 0.01)
print(type(gc.collect()).__name__, gc.isenabled())
gc.disable()
print(gc.isenabled())
gc.enable()
print(gc.isenabled())
class Node:
    def __init__(self):
        self.other = None
for _ in range(1000):
    a, b = Node(), Node()
    a.other, b.other = b, a
print(type(gc.collect()).__name__, "cycles collected")
