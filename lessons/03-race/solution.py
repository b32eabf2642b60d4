# Lesson 3: the race -- counter += 1 loses updates.
import threading
import time


def worker(counts, i, n):
    for _ in range(n):
        value = counts[i]       # only this thread touches counts[i]
        time.sleep(0.0001)      # a switch here is harmless now
        counts[i] = value + 1


def count_with_threads(nthreads, n):
    """Count to nthreads * n, n counts in each of nthreads threads."""
    counts = [0] * nthreads
    threads = [threading.Thread(target=worker, args=(counts, i, n))
               for i in range(nthreads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()                # after join, the slots are final
    return sum(counts)


if __name__ == "__main__":
    got = count_with_threads(4, 1000)
    print("counted", got, "of 4000; lost", 4000 - got)
