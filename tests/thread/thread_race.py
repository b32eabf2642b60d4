# `counter += 1` is not atomic: threads may lose updates (the lesson), but
# never more than all of them; with a Lock the count is exact.
import threading

counter = 0
safe = 0
lock = threading.Lock()


def unsafe_inc():
    global counter
    for _ in range(20000):
        counter += 1


def safe_inc():
    global safe
    for _ in range(20000):
        with lock:
            safe += 1


ts = [threading.Thread(target=f) for f in (unsafe_inc, safe_inc) for _ in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(0 < counter <= 80000, safe)
