# Lesson 7: semaphores and the bounded buffer.
import threading


class BoundedBuffer:
    def __init__(self, capacity):
        self.items = []
        self.mutex = threading.Lock()
        self.ready = threading.Semaphore(0)         # items waiting to be taken
        self.free = threading.Semaphore(capacity)   # free slots

    def put(self, item):
        self.free.acquire()             # wait for a slot, before the mutex
        with self.mutex:
            self.items.append(item)
        self.ready.release()

    def get(self):
        self.ready.acquire()
        with self.mutex:
            item = self.items.pop(0)
        self.free.release()
        return item


if __name__ == "__main__":
    buf = BoundedBuffer(2)
    done = []
    producer = threading.Thread(target=lambda: [buf.put(i) or done.append(i) for i in range(5)])
    producer.start()
    producer.join(0.2)
    print("puts finished with nobody reading:", done, "(capacity 2)")
    print([buf.get() for _ in range(5)])
