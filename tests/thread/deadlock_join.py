# The main thread joins a worker that waits for an RLock the main thread
# holds: a cycle through a join.
import threading

r = threading.RLock()
with r:
    w = threading.Thread(target=lambda: r.acquire(), name="worker")
    w.start()
    w.join()
