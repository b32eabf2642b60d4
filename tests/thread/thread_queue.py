# queue: every queue kind, blocking, timeouts, task_done/join.
import queue
import threading
import time

q = queue.Queue()
for i in range(5):
    q.put(i)
print(q.qsize(), q.empty(), q.full(), [q.get() for _ in range(5)])
lq = queue.LifoQueue()
pq = queue.PriorityQueue()
for x in [5, 1, 4, 1, 5, 9, 2, 6, 5, 3]:
    lq.put(x)
    pq.put((x, str(x)))
print([lq.get() for _ in range(10)])
print([pq.get()[0] for _ in range(10)])
try:
    q.get_nowait()
except queue.Empty:
    print("Empty")
t0 = time.monotonic()
try:
    q.get(timeout=0.03)
except queue.Empty:
    print("Empty after timeout", time.monotonic() - t0 >= 0.025)
small = queue.Queue(maxsize=2)
small.put(1)
small.put_nowait(2)
print(small.full())
try:
    small.put(3, block=False)
except queue.Full:
    print("Full")
try:
    small.put(3, timeout=0.02)
except queue.Full:
    print("Full after timeout")
for bad in (lambda: small.put(3, timeout=-1), lambda: q.get(timeout=-1)):
    try:
        bad()
    except ValueError as e:
        print("ValueError:", e)

# Producers and consumers through a bounded queue; task_done/join.
work = queue.Queue(maxsize=3)
results = []
lock = threading.Lock()


def consumer():
    while True:
        item = work.get()
        if item is None:
            work.task_done()
            return
        with lock:
            results.append(item * item)
        work.task_done()


def producer(base):
    for i in range(50):
        work.put(base + i)


cons = [threading.Thread(target=consumer) for _ in range(3)]
prods = [threading.Thread(target=producer, args=(k * 100,)) for k in range(4)]
for t in cons + prods:
    t.start()
for t in prods:
    t.join()
work.join()
print(len(results), sum(results))
for _ in cons:
    work.put(None)
for t in cons:
    t.join()
try:
    work.task_done()
except ValueError as e:
    print("ValueError:", e)

sq = queue.SimpleQueue()
print(sq.empty())
threading.Thread(target=lambda: [sq.put(i) for i in range(100)]).start()
print(sum(sq.get(timeout=5) for _ in range(100)), sq.empty(), sq.qsize())
try:
    sq.get(timeout=0.01)
except queue.Empty:
    print("SimpleQueue Empty")
