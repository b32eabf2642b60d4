# _thread and threading locks: every call, its errors and timeouts.
import _thread
import threading
import time

lock = _thread.allocate_lock()
print(type(lock) is _thread.LockType, repr(lock).startswith("<unlocked _thread.lock object at"))
print(lock.acquire(), lock.locked(), repr(lock).startswith("<locked"))
print(lock.acquire(False), lock.acquire(blocking=False))
t0 = time.monotonic()
print(lock.acquire(timeout=0.05), time.monotonic() - t0 >= 0.04)
print(lock.acquire(True, 0.01))
lock.release()
print(lock.locked())
for bad in [dict(blocking=False, timeout=1), dict(timeout=-2)]:
    try:
        lock.acquire(**bad)
    except ValueError as e:
        print("ValueError:", e)
try:
    lock.acquire(timeout=_thread.TIMEOUT_MAX * 2)
except OverflowError as e:
    print("OverflowError")
try:
    lock.release()
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    _thread.LockType()
except TypeError as e:
    print("TypeError")
with lock:
    print("inside", lock.locked())
print("outside", lock.locked())
print(lock.acquire_lock(), lock.locked_lock())
lock.release_lock()
print(_thread.TIMEOUT_MAX, _thread.error is RuntimeError, threading.ThreadError is RuntimeError)

r = threading.RLock()
print(r.acquire(), r.acquire(), r._is_owned())
print(repr(r).split(" owner=")[0], "count=2" in repr(r))
r.release()
r.release()
print(r._is_owned(), "count=0" in repr(r))
try:
    r.release()
except RuntimeError as e:
    print("RuntimeError:", e)
with r:
    with r:
        print("nested ok")

# An RLock held by another thread can't be released here and times out.
held = threading.Event()
done = threading.Event()


def holder():
    with r:
        held.set()
        done.wait()


h = threading.Thread(target=holder)
h.start()
held.wait()
try:
    r.release()
except RuntimeError as e:
    print("RuntimeError:", e)
print(r.acquire(timeout=0.02), r.acquire(blocking=False))
done.set()
h.join()
print(r.acquire(timeout=1))
r.release()

# A plain Lock may be released by another thread (a signal).
sig = _thread.allocate_lock()
sig.acquire()
_thread.start_new_thread(sig.release, ())
print(sig.acquire(timeout=5))

for bad in [(1, ()), (print, []), (print, (), 1)]:
    try:
        _thread.start_new_thread(*bad)
    except TypeError as e:
        print("TypeError:", e)
print(_thread.stack_size())
print(_thread.stack_size(1 << 20), _thread.stack_size(0))
try:
    _thread.stack_size(100)
except ValueError as e:
    print("ValueError:", e)
print(type(_thread.get_ident()).__name__, type(_thread.get_native_id()).__name__)


def quits():
    _thread.exit()
    print("not reached")


gone = _thread.allocate_lock()
gone.acquire()


def quits_then_signals():
    try:
        quits()
    except SystemExit:
        gone.release()
        raise


_thread.start_new_thread(quits_then_signals, ())
print(gone.acquire(timeout=5))
