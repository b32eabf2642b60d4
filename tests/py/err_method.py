# Uncaught exception from deep inside methods and a lambda.
class Account:
    def __init__(self, balance):
        self.balance = balance
    def withdraw(self, amount):
        if amount > self.balance:
            raise ValueError("insufficient funds: %d > %d" % (amount, self.balance))
        self.balance -= amount
        return self.balance
    def withdraw_all(self, amounts):
        return list(map(lambda a: self.withdraw(a), amounts))
acct = Account(100)
print(acct.withdraw_all([10, 20]))
acct.withdraw_all([30, 50])
