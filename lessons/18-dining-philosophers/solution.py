# Lesson 18: dining philosophers.
import threading
import time


def dine(n, meals, eat):
    """n philosophers, each eating meals times with the forks on both sides."""
    forks = [threading.Lock() for _ in range(n)]

    def philosopher(i):
        a, b = i, (i + 1) % n
        first, second = forks[min(a, b)], forks[max(a, b)]   # a global order
        for _ in range(meals):
            with first:
                time.sleep(0.001)       # ponder the fork for a moment
                with second:
                    eat(i)

    diners = [threading.Thread(target=philosopher, args=(i,)) for i in range(n)]
    for d in diners:
        d.start()
    for d in diners:
        d.join()


if __name__ == "__main__":
    dine(5, 3, lambda i: print("philosopher", i, "eats"))
    print("everyone ate")
