# Responsiveness: a thread sleeps 1 ms in a loop while two CPU-bound threads
# run; how late does it wake up (p50, p99 in ms)?
import threading
import time

stop = [False]


def cpu():
    x = 0
    while not stop[0]:
        x += 1


def sleeper(out):
    for _ in range(300):
        t0 = time.perf_counter()
        time.sleep(0.001)
        out.append((time.perf_counter() - t0 - 0.001) * 1000)


lat = []
cpus = [threading.Thread(target=cpu) for _ in range(2)]
for t in cpus:
    t.start()
s = threading.Thread(target=sleeper, args=(lat,))
s.start()
s.join()
stop[0] = True
for t in cpus:
    t.join()
lat.sort()
print("wakeup_p50 %.3f ms" % lat[len(lat) // 2])
print("wakeup_p99 %.3f ms" % lat[len(lat) * 99 // 100])
