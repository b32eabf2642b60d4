# Condition: wait/notify/notify_all/wait_for with and without timeouts.
import threading
import time

c = threading.Condition()
print(repr(c).startswith("<Condition(<unlocked _thread.RLock object"))
for call in (c.wait, c.notify, c.notify_all):
    try:
        call()
    except RuntimeError as e:
        print("RuntimeError:", e)
with c:
    t0 = time.monotonic()
    print(c.wait(0.05), time.monotonic() - t0 >= 0.04)
    print(c.wait(-1), c.wait_for(lambda: 42, 0.01), c.wait_for(lambda: 0, 0.01))

items = []
cond = threading.Condition(threading.Lock())
consumed = []


def consumer(k):
    while True:
        with cond:
            cond.wait_for(lambda: items)
            v = items.pop(0)
        if v is None:
            return
        consumed.append(v)


cs = [threading.Thread(target=consumer, args=(k,)) for k in range(3)]
for t in cs:
    t.start()
for i in range(300):
    with cond:
        items.append(i)
        cond.notify()
with cond:
    items.extend([None] * 3)
    cond.notify_all()
for t in cs:
    t.join()
print(len(consumed), sorted(consumed) == list(range(300)))

# notify(n) wakes exactly n of the waiters.
ready = threading.Condition()
waiting = 0
woken = []


def sleeper(k):
    global waiting
    with ready:
        waiting += 1
        ready.notify_all()
        if ready.wait(timeout=2):
            woken.append(k)


ss = [threading.Thread(target=sleeper, args=(k,)) for k in range(5)]
for t in ss:
    t.start()
with ready:
    ready.wait_for(lambda: waiting == 5)
    ready.notify(2)
time.sleep(0.1)
print("after notify(2):", len(woken))
with ready:
    ready.notify_all()
for t in ss:
    t.join()
print("after notify_all:", len(woken))

# An RLock-based condition restores the recursion level after wait().
rc = threading.Condition(threading.RLock())
with rc:
    with rc:
        rc.wait(0.01)
        print(rc._is_owned())
    print(rc._is_owned())
print(rc._is_owned())
