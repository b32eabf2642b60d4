# Thread start + join per second.
import threading
import time

N = 2000


def nothing():
    pass


t0 = time.perf_counter()
for _ in range(N):
    t = threading.Thread(target=nothing)
    t.start()
    t.join()
print("start_join %.0f /s" % (N / (time.perf_counter() - t0)))
