from checklib import *  # noqa: F401,F403 (inlined by tools/lessons.py)

need_module("threading")
ns = load()
Account, transfer = need(ns, "Account", "transfer")
stress()


def many(src, dst, times):
    for _ in range(times):
        transfer(src, dst, 1)


# The accounts get numbers in a scrambled order, so "whoever came first"
# is not the same as "lowest number first".
a, b, c = Account(7, 1000), Account(3, 1000), Account(5, 1000)
routes = [(a, b), (b, a), (b, c), (c, b), (c, a), (a, c)]
workers = [spawn(many, src, dst, 25) for src, dst in routes]
join_all(workers, 4, "deadlock: the transfers stopped moving. Two threads "
         "each hold one account's lock and wait for the other's. Take both "
         "locks in one global order: lower Account.number first")
total = a.balance + b.balance + c.balance
if total != 3000 or (a.balance, b.balance, c.balance) != (1000, 1000, 1000):
    fail("after transfers that cancel out, the balances are %d, %d, %d "
         "(expected 1000 each): update both balances while holding both locks"
         % (a.balance, b.balance, c.balance))
ok()
