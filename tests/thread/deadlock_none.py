# Not deadlocks: a plain Lock held by the main thread is released by a
# third thread while the main thread joins the thread waiting for it; a
# thread waits for a Lock it holds itself until another thread releases it.
import threading
import time

a = threading.Lock()
a.acquire()
got = []
waiter = threading.Thread(target=lambda: got.append(a.acquire()))
releaser = threading.Thread(target=lambda: (time.sleep(0.05), a.release()))
waiter.start()
releaser.start()
waiter.join()
releaser.join()
print("waiter got the lock:", got)

b = threading.Lock()
b.acquire()
threading.Timer(0.05, b.release).start()
print("acquired own lock after release:", b.acquire())

# Waits with a timeout never count as deadlocked.
c = threading.Lock()
c.acquire()
print(c.acquire(timeout=0.05))
