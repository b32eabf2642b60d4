# Lesson 5: deadlock -- lock ordering.
import threading
import time


class Account:
    def __init__(self, number, balance):
        self.number = number
        self.balance = balance
        self.lock = threading.Lock()


def transfer(src, dst, amount):
    with src.lock:
        time.sleep(0.001)       # the fraud check takes a moment
        with dst.lock:
            src.balance -= amount
            dst.balance += amount


if __name__ == "__main__":
    a, b = Account(1, 100), Account(2, 100)
    t1 = threading.Thread(target=lambda: [transfer(a, b, 1) for _ in range(50)])
    t2 = threading.Thread(target=lambda: [transfer(b, a, 1) for _ in range(50)])
    t1.start(); t2.start()
    t1.join(); t2.join()
    print(a.balance, b.balance)
