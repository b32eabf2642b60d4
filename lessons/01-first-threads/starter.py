# Lesson 1: first threads with _thread.
import _thread
import time


def square_later(n, results, i):
    time.sleep(0.05)            # slow work: a sensor read, a download...
    results[i] = n * n


def squares(numbers):
    """n*n for every n, each computed in its own thread."""
    results = [None] * len(numbers)
    for i, n in enumerate(numbers):
        _thread.start_new_thread(square_later, (n, results, i))
    # TODO: wait until every thread has stored its result.
    return results


if __name__ == "__main__":
    print(squares([1, 2, 3, 4, 5]))
