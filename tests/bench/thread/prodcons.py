# Producer/consumer through a one-slot buffer guarded by a Condition:
# hand-offs per second.
import threading
import time

DURATION = 1.0
cond = threading.Condition()
slot = []
count = [0]
stop = [False]


def producer():
    i = 0
    while not stop[0]:
        with cond:
            while slot and not stop[0]:
                cond.wait()
            slot.append(i)
            cond.notify()
        i += 1


def consumer():
    while not stop[0]:
        with cond:
            while not slot and not stop[0]:
                cond.wait()
            if slot:
                slot.pop()
                count[0] += 1
            cond.notify()


ts = [threading.Thread(target=producer), threading.Thread(target=consumer)]
t0 = time.perf_counter()
for t in ts:
    t.start()
time.sleep(DURATION)
with cond:
    stop[0] = True
    cond.notify_all()
for t in ts:
    t.join()
print("prodcons_handoffs %.0f /s" % (count[0] / (time.perf_counter() - t0)))
