# Lesson 10: the GIL -- measure CPU scaling with and without it.
import sys
import threading
import time


def mode():
    """'gil' or 'free': which mode this VM runs in."""
    probe = getattr(sys, "_is_gil_enabled", None)
    if probe is None:
        return "gil"            # before CPython 3.13 there is always a GIL
    return "gil" if probe() else "free"


def measure(work, units, nthreads):
    """Seconds to call work() units times in total, over nthreads threads."""
    shares = [units // nthreads + (i < units % nthreads) for i in range(nthreads)]

    def run(count):
        for _ in range(count):
            work()

    threads = [threading.Thread(target=run, args=(n,)) for n in shares]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start


def spin():
    x = 0
    for i in range(100_000):
        x += i


if __name__ == "__main__":
    one = measure(spin, 8, 1)
    two = measure(spin, 8, 2)
    print("mode %s: 1 thread %.3f s, 2 threads %.3f s, speed-up %.2fx"
          % (mode(), one, two, one / two))
