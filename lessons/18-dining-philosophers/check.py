from checklib import *  # noqa: F401,F403 (inlined by tools/lessons.py)

need_module("threading")
dine = need(load(), "dine")
stress()

for n, meals in ((5, 8), (3, 8), (7, 5)):
    lock = threading.Lock()
    eating = set()
    meals_eaten = [0] * n
    problems = []

    def eat(i):
        with lock:
            for j in ((i - 1) % n, (i + 1) % n):
                if j in eating:
                    problems.append("philosophers %d and %d ate at the same "
                                    "time but share a fork" % (i, j))
            eating.add(i)
            meals_eaten[i] += 1
        time.sleep(0.001)
        with lock:
            eating.discard(i)

    within(4, "deadlock: the philosophers stopped eating. Each holds one fork "
           "and waits for the next: take the lower-numbered fork first, or "
           "seat at most n-1 at once", dine, n, meals, eat)
    if problems:
        fail(problems[0] + ": eat only while holding both forks")
    if meals_eaten != [meals] * n:
        fail("dine(%d, %d, eat) served meals %r" % (n, meals, meals_eaten))
ok()
