# A bank simulation with classes, exceptions, class-level registry and transaction log.
class InsufficientFunds(Exception):
    def __init__(self, account, amount):
        super().__init__("account %s: cannot withdraw %d (balance %d)" % (account.number, amount, account.balance))
        self.shortfall = amount - account.balance
class Account:
    registry = {}
    next_number = 1000
    def __init__(self, owner, balance=0):
        self.owner = owner
        self.balance = balance
        self.number = Account.next_number
        Account.next_number += 1
        Account.registry[self.number] = self
        self.log = []
    def deposit(self, amount):
        if amount <= 0:
            raise ValueError("deposit must be positive")
        self.balance += amount
        self.log.append(("dep", amount))
    def withdraw(self, amount):
        if amount > self.balance:
            raise InsufficientFunds(self, amount)
        self.balance -= amount
        self.log.append(("wd", amount))
    def __repr__(self):
        return "<Account %d %s: %d>" % (self.number, self.owner, self.balance)
class Savings(Account):
    rate = 0.02
    def add_interest(self):
        interest = int(self.balance * self.rate)
        self.deposit(interest)
        return interest
def transfer(src, dst, amount):
    try:
        src.withdraw(amount)
    except InsufficientFunds as e:
        print("transfer failed:", e, "short by", e.shortfall)
        return False
    dst.deposit(amount)
    return True
a = Account("ann", 100)
b = Savings("bob", 5000)
print(a, b)
print(transfer(a, b, 30), transfer(a, b, 100), transfer(b, a, 1234))
print(b.add_interest(), b, a)
try:
    a.deposit(-5)
except ValueError as e:
    print("ValueError:", e)
print(a.log, b.log)
print(sorted(Account.registry), Account.registry[1001].owner, sum(acc.balance for acc in Account.registry.values()))
