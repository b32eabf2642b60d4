from checklib import *  # noqa: F401,F403 (inlined by tools/lessons.py)

need_module("threading")
Account = need(load(), "Account")
stress()
STUCK = ("the threads did not finish within 3 s: is a lock left held? "
         "Use `with self.lock:` so it is released even when withdraw raises")


def many(fn, times, results):
    for _ in range(times):
        try:
            fn(1)
            results.append(True)
        except ValueError:
            results.append(False)


# Deposits from four threads at once.
acct = Account(0)
workers = [spawn(many, acct.deposit, 200, []) for _ in range(4)]
join_all(workers, 3, STUCK)
if acct.balance != 800:
    fail("4 threads deposited 200 x 1 each but the balance is %r: deposits "
         "were lost. Hold the account's lock around the read and the write"
         % acct.balance)

# Withdrawals racing for the last coins: the check and the update must be one.
acct = Account(100)
results = [[] for _ in range(4)]
workers = [spawn(many, acct.withdraw, 50, r) for r in results]
join_all(workers, 3, STUCK)
paid = sum(r.count(True) for r in results)
if acct.balance != 0 or paid != 100:
    fail("4 threads withdrew 1 at a time from 100: %d withdrawals succeeded "
         "and the balance is %r. Check the balance and update it under the "
         "same lock" % (paid, acct.balance))

# A refused withdrawal must leave the account usable.
acct = Account(5)
try:
    acct.withdraw(10)
    fail("withdraw(10) from a balance of 5 should raise ValueError")
except ValueError:
    pass
join_all([spawn(acct.deposit, 1)], 2,
         "after withdraw() raised ValueError, deposit() never got the lock: "
         "use `with self.lock:` so an exception releases it")
if acct.balance != 6:
    fail("balance after deposit(1) to 5 is %r" % acct.balance)
ok()
