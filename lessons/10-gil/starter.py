# Lesson 10: the GIL -- measure CPU scaling with and without it.
import sys
import threading
import time


def mode():
    """'gil' or 'free': which mode this VM runs in."""
    return "free"               # TODO: ask sys._is_gil_enabled() if it exists


def measure(work, units, nthreads):
    """Seconds to call work() units times in total, over nthreads threads."""
    start = time.perf_counter()
    for _ in range(units):      # TODO: split the calls over nthreads threads
        work()
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
