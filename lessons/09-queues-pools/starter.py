# Lesson 9: queues and worker pools.
import queue
import threading
import time


def parallel_map(fn, items, nworkers):
    """[fn(x) for x in items], computed by a pool of nworkers threads."""
    results = [None] * len(items)

    def run(i, item):
        results[i] = fn(item)

    threads = [threading.Thread(target=run, args=(i, item))
               for i, item in enumerate(items)]      # one thread per item!
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


if __name__ == "__main__":
    def slow_square(x):
        time.sleep(0.05)
        return x * x
    start = time.perf_counter()
    print(parallel_map(slow_square, list(range(12)), 4))
    print("%.2f s" % (time.perf_counter() - start))
