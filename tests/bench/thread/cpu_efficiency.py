# CPU efficiency e = 2*T1/T2: T1 one thread doing N iterations, T2 two
# threads doing N each at once.  2.0 is perfect parallelism, 1.0 none.
import threading
import time

N = 10_000_000


def spin(n):
    x = 0
    for i in range(n):
        x += i & 7
    return x


def timed(nthreads):
    ts = [threading.Thread(target=spin, args=(N,)) for _ in range(nthreads)]
    t0 = time.perf_counter()
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return time.perf_counter() - t0


t1 = min(timed(1) for _ in range(2))
t2 = min(timed(2) for _ in range(2))
print("cpu_efficiency %.2f e" % (2 * t1 / t2))
