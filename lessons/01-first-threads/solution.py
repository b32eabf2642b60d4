# Lesson 1: first threads with _thread.
import _thread
import time


def square_later(n, results, i, done):
    try:
        time.sleep(0.05)        # slow work: a sensor read, a download...
        results[i] = n * n
    finally:
        done.release()          # tell the waiting thread we are finished


def squares(numbers):
    """n*n for every n, each computed in its own thread."""
    results = [None] * len(numbers)
    locks = []
    for i, n in enumerate(numbers):
        done = _thread.allocate_lock()
        done.acquire()          # held until the thread releases it
        locks.append(done)
        _thread.start_new_thread(square_later, (n, results, i, done))
    for done in locks:
        done.acquire()          # blocks until that thread is done
    return results


if __name__ == "__main__":
    print(squares([1, 2, 3, 4, 5]))
