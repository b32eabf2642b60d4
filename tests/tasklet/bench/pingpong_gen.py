# CPython's nearest idiom: two generators and a trampoline passing values.
import sys
import time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 200000


def pinger(n):
    v = 0
    for _ in range(n):
        v = yield ("pong", v)
    yield ("done", v)


def ponger():
    v = yield
    while True:
        v = yield ("ping", v + 1)


def trampoline(n):
    tasks = {"ping": pinger(n), "pong": ponger()}
    next(tasks["pong"])
    target, v = next(tasks["ping"])
    while target != "done":
        target, v = tasks[target].send(v)
    return v


t0 = time.perf_counter()
v = trampoline(N)
dt = time.perf_counter() - t0
assert v == N
print("%.0f" % (N / dt))
