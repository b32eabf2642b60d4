# Four threads allocate heavily (many collections) while the main thread
# blocks in join and sleep: the collector never waits for a blocked thread
# and a thread spinning in a loop reaches safepoints.
import threading
import time


def churn(k):
    keep = []
    for i in range(30000):
        keep.append([i, str(i), (i, k)])
        if len(keep) > 500:
            keep = keep[250:]
    return len(keep)


spin_stop = threading.Event()
spins = [0]


def spinner():
    n = 0
    while not spin_stop.is_set():
        n += 1
    spins[0] = n


s = threading.Thread(target=spinner)
s.start()
ts = [threading.Thread(target=churn, args=(k,)) for k in range(4)]
for t in ts:
    t.start()
time.sleep(0.01)
for t in ts:
    t.join()
spin_stop.set()
s.join()
print("done", spins[0] > 0)
