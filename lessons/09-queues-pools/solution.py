# Lesson 9: queues and worker pools.
import queue
import threading
import time


def parallel_map(fn, items, nworkers):
    """[fn(x) for x in items], computed by a pool of nworkers threads."""
    results = [None] * len(items)
    jobs = queue.Queue()

    def worker():
        while True:
            job = jobs.get()
            if job is None:             # sentinel: no more work
                return
            i, item = job
            results[i] = fn(item)

    pool = [threading.Thread(target=worker) for _ in range(nworkers)]
    for t in pool:
        t.start()
    for job in enumerate(items):
        jobs.put(job)
    for _ in pool:
        jobs.put(None)                  # one sentinel per worker
    for t in pool:
        t.join()
    return results


if __name__ == "__main__":
    def slow_square(x):
        time.sleep(0.05)
        return x * x
    start = time.perf_counter()
    print(parallel_map(slow_square, list(range(12)), 4))
    print("%.2f s" % (time.perf_counter() - start))
