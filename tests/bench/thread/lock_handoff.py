# Two threads pass the turn back and forth through two Locks (each released
# by the other thread): hand-offs per second.
import threading
import time

ROUNDS = 20000
a = threading.Lock()
b = threading.Lock()
a.acquire()
b.acquire()


def ping():
    for _ in range(ROUNDS):
        a.acquire()
        b.release()


def pong():
    for _ in range(ROUNDS):
        a.release()
        b.acquire()


t0 = time.perf_counter()
ts = [threading.Thread(target=ping), threading.Thread(target=pong)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("lock_handoffs %.0f /s" % (2 * ROUNDS / (time.perf_counter() - t0)))
