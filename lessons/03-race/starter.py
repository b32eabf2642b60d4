# Lesson 3: the race -- counter += 1 loses updates.
import threading
import time

counter = 0


def worker(n):
    global counter
    for _ in range(n):
        value = counter         # load
        time.sleep(0.0001)      # a switch to another thread happens here
        counter = value + 1     # store: overwrites what others stored meanwhile


def count_with_threads(nthreads, n):
    """Count to nthreads * n, n counts in each of nthreads threads."""
    global counter
    counter = 0
    threads = [threading.Thread(target=worker, args=(n,))
               for _ in range(nthreads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return counter


if __name__ == "__main__":
    got = count_with_threads(4, 1000)
    print("counted", got, "of 4000; lost", 4000 - got)
