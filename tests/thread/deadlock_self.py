# A single thread acquires a Lock it already holds.
import threading

lock = threading.Lock()
print("acquiring twice")
lock.acquire()
lock.acquire()
