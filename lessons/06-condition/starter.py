# Lesson 6: condition variables -- producer and consumer.
import threading
import time


class Mailbox:
    """One slot: put() waits while it is full, get() while it is empty."""

    def __init__(self):
        self.item = None
        self.full = False

    def put(self, item):
        while self.full:        # spinning burns a core...
            time.sleep(0)
        time.sleep(0.0001)      # ...and another producer can slip in here
        self.item = item
        self.full = True

    def get(self):
        while not self.full:
            time.sleep(0)
        item = self.item
        self.full = False
        return item


if __name__ == "__main__":
    box = Mailbox()
    got = []
    consumer = threading.Thread(target=lambda: [got.append(box.get()) for _ in range(5)])
    consumer.start()
    for i in range(5):
        box.put(i)
    consumer.join()
    print(got)
