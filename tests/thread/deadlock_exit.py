# The main program ends, but a consumer waits forever on an empty queue:
# reported at exit instead of hanging.
import queue
import threading

q = queue.Queue()


def consumer():
    while True:
        item = q.get()
        print("got", item)


threading.Thread(target=consumer).start()
q.put(1)
