# Lesson 4: locks and with.
import threading
import time


class Account:
    def __init__(self, balance=0):
        self.balance = balance
        # TODO: a lock per account

    def deposit(self, amount):
        new = self.balance + amount
        time.sleep(0.0001)      # another thread may run here
        self.balance = new

    def withdraw(self, amount):
        if amount > self.balance:
            raise ValueError("insufficient funds")
        new = self.balance - amount
        time.sleep(0.0001)      # ...or here
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
