# Lesson 4: locks and with.
import threading
import time


class Account:
    def __init__(self, balance=0):
        self.balance = balance
        self.lock = threading.Lock()

    def deposit(self, amount):
        with self.lock:
            new = self.balance + amount
            time.sleep(0.0001)  # a switch here no longer matters
            self.balance = new

    def withdraw(self, amount):
        with self.lock:         # the check and the update are one step
            if amount > self.balance:
                raise ValueError("insufficient funds")   # with releases
            new = self.balance - amount
            time.sleep(0.0001)
            self.balance = new


if __name__ == "__main__":
    acct = Account()
    threads = [threading.Thread(target=lambda: [acct.deposit(1) for _ in range(500)])
               for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("balance", acct.balance, "(expected 2000)")
