# atomic(): no involuntary switch under the GIL; one process-wide lock,
# given up while its holder blocks, when free-threaded.  Either way the
# read-modify-write below is exact.
import sys
import threading
import time

counter = 0


def inc():
    global counter
    for _ in range(5000):
        with threading.atomic():
            counter += 1


ts = [threading.Thread(target=inc) for _ in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(counter)

# Blocking inside atomic() lets the others in (no deadlock).
ev = threading.Event()
order = []


def inside():
    with threading.atomic():
        order.append("holder waits")
        ev.wait()
        order.append("holder resumes")


def other():
    with threading.atomic():
        order.append("other ran")
        ev.set()


a = threading.Thread(target=inside)
a.start()
while not order:
    time.sleep(0.001)
b = threading.Thread(target=other)
b.start()
a.join()
b.join()
print(order)
with threading.atomic() as at:
    with threading.atomic():
        print("nested", at is not None)
print(type(sys._is_gil_enabled()).__name__, sys.getswitchinterval())
sys.setswitchinterval(0.001)
print(sys.getswitchinterval())
try:
    sys.setswitchinterval(0)
except ValueError as e:
    print("ValueError:", e)
