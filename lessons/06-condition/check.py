from checklib import *  # noqa: F401,F403 (inlined by tools/lessons.py)

need_module("threading")
Mailbox = need(load(), "Mailbox")
stress()

# A consumer waiting on an empty mailbox must sleep, not spin.
box = Mailbox()
got = []
waiter = spawn(lambda: got.append(box.get()))
cpu = time.process_time()
time.sleep(0.3)
spent = time.process_time() - cpu
if got:
    fail("get() on an empty mailbox returned %r instead of waiting" % got)
within(2, "put() into an empty mailbox did not return", box.put, "x")
join_all([waiter], 2, "get() did not wake up after put(): notify the waiters")
if got != ["x"]:
    fail("get() returned %r after put('x')" % got)
if spent > 0.1:
    fail("get() used %.2f s of CPU in 0.3 s of waiting: it spins. Wait on "
         "a threading.Condition instead" % spent)

# A full mailbox makes put() wait.
box = Mailbox()
within(2, "put() into an empty mailbox did not return", box.put, 1)
second = spawn(box.put, 2)
time.sleep(0.1)
if not second.is_alive():
    fail("put() into a full mailbox returned at once; it must wait")
first = within(2, "get() from a full mailbox did not return", box.get)
join_all([second], 2, "the waiting put() did not finish after a get()")
if (first, within(2, "get() did not return", box.get)) != (1, 2):
    fail("the mailbox gave the items in the wrong order")

# Three producers, three consumers, nothing lost or duplicated.
box = Mailbox()
received = [[] for _ in range(3)]


def produce(p):
    for i in range(100):
        box.put((p, i))


def consume(out):
    for _ in range(100):
        out.append(box.get())


threads = [spawn(produce, p) for p in range(3)]
threads += [spawn(consume, r) for r in received]
join_all(threads, 3, "3 producers and 3 consumers did not finish within 3 s: "
         "an item was lost (two producers filled the slot at once) or a "
         "wake-up was missed. Check and update under the Condition's lock "
         "and notify_all() after each change")
items = sorted(x for r in received for x in r)
if items != sorted((p, i) for p in range(3) for i in range(100)):
    fail("items were lost or delivered twice: two threads used the slot at "
         "the same time. Check and update it under the Condition's lock")
ok()
