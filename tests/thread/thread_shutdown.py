# The program ends after its non-daemon threads; daemon threads are dropped.
import threading
import time


def slow():
    time.sleep(0.05)
    print("worker done")


def forever():
    while True:
        time.sleep(0.01)


threading.Thread(target=forever, daemon=True).start()
threading.Thread(target=slow).start()
print("main done")
