# Lesson 18: dining philosophers.
import threading
import time


def dine(n, meals, eat):
    """n philosophers, each eating meals times with the forks on both sides."""
    forks = [threading.Lock() for _ in range(n)]

    def philosopher(i):
        left, right = forks[i], forks[(i + 1) % n]
        for _ in range(meals):
            with left:
                time.sleep(0.001)       # ponder the fork for a moment
                with right:
                    eat(i)

    diners = [threading.Thread(target=philosopher, args=(i,)) for i in range(n)]
    for d in diners:
        d.start()
    for d in diners:
        d.join()


if __name__ == "__main__":
    dine(5, 3, lambda i: print("philosopher", i, "eats"))
    print("everyone ate")
